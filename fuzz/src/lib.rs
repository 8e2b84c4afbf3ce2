//! What the fuzz targets share: the generator's whole pipeline on bytes, with the checks
//! every outcome must pass.

pub mod mutate;

use std::path::Path;

use generator::diag::Diagnostics;

/// Runs bytes named `name` (its extension tells JSON from YAML) through load, lower and emit.
/// Panics (a finding) when a diagnostic is not `file: JSON pointer: message`, when emitting
/// fails (a generator defect), or when an emitted file does not parse as Rust.
pub fn generate(bytes: &[u8], name: &str) {
    // A folder that does not exist: external references resolve to nothing readable.
    let path = Path::new("/nonexistent-fuzz-input").join(name);
    let loaded = match generator::load::parse(bytes, &path, name) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return well_formed(&diagnostics, name),
    };
    let service = match generator::lower::lower(&loaded, &Default::default()) {
        Ok((service, _)) => service,
        Err(diagnostics) => return well_formed(&diagnostics, name),
    };
    let files = match generator::emit::emit_services(&[service], "fuzz") {
        Ok(files) => files,
        Err(message) => panic!("emitting failed: {message}"),
    };
    for file in files {
        if let Err(e) = syn::parse_file(&file.contents) {
            panic!("{} is not Rust: {e}\n{}", file.path, file.contents);
        }
    }
}

/// Every diagnostic names the file and a JSON pointer before its message.
fn well_formed(diagnostics: &Diagnostics, name: &str) {
    assert!(!diagnostics.0.is_empty(), "a failure without a diagnostic");
    for d in &diagnostics.0 {
        let text = d.to_string();
        let rest = text
            .strip_prefix(&format!("{name}: "))
            .unwrap_or_else(|| panic!("no file name: {text}"));
        assert!(rest.starts_with('/'), "no JSON pointer: {text}");
        assert!(rest.contains(": "), "no message: {text}");
    }
}
