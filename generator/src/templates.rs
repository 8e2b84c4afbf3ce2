//! The hand-written files under `templates/`, embedded in the binary.

use crate::emit::OutputFile;

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The runtime module and the manifest, ready to write into a crate named `crate_name`.
pub fn files(crate_name: &str) -> Vec<OutputFile> {
    let mut files = vec![OutputFile {
        path: "Cargo.toml".into(),
        source: "templates/Cargo.toml".into(),
        contents: MANIFEST.replace("{{crate_name}}", crate_name),
    }];
    files.extend(RUNTIME.iter().map(|(name, contents)| OutputFile {
        path: format!("src/runtime/{name}"),
        source: format!("templates/runtime/{name}"),
        contents: (*contents).to_owned(),
    }));
    files
}
