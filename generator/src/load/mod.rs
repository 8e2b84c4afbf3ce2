//! Load stage: reads a spec file (JSON or YAML) into an [`openapiv3::OpenAPI`] document.
//!
//! The file is first read into a generic JSON value, so that a document that does not match
//! the OpenAPI schema can be reported with the JSON pointer of the offending node.

mod bundle;
mod locate;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};

/// A spec file, parsed.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The path as given, used in diagnostics and `@generated` headers.
    pub display: String,
    /// Where the file was read from.
    pub path: PathBuf,
    /// The parsed document.
    pub openapi: OpenAPI,
}

/// Reads and parses one spec. `display` is how the file is named in diagnostics.
pub fn load(path: &Path, display: &str) -> Result<LoadedSpec, Diagnostics> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(display, "", format!("cannot read file: {e}")))?;
    parse(&bytes, path, display)
}

/// Parses spec bytes. JSON is recognised by a `.json` extension or a leading `{`.
pub fn parse(bytes: &[u8], path: &Path, display: &str) -> Result<LoadedSpec, Diagnostics> {
    // The fast path: straight into the typed document. Only when that fails is the file read
    // as a generic value, to check the version and find the failing node.
    let external = bundle::has_external_refs(bytes);
    if let Some(openapi) = (!external)
        .then(|| parse_typed(bytes, path))
        .flatten()
        .filter(|o| o.openapi.starts_with("3.0"))
    {
        return Ok(LoadedSpec {
            display: display.to_owned(),
            path: path.to_owned(),
            openapi,
        });
    }
    let mut raw = parse_value(bytes, path, display)?;
    if external {
        bundle::bundle(&mut raw, path, display)?;
    }
    if !raw.is_object() {
        return Err(Diagnostic::error(display, "", "the document is not an object").into());
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => {
            return Err(Diagnostic::error(
                display,
                "/openapi",
                format!("OpenAPI version {v} is not supported (3.0.x only)"),
            )
            .into())
        }
        None => {
            return Err(Diagnostic::error(
                display,
                "/openapi",
                "missing `openapi` version string (3.0.x expected)",
            )
            .into())
        }
    }
    let openapi: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let (pointer, message) =
            locate::locate(&raw).unwrap_or_else(|| (json_pointer(e.path()), e.inner().to_string()));
        Diagnostic::error(display, pointer, message)
    })?;
    Ok(LoadedSpec {
        display: display.to_owned(),
        path: path.to_owned(),
        openapi,
    })
}

fn is_json(bytes: &[u8], path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
        || bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn parse_typed(bytes: &[u8], path: &Path) -> Option<OpenAPI> {
    if is_json(bytes, path) {
        serde_json::from_slice(bytes).ok()
    } else {
        serde_yaml::from_slice(bytes).ok()
    }
}

fn parse_value(bytes: &[u8], path: &Path, display: &str) -> Result<Value, Diagnostics> {
    if is_json(bytes, path) {
        serde_json::from_slice(bytes).map_err(|e| {
            Diagnostic::error(
                display,
                "",
                format!(
                    "invalid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
            .into()
        })
    } else {
        serde_yaml::from_slice(bytes)
            .map_err(|e| Diagnostic::error(display, "", format!("invalid YAML: {e}")).into())
    }
}

/// Turns a serde path (`paths./pets.get.responses`) into a JSON pointer.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let segments = path.iter().filter_map(|s| match s {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    });
    crate::diag::pointer(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<LoadedSpec, Diagnostics> {
        parse(text.as_bytes(), Path::new("t.yaml"), "t.yaml")
    }

    #[test]
    fn yaml_with_integer_status_keys_parses() {
        let spec = parse_str(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
        .expect("valid spec");
        assert_eq!(spec.openapi.paths.paths.len(), 1);
    }

    #[test]
    fn wrong_type_reports_pointer() {
        let err = parse_str(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n",
        )
        .expect_err("responses must be an object");
        let text = err.to_string();
        assert!(
            text.starts_with("t.yaml: /paths/~1a/get/responses: "),
            "{text}"
        );
    }

    #[test]
    fn errors_below_flattened_types_are_located() {
        let err = parse_str(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  n: {type: integer, minimum: high}\n",
        )
        .expect_err("minimum must be a number");
        let text = err.to_string();
        assert!(
            text.starts_with("t.yaml: /paths/~1a/get/responses/200/content/application~1json/schema/properties/n"),
            "{text}"
        );
    }

    #[test]
    fn yaml_syntax_error_is_reported() {
        let err = parse_str("openapi: [3.0.3\n").expect_err("broken YAML");
        assert!(
            err.to_string().starts_with("t.yaml: /: invalid YAML"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_external_file_is_an_error_at_the_reference() {
        let err = parse_str(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'nowhere.yaml#/components/schemas/B'}\n",
        )
        .expect_err("the file does not exist");
        let text = err.to_string();
        assert!(
            text.starts_with("t.yaml: /components/schemas/A/$ref: cannot read"),
            "{text}"
        );
    }

    #[test]
    fn other_versions_are_refused() {
        let err = parse_str("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .expect_err("3.1 unsupported");
        assert_eq!(
            err.to_string(),
            "t.yaml: /openapi: OpenAPI version 3.1.0 is not supported (3.0.x only)"
        );
    }
}
