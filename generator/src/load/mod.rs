//! Load stage: reads a spec file (JSON or YAML), or a folder of Huawei API Explorer
//! definitions, into an [`openapiv3::OpenAPI`] document.
//!
//! An OpenAPI 3.0 document without anything to repair goes straight into the typed model.
//! Others are read as a generic JSON value first: API Explorer definitions unwrapped and
//! merged ([`apiexplorer`]), Swagger 2.0 documents and 3.1 ones rewritten as 3.0
//! ([`swagger2`], [`v31`]), other files' parts bundled in, overlays applied ([`overlay`]),
//! references and bounds the typed model cannot hold repaired ([`normalize`]), and a document
//! that still does not match the model is reported with the JSON pointer of the offending node.

mod apiexplorer;
mod bundle;
mod duplicates;
mod locate;
mod normalize;
pub mod overlay;
mod swagger2;
mod typed;
mod v31;

pub use v31::resolve_ids;
pub mod yaml;

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
    /// What was worked around on the way (3.1 keywords 3.0 cannot say, bounds dropped).
    pub warnings: Vec<Diagnostic>,
}

/// Reads and parses one spec. `display` is how the file is named in diagnostics.
pub fn load(path: &Path, display: &str) -> Result<LoadedSpec, Diagnostics> {
    load_with(path, display, &[])
}

/// Reads and parses one spec, a file or a folder of Huawei API Explorer definitions, with the
/// `overlays` applied in order ([`overlay`]).
pub fn load_with(
    path: &Path,
    display: &str,
    overlays: &[PathBuf],
) -> Result<LoadedSpec, Diagnostics> {
    if path.is_dir() {
        let raw = read_folder(path, display)?;
        return from_value(raw, path, display, false, overlays);
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(display, "", format!("cannot read file: {e}")))?;
    parse_with(&bytes, path, display, overlays)
}

/// The spec as a JSON value in the format it is written in, before any conversion: a file as
/// parsed, an API Explorer definition unwrapped, a folder of them merged (a Swagger 2.0
/// document). For tools that read the spec themselves (the conformance run's mock server).
pub fn document(path: &Path, display: &str) -> Result<Value, Diagnostics> {
    if path.is_dir() {
        return read_folder(path, display);
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(display, "", format!("cannot read file: {e}")))?;
    let raw = parse_value(&bytes, path, display)?;
    if apiexplorer::is_wrapper(&raw) {
        return apiexplorer::unwrap(raw, display);
    }
    Ok(raw)
}

/// Parses spec bytes. JSON is recognised by a `.json` extension or a leading `{`.
pub fn parse(bytes: &[u8], path: &Path, display: &str) -> Result<LoadedSpec, Diagnostics> {
    parse_with(bytes, path, display, &[])
}

fn parse_with(
    bytes: &[u8],
    path: &Path,
    display: &str,
    overlays: &[PathBuf],
) -> Result<LoadedSpec, Diagnostics> {
    // The fast path: straight into the typed document. Only when that fails is the file read
    // as a generic value, to check the version and find the failing node. Two scans decide
    // whether the fast path may be taken (no other files, nothing to repair) and run on
    // another core while the typed read goes ahead, when the file says it is OpenAPI 3.0. The
    // typed model's reader can panic on a repeated key: it never sees one (JSON is split and
    // checked piece by piece in [`typed`]).
    let json = is_json(bytes, path);
    let ((external, clean), typed) = std::thread::scope(|scope| {
        let scans = scope.spawn(|| {
            let external = bundle::has_external_refs(bytes);
            (external, !external && !normalize::needed(bytes))
        });
        let typed = (overlays.is_empty() && says_openapi_30(bytes, json))
            .then(|| {
                if json {
                    typed::read(bytes)
                } else if duplicates::any(bytes, false) {
                    None
                } else {
                    yaml::typed(bytes).ok()
                }
            })
            .flatten();
        // A scan that could not finish sends the file the long way.
        let scans = scans
            .join()
            .unwrap_or_else(|_| (bundle::has_external_refs(bytes), false));
        (scans, typed)
    });
    if let Some(openapi) = typed
        .filter(|_| clean)
        .filter(|o| o.openapi.starts_with("3.0"))
    {
        return Ok(LoadedSpec {
            display: display.to_owned(),
            path: path.to_owned(),
            openapi,
            warnings: Vec::new(),
        });
    }
    let mut raw = parse_value(bytes, path, display)?;
    if apiexplorer::is_wrapper(&raw) {
        raw = apiexplorer::unwrap(raw, display)?;
    }
    from_value(raw, path, display, external, overlays)
}

/// The API Explorer definitions in the folder `dir` (its `.json` files), merged into one
/// Swagger 2.0 document.
fn read_folder(dir: &Path, display: &str) -> Result<Value, Diagnostics> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::error(display, "", format!("cannot read folder: {e}")))?;
    let mut files = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect::<Vec<_>>();
    files.sort();
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown = format!("{}/{name}", display.trim_end_matches('/'));
        let read = std::fs::read(&file)
            .map_err(|e| Diagnostic::error(&shown, "", format!("cannot read file: {e}")).into())
            .and_then(|bytes| parse_value(&bytes, &file, &shown))
            .and_then(|raw| {
                if apiexplorer::is_wrapper(&raw) {
                    apiexplorer::unwrap(raw, &shown)
                } else {
                    Err(Diagnostic::error(
                        &shown,
                        "",
                        "a folder holds Huawei API Explorer definitions; this file is not one",
                    )
                    .into())
                }
            });
        match read {
            Ok(doc) => docs.push((shown, doc)),
            Err(d) => errors.extend(d.0),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    apiexplorer::merge(docs, display)
}

/// A spec read as a generic value: upgraded or downgraded to OpenAPI 3.0, bundled, overlaid,
/// repaired, then parsed into the typed document.
fn from_value(
    mut raw: Value,
    path: &Path,
    display: &str,
    external: bool,
    overlays: &[PathBuf],
) -> Result<LoadedSpec, Diagnostics> {
    if !raw.is_object() {
        return Err(Diagnostic::error(display, "", "the document is not an object").into());
    }
    let mut warnings = Vec::new();
    if raw.get("openapi").is_none() {
        match raw.get("swagger") {
            Some(Value::String(v)) if v == "2.0" => {
                swagger2::upgrade(&mut raw, display, &mut warnings);
            }
            Some(v) => {
                return Err(Diagnostic::error(
                    display,
                    "/swagger",
                    format!("Swagger version {v} is not supported (2.0 is)"),
                )
                .into())
            }
            None => {}
        }
    }
    let version = raw
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let v31 = version.as_deref().is_some_and(|v| v.starts_with("3.1"));
    if v31 {
        v31::resolve_ids(&mut raw);
    }
    if external {
        bundle::bundle(&mut raw, path, display)?;
    }
    match version.as_deref() {
        Some(v) if v.starts_with("3.0") => {}
        Some(_) if v31 => v31::downgrade(&mut raw, display, &mut warnings),
        Some(v) => {
            return Err(Diagnostic::error(
                display,
                "/openapi",
                format!("OpenAPI version {v} is not supported (3.0.x, 3.1.x and Swagger 2.0 are)"),
            )
            .into())
        }
        None => {
            return Err(Diagnostic::error(
                display,
                "/openapi",
                "missing `openapi` version string (3.0.x or 3.1.x expected, or `swagger: \"2.0\"`)",
            )
            .into())
        }
    }
    for overlay in overlays {
        overlay::apply(&mut raw, overlay)?;
    }
    normalize::normalize(&mut raw, display, &mut warnings);
    let openapi: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let (pointer, message) =
            locate::locate(&raw).unwrap_or_else(|| (json_pointer(e.path()), e.inner().to_string()));
        let mut all = warnings.clone();
        all.insert(0, Diagnostic::error(display, pointer, message));
        Diagnostics(all)
    })?;
    Ok(LoadedSpec {
        display: display.to_owned(),
        path: path.to_owned(),
        openapi,
        warnings,
    })
}

fn is_json(bytes: &[u8], path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
        || bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Whether the document's `openapi` field, found by a quick look at the text, starts with
/// `3.0`; a miss only means the typed read is not tried before the generic one.
fn says_openapi_30(bytes: &[u8], json: bool) -> bool {
    let key: &[u8] = if json { b"\"openapi\"" } else { b"openapi:" };
    let Some(at) = bytes.windows(key.len()).position(|w| w == key) else {
        return false;
    };
    let rest = &bytes[at + key.len()..];
    let start = rest
        .iter()
        .position(|b| !matches!(b, b'"' | b'\'' | b':' | b' ' | b'\t'))
        .unwrap_or(rest.len());
    rest[start..].starts_with(b"3.0")
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
        yaml::value(bytes)
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
    fn the_version_is_seen_in_the_text() {
        assert!(says_openapi_30(
            br#"{"info": {}, "openapi": "3.0.3"}"#,
            true
        ));
        assert!(says_openapi_30(b"openapi: '3.0.1'\ninfo: {}\n", false));
        assert!(says_openapi_30(b"openapi: 3.0.0\n", false));
        assert!(!says_openapi_30(br#"{"openapi": "3.1.0"}"#, true));
        assert!(!says_openapi_30(br#"{"swagger": "2.0"}"#, true));
        assert!(!says_openapi_30(b"swagger: '2.0'\n", false));
    }

    #[test]
    fn other_versions_are_refused() {
        let err = parse_str("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .expect_err("3.2 unsupported");
        assert_eq!(
            err.to_string(),
            "t.yaml: /openapi: OpenAPI version 3.2.0 is not supported (3.0.x, 3.1.x and Swagger 2.0 are)"
        );
    }
}
