//! OpenAPI 3.1 documents, rewritten as 3.0 ones (as JSON values, before the typed parse), so
//! that `lower` and everything after it read one model.
//!
//! What 3.0 can say is said its way: `type` arrays and `{type: "null"}` branches become
//! `nullable`, several types a `oneOf` of one branch per type, `const` a one-value `enum`,
//! schema `examples` the first as `example`, numeric `exclusiveMinimum`/`Maximum` the 3.0
//! pair, `$ref` with siblings an `allOf` of the reference with them (their `description`
//! wins), `contentMediaType`/`contentEncoding` a `format`, `$id`/`$anchor` references plain
//! pointers, `components.pathItems` the path items themselves. What it cannot is carried in
//! `x-` extensions that `lower` reads: `prefixItems` as `x-prefix-items`, the webhooks' names as
//! `info.x-webhooks`. Keywords with no equivalent are dropped with a warning, or replaced by
//! the nearest one (`unevaluatedProperties` by `additionalProperties`).

use rustc_hash::FxHashMap as HashMap;
use serde_json::{json, Map, Value};

use crate::diag::{pointer, Diagnostic};

/// The dialect a 3.1 document's schemas follow unless it names another.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Rewrites the 3.1 document `doc` as a 3.0 one; what is lost is reported in `warnings`.
pub fn downgrade(doc: &mut Value, display: &str, warnings: &mut Vec<Diagnostic>) {
    let mut cx = Downgrade { display, warnings };
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), json!("3.0.3"));
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        if dialect.as_str() != Some(DEFAULT_DIALECT) {
            cx.warn(
                "/jsonSchemaDialect",
                format!("schemas are read as OpenAPI's own dialect, not {dialect}"),
            );
        }
    }
    // 3.0's model keeps unknown keys only as extensions.
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if let Some(summary) = info.remove("summary") {
            info.insert("x-summary".into(), summary);
        }
        if let Some(Value::Object(license)) = info.get_mut("license") {
            if let Some(id) = license.remove("identifier") {
                license.insert("x-identifier".into(), id);
            }
        }
    }
    if let Some(Value::Object(hooks)) = root.remove("webhooks") {
        let names = hooks.keys().cloned().collect::<Vec<_>>();
        if let Some(Value::Object(info)) = root.get_mut("info") {
            info.insert("x-webhooks".into(), json!(names));
        }
    }
    if !root.contains_key("paths") {
        root.insert("paths".into(), json!({}));
    }
    inline_path_items(root);
    add_missing_responses(root);
    drop_unknown_security(root, &mut cx);
    let mut doc_value = Value::Object(std::mem::take(root));
    cx.walk_document(&mut doc_value, "");
    *doc = doc_value;
}

/// Makes the references to `$id`s and `$anchor`s of schemas (`/schemas/pet`,
/// `/schemas/pet#id`, `#id`) JSON pointers into the document, and pointers inside a schema
/// with an `$id` (`#/$defs/x`) pointers from the document's root. Done before other files are
/// bundled, since an `$id` looks like a file.
pub fn resolve_ids(doc: &mut Value) {
    let mut ids = HashMap::default();
    collect_ids(doc, "", "", &mut ids);
    if ids.is_empty() {
        return;
    }
    let mut rewrites = Vec::new();
    find_id_refs(doc, doc, "", "", &ids, &mut rewrites);
    for (at, target) in rewrites {
        if let Some(Value::Object(node)) = doc.pointer_mut(&at) {
            node.insert("$ref".into(), Value::String(target));
        }
    }
}

/// Records, below `node` (at pointer `at`, inside the resource `base`), each `$id` (as
/// itself) and `$anchor` (as `base#name`), with the pointer of the schema declaring it.
fn collect_ids(node: &Value, at: &str, base: &str, ids: &mut HashMap<String, String>) {
    match node {
        Value::Object(map) => {
            let mut base = base.to_owned();
            if let Some(Value::String(id)) = map.get("$id") {
                ids.insert(id.clone(), at.to_owned());
                base = id.clone();
            }
            if let Some(Value::String(name)) = map.get("$anchor") {
                ids.insert(format!("{base}#{name}"), at.to_owned());
                // Anchors are unique in the documents we meet; reachable from anywhere too.
                ids.entry(format!("#{name}"))
                    .or_insert_with(|| at.to_owned());
            }
            for (k, v) in map {
                if !is_opaque(k) {
                    collect_ids(v, &format!("{at}{}", pointer([k])), &base, ids);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_ids(v, &format!("{at}/{i}"), base, ids);
            }
        }
        _ => {}
    }
}

/// The `$ref`s below `node` (at `at`, inside the schema with an `$id` at `resource`) that
/// name an `$id` or `$anchor`, or a pointer inside `resource`: where each is, and its pointer.
fn find_id_refs(
    doc: &Value,
    node: &Value,
    at: &str,
    resource: &str,
    ids: &HashMap<String, String>,
    out: &mut Vec<(String, String)>,
) {
    match node {
        Value::Object(map) => {
            let resource = if map.contains_key("$id") {
                at
            } else {
                resource
            };
            if let Some(Value::String(target)) = map.get("$ref") {
                let (base, fragment) = target.split_once('#').unwrap_or((target.as_str(), ""));
                let resolved = match (ids.get(target.as_str()), ids.get(base)) {
                    (Some(p), _) => Some(p.clone()),
                    // An `$id` and a pointer inside it.
                    (None, Some(p)) if fragment.is_empty() || fragment.starts_with('/') => {
                        Some(format!("{p}{fragment}"))
                    }
                    // A pointer from the schema resource it is written in, where that has it
                    // (writers also mean the document's root from inside one).
                    _ if base.is_empty()
                        && !resource.is_empty()
                        && fragment.starts_with('/')
                        && doc.pointer(&format!("{resource}{fragment}")).is_some() =>
                    {
                        Some(format!("{resource}{fragment}"))
                    }
                    _ => None,
                };
                if let Some(p) = resolved {
                    out.push((at.to_owned(), format!("#{p}")));
                }
            }
            for (k, v) in map {
                if !is_opaque(k) {
                    let here = format!("{at}{}", pointer([k]));
                    find_id_refs(doc, v, &here, resource, ids, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_id_refs(doc, v, &format!("{at}/{i}"), resource, ids, out);
            }
        }
        _ => {}
    }
}

struct Downgrade<'a> {
    display: &'a str,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Downgrade<'_> {
    fn warn(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.display, at, message));
    }

    /// Walks the parts of the document that are not schemas, rewriting each schema met.
    fn walk_document(&mut self, node: &mut Value, at: &str) {
        match node {
            Value::Object(map) => {
                let in_schemas = at == "/components/schemas";
                for (k, v) in map.iter_mut() {
                    let here = format!("{at}{}", pointer([k.as_str()]));
                    if in_schemas || k == "schema" {
                        self.schema(v, &here);
                    } else if !is_opaque(k) {
                        self.walk_document(v, &here);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    self.walk_document(v, &format!("{at}/{i}"));
                }
            }
            _ => {}
        }
    }

    /// Rewrites one schema (at `at`) and its subschemas.
    fn schema(&mut self, node: &mut Value, at: &str) {
        let Value::Object(map) = node else {
            // `true` and `false` schemas: any value, and (rare) none.
            if node.is_boolean() {
                *node = json!({});
            }
            return;
        };
        // Subschemas first: a parent looks at what its branches became.
        for key in [
            "properties",
            "patternProperties",
            "$defs",
            "dependentSchemas",
        ] {
            if let Some(Value::Object(children)) = map.get_mut(key) {
                for (name, child) in children.iter_mut() {
                    self.schema(child, &format!("{at}/{key}{}", pointer([name.as_str()])));
                }
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            if let Some(Value::Array(children)) = map.get_mut(key) {
                for (i, child) in children.iter_mut().enumerate() {
                    self.schema(child, &format!("{at}/{key}/{i}"));
                }
            }
        }
        for key in [
            "items",
            "additionalProperties",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedProperties",
            "unevaluatedItems",
        ] {
            match map.get_mut(key) {
                Some(child @ Value::Object(_)) => self.schema(child, &format!("{at}/{key}")),
                // `items: [..]` is the pre-2020 tuple form; JSON Schema 2020-12 has `prefixItems`.
                Some(Value::Array(children)) if key == "items" => {
                    for (i, child) in children.iter_mut().enumerate() {
                        self.schema(child, &format!("{at}/items/{i}"));
                    }
                }
                _ => {}
            }
        }
        self.keywords(map, at);
    }

    /// Rewrites the keywords of one schema whose subschemas are done.
    fn keywords(&mut self, map: &mut Map<String, Value>, at: &str) {
        for key in [
            "$id",
            "$anchor",
            "$schema",
            "$comment",
            "$dynamicAnchor",
            "$vocabulary",
        ] {
            map.remove(key);
        }
        if map.contains_key("$ref") && map.keys().any(|k| k != "$ref" && !k.starts_with("x-")) {
            // Siblings of a `$ref` apply to it in 3.1: keep both, as 3.0's `allOf` does.
            let Some(reference) = map.remove("$ref") else {
                return;
            };
            map.insert("allOf".into(), json!([{ "$ref": reference }]));
        }
        self.types(map);
        if let Some(value) = map.remove("const") {
            if !map.contains_key("type") {
                if let Some(t) = type_of_value(&value) {
                    map.insert("type".into(), json!(t));
                }
            }
            map.insert("enum".into(), json!([value]));
        }
        if let Some(Value::Array(examples)) = map.get("examples") {
            if let (false, Some(first)) = (map.contains_key("example"), examples.first()) {
                let first = first.clone();
                map.insert("example".into(), first);
            }
            map.remove("examples");
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(n @ Value::Number(_)) = map.get(exclusive).cloned() {
                map.insert(bound.into(), n);
                map.insert(exclusive.into(), json!(true));
            }
        }
        self.content(map);
        if let Some(items) = map.remove("prefixItems") {
            map.insert("x-prefix-items".into(), items);
            if !map.contains_key("type") {
                map.insert("type".into(), json!("array"));
            }
        }
        if map
            .get("items")
            .is_some_and(|i| i.is_array() || i.is_boolean())
        {
            // The old tuple form (the same as `prefixItems`), or `items: false` after
            // `prefixItems` (no more items): the tuple says it all.
            if let Some(Value::Array(items)) = map.remove("items") {
                map.insert("x-prefix-items".into(), Value::Array(items));
            }
        }
        self.unsupported(map, at);
    }

    /// `type` arrays and `{type: "null"}`, alone or as branches of `anyOf`/`oneOf`.
    fn types(&mut self, map: &mut Map<String, Value>) {
        match map.get("type").cloned() {
            Some(Value::Array(types)) => {
                let mut types = types
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect::<Vec<_>>();
                if types.iter().any(|t| t == "null") {
                    types.retain(|t| t != "null");
                    map.insert("nullable".into(), json!(true));
                }
                match types.as_slice() {
                    [] => {
                        map.remove("type");
                    }
                    [one] => {
                        map.insert("type".into(), json!(one));
                    }
                    several => {
                        map.remove("type");
                        let branches = several
                            .iter()
                            .map(|t| branch_of_type(map, t))
                            .collect::<Vec<_>>();
                        for t in several {
                            for key in keywords_of_type(t) {
                                map.remove(*key);
                            }
                        }
                        map.insert("oneOf".into(), Value::Array(branches));
                    }
                }
            }
            Some(Value::String(t)) if t == "null" => {
                map.remove("type");
                map.insert("nullable".into(), json!(true));
                map.insert("x-null".into(), json!(true));
            }
            _ => {}
        }
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(branches)) = map.get_mut(key) else {
                continue;
            };
            let before = branches.len();
            branches.retain(|b| !is_null_only(b));
            if branches.len() == before {
                continue;
            }
            map.insert("nullable".into(), json!(true));
            let Some(Value::Array(branches)) = map.get(key) else {
                continue;
            };
            match branches.as_slice() {
                [] => {
                    map.remove(key);
                    map.insert("x-null".into(), json!(true));
                }
                // One branch left: the schema is that branch, or null.
                [only] => {
                    let only = only.clone();
                    map.remove(key);
                    merge_single_branch(map, only);
                }
                _ => {}
            }
        }
    }

    /// `contentMediaType` and `contentEncoding` of a string: the 3.0 `format`.
    fn content(&mut self, map: &mut Map<String, Value>) {
        let media = map.remove("contentMediaType");
        let encoding = map.remove("contentEncoding");
        map.remove("contentSchema");
        if map.contains_key("format") {
            return;
        }
        match (encoding.as_ref().and_then(Value::as_str), media) {
            (Some("base64" | "base64url"), _) => {
                map.insert("format".into(), json!("byte"));
            }
            (_, Some(Value::String(m))) if !m.contains("json") && !m.starts_with("text/") => {
                map.insert("format".into(), json!("binary"));
            }
            _ => {}
        }
    }

    /// Keywords that 3.0 has no word for.
    fn unsupported(&mut self, map: &mut Map<String, Value>, at: &str) {
        for key in ["if", "then", "else"] {
            if map.remove(key).is_some() && key == "if" {
                self.warn(
                    format!("{at}/if"),
                    "`if`/`then`/`else` is not represented; values are checked only against the rest of the schema",
                );
            }
        }
        for key in ["dependentRequired", "dependentSchemas"] {
            if map.remove(key).is_some() {
                self.warn(
                    format!("{at}/{key}"),
                    format!("`{key}` is not represented; such fields are all optional"),
                );
            }
        }
        if let Some(rest) = map.remove("unevaluatedProperties") {
            if map.contains_key("additionalProperties") {
                self.warn(
                    format!("{at}/unevaluatedProperties"),
                    "`unevaluatedProperties` is not represented beside `additionalProperties`; ignored",
                );
            } else {
                self.warn(
                    format!("{at}/unevaluatedProperties"),
                    "`unevaluatedProperties` read as `additionalProperties` (the properties of `allOf` parts are not counted as evaluated)",
                );
                map.insert("additionalProperties".into(), rest);
            }
        }
        for key in [
            "unevaluatedItems",
            "contains",
            "minContains",
            "maxContains",
            "propertyNames",
            "$dynamicRef",
        ] {
            map.remove(key);
        }
    }
}

/// Keys whose values are data or extensions, never spec structure.
fn is_opaque(key: &str) -> bool {
    key == "example"
        || key == "examples"
        || key == "default"
        || key == "enum"
        || key == "const"
        || key.starts_with("x-")
}

/// Whether a (rewritten) schema admits `null` only.
fn is_null_only(schema: &Value) -> bool {
    schema.get("x-null") == Some(&json!(true))
        || schema.get("type").and_then(Value::as_str) == Some("null")
}

/// The JSON Schema type of a `const` value.
fn type_of_value(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

/// The keywords that apply to values of one type.
fn keywords_of_type(t: &str) -> &'static [&'static str] {
    match t {
        "string" => &["minLength", "maxLength", "pattern", "format"],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// One branch of a schema with several types: the type, with the keywords that apply to it.
fn branch_of_type(map: &Map<String, Value>, t: &str) -> Value {
    let mut branch = Map::new();
    branch.insert("type".into(), json!(t));
    for key in keywords_of_type(t) {
        if let Some(v) = map.get(*key) {
            branch.insert((*key).into(), v.clone());
        }
    }
    Value::Object(branch)
}

/// The schema `map` that was `anyOf: [only, {type: null}]`: `only`, nullable, with what `map`
/// says besides (its annotations win).
fn merge_single_branch(map: &mut Map<String, Value>, only: Value) {
    match only {
        Value::Object(branch) if !branch.contains_key("$ref") => {
            for (k, v) in branch {
                map.entry(k).or_insert(v);
            }
        }
        reference => {
            let mut parts = vec![reference];
            if let Some(Value::Array(existing)) = map.remove("allOf") {
                parts.extend(existing);
            }
            map.insert("allOf".into(), Value::Array(parts));
        }
    }
}

/// Puts the path items that `paths` reach through `$ref`s to `components.pathItems` in their
/// places (3.0 has no such component).
fn inline_path_items(root: &mut Map<String, Value>) {
    let items = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("pathItems"));
    let Some(Value::Object(items)) = items else {
        return;
    };
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let target = item
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/pathItems/"))
            .map(|name| name.replace("~1", "/").replace("~0", "~"));
        if let Some(found) = target.and_then(|name| items.get(&name)) {
            *item = found.clone();
        }
    }
}

/// `responses`, optional in 3.1 and required in 3.0, as an empty map where an operation has
/// none.
fn add_missing_responses(root: &mut Map<String, Value>) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                op.entry("responses").or_insert_with(|| json!({}));
            }
        }
    }
}

/// Security schemes of kinds 3.0 does not know (`mutualTLS`): a TLS client certificate is the
/// HTTP client's business, not a request's.
fn drop_unknown_security(root: &mut Map<String, Value>, cx: &mut Downgrade<'_>) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    let unknown = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect::<Vec<_>>();
    for name in unknown {
        schemes.remove(&name);
        cx.warn(
            format!("/components/securitySchemes{}", pointer([name.as_str()])),
            "a `mutualTLS` scheme is set up on the HTTP client (its TLS identity), not by the generated code; left out",
        );
    }
}
