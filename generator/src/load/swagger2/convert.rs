//! The parts of a Swagger 2.0 document that become their OpenAPI 3.0 counterpart one by one:
//! servers, parameter schemas, request bodies, responses, security schemes, schemas.

use serde_json::{json, Map, Value};

/// The keywords of a 2.0 non-body parameter (and of its `items`) that make up its schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// `servers` from `host`, `basePath` and `schemes`: one per scheme, https first; without a
/// host, the base path alone (relative to wherever the client is pointed).
pub(super) fn servers(old: &Map<String, Value>) -> Vec<Value> {
    let base = old
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let Some(host) = old.get("host").and_then(Value::as_str) else {
        return if base.is_empty() {
            Vec::new()
        } else {
            vec![json!({ "url": base })]
        };
    };
    let mut schemes = old
        .get("schemes")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .map(str::to_ascii_lowercase)
                .filter(|s| s == "https" || s == "http")
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    schemes.sort_by_key(|s| s != "https");
    schemes.dedup();
    schemes
        .iter()
        .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
        .collect()
}

/// The schema of a non-body parameter, or of an `items` below one: its type keywords.
pub(super) fn simple_schema(p: &Map<String, Value>) -> Map<String, Value> {
    let mut schema = Map::new();
    for key in SCHEMA_KEYWORDS {
        if let Some(v) = p.get(*key) {
            schema.insert((*key).into(), v.clone());
        }
    }
    if let Some(Value::Object(items)) = schema.get("items") {
        let items = simple_schema(items);
        schema.insert("items".into(), Value::Object(items));
    }
    let mut schema = Value::Object(schema);
    convert_schema(&mut schema);
    match schema {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The request body of an `in: body` parameter: its schema under each media type consumed.
pub(super) fn body_request(mut p: Map<String, Value>, consumes: &[String]) -> Value {
    let mut schema = p.remove("schema").unwrap_or_else(|| json!({}));
    convert_schema(&mut schema);
    let content = consumes
        .iter()
        .map(|c| (c.clone(), json!({ "schema": schema })))
        .collect::<Map<_, _>>();
    let mut body = json!({ "content": content });
    for key in ["description", "required"] {
        if let Some(v) = p.remove(key) {
            body[key] = v;
        }
    }
    for (k, v) in p {
        if k.starts_with("x-") {
            body[k] = v;
        }
    }
    body
}

/// A 3.0 response from a 2.0 one: its schema under each media type produced.
pub(super) fn response(r: Value, produces: &[String]) -> Value {
    let Value::Object(mut r) = r else {
        return r;
    };
    if r.contains_key("$ref") {
        return Value::Object(r);
    }
    let mut out = Map::new();
    let description = r.remove("description").unwrap_or_else(|| json!(""));
    out.insert("description".into(), description);
    let examples = match r.remove("examples") {
        Some(Value::Object(e)) => e,
        _ => Map::new(),
    };
    if let Some(mut schema) = r.remove("schema") {
        convert_schema(&mut schema);
        let content = produces
            .iter()
            .map(|media| {
                let mut entry = json!({ "schema": schema });
                if let Some(example) = examples.get(media) {
                    entry["example"] = example.clone();
                }
                (media.clone(), entry)
            })
            .collect::<Map<_, _>>();
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = r.remove("headers") {
        let headers = headers
            .into_iter()
            .map(|(name, h)| {
                let header = match h {
                    Value::Object(h) => {
                        let mut header = Map::new();
                        if let Some(d) = h.get("description") {
                            header.insert("description".into(), d.clone());
                        }
                        header.insert("schema".into(), Value::Object(simple_schema(&h)));
                        Value::Object(header)
                    }
                    other => other,
                };
                (name, header)
            })
            .collect::<Map<_, _>>();
        out.insert("headers".into(), Value::Object(headers));
    }
    for (k, v) in r {
        if k.starts_with("x-") {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

/// A 3.0 security scheme from a 2.0 security definition.
pub(super) fn security_scheme(s: Value) -> Result<Value, String> {
    let Value::Object(mut s) = s else {
        return Err("a security definition is an object; left out".into());
    };
    let kind = s
        .remove("type")
        .and_then(|t| t.as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut out = Map::new();
    match kind.as_str() {
        "basic" => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        "apiKey" => {
            out.insert("type".into(), json!("apiKey"));
            for key in ["name", "in"] {
                out.insert(key.into(), s.remove(key).unwrap_or_else(|| json!("")));
            }
        }
        "oauth2" => {
            let flow = s.remove("flow").and_then(|f| f.as_str().map(str::to_owned));
            let name = match flow.as_deref() {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                other => {
                    return Err(format!(
                        "OAuth2 flow {other:?} is not one of 2.0's; left out"
                    ))
                }
            };
            let mut flow = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = s.remove(key) {
                    flow.insert(key.into(), v);
                }
            }
            flow.insert(
                "scopes".into(),
                s.remove("scopes").unwrap_or_else(|| json!({})),
            );
            out.insert("type".into(), json!("oauth2"));
            out.insert("flows".into(), json!({ name: flow }));
        }
        other => {
            return Err(format!(
                "security type `{other}` is not one of 2.0's; left out"
            ))
        }
    }
    for (k, v) in s {
        if k == "description" || k.starts_with("x-") {
            out.insert(k, v);
        }
    }
    Ok(Value::Object(out))
}

/// Rewrites a 2.0 schema and its subschemas in place.
pub(super) fn convert_schema(node: &mut Value) {
    let Value::Object(map) = node else {
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for child in properties.values_mut() {
            convert_schema(child);
        }
    }
    if let Some(Value::Array(parts)) = map.get_mut("allOf") {
        for child in parts {
            convert_schema(child);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child @ Value::Object(_)) = map.get_mut(key) {
            convert_schema(child);
        }
    }
    if let Some(nullable) = map.remove("x-nullable") {
        map.insert("nullable".into(), nullable);
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), json!("string"));
        map.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(property)) = map.get("discriminator").cloned() {
        map.insert("discriminator".into(), json!({ "propertyName": property }));
    }
    if map.contains_key("$ref") && map.keys().any(|k| k != "$ref" && !k.starts_with("x-")) {
        // 3.0 ignores a `$ref`'s siblings; `allOf` keeps them (a description, `nullable`).
        if let Some(reference) = map.remove("$ref") {
            map.insert("allOf".into(), json!([{ "$ref": reference }]));
        }
    }
}
