//! Snapshots of the generator's output for the Huawei specs and the fixture specs.
//!
//! Every generated file (not the runtime copied from `templates/`) is pinned; a change to the
//! generator shows up here as a diff to review with `cargo insta review`.

use std::path::{Path, PathBuf};

use generator::{generate, write, SpecInput};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn input(relative: &str) -> SpecInput {
    SpecInput::new(repo().join(relative), relative.to_owned())
}

/// Generates `specs` into one crate and snapshots each generated file as `<name>__<path>`.
fn snapshot_crate(name: &str, specs: &[&str]) {
    snapshot_inputs(name, &specs.iter().map(|s| input(s)).collect::<Vec<_>>());
}

fn snapshot_inputs(name: &str, inputs: &[SpecInput]) {
    let first = generate(inputs, "snapshot").expect("the spec generates");
    let second = generate(inputs, "snapshot").expect("the spec generates");
    assert_eq!(first.files, second.files, "output must be deterministic");
    let warnings = first
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(format!("{name}__warnings"), warnings);
    for file in first
        .files
        .iter()
        .filter(|f| !f.source.starts_with("templates/"))
    {
        let key = format!("{name}__{}", file.path.replace('/', "__"));
        insta::assert_snapshot!(key, write::with_header(file));
    }
}

#[test]
fn huawei_specs() {
    snapshot_crate("huawei", &["specs/dcs-v2.yaml", "specs/sms-v3.yaml"]);
}

#[test]
fn fixture_objects() {
    snapshot_crate("objects", &["tests/fixtures/objects.yaml"]);
}

#[test]
fn fixture_shapes() {
    snapshot_crate("shapes", &["tests/fixtures/shapes.yaml"]);
}

#[test]
fn fixture_enums() {
    snapshot_crate("enums", &["tests/fixtures/enums.yaml"]);
}

#[test]
fn fixture_operations() {
    snapshot_crate("operations", &["tests/fixtures/operations.yaml"]);
}

#[test]
fn fixture_bodies() {
    snapshot_crate("bodies", &["tests/fixtures/bodies.yaml"]);
}

#[test]
fn fixture_nullable() {
    snapshot_crate("nullable", &["tests/fixtures/nullable.yaml"]);
}

#[test]
fn fixture_v31() {
    snapshot_crate("v31", &["tests/fixtures/v31.yaml"]);
}

#[test]
fn fixture_swagger2() {
    snapshot_crate("swagger2", &["tests/fixtures/swagger2.yaml"]);
}

/// A folder of Huawei API Explorer definitions, one operation per file, with its overlay.
#[test]
fn fixture_apiexplorer() {
    let mut spec = input("tests/fixtures/apiexplorer");
    spec.overlays = vec![repo().join("tests/fixtures/apiexplorer/overlay.yaml")];
    snapshot_inputs("apiexplorer", &[spec]);
}

#[test]
fn fixture_repairs() {
    snapshot_crate("repairs", &["tests/fixtures/repairs.yaml"]);
}

#[test]
fn fixture_names() {
    snapshot_crate("names", &["tests/fixtures/names.yaml"]);
}

#[test]
fn fixture_access() {
    snapshot_crate("access", &["tests/fixtures/access.yaml"]);
}

#[test]
fn fixture_markdown() {
    snapshot_crate("markdown", &["tests/fixtures/markdown.yaml"]);
}

#[test]
fn fixture_multipart() {
    snapshot_crate("multipart", &["tests/fixtures/multipart.yaml"]);
}

#[test]
fn fixture_external_references() {
    snapshot_crate("external", &["tests/fixtures/external.yaml"]);
}

/// Cargo features per tag.
#[test]
fn fixture_features() {
    let mut spec = input("tests/fixtures/features.yaml");
    spec.features = Some(generator::FeaturesBy::Tag);
    snapshot_inputs("features", &[spec]);
}

#[test]
fn fixture_composed() {
    snapshot_crate("composed", &["tests/fixtures/composed.yaml"]);
}

#[test]
fn the_committed_crate_is_what_the_generator_makes() {
    let specs = ["specs/dcs-v2.yaml", "specs/sms-v3.yaml"].map(input);
    let generated = generate(&specs, "huaweicloud").expect("the specs generate");
    let outcome = write::write(&repo().join("generated"), &generated.files, true).expect("check");
    assert!(
        outcome.is_clean(),
        "generated/ is stale: {outcome:?}; run `cargo run -p generator`"
    );
}

#[test]
fn module_and_client_names_can_be_chosen() {
    let mut spec = input("tests/fixtures/access.yaml");
    let named = generate(std::slice::from_ref(&spec), "x").expect("generates");
    let lib = |files: &[generator::emit::OutputFile], path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.clone())
            .unwrap_or_default()
    };
    // From the title "Access API".
    assert!(lib(&named.files, "src/lib.rs").contains("pub mod access;"));
    assert!(lib(&named.files, "src/access/mod.rs").contains("pub struct AccessClient"));
    spec.names.module = Some("pets".into());
    spec.names.client = Some("ZooClient".into());
    let renamed = generate(&[spec], "x").expect("generates");
    assert!(lib(&renamed.files, "src/lib.rs").contains("pub mod pets;"));
    assert!(lib(&renamed.files, "src/pets/mod.rs").contains("pub struct ZooClient"));
}
