//! The judge's own check of an answer against the spec, for answers the client could not
//! decode: Prism checks its answers too, but not everywhere (where it cuts a recursive schema
//! short it answers `{}` for an object with required properties and reports nothing). When
//! the body breaks the schema the spec documents for its status, the failure is the mock's.
//!
//! The spec's schemas are OpenAPI 3.0 schemas: JSON Schema draft 4 plus `nullable`, which is
//! rewritten into draft 4 (`type: [t, "null"]`, or `anyOf` with `{type: "null"}`) before
//! validating. Formats are not checked (the client reads most of them as text).

use std::collections::HashMap;

use serde_json::{json, Map, Value};

/// The spec, its schemas in draft 4, and the validators built so far (by schema pointer).
pub struct Spec {
    doc: Value,
    validators: HashMap<String, Option<jsonschema::Validator>>,
}

impl Spec {
    /// Reads the JSON copy of the spec at `path`.
    pub fn load(path: &str) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let mut doc: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        nullable_to_draft4(&mut doc);
        Ok(Self {
            doc,
            validators: HashMap::new(),
        })
    }

    /// What is wrong with `body` as the answer of status `status` and media type `media` to
    /// `method` on `path` (the spec's path template); `None` when it is valid, or when the
    /// spec documents no JSON schema for it.
    pub fn breaks(
        &mut self,
        method: &str,
        path: &str,
        status: u16,
        media: &str,
        body: &[u8],
    ) -> Option<String> {
        let pointer = self.schema_pointer(method, path, status, media)?;
        let instance: Value = serde_json::from_slice(body).ok()?;
        let doc = &self.doc;
        let validator = self
            .validators
            .entry(pointer)
            .or_insert_with_key(|pointer| {
                // The whole spec is the root, so its `$ref`s resolve; the root's own `$ref`
                // (draft 4 ignores the rest beside it) is the schema to check.
                let mut root = doc.as_object()?.clone();
                root.insert(
                    "$ref".into(),
                    Value::String(format!("#{}", fragment(pointer))),
                );
                jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft4)
                    .should_validate_formats(false)
                    .build(&Value::Object(root))
                    .ok()
            })
            .as_ref()?;
        let errors = validator
            .iter_errors(&instance)
            .take(3)
            .map(|e| {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() { "/".into() } else { at };
                let mut text = e.to_string();
                if text.chars().count() > 200 {
                    text = text.chars().take(200).collect::<String>() + "…";
                }
                format!("{at}: {text}")
            })
            .collect::<Vec<_>>();
        (!errors.is_empty()).then(|| errors.join("; "))
    }

    /// The JSON pointer of the schema of the answer, following `$ref`s of responses.
    fn schema_pointer(&self, method: &str, path: &str, status: u16, media: &str) -> Option<String> {
        let operation = format!("/paths/{}/{}", escape(path), method.to_ascii_lowercase());
        let responses = format!("{operation}/responses");
        let listed = self.doc.pointer(&responses)?.as_object()?;
        let key = [
            status.to_string(),
            format!("{}XX", status / 100),
            "default".into(),
        ]
        .into_iter()
        .find(|k| listed.contains_key(k))?;
        let response = self.resolve(format!("{responses}/{}", escape(&key)))?;
        let content = format!("{response}/content");
        let types = self.doc.pointer(&content)?.as_object()?;
        let essence = media.split(';').next().unwrap_or_default().trim();
        let chosen = types
            .keys()
            .find(|k| k.eq_ignore_ascii_case(essence))
            .or_else(|| {
                types
                    .keys()
                    .find(|k| k.contains("json") && essence.contains("json"))
            })?;
        let schema = format!("{content}/{}/schema", escape(chosen));
        self.doc.pointer(&schema)?;
        Some(schema)
    }

    /// `pointer`, or where the `$ref`s found there lead.
    fn resolve(&self, mut pointer: String) -> Option<String> {
        for _ in 0..16 {
            match self
                .doc
                .pointer(&pointer)?
                .get("$ref")
                .and_then(Value::as_str)
            {
                Some(reference) => pointer = reference.strip_prefix('#')?.to_owned(),
                None => return Some(pointer),
            }
        }
        None
    }
}

/// A JSON pointer as a URI fragment: what a fragment may not hold (`{`, `}`, spaces, …)
/// percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Rewrites OpenAPI 3.0's `nullable: true` into draft 4, everywhere in `node`.
fn nullable_to_draft4(node: &mut Value) {
    match node {
        Value::Object(map) => {
            map.values_mut().for_each(nullable_to_draft4);
            if map.get("nullable") == Some(&Value::Bool(true)) {
                map.remove("nullable");
                allow_null(map);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_to_draft4),
        _ => {}
    }
}

/// Makes the schema `map` accept `null` as well.
fn allow_null(map: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    match map.get_mut("type") {
        Some(Value::String(ty)) => {
            let ty = std::mem::take(ty);
            map.insert("type".into(), json!([ty, "null"]));
        }
        Some(_) => {}
        // No type of its own (`allOf`, `anyOf`, `$ref`): either the schema or null.
        None => {
            let inner = std::mem::take(map);
            map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(doc: Value) -> Spec {
        let mut doc = doc;
        nullable_to_draft4(&mut doc);
        Spec {
            doc,
            validators: HashMap::new(),
        }
    }

    #[test]
    fn answers_are_checked_against_the_schema_of_their_status() {
        let mut spec = spec(json!({
            "paths": {"/a/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Intent"}}}},
                "default": {"$ref": "#/components/responses/Error"}
            }}}},
            "components": {
                "schemas": {
                    "Intent": {"type": "object", "required": ["id"], "properties": {
                        "id": {"type": "string"},
                        "last": {"allOf": [{"$ref": "#/components/schemas/Error"}], "nullable": true},
                        "kind": {"type": "string", "enum": ["a"], "nullable": true}
                    }},
                    "Error": {"type": "object", "required": ["type"], "properties": {
                        "type": {"type": "string"},
                        "intent": {"$ref": "#/components/schemas/Intent"}
                    }}
                },
                "responses": {"Error": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
            }
        }));
        let mut check = |status, body: &str| {
            spec.breaks(
                "GET",
                "/a/{id}",
                status,
                "application/json; charset=utf-8",
                body.as_bytes(),
            )
        };
        assert_eq!(check(200, r#"{"id":"x","last":null,"kind":null}"#), None);
        assert_eq!(
            check(200, r#"{"id":"x","last":{"type":"t","intent":{"id":"y"}}}"#),
            None
        );
        // Prism's cut of the recursion: an object without its required property.
        let broken = check(200, r#"{"id":"x","last":{"type":"t","intent":{}}}"#);
        assert!(
            broken.as_deref().is_some_and(|b| b.starts_with("/last")),
            "{broken:?}"
        );
        // Any other status: `default`, through the response's `$ref`.
        assert!(check(500, r#"{"message":"m"}"#).is_some());
        assert_eq!(check(500, r#"{"type":"api_error"}"#), None);
        // Not JSON, or no such operation: nothing to say.
        assert_eq!(check(200, "<html>"), None);
        assert_eq!(
            spec.breaks("POST", "/a/{id}", 200, "application/json", b"{}"),
            None
        );
        assert_eq!(spec.validators.len(), 2);
    }
}
