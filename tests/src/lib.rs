//! Support code for the end-to-end tests: a loopback HTTP server and an independent
//! implementation of the `SDK-HMAC-SHA256` signature check.

pub mod oracle;

use std::path::{Path, PathBuf};

/// The corpus specs in `../shared/corpus`, sorted; panics (fails the test) when it is missing.
pub fn corpus_specs() -> Vec<PathBuf> {
    corpus_folder("")
}

/// The specs in the folder `sub` of `../shared/corpus` (`v31`, say), sorted; panics (fails
/// the test) when it is missing.
pub fn corpus_folder(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(sub);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus must be at {}: {e}", dir.display()));
    let mut specs = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect::<Vec<_>>();
    specs.sort();
    specs
}

pub use loopback as server;
pub mod verify;

/// The README's examples, compiled as doctests so they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
