//! The copy of a spec the mock server reads, when the spec itself would make it reach out.
//!
//! OpenAPI says an example's value is literal data, but Prism's reference resolver follows every
//! `$ref` key in the document, also inside examples; GitHub's SCIM examples hold
//! `"$ref": "https://api.github.com/…"` as data, so Prism tries to download them and exits when
//! it cannot. The conformance run only talks to 127.0.0.1, so such keys inside example values
//! are renamed (`$ref` → `x-example-$ref`) in a JSON copy given to Prism. Nothing else changes.

use serde_json::Value;

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
}
