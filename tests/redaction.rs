//! Secrets never appear in `Debug` output or in traces: full calls (success, error, retry) run
//! under a subscriber that records everything, at every level.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::{
    BasicCredentials, Credentials, GlobalCredentials, Method, Request, RetryPolicy,
    TokenCredentials,
};
use huaweicloud::sms::v3::{SmsClient, UnlockTargetEcsRequest};
use tests::server::{Reply, Server};

const SK: &str = "SECRET-SK-0123456789";
const TOKEN: &str = "SECRET-SECURITY-TOKEN";
const IAM: &str = "SECRET-IAM-TOKEN";
const OLD: &str = "SECRET-OLD-PASSWORD";
const NEW: &str = "SECRET-NEW-PASSWORD";
const API_KEY: &str = "SECRET-API-KEY";

fn assert_clean(text: &str) {
    for secret in [SK, TOKEN, IAM, OLD, NEW, API_KEY, "Signature="] {
        assert!(!text.contains(secret), "{secret} leaked into: {text}");
    }
}

fn password_request() -> UpdateAclAccountPassWordRequest {
    UpdateAclAccountPassWordRequest::new(
        "inst",
        "acc",
        AclAccountModifyPasswordBody {
            old_password: Some(OLD.into()),
            new_password: Some(NEW.into()),
        },
    )
}

#[test]
fn debug_of_every_public_type_with_a_secret_is_redacted() {
    let basic = BasicCredentials::new("AK", SK, "p").with_security_token(TOKEN);
    let global = GlobalCredentials::new("AK", SK)
        .with_domain_id("d")
        .with_security_token(TOKEN);
    let token = TokenCredentials::new(IAM).with_project_id("p");
    let credentials: [Credentials; 3] = [
        basic.clone().into(),
        global.clone().into(),
        token.clone().into(),
    ];
    let builder = DcsClient::builder()
        .credentials(basic.clone())
        .endpoint("https://dcs.example.com");
    let builder_text = format!("{builder:?}");
    let client = builder.build().expect("client");
    let mut raw = Request::new(Method::PUT, "op", "/x");
    raw.header("X-Auth-Token", IAM);
    raw.header(
        "Authorization",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc",
    );
    raw.json_body("application/json", &password_request().body)
        .expect("serializes");
    let body = password_request().body;
    let text = format!(
        "{basic:?} {global:?} {token:?} {credentials:?} {builder_text} {client:?} {raw:?} {body:?} {:?} {:#?}",
        password_request(),
        password_request(),
    );
    assert_clean(&text);
    assert!(text.contains("<redacted>"));
}

/// A writer that keeps everything the subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn traces_of_full_calls_hold_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let replies = Arc::new(Mutex::new(vec![
                Reply::json(200, r#"{"result":"success"}"#),
                Reply::json(400, r#"{"error_code":"DCS.4961","error_msg":"bad"}"#),
                Reply::json(503, "{}"),
                Reply::json(200, "{ }"),
            ]));
            let server = Server::start(move |_| {
                let mut r = replies.lock().unwrap_or_else(PoisonError::into_inner);
                if r.len() > 1 {
                    r.remove(0)
                } else {
                    r[0].clone()
                }
            })
            .await;
            let fast = RetryPolicy {
                base_delay: Duration::from_millis(1),
                ..RetryPolicy::default()
            };
            let dcs = DcsClient::builder()
                .credentials(BasicCredentials::new("AK", SK, "p").with_security_token(TOKEN))
                .endpoint(server.url())
                .allow_http(true)
                .retry(fast)
                .build()
                .expect("client");
            dcs.update_acl_account_pass_word(password_request())
                .await
                .expect("success");
            let err = dcs
                .update_acl_account_pass_word(password_request())
                .await
                .expect_err("400");
            assert_clean(&format!("{err} {err:?}"));
            let sms = SmsClient::builder()
                .credentials(TokenCredentials::new(IAM))
                .endpoint(server.url())
                .allow_http(true)
                .retry(fast)
                .build()
                .expect("client");
            #[allow(deprecated)]
            sms.unlock_target_ecs(UnlockTargetEcsRequest::new("t"))
                .await
                .expect("success after 503");
            // The spec's plain API key scheme (`IamToken`), and one with a line break.
            let keyed = SmsClient::builder()
                .iam_token(API_KEY)
                .endpoint(server.url())
                .allow_http(true)
                .build()
                .expect("client");
            assert_clean(&format!("{keyed:?}"));
            #[allow(deprecated)]
            keyed
                .unlock_target_ecs(UnlockTargetEcsRequest::new("t"))
                .await
                .expect("success");
            let err = SmsClient::builder()
                .iam_token(format!("{API_KEY}\r\nX-Injected: 1"))
                .endpoint(server.url())
                .build()
                .expect_err("line break");
            assert_clean(&format!("{err} {err:?}"));
            let recorded = server.requests();
            let last = recorded.last().expect("sent");
            assert_eq!(last.header("X-Auth-Token"), Some(API_KEY));
            assert_eq!(last.header("Authorization"), None, "not signed");
        });
    });
    let text = String::from_utf8_lossy(&captured.0.lock().unwrap_or_else(PoisonError::into_inner))
        .into_owned();
    assert_clean(&text);
    assert!(
        text.contains("operation=\"UpdateAclAccountPassWord\""),
        "{text}"
    );
    assert!(text.contains("operation=\"UnlockTargetEcs\""), "{text}");
    assert!(text.contains("path=\"/v2/{project_id}/instances/{instance_id}/accounts/{account_id}/password/modify\""), "{text}");
    assert!(text.contains("retrying"), "the retry is traced: {text}");
    assert!(
        !text.contains("/v2/p/instances/inst"),
        "the path template, not the values: {text}"
    );
}
