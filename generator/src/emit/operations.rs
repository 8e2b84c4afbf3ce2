//! Operations: request types, error types and the client's methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructor::new_fn;
use super::layout::Layout;
use super::method_text;
use super::parallel::{render_items, Rendered};
use super::structs::{field_type, redacted_debug};
use super::{cfg_of_users, docs, ident, render, rust_type, Uses};
use crate::ir::{
    Body, BodyEncoding, Field, Operation, ParamSource, Response, Service, SharedError, StatusMatch,
    TypeRef,
};

/// Emits the operations file of a service: per operation, its types and then its method.
pub fn emit(service: &Service) -> Result<String, String> {
    let local = service
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref()?.enum_name.clone())
        .collect::<rustc_hash::FxHashSet<_>>();
    let client = ident(&service.client_name);
    let model_users = service
        .operations
        .iter()
        .filter(|op| refers_to_models(op, &local))
        .map(|op| op.features.as_slice())
        .collect::<Vec<_>>();
    let models = (!model_users.is_empty()).then(|| {
        let cfg = cfg_of_users(model_users);
        quote!(
            #cfg
            use super::models::*;
        )
    });
    let cfg = cfg_of_users(service.operations.iter().map(|op| op.features.as_slice()));
    let header = render(quote! {
        //! Operations: request and error types, and the client's methods.
        #models
        #cfg
        use super::#client;
        #cfg
        use crate::runtime;
    })?;
    let init = || {
        let uses = Uses {
            models: false,
            local: local.clone(),
        };
        (Layout::new(&service.types), uses)
    };
    // Each shared error enum is built with any of the operations that use it.
    let shared = service
        .shared_errors
        .iter()
        .map(|e| {
            let users = service
                .operations
                .iter()
                .filter(|op| op.shared_error.as_ref() == Some(&e.name))
                .collect::<Vec<_>>();
            let features = if users.iter().any(|op| op.features.is_empty()) {
                Vec::new()
            } else {
                let all = users.iter().flat_map(|op| op.features.iter().cloned());
                all.collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect()
            };
            (e, users, features)
        })
        .collect::<Vec<_>>();
    let shared = render_items(
        String::new(),
        &shared,
        init,
        |(layout, uses), (e, users, features)| {
            Rendered::Tokens(shared_error(service, e, users, features, layout, uses))
        },
        |(_, _, features)| features,
    )?;
    let head = if shared.is_empty() {
        format!("{header}\n")
    } else {
        format!("{header}\n{shared}\n")
    };
    render_items(
        head,
        &service.operations,
        init,
        |(layout, uses), op| {
            // Text is written for items built with every feature only.
            Rendered::Parts(operation(service, op, layout, uses, op.features.is_empty()))
        },
        |op| &op.features,
    )
}

/// Whether an operation refers to a model type (and the file needs `use super::models::*`).
fn refers_to_models(op: &Operation, local: &rustc_hash::FxHashSet<String>) -> bool {
    fn named(ty: &TypeRef, local: &rustc_hash::FxHashSet<String>) -> bool {
        match ty {
            TypeRef::Named(n) => !local.contains(n),
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
                named(t, local)
            }
            TypeRef::Tuple(items) => items.iter().any(|t| named(t, local)),
            _ => false,
        }
    }
    op.params
        .iter()
        .any(|p| p.source == ParamSource::Request && named(&p.ty, local))
        || op
            .body
            .iter()
            .flat_map(|b| &b.variants)
            .any(|v| named(&v.ty, local))
        || op
            .responses
            .iter()
            .filter_map(|r| r.body.as_ref())
            .any(|t| named(t, local))
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
            constraints: p.constraints.clone(),
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
            constraints: Default::default(),
        });
    }
    fields
}

/// Rust type of a success result: one type, or an enum per status when they differ.
pub(super) fn success_type(op: &Operation, uses: &mut Uses) -> TokenStream {
    let successes = successes(op);
    let body = if needs_response_enum(&successes) {
        let name = ident(&op.response_type);
        quote!(#name)
    } else {
        match successes.first().and_then(|r| r.body.as_ref()) {
            Some(ty) => rust_type(ty, uses),
            None => quote!(()),
        }
    };
    // With documented headers, the body comes with them.
    match &op.headers {
        Some(h) => {
            let headers = ident(&h.type_name);
            quote!((#body, #headers))
        }
        None => body,
    }
}

/// The struct holding the documented headers of successful answers, and its reader.
fn headers_struct(op: &Operation, link: &str, uses: &mut Uses) -> Option<TokenStream> {
    let h = op.headers.as_ref()?;
    let name = ident(&h.type_name);
    let doc = format!(" Headers documented for the successful answers of{link}");
    let fields = h.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = rust_type(&f.ty, uses);
        let fdoc = docs(Some(f.docs.as_deref().unwrap_or(&format!("`{}`", f.wire))));
        quote! { #fdoc pub #fname: Option<#ty>, }
    });
    let reads = h.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        quote! { #fname: response.header_as(#wire), }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Reads the headers of an answer; one that is absent or unreadable is `None`.
            fn read(response: &runtime::Response) -> Self {
                Self { #(#reads)* }
            }
        }
    })
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

/// The paragraph that states the boxing rule in the docs of a body enum, when some of its
/// variants are boxed.
fn box_rule<'t>(layout: &Layout<'_>, mut bodies: impl Iterator<Item = &'t TypeRef>) -> TokenStream {
    if bodies.any(|ty| layout.boxes_body(ty)) {
        quote! {
            ///
            /// Bodies that are structs or unions are held in a `Box`, whatever their size.
        }
    } else {
        TokenStream::new()
    }
}

/// The type a body enum's variant holds: `ty`, boxed by [`Layout::boxes_body`].
fn payload(layout: &Layout<'_>, ty: &TypeRef, uses: &mut Uses) -> TokenStream {
    let rust = rust_type(ty, uses);
    if layout.boxes_body(ty) {
        quote!(Box<#rust>)
    } else {
        rust
    }
}

/// The items of one operation, in order: its types, then the client's method. With `text`,
/// the common shapes are written as text (see [`super::method_text`]).
pub(super) fn operation(
    service: &Service,
    op: &Operation,
    layout: &Layout<'_>,
    uses: &mut Uses,
    text: bool,
) -> Vec<Rendered> {
    let link = format!(
        " [`{}::{}`].",
        service.client_name,
        op.fn_name.trim_start_matches("r#")
    );
    let text_or = |written: Option<String>, tokens: &mut dyn FnMut() -> TokenStream| match written
        .filter(|_| text)
    {
        Some(written) => Rendered::Text(written),
        None => Rendered::Tokens(tokens()),
    };
    let mut parts = Vec::new();
    let body_enum = op
        .body
        .as_ref()
        .and_then(|b| body_enum(b, &link, layout, uses));
    parts.extend(body_enum.map(Rendered::Tokens));
    let fields = request_fields(op);
    if !fields.is_empty() {
        let written = text.then(|| method_text::request_struct(op, &fields, &link));
        parts.push(text_or(written.flatten(), &mut || {
            request_struct(op, &fields, &link, uses)
        }));
    }
    let written = match &op.shared_error {
        Some(shared) if text => method_text::error_alias(op, shared, &link),
        _ => None,
    };
    parts.push(text_or(written, &mut || {
        error_type(op, &link, layout, uses)
    }));
    parts.extend(response_types(op, &link, layout, uses).map(Rendered::Tokens));
    let written = text.then(|| method_text::method(&service.client_name, op));
    parts.push(text_or(written.flatten(), &mut || {
        let client = ident(&service.client_name);
        let method = super::method::method(op, layout, uses);
        quote! {
            impl #client {
                #method
            }
        }
    }));
    parts
}

/// The error type of an operation: an alias of a shared one, or its own enum.
fn error_type(op: &Operation, link: &str, layout: &Layout<'_>, uses: &mut Uses) -> TokenStream {
    match &op.shared_error {
        Some(shared) => {
            let name = ident(&op.error_type);
            let target = ident(shared);
            let first = format!(
                " Error responses documented for{}:",
                link.trim_end_matches('.')
            );
            let second = format!(" those of [`{shared}`], which other operations document too.");
            quote! {
                #[doc = #first]
                #[doc = #second]
                pub type #name = #target;
            }
        }
        None => {
            let doc = format!(" Error responses documented for{link}");
            let errors = errors(&op.responses);
            error_enum(
                &op.error_type,
                &quote!(#[doc = #doc]),
                &errors,
                layout,
                uses,
            )
        }
    }
}

/// The enum of an operation's successful responses, when they differ, and the struct of the
/// headers documented for them.
fn response_types(
    op: &Operation,
    link: &str,
    layout: &Layout<'_>,
    uses: &mut Uses,
) -> Option<TokenStream> {
    let successes = successes(op);
    let response = needs_response_enum(&successes).then(|| {
        let name = ident(&op.response_type);
        let doc = format!(" Successful responses of{link}");
        let variants = successes
            .iter()
            .map(|r| status_variant(r, layout, uses))
            .collect::<Vec<_>>();
        let rule = box_rule(layout, successes.iter().filter_map(|r| r.body.as_ref()));
        quote! {
            #[doc = #doc]
            #rule
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants)*
            }
        }
    });
    let headers = headers_struct(op, link, uses);
    (response.is_some() || headers.is_some()).then(|| quote! { #response #headers })
}

/// The error responses among `responses`.
fn errors(responses: &[Response]) -> Vec<&Response> {
    responses
        .iter()
        .filter(|r| !r.status.is_success())
        .collect()
}

/// An enum shared by the operations that document the same error responses, built with the
/// `features` of any of them.
fn shared_error(
    service: &Service,
    shared: &SharedError,
    users: &[&Operation],
    features: &[String],
    layout: &Layout<'_>,
    uses: &mut Uses,
) -> TokenStream {
    // The docs link to one of the operations that is built whenever the enum is.
    let example = users.iter().find(|op| {
        let mut own = op.features.clone();
        own.sort();
        own == features
    });
    let doc = match example {
        Some(op) => {
            let count = format!(
                " Error responses that {} operations document alike, such as",
                users.len()
            );
            let example = format!(
                " [`{}::{}`]; their error types are aliases of this one.",
                service.client_name,
                op.fn_name.trim_start_matches("r#")
            );
            quote!(#[doc = #count] #[doc = #example])
        }
        None => {
            let text = format!(
                " Error responses that {} operations document alike; their error types are \
                 aliases of this one.",
                users.len()
            );
            quote!(#[doc = #text])
        }
    };
    let errors = shared.responses.iter().collect::<Vec<_>>();
    error_enum(&shared.name, &doc, &errors, layout, uses)
}

/// An error enum, a variant per documented error status and `Other`, and its reader (the
/// runtime's `OperationError`): statuses in order, the specific before the ranges.
fn error_enum(
    name: &str,
    doc: &TokenStream,
    errors: &[&Response],
    layout: &Layout<'_>,
    uses: &mut Uses,
) -> TokenStream {
    let name = ident(name);
    let variants = errors
        .iter()
        .map(|r| status_variant(r, layout, uses))
        .collect::<Vec<_>>();
    let rule = box_rule(layout, errors.iter().filter_map(|r| r.body.as_ref()));
    let mut ordered = errors.to_vec();
    ordered.sort_by_key(|r| r.status);
    let mut arms = ordered
        .iter()
        .map(|r| {
            let pat = super::method::status_pattern(r.status);
            let v = ident(&r.variant);
            let read = match &r.body {
                Some(ty) => {
                    let ctor = super::method::constructor(layout, ty, quote!(Self::#v));
                    match (r.encoding, ty) {
                        // A `text/*` error body is the text, not JSON.
                        (BodyEncoding::Text, TypeRef::String) => {
                            quote!(response.into_text_error(#ctor, Self::Other))
                        }
                        (_, TypeRef::Bytes) => quote!(response.into_bytes_error(#ctor)),
                        _ => quote!(response.into_typed_error(#ctor, Self::Other)),
                    }
                }
                None => quote!(response.into_error(Self::#v)),
            };
            (pat, read)
        })
        .collect::<Vec<_>>();
    if !errors.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push((quote!(_), quote!(response.into_error(Self::Other))));
    }
    // A lone catch-all arm (no documented error, or only `default`) needs no `match`.
    let read = match arms.as_slice() {
        [(_, only)] => only.clone(),
        _ => {
            let arms = arms.iter().map(|(pat, read)| quote! { #pat => #read, });
            quote! { match response.status() { #(#arms)* } }
        }
    };
    quote! {
        #doc
        ///
        /// The status, request id and raw body are on [`runtime::ServiceError`].
        #rule
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A status the API does not document, or a body that does not match the documented
            /// schema.
            Other,
        }

        impl runtime::OperationError for #name {
            fn from_response(response: runtime::Response) -> runtime::Error<Self> {
                #read
            }
        }
    }
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
    let rule = box_rule(layout, body.variants.iter().map(|v| &v.ty));
    Some(quote! {
        #[doc = #doc]
        #rule
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// The enum variant for one documented status: its doc, name and body (see [`payload`]).
fn status_variant(r: &Response, layout: &Layout<'_>, uses: &mut Uses) -> TokenStream {
    let doc = status_doc(r);
    let v = ident(&r.variant);
    match &r.body {
        Some(ty) => {
            let ty = payload(layout, ty, uses);
            quote! { #doc #v(#ty), }
        }
        None => quote! { #doc #v, },
    }
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

    let new = new_fn(
        "A request with the required fields set and the optional ones unset.",
        fields,
        false,
        uses,
    );
    quote! {
        #[doc = #doc]
        #derive
        pub struct #name_ident {
            #(#decls)*
        }
        #debug

        impl #name_ident {
            #new
        }
    }
}
