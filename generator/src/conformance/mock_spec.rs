//! The copy of a spec the mock server reads, when Prism cannot read the spec as it is.
//!
//! - OpenAPI says an example's value is literal data, but Prism's reference resolver follows
//!   every `$ref` key in the document, also inside examples; GitHub's SCIM examples hold
//!   `"$ref": "https://api.github.com/…"` as data, so Prism tries to download them and exits
//!   when it cannot. The conformance run only talks to 127.0.0.1, so such keys inside example
//!   values are renamed (`$ref` → `x-example-$ref`) in a JSON copy given to Prism.
//! - Prism expands every `$ref` in place, into a tree. Where schemas refer to each other so
//!   much that the tree would be huge (Stripe's: some 10^10 nodes), it never starts: its
//!   reference resolver walks every expanded copy again, and its `decycle` copies every shared
//!   schema into each place. Such a spec's components go into a file of their own
//!   ([`split_components`]), which the resolver reaches only through references, so it walks
//!   each schema once; run.sh then loads `tests/conformance/prism-shared-schemas.js` into Prism,
//!   which keeps shared schemas shared. The schemas themselves do not change.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{Map, Value};

/// The key a `$ref` inside example data is renamed to.
pub const RENAMED: &str = "x-example-$ref";

/// Renames `$ref` keys that point outside the document inside example values of `doc`;
/// returns how many it renamed.
pub fn literal_examples(doc: &mut Value) -> usize {
    match doc {
        Value::Object(map) => {
            let mut renamed = 0;
            for (key, value) in map.iter_mut() {
                renamed += match key.as_str() {
                    "example" => rename_external_refs(value),
                    "examples" => match value {
                        Value::Object(named) => named
                            .values_mut()
                            .filter_map(|e| e.as_object_mut()?.get_mut("value"))
                            .map(rename_external_refs)
                            .sum(),
                        // A schema's `examples` list (JSON Schema) is data too.
                        Value::Array(items) => items.iter_mut().map(rename_external_refs).sum(),
                        _ => 0,
                    },
                    _ => literal_examples(value),
                };
            }
            renamed
        }
        Value::Array(items) => items.iter_mut().map(literal_examples).sum(),
        _ => 0,
    }
}

/// Renames every `$ref` key whose value is not a local pointer (`#…`) in `data`.
fn rename_external_refs(data: &mut Value) -> usize {
    match data {
        Value::Object(map) => {
            let external = map
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#'));
            let mut renamed = 0;
            if external {
                if let Some(value) = map.shift_remove("$ref") {
                    map.insert(RENAMED.to_owned(), value);
                    renamed += 1;
                }
            }
            renamed + map.values_mut().map(rename_external_refs).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(rename_external_refs).sum(),
        _ => 0,
    }
}

/// The file beside the copy that holds the components of a split spec.
pub const COMPONENTS_FILE: &str = "mock-components.json";

/// Above this many nodes of the expanded tree, the spec is given to Prism split
/// ([`split_components`]). The corpus specs Prism reads as they are stay under 10^6 (Xero's
/// 5.7 × 10^5 is the largest); Stripe's is 1.9 × 10^10.
pub const SPLIT_ABOVE: u64 = 10_000_000;

/// The number of nodes of `doc`'s `paths` with every local `$ref` replaced by what it points
/// at, as Prism expands them (a reference back into its own chain counts one), up to
/// [`SPLIT_ABOVE`] + 1.
pub fn expanded_size(doc: &Value) -> u64 {
    let mut sizer = Sizer {
        doc,
        memo: HashMap::default(),
        open: HashSet::default(),
    };
    doc.get("paths").map_or(0, |paths| sizer.size(paths, 0))
}

struct Sizer<'a> {
    doc: &'a Value,
    memo: HashMap<&'a str, u64>,
    open: HashSet<&'a str>,
}

/// How deep references may chain before the size counts as too big.
const MAX_CHAIN: usize = 2_000;

impl<'a> Sizer<'a> {
    fn size(&mut self, node: &'a Value, depth: usize) -> u64 {
        let cap = SPLIT_ABOVE + 1;
        if depth > MAX_CHAIN {
            return cap;
        }
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.as_str();
                    if self.open.contains(reference) {
                        return 1;
                    }
                    if let Some(&size) = self.memo.get(reference) {
                        return size;
                    }
                    let Some(target) = reference
                        .strip_prefix('#')
                        .and_then(|pointer| self.doc.pointer(pointer))
                    else {
                        return 1;
                    };
                    self.open.insert(reference);
                    let size = self.size(target, depth + 1);
                    self.open.remove(reference);
                    self.memo.insert(reference, size);
                    return size;
                }
                map.values().fold(1, |sum, v| {
                    sum.saturating_add(self.size(v, depth + 1)).min(cap)
                })
            }
            Value::Array(items) => items.iter().fold(1, |sum, v| {
                sum.saturating_add(self.size(v, depth + 1)).min(cap)
            }),
            _ => 1,
        }
    }
}

/// Moves `doc`'s components, all but `securitySchemes` (which Prism looks up by name), into a
/// document of their own, to be written as `file` beside the copy, and points the references
/// outside them there (`#/components/…` → `file#/components/…`); returns that document.
pub fn split_components(doc: &mut Value, file: &str) -> Value {
    let mut moved = Map::new();
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        let names = components
            .keys()
            .filter(|k| k.as_str() != "securitySchemes")
            .cloned()
            .collect::<Vec<_>>();
        for name in names {
            if let Some(value) = components.shift_remove(&name) {
                moved.insert(name, value);
            }
        }
    }
    point_refs_at(doc, file);
    serde_json::json!({ "components": moved })
}

/// Prefixes every `#/components/…` reference in `node` with `file`.
fn point_refs_at(node: &mut Value, file: &str) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(r) if key == "$ref" && r.starts_with("#/components/") => {
                        *r = format!("{file}{r}");
                    }
                    _ => point_refs_at(value, file),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| point_refs_at(v, file)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn external_refs_in_example_data_are_renamed_and_nothing_else() {
        let mut doc = json!({
            "components": {
                "schemas": {"Group": {"$ref": "#/components/schemas/Base", "example": {"m": [{"$ref": "https://x.test/u/1"}]}}},
                "examples": {"group": {"value": {"members": [{"value": "1", "$ref": "https://x.test/u/1"}, {"$ref": "#/local"}]}}}
            },
            "paths": {"/a": {"get": {"responses": {"200": {"$ref": "https://elsewhere.test/r.json"}}}}}
        });
        assert_eq!(literal_examples(&mut doc), 2);
        assert_eq!(
            doc["components"]["examples"]["group"]["value"]["members"],
            json!([{"value": "1", "x-example-$ref": "https://x.test/u/1"}, {"$ref": "#/local"}])
        );
        assert_eq!(
            doc["components"]["schemas"]["Group"]["example"]["m"][0],
            json!({"x-example-$ref": "https://x.test/u/1"})
        );
        // References of the document itself are left as they are.
        assert_eq!(
            doc["components"]["schemas"]["Group"]["$ref"],
            "#/components/schemas/Base"
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["$ref"],
            "https://elsewhere.test/r.json"
        );
    }

    #[test]
    fn shared_schemas_are_counted_expanded_and_split_out() {
        // Each level refers to the next twice: the tree doubles per level.
        let mut schemas = serde_json::Map::new();
        for i in 0..30 {
            let next = json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
            schemas.insert(
                format!("S{i}"),
                json!({"type": "object", "properties": {"a": next, "b": next}}),
            );
        }
        schemas.insert("S30".into(), json!({"type": "string"}));
        schemas.insert(
            "Loop".into(),
            json!({"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Loop"}}}),
        );
        let mut doc = json!({
            "paths": {"/small": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Loop"}}}}}}}},
            "components": {"schemas": schemas, "securitySchemes": {"key": {"type": "apiKey"}}}
        });
        // A cycle counts once: small.
        assert!(expanded_size(&doc) < 100);
        doc["paths"]["/big"] = json!({"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/S0"}}}}}}});
        assert!(expanded_size(&doc) > SPLIT_ABOVE);

        let components = split_components(&mut doc, "c.json");
        assert_eq!(
            doc["paths"]["/big"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["$ref"],
            "c.json#/components/schemas/S0"
        );
        // Security schemes stay (Prism reads them by name); the rest moved, unchanged inside.
        assert_eq!(
            doc["components"],
            json!({"securitySchemes": {"key": {"type": "apiKey"}}})
        );
        assert_eq!(
            components["components"]["schemas"]["S0"]["properties"]["a"]["$ref"],
            "#/components/schemas/S1"
        );
    }
}
