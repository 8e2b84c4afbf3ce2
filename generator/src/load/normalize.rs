//! Repairs made on every document read as a JSON value, whatever its version, before the typed
//! parse:
//!
//! - a schema `$ref` to any JSON pointer (`#/components/responses/R/content/application~1json/schema`,
//!   `#/components/schemas/T/allOf/0`, `#/components/schemas/T/$defs/U`) gets its target moved
//!   to `components/schemas` under a name of its own, with a `$ref` left in its place, so that
//!   both uses share one type;
//! - integer bounds that the typed model cannot hold as an `i64` are made one when they are a
//!   whole number in range written as a float (`-9223372036854776000` is -2^63), and dropped
//!   with a warning otherwise (`maximum: 18446744073709552000`: no 64-bit value crosses it);
//! - a `$ref` that is not text (`$ref: #/x` in YAML, where `#` starts a comment) is dropped
//!   with a warning.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::diag::{pointer, Diagnostic};

const SCHEMAS: &str = "/components/schemas/";

/// Applies the repairs to `doc`; `warnings` gets what was dropped.
pub fn normalize(doc: &mut Value, display: &str, warnings: &mut Vec<Diagnostic>) {
    // Before anything moves, so that warnings point where the spec has the value.
    values(doc, "", false, display, warnings);
    hoist_schema_targets(doc);
    drop_defs(doc, false);
}

/// Whether the text may hold a reference that [`normalize`] rewrites or a bound it drops (a
/// quick scan, so that documents without any keep the fast typed parse).
pub fn needed(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut rest = text.as_ref();
    while let Some(i) = rest.find("$ref") {
        rest = &rest[i + 4..];
        let target = rest
            .trim_start_matches(['"', '\'', ':', ' ', '\t'])
            .split(['"', '\'', '\n', '}'])
            .next()
            .unwrap_or("");
        if let Some(p) = target.strip_prefix('#') {
            if hoisted(p) {
                return true;
            }
        }
    }
    false
}

/// Whether a reference to pointer `p` is to a schema outside `components/schemas/<name>`.
fn hoisted(p: &str) -> bool {
    let segments = p.split('/').skip(1).collect::<Vec<_>>();
    match segments.as_slice() {
        ["components", "schemas", _] => false,
        ["components", "schemas", _, _, ..] => true,
        _ => segments.iter().any(|s| *s == "schema" || *s == "$defs"),
    }
}

/// Moves each schema that a `$ref` reaches by a pointer other than `components/schemas/<name>`
/// there, deepest first (a target inside another moves before it).
fn hoist_schema_targets(doc: &mut Value) {
    let mut targets = BTreeSet::new();
    collect_refs(doc, &mut targets);
    let mut targets = targets
        .into_iter()
        .filter(|t| hoisted(t))
        .collect::<Vec<_>>();
    targets.sort_by_key(|t| std::cmp::Reverse(t.matches('/').count()));
    let mut renamed = BTreeMap::new();
    for target in targets {
        let Some(found) = doc.pointer(&target).filter(|v| v.is_object()).cloned() else {
            continue;
        };
        let name = free_name(doc, &target);
        if let Some(Value::Object(schemas)) = ensure_schemas(doc) {
            schemas.insert(name.clone(), found);
        }
        let reference = format!("#{SCHEMAS}{}", escape(&name));
        if let Some(place) = doc.pointer_mut(&target) {
            *place = json!({ "$ref": reference });
        }
        renamed.insert(format!("#{target}"), reference);
    }
    if !renamed.is_empty() {
        rewrite_refs(doc, &renamed);
    }
}

/// `$defs` left after the referenced ones moved out: 3.0 has no such keyword. `names`: the
/// keys of `node` are names, not keywords.
fn drop_defs(node: &mut Value, names: bool) {
    match node {
        Value::Object(map) => {
            if !names {
                map.remove("$defs");
            }
            for (k, v) in map.iter_mut() {
                if !opaque(k) {
                    drop_defs(v, !names && holds_names(k));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_defs(v, false)),
        _ => {}
    }
}

/// Whether the value of keyword `key` maps names to schemas or other parts.
fn holds_names(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "$defs"
            | "schemas"
            | "paths"
            | "responses"
            | "parameters"
            | "requestBodies"
            | "headers"
            | "content"
            | "securitySchemes"
            | "callbacks"
            | "links"
            | "examples"
    )
}

/// Every `$ref` target below `node` that is a pointer into this document, without the `#`.
fn collect_refs(node: &Value, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if let Some(p) = r.strip_prefix('#') {
                    out.insert(p.to_owned());
                }
            }
            for (k, v) in map {
                if !opaque(k) {
                    collect_refs(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Points the `$ref`s listed in `renamed` at their targets' new places.
fn rewrite_refs(node: &mut Value, renamed: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(to) = renamed.get(r.as_str()) {
                    *r = to.clone();
                }
            }
            for (k, v) in map.iter_mut() {
                if !opaque(k) {
                    rewrite_refs(v, renamed);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, renamed)),
        _ => {}
    }
}

fn opaque(key: &str) -> bool {
    key == "example" || key == "examples" || key.starts_with("x-")
}

/// `components/schemas`, made when missing.
fn ensure_schemas(doc: &mut Value) -> Option<&mut Value> {
    let components = doc
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    Some(
        components
            .as_object_mut()?
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new())),
    )
}

/// A name for the schema at `target` that no schema has: its pointer's words that name
/// something (not `content`, `schema`, media types or keywords that hold one schema).
fn free_name(doc: &Value, target: &str) -> String {
    let words = target
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .filter(|s| {
            !matches!(
                s.as_str(),
                "components"
                    | "schemas"
                    | "responses"
                    | "requestBodies"
                    | "parameters"
                    | "headers"
                    | "content"
                    | "schema"
                    | "properties"
                    | "$defs"
            ) && !s.contains('/')
        })
        .collect::<Vec<_>>();
    let base = if words.is_empty() {
        "Schema".to_owned()
    } else {
        words.join("_")
    };
    let taken = |name: &str| doc.pointer(&format!("{SCHEMAS}{}", escape(name))).is_some();
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

fn escape(name: &str) -> String {
    pointer([name]).trim_start_matches('/').to_owned()
}

/// Drops `$ref`s that are not text, and makes integer bounds `i64`s or drops them.
///
/// `names`: the keys of `node` are names (of properties, say), not keywords.
fn values(node: &mut Value, at: &str, names: bool, display: &str, warnings: &mut Vec<Diagnostic>) {
    match node {
        Value::Object(map) if names => {
            for (k, v) in map.iter_mut() {
                values(
                    v,
                    &format!("{at}{}", pointer([k.as_str()])),
                    false,
                    display,
                    warnings,
                );
            }
        }
        Value::Object(map) => {
            if map.get("$ref").is_some_and(|r| !r.is_string()) {
                map.remove("$ref");
                warnings.push(Diagnostic::warning(
                    display,
                    format!("{at}/$ref"),
                    "`$ref` is not a string (in YAML, an unquoted `#` starts a comment); ignored",
                ));
            }
            let integer = map.get("type").and_then(Value::as_str) == Some("integer");
            for key in ["minimum", "maximum"] {
                let Some(Value::Number(n)) = map.get(key).filter(|_| integer) else {
                    continue;
                };
                if n.is_i64() {
                    continue;
                }
                match whole_i64(n) {
                    Some(i) => {
                        map.insert(key.into(), json!(i));
                    }
                    None => {
                        let value = map.remove(key).unwrap_or_default();
                        warnings.push(Diagnostic::warning(
                            display,
                            format!("{at}/{key}"),
                            format!("{value} is not a 64-bit integer; the bound is dropped"),
                        ));
                    }
                }
            }
            for (k, v) in map.iter_mut() {
                if !opaque(k) && k != "default" && k != "enum" {
                    let here = format!("{at}{}", pointer([k.as_str()]));
                    values(v, &here, holds_names(k), display, warnings);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                values(v, &format!("{at}/{i}"), false, display, warnings);
            }
        }
        _ => {}
    }
}

/// A bound written as a float that is a whole number in the 64-bit range (`-9223372036854776000`
/// is -2^63 exactly).
fn whole_i64(n: &serde_json::Number) -> Option<i64> {
    let f = n.as_f64()?;
    // -2^63 is an i64; 2^63 is not.
    let in_range = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f);
    (f.fract() == 0.0 && in_range).then_some(f as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pointers_past_a_component_schema_are_repaired() {
        assert!(!needed(br##"{"$ref": "#/components/schemas/Pet"}"##));
        assert!(!needed(b"$ref: '#/components/parameters/limit'\n"));
        assert!(needed(b"$ref: '#/components/schemas/Pet/allOf/0'\n"));
        assert!(needed(
            br##"{"$ref":"#/components/responses/R/content/application~1json/schema"}"##
        ));
        assert!(!needed(b"description: no references\n"));
    }

    #[test]
    fn a_target_moves_once_and_every_use_follows_it() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/T/allOf/0"}}}}}}}},
            "components": {"schemas": {
                "T": {"allOf": [{"type": "object"}, {"$ref": "#/components/schemas/T/allOf/0"}]},
                "T_allOf_0": {"type": "string"}
            }}
        });
        let mut warnings = Vec::new();
        normalize(&mut doc, "t.json", &mut warnings);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["T_allOf_0_2"], json!({"type": "object"}));
        assert_eq!(
            schemas["T"]["allOf"][0]["$ref"],
            "#/components/schemas/T_allOf_0_2"
        );
        assert_eq!(
            schemas["T"]["allOf"][1]["$ref"],
            "#/components/schemas/T_allOf_0_2"
        );
        let used = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(used["schema"]["$ref"], "#/components/schemas/T_allOf_0_2");
        assert!(warnings.is_empty());
    }
}
