//! Embeds the files under `../templates` for `include_str!`, so the binary works anywhere.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every file below `dir`, as paths relative to `root`, sorted.
fn files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files(root, &path, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push(rel.to_path_buf());
        }
    }
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let templates = Path::new(&manifest).join("../templates");
    let mut found = Vec::new();
    files(&templates, &templates, &mut found);
    found.sort();
    let mut out = String::from("/// Template files: (path relative to `templates/`, contents).\n");
    out.push_str("pub const FILES: &[(&str, &str)] = &[\n");
    for rel in &found {
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        let abs = templates.join(rel).display().to_string();
        let _ = writeln!(out, "    ({rel_text:?}, include_str!({abs:?})),");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("templates.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
