//! Temporary credentials from the ECS metadata service: our `MetadataCredentials` and the
//! official `MetadataCredentialProvider` (`tests/oracle/`) ask loopback servers that answer
//! the same script; they must send the same requests and get the same keys, or both fail.
//! Then a client signs with the keys, renews them before they expire and shares them
//! between clones.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::{Credentials, MetadataCredentials, RetryPolicy};
use serde_json::{json, Value};
use tests::oracle;
use tests::server::{Recorded, Reply, Server};

const LATER: &str = "2099-01-01T00:00:00.000000Z";
const PAST: &str = "2000-01-01T00:00:00.000000Z";

fn keys(body: Value) -> Reply {
    Reply::json(200, &body.to_string())
}

fn text(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "text/plain".into())],
        body: body.as_bytes().to_vec(),
    }
}

fn usual(ak: &str) -> Value {
    json!({"credential": {"access": ak, "secret": "sk/secret", "securitytoken": "st-1", "expires_at": LATER}})
}

/// Scripts: the answers, in order, to whatever is asked.
fn scripts() -> Vec<(&'static str, Vec<Reply>)> {
    vec![
        (
            "session token",
            vec![text(200, "tok-A"), keys(usual("AK1"))],
        ),
        (
            "no session tokens (404)",
            vec![text(404, "no"), keys(usual("AK2"))],
        ),
        (
            "no session tokens (405)",
            vec![text(405, ""), keys(usual("AK3"))],
        ),
        (
            "no session tokens (503)",
            vec![text(503, ""), keys(usual("AK4"))],
        ),
        (
            "token renewed after a 401",
            vec![
                text(200, "old"),
                text(401, "expired token"),
                text(200, "new"),
                keys(usual("AK5")),
            ],
        ),
        (
            "no agency",
            vec![
                text(200, "t"),
                text(401, "Please configure Cloud Service Agency first"),
            ],
        ),
        ("token refused", vec![text(500, "broken")]),
        ("keys refused", vec![text(200, "t"), text(500, "broken")]),
        (
            "a token is required and there is none",
            vec![text(404, ""), text(401, "need a token"), text(404, "")],
        ),
        (
            "camelCase under credentials",
            vec![
                text(200, "t"),
                keys(
                    json!({"credentials": {"accessKeyId": "AK6", "secretAccessKey": "S6", "securityToken": "T6", "expiration": LATER}}),
                ),
            ],
        ),
        (
            "snake_case at the top, no token",
            vec![
                text(200, "t"),
                keys(
                    json!({"access_key_id": "AK7", "secret_access_key": "S7", "expires_at": "2099-01-01T00:00:00.5Z"}),
                ),
            ],
        ),
        ("not JSON", vec![text(200, "t"), text(200, "<html>")]),
        (
            "an expiry without a fraction",
            vec![
                text(200, "t"),
                keys(
                    json!({"credential": {"access": "A", "secret": "S", "expires_at": "2099-01-01T00:00:00Z"}}),
                ),
            ],
        ),
    ]
}

/// A server answering `replies` in order (500 once they are used up).
async fn scripted(replies: Vec<Reply>) -> Server {
    let next = AtomicUsize::new(0);
    Server::start(move |_| {
        replies
            .get(next.fetch_add(1, Ordering::SeqCst))
            .cloned()
            .unwrap_or_else(|| text(500, "script over"))
    })
    .await
}

/// What a request to the metadata service says: method, path, and its two headers.
fn asked(requests: &[Recorded]) -> Vec<(String, String, Option<String>, Option<String>)> {
    requests
        .iter()
        .map(|r| {
            (
                r.method.clone(),
                r.path().to_owned(),
                r.header("X-Metadata-Token").map(str::to_owned),
                r.header("X-Metadata-Token-Ttl-Seconds").map(str::to_owned),
            )
        })
        .collect()
}

fn fields(credentials: &Credentials) -> Value {
    match credentials {
        Credentials::Basic(c) => {
            json!({"ak": c.ak(), "sk": c.sk(), "security_token": c.security_token()})
        }
        Credentials::Global(c) => {
            json!({"ak": c.ak(), "sk": c.sk(), "security_token": c.security_token()})
        }
        other => panic!("plain AK/SK expected, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_credentials_are_the_official_providers() {
    let mut tried = 0;
    for (name, replies) in scripts() {
        for kind in ["basic", "global"] {
            let ours_server = scripted(replies.clone()).await;
            let source = match kind {
                "basic" => MetadataCredentials::basic("p-1"),
                _ => MetadataCredentials::global(),
            }
            .with_endpoint(ours_server.url());
            let ours = source.credentials().await;

            let their_server = scripted(replies.clone()).await;
            let input = json!({"kind": kind, "endpoint": their_server.url()});
            let theirs = tokio::task::spawn_blocking(move || oracle::run("metadata", &[input]))
                .await
                .expect("oracle task")
                .remove(0);

            let context = format!("{name} ({kind}): ours {ours:?}, theirs {theirs}");
            match &ours {
                Ok(c) => {
                    let mine = fields(c);
                    for field in ["ak", "sk", "security_token"] {
                        assert_eq!(mine[field], theirs[field], "{field}: {context}");
                    }
                }
                Err(e) => {
                    assert!(theirs.get("error").is_some(), "{context}");
                    assert!(!e.to_string().contains("sk/secret"), "{e}");
                }
            }
            assert_eq!(
                asked(&ours_server.requests()),
                asked(&their_server.requests()),
                "{context}"
            );
            tried += 1;
        }
    }
    assert_eq!(tried, 26);
}

/// Answers the metadata service's two paths and the DCS operation; counts key fetches.
async fn instance(expires_at: &'static str, fetches: Arc<AtomicUsize>) -> Server {
    Server::start(move |r| match r.path() {
        "/meta-data/latest/api/token" => text(200, "session"),
        "/openstack/latest/securitykey" => {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            keys(json!({"credential": {"access": format!("AK{n}"), "secret": "SK", "securitytoken": format!("ST{n}"), "expires_at": expires_at}}))
        }
        _ => Reply::json(200, r#"{"result":"success"}"#),
    })
    .await
}

async fn calls(server: &Server, credentials: MetadataCredentials, n: usize) {
    let client = DcsClient::builder()
        .credentials(credentials)
        .endpoint(server.url())
        .allow_http(true)
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");
    let mut tasks = Vec::new();
    for _ in 0..n {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let request = UpdateAclAccountPassWordRequest::new(
                "i",
                "a",
                AclAccountModifyPasswordBody::default(),
            );
            client
                .update_acl_account_pass_word(request)
                .await
                .expect("call");
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
}

/// The access key and security token of every DCS call the server received.
fn signed(server: &Server) -> Vec<(String, String)> {
    server
        .requests()
        .iter()
        .filter(|r| r.path().starts_with("/v2/"))
        .map(|r| {
            let authorization = r.header("Authorization").unwrap_or_default().to_owned();
            let access = authorization
                .split(", ")
                .next()
                .unwrap_or_default()
                .to_owned();
            (
                access,
                r.header("X-Security-Token").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_fetched_once_shared_by_clones_and_renewed_before_they_expire() {
    let fetches = Arc::new(AtomicUsize::new(0));
    let server = instance(LATER, Arc::clone(&fetches)).await;
    calls(
        &server,
        MetadataCredentials::basic("p-1").with_endpoint(server.url()),
        8,
    )
    .await;
    let first = signed(&server);
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "eight concurrent calls, one fetch"
    );
    assert_eq!(first.len(), 8);
    assert!(
        first
            .iter()
            .all(|s| *s == ("SDK-HMAC-SHA256 Access=AK1".to_owned(), "ST1".to_owned())),
        "{first:?}"
    );
    let project = server
        .requests()
        .into_iter()
        .find(|r| r.path().starts_with("/v2/"))
        .expect("a call");
    assert_eq!(
        project.path(),
        "/v2/p-1/instances/i/accounts/a/password/modify"
    );
    assert_eq!(project.header("X-Project-Id"), Some("p-1"));

    // Keys that expire within 40 minutes are renewed for every call.
    let fetches = Arc::new(AtomicUsize::new(0));
    let server = instance(PAST, Arc::clone(&fetches)).await;
    let credentials = MetadataCredentials::basic("p-1").with_endpoint(server.url());
    for _ in 0..3 {
        calls(&server, credentials.clone(), 1).await;
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 3);
    let tokens = signed(&server)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>();
    assert_eq!(tokens, ["ST1", "ST2", "ST3"]);
}

#[tokio::test]
async fn an_unreachable_metadata_service_fails_the_call_not_the_build() {
    let server = Server::start(|_| Reply::json(200, "{}")).await;
    let gone = {
        let s = Server::start(|_| Reply::json(200, "{}")).await;
        s.url()
    };
    let client = DcsClient::builder()
        .credentials(MetadataCredentials::basic("p-1").with_endpoint(gone))
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client");
    let request =
        UpdateAclAccountPassWordRequest::new("i", "a", AclAccountModifyPasswordBody::default());
    let err = client
        .update_acl_account_pass_word(request)
        .await
        .expect_err("no metadata service");
    assert!(
        matches!(err, huaweicloud::runtime::Error::Auth(_)),
        "{err:?}"
    );
    assert!(err.to_string().contains("ECS metadata service"), "{err}");
    assert!(server.requests().is_empty());
}

/// The default chain against the official one: the same variables, profile file and
/// metadata service give the same keys (so the same link won), or both fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_chain_is_the_official_one() {
    let dir = std::env::temp_dir().join(format!("chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let profile = dir.join("credentials");
    std::fs::write(
        &profile,
        "[basic]\nak = AKP\nsk = SKP\nproject_id = pp\n[global]\nak = AKG\nsk = SKG\n",
    )
    .expect("profile");
    let profile = profile.to_string_lossy().into_owned();
    let missing = dir.join("none").to_string_lossy().into_owned();
    let env = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let full = [
        ("HUAWEICLOUD_SDK_AK", "AKE"),
        ("HUAWEICLOUD_SDK_SK", "SKE"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "pe"),
    ];
    let cases = [
        (
            "environment first",
            env(&[
                &full[..],
                &[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", profile.as_str())],
            ]
            .concat()),
            true,
        ),
        (
            "then the profile",
            env(&[
                ("HUAWEICLOUD_SDK_AK", "AKE"),
                ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", profile.as_str()),
            ]),
            true,
        ),
        (
            "then the metadata service",
            env(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", missing.as_str())]),
            true,
        ),
        (
            "nothing at all",
            env(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", missing.as_str())]),
            false,
        ),
    ];
    for (name, variables, metadata_answers) in cases {
        for kind in ["basic", "global"] {
            let replies = if metadata_answers {
                vec![text(200, "t"), keys(usual("AKM"))]
            } else {
                vec![text(500, "down")]
            };
            let ours_server = scripted(replies.clone()).await;
            let lookup = variables.clone();
            let chain = huaweicloud::runtime::CredentialsChain::with_lookup(move |n| {
                lookup.get(n).cloned()
            })
            .with_metadata_endpoint(ours_server.url());
            let ours = match kind {
                "basic" => chain.basic().await,
                _ => chain.global().await,
            };
            let their_server = scripted(replies).await;
            let input = json!({"kind": kind, "env": variables, "endpoint": their_server.url()});
            let theirs = tokio::task::spawn_blocking(move || oracle::run("chain", &[input]))
                .await
                .expect("oracle task")
                .remove(0);
            let context = format!("{name} ({kind}): ours {ours:?}, theirs {theirs}");
            match ours {
                Ok(Credentials::Metadata(m)) => {
                    let fetched = m.credentials().await.expect("fetched already");
                    let mine = fields(&fetched);
                    for field in ["ak", "sk", "security_token"] {
                        assert_eq!(mine[field], theirs[field], "{field}: {context}");
                    }
                }
                Ok(c) => {
                    let mine = fields(&c);
                    for field in ["ak", "sk", "security_token"] {
                        assert_eq!(mine[field], theirs[field], "{field}: {context}");
                    }
                }
                Err(e) => {
                    assert!(theirs.get("error").is_some(), "{context}");
                    let message = e.to_string();
                    for link in ["environment:", "profile:", "ECS metadata:"] {
                        assert!(message.contains(link), "{message}");
                    }
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
