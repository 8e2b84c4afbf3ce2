//! Operations: request types, error types and the client's methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Layout;
use super::models::{field_type, redacted_debug};
use super::{docs, ident, rust_type, Uses};
use crate::ir::{Body, Field, Operation, ParamSource, Response, Service, StatusMatch, TypeRef};

/// Emits the operations file of a service.
pub fn emit(service: &Service) -> TokenStream {
    let mut uses = Uses::default();
    for op in &service.operations {
        uses.local
            .extend(op.body.iter().filter_map(|b| b.enum_name.clone()));
    }
    let client = ident(&service.client_name);
    let layout = Layout::new(&service.types);
    let types = service
        .operations
        .iter()
        .map(|op| op_types(service, op, &layout, &mut uses))
        .collect::<Vec<_>>();
    let methods = service
        .operations
        .iter()
        .map(|op| super::method::method(op, &layout, &mut uses))
        .collect::<Vec<_>>();
    let models = uses.models.then(|| {
        quote!(
            use super::models::*;
        )
    });
    quote! {
        //! Operations: request and error types, and the client's methods.
        #models
        use super::#client;
        use crate::runtime;

        #(#types)*

        impl #client {
            #(#methods)*
        }
    }
}

/// The caller-supplied fields of an operation's request struct.
pub(super) fn request_fields(op: &Operation) -> Vec<Field> {
    let mut fields = op
        .params
        .iter()
        .filter(|p| p.source == ParamSource::Request)
        .map(|p| Field {
            name: p.name.clone(),
            wire_name: p.name.trim_start_matches("r#").to_owned(),
            docs: p.docs.clone(),
            ty: p.ty.clone(),
            required: p.required,
            sensitive: p.sensitive,
        })
        .collect::<Vec<_>>();
    if let Some(body) = &op.body {
        let ty = match (&body.enum_name, body.variants.first()) {
            (Some(name), _) => TypeRef::Named(name.clone()),
            // An absent optional body is already `None`; `null` adds nothing a caller needs.
            (None, Some(only)) => match &only.ty {
                TypeRef::Nullable(inner) => (**inner).clone(),
                other => other.clone(),
            },
            (None, None) => TypeRef::Json,
        };
        fields.push(Field {
            name: "body".into(),
            wire_name: "body".into(),
            docs: body.docs.clone().or_else(|| Some("Request body.".into())),
            ty,
            required: body.required,
            sensitive: false,
        });
    }
    fields
}

/// Rust type of a success result: one type, or an enum per status when they differ.
pub(super) fn success_type(op: &Operation, uses: &mut Uses) -> TokenStream {
    let successes = successes(op);
    if needs_response_enum(&successes) {
        let name = ident(&op.response_type);
        quote!(#name)
    } else {
        match successes.first().and_then(|r| r.body.as_ref()) {
            Some(ty) => rust_type(ty, uses),
            None => quote!(()),
        }
    }
}

pub(super) fn successes(op: &Operation) -> Vec<&Response> {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect()
}

pub(super) fn needs_response_enum(successes: &[&Response]) -> bool {
    successes.windows(2).any(|w| w[0].body != w[1].body)
}

/// The type an enum variant holds: `ty`, boxed when it is large.
fn payload(layout: &Layout<'_>, ty: &TypeRef, uses: &mut Uses) -> TokenStream {
    let rust = rust_type(ty, uses);
    if layout.should_box(ty) {
        quote!(Box<#rust>)
    } else {
        rust
    }
}

fn op_types(
    service: &Service,
    op: &Operation,
    layout: &Layout<'_>,
    uses: &mut Uses,
) -> TokenStream {
    let link = format!(
        " [`{}::{}`].",
        service.client_name,
        op.fn_name.trim_start_matches("r#")
    );
    let fields = request_fields(op);
    let request = (!fields.is_empty()).then(|| request_struct(op, &fields, &link, uses));

    let error_name = ident(&op.error_type);
    let error_doc = format!(" Error responses documented for{link}");
    let variants = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .map(|r| {
            let doc = status_doc(r);
            let v = ident(&r.variant);
            match &r.body {
                Some(ty) => {
                    let ty = payload(layout, ty, uses);
                    quote! { #doc #v(#ty), }
                }
                None => quote! { #doc #v, },
            }
        });
    let error = quote! {
        #[doc = #error_doc]
        ///
        /// The status, request id and raw body are on [`runtime::ServiceError`].
        #[derive(Debug, Clone, PartialEq)]
        pub enum #error_name {
            #(#variants)*
            /// A status the API does not document, or a body that does not match the documented
            /// schema.
            Other,
        }
    };

    let successes = successes(op);
    let response = needs_response_enum(&successes).then(|| {
        let name = ident(&op.response_type);
        let doc = format!(" Successful responses of{link}");
        let variants = successes.iter().map(|r| {
            let doc = status_doc(r);
            let v = ident(&r.variant);
            match &r.body {
                Some(ty) => {
                    let ty = payload(layout, ty, uses);
                    quote! { #doc #v(#ty), }
                }
                None => quote! { #doc #v, },
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants)*
            }
        }
    });
    let body_enum = op
        .body
        .as_ref()
        .and_then(|b| body_enum(b, &link, layout, uses));
    quote! { #body_enum #request #error #response }
}

/// The enum over a body's media types, when there are several.
fn body_enum(body: &Body, link: &str, layout: &Layout<'_>, uses: &mut Uses) -> Option<TokenStream> {
    let name = ident(body.enum_name.as_deref()?);
    let doc = format!(" Request body of{link} One variant per media type.");
    let variants = body.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = payload(layout, &v.ty, uses);
        let vdoc = format!(" Sent as `{}`.", v.content_type);
        quote! { #[doc = #vdoc] #vname(#ty), }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn status_doc(r: &Response) -> TokenStream {
    let label = match r.status {
        StatusMatch::Code(c) => format!("Status {c}"),
        StatusMatch::Range(n) => format!("Status {n}xx"),
        StatusMatch::Default => "Any other status".to_owned(),
    };
    let text = match &r.docs {
        Some(d) => format!("{label}: {d}"),
        None => format!("{label}."),
    };
    docs(Some(&text))
}

fn request_struct(op: &Operation, fields: &[Field], link: &str, uses: &mut Uses) -> TokenStream {
    let name = op.request_type.clone();
    let name_ident = ident(&name);
    let doc = format!(" Parameters of{link}");
    let decls = fields.iter().map(|f| {
        let doc = docs(f.docs.as_deref());
        let fname = ident(&f.name);
        let (ty, _) = field_type(f);
        quote! { #doc pub #fname: #ty, }
    });
    for f in fields {
        rust_type(&f.ty, uses);
    }
    let sensitive = fields.iter().any(|f| f.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(Debug,));
    let default_derive = fields.iter().all(|f| !f.required).then(|| quote!(Default,));
    let derive = quote!(#[derive(#debug_derive Clone, PartialEq, #default_derive)]);
    let debug = sensitive.then(|| redacted_debug(&name, fields, false));

    let required = fields.iter().filter(|f| f.required).collect::<Vec<_>>();
    let args = required.iter().map(|f| {
        let fname = ident(&f.name);
        if f.ty == TypeRef::String {
            quote!(#fname: impl Into<String>)
        } else {
            let ty = rust_type(&f.ty, uses);
            quote!(#fname: #ty)
        }
    });
    let inits = fields.iter().map(|f| {
        let fname = ident(&f.name);
        match (f.required, &f.ty) {
            (true, TypeRef::String) => quote!(#fname: #fname.into(),),
            (true, _) => quote!(#fname,),
            (false, _) => quote!(#fname: None,),
        }
    });
    quote! {
        #[doc = #doc]
        #derive
        pub struct #name_ident {
            #(#decls)*
        }
        #debug

        impl #name_ident {
            /// A request with the required fields set and the optional ones unset.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
        }
    }
}
