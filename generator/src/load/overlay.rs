//! Overlays: documents merged into a spec after it is read, to say what the spec itself does
//! not (the regions of a service, how it signs, which parameters come from the credentials),
//! without editing a file that is not ours. An overlay is a JSON Merge Patch (RFC 7386) of the
//! document as OpenAPI 3.0, in YAML or JSON.

use std::path::Path;

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics};

/// Reads the overlay at `path` and applies it to `doc`.
pub fn apply(doc: &mut Value, path: &Path) -> Result<(), Diagnostics> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&display, "", format!("cannot read overlay: {e}")))?;
    let patch = super::parse_value(&bytes, path, &display)?;
    if !patch.is_object() {
        return Err(Diagnostic::error(&display, "", "an overlay is an object").into());
    }
    merge_patch(doc, &patch);
    Ok(())
}

/// Applies `patch` to `doc` as a JSON Merge Patch (RFC 7386): objects merge key by key, `null`
/// removes a key, anything else replaces what is there.
pub fn merge_patch(doc: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *doc = patch.clone();
        return;
    };
    if !doc.is_object() {
        *doc = Value::Object(Map::new());
    }
    let Value::Object(target) = doc else {
        return;
    };
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn merge_patches_follow_rfc_7386() {
        let mut doc = json!({"a": {"b": 1, "c": 2}, "d": [1], "e": "x"});
        merge_patch(
            &mut doc,
            &json!({"a": {"b": null, "z": 3}, "d": [2], "f": {"g": 1}}),
        );
        assert_eq!(
            doc,
            json!({"a": {"c": 2, "z": 3}, "d": [2], "e": "x", "f": {"g": 1}})
        );
    }
}
