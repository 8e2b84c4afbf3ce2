//! The fault matrix: the generated clients against misbehaving servers on 127.0.0.1. Each case
//! ends in the right typed result, within its time bounds, and never panics.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, AclAccountModifyPasswordResult, DcsClient, PasswordChangeResult,
    UpdateAclAccountPassWordError, UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::{
    BasicCredentials, ClientBuilder, Error, GlobalCredentials, RetryPolicy, TransportErrorKind,
};
use huaweicloud::sms::v3::{SmsClient, UnlockResult, UnlockTargetEcsError, UnlockTargetEcsRequest};
use tests::server::{Action, Recorded, Reply, Server};
use tests::verify::expected_authorization;

const AK: &str = "AKFAULTS";
const SK: &str = "SKFAULTS";
const OK_BODY: &str = r#"{"result":"success","message":"ok"}"#;

/// Retries fast enough for tests.
fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

fn dcs(
    url: &str,
    configure: impl FnOnce(ClientBuilder<DcsClient>) -> ClientBuilder<DcsClient>,
) -> DcsClient {
    configure(
        DcsClient::builder()
            .credentials(BasicCredentials::new(AK, SK, "p1"))
            .endpoint(url)
            .allow_http(true)
            .retry(quick_retries()),
    )
    .build()
    .expect("client builds")
}

fn sms(
    url: &str,
    configure: impl FnOnce(ClientBuilder<SmsClient>) -> ClientBuilder<SmsClient>,
) -> SmsClient {
    configure(
        SmsClient::builder()
            .credentials(GlobalCredentials::new(AK, SK).with_domain_id("d1"))
            .endpoint(url)
            .allow_http(true)
            .retry(quick_retries()),
    )
    .build()
    .expect("client builds")
}

/// A PUT: idempotent, so transport failures and 5xx are retried.
async fn put(
    client: &DcsClient,
) -> Result<AclAccountModifyPasswordResult, Error<UpdateAclAccountPassWordError>> {
    let body = AclAccountModifyPasswordBody {
        old_password: Some("old".into()),
        new_password: Some("new".into()),
    };
    client
        .update_acl_account_pass_word(UpdateAclAccountPassWordRequest::new("i", "a", body))
        .await
}

/// A POST: not idempotent.
#[allow(deprecated)]
async fn post(client: &SmsClient) -> Result<Option<UnlockResult>, Error<UnlockTargetEcsError>> {
    client
        .unlock_target_ecs(UnlockTargetEcsRequest::new("t"))
        .await
}

/// Answers in turn from `script`; the last answer repeats.
fn scripted(script: Vec<Action>) -> impl Fn(&Recorded) -> Action + Send + Sync + 'static {
    let next = Arc::new(AtomicUsize::new(0));
    move |_| {
        let i = next.fetch_add(1, Ordering::SeqCst).min(script.len() - 1);
        script[i].clone()
    }
}

fn transport<E: std::fmt::Debug>(
    result: Result<impl std::fmt::Debug, Error<E>>,
) -> (TransportErrorKind, u32) {
    match result {
        Err(Error::Transport(e)) => (e.kind(), e.attempts()),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_retried_and_reported() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = sms(&format!("http://127.0.0.1:{port}"), |b| b);
    let (kind, attempts) = transport(post(&client).await);
    assert_eq!(kind, TransportErrorKind::Connect);
    assert_eq!(attempts, 3, "nothing was sent, so even a POST is retried");
}

#[tokio::test]
async fn reset_mid_response() {
    let server = Server::start_with(|_| {
        Action::RawThenReset(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"resu".to_vec())
    })
    .await;
    let (kind, attempts) = transport(put(&dcs(&server.url(), |b| b)).await);
    assert_eq!(kind, TransportErrorKind::Other);
    assert_eq!(attempts, 3, "a PUT is retried");
    assert_eq!(server.requests().len(), 3);

    let server =
        Server::start_with(|_| Action::RawThenReset(b"HTTP/1.1 200 OK\r\nContent-Le".to_vec()))
            .await;
    let (_, attempts) = transport(post(&sms(&server.url(), |b| b)).await);
    assert_eq!(attempts, 1, "a POST is not retried after it was sent");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn no_answer_hits_the_attempt_timeout() {
    let server = Server::start_with(|_| Action::Hang).await;
    let started = Instant::now();
    let client = sms(&server.url(), |b| {
        b.attempt_timeout(Duration::from_millis(200))
    });
    let (kind, attempts) = transport(post(&client).await);
    assert_eq!(kind, TransportErrorKind::Timeout);
    assert_eq!(attempts, 1, "a POST is not retried after a timeout");
    assert!(started.elapsed() < Duration::from_secs(2));

    let client = dcs(&server.url(), |b| {
        b.attempt_timeout(Duration::from_millis(100))
    });
    let (kind, attempts) = transport(put(&client).await);
    assert_eq!((kind, attempts), (TransportErrorKind::Timeout, 3));
}

#[tokio::test]
async fn a_slow_drip_is_cut_by_the_total_timeout() {
    let body = OK_BODY.as_bytes().to_vec();
    let server = Server::start_with(move |_| Action::Drip {
        body: body.clone(),
        pause: Duration::from_millis(100),
    })
    .await;
    let started = Instant::now();
    let client = dcs(&server.url(), |b| {
        b.attempt_timeout(Duration::from_secs(30))
            .total_timeout(Duration::from_millis(600))
    });
    let result = put(&client).await;
    if let Err(Error::Transport(e)) = &result {
        let message = e.to_string();
        assert!(
            message.starts_with("the total timeout expired"),
            "the total timeout cut the attempt, not the attempt's own: {message}"
        );
    }
    let (kind, _) = transport(result);
    assert_eq!(kind, TransportErrorKind::Timeout);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn truncated_and_non_json_success_bodies_are_decode_errors() {
    for body in [r#"{"result":"succ"#, "<html>maintenance</html>"] {
        let server = Server::start(move |_| Reply::json(200, body)).await;
        match put(&dcs(&server.url(), |b| b)).await {
            Err(Error::Decode(e)) => {
                assert_eq!(e.status, 200);
                assert_eq!(&e.body[..], body.as_bytes());
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert_eq!(server.requests().len(), 1, "a decode error is not retried");
    }
}

#[tokio::test]
async fn an_html_502_is_a_service_error_after_retries() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server =
        Server::start(move |_| Reply::json(502, html).with_header("Content-Type", "text/html"))
            .await;
    match put(&dcs(&server.url(), |b| b)).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 502);
            assert_eq!(e.kind, UpdateAclAccountPassWordError::Other);
            assert_eq!(e.error_code.as_deref(), Some("502"));
            assert_eq!(e.error_msg.as_deref(), Some(html));
            assert_eq!(e.attempts, 3);
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after_and_signs_again() {
    let server = Server::start_with(scripted(vec![
        Reply::json(
            429,
            r#"{"error_code":"APIGW.0308","error_msg":"throttled"}"#,
        )
        .with_header("Retry-After", "1")
        .into(),
        Reply::json(200, "{ }").into(),
    ]))
    .await;
    let started = Instant::now();
    let result = post(&sms(&server.url(), |b| b))
        .await
        .expect("success after the wait");
    assert_eq!(result, Some(UnlockResult::Object(Default::default())));
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After honoured"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "429 is retried even for POST");
    assert_ne!(
        requests[0].header("X-Sdk-Date"),
        requests[1].header("X-Sdk-Date"),
        "each attempt is signed afresh"
    );
    for r in &requests {
        assert_eq!(
            r.header("Authorization"),
            Some(expected_authorization(r, AK, SK).as_str())
        );
    }
}

#[tokio::test]
async fn service_unavailable_then_success() {
    let server = Server::start_with(scripted(vec![
        Reply::json(503, r#"{"error_code":"DCS.5003","error_msg":"busy"}"#).into(),
        Reply::json(200, OK_BODY).into(),
    ]))
    .await;
    let result = put(&dcs(&server.url(), |b| b))
        .await
        .expect("success after a retry");
    assert_eq!(result.result, Some(PasswordChangeResult::Success));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_500_on_post_is_not_retried() {
    let server =
        Server::start(|_| Reply::json(500, r#"{"error_code":"SMS.0500","error_msg":"boom"}"#))
            .await;
    match post(&sms(&server.url(), |b| b)).await {
        Err(Error::Service(e)) => {
            assert_eq!((e.status, e.attempts), (500, 1));
            assert_eq!(e.error_code.as_deref(), Some("SMS.0500"));
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = Server::start(|_| {
        Reply::json(302, "").with_header("Location", "http://127.0.0.1:9/elsewhere")
    })
    .await;
    match put(&dcs(&server.url(), |b| b)).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 302);
            assert_eq!(e.kind, UpdateAclAccountPassWordError::Other);
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_without_reading_them() {
    let big = format!(r#"{{"message":"{}"}}"#, "x".repeat(64 * 1024));
    let announced = big.clone();
    let server = Server::start(move |_| Reply::json(200, &announced)).await;
    let client = dcs(&server.url(), |b| b.max_response_bytes(4096));
    let (kind, attempts) = transport(put(&client).await);
    assert_eq!((kind, attempts), (TransportErrorKind::BodyTooLarge, 1));

    // Without Content-Length the limit applies while reading.
    let dripped = big.into_bytes();
    let server = Server::start_with(move |_| {
        let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".to_vec();
        raw.extend_from_slice(&dripped);
        Action::RawThenReset(raw)
    })
    .await;
    let client = dcs(&server.url(), |b| b.max_response_bytes(4096));
    let (kind, _) = transport(put(&client).await);
    assert_eq!(kind, TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = Server::start(|_| Reply::json(503, "{}")).await;
    let client = dcs(&server.url(), |b| b.retry(RetryPolicy::disabled()));
    match put(&client).await {
        Err(Error::Service(e)) => assert_eq!(e.attempts, 1),
        other => panic!("expected a service error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn path_values_cannot_change_the_path_or_query() {
    let server = Server::start(|_| Reply::json(200, OK_BODY)).await;
    let client = dcs(&server.url(), |b| b);
    for (value, encoded) in [
        ("a/b", "a%2Fb"),
        ("../x", "..%2Fx"),
        ("x?admin=1", "x%3Fadmin%3D1"),
        ("x#frag", "x%23frag"),
        ("100%", "100%25"),
    ] {
        let body = AclAccountModifyPasswordBody::default();
        client
            .update_acl_account_pass_word(UpdateAclAccountPassWordRequest::new(value, "acc", body))
            .await
            .expect("sent");
        let last = server.requests().pop().expect("recorded");
        assert_eq!(
            last.target,
            format!("/v2/p1/instances/{encoded}/accounts/acc/password/modify")
        );
        assert_eq!(last.query(), "");
    }
    for bad in ["", ".", ".."] {
        let body = AclAccountModifyPasswordBody::default();
        let before = server.requests().len();
        let err = client
            .update_acl_account_pass_word(UpdateAclAccountPassWordRequest::new("i", bad, body))
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(err.to_string().contains("account_id"), "{err}");
        assert_eq!(server.requests().len(), before, "nothing is sent");
    }
}
