//! `$ref`s to other files: the referenced parts are copied into the document, so that the
//! later stages see one self-contained spec.
//!
//! A reference to `other.yaml#/components/schemas/Pet` adds `Pet` to this document's
//! `components/schemas` (renamed when the name is taken) and points there; a reference to any
//! other part of another file is replaced by that part. References inside the copied parts are
//! resolved against their own file.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};

use crate::diag::Diagnostic;

/// Whether the text holds a `$ref` whose target does not start with `#` (a quick scan that
/// keeps the fast path free of a second parse).
pub fn has_external_refs(bytes: &[u8]) -> bool {
    bytes.windows(4).enumerate().any(|(i, w)| {
        if w != b"$ref" {
            return false;
        }
        let rest = &bytes[i + 4..];
        let start = rest
            .iter()
            .position(|b| !matches!(b, b'"' | b'\'' | b':' | b' ' | b'\t'))
            .unwrap_or(rest.len());
        let target = &rest[start..];
        // A property named `$ref` (its value an object, or a block on the next lines) is no
        // reference.
        let reference = !matches!(target.first(), Some(b'{' | b'[' | b'\n' | b'\r') | None);
        reference && !target.starts_with(b"#") && !is_remote(target)
    })
}

/// Whether a reference target is a URL (not supported; left for lowering to report).
fn is_remote(target: &[u8]) -> bool {
    target.starts_with(b"http://") || target.starts_with(b"https://")
}

/// Copies every externally referenced part into `root`, read from `path`.
///
/// The document's own `#/…` references stay as they are; inside copied parts they are
/// resolved against the file they came from.
pub fn bundle(root: &mut Value, path: &Path, display: &str) -> Result<(), Diagnostic> {
    let mut bundler = Bundler {
        display,
        files: HashMap::default(),
        added: Vec::new(),
        done: HashMap::default(),
    };
    let base = path.to_path_buf();
    let mut doc = std::mem::take(root);
    bundler.walk(&mut doc, &base, "", 0)?;
    for (section, name, value) in bundler.added {
        let components = doc.as_object_mut().map(|o| {
            o.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        });
        if let Some(Value::Object(c)) = components {
            if let Value::Object(s) = c
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()))
            {
                s.insert(name, value);
            }
        }
    }
    *root = doc;
    Ok(())
}

struct Bundler<'d> {
    display: &'d str,
    /// Files read so far.
    files: HashMap<PathBuf, Value>,
    /// Components copied in: (section, name, value).
    added: Vec<(String, String, Value)>,
    /// Components already copied or being copied, by (file, pointer): their new `$ref`.
    done: HashMap<(PathBuf, String), String>,
}

const MAX_DEPTH: usize = 32;

impl Bundler<'_> {
    fn error(&self, pointer: &str, message: String) -> Diagnostic {
        Diagnostic::error(self.display, pointer, message)
    }

    fn file(&mut self, path: &Path, pointer: &str) -> Result<Value, Diagnostic> {
        if let Some(v) = self.files.get(path) {
            return Ok(v.clone());
        }
        let bytes = std::fs::read(path)
            .map_err(|e| self.error(pointer, format!("cannot read `{}`: {e}", path.display())))?;
        let value: Value = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_slice(&bytes)
                .map_err(|e| self.error(pointer, format!("`{}`: {e}", path.display())))?
        } else {
            super::yaml::value(&bytes)
                .map_err(|e| self.error(pointer, format!("`{}`: {e}", path.display())))?
        };
        self.files.insert(path.to_path_buf(), value.clone());
        Ok(value)
    }

    /// Resolves external references below `node`, which was read from `base`.
    fn walk(
        &mut self,
        node: &mut Value,
        base: &Path,
        pointer: &str,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                pointer,
                "external references nest too deeply (a cycle?)".into(),
            ));
        }
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let target = target.clone();
                    if is_remote(target.as_bytes()) {
                        return Ok(());
                    }
                    let (file, inner) = target.split_once('#').unwrap_or((&target, ""));
                    // A local reference inside another file is external to the root document.
                    let file_path = if file.is_empty() {
                        if depth == 0 {
                            return Ok(());
                        }
                        base.to_path_buf()
                    } else {
                        base.parent().unwrap_or(Path::new(".")).join(file)
                    };
                    let key = (file_path.clone(), inner.to_owned());
                    if let Some(local) = self.done.get(&key) {
                        *node = serde_json::json!({ "$ref": local });
                        return Ok(());
                    }
                    let here = format!("{pointer}/$ref");
                    let document = self.file(&file_path, &here)?;
                    let mut part = document.pointer(inner).cloned().ok_or_else(|| {
                        self.error(&here, format!("`{target}` points at nothing"))
                    })?;
                    let segments = inner.split('/').collect::<Vec<_>>();
                    if let ["", "components", section, name] = segments.as_slice() {
                        let name = self.claim(section, name, &file_path, &part);
                        let local = format!("#/components/{section}/{name}");
                        // Known before its own references are walked, so cycles end here.
                        self.done.insert(key, local.clone());
                        self.walk(&mut part, &file_path, pointer, depth + 1)?;
                        self.added.push(((*section).to_owned(), name, part));
                        *node = serde_json::json!({ "$ref": local });
                    } else {
                        self.walk(&mut part, &file_path, pointer, depth + 1)?;
                        *node = part;
                    }
                    return Ok(());
                }
                for (key, child) in map.iter_mut() {
                    // Examples and extensions are data, not schema: a `$ref` there is not ours.
                    if key == "example" || key == "examples" || key.starts_with("x-") {
                        continue;
                    }
                    let child_pointer =
                        format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    self.walk(child, base, &child_pointer, depth)?;
                }
                Ok(())
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.walk(child, base, &format!("{pointer}/{i}"), depth)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The name a copied component gets: its own, or with the file's name before it when that
    /// is taken by something else.
    fn claim(&self, section: &str, name: &str, file: &Path, value: &Value) -> String {
        let same = |n: &str| {
            self.added
                .iter()
                .find(|(s, existing, _)| s == section && existing == n)
                .map(|(_, _, v)| v == value)
        };
        match same(name) {
            None | Some(true) => name.to_owned(),
            Some(false) => {
                let stem = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("{stem}_{name}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_external_refs;

    #[test]
    fn only_references_to_other_files_count_as_external() {
        assert!(has_external_refs(br#"{"$ref": "common.yaml#/Pet"}"#));
        assert!(has_external_refs(b"schema:\n  $ref: ./pet.yaml\n"));
        assert!(!has_external_refs(
            br##"{"$ref": "#/components/schemas/Pet"}"##
        ));
        assert!(!has_external_refs(
            br#"{"$ref": "https://example.com/pet.json"}"#
        ));
        // A schema property named `$ref`, as GitHub's SCIM schemas have.
        assert!(!has_external_refs(
            br#"{"properties": {"$ref": {"type": "string"}}}"#
        ));
        assert!(!has_external_refs(
            b"properties:\n  $ref:\n    type: string\n"
        ));
    }
}
