//! The common shapes of an operation's items as text (see [`super::text`]): its request
//! struct, its error type when it is an alias of a shared one, and its method when the method
//! sends its parameters and a body of one media type and its successes share one type (no
//! response enum). The rest goes through tokens.

use super::constructor::new_fn_text;
use super::doc_lines_of;
use super::method::{method_doc, method_name};
use super::operations::{needs_response_enum, request_fields, successes};
use super::structs::field_shape;
use super::text::{self, Text, Ty};
use crate::ir::{
    BodyEncoding, Field, Operation, Param, ParamLocation, ParamSource, QueryStyle, StatusMatch,
    TypeRef,
};

/// The request struct of `op` and its `new`, as text.
pub(super) fn request_struct(op: &Operation, fields: &[Field], link: &str) -> Option<String> {
    if fields.iter().any(|f| f.sensitive) {
        return None;
    }
    let mut text = Text::default();
    text.docs(0, &[format!(" Parameters of{link}")])?;
    let derive = if fields.iter().all(|f| !f.required) {
        "#[derive(Debug, Clone, PartialEq, Default)]"
    } else {
        "#[derive(Debug, Clone, PartialEq)]"
    };
    text.fixed(0, derive);
    text.fixed(0, &format!("pub struct {} {{", op.request_type));
    for f in fields {
        let (ty, optional, nullable, _) = field_shape(f);
        let mut ty = text::rust_type(ty)?;
        if nullable {
            ty = Ty::option(ty);
        }
        if optional {
            ty = Ty::option(ty);
        }
        text.docs(4, &doc_lines_of(f.docs.as_deref()))?;
        text.typed(4, &format!("pub {}: ", f.name), &ty, ",", 1)?;
    }
    text.fixed(0, "}");
    text.fixed(0, &format!("impl {} {{", op.request_type));
    let doc = "A request with the required fields set and the optional ones unset.";
    new_fn_text(&mut text, 4, doc, fields, false)?;
    text.fixed(0, "}");
    Some(text.finish())
}

/// The error type of an operation that shares `shared`'s, as text.
pub(super) fn error_alias(op: &Operation, shared: &str, link: &str) -> Option<String> {
    let mut text = Text::default();
    text.docs(
        0,
        &[
            format!(
                " Error responses documented for{}:",
                link.trim_end_matches('.')
            ),
            format!(" those of [`{shared}`], which other operations document too."),
        ],
    )?;
    text.line(0, &format!("pub type {} = {shared};", op.error_type))?;
    Some(text.finish())
}

/// `impl Client { method }` for `op`, as text, for the shapes this module writes.
pub(super) fn method(client: &str, op: &Operation) -> Option<String> {
    if !op.servers.is_empty() {
        return None;
    }
    let successes = successes(op);
    if needs_response_enum(&successes) {
        return None;
    }
    let mut body = Text::default();
    let mut stmts = 0;
    let mut ordered = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect::<Vec<_>>();
    ordered.extend(
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path),
    );
    if !op.security.is_empty() {
        let alternatives = op.security.iter().map(|names| {
            let names = names.iter().map(|n| text::string(n)).collect::<Vec<_>>();
            format!("&[{}]", names.join(", "))
        });
        let alternatives = alternatives.collect::<Vec<_>>().join(", ");
        body.line(8, &format!("http.security(&[{alternatives}]);"))?;
        stmts += 1;
    }
    if let Some(accept) = &op.accept {
        body.line(8, &format!("http.accept({});", text::string(accept)))?;
        stmts += 1;
    }
    for p in ordered {
        param(&mut body, p)?;
        stmts += 1;
    }
    if let Some(b) = &op.body {
        if b.enum_name.is_some() {
            return None;
        }
        let v = b.variants.first()?;
        let ct = text::string(&v.sent_content_type());
        // The call that sets the body: the method, its arguments and what follows.
        let set = |value: &str, reference: &str| match v.encoding {
            BodyEncoding::Json => Some(("json_body", vec![ct.clone(), reference.into()], ")?;")),
            BodyEncoding::Form if v.indexed.is_empty() => {
                Some(("form_body", vec![ct.clone(), reference.into()], ")?;"))
            }
            BodyEncoding::Form => {
                let names = v
                    .indexed
                    .iter()
                    .map(|n| text::string(n))
                    .collect::<Vec<_>>();
                let names = format!("&[{}]", names.join(", "));
                Some((
                    "form_body_indexed",
                    vec![ct.clone(), reference.into(), names],
                    ")?;",
                ))
            }
            BodyEncoding::Text | BodyEncoding::Binary => {
                Some(("raw_body", vec![ct.clone(), value.into()], ");"))
            }
            _ => None,
        };
        let (indent, (method, args, tail)) = if b.required {
            (8, set("request.body", "&request.body")?)
        } else {
            body.fixed(8, "if let Some(body) = request.body {");
            (12, set("body", "&body")?)
        };
        body.call(indent, &format!("http.{method}("), &args, tail)?;
        if !b.required {
            body.fixed(8, "}");
        }
        stmts += 1;
    }
    // The documented headers read next to the body of a success.
    let headers = op
        .headers
        .as_ref()
        .map(|h| format!("{}::read(&response)", h.type_name));
    // A decoding (a chain of calls on `response`) or a value, per success.
    let decoded = |call: &str| match &headers {
        Some(h) => vec![
            "response".to_owned(),
            format!(".{call}()"),
            format!(".map(|body| (body, {h}))"),
        ],
        None => vec!["response".to_owned(), format!(".{call}()")],
    };
    let value = |v: &str| match &headers {
        Some(h) => vec![format!("Ok(({v}, {h}))")],
        None => vec![format!("Ok({v})")],
    };
    // A lone documented success stands for any 2xx (see `method::method`).
    let lone = successes.len() == 1;
    let mut ordered = successes.clone();
    ordered.sort_by_key(|r| r.status);
    let mut arms = Vec::new();
    for r in ordered {
        let read = match (&r.body, r.encoding) {
            (None, _) => value("()"),
            (Some(_), BodyEncoding::Json) => decoded("json"),
            (Some(_), BodyEncoding::Text) => decoded("text"),
            (Some(_), _) => value("response.body().to_vec()"),
        };
        let pattern = match r.status {
            StatusMatch::Code(_) if lone => "200..=299".to_owned(),
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(n) => format!("{}..={}", n * 100, n * 100 + 99),
            StatusMatch::Default => return None,
        };
        arms.push((pattern, read));
    }
    if op.responses.is_empty() {
        arms.push(("200..=299".to_owned(), vec!["Ok(())".to_owned()]));
    }

    let mut text = Text::default();
    text.fixed(0, &format!("impl {client} {{"));
    text.docs(4, &doc_lines_of(Some(&method_doc(op))))?;
    if op.deprecated {
        text.fixed(4, "#[deprecated]");
    }
    let mut args = vec![("&self".to_owned(), None)];
    if !request_fields(op).is_empty() {
        args.push((
            "request".to_owned(),
            Some(Ty::Path(op.request_type.clone())),
        ));
    }
    let mut output = match successes.first().and_then(|r| r.body.as_ref()) {
        Some(ty) => text::rust_type(ty)?,
        None => Ty::Path("()".into()),
    };
    if let Some(h) = &op.headers {
        output = Ty::Tuple(vec![output, Ty::Path(h.type_name.clone())]);
    }
    let error = Ty::Generic("runtime::Error", vec![Ty::Path(op.error_type.clone())]);
    let ret = Ty::Generic("Result", vec![output, error]);
    text.signature(4, &format!("pub async fn {}", op.fn_name), &args, &ret)?;
    let operation = op
        .id
        .clone()
        .unwrap_or_else(|| op.fn_name.trim_start_matches("r#").to_owned());
    let new_args = [
        format!("runtime::Method::{}", method_name(op.method)),
        text::string(&operation),
        text::string(&op.path),
    ];
    let binding = if stmts > 0 {
        "let mut http"
    } else {
        "let http"
    };
    let call = format!("{binding} = runtime::Request::new(");
    text.call(8, &call, &new_args, ");")?;
    text.append(body);
    text.fixed(8, "let response = self.client.send(http).await?;");
    if arms.is_empty() {
        text.fixed(8, "Err(response.into_operation_error())");
    } else {
        text.fixed(8, "match response.status() {");
        for (pattern, read) in &arms {
            text.arm_chain(12, pattern, read)?;
        }
        text.fixed(12, "_ => Err(response.into_operation_error()),");
        text.fixed(8, "}");
    }
    text.fixed(4, "}");
    text.fixed(0, "}");
    Some(text.finish())
}

/// The statement that adds parameter `p` to `http`, for the kinds written as text.
fn param(text: &mut Text, p: &Param) -> Option<()> {
    if p.source != ParamSource::Request {
        return None;
    }
    let wire = text::string(&p.wire_name);
    let field = &p.name;
    // `value` names the parameter's value: the field itself, or a reference to it.
    let (value, reference) = if p.required {
        (format!("request.{field}"), format!("&request.{field}"))
    } else {
        ("value".to_owned(), "value".to_owned())
    };
    let joined = |sep: char| match &p.ty {
        TypeRef::Vec(item) => {
            let sep = text::string(&sep.to_string());
            match &**item {
                TypeRef::String => format!("{value}.join({sep})"),
                _ => format!(
                    "{value}.iter().map(|item| {}).collect::<Vec<_>>().join({sep})",
                    to_text("item", item)
                ),
            }
        }
        ty => to_text(&value, ty),
    };
    let object = matches!(p.ty, TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json);
    // Lines of the statement, each with its indentation past the statement's.
    let stmt = match (p.location, &p.ty, p.style) {
        (ParamLocation::Query, TypeRef::Vec(item), QueryStyle::Exploded) => vec![
            (0, format!("for item in {reference} {{")),
            (4, format!("http.query({wire}, {});", to_text("item", item))),
            (0, "}".to_owned()),
        ],
        (ParamLocation::Query, _, QueryStyle::DeepObject) if object => {
            vec![(0, format!("http.query_deep_object({wire}, {reference});"))]
        }
        (ParamLocation::Query, _, style) if object => {
            let explode = style == QueryStyle::Exploded;
            vec![(
                0,
                format!("http.query_form({wire}, {reference}, {explode});"),
            )]
        }
        (ParamLocation::Query, _, QueryStyle::Delimited(sep)) => {
            vec![(0, format!("http.query({wire}, {});", joined(sep)))]
        }
        (ParamLocation::Query, ty, _) => {
            vec![(0, format!("http.query({wire}, {});", to_text(&value, ty)))]
        }
        (ParamLocation::Path, TypeRef::String, _) => {
            vec![(0, format!("http.path_param({wire}, {reference});"))]
        }
        (ParamLocation::Path, _, _) => {
            vec![(0, format!("http.path_param({wire}, &{});", joined(',')))]
        }
        (ParamLocation::Header, _, _) => {
            vec![(0, format!("http.header({wire}, {});", joined(',')))]
        }
        (ParamLocation::Cookie, _, _) => {
            vec![(0, format!("http.cookie({wire}, &{});", joined(',')))]
        }
    };
    let indent = if p.required { 8 } else { 12 };
    if !p.required {
        text.line(8, &format!("if let Some(value) = &request.{field} {{"))?;
    }
    for (extra, line) in &stmt {
        text.line(indent + extra, line)?;
    }
    if !p.required {
        text.fixed(8, "}");
    }
    Some(())
}

/// Expression that renders a parameter value (a place or a reference) as a `String`.
fn to_text(value: &str, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => format!("{value}.clone()"),
        TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) => format!("{value}.to_string()"),
        _ => format!("runtime::param_text(&{value})"),
    }
}
