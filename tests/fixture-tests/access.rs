//! Behaviour of the access fixture against a loopback server (copied into the fixture crate
//! and run by the corpus test): servers and base paths, every kind of security scheme,
//! operation-level requirements, `Accept`, and redaction of credentials.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fixture_access::access::{AccessClient, AddPetRequest, GetPetRequest, Pet, UploadRequest, SERVICE};
use fixture_access::runtime::{
    ApiKey, ApiKeyLocation, AuthError, BuildError, ClientBuilder, Error, RetryPolicy,
};
use loopback::{Recorded, Reply, Server};

fn client(server: &Server, setup: impl FnOnce(ClientBuilder<AccessClient>) -> ClientBuilder<AccessClient>) -> AccessClient {
    setup(AccessClient::builder().endpoint(server.url()).allow_http(true))
        .build()
        .expect("client builds")
}

fn pet() -> Pet {
    Pet { id: Some(7), name: "Rex".into() }
}

fn only(server: &Server) -> Recorded {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests[0].clone()
}

#[tokio::test]
async fn bearer_tokens_accept_and_no_content_type_without_a_body() {
    let server = Server::start(|_| Reply::json(200, r#"[{"id":1,"name":"a"}]"#)).await;
    let pets = client(&server, |b| b.bearer_auth("tok-123")).list_pets().await.expect("200");
    assert_eq!(pets.len(), 1);
    let r = only(&server);
    assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/pets"));
    assert_eq!(r.header("Authorization"), Some("Bearer tok-123"));
    assert_eq!(r.header("Accept"), Some("application/json"));
    assert_eq!(r.header("Content-Type"), None);
    assert_eq!(r.header("User-Agent"), Some(concat!("fixture_access/", env!("CARGO_PKG_VERSION"))));
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT", "the spec's licence");
}

#[tokio::test]
async fn an_answer_in_another_media_type_is_a_decode_error_naming_it() {
    let server = Server::start(|_| {
        let mut reply = Reply::json(200, "<pets><pet><name>a</name></pet></pets>");
        reply.headers = vec![("Content-Type".into(), "application/xml".into())];
        reply
    })
    .await;
    let err = client(&server, |b| b.bearer_auth("t")).list_pets().await.expect_err("XML");
    let Error::Decode(e) = err else { panic!("{err:?}") };
    assert!(e.message.contains("application/xml"), "{}", e.message);
}

#[tokio::test]
async fn endpoint_paths_are_kept_with_or_without_a_trailing_slash() {
    let server = Server::start(|_| Reply::json(200, "[]")).await;
    for base in ["/base", "/base/", "/base//"] {
        let c = AccessClient::builder()
            .endpoint(format!("{}{base}", server.url()))
            .allow_http(true)
            .bearer_auth("t")
            .build()
            .expect("client");
        c.list_pets().await.expect("200");
    }
    let targets = server.requests().iter().map(|r| r.target.clone()).collect::<Vec<_>>();
    assert_eq!(targets, ["/base/pets", "/base/pets", "/base/pets"]);
}

#[tokio::test]
async fn requirements_with_several_schemes_send_all_of_them() {
    let server = Server::start(|_| Reply::json(201, "")).await;
    let c = client(&server, |b| b.api_key_header("hk").api_key_query("q k").basic_auth("u", "p"));
    c.add_pet(AddPetRequest::new(pet())).await.expect("201");
    let r = only(&server);
    assert_eq!(r.target, "/pets?api_key=q%20k");
    assert_eq!(r.header("X-API-Key"), Some("hk"));
    assert_eq!(r.header("Authorization"), None, "the first satisfied alternative only");
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.header("Accept"), Some("*/*"), "no documented body: reqwest's default");
    assert_eq!(String::from_utf8_lossy(&r.body), r#"{"id":7,"name":"Rex"}"#);
}

#[tokio::test]
async fn the_next_alternative_is_used_when_one_is_incomplete() {
    let server = Server::start(|_| Reply::json(201, "")).await;
    let c = client(&server, |b| b.api_key_header("hk").basic_auth("Aladdin", "open sesame"));
    c.add_pet(AddPetRequest::new(pet())).await.expect("201");
    let r = only(&server);
    assert_eq!(r.target, "/pets");
    assert_eq!(r.header("X-API-Key"), None);
    assert_eq!(r.header("Authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
}

#[tokio::test]
async fn unsatisfiable_requirements_fail_before_sending() {
    let server = Server::start(|_| Reply::json(201, "")).await;
    let err = client(&server, |b| b.api_key_header("hk").bearer_auth("t"))
        .add_pet(AddPetRequest::new(pet()))
        .await
        .expect_err("neither alternative is complete");
    let Error::InvalidRequest(e) = err else { panic!("{err:?}") };
    let text = e.to_string();
    assert!(text.contains("`apiKeyHeader` and `apiKeyQuery`, or `basicAuth`"), "{text}");
    assert!(server.requests().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn optional_security_and_no_security() {
    let server = Server::start(|r| {
        if r.path() == "/health" {
            let mut reply = Reply::json(200, "up");
            reply.headers = vec![("Content-Type".into(), "text/plain".into())];
            reply
        } else {
            Reply::json(200, r#"{"name":"Rex"}"#)
        }
    })
    .await;
    // `{}` allows anonymous calls; with the cookie key set, it is sent.
    let anonymous = client(&server, |b| b.bearer_auth("t"));
    anonymous.get_pet(GetPetRequest::new(7)).await.expect("anonymous");
    let keyed = client(&server, |b| b.api_key_cookie("s=1;x"));
    keyed.get_pet(GetPetRequest::new(7)).await.expect("keyed");
    // `security: []`: nothing is sent, whatever the client holds.
    assert_eq!(anonymous.health().await.expect("up"), "up");
    let requests = server.requests();
    assert_eq!(requests[0].target, "/pets/7");
    assert_eq!(requests[0].header("Cookie"), None);
    assert_eq!(requests[0].header("Authorization"), None);
    assert_eq!(requests[1].header("Cookie"), Some("session=s%3D1%3Bx"));
    assert_eq!(requests[2].header("Authorization"), None);
    assert_eq!(requests[2].header("Accept"), Some("text/plain"));
}

#[tokio::test]
async fn token_providers_are_asked_on_every_attempt() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = Server::start(|_| Reply::json(200, r#"{"user":"me"}"#)).await;
    let failing = Server::start(|_| Reply::json(503, "")).await;
    let counter = calls.clone();
    let provider = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, AuthError>(format!("tok-{n}")) }
    };
    let me = client(&server, |b| b.oidc_provider(provider.clone())).who_am_i().await.expect("200");
    assert_eq!(me.get("user").map(String::as_str), Some("me"));
    assert_eq!(only(&server).header("Authorization"), Some("Bearer tok-1"));
    let c = client(&failing, |b| {
        b.oidc_provider(provider).retry(RetryPolicy {
            base_delay: std::time::Duration::from_millis(1),
            ..RetryPolicy::default()
        })
    });
    c.who_am_i().await.expect_err("503 three times");
    let sent = failing.requests().iter().map(|r| r.header("Authorization").map(str::to_owned)).collect::<Vec<_>>();
    assert_eq!(sent, [Some("Bearer tok-2".into()), Some("Bearer tok-3".into()), Some("Bearer tok-4".into())]);
}

#[tokio::test]
async fn a_failing_token_provider_is_an_auth_error_and_nothing_is_sent() {
    let server = Server::start(|_| Reply::json(200, "{}")).await;
    let provider = || async { Err::<String, _>(AuthError::new("the identity provider is down")) };
    let err = client(&server, |b| b.oidc_provider(provider)).who_am_i().await.expect_err("no token");
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn operation_servers_relative_to_the_host() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    client(&server, |b| b.oauth("o-tok")).upload(UploadRequest { body: Some(b"\x00\x01".to_vec()) }).await.expect("204");
    let r = only(&server);
    assert_eq!(r.target, "/files/v1/upload");
    assert_eq!(r.header("Authorization"), Some("Bearer o-tok"));
    assert_eq!(r.header("Content-Type"), Some("application/octet-stream"));
}

#[test]
fn server_variables_have_defaults_and_allowed_values() {
    assert_eq!(SERVICE.servers[0].url, "https://{tenant}.example.com/{base}");
    let default = AccessClient::builder().build().expect("the spec's server is absolute");
    assert!(format!("{default:?}").contains("\"https://demo.example.com/api/v2\""), "{default:?}");
    let acme = AccessClient::builder().tenant("acme").base("v3").build().expect("allowed");
    assert!(format!("{acme:?}").contains("\"https://acme.example.com/v3\""), "{acme:?}");
    let err = AccessClient::builder().tenant("evil").build().expect_err("not in the enum");
    assert_eq!(
        err,
        BuildError::InvalidServerVariable {
            name: "tenant".into(),
            value: "evil".into(),
            allowed: vec!["demo".into(), "acme".into()],
        }
    );
    assert!(err.to_string().contains("demo, acme"));
}

#[test]
fn bad_endpoints_and_credentials_are_refused_without_showing_secrets() {
    for endpoint in ["https://me:pa55word@h.example.com", "https://h.example.com/x?k=1", "https://h.example.com/#f"] {
        let err = AccessClient::builder().endpoint(endpoint).build().expect_err(endpoint);
        assert!(matches!(err, BuildError::InvalidEndpoint(_)), "{err:?}");
        assert!(!err.to_string().contains("pa55word"), "{err}");
    }
    let err = AccessClient::builder().bearer_auth("a\r\nX-Evil: 1").build().expect_err("CRLF");
    assert!(matches!(err, BuildError::InvalidCredentials(_)), "{err:?}");
    assert!(!err.to_string().contains("Evil"), "{err}");
    let builder = AccessClient::builder()
        .bearer_auth("SECRET-BEARER")
        .basic_auth("user", "SECRET-PASSWORD")
        .api_key_header("SECRET-KEY")
        .api_key_cookie("SECRET-COOKIE");
    let text = format!("{builder:?}");
    let client = builder.build().expect("valid");
    let text = format!("{text} {client:?} {client:#?}");
    assert!(!text.contains("SECRET"), "{text}");
    assert!(text.contains("<redacted>"));
}

#[tokio::test]
async fn undeclared_schemes_take_credentials_by_name() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    let err = client(&server, |b| b).legacy().await.expect_err("no credentials");
    assert!(err.to_string().contains("`legacyToken`"), "{err}");
    assert!(server.requests().is_empty());
    let custom = ApiKey::new(ApiKeyLocation::Header, "X-Legacy", "v1");
    client(&server, |b| b.authorization("legacyToken", custom)).legacy().await.expect("204");
    assert_eq!(only(&server).header("X-Legacy"), Some("v1"));
}
