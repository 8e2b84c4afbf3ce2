//! Every real spec in `../shared/corpus` (OpenAPI 3.0, 3.1 in `v31/`, Swagger 2.0 in
//! `swagger2/`, and the folder of Huawei's DCS definitions in `huawei-apiexplorer/dcs/` as one
//! spec), and every fixture spec in `tests/fixtures`, generates a crate that compiles
//! clippy-clean and documents without a rustdoc warning.
//!
//! All crates go into one scratch workspace, `target/corpus/`, built with one shared target
//! folder (`target/corpus-target`) so dependencies compile once. The test writes
//! `target/corpus/report.md`: spec, operations, types, generation time, rustdoc warnings,
//! result, and how long each cargo command took.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generator::{generate, write, SpecInput};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// How a corpus spec is named: its file name, after its folder below the corpus when it is in
/// one (`v31/openai-openapi.yaml`).
fn display_name(spec: &Path) -> String {
    let name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = spec
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|f| f != "corpus");
    match folder {
        Some(f) => format!("{f}/{name}"),
        None => name,
    }
}

fn crate_dir_name(spec: &Path) -> String {
    display_name(spec).replace(['.', '-', '/'], "_")
}

struct Row {
    spec: String,
    operations: usize,
    types: usize,
    millis: f64,
    warnings: usize,
}

/// Runs cargo in the scratch workspace: whether it succeeded, its output, how long it took.
fn cargo(args: &[&str], workspace: &Path) -> (bool, String, Duration) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let out = Command::new(cargo)
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", repo().join("target/corpus-target"))
        // The scratch crates are built once per run: no incremental caches, and line tables
        // for backtraces but no full debug info; both keep the target folder small.
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text, started.elapsed())
}

/// The overlays a corpus spec is generated with: Huawei's API Explorer definitions get the
/// one for their service from `specs/overlays/`.
fn overlays_of(display: &str) -> Vec<PathBuf> {
    match display {
        "huawei-apiexplorer/dcs" => vec![repo().join("specs/overlays/dcs-v2-apiexplorer.yaml")],
        _ => Vec::new(),
    }
}

/// Copies `behaviour` (if it exists) into the crate at `dir` as `tests/behaviour.rs`, with the
/// dev-dependencies it may use: tokio, serde_json, the loopback server, and the `huaweicloud`
/// crate (to compare a client with the one generated from our transcribed specs).
fn add_behaviour_tests(dir: &Path, behaviour: &Path) -> bool {
    if !behaviour.exists() {
        return false;
    }
    let tests = dir.join("tests");
    std::fs::create_dir_all(&tests).expect("tests folder");
    std::fs::copy(behaviour, tests.join("behaviour.rs")).expect("copy behaviour test");
    let manifest = dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    let loopback = repo().join("tests/loopback");
    let huaweicloud = repo().join("generated");
    let _ = write!(
        text,
        "\n[dev-dependencies]\nloopback = {{ path = {:?} }}\nhuaweicloud = {{ path = {:?} }}\n\
         serde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        loopback.display().to_string(),
        huaweicloud.display().to_string()
    );
    std::fs::write(&manifest, text).expect("manifest");
    true
}

#[test]
fn every_corpus_spec_generates_a_crate_that_passes_clippy() {
    let mut specs = tests::corpus_specs();
    assert_eq!(specs.len(), 23, "the corpus has 23 OpenAPI 3.0 specs");
    let v31 = tests::corpus_folder("v31");
    assert_eq!(v31.len(), 9, "the corpus has 9 OpenAPI 3.1 specs");
    specs.extend(v31);
    let swagger2 = tests::corpus_folder("swagger2");
    assert_eq!(swagger2.len(), 7, "the corpus has 7 Swagger 2.0 specs");
    specs.extend(swagger2);
    // Huawei's own DCS definitions, one operation per file: the folder is one spec.
    let explorer = repo().join("../shared/corpus/huawei-apiexplorer/dcs");
    let files = std::fs::read_dir(&explorer).map_or(0, |d| d.count());
    assert_eq!(
        files, 118,
        "the corpus has 118 DCS API Explorer definitions"
    );
    specs.push(explorer);
    let workspace = repo().join("target/corpus");
    std::fs::create_dir_all(&workspace).expect("scratch workspace");
    let mut rows = Vec::new();
    let mut members = Vec::new();
    let mut tested = Vec::new();
    for spec in &specs {
        let display = display_name(spec);
        let mut input = SpecInput::new(spec.clone(), display.clone());
        input.overlays = overlays_of(&display);
        let dir = crate_dir_name(spec);
        let started = Instant::now();
        let generated = generate(std::slice::from_ref(&input), &format!("corpus_{dir}"))
            .unwrap_or_else(|e| panic!("{display} does not generate:\n{e}"));
        let millis = started.elapsed().as_secs_f64() * 1000.0;
        write::write(&workspace.join(&dir), &generated.files, false).expect("write crate");
        // End-to-end tests against a loopback server, where a corpus spec has them.
        let stem = spec
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if add_behaviour_tests(
            &workspace.join(&dir),
            &repo().join(format!("tests/corpus-tests/{stem}.rs")),
        ) {
            tested.push(format!("corpus_{dir}"));
        }
        let loaded = generator::load::load_with(spec, &display, &input.overlays).expect("loads");
        let (service, _) = generator::lower::lower(&loaded, &Default::default()).expect("lowers");
        rows.push(Row {
            spec: display,
            operations: service.operations.len(),
            types: service.types.len(),
            millis,
            warnings: generated.warnings.len(),
        });
        members.push(format!("{dir:?}"));
    }
    let fixtures = std::fs::read_dir(repo().join("tests/fixtures"))
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect::<Vec<_>>();
    let mut fixture_dirs = Vec::new();
    for fixture in fixtures {
        let stem = fixture
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let input = SpecInput::new(fixture.clone(), format!("tests/fixtures/{stem}.yaml"));
        let dir = format!("fixture_{stem}");
        let generated = generate(std::slice::from_ref(&input), &dir)
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", fixture.display()));
        write::write(&workspace.join(&dir), &generated.files, false).expect("write crate");
        // Behaviour tests of the generated types, where a fixture has them.
        if add_behaviour_tests(
            &workspace.join(&dir),
            &repo().join(format!("tests/fixture-tests/{stem}.rs")),
        ) {
            tested.push(dir.clone());
        }
        members.push(format!("{dir:?}"));
        fixture_dirs.push(dir);
    }
    let manifest = format!(
        "# Scratch workspace of the corpus test.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("workspace manifest");
    if !workspace.join("Cargo.lock").exists() {
        // Start from the repository's lock file: the same dependency versions, no resolution.
        std::fs::copy(repo().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("lock file");
    }

    // clippy checks as it lints; `cargo check` runs only when clippy fails, to tell the crates
    // that do not compile from those that only have lints.
    let (linted, clippy_log, clippy_time) = cargo(
        &[
            "clippy",
            "--workspace",
            "--keep-going",
            "--message-format",
            "short",
            "--",
            "-D",
            "warnings",
        ],
        &workspace,
    );
    let (checked, check_log) = if linted {
        (true, String::new())
    } else {
        let (checked, log, _) = cargo(
            &[
                "check",
                "--workspace",
                "--keep-going",
                "--message-format",
                "short",
            ],
            &workspace,
        );
        (checked, log)
    };
    let mut test_args = vec!["test", "--quiet"];
    for dir in &tested {
        test_args.extend(["-p", dir.as_str()]);
    }
    let (behaves, test_log, _) = cargo(&test_args, &workspace);
    assert!(behaves, "behaviour tests of the fixtures fail:\n{test_log}");
    // rustdoc's warnings (bare URLs, broken intra-doc links, invalid HTML, ...) are counted per
    // crate rather than denied, so the report shows them all.
    let (documented, doc_log, doc_time) = cargo(
        &[
            "doc",
            "--workspace",
            "--no-deps",
            "--keep-going",
            "--message-format",
            "short",
        ],
        &workspace,
    );
    let mentions = |l: &str, dir: &str| {
        l.starts_with(&format!("{dir}/"))
            || l.contains(&format!("`corpus_{dir}`"))
            || l.contains(&format!("`{dir}`"))
    };
    let failed = |log: &str, dir: &str| log.lines().any(|l| mentions(l, dir));
    // Warnings and errors at a place in the crate; a crate rustdoc gives up on counts one more.
    let doc_findings = |dir: &str| {
        doc_log
            .lines()
            .filter(|l| {
                (l.starts_with(&format!("{dir}/"))
                    && (l.contains(": warning: ") || l.contains(": error")))
                    || (l.starts_with("error: could not document") && mentions(l, dir))
            })
            .count()
    };

    let mut report = String::from(
        "| spec | operations | types | generation (ms) | warnings | rustdoc | result |\n\
         |---|---:|---:|---:|---:|---:|---|\n",
    );
    let mut failures = Vec::new();
    for (row, spec) in rows.iter().zip(&specs) {
        let dir = crate_dir_name(spec);
        let rustdoc = doc_findings(&dir);
        let result = if failed(&check_log, &dir) {
            "cargo check fails"
        } else if failed(&clippy_log, &dir) {
            "clippy fails"
        } else if rustdoc > 0 || failed(&doc_log, &dir) {
            "rustdoc warns"
        } else {
            "ok"
        };
        if result != "ok" {
            failures.push(format!("{} ({result})", row.spec));
        }
        let _ = writeln!(
            report,
            "| `{}` | {} | {} | {:.1} | {} | {rustdoc} | {result} |",
            row.spec, row.operations, row.types, row.millis, row.warnings
        );
    }
    for dir in &fixture_dirs {
        if failed(&check_log, dir) || failed(&clippy_log, dir) || failed(&doc_log, dir) {
            failures.push(format!("tests/fixtures ({dir})"));
        }
    }
    let _ = writeln!(
        report,
        "\ncargo clippy {:.0} s, cargo doc {:.0} s",
        clippy_time.as_secs_f64(),
        doc_time.as_secs_f64()
    );
    std::fs::write(workspace.join("report.md"), &report).expect("report");
    println!("{report}");
    assert!(
        checked && linted && documented && failures.is_empty(),
        "failing: {failures:?}\n--- cargo check ---\n{check_log}\n--- cargo clippy ---\n\
         {clippy_log}\n--- cargo doc ---\n{doc_log}"
    );
}
