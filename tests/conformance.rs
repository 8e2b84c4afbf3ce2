//! The conformance subset of the test command: every operation of the small and medium corpus
//! specs, called by the program `generator::conformance` writes, against Stoplight Prism, with
//! static answers and with one seed of generated ones (`tests/conformance/run.sh`, which
//! installs Prism into `target/prism` with npm).
//!
//! A call passes when Prism accepted the request and the answer came back as the typed success
//! or the typed error of its status, or when Prism could not give a valid answer ("mock
//! failed": its 5xx, or an answer that breaks the spec; the request was still accepted).
//! `tests/conformance/exclusions.tsv` lists the operations Prism judges wrongly; an excluded
//! operation that passes fails the test, so the list cannot go stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The specs of the subset: 365 operations in all.
const SPECS: &[&str] = &[
    "oai-petstore.yaml",
    "oai-petstore-expanded.yaml",
    "oai-uspto.yaml",
    "oai-link-example.yaml",
    "oai-callback-example.yaml",
    "oai-api-with-examples.yaml",
    "swaggerapi-petstore3.yaml",
    "progenitor-keeper.json",
    "progenitor-buildomat.json",
    "progenitor-propolis-server.json",
    "progenitor-param-collision.json",
    "progenitor-param-overrides.json",
    "progenitor-param-overrides.yaml",
    "spotify-web-api.yaml",
    "progenitor-nexus.json",
];

const MODES: &[&str] = &["static", "seed1"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the repository")
        .to_path_buf()
}

/// The folder name `run.sh` gives a spec: its file name, lower case, other characters `_`.
fn folder_name(spec: &str) -> String {
    spec.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// `(spec, operation) → reason` from `tests/conformance/exclusions.tsv`.
fn exclusions() -> BTreeMap<(String, String), String> {
    let path = repo().join("tests/conformance/exclusions.tsv");
    let text = std::fs::read_to_string(&path).expect("exclusions.tsv is readable");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.splitn(3, '\t');
            let mut col = || cols.next().unwrap_or_default().trim().to_owned();
            let (spec, op, reason) = (col(), col(), col());
            assert!(!reason.is_empty(), "exclusions.tsv: `{l}` gives no reason");
            ((spec, op), reason)
        })
        .collect()
}

#[test]
fn every_operation_of_the_subset_is_accepted_and_decoded_by_prism() {
    let root = repo();
    let corpus = root.join("../shared/corpus");
    let work = root.join("target/conformance");
    let judge = root.join("tests/conformance/judge");
    for spec in SPECS {
        let name = folder_name(spec);
        generator::conformance::write_caller(
            &corpus.join(spec),
            &[],
            &work.join(&name),
            &format!("conf_{name}"),
            &judge.display().to_string(),
        )
        .unwrap_or_else(|e| panic!("{spec}: {e}"));
    }
    let out = Command::new("bash")
        .arg(root.join("tests/conformance/run.sh"))
        .args(["--prepared", "--seeds", "1"])
        .args(SPECS)
        .current_dir(&root)
        .output()
        .expect("bash runs");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "run.sh failed:\n{table}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{table}");

    let excluded = exclusions();
    let mut operations = 0;
    let mut failures = Vec::new();
    let mut still_excluded = BTreeMap::new();
    for spec in SPECS {
        for mode in MODES {
            let path = work.join(format!("results/{}.{mode}.jsonl", folder_name(spec)));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let lines: Vec<Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).expect("results are JSON lines"))
                .collect();
            assert!(
                lines.iter().any(|l| l.get("wall_ms").is_some()),
                "{spec} {mode}: the caller program or Prism did not finish: {text}"
            );
            for call in lines.iter().filter(|l| l.get("operation").is_some()) {
                let op = call["operation"].as_str().unwrap_or_default();
                if call["wanted"].is_null() && mode == &"static" {
                    operations += 1;
                }
                let passed = call.get("excluded").is_none()
                    && call["accepted"] == true
                    && (call["decoded"] == true || !call["mock_error"].is_null());
                let key = (spec.to_string(), op.to_owned());
                if excluded.contains_key(&key) {
                    let failed = still_excluded.entry(key).or_insert(false);
                    *failed |= !passed;
                } else if !passed {
                    failures.push(format!("{spec} {mode} {op}: {call}"));
                }
            }
        }
    }
    for ((spec, op), failed) in still_excluded {
        if !failed {
            failures.push(format!(
                "{spec} {op} is in exclusions.tsv but now passes: take it out"
            ));
        }
    }
    assert!(
        operations >= 300,
        "the subset called {operations} operations"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
