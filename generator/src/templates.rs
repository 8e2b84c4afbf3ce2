//! The hand-written files under `templates/`, embedded in the binary.
//!
//! `templates/runtime/*.rs` become the crate's `src/runtime/`; the other files (the manifest,
//! `rustfmt.toml`) go to the crate root. `{{crate_name}}` in them is replaced.

use crate::emit::OutputFile;

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The template files, ready to write into a crate named `crate_name`.
pub fn files(crate_name: &str) -> Vec<OutputFile> {
    FILES
        .iter()
        .map(|(rel, contents)| {
            let path = match rel.strip_prefix("runtime/") {
                Some(name) => format!("src/runtime/{name}"),
                None => (*rel).to_owned(),
            };
            OutputFile {
                path,
                source: format!("templates/{rel}"),
                contents: contents.replace("{{crate_name}}", crate_name),
            }
        })
        .collect()
}
