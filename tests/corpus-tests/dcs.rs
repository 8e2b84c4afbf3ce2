//! The DCS client generated from Huawei's own API Explorer definitions (all 118 operations,
//! with `specs/overlays/dcs-v2-apiexplorer.yaml`) against a loopback server, beside the one
//! generated from our transcribed `specs/dcs-v2.yaml` (the `huaweicloud` crate): both send
//! `UpdateAclAccountPassWord` the same on the wire: method, path, signed headers and body
//! value. Copied into the corpus crate and run by the corpus test.

use std::time::{Duration, SystemTime};

use corpus_huawei_apiexplorer_dcs::dcs::v2 as explorer;
use corpus_huawei_apiexplorer_dcs::runtime as explorer_runtime;
use huaweicloud::dcs::v2 as transcribed;
use loopback::{Recorded, Reply, Server};

const AK: &str = "AKEXAMPLE0123456789";
const SK: &str = "sk-example-secret";
const PROJECT: &str = "a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71";

fn signing_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_000_000)
}

async fn server() -> Server {
    Server::start(|_| {
        Reply::json(
            200,
            r#"{"lock_time":"0","result":"passwordFailed","lock_time_left":"0","retry_times_left":"4","message":"m"}"#,
        )
    })
    .await
}

async fn send_from_definitions(server: &Server) -> Recorded {
    let client = explorer::DcsClient::builder()
        .credentials(explorer_runtime::BasicCredentials::new(AK, SK, PROJECT))
        .endpoint(server.url())
        .allow_http(true)
        .user_agent("wire-test")
        .signing_time(signing_time())
        .build()
        .expect("client builds");
    let body = explorer::AclAccountModifyPasswordBody {
        old_password: Some("old secret".into()),
        new_password: Some("new secret".into()),
    };
    let answer = client
        .update_acl_account_pass_word(explorer::UpdateAclAccountPassWordRequest::new(
            "inst-1", "acc-1", body,
        ))
        .await
        .expect("200");
    assert_eq!(
        answer.result,
        Some(explorer::ModifyInstancePasswordRespResult::PasswordFailed),
        "Huawei's definition has the values of `result`"
    );
    server.requests().pop().expect("a request")
}

async fn send_from_transcription(server: &Server) -> Recorded {
    let client = transcribed::DcsClient::builder()
        .credentials(huaweicloud::runtime::BasicCredentials::new(AK, SK, PROJECT))
        .endpoint(server.url())
        .allow_http(true)
        .user_agent("wire-test")
        .signing_time(signing_time())
        .build()
        .expect("client builds");
    let body = transcribed::AclAccountModifyPasswordBody {
        old_password: Some("old secret".into()),
        new_password: Some("new secret".into()),
    };
    let answer = client
        .update_acl_account_pass_word(transcribed::UpdateAclAccountPassWordRequest::new(
            "inst-1", "acc-1", body,
        ))
        .await
        .expect("200");
    assert_eq!(
        answer.result,
        Some(transcribed::PasswordChangeResult::PasswordFailed)
    );
    server.requests().pop().expect("a request")
}

/// The headers the signature covers, from its `SignedHeaders=` list, with their values.
fn signed_headers(request: &Recorded) -> Vec<(String, String)> {
    let authorization = request.header("Authorization").expect("signed");
    let names = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .expect("SignedHeaders");
    names
        .split(';')
        .map(|name| {
            let value = request
                .header(name)
                .unwrap_or_else(|| panic!("signed header {name} is sent"));
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn update_acl_account_password_is_the_same_request_as_from_the_transcribed_spec() {
    let server = server().await;
    let ours = send_from_transcription(&server).await;
    let theirs = send_from_definitions(&server).await;
    assert_eq!(theirs.method, "PUT");
    assert_eq!(
        theirs.target,
        format!("/v2/{PROJECT}/instances/inst-1/accounts/acc-1/password/modify"),
        "project_id comes from the credentials"
    );
    assert_eq!(theirs.method, ours.method);
    assert_eq!(theirs.target, ours.target);
    let signed = signed_headers(&theirs);
    assert!(
        signed.iter().any(|(n, _)| n == "x-sdk-date") && signed.iter().any(|(n, _)| n == "host"),
        "{signed:?}"
    );
    assert_eq!(signed, signed_headers(&ours), "the same signed headers and values");
    // The signature itself covers the body's bytes, and the two specs list the body's
    // properties in another order; the body's value is the same.
    let scope = |r: &Recorded| {
        let authorization = r.header("Authorization").unwrap_or_default().to_owned();
        authorization
            .split_once(", Signature=")
            .map(|(scope, _)| scope.to_owned())
    };
    assert_eq!(scope(&theirs), scope(&ours));
    assert_eq!(theirs.header("Content-Type"), ours.header("Content-Type"));
    let value = |r: &Recorded| serde_json::from_slice::<serde_json::Value>(&r.body).expect("JSON");
    assert_eq!(value(&theirs), value(&ours));
    assert_eq!(
        value(&theirs),
        serde_json::json!({"old_password": "old secret", "new_password": "new secret"})
    );
}

#[test]
fn every_operation_of_the_definitions_is_a_method_and_the_regions_come_from_the_overlay() {
    let client = explorer::DcsClient::builder()
        .credentials(explorer_runtime::BasicCredentials::new(AK, SK, PROJECT))
        .region(explorer::regions::CN_NORTH_4)
        .build()
        .expect("a region is an endpoint");
    assert!(
        format!("{client:?}").contains("https://dcs.cn-north-4.myhuaweicloud.com"),
        "{client:?}"
    );
    let unknown = explorer::DcsClient::builder()
        .credentials(explorer_runtime::BasicCredentials::new(AK, SK, PROJECT))
        .region_id("xx-nowhere-1")
        .build();
    assert!(unknown.is_err(), "regions not in the overlay are refused");
}
