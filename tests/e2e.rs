//! End to end: the generated clients against a real HTTP server on 127.0.0.1.
//!
//! The server records each request; the tests check method, path, headers and body, recompute
//! the signature with the independent checker in `tests::verify`, and answer with every status
//! the API documents.

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, PasswordChangeResult, UpdateAclAccountPassWordError,
    UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::{
    BasicCredentials, BuildError, Error, GlobalCredentials, TokenCredentials,
};
use huaweicloud::sms::v3::{SmsClient, UnlockResult, UnlockTargetEcsError, UnlockTargetEcsRequest};
use serde_json::{json, Value};
use tests::server::{Recorded, Reply, Server};
use tests::verify::expected_authorization;

const AK: &str = "HPUAEXAMPLEAK0000001";
const SK: &str = "sk-example-0000000000000000000000000000";
const PROJECT: &str = "0912c1b9e480d2c82f7ac00d5a3d2f55";
const DOMAIN: &str = "77f1c2d2c2d94a9e8b1c2d2c2d94a9e8";

fn dcs_client(server: &Server) -> DcsClient {
    DcsClient::builder()
        .credentials(BasicCredentials::new(AK, SK, PROJECT))
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds")
}

fn sms_client(server: &Server) -> SmsClient {
    SmsClient::builder()
        .credentials(GlobalCredentials::new(AK, SK).with_domain_id(DOMAIN))
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds")
}

fn password_request() -> UpdateAclAccountPassWordRequest {
    UpdateAclAccountPassWordRequest::new(
        "inst-1",
        "acc-1",
        AclAccountModifyPasswordBody {
            old_password: Some("old secret".into()),
            new_password: Some("new secret".into()),
        },
    )
}

/// Checks what every signed request must carry.
fn assert_signed(request: &Recorded, server: &Server) {
    assert_eq!(request.header("Host"), Some(server.host().as_str()));
    let date = request.header("X-Sdk-Date").expect("X-Sdk-Date is sent");
    assert_eq!(date.len(), 16, "YYYYMMDDTHHMMSSZ: {date}");
    assert!(request.header("User-Agent").is_some());
    assert_eq!(
        request.header("Authorization"),
        Some(expected_authorization(request, AK, SK).as_str()),
        "signature must match the independent computation"
    );
}

fn assert_dcs_request(request: &Recorded, server: &Server) {
    assert_eq!(request.method, "PUT");
    assert_eq!(
        request.target,
        format!("/v2/{PROJECT}/instances/inst-1/accounts/acc-1/password/modify")
    );
    assert_eq!(request.header("X-Project-Id"), Some(PROJECT));
    assert!(request
        .header("Content-Type")
        .is_some_and(|c| c.starts_with("application/json")));
    let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        body,
        json!({"old_password": "old secret", "new_password": "new secret"})
    );
    assert_signed(request, server);
}

#[tokio::test]
async fn dcs_200_returns_the_typed_result() {
    let server = Server::start(|_| {
        Reply::json(
            200,
            r#"{"lock_time":"0","result":"success","lock_time_left":"0","retry_times_left":"5","message":"Modify DCSInstance password success."}"#,
        )
    })
    .await;
    let result = dcs_client(&server)
        .update_acl_account_pass_word(password_request())
        .await
        .expect("200 is a success");
    assert_eq!(result.result, Some(PasswordChangeResult::Success));
    assert_eq!(result.retry_times_left.as_deref(), Some("5"));
    assert_eq!(result.lock_time.as_deref(), Some("0"));
    assert_eq!(result.lock_time_left.as_deref(), Some("0"));
    assert_eq!(
        result.message.as_deref(),
        Some("Modify DCSInstance password success.")
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_dcs_request(&requests[0], &server);
}

/// The values of `result` come from Huawei's own definition of the operation (API Explorer),
/// since the captured document lost them; the enum stays open for values added later.
#[tokio::test]
async fn dcs_password_results_are_an_open_enum_from_huaweis_definition() {
    let definition: Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/huawei-apiexplorer/dcs/UpdateAclAccountPassWord.json"
        ))
        .expect("Huawei's definition of the operation"),
    )
    .expect("JSON");
    let values = definition["definitions"]["ModifyInstancePasswordResp"]["properties"]["result"]
        ["enum"]
        .as_array()
        .expect("the values of `result`")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .chain(["lockedForever".to_owned()])
        .collect::<Vec<_>>();
    assert_eq!(values.len(), 5);
    let replies = values.clone();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let server = Server::start(move |_| {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Reply::json(200, &json!({"result": replies[i]}).to_string())
    })
    .await;
    let client = dcs_client(&server);
    let mut got = Vec::new();
    for _ in &values {
        let result = client
            .update_acl_account_pass_word(password_request())
            .await
            .expect("200 is a success");
        got.push(result.result.expect("a result"));
    }
    assert_eq!(
        got,
        [
            PasswordChangeResult::Success,
            PasswordChangeResult::PasswordFailed,
            PasswordChangeResult::Locked,
            PasswordChangeResult::Failed,
            PasswordChangeResult::Unknown("lockedForever".into()),
        ]
    );
    let known = got
        .iter()
        .map(PasswordChangeResult::as_str)
        .collect::<Vec<_>>();
    assert_eq!(known, values);
}

#[tokio::test]
async fn dcs_every_documented_error_status_is_typed() {
    for status in [400u16, 401, 403, 404, 500] {
        let server = Server::start(move |_| {
            Reply::json(
                status,
                r#"{"error_code":"DCS.4961","error_msg":"Acl account request param invalid.","error_ext_msg":null}"#,
            )
            .with_header("X-Request-Id", "req-42")
        })
        .await;
        let err = dcs_client(&server)
            .update_acl_account_pass_word(password_request())
            .await
            .expect_err("error status");
        let Error::Service(service) = err else {
            panic!("{status}: expected a service error, got {err:?}");
        };
        assert_eq!(service.status, status);
        assert_eq!(service.request_id.as_deref(), Some("req-42"));
        assert_eq!(service.error_code.as_deref(), Some("DCS.4961"));
        assert_eq!(
            service.error_msg.as_deref(),
            Some("Acl account request param invalid.")
        );
        let body = match (&service.kind, status) {
            (UpdateAclAccountPassWordError::BadRequest(b), 400)
            | (UpdateAclAccountPassWordError::Unauthorized(b), 401)
            | (UpdateAclAccountPassWordError::Forbidden(b), 403)
            | (UpdateAclAccountPassWordError::NotFound(b), 404)
            | (UpdateAclAccountPassWordError::InternalServerError(b), 500) => b,
            (other, _) => panic!("{status}: wrong variant {other:?}"),
        };
        assert_eq!(body.error_code.as_deref(), Some("DCS.4961"));
        assert_eq!(body.error_ext_msg, Some(None), "present and null");
        assert_dcs_request(&server.requests()[0], &server);
    }
}

#[tokio::test]
async fn dcs_undocumented_status_is_other() {
    let server = Server::start(|_| Reply::json(418, r#"{"code":"X","message":"teapot"}"#)).await;
    let err = dcs_client(&server)
        .update_acl_account_pass_word(password_request())
        .await
        .expect_err("418");
    let Error::Service(service) = err else {
        panic!("expected a service error");
    };
    assert_eq!(service.kind, UpdateAclAccountPassWordError::Other);
    assert_eq!(service.error_code.as_deref(), Some("X"));
    assert_eq!(service.error_msg.as_deref(), Some("teapot"));
    assert_eq!(&service.body[..], br#"{"code":"X","message":"teapot"}"#);
}

/// The PUT documents 200 only. Another 2xx is a success too (the official SDK takes any
/// status below 400): a body is read as the documented type, an empty one as an empty answer,
/// and a body that is not the type is a decode error, not a service error.
#[tokio::test]
async fn dcs_undocumented_success_statuses_are_successes() {
    let replies = [
        Reply::json(204, ""),
        Reply::json(201, r#"{"result":"success","message":"created"}"#),
        Reply::json(202, r#"{"result":"succ"#),
    ];
    let next = std::sync::atomic::AtomicUsize::new(0);
    let server = Server::start(move |_| {
        replies[next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)].clone()
    })
    .await;
    let client = dcs_client(&server);
    let empty = client
        .update_acl_account_pass_word(password_request())
        .await
        .expect("a 204 is a success");
    assert_eq!((empty.result, empty.message), (None, None));
    let created = client
        .update_acl_account_pass_word(password_request())
        .await
        .expect("a 201 is a success");
    assert_eq!(created.result, Some(PasswordChangeResult::Success));
    assert_eq!(created.message.as_deref(), Some("created"));
    let err = client
        .update_acl_account_pass_word(password_request())
        .await
        .expect_err("a truncated body");
    assert!(
        matches!(&err, Error::Decode(e) if e.status == 202),
        "{err:?}"
    );
}

/// A successful call's request id, attempts and headers, for the caller who asks.
#[tokio::test]
async fn a_captured_call_shows_what_its_answer_said_besides_the_body() {
    let server = Server::start(|_| {
        Reply::json(200, r#"{"result":"success"}"#)
            .with_header("X-Request-Id", "req-7")
            .with_header("Set-Cookie", "session=s3cr3t")
    })
    .await;
    let client = dcs_client(&server);
    let (result, answered) =
        huaweicloud::runtime::capture(client.update_acl_account_pass_word(password_request()))
            .await;
    assert_eq!(
        result.expect("200").result,
        Some(PasswordChangeResult::Success)
    );
    let answered = answered.expect("an answer came");
    assert_eq!(answered.status, 200);
    assert_eq!(answered.request_id.as_deref(), Some("req-7"));
    assert_eq!(answered.attempts, 1);
    assert_eq!(answered.headers["set-cookie"], "session=s3cr3t");
    let shown = format!("{answered:?}");
    assert!(
        shown.contains("req-7") && !shown.contains("s3cr3t"),
        "{shown}"
    );

    let refused = DcsClient::builder()
        .credentials(BasicCredentials::new(AK, SK, PROJECT))
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds");
    let mut request = password_request();
    request.instance_id = "..".into();
    let (result, answered) =
        huaweicloud::runtime::capture(refused.update_acl_account_pass_word(request)).await;
    assert!(result.is_err());
    assert!(answered.is_none(), "nothing was sent, nothing answered");
}

#[test]
fn dcs_refuses_domain_scoped_credentials_when_built() {
    let built = DcsClient::builder()
        .credentials(GlobalCredentials::new(AK, SK).with_domain_id(DOMAIN))
        .endpoint("https://dcs.example.com")
        .build();
    let Err(err) = built else {
        panic!("DCS paths need a project id, and domain-scoped credentials have none");
    };
    assert_eq!(err, BuildError::MissingCredentialField("project_id".into()));
    // A region does not help: domain-scoped credentials do not learn a project id.
    let built = DcsClient::builder()
        .credentials(GlobalCredentials::new(AK, SK))
        .region_id("cn-north-4")
        .build();
    assert!(matches!(built, Err(BuildError::MissingCredentialField(_))));
}

#[allow(deprecated)]
async fn unlock(client: &SmsClient) -> Result<Option<UnlockResult>, Error<UnlockTargetEcsError>> {
    client
        .unlock_target_ecs(UnlockTargetEcsRequest::new(
            "7a9a9540-ff28-4869-b9e4-855fbe12xxxx",
        ))
        .await
}

fn assert_sms_request(request: &Recorded, server: &Server) {
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        "/v3/tasks/7a9a9540-ff28-4869-b9e4-855fbe12xxxx/unlock"
    );
    assert_eq!(request.header("X-Domain-Id"), Some(DOMAIN));
    assert!(request.body.is_empty());
    assert_signed(request, server);
}

#[tokio::test]
async fn sms_200_accepts_empty_object_empty_body_and_string() {
    for (body, expected) in [
        ("{ }", Some(UnlockResult::Object(Default::default()))),
        ("", None),
        (
            r#""unlocked""#,
            Some(UnlockResult::String("unlocked".into())),
        ),
    ] {
        let server = Server::start(move |_| Reply::json(200, body)).await;
        let result = unlock(&sms_client(&server))
            .await
            .expect("200 is a success");
        assert_eq!(result, expected, "body {body:?}");
        assert_sms_request(&server.requests()[0], &server);
    }
}

#[tokio::test]
async fn sms_403_is_typed_with_details() {
    let body = r#"{
      "error_code" : "SMS.9004",
      "error_msg" : "The current account does not have the permission to execute policy You do not have permission to perform action XXX on resource XXX.",
      "encoded_authorization_message" : "XXXXXX",
      "error_param" : [ "You do not have permission to perform action XXX on resource XXX." ],
      "details" : [ {
        "error_code" : "SMS.9004",
        "error_msg" : "You do not have permission to perform action XXX on resource XXX."
      } ]
    }"#;
    let server =
        Server::start(move |_| Reply::json(403, body).with_header("x-request-id", "r-403")).await;
    let err = unlock(&sms_client(&server)).await.expect_err("403");
    let Error::Service(service) = err else {
        panic!("expected a service error");
    };
    assert_eq!(service.status, 403);
    assert_eq!(service.request_id.as_deref(), Some("r-403"));
    assert_eq!(service.error_code.as_deref(), Some("SMS.9004"));
    assert_eq!(
        service.encoded_authorization_message.as_deref(),
        Some("XXXXXX")
    );
    let UnlockTargetEcsError::Forbidden(typed) = &service.kind else {
        panic!("expected Forbidden, got {:?}", service.kind);
    };
    assert_eq!(
        typed.error_param.as_deref(),
        Some(&["You do not have permission to perform action XXX on resource XXX.".to_owned()][..])
    );
    let details = typed.details.as_ref().expect("details");
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].error_code.as_deref(), Some("SMS.9004"));
    assert_sms_request(&server.requests()[0], &server);
}

#[tokio::test]
async fn sms_with_project_scoped_credentials() {
    let server = Server::start(|_| Reply::json(200, "{ }")).await;
    let client = SmsClient::builder()
        .credentials(BasicCredentials::new(AK, SK, PROJECT))
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds");
    unlock(&client).await.expect("success");
    let request = &server.requests()[0];
    assert_eq!(request.header("X-Project-Id"), Some(PROJECT));
    assert_signed(request, &server);
}

#[tokio::test]
async fn sms_with_an_iam_token_sends_x_auth_token_unsigned() {
    let server = Server::start(|_| Reply::json(200, "{ }")).await;
    let client = SmsClient::builder()
        .credentials(TokenCredentials::new("MIIexample-token"))
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds");
    unlock(&client).await.expect("success");
    let request = &server.requests()[0];
    assert_eq!(request.header("X-Auth-Token"), Some("MIIexample-token"));
    assert_eq!(request.header("Authorization"), None);
}

#[test]
fn debug_never_prints_passwords_or_keys() {
    let request = password_request();
    let text = format!("{request:?} {:?}", request.body);
    assert!(
        !text.contains("old secret") && !text.contains("new secret"),
        "{text}"
    );
    assert!(text.contains("<redacted>"));
    let client = DcsClient::builder()
        .credentials(BasicCredentials::new(AK, SK, PROJECT).with_security_token("TOKEN-SECRET"))
        .region(huaweicloud::dcs::v2::regions::CN_NORTH_4)
        .build()
        .expect("client builds");
    let text = format!("{client:?}");
    assert!(
        !text.contains(SK) && !text.contains("TOKEN-SECRET"),
        "{text}"
    );
}

#[test]
fn regions_resolve_like_the_official_sdk() {
    use huaweicloud::runtime::BuildError;
    use huaweicloud::sms::v3::regions;

    assert_eq!(regions::ALL.len(), 4);
    assert_eq!(
        regions::RU_MOSCOW_1.endpoint,
        "https://sms-api.ru-moscow-1.myhuaweicloud.com"
    );
    assert_eq!(huaweicloud::dcs::v2::regions::ALL.len(), 34);
    let err = SmsClient::builder()
        .credentials(GlobalCredentials::new(AK, SK))
        .region_id("xx-nowhere-1")
        .build()
        .expect_err("unknown region");
    let BuildError::UnknownRegion { region, known } = &err else {
        panic!("expected UnknownRegion, got {err:?}");
    };
    assert_eq!(region, "xx-nowhere-1");
    assert_eq!(
        known,
        &[
            "cn-north-4",
            "ap-southeast-3",
            "my-kualalumpur-1",
            "ru-moscow-1"
        ]
    );
    assert!(err.to_string().contains("ru-moscow-1"));
    let err = SmsClient::builder()
        .credentials(GlobalCredentials::new(AK, SK))
        .build()
        .expect_err("no region");
    assert_eq!(err, BuildError::NoEndpoint);
    let err = SmsClient::builder()
        .credentials(GlobalCredentials::new(AK, ""))
        .region(regions::CN_NORTH_4)
        .build()
        .expect_err("empty SK");
    assert!(matches!(err, BuildError::InvalidCredentials(_)));
    let err = SmsClient::builder()
        .credentials(GlobalCredentials::new(AK, SK))
        .endpoint("http://127.0.0.1:1")
        .build()
        .expect_err("plain http needs opting in");
    assert!(matches!(err, BuildError::InvalidEndpoint(_)));
}

#[tokio::test]
async fn the_region_environment_variable_overrides_the_endpoint() {
    let server = Server::start(|_| Reply::json(200, "{ }")).await;
    // Only this test uses ap-southeast-3, so no other test sees the variable.
    std::env::set_var("HUAWEICLOUD_SDK_REGION_SMS_AP_SOUTHEAST_3", server.url());
    for builder in [
        SmsClient::builder().region(huaweicloud::sms::v3::regions::AP_SOUTHEAST_3),
        SmsClient::builder().region_id("ap-southeast-3"),
    ] {
        let client = builder
            .credentials(GlobalCredentials::new(AK, SK).with_domain_id(DOMAIN))
            .allow_http(true)
            .build()
            .expect("client builds");
        unlock(&client).await.expect("reaches the loopback server");
    }
    std::env::remove_var("HUAWEICLOUD_SDK_REGION_SMS_AP_SOUTHEAST_3");
    assert_eq!(server.requests().len(), 2);
    assert_sms_request(&server.requests()[0], &server);
}
