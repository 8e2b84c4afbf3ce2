//! Embeds the runtime templates: lists `../templates/runtime/*.rs` for `include_str!`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let templates = Path::new(&manifest).join("../templates");
    println!("cargo:rerun-if-changed={}", templates.display());
    let runtime = templates.join("runtime");
    println!("cargo:rerun-if-changed={}", runtime.display());
    let mut names = std::fs::read_dir(&runtime)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".rs"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from(
        "/// Runtime files: (name, contents).\npub const RUNTIME: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let path = runtime.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let manifest_path = templates.join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest_path.display());
    let _ = writeln!(
        out,
        "/// The generated crate's manifest.\npub const MANIFEST: &str = include_str!({:?});",
        manifest_path.display().to_string()
    );
    let dest =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("templates.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
