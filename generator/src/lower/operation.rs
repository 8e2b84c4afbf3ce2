//! Paths and operations to IR operations.

use indexmap::IndexMap;
use openapiv3::{
    Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, SchemaKind, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::diag::pointer;
use crate::ir::{
    Body, BodyEncoding, BodyVariant, HeaderField, Method, Operation, Response, ResponseHeaders,
    StatusMatch, TypeRef,
};
use crate::naming::{self, Scope};

/// Follows `#/components/<kind>/<name>` references within one component map.
fn component<'s, T>(
    map: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    kind: &str,
    mut item: &'s ReferenceOr<T>,
) -> Result<&'s T, String> {
    let prefix = format!("#/components/{kind}/");
    for _ in 0..32 {
        match item {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                item = reference
                    .strip_prefix(&prefix)
                    .and_then(|key| map?.get(key))
                    .ok_or_else(|| format!("cannot resolve `{reference}`"))?;
            }
        }
    }
    Err("reference cycle".to_owned())
}

/// Whether a media type is JSON (`application/json`, `*/*+json`), parameters ignored.
pub(super) fn is_json(media: &str) -> bool {
    encoding_of(media) == BodyEncoding::Json
}

/// How a media type is encoded, from its essence (parameters ignored, any case).
fn encoding_of(media: &str) -> BodyEncoding {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => BodyEncoding::Json,
        e if e.ends_with("+json") => BodyEncoding::Json,
        "application/x-www-form-urlencoded" => BodyEncoding::Form,
        "multipart/form-data" => BodyEncoding::Multipart,
        e if e.starts_with("text/") => BodyEncoding::Text,
        _ => BodyEncoding::Binary,
    }
}

/// Name of the error-enum (or response-enum) variant for a status.
fn status_variant(status: StatusMatch) -> String {
    let known = match status {
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            204 => "NoContent",
            206 => "PartialContent",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        },
        StatusMatch::Range(4) => "ClientError",
        StatusMatch::Range(5) => "ServerError",
        StatusMatch::Range(n) => return format!("Status{n}xx"),
        StatusMatch::Default => "Default",
    };
    known.to_owned()
}

impl Lowerer<'_> {
    /// Lowers every operation of every path, in document order.
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut fn_names = Scope::default();
        fn_names.reserve("builder");
        fn_names.reserve("new");
        let mut out = Vec::new();
        for (path, item) in &self.api.paths.paths {
            let path_ptr = pointer(["paths", path]);
            let ReferenceOr::Item(item) = item else {
                self.warn(
                    path_ptr,
                    "path item references are not supported; path skipped",
                );
                continue;
            };
            for (method, op) in item.iter() {
                let op_ptr = format!("{path_ptr}/{method}");
                let Some(method) = parse_method(method) else {
                    continue;
                };
                let mut operation =
                    self.operation(path, method, op, &item.parameters, &op_ptr, &mut fn_names);
                // The operation's servers, else its path's; their variables get no methods.
                let servers = if op.servers.is_empty() {
                    &item.servers
                } else {
                    &op.servers
                };
                operation.servers = self.servers(servers, &mut Scope::default());
                for variable in operation.servers.iter_mut().flat_map(|s| &mut s.variables) {
                    variable.method = None;
                }
                out.push(operation);
            }
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        op: &openapiv3::Operation,
        shared: &[ReferenceOr<Parameter>],
        ptr: &str,
        fn_names: &mut Scope,
    ) -> Operation {
        // Without an operationId, names come from the method and the path.
        let base = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method:?} {path}"));
        let fn_name = fn_names.claim(naming::value_name(&base, "call"));
        let type_prefix = naming::type_name(&base, "Call");
        // A schema may already be named `<Op>Request` (OpenAI has many): use a synonym then.
        let mut op_type = |first: &str, second: &str| {
            let preferred = format!("{type_prefix}{first}");
            if self.type_names.is_free(&preferred) {
                self.type_names.claim(preferred)
            } else {
                self.type_names.claim(format!("{type_prefix}{second}"))
            }
        };
        let request_type = op_type("Request", "Params");
        let error_type = op_type("Error", "Failure");
        let response_type = op_type("Response", "Outcome");
        let mut field_names = Scope::default();
        let mut params = Vec::new();
        // Operation parameters override path-level ones with the same name and location.
        let mut seen = rustc_hash::FxHashSet::default();
        let all = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{ptr}/parameters/{i}")))
            .chain(shared.iter().enumerate().map(|(i, p)| {
                let parent = ptr.rsplit_once('/').map_or(ptr, |(a, _)| a);
                (p, format!("{parent}/parameters/{i}"))
            }))
            .collect::<Vec<_>>();
        for (param, param_ptr) in all {
            let components = self.api.components.as_ref().map(|c| &c.parameters);
            let param = match component(components, "parameters", param) {
                Ok(p) => p,
                Err(message) => {
                    self.warn(param_ptr, format!("{message}; parameter skipped"));
                    continue;
                }
            };
            let data = param.parameter_data_ref();
            if !seen.insert((data.name.clone(), std::mem::discriminant(param))) {
                continue;
            }
            if let Some(p) = self.param(param, &type_prefix, &param_ptr, &mut field_names) {
                params.push(p);
            }
        }
        self.fix_template(path, &mut params, ptr, &mut field_names);
        let body = op.request_body.as_ref().and_then(|b| {
            self.body(
                b,
                &type_prefix,
                &format!("`{} {path}`", format!("{method:?}").to_uppercase()),
                &format!("{ptr}/requestBody"),
                &mut field_names,
            )
        });
        let responses = self.responses(op, &type_prefix, ptr);
        let headers = self.response_headers(op, &type_prefix, ptr);
        let security = self.requirements(op.security.as_ref(), ptr);
        // The media types the success answers are read as, JSON first.
        let mut accept = Vec::new();
        for media in responses
            .iter()
            .filter(|r| r.status.is_success())
            .filter_map(|r| r.media.as_deref())
        {
            if !accept.contains(&media) {
                accept.push(media);
            }
        }
        accept.sort_by_key(|m| !is_json(m));
        // Then those of the documented errors, which are read too: a server that honours
        // `Accept` (a mock asked for an error status, say) may otherwise answer with a success.
        let mut also = Vec::new();
        if !accept.is_empty() {
            for media in responses
                .iter()
                .filter(|r| !r.status.is_success())
                .filter_map(|r| r.media.as_deref())
            {
                if !accept.contains(&media) && !also.contains(&media) {
                    also.push(media);
                }
            }
        }
        also.sort_by_key(|m| !is_json(m));
        let accept = (!accept.is_empty()).then(|| {
            accept
                .iter()
                .map(|m| (*m).to_owned())
                .chain(also.iter().map(|m| format!("{m};q=0.9")))
                .collect::<Vec<_>>()
                .join(", ")
        });
        let permission = op.extensions.get("x-permission").and_then(|p| {
            p.as_str()
                .or_else(|| p.get("action").and_then(serde_json::Value::as_str))
                .map(str::to_owned)
        });
        Operation {
            id: op.operation_id.clone(),
            fn_name,
            request_type,
            error_type,
            shared_error: None,
            response_type,
            method,
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            permission,
            params,
            body,
            responses,
            headers,
            security,
            servers: Vec::new(),
            accept,
            tags: op.tags.clone(),
            features: Vec::new(),
        }
    }

    fn body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        prefix: &str,
        label: &str,
        ptr: &str,
        field_names: &mut Scope,
    ) -> Option<Body> {
        let components = self.api.components.as_ref().map(|c| &c.request_bodies);
        let body = match component(components, "requestBodies", body) {
            Ok(b) => b,
            Err(message) => {
                self.warn(ptr, format!("{message}; request body skipped"));
                return None;
            }
        };
        let mut names = Scope::default();
        let mut variants = Vec::new();
        for (media, content) in &body.content {
            let content_ptr = format!("{ptr}{}", pointer(["content", media]));
            // A wildcard (`*/*`, `application/*`) lets the client choose; a schema that is not
            // raw bytes goes as JSON (Kubernetes' `consumes: ['*/*']` over its objects).
            let (media, encoding) = if wildcard(media)
                && content.schema.is_some()
                && !binary(content.schema.as_ref())
            {
                ("application/json", BodyEncoding::Json)
            } else {
                (media.as_str(), encoding_of(media))
            };
            let ty = match encoding {
                BodyEncoding::Json | BodyEncoding::Form => match &content.schema {
                    Some(s) => self.type_of(
                        s.into(),
                        &format!("{prefix}Body"),
                        &format!("{content_ptr}/schema"),
                    ),
                    None => TypeRef::Json,
                },
                BodyEncoding::Multipart => match &content.schema {
                    Some(s) => self
                        .form(
                            s,
                            &content.encoding,
                            prefix,
                            label,
                            &format!("{content_ptr}/schema"),
                        )
                        .map_or(TypeRef::Multipart, TypeRef::Named),
                    None => TypeRef::Multipart,
                },
                BodyEncoding::Text => TypeRef::String,
                BodyEncoding::Binary => TypeRef::Bytes,
            };
            // Two JSON media types, say, would be the same choice for the caller.
            if variants
                .iter()
                .any(|v: &BodyVariant| v.encoding == encoding && v.ty == ty)
            {
                continue;
            }
            let indexed = match encoding {
                BodyEncoding::Form => content
                    .encoding
                    .iter()
                    .filter(|(_, e)| e.style == Some(openapiv3::QueryStyle::DeepObject))
                    .map(|(name, _)| name.clone())
                    .collect(),
                _ => Vec::new(),
            };
            variants.push(BodyVariant {
                name: names.claim(format!("{encoding:?}")),
                content_type: media.to_owned(),
                encoding,
                ty,
                indexed,
            });
        }
        if variants.is_empty() {
            self.warn(ptr, "request body has no media type; request body skipped");
            return None;
        }
        let enum_name = (variants.len() > 1).then(|| {
            self.type_names
                .claim(format!("{}Body", naming::type_name(prefix, "Call")))
        });
        field_names.claim("body".to_owned());
        Some(Body {
            variants,
            enum_name,
            required: body.required,
            docs: body.description.clone(),
        })
    }

    /// The headers documented on success responses, merged by name (the first wins).
    fn response_headers(
        &mut self,
        op: &openapiv3::Operation,
        prefix: &str,
        ptr: &str,
    ) -> Option<ResponseHeaders> {
        let mut names = Scope::default();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut fields = Vec::new();
        for (code, response) in &op.responses.responses {
            let success = match code {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            };
            let resp_ptr = format!("{ptr}/responses/{code}");
            let components = self.api.components.as_ref().map(|c| &c.responses);
            let Some(response) = success
                .then(|| component(components, "responses", response).ok())
                .flatten()
            else {
                continue;
            };
            for (wire, header) in &response.headers {
                if !seen.insert(wire.to_ascii_lowercase()) {
                    continue;
                }
                let header_ptr = format!("{resp_ptr}{}", pointer(["headers", wire]));
                let components = self.api.components.as_ref().map(|c| &c.headers);
                let Ok(header) = component(components, "headers", header) else {
                    self.warn(header_ptr, "cannot resolve the header; it is not read");
                    continue;
                };
                let hint = format!("{prefix}{}Header", naming::type_name(wire, "Value"));
                let ty = match &header.format {
                    ParameterSchemaOrContent::Schema(s) => {
                        self.type_of(s.into(), &hint, &format!("{header_ptr}/schema"))
                    }
                    ParameterSchemaOrContent::Content(_) => TypeRef::String,
                };
                let ty = match ty {
                    TypeRef::Nullable(inner) => *inner,
                    // Lists in one header value stay text: their separators vary.
                    TypeRef::Vec(_) => TypeRef::String,
                    other => other,
                };
                fields.push(HeaderField {
                    name: names.claim(naming::value_name(wire, "header")),
                    wire: wire.clone(),
                    docs: header.description.clone(),
                    ty,
                });
            }
        }
        if fields.is_empty() {
            return None;
        }
        let type_name = self
            .type_names
            .claim(format!("{}Headers", naming::type_name(prefix, "Call")));
        Some(ResponseHeaders { type_name, fields })
    }

    fn responses(&mut self, op: &openapiv3::Operation, prefix: &str, ptr: &str) -> Vec<Response> {
        let statuses = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => StatusMatch::Code(*c),
                    StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
            )
            .collect::<Vec<_>>();
        let mut variants = Scope::default();
        variants.reserve("Other");
        let mut out = Vec::new();
        for (status, key, response) in statuses {
            let resp_ptr = format!("{ptr}/responses/{key}");
            let components = self.api.components.as_ref().map(|c| &c.responses);
            let response = match component(components, "responses", response) {
                Ok(r) => r,
                Err(message) => {
                    self.warn(resp_ptr, format!("{message}; response skipped"));
                    continue;
                }
            };
            let chosen = response
                .content
                .iter()
                .find(|(m, _)| is_json(m))
                .or_else(|| response.content.first());
            let (body, encoding) = match chosen {
                // Raw bytes cannot be JSON: a binary string is the body itself (Swagger
                // 2.0's `type: file` under a JSON `produces`).
                Some((media, content)) if is_json(media) && !binary(content.schema.as_ref()) => {
                    let schema_ptr = format!("{resp_ptr}{}/schema", pointer(["content", media]));
                    let hint = format!("{prefix}{}", status_variant(status));
                    let ty = match &content.schema {
                        Some(s) => self.type_of(s.into(), &hint, &schema_ptr),
                        None => TypeRef::Json,
                    };
                    (Some(ty), BodyEncoding::Json)
                }
                Some((media, _)) => match encoding_of(media) {
                    BodyEncoding::Text => (Some(TypeRef::String), BodyEncoding::Text),
                    _ => (Some(TypeRef::Bytes), BodyEncoding::Binary),
                },
                None => (None, BodyEncoding::Json),
            };
            let media = chosen.map(|(media, _)| media.clone());
            out.push(Response {
                status,
                variant: variants.claim(status_variant(status)),
                docs: Some(response.description.clone()).filter(|d| !d.is_empty()),
                body,
                encoding,
                media,
            });
        }
        out
    }
}

/// Whether a media type leaves the choice to the client (`*/*`, `application/*`), parameters
/// ignored; `text/*` stays text.
fn wildcard(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "*/*" || essence.eq_ignore_ascii_case("application/*")
}

/// Whether a body's schema is written inline as a binary string (`format: binary`).
fn binary(schema: Option<&ReferenceOr<Schema>>) -> bool {
    matches!(
        schema,
        Some(ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::String(s)),
            ..
        })) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

fn parse_method(method: &str) -> Option<Method> {
    Some(match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards_are_the_media_types_that_leave_the_choice_open() {
        assert!(wildcard("*/*"));
        assert!(wildcard("application/*; q=0.9"));
        assert!(!wildcard("text/*"), "text stays text");
        assert!(!wildcard("application/json"));
    }
}
