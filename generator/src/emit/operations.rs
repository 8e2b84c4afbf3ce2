//! Operations: request types, error types and the client's methods.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::models::{field_type, redacted_debug};
use super::{docs, ident, rust_type, Uses};
use crate::ir::{
    Field, Method, Operation, Param, ParamLocation, ParamSource, Response, Service, StatusMatch,
    TypeRef,
};

/// Emits the operations file of a service.
pub fn emit(service: &Service) -> TokenStream {
    let mut uses = Uses::default();
    let client = ident(&service.client_name);
    let types = service
        .operations
        .iter()
        .map(|op| op_types(service, op, &mut uses))
        .collect::<Vec<_>>();
    let methods = service
        .operations
        .iter()
        .map(|op| method(op, &mut uses))
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
fn request_fields(op: &Operation) -> Vec<Field> {
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
        fields.push(Field {
            name: "body".into(),
            wire_name: "body".into(),
            docs: body.docs.clone().or_else(|| Some("Request body.".into())),
            ty: body.ty.clone(),
            required: body.required,
            sensitive: false,
        });
    }
    fields
}

/// Rust type of a success result: one type, or an enum per status when they differ.
fn success_type(op: &Operation, uses: &mut Uses) -> TokenStream {
    let successes = successes(op);
    if needs_response_enum(&successes) {
        let name = format_ident!("{}Response", op.type_prefix);
        quote!(#name)
    } else {
        match successes.first().and_then(|r| r.body.as_ref()) {
            Some(ty) => rust_type(ty, uses),
            None => quote!(()),
        }
    }
}

fn successes(op: &Operation) -> Vec<&Response> {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect()
}

fn needs_response_enum(successes: &[&Response]) -> bool {
    successes.windows(2).any(|w| w[0].body != w[1].body)
}

fn op_types(service: &Service, op: &Operation, uses: &mut Uses) -> TokenStream {
    let link = format!(
        " [`{}::{}`].",
        service.client_name,
        op.fn_name.trim_start_matches("r#")
    );
    let fields = request_fields(op);
    let request = (!fields.is_empty()).then(|| request_struct(op, &fields, &link, uses));

    let error_name = format_ident!("{}Error", op.type_prefix);
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
                    let ty = rust_type(ty, uses);
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
        let name = format_ident!("{}Response", op.type_prefix);
        let doc = format!(" Successful responses of{link}");
        let variants = successes.iter().map(|r| {
            let doc = status_doc(r);
            let v = ident(&r.variant);
            match &r.body {
                Some(ty) => {
                    let ty = rust_type(ty, uses);
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
    quote! { #request #error #response }
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
    let name = format!("{}Request", op.type_prefix);
    let name_ident = ident(&name);
    let doc = format!(" Parameters of{link}");
    let decls = fields.iter().map(|f| {
        let doc = docs(f.docs.as_deref());
        let fname = ident(&f.name);
        let (ty, _) = field_type(f);
        quote! { #doc pub #fname: #ty, }
    });
    if fields.iter().any(|f| matches!(f.ty, TypeRef::Named(_))) {
        uses.models = true;
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

fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Options => quote!(OPTIONS),
        Method::Head => quote!(HEAD),
        Method::Patch => quote!(PATCH),
        Method::Trace => quote!(TRACE),
    }
}

/// Expression that renders a parameter value (a place or a reference) as a `String`.
fn to_text(value: &TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#value.clone()),
        _ => quote!(#value.to_string()),
    }
}

/// Statements that add one parameter to `http`.
fn param_stmt(p: &Param) -> TokenStream {
    let wire = &p.wire_name;
    let field = ident(&p.name);
    if let ParamSource::Credential(key) = &p.source {
        return match p.location {
            ParamLocation::Path => {
                quote! { http.path_param(#wire, self.client.credential(#key)?); }
            }
            // Header and query credentials are added by the runtime's authentication.
            _ => TokenStream::new(),
        };
    }
    // `value` names the parameter's value: the field itself, or a reference to it.
    let (value, reference) = if p.required {
        (quote!(request.#field), quote!(&request.#field))
    } else {
        (quote!(value), quote!(value))
    };
    let stmt = match (&p.ty, p.location) {
        (TypeRef::Vec(item), ParamLocation::Query) => {
            let text = to_text(&quote!(item), item);
            quote! { for item in #reference { http.query(#wire, #text); } }
        }
        (TypeRef::Vec(item), location) => {
            let text = match &**item {
                TypeRef::String => quote!(#value.join(",")),
                _ => quote!(#value.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")),
            };
            match location {
                ParamLocation::Path => quote! { http.path_param(#wire, &#text); },
                _ => quote! { http.header(#wire, #text); },
            }
        }
        (TypeRef::String, ParamLocation::Path) => quote! { http.path_param(#wire, #reference); },
        (_, ParamLocation::Path) => quote! { http.path_param(#wire, &#value.to_string()); },
        (ty, ParamLocation::Query) => {
            let text = to_text(&value, ty);
            quote! { http.query(#wire, #text); }
        }
        (ty, ParamLocation::Header) => {
            let text = to_text(&value, ty);
            quote! { http.header(#wire, #text); }
        }
    };
    if p.required {
        stmt
    } else {
        quote! { if let Some(value) = &request.#field { #stmt } }
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Range(n) => {
            let lo = Literal::u16_unsuffixed(n * 100);
            let hi = Literal::u16_unsuffixed(n * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn method(op: &Operation, uses: &mut Uses) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let error_name = format_ident!("{}Error", op.type_prefix);
    let output = success_type(op, uses);
    let has_request = !request_fields(op).is_empty();
    let arg = has_request.then(|| {
        let req = format_ident!("{}Request", op.type_prefix);
        quote!(request: #req)
    });
    let http_method = method_tokens(op.method);
    let path = &op.path;
    let params = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .chain(
            op.params
                .iter()
                .filter(|p| p.location != ParamLocation::Path),
        )
        .map(param_stmt);
    let body = op.body.as_ref().map(|b| {
        let ct = &b.content_type;
        if b.required {
            quote! { http.json_body(#ct, &request.body)?; }
        } else {
            quote! { if let Some(body) = &request.body { http.json_body(#ct, body)?; } }
        }
    });

    let mut ordered = op.responses.iter().collect::<Vec<_>>();
    ordered.sort_by_key(|r| r.status);
    let enum_response = needs_response_enum(&successes(op));
    let arms = ordered.iter().map(|r| {
        let pat = status_pattern(r.status);
        let v = ident(&r.variant);
        if r.status.is_success() {
            match (&r.body, enum_response) {
                (Some(_), false) => quote! { #pat => response.json(), },
                (None, false) => quote! { #pat => Ok(()), },
                (Some(_), true) => {
                    let resp = format_ident!("{}Response", op.type_prefix);
                    quote! { #pat => response.json().map(#resp::#v), }
                }
                (None, true) => {
                    let resp = format_ident!("{}Response", op.type_prefix);
                    quote! { #pat => Ok(#resp::#v), }
                }
            }
        } else if r.body.is_some() {
            quote! { #pat => Err(response.into_typed_error(#error_name::#v, #error_name::Other)), }
        } else {
            quote! { #pat => Err(response.into_error(#error_name::#v)), }
        }
    });
    let fallback = (!op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default))
    .then(|| quote! { _ => Err(response.into_error(#error_name::Other)), });

    let mut doc_text = String::new();
    if let Some(s) = &op.summary {
        doc_text.push_str(s.trim());
        doc_text.push_str("\n\n");
    }
    if let Some(d) = &op.description {
        doc_text.push_str(d.trim());
        doc_text.push_str("\n\n");
    }
    doc_text.push_str(&format!("`{} {}`", method_name(op.method), op.path));
    if let Some(id) = &op.id {
        doc_text.push_str(&format!(" ({id})"));
    }
    if let Some(p) = &op.permission {
        doc_text.push_str(&format!("\n\nRequired permission: `{p}`."));
    }
    let doc = docs(Some(&doc_text));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let params = params.collect::<Vec<_>>();
    let mutable = (params.iter().any(|p| !p.is_empty()) || body.is_some()).then(|| quote!(mut));
    quote! {
        #doc
        #deprecated
        pub async fn #fn_name(&self, #arg) -> Result<#output, runtime::Error<#error_name>> {
            let #mutable http = runtime::Request::new(runtime::Method::#http_method, #path);
            #(#params)*
            #body
            let response = self.client.send(http).await?;
            match response.status() {
                #(#arms)*
                #fallback
            }
        }
    }
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Trace => "TRACE",
    }
}
