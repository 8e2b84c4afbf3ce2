//! Swagger 2.0 documents, rewritten as OpenAPI 3.0 ones (as JSON values, before the typed
//! parse), so that `lower` and everything after it read one model.
//!
//! - `host`, `basePath` and `schemes` become `servers` (https first; a relative server when
//!   there is no host);
//! - `definitions`, top-level `parameters`, `responses` and `securityDefinitions` move into
//!   `components` (basic → HTTP basic, apiKey as it is, oauth2's one flow into `flows`), and
//!   every local `$ref` follows them;
//! - `in: body` and `in: formData` parameters become the operation's `requestBody`, one
//!   content entry per media type of its `consumes` (else the document's; a form with a
//!   `type: file` field is multipart);
//! - other parameters get a `schema` of their type keywords, `collectionFormat` as `style` and
//!   `explode` (`tsv`, which 3.0 cannot say, in `x-collection-format`), `x-example` as
//!   `example`; path-level parameters are merged into each operation;
//! - responses get one content entry per media type of `produces`, `examples` by media type,
//!   and headers with a `schema`;
//! - in schemas: `x-nullable` is `nullable`, `type: file` a binary string, a `discriminator`
//!   name a `propertyName`, and a `$ref` with siblings an `allOf` of it with them.

mod convert;

use serde_json::{json, Map, Value};

use crate::diag::{pointer, Diagnostic};

use convert::{body_request, convert_schema, response, security_scheme, servers, simple_schema};

/// Media type assumed when neither the operation nor the document says what it consumes or
/// produces.
const JSON: &str = "application/json";

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Rewrites the Swagger 2.0 document `doc` as an OpenAPI 3.0 one; what is lost is reported in
/// `warnings`.
pub fn upgrade(doc: &mut Value, display: &str, warnings: &mut Vec<Diagnostic>) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let mut old = std::mem::take(root);
    let mut cx = Upgrade {
        display,
        warnings,
        consumes: media_types(old.get("consumes")).unwrap_or_else(|| vec![JSON.into()]),
        produces: media_types(old.get("produces")).unwrap_or_else(|| vec![JSON.into()]),
        parameters: match old.remove("parameters") {
            Some(Value::Object(p)) => p,
            _ => Map::new(),
        },
        responses: match old.get("responses") {
            Some(Value::Object(r)) => r.clone(),
            _ => Map::new(),
        },
    };
    let mut new = Map::new();
    new.insert("openapi".into(), json!("3.0.3"));
    if let Some(info) = old.remove("info") {
        new.insert("info".into(), info);
    }
    let servers = servers(&old);
    if !servers.is_empty() {
        new.insert("servers".into(), Value::Array(servers));
    }
    let paths = match old.remove("paths") {
        Some(Value::Object(items)) => Value::Object(
            items
                .into_iter()
                .map(|(path, item)| {
                    let at = format!("/paths{}", pointer([path.as_str()]));
                    let item = match item {
                        Value::Object(item) => Value::Object(cx.path_item(item, &at)),
                        other => other,
                    };
                    (path, item)
                })
                .collect(),
        ),
        // Anything but an object is left for the typed parse to report.
        Some(other) => other,
        None => json!({}),
    };
    new.insert("paths".into(), paths);
    new.insert("components".into(), Value::Object(cx.components(&mut old)));
    for key in ["security", "tags", "externalDocs"] {
        if let Some(v) = old.remove(key) {
            new.insert(key.into(), v);
        }
    }
    for (k, v) in old {
        if k.starts_with("x-") {
            new.insert(k, v);
        }
    }
    let mut upgraded = Value::Object(new);
    rewrite_refs(&mut upgraded, false);
    *doc = upgraded;
}

struct Upgrade<'a> {
    display: &'a str,
    warnings: &'a mut Vec<Diagnostic>,
    /// The document's `consumes` and `produces`, for operations without their own.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The top-level parameters, as written: body and form ones are inlined where used.
    parameters: Map<String, Value>,
    /// The top-level responses, as written: inlined where an operation produces other media
    /// types than the document.
    responses: Map<String, Value>,
}

impl Upgrade<'_> {
    fn warn(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.display, at, message));
    }

    /// `components` from the document's definitions, shared parameters and responses, and
    /// security definitions.
    fn components(&mut self, old: &mut Map<String, Value>) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(Value::Object(mut definitions)) = old.remove("definitions") {
            for schema in definitions.values_mut() {
                convert_schema(schema);
            }
            components.insert("schemas".into(), Value::Object(definitions));
        }
        let shared = std::mem::take(&mut self.parameters);
        let mut parameters = Map::new();
        for (name, param) in &shared {
            let at = format!("/parameters{}", pointer([name.as_str()]));
            if let Value::Object(p) = param {
                // Body and form parameters are no parameters in 3.0: inlined where used.
                if !matches!(location(p), "body" | "formData") {
                    parameters.insert(name.clone(), Value::Object(self.parameter(p, &at)));
                }
            }
        }
        self.parameters = shared;
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if let Some(Value::Object(responses)) = old.remove("responses") {
            let produces = self.produces.clone();
            let responses = responses
                .into_iter()
                .map(|(name, r)| (name, response(r, &produces)))
                .collect::<Map<_, _>>();
            components.insert("responses".into(), Value::Object(responses));
        }
        if let Some(Value::Object(schemes)) = old.remove("securityDefinitions") {
            let mut out = Map::new();
            for (name, scheme) in schemes {
                let at = format!("/securityDefinitions{}", pointer([name.as_str()]));
                match security_scheme(scheme) {
                    Ok(s) => {
                        out.insert(name, s);
                    }
                    Err(message) => self.warn(at, message),
                }
            }
            components.insert("securitySchemes".into(), Value::Object(out));
        }
        components
    }

    /// A path item: each operation with the path's parameters merged into its own.
    fn path_item(&mut self, mut item: Map<String, Value>, at: &str) -> Map<String, Value> {
        // Anything but a list is left in place, for the typed parse to report.
        let shared = match item.remove("parameters") {
            Some(Value::Array(p)) => p,
            Some(other) => {
                item.insert("parameters".into(), other);
                return item;
            }
            None => Vec::new(),
        };
        let shared = shared
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{at}/parameters/{i}")))
            .collect::<Vec<_>>();
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(*method) {
                let here = format!("{at}/{method}");
                let upgraded = self.operation(std::mem::take(op), &shared, &here);
                *op = upgraded;
            }
        }
        item
    }

    fn operation(
        &mut self,
        mut op: Map<String, Value>,
        shared: &[(Value, String)],
        at: &str,
    ) -> Map<String, Value> {
        let consumes =
            media_types(op.remove("consumes").as_ref()).unwrap_or_else(|| self.consumes.clone());
        let produces =
            media_types(op.remove("produces").as_ref()).unwrap_or_else(|| self.produces.clone());
        op.remove("schemes");
        let own = match op.remove("parameters") {
            Some(Value::Array(p)) => p,
            Some(other) => {
                op.insert("parameters".into(), other);
                return op;
            }
            None => Vec::new(),
        };
        // The operation's own parameters replace the path's of the same name and location.
        let mut merged = shared.to_vec();
        for (i, p) in own.into_iter().enumerate() {
            let key = self.key(&p);
            merged.retain(|(q, _)| key.is_none() || self.key(q) != key);
            merged.push((p, format!("{at}/parameters/{i}")));
        }
        let mut parameters = Vec::new();
        let mut body = None;
        let mut form = Vec::new();
        for (p, here) in merged {
            let resolved = self.resolved(&p);
            match resolved.as_ref().map(location) {
                Some("body") => body = resolved,
                Some("formData") => form.extend(resolved),
                _ if p.get("$ref").is_some() => parameters.push(p),
                _ => match p {
                    Value::Object(p) => parameters.push(Value::Object(self.parameter(&p, &here))),
                    other => parameters.push(other),
                },
            }
        }
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        let request = match (body, form.is_empty()) {
            (Some(body), true) => Some(body_request(body, &consumes)),
            (Some(body), false) => {
                self.warn(
                    format!("{at}/parameters"),
                    "both `in: body` and `in: formData` parameters; the form ones are left out",
                );
                Some(body_request(body, &consumes))
            }
            (None, false) => Some(self.form_request(form, &consumes)),
            (None, true) => None,
        };
        if let Some(request) = request {
            op.insert("requestBody".into(), request);
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            let converted = std::mem::take(responses)
                .into_iter()
                .map(|(code, r)| {
                    let r = if code.starts_with("x-") {
                        r
                    } else {
                        self.operation_response(r, &produces)
                    };
                    (code, r)
                })
                .collect::<Map<_, _>>();
            *responses = converted;
        }
        op
    }

    /// A response of an operation producing `produces`. A shared one (`#/responses/X`) is
    /// the shared 3.0 response when the operation produces what the document does, and is
    /// made again with the operation's media types when it does not (2.0 responses have no
    /// media types of their own).
    fn operation_response(&self, r: Value, produces: &[String]) -> Value {
        let shared = r
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|p| p.strip_prefix("#/responses/"))
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| self.responses.get(&name));
        match shared {
            Some(shared) if produces != self.produces.as_slice() => {
                response(shared.clone(), produces)
            }
            _ => response(r, produces),
        }
    }

    /// The name and location of a parameter, through its `$ref`.
    fn key(&self, p: &Value) -> Option<(String, String)> {
        let p = self.resolved(p)?;
        let name = p.get("name")?.as_str()?.to_owned();
        Some((name, location(&p).to_owned()))
    }

    /// A parameter as written, or the top-level one its `$ref` names.
    fn resolved(&self, p: &Value) -> Option<Map<String, Value>> {
        match p.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/parameters/")?;
                let name = name.replace("~1", "/").replace("~0", "~");
                self.parameters.get(&name)?.as_object().cloned()
            }
            None => p.as_object().cloned(),
        }
    }

    /// A 3.0 parameter (query, path, header) from a 2.0 one.
    fn parameter(&mut self, p: &Map<String, Value>, at: &str) -> Map<String, Value> {
        let mut out = Map::new();
        let location = location(p);
        for key in ["name", "in", "description", "required"] {
            if let Some(v) = p.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
        if location == "path" {
            out.insert("required".into(), json!(true));
        }
        if location == "query" {
            if let Some(v) = p.get("allowEmptyValue") {
                out.insert("allowEmptyValue".into(), v.clone());
            }
        }
        for (k, v) in p {
            if k == "x-example" {
                out.insert("example".into(), v.clone());
            } else if k.starts_with("x-") && k != "x-nullable" {
                out.insert(k.clone(), v.clone());
            }
        }
        let schema = simple_schema(p);
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let format = p
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let style = match (location, format) {
                ("query", "csv") => Some(("form", false)),
                ("query", "multi") => Some(("form", true)),
                ("query", "ssv") => Some(("spaceDelimited", false)),
                ("query", "pipes") => Some(("pipeDelimited", false)),
                ("query", "tsv") => {
                    out.insert("x-collection-format".into(), json!("tsv"));
                    Some(("form", false))
                }
                (_, "csv") => None,
                (_, other) => {
                    self.warn(
                        format!("{at}/collectionFormat"),
                        format!("`{other}` in a {location} parameter is sent comma-separated"),
                    );
                    None
                }
            };
            if let Some((style, explode)) = style {
                out.insert("style".into(), json!(style));
                out.insert("explode".into(), json!(explode));
            }
        }
        out.insert("schema".into(), Value::Object(schema));
        out
    }

    /// The request body of an operation's `in: formData` parameters: an object with one
    /// property each; multipart when one is a file or the operation consumes only that.
    fn form_request(&mut self, form: Vec<Map<String, Value>>, consumes: &[String]) -> Value {
        let has_file = form
            .iter()
            .any(|p| p.get("type").and_then(Value::as_str) == Some("file"));
        let multipart = has_file
            || (consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"))
                && !consumes
                    .iter()
                    .any(|c| c.starts_with("application/x-www-form-urlencoded")));
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in &form {
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                continue;
            };
            let mut schema = simple_schema(p);
            if let Some(d) = p.get("description") {
                schema.insert("description".into(), d.clone());
            }
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
            properties.insert(name.to_owned(), Value::Object(schema));
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let media = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut body = json!({ "content": { media: { "schema": schema } } });
        if !required.is_empty() {
            body["required"] = json!(true);
        }
        body
    }
}

/// Where a 2.0 parameter goes (`in`).
fn location(p: &Map<String, Value>) -> &str {
    p.get("in").and_then(Value::as_str).unwrap_or("")
}

/// A `consumes` or `produces` list; `None` when it is not there.
fn media_types(v: Option<&Value>) -> Option<Vec<String>> {
    let list = v?.as_array()?;
    let types = list
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect::<Vec<_>>();
    (!types.is_empty()).then_some(types)
}

/// Points every local `$ref` of the document at where `upgrade` moved its target. `names`:
/// whether the keys of `node` are names (of properties, responses, ...), not keywords.
fn rewrite_refs(node: &mut Value, names: bool) {
    match node {
        Value::Object(map) => {
            if let (false, Some(Value::String(r))) = (names, map.get_mut("$ref")) {
                for (old, new) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = r.strip_prefix(old) {
                        *r = format!("{new}{rest}");
                        break;
                    }
                }
            }
            for (k, v) in map.iter_mut() {
                if names {
                    rewrite_refs(v, false);
                } else if !is_data(k) {
                    rewrite_refs(v, holds_names(k));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, false)),
        _ => {}
    }
}

/// Keys whose values are data or extensions, never spec structure.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

/// Keys whose values map names to structure.
fn holds_names(key: &str) -> bool {
    matches!(
        key,
        "paths"
            | "properties"
            | "schemas"
            | "parameters"
            | "responses"
            | "headers"
            | "content"
            | "securitySchemes"
            | "requestBodies"
    )
}

#[cfg(test)]
mod tests;
