//! Credential providers against the official SDK's (`tests/oracle/`): the same variables, or
//! the same profile file, give the same credentials, or an error on both sides. Variables are
//! handed to our provider through a lookup and files by path, so tests never touch the process
//! environment.

use std::collections::BTreeMap;

use huaweicloud::runtime::{BasicCredentials, CredentialsError, GlobalCredentials};
use serde_json::{json, Value};
use tests::oracle;

/// Sets of `HUAWEICLOUD_SDK_*` variables, each tried as project- and domain-scoped.
fn cases() -> Vec<BTreeMap<&'static str, &'static str>> {
    let full = [
        ("HUAWEICLOUD_SDK_AK", "AKEXAMPLE"),
        ("HUAWEICLOUD_SDK_SK", "sk/secret+1"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p-1"),
        ("HUAWEICLOUD_SDK_DOMAIN_ID", "d-1"),
    ];
    let with = |extra: &[(&'static str, &'static str)], without: &[&str]| {
        let mut env = full
            .iter()
            .filter(|(n, _)| !without.contains(n))
            .copied()
            .collect::<BTreeMap<_, _>>();
        env.extend(extra.iter().copied());
        env
    };
    vec![
        with(&[], &[]),
        with(&[("HUAWEICLOUD_SDK_SECURITY_TOKEN", "tok-1")], &[]),
        with(&[("HUAWEICLOUD_SDK_SECURITY_TOKEN", "")], &[]),
        with(&[], &["HUAWEICLOUD_SDK_SK"]),
        with(&[], &["HUAWEICLOUD_SDK_AK"]),
        with(&[("HUAWEICLOUD_SDK_AK", "")], &[]),
        with(&[("HUAWEICLOUD_SDK_SK", "")], &[]),
        with(&[], &["HUAWEICLOUD_SDK_DOMAIN_ID"]),
        with(&[], &["HUAWEICLOUD_SDK_PROJECT_ID"]),
        with(&[("HUAWEICLOUD_SDK_PROJECT_ID", "")], &[]),
        with(
            &[
                ("HUAWEICLOUD_SDK_IDP_ID", "idp"),
                ("HUAWEICLOUD_SDK_ID_TOKEN_FILE", "/nowhere"),
            ],
            &[],
        ),
        with(&[("HUAWEICLOUD_SDK_IDP_ID", "idp")], &[]),
        BTreeMap::new(),
    ]
}

/// The SDK's credentials with an empty project id as none: both are learned from IAM.
fn without_empty_project(theirs: &Value) -> Value {
    let mut theirs = theirs.clone();
    if theirs["project_id"] == "" {
        theirs["project_id"] = Value::Null;
    }
    theirs
}

/// Credentials as the oracle reports the SDK's (no project id: learned from IAM).
fn basic(result: Result<BasicCredentials, CredentialsError>) -> Value {
    match result {
        Ok(c) => json!({
            "ak": c.ak(), "sk": c.sk(), "security_token": c.security_token(),
            "project_id": Some(c.project_id()).filter(|p| !p.is_empty()), "domain_id": null
        }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

fn global(result: Result<GlobalCredentials, CredentialsError>) -> Value {
    match result {
        Ok(c) => json!({
            "ak": c.ak(), "sk": c.sk(), "security_token": c.security_token(),
            "project_id": null, "domain_id": c.domain_id()
        }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// Our credentials from `env`.
fn ours(kind: &str, env: &BTreeMap<&str, &str>) -> Value {
    let lookup = |name: &str| env.get(name).map(|v| (*v).to_owned());
    match kind {
        "basic" => basic(BasicCredentials::from_lookup(lookup)),
        _ => global(GlobalCredentials::from_lookup(lookup)),
    }
}

#[test]
fn environment_credentials_are_the_official_providers() {
    let mut inputs = Vec::new();
    for env in cases() {
        for kind in ["basic", "global"] {
            inputs.push(json!({ "kind": kind, "env": env }));
        }
    }
    let theirs = oracle::run("env", &inputs);
    assert_eq!(theirs.len(), inputs.len());
    let mut compared = 0;
    for (input, theirs) in inputs.iter().zip(&theirs) {
        let kind = input["kind"].as_str().unwrap_or_default();
        let env = input["env"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
                    .collect::<BTreeMap<_, _>>()
            })
            .unwrap_or_default();
        let ours = ours(kind, &env);
        let federated = env.contains_key("HUAWEICLOUD_SDK_IDP_ID")
            && env.contains_key("HUAWEICLOUD_SDK_ID_TOKEN_FILE");
        if theirs.get("error").is_some() {
            assert!(
                ours.get("error").is_some(),
                "{input}: the SDK fails, we give {ours}"
            );
        } else if federated {
            // The SDK exchanges the OIDC id token later; we refuse at once (README).
            assert!(ours.get("error").is_some(), "{input}: {ours}");
        } else {
            assert_eq!(ours, without_empty_project(theirs), "{input}");
            compared += 1;
        }
    }
    assert!(
        compared >= 10,
        "only {compared} cases gave credentials on both sides"
    );
}

#[test]
fn errors_name_the_variables_never_their_values() {
    let env = BTreeMap::from([("HUAWEICLOUD_SDK_SK", "sk-value-9")]);
    let err =
        BasicCredentials::from_lookup(|n| env.get(n).map(|v| (*v).to_owned())).expect_err("no AK");
    let text = err.to_string();
    assert!(text.contains("HUAWEICLOUD_SDK_AK"), "{text}");
    assert!(!text.contains("sk-value-9"), "{text}");
}

/// Profile files: sections, both delimiters, comments, case, defaults, continuation lines,
/// interpolation, and what the SDK's parser refuses.
fn profiles() -> Vec<&'static str> {
    vec![
        "[basic]\nak = AK1\nsk = SK1\nproject_id = p1\n[global]\nak = AK2\nsk = SK2\ndomain_id = d2\n",
        "# a comment\n; another\n[basic]\nAK: AK1\nSk:SK1 \nproject_id=p1\nsecurity_token = t1\n",
        "[DEFAULT]\nak = AKD\nsk = SKD\n[basic]\nproject_id = p1\n[global]\nsk = SKG\n",
        "[basic]\nak = AK1\nsk = a%%b\nproject_id = %(ak)s-p\n[global]\nak = A\nsk = 50%\n",
        "[basic]\nak = AK1\nsk = line1\n  line2\nproject_id = p1\n",
        "[basic]\nak = AK1\nsk =\nproject_id = p1\n[global]\nak = A\n",
        "[basic]\nak = AK1\nsk = SK1\n[global]\nak = A\nsk = S\nsecurity_token =\n",
        "[basic]\nak = AK1\nak = AK2\nsk = SK1\nproject_id = p1\n",
        "ak = AK1\n[basic]\nsk = SK1\n",
        "[Basic]\nak = AK1\nsk = SK1\nproject_id = p1\n",
        "[basic]\nak = AK1\nsk = SK1\nproject_id = p1\nidp_id = i\nid_token_file = /f\n",
        "",
    ]
}

#[test]
fn profile_files_are_read_as_the_official_provider_reads_them() {
    let dir = std::env::temp_dir().join(format!("credentials-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let mut inputs = Vec::new();
    for (i, text) in profiles().into_iter().enumerate() {
        let file = dir.join(format!("credentials-{i}"));
        std::fs::write(&file, text).expect("write profile");
        for kind in ["basic", "global"] {
            inputs.push(json!({ "kind": kind, "file": file.display().to_string() }));
        }
    }
    let missing = dir.join("no-such-file").display().to_string();
    inputs.push(json!({ "kind": "basic", "file": missing }));
    let theirs = oracle::run("profile", &inputs);
    assert_eq!(theirs.len(), inputs.len());
    let mut compared = 0;
    for (input, theirs) in inputs.iter().zip(&theirs) {
        let file = input["file"].as_str().unwrap_or_default();
        let ours = match input["kind"].as_str() {
            Some("basic") => basic(BasicCredentials::from_profile_file(file)),
            _ => global(GlobalCredentials::from_profile_file(file)),
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // Beside the SDK's own failures, ours refuses federated profiles (the SDK exchanges
        // an OIDC token later).
        let refused = text.contains("idp_id");
        if theirs.get("error").is_some() || refused {
            assert!(
                ours.get("error").is_some(),
                "{input} ({text:?}): the SDK gives {theirs}, we give {ours}"
            );
        } else {
            assert_eq!(ours, without_empty_project(theirs), "{input} ({text:?})");
            compared += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        compared >= 6,
        "only {compared} profiles gave credentials on both sides"
    );
}
