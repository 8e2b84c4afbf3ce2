//! Huawei Cloud API Explorer definitions: one operation per file, a Swagger 2.0 document in a
//! wrapper of Huawei's own (`version`, `base_path`, `schemes` in upper case, `consumes` as
//! JSON text, no `info`). Each file is unwrapped into the Swagger 2.0 document it stands for,
//! and a folder of them is merged into one document, one service.
//!
//! What the definitions do not say (the regions, the signing, which path parameters come
//! from the credentials) is given by an overlay (`--overlay`), as for any spec.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::diag::{Diagnostic, Diagnostics};

/// Keys of the wrapper that make it one, beside `paths`.
const WRAPPER_KEYS: &[&str] = &["product_short", "info_version", "base_path"];

/// Whether `doc` is an API Explorer definition rather than an OpenAPI or Swagger document.
pub fn is_wrapper(doc: &Value) -> bool {
    doc.get("openapi").is_none()
        && doc.get("swagger").is_none()
        && doc.get("paths").is_some()
        && WRAPPER_KEYS.iter().all(|k| doc.get(*k).is_some())
}

/// The Swagger 2.0 document an API Explorer definition wraps.
pub fn unwrap(doc: Value, display: &str) -> Result<Value, Diagnostics> {
    let Value::Object(mut w) = doc else {
        return Err(Diagnostic::error(display, "", "the document is not an object").into());
    };
    let text = |w: &Map<String, Value>, key: &str| {
        w.get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                Diagnostics::from(Diagnostic::error(
                    display,
                    format!("/{key}"),
                    "expected a string",
                ))
            })
    };
    let product = text(&w, "product_short")?;
    let version = text(&w, "info_version")?;
    let mut out = Map::new();
    out.insert("swagger".into(), json!("2.0"));
    let mut info = json!({ "title": format!("{product} {version}"), "version": version });
    if let Some(d) = w.get("description").filter(|d| d.is_string()) {
        info["description"] = d.clone();
    }
    out.insert("info".into(), info);
    if let Some(host) = w.remove("host").filter(Value::is_string) {
        out.insert("host".into(), host);
    }
    if let Some(base) = w.remove("base_path").filter(Value::is_string) {
        out.insert("basePath".into(), base);
    }
    if let Some(Value::Array(schemes)) = w.remove("schemes") {
        let lower = schemes
            .iter()
            .filter_map(Value::as_str)
            .map(|s| json!(s.to_ascii_lowercase()))
            .collect();
        out.insert("schemes".into(), Value::Array(lower));
    }
    for key in ["consumes", "produces"] {
        match w.remove(key) {
            // A JSON array written as text.
            Some(Value::String(list)) => {
                let parsed: Value = serde_json::from_str(&list).map_err(|e| {
                    Diagnostic::error(
                        display,
                        format!("/{key}"),
                        format!("expected a JSON list of media types in the text: {e}"),
                    )
                })?;
                out.insert(key.into(), parsed);
            }
            Some(list @ Value::Array(_)) => {
                out.insert(key.into(), list);
            }
            _ => {}
        }
    }
    // Definitions name no `produces`; Huawei's services answer JSON, and the examples are
    // keyed `application/json`. Said here so that every reader of the document (the mock
    // server too) takes the answers as JSON.
    out.entry("produces")
        .or_insert_with(|| json!(["application/json"]));
    for (from, to) in [
        ("paths", "paths"),
        ("definitions", "definitions"),
        ("parameters", "parameters"),
        ("security_definitions", "securityDefinitions"),
    ] {
        if let Some(v @ Value::Object(_)) = w.remove(from) {
            out.insert(to.into(), v);
        }
    }
    Ok(Value::Object(out))
}

/// Merges unwrapped definitions (each with how it is named in diagnostics) into one Swagger
/// 2.0 document: their paths and operations side by side, their definitions shared when equal
/// and renamed after the file when two files give one name different schemas. Two files with
/// the same operation are an error.
pub fn merge(docs: Vec<(String, Value)>, display: &str) -> Result<Value, Diagnostics> {
    let mut merged: Option<Map<String, Value>> = None;
    let mut definitions = Map::new();
    let mut paths = Map::new();
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, doc) in docs {
        let Value::Object(mut doc) = doc else {
            continue;
        };
        let own = match doc.remove("definitions") {
            Some(Value::Object(d)) => d,
            _ => Map::new(),
        };
        let mut renames = BTreeMap::new();
        for (def, schema) in &own {
            if definitions.get(def).is_some_and(|s| s != schema) {
                let stem = crate::naming::type_name(
                    name.rsplit('/')
                        .next()
                        .unwrap_or(&name)
                        .trim_end_matches(".json"),
                    "Definition",
                );
                renames.insert(def.clone(), format!("{def}{stem}"));
            }
        }
        let mut doc = Value::Object(doc);
        let mut own = Value::Object(own);
        if !renames.is_empty() {
            rename_refs(&mut doc, &renames);
            rename_refs(&mut own, &renames);
        }
        if let Value::Object(own) = own {
            for (def, schema) in own {
                let def = renames.get(&def).cloned().unwrap_or(def);
                definitions.entry(def).or_insert(schema);
            }
        }
        let Value::Object(mut doc) = doc else {
            continue;
        };
        if let Some(Value::Object(items)) = doc.remove("paths") {
            for (path, item) in items {
                let Value::Object(item) = item else {
                    continue;
                };
                let entry = paths
                    .entry(path.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                let Some(entry) = entry.as_object_mut() else {
                    continue;
                };
                for (method, op) in item {
                    let key = (path.clone(), method.clone());
                    if let Some(first) = seen.get(&key) {
                        errors.push(Diagnostic::error(
                            &name,
                            crate::diag::pointer(["paths", path.as_str(), method.as_str()]),
                            format!("the operation is also defined in {first}"),
                        ));
                        continue;
                    }
                    seen.insert(key, name.clone());
                    entry.insert(method, op);
                }
            }
        }
        merged.get_or_insert(doc);
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let Some(mut doc) = merged else {
        return Err(
            Diagnostic::error(display, "", "no API Explorer definitions in the folder").into(),
        );
    };
    doc.insert("paths".into(), Value::Object(paths));
    doc.insert("definitions".into(), Value::Object(definitions));
    Ok(Value::Object(doc))
}

/// Points `#/definitions/A` at `#/definitions/B` for each rename `A → B` below `node`.
fn rename_refs(node: &mut Value, renames: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(new) = r
                    .strip_prefix("#/definitions/")
                    .and_then(|name| renames.get(name))
                {
                    *r = format!("#/definitions/{new}");
                }
            }
            map.values_mut().for_each(|v| rename_refs(v, renames));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, renames)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapper(name: &str, path: &str, definitions: Value) -> Value {
        json!({
            "name": name, "product_short": "DCS", "info_version": "v2", "version": "2.0",
            "host": "dcs.cn-north-4.myhuaweicloud.com", "base_path": "/", "schemes": ["HTTPS"],
            "consumes": "[\"application/json;charset=UTF-8\"]", "method": "get",
            "parameters": {}, "security_definitions": null, "components": null, "tags": "标签",
            "paths": {path: {"get": {"operationId": name, "responses": {"200": {"description": "ok"}}}}},
            "definitions": definitions
        })
    }

    #[test]
    fn a_wrapper_is_the_swagger_document_it_holds() {
        let doc = wrapper(
            "ListThings",
            "/v2/{project_id}/things",
            json!({"Thing": {"type": "object"}}),
        );
        assert!(is_wrapper(&doc));
        assert!(!is_wrapper(&json!({"swagger": "2.0", "paths": {}})));
        let d = unwrap(doc, "ListThings.json").expect("unwraps");
        assert_eq!(d["swagger"], "2.0");
        assert_eq!(d["info"], json!({"title": "DCS v2", "version": "v2"}));
        assert_eq!(d["basePath"], "/");
        assert_eq!(d["schemes"], json!(["https"]));
        assert_eq!(d["consumes"], json!(["application/json;charset=UTF-8"]));
        assert_eq!(
            d["produces"],
            json!(["application/json"]),
            "answers are JSON"
        );
        assert_eq!(d["definitions"]["Thing"]["type"], "object");
        assert!(d.get("securityDefinitions").is_none(), "null in every file");
        assert!(d.get("product_short").is_none());
    }

    #[test]
    fn wrapper_errors_are_located() {
        let mut doc = wrapper("A", "/a", json!({}));
        doc["consumes"] = json!("[application/json");
        let err = unwrap(doc, "A.json").expect_err("not JSON");
        assert!(
            err.to_string()
                .starts_with("A.json: /consumes: expected a JSON list"),
            "{err}"
        );
        let mut doc = wrapper("A", "/a", json!({}));
        doc["info_version"] = json!(2);
        let err = unwrap(doc, "A.json").expect_err("not text");
        assert_eq!(err.to_string(), "A.json: /info_version: expected a string");
    }

    #[test]
    fn files_merge_into_one_document_and_clashing_definitions_are_renamed() {
        let a = unwrap(
            wrapper(
                "ListThings",
                "/v2/things",
                json!({"Err": {"type": "object"}, "Thing": {"type": "object"}}),
            ),
            "d/ListThings.json",
        )
        .unwrap();
        let mut b = unwrap(
            wrapper(
                "ShowThing",
                "/v2/things/{id}",
                json!({"Err": {"type": "object"}, "Thing": {"type": "string"}}),
            ),
            "d/ShowThing.json",
        )
        .unwrap();
        b["paths"]["/v2/things/{id}"]["get"]["responses"]["200"]["schema"] =
            json!({"$ref": "#/definitions/Thing"});
        let mut c = unwrap(
            wrapper("DeleteThing", "/v2/things", json!({})),
            "d/DeleteThing.json",
        )
        .unwrap();
        c["paths"]["/v2/things"] =
            json!({"delete": {"responses": {"204": {"description": "gone"}}}});
        let merged = merge(
            vec![
                ("d/ListThings.json".into(), a),
                ("d/ShowThing.json".into(), b),
                ("d/DeleteThing.json".into(), c),
            ],
            "d",
        )
        .expect("merges");
        let defs = merged["definitions"].as_object().unwrap();
        assert_eq!(
            defs.keys().collect::<Vec<_>>(),
            ["Err", "Thing", "ThingShowThing"],
            "equal definitions are shared"
        );
        assert_eq!(
            merged["paths"]["/v2/things/{id}"]["get"]["responses"]["200"]["schema"]["$ref"],
            "#/definitions/ThingShowThing"
        );
        let things = merged["paths"]["/v2/things"].as_object().unwrap();
        assert_eq!(things.keys().collect::<Vec<_>>(), ["get", "delete"]);
    }

    #[test]
    fn an_operation_defined_twice_is_an_error_naming_both_files() {
        let a = unwrap(wrapper("A", "/a", json!({})), "d/A.json").unwrap();
        let b = unwrap(wrapper("A", "/a", json!({})), "d/B.json").unwrap();
        let err =
            merge(vec![("d/A.json".into(), a), ("d/B.json".into(), b)], "d").expect_err("twice");
        assert_eq!(
            err.to_string(),
            "d/B.json: /paths/~1a/get: the operation is also defined in d/A.json"
        );
    }
}
