//! Finds the deepest node of a document that does not deserialize.
//!
//! `openapiv3` types flatten their `x-` extensions, which hides the path of an error below
//! them from `serde_path_to_error`. So after a failure, the document is walked here: each
//! known child is deserialized as its own type, and the search descends into the first child
//! that fails.

use openapiv3::{
    Header, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diag::pointer;

/// The OpenAPI object a node should be.
#[derive(Clone, Copy)]
enum Kind {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    Schema,
    SecurityScheme,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The pointer and message of the deepest failing node under `root`, if one is found.
pub fn locate(root: &Value) -> Option<(String, String)> {
    let paths = root.get("paths").and_then(Value::as_object);
    for (key, item) in paths.into_iter().flatten() {
        if key.starts_with("x-") {
            continue;
        }
        if let Some(found) = search(item, pointer(["paths", key]), Kind::PathItem) {
            return Some(found);
        }
    }
    let components = root.get("components").and_then(Value::as_object)?;
    let sections = [
        ("schemas", Kind::Schema),
        ("responses", Kind::Response),
        ("parameters", Kind::Parameter),
        ("requestBodies", Kind::RequestBody),
        ("headers", Kind::Header),
        ("securitySchemes", Kind::SecurityScheme),
    ];
    for (section, kind) in sections {
        let entries = components.get(section).and_then(Value::as_object);
        for (name, node) in entries.into_iter().flatten() {
            if let Some(found) = search(node, pointer(["components", section, name]), kind) {
                return Some(found);
            }
        }
    }
    None
}

fn check<T: DeserializeOwned>(node: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(node)
        .map(drop)
        .map_err(|e| (super::json_pointer(e.path()), e.inner().to_string()))
}

fn search(node: &Value, at: String, kind: Kind) -> Option<(String, String)> {
    let result = match kind {
        Kind::PathItem => check::<ReferenceOr<PathItem>>(node),
        Kind::Operation => check::<Operation>(node),
        Kind::Parameter => check::<ReferenceOr<Parameter>>(node),
        Kind::RequestBody => check::<ReferenceOr<RequestBody>>(node),
        Kind::Response => check::<ReferenceOr<Response>>(node),
        Kind::Header => check::<ReferenceOr<Header>>(node),
        Kind::Schema => check::<ReferenceOr<Schema>>(node),
        Kind::SecurityScheme => check::<ReferenceOr<SecurityScheme>>(node),
    };
    let (path, message) = result.err()?;
    for (child, child_at, child_kind) in children(node, &at, kind) {
        if let Some(found) = search(child, child_at, child_kind) {
            return Some(found);
        }
    }
    Some((format!("{at}{path}"), message))
}

/// The children of a node that are OpenAPI objects themselves.
fn children<'v>(node: &'v Value, at: &str, kind: Kind) -> Vec<(&'v Value, String, Kind)> {
    let mut out = Vec::new();
    let Some(map) = node.as_object() else {
        return out;
    };
    let mut push = |value: Option<&'v Value>, rel: &[&str], kind: Kind| {
        if let Some(v) = value {
            out.push((v, format!("{at}{}", pointer(rel)), kind));
        }
    };
    let each = |key: &str| -> Vec<(String, &'v Value)> {
        match map.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            Some(Value::Object(entries)) => entries.iter().map(|(k, v)| (k.clone(), v)).collect(),
            _ => Vec::new(),
        }
    };
    match kind {
        Kind::PathItem => {
            for method in METHODS {
                push(map.get(*method), &[method], Kind::Operation);
            }
            for (i, p) in each("parameters") {
                push(Some(p), &["parameters", &i], Kind::Parameter);
            }
        }
        Kind::Operation => {
            for (i, p) in each("parameters") {
                push(Some(p), &["parameters", &i], Kind::Parameter);
            }
            push(map.get("requestBody"), &["requestBody"], Kind::RequestBody);
            for (code, r) in each("responses") {
                push(Some(r), &["responses", &code], Kind::Response);
            }
        }
        Kind::Parameter | Kind::Header => {
            push(map.get("schema"), &["schema"], Kind::Schema);
            content_schemas(map, &mut push);
        }
        Kind::RequestBody | Kind::Response => content_schemas(map, &mut push),
        Kind::Schema => {
            for key in ["items", "additionalProperties", "not"] {
                if map.get(key).is_some_and(Value::is_object) {
                    push(map.get(key), &[key], Kind::Schema);
                }
            }
            for key in ["properties", "allOf", "oneOf", "anyOf"] {
                for (name, s) in each(key) {
                    push(Some(s), &[key, &name], Kind::Schema);
                }
            }
        }
        Kind::SecurityScheme => {}
    }
    out
}

fn content_schemas<'v>(
    map: &'v serde_json::Map<String, Value>,
    push: &mut impl FnMut(Option<&'v Value>, &[&str], Kind),
) {
    let content = map.get("content").and_then(Value::as_object);
    for (media, m) in content.into_iter().flatten() {
        push(m.get("schema"), &["content", media, "schema"], Kind::Schema);
    }
}
