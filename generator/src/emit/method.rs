//! The client's methods: each builds its request, sends it, and reads the answer.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::layout::Layout;
use super::operations::{needs_response_enum, request_fields, success_type, successes};
use super::{docs, ident, Uses};
use crate::ir::{
    BodyEncoding, BodyVariant, Method, Operation, Param, ParamLocation, ParamSource, QueryStyle,
    Response, StatusMatch, TypeRef,
};

/// A function from `ty` to the body enum variant `ctor`, boxing as the variant's type does.
pub(super) fn constructor(layout: &Layout<'_>, ty: &TypeRef, ctor: TokenStream) -> TokenStream {
    if layout.boxes_body(ty) {
        quote!(|body| #ctor(Box::new(body)))
    } else {
        ctor
    }
}

/// The statement that sets the body from `value` (a `&T` for JSON and forms, a `T` otherwise).
fn body_stmt(variant: &BodyVariant, value: &TokenStream) -> TokenStream {
    let ct = variant.sent_content_type();
    match variant.encoding {
        BodyEncoding::Json => quote! { http.json_body(#ct, &#value)?; },
        BodyEncoding::Form if variant.indexed.is_empty() => {
            quote! { http.form_body(#ct, &#value)?; }
        }
        BodyEncoding::Form => {
            let indexed = &variant.indexed;
            quote! { http.form_body_indexed(#ct, &#value, &[#(#indexed),*])?; }
        }
        BodyEncoding::Multipart if variant.ty == TypeRef::Multipart => {
            quote! { http.multipart_body(#value); }
        }
        // The struct of the parts writes them.
        BodyEncoding::Multipart => quote! { http.multipart_body(#value.to_multipart()); },
        BodyEncoding::Text | BodyEncoding::Binary => quote! { http.raw_body(#ct, #value); },
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
        TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) => quote!(#value.to_string()),
        _ => quote!(runtime::param_text(&#value)),
    }
}

/// Statements that add one parameter to `http`.
fn param_stmt(p: &Param) -> TokenStream {
    let wire = &p.wire_name;
    let field = ident(&p.name);
    if let ParamSource::Credential(key) = &p.source {
        return match p.location {
            ParamLocation::Path => {
                quote! { http.path_param(#wire, &self.client.credential(#key).await?); }
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
    let joined = |sep: char| {
        let TypeRef::Vec(item) = &p.ty else {
            return to_text(&value, &p.ty);
        };
        let each = to_text(&quote!(item), item);
        let sep = sep.to_string();
        match &**item {
            TypeRef::String => quote!(#value.join(#sep)),
            _ => quote!(#value.iter().map(|item| #each).collect::<Vec<_>>().join(#sep)),
        }
    };
    let stmt = match (p.location, &p.ty, p.style) {
        (ParamLocation::Query, TypeRef::Vec(item), QueryStyle::Exploded) => {
            let text = to_text(&quote!(item), item);
            quote! { for item in #reference { http.query(#wire, #text); } }
        }
        (
            ParamLocation::Query,
            TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json,
            QueryStyle::DeepObject,
        ) => {
            quote! { http.query_deep_object(#wire, #reference); }
        }
        (ParamLocation::Query, TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json, style) => {
            // Objects in `form` style: exploded into their properties, or alternating.
            let explode = style == QueryStyle::Exploded;
            quote! { http.query_form(#wire, #reference, #explode); }
        }
        (ParamLocation::Query, _, QueryStyle::Delimited(sep)) => {
            let text = joined(sep);
            quote! { http.query(#wire, #text); }
        }
        (ParamLocation::Query, ty, _) => {
            let text = to_text(&value, ty);
            quote! { http.query(#wire, #text); }
        }
        (ParamLocation::Path, TypeRef::String, _) => quote! { http.path_param(#wire, #reference); },
        (ParamLocation::Path, _, _) => {
            let text = joined(',');
            quote! { http.path_param(#wire, &#text); }
        }
        (ParamLocation::Header, _, _) => {
            let text = joined(',');
            quote! { http.header(#wire, #text); }
        }
        (ParamLocation::Cookie, _, _) => {
            let text = joined(',');
            quote! { http.cookie(#wire, &#text); }
        }
    };
    if p.required {
        stmt
    } else {
        quote! { if let Some(value) = &request.#field { #stmt } }
    }
}

pub(super) fn status_pattern(status: StatusMatch) -> TokenStream {
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

pub(super) fn method(op: &Operation, layout: &Layout<'_>, uses: &mut Uses) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let error_name = ident(&op.error_type);
    let output = success_type(op, uses);
    let has_request = !request_fields(op).is_empty();
    let arg = has_request.then(|| {
        let req = ident(&op.request_type);
        quote!(request: #req)
    });
    let http_method = method_tokens(op.method);
    let operation = op
        .id
        .clone()
        .unwrap_or_else(|| op.fn_name.trim_start_matches("r#").to_owned());
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
        let set = match &b.enum_name {
            Some(name) => {
                let name = ident(name);
                let arms = b.variants.iter().map(|v| {
                    let vname = ident(&v.name);
                    let stmt = body_stmt(v, &quote!(body));
                    quote! { #name::#vname(body) => { #stmt } }
                });
                quote! { match body { #(#arms)* } }
            }
            None => match b.variants.first() {
                Some(v) => body_stmt(v, &quote!(body)),
                None => TokenStream::new(),
            },
        };
        if b.required && b.enum_name.is_none() {
            match b.variants.first() {
                Some(v) => body_stmt(v, &quote!(request.body)),
                None => TokenStream::new(),
            }
        } else if b.required {
            quote! { let body = request.body; #set }
        } else {
            quote! { if let Some(body) = request.body { #set } }
        }
    });
    let successes = successes(op);
    let enum_response = needs_response_enum(&successes);
    // A 2xx the spec does not list is a success too, as the official SDKs take any status
    // below 400 (a 204 where 200 is documented): read as the operation's one documented
    // success. With several, nothing tells which, and it stays an error.
    let lone_success = match successes.as_slice() {
        [only] => Some(only.status),
        _ => None,
    };
    let mut ordered = successes.clone();
    ordered.sort_by_key(|r| r.status);
    let mut arms = ordered
        .iter()
        .map(|r| {
            let pat = match r.status {
                StatusMatch::Code(_) if Some(r.status) == lone_success => quote!(200..=299),
                status => status_pattern(status),
            };
            (pat, success_arm(op, r, enum_response, layout))
        })
        .collect::<Vec<_>>();
    // An operation that documents no response at all succeeds on any 2xx.
    if op.responses.is_empty() {
        arms.push((quote!(200..=299), quote!(Ok(()))));
    }
    // Every other status is read by the error enum (`runtime::OperationError`).
    let error = quote!(Err(response.into_operation_error()));
    let outcome = if arms.is_empty() {
        error
    } else {
        let arms = arms.iter().map(|(pat, expr)| quote! { #pat => #expr, });
        quote! { match response.status() { #(#arms)* _ => #error, } }
    };

    let doc_text = method_doc(op);
    let doc = docs(Some(&doc_text));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let params = params.collect::<Vec<_>>();
    let security = (!op.security.is_empty()).then(|| {
        let alternatives = op.security.iter().map(|names| quote!(&[#(#names),*]));
        quote! { http.security(&[#(#alternatives),*]); }
    });
    let servers = (!op.servers.is_empty()).then(|| {
        let servers = op.servers.iter().map(super::service::server);
        quote! { http.servers(&[#(#servers),*]); }
    });
    let accept = op.accept.as_ref().map(|a| quote! { http.accept(#a); });
    let mutable = (params.iter().any(|p| !p.is_empty())
        || body.is_some()
        || security.is_some()
        || servers.is_some()
        || accept.is_some())
    .then(|| quote!(mut));
    quote! {
        #doc
        #deprecated
        pub async fn #fn_name(&self, #arg) -> Result<#output, runtime::Error<#error_name>> {
            let #mutable http = runtime::Request::new(runtime::Method::#http_method, #operation, #path);
            #security
            #servers
            #accept
            #(#params)*
            #body
            let response = self.client.send(http).await?;
            #outcome
        }
    }
}

/// The doc text of an operation's method: its summary and description, the method and path,
/// the permission it needs and the Cargo features that build it.
pub(super) fn method_doc(op: &Operation) -> String {
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
    match op.features.as_slice() {
        [] => {}
        [one] => doc_text.push_str(&format!("\n\nBuilt with the Cargo feature `{one}`.")),
        many => {
            let list = many.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>();
            let list = list.join(", ");
            doc_text.push_str(&format!("\n\nBuilt with any of the Cargo features {list}."));
        }
    }
    doc_text
}

/// The value of a method for one documented success: the body decoded (which can fail) or
/// taken as it is, and the documented headers next to it.
fn success_arm(
    op: &Operation,
    r: &Response,
    enum_response: bool,
    layout: &Layout<'_>,
) -> TokenStream {
    let v = ident(&r.variant);
    let resp = ident(&op.response_type);
    // A success is either a value (`Ok` cannot fail) or a decoding that can.
    enum Success {
        Value(TokenStream),
        Decoded(TokenStream),
    }
    let success = match &r.body {
        Some(ty) => {
            let read = match r.encoding {
                BodyEncoding::Json => quote!(response.json()),
                BodyEncoding::Text => quote!(response.text()),
                _ => quote!(response.body().to_vec()),
            };
            let binary = !matches!(r.encoding, BodyEncoding::Json | BodyEncoding::Text);
            match (enum_response, binary) {
                (true, false) => {
                    let ctor = constructor(layout, ty, quote!(#resp::#v));
                    Success::Decoded(quote!(#read.map(#ctor)))
                }
                (true, true) => Success::Value(quote!(#resp::#v(#read))),
                (false, false) => Success::Decoded(read),
                (false, true) => Success::Value(read),
            }
        }
        None if enum_response => Success::Value(quote!(#resp::#v)),
        None => Success::Value(quote!(())),
    };
    let headers = op.headers.as_ref().map(|h| {
        let name = ident(&h.type_name);
        quote!(#name::read(&response))
    });
    match (success, headers) {
        // Successes carry the documented headers next to the body.
        (Success::Value(v), Some(h)) => quote!(Ok((#v, #h))),
        (Success::Value(v), None) => quote!(Ok(#v)),
        (Success::Decoded(d), Some(h)) => quote!(#d.map(|body| (body, #h))),
        (Success::Decoded(d), None) => d,
    }
}

pub(super) fn method_name(method: Method) -> &'static str {
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
