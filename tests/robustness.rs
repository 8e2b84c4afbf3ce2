//! The generator never panics: every corpus spec, and mangled copies of them, end in a clean
//! error (`file: JSON pointer: message`) or in success.

use generator::SpecInput;
use serde_json::{json, Value};

/// Generates from `text` (written to a scratch file) and checks the outcome is clean.
fn assert_clean(name: &str, text: &[u8]) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("generator-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write spec");
    let input = SpecInput::new(path, name);
    let outcome = std::panic::catch_unwind(|| generator::generate(&[input], "robust"));
    match outcome {
        Err(_) => panic!("{name}: the generator panicked"),
        Ok(Ok(_)) => Ok(()),
        Ok(Err(diagnostics)) => {
            let text = diagnostics.to_string();
            for line in text.lines() {
                assert!(
                    line.starts_with(&format!("{name}: /")),
                    "{name}: not `file: pointer: message`: {line}"
                );
            }
            Err(text)
        }
    }
}

/// Mangled variants of a parsed spec: wrong types, dangling and cyclic references, duplicate
/// operation ids.
fn mangle(spec: &Value) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    let mut wrong = spec.clone();
    if let Some(paths) = wrong.get_mut("paths").and_then(Value::as_object_mut) {
        if let Some((_, item)) = paths.iter_mut().next() {
            *item = json!({"get": {"responses": 5}});
        }
    }
    out.push(("wrong-type", wrong));
    let mut dangling = spec.clone();
    dangling["components"]["schemas"]["Dangling"] =
        json!({"$ref": "#/components/schemas/DoesNotExist"});
    dangling["components"]["schemas"]["UsesDangling"] =
        json!({"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nope"}}});
    out.push(("dangling-ref", dangling));
    let mut cyclic = spec.clone();
    cyclic["components"]["schemas"]["CycleA"] = json!({"$ref": "#/components/schemas/CycleB"});
    cyclic["components"]["schemas"]["CycleB"] = json!({"$ref": "#/components/schemas/CycleA"});
    cyclic["components"]["schemas"]["SelfAllOf"] =
        json!({"allOf": [{"$ref": "#/components/schemas/SelfAllOf"}]});
    out.push(("cyclic-ref", cyclic));
    let mut duplicate = spec.clone();
    if let Some(paths) = duplicate.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(ops) = item.as_object_mut() {
                for op in ops.values_mut().filter(|o| o.get("responses").is_some()) {
                    op["operationId"] = json!("sameId");
                }
            }
        }
    }
    out.push(("duplicate-operation-ids", duplicate));
    out
}

#[test]
fn corpus_and_mangled_copies_never_panic() {
    let mut specs = tests::corpus_specs();
    assert_eq!(specs.len(), 23);
    specs.extend(tests::corpus_folder("v31"));
    specs.extend(tests::corpus_folder("swagger2"));
    specs.extend(tests::corpus_folder("huawei-apiexplorer/dcs"));
    let mut errors = 0;
    for spec in &specs {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(spec).expect("read spec");
        assert!(assert_clean(&name, &bytes).is_ok(), "{name} must generate");
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            errors += usize::from(
                assert_clean(&format!("truncated-{cut}-{name}"), &bytes[..cut]).is_err(),
            );
        }
        let value: Value = if name.ends_with(".json") {
            serde_json::from_slice(&bytes).expect("JSON")
        } else {
            generator::load::yaml::value(&bytes).expect("YAML")
        };
        for (kind, mangled) in mangle(&value) {
            let text = serde_json::to_vec(&mangled).expect("serialize");
            let result = assert_clean(&format!("{kind}-{}.json", name.replace('.', "_")), &text);
            let has_paths = value
                .get("paths")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty());
            if kind == "wrong-type" && has_paths {
                let message = result.expect_err("a wrong type is an error");
                assert!(message.contains("/paths/"), "{message}");
                errors += 1;
            }
        }
    }
    assert!(
        errors > specs.len(),
        "truncated and mistyped specs must be errors"
    );
}

/// Every input the fuzz targets (`fuzz/`) found a panic or invalid output with, kept as a
/// regression test: a clean outcome, and Rust that parses.
#[test]
fn fuzz_findings_never_panic_and_emit_rust() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz");
    let mut found = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/fuzz") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if assert_clean(&name, &std::fs::read(&path).expect("read input")).is_ok() {
            let generated = generator::generate(&[SpecInput::new(&path, &name)], "robust")
                .expect("generates as before");
            for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&file.contents) {
                    panic!("{name}: {} is not Rust: {e}", file.path);
                }
            }
        }
        found += 1;
    }
    assert!(found > 0, "no inputs in {}", dir.display());
}

/// YAML aliases cannot blow a small document up: nine levels of ten aliases each (a billion
/// copies of one string, "billion laughs") end in a clean error, quickly.
#[test]
fn nested_yaml_aliases_do_not_expand_without_bound() {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: laughs, version: '1'}\n");
    text.push_str("x-a0: &a0 lol\n");
    for level in 1..10 {
        let below = format!("*a{}", level - 1);
        let list = [below.as_str(); 10].join(", ");
        text.push_str(&format!("x-a{level}: &a{level} [{list}]\n"));
    }
    text.push_str("paths: {}\n");
    let started = std::time::Instant::now();
    let error = assert_clean("laughs.yaml", text.as_bytes()).expect_err("a billion strings");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert!(error.contains("repetition limit"), "{error}");
}
