//! Cargo features per group of operations (`--features-by tag|path`): which operations and
//! types each feature builds, and that the crate builds clippy-clean with every feature alone,
//! with none and with all, and without the items of the features left out.
//!
//! The crates go into a scratch workspace, `target/features/`, built with the corpus test's
//! target folder (`target/corpus-target`), so dependencies compile once for both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::ir::{Service, TypeKind, TypeRef};
use generator::{generate, write, FeaturesBy, SpecInput};

const FIXTURE: &str = "tests/fixtures/features.yaml";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The fixture lowered and grouped by `by`.
fn grouped(by: FeaturesBy) -> Service {
    let loaded = generator::load::load_with(&repo().join(FIXTURE), FIXTURE, &[]).expect("loads");
    let (mut service, _) = generator::lower::lower(&loaded, &Default::default()).expect("lowers");
    let warning = generator::lower::features::group(&mut service, by, &loaded.openapi.tags, None);
    assert!(warning.is_none(), "{warning:?}");
    service
}

/// Operation (by method name) and type names to the features that build them.
fn gates(service: &Service) -> BTreeMap<String, Vec<String>> {
    let ops = service
        .operations
        .iter()
        .map(|op| (op.fn_name.clone(), op.features.clone()));
    let types = service
        .types
        .iter()
        .map(|t| (t.name.clone(), t.features.clone()));
    ops.chain(types).collect()
}

fn list(features: &[&str]) -> Vec<String> {
    features.iter().map(|f| (*f).to_owned()).collect()
}

#[test]
fn tags_gate_operations_and_the_types_only_their_operations_use() {
    let service = grouped(FeaturesBy::Tag);
    let names = service
        .features
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>();
    assert_eq!(names, ["pets", "store-orders"]);
    assert_eq!(
        service.features[0].docs,
        "The operations tagged `pets`: Pets and their categories."
    );
    let gates = gates(&service);
    let expected = [
        ("list_pets", list(&["pets"])),
        ("adopt_pet", list(&["pets", "store-orders"])),
        ("place_order", list(&["store-orders"])),
        // Untagged: always built, and so is what it uses.
        ("health", list(&[])),
        ("Status", list(&[])),
        ("Pet", list(&["pets"])),
        // Through `Pet` only.
        ("Category", list(&["pets"])),
        ("Order", list(&["store-orders"])),
        ("Problem", list(&["store-orders"])),
        // Every feature uses it.
        ("Receipt", list(&[])),
        // No operation uses it, and so is what it uses.
        ("Unused", list(&[])),
        ("Species", list(&[])),
    ];
    for (name, features) in expected {
        assert_eq!(gates.get(name), Some(&features), "{name}");
    }
    // The inline body of `placeOrder` is a type of its own, gated like the operation.
    let body = service
        .types
        .iter()
        .find(|t| t.name.starts_with("PlaceOrder"))
        .expect("the inline body type");
    assert_eq!(body.features, list(&["store-orders"]));
}

#[test]
fn path_prefixes_group_by_the_segment_after_the_shared_ones() {
    let service = grouped(FeaturesBy::Path);
    let names = service
        .features
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>();
    assert_eq!(names, ["health", "pets", "store"]);
    assert_eq!(
        service.features[2].docs,
        "The operations under `/v1/store`."
    );
    let gates = gates(&service);
    assert_eq!(gates["health"], list(&["health"]));
    assert_eq!(gates["adopt_pet"], list(&["pets"]));
    // Used by `health` and, through `Problem`, by `place_order`: not by `pets`.
    assert_eq!(gates["Status"], list(&["health", "store"]));
    assert_eq!(gates["Receipt"], list(&["pets", "store"]));
}

#[test]
fn a_spec_without_tags_gets_a_warning_and_no_features() {
    let spec = repo().join("tests/fixtures/objects.yaml");
    let loaded = generator::load::load_with(&spec, "objects.yaml", &[]).expect("loads");
    let (mut service, _) = generator::lower::lower(&loaded, &Default::default()).expect("lowers");
    let warning = generator::lower::features::group(&mut service, FeaturesBy::Tag, &[], None)
        .expect("a warning");
    assert!(
        warning.to_string().contains("no operation has tags"),
        "{warning}"
    );
    assert!(service.features.is_empty());
    assert!(service.operations.iter().all(|op| op.features.is_empty()));
}

/// The named types `ty` refers to.
fn named<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            named(t, out);
        }
        TypeRef::Tuple(items) => items.iter().for_each(|t| named(t, out)),
        _ => {}
    }
}

/// Problems of a grouping: an item built with some feature that uses a type not built with it.
fn unbuildable(service: &Service) -> Vec<String> {
    let gates = service
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.features.as_slice()))
        .collect::<BTreeMap<_, _>>();
    let mut problems = Vec::new();
    let mut check = |user: &str, features: &[String], used: Vec<&str>| {
        for name in used {
            let Some(gate) = gates.get(name) else {
                continue;
            };
            // Built whenever the user is: always, or with every feature the user has.
            let built = gate.is_empty()
                || (!features.is_empty() && features.iter().all(|f| gate.contains(f)));
            if !built {
                problems.push(format!("{user} {features:?} uses {name} {gate:?}"));
            }
        }
    };
    for t in &service.types {
        let mut used = Vec::new();
        match &t.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| named(&f.ty, &mut used));
                s.additional.iter().for_each(|a| named(a, &mut used));
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| named(&v.ty, &mut used)),
            TypeKind::Alias(ty) => named(ty, &mut used),
            TypeKind::Form(parts) => parts.iter().for_each(|p| named(&p.field.ty, &mut used)),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
        }
        check(&t.name, &t.features, used);
    }
    for op in &service.operations {
        let mut used = Vec::new();
        op.params.iter().for_each(|p| named(&p.ty, &mut used));
        op.body
            .iter()
            .flat_map(|b| &b.variants)
            .for_each(|v| named(&v.ty, &mut used));
        op.responses
            .iter()
            .filter_map(|r| r.body.as_ref())
            .for_each(|b| named(b, &mut used));
        op.headers
            .iter()
            .flat_map(|h| &h.fields)
            .for_each(|f| named(&f.ty, &mut used));
        check(&op.fn_name, &op.features, used);
    }
    problems
}

#[test]
fn in_every_corpus_spec_each_feature_builds_every_type_it_uses() {
    let mut specs = tests::corpus_specs();
    specs.extend(tests::corpus_folder("v31"));
    specs.extend(tests::corpus_folder("swagger2"));
    let mut grouped_specs = 0;
    for spec in &specs {
        let display = spec.display().to_string();
        let loaded = generator::load::load_with(spec, &display, &[]).expect("loads");
        for by in [FeaturesBy::Tag, FeaturesBy::Path] {
            let (mut service, _) =
                generator::lower::lower(&loaded, &Default::default()).expect("lowers");
            let tags = &loaded.openapi.tags;
            if generator::lower::features::group(&mut service, by, tags, None).is_none() {
                grouped_specs += 1;
            }
            let problems = unbuildable(&service);
            assert!(problems.is_empty(), "{display} by {by:?}: {problems:#?}");
        }
    }
    // Most specs have tags, and all have paths.
    assert!(
        grouped_specs > specs.len(),
        "{grouped_specs} groupings of {} specs",
        specs.len()
    );
}

/// Runs cargo in the scratch workspace; whether it succeeded, and its output.
fn cargo(args: &[&str], workspace: &Path) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", repo().join("target/corpus-target"))
        // As in the corpus test, so the two share their dependencies' builds.
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
    (out.status.success(), text)
}

/// A crate using the generated one with only the feature `pets`; `extra` is more of its code.
fn user_crate(workspace: &Path, extra: &str) {
    let dir = workspace.join("user");
    std::fs::create_dir_all(dir.join("src")).expect("user crate");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nby_tag = { path = \"../by_tag\", default-features = false, \
         features = [\"pets\"] }\n",
    )
    .expect("user manifest");
    let code = format!(
        "//! Uses the operations of one feature.\n\n\
         use by_tag::features::{{FeaturesClient, Pet}};\n\n\
         /// Lists the pets.\n\
         pub async fn pets(client: &FeaturesClient) -> Option<Vec<Pet>> {{\n    \
         client.list_pets().await.ok()\n}}\n{extra}"
    );
    std::fs::write(dir.join("src/lib.rs"), code).expect("user code");
}

#[test]
fn every_feature_alone_none_and_all_build_clippy_clean() {
    let workspace = repo().join("target/features");
    std::fs::create_dir_all(&workspace).expect("scratch workspace");
    let mut configurations = vec![vec!["--all-features".to_owned()]];
    for (dir, by) in [("by_tag", FeaturesBy::Tag), ("by_path", FeaturesBy::Path)] {
        let mut input = SpecInput::new(repo().join(FIXTURE), FIXTURE);
        input.features = Some(by);
        let generated = generate(&[input], dir).expect("generates");
        let manifest = generated
            .files
            .iter()
            .find(|f| f.path == "Cargo.toml")
            .expect("a manifest");
        assert!(
            manifest.contents.contains("[features]\n"),
            "{}",
            manifest.contents
        );
        write::write(&workspace.join(dir), &generated.files, false).expect("write crate");
        configurations.push(vec![
            "-p".into(),
            dir.into(),
            "--no-default-features".into(),
        ]);
        for feature in &grouped(by).features {
            configurations.push(vec![
                "-p".into(),
                dir.into(),
                "--no-default-features".into(),
                "--features".into(),
                feature.name.clone(),
            ]);
        }
    }
    user_crate(&workspace, "");
    std::fs::write(
        workspace.join("Cargo.toml"),
        "# Scratch workspace of the features test.\n[workspace]\nresolver = \"2\"\n\
         members = [\"by_tag\", \"by_path\", \"user\"]\n",
    )
    .expect("workspace manifest");
    if !workspace.join("Cargo.lock").exists() {
        std::fs::copy(repo().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("lock file");
    }
    for configuration in &configurations {
        let mut args = vec!["clippy", "--quiet", "--message-format", "short"];
        args.extend(configuration.iter().map(String::as_str));
        args.extend(["--", "-D", "warnings"]);
        let (ok, log) = cargo(&args, &workspace);
        assert!(ok, "cargo {}:\n{log}", args.join(" "));
    }
    // What the feature `pets` leaves out is not there.
    user_crate(
        &workspace,
        "\n/// An order.\npub fn order(order: by_tag::features::Order) -> Option<String> {\n    \
         order.id\n}\n",
    );
    let (ok, log) = cargo(&["check", "--quiet", "-p", "user"], &workspace);
    assert!(!ok && log.contains("`Order`"), "{log}");
}
