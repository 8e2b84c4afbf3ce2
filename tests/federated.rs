//! Federated (OIDC) credentials: `HUAWEICLOUD_SDK_IDP_ID` and `HUAWEICLOUD_SDK_ID_TOKEN_FILE`
//! make the default chain exchange the id token at IAM for temporary keys. Our DCS client and
//! the official one (`tests/oracle/`), given the same variables, ask loopback IAM servers
//! answering alike; their exchanges must be the same requests, and their calls signed with
//! the same temporary keys, or both fail.

use std::collections::BTreeMap;

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::{CredentialsChain, Error, RetryPolicy};
use serde_json::{json, Value};
use tests::oracle;
use tests::server::{Recorded, Reply, Server};

fn keys() -> Reply {
    let credential = json!({"credential": {"access": "TMPAK", "secret": "TMPSK",
        "securitytoken": "TMPST", "expires_at": "2099-01-01T00:00:00.000000Z"}});
    Reply::json(201, &credential.to_string())
}

fn token(with_header: bool) -> Reply {
    let reply = Reply::json(
        201,
        r#"{"token":{"expires_at":"2099-01-01T00:00:00.000000Z"}}"#,
    );
    if with_header {
        reply.with_header("X-Subject-Token", "unscoped-token")
    } else {
        reply
    }
}

/// Answers IAM's two paths.
async fn iam(token: Reply, keys: Reply) -> Server {
    Server::start(move |r| match r.path() {
        "/v3.0/OS-AUTH/id-token/tokens" => token.clone(),
        _ => keys.clone(),
    })
    .await
}

/// What an exchange request says: method, path, `X-Idp-Id`, `Content-Type`, and its body.
type Exchange = (String, String, Option<String>, Option<String>, Value);

fn exchange(requests: &[Recorded]) -> Vec<Exchange> {
    requests
        .iter()
        .map(|r| {
            (
                r.method.clone(),
                r.path().to_owned(),
                r.header("X-Idp-Id").map(str::to_owned),
                r.header("Content-Type").map(str::to_owned),
                serde_json::from_slice(&r.body).unwrap_or(Value::Null),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn id_tokens_are_exchanged_as_the_official_sdk_exchanges_them() {
    let dir = std::env::temp_dir().join(format!("federated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("id_token");
    std::fs::write(&file, "  eyJhbGciOi.id-token.sig\n").expect("id token");
    let file = file.to_string_lossy().into_owned();
    let scripts = [
        ("exchanged", token(true), keys(), true),
        ("no X-Subject-Token", token(false), keys(), false),
        (
            "keys refused",
            token(true),
            Reply::json(401, r#"{"error":{"code":"401","message":"no"}}"#),
            false,
        ),
    ];
    for (name, token, keys, works) in scripts {
        let (ours_iam, their_iam) = (
            iam(token.clone(), keys.clone()).await,
            iam(token, keys).await,
        );
        let (ours_dcs, their_dcs) = (
            Server::start(|_| Reply::json(200, r#"{"result":"success"}"#)).await,
            Server::start(|_| Reply::json(200, r#"{"result":"success"}"#)).await,
        );
        let env = |iam: &Server| {
            BTreeMap::from([
                ("HUAWEICLOUD_SDK_IDP_ID".to_owned(), "idp-1".to_owned()),
                ("HUAWEICLOUD_SDK_ID_TOKEN_FILE".to_owned(), file.clone()),
                ("HUAWEICLOUD_SDK_PROJECT_ID".to_owned(), "p-1".to_owned()),
                ("HUAWEICLOUD_SDK_IAM_ENDPOINT".to_owned(), iam.url()),
            ])
        };
        let ours_env = env(&ours_iam);
        let credentials = CredentialsChain::with_lookup(move |n| ours_env.get(n).cloned())
            .basic()
            .await
            .expect("federated credentials");
        let client = DcsClient::builder()
            .credentials(credentials)
            .endpoint(ours_dcs.url())
            .allow_http(true)
            .retry(RetryPolicy::disabled())
            .build()
            .expect("client");
        let request =
            UpdateAclAccountPassWordRequest::new("i", "a", AclAccountModifyPasswordBody::default());
        let ours = client.update_acl_account_pass_word(request).await;

        let input = json!({"env": env(&their_iam), "endpoint": their_dcs.url()});
        let theirs = tokio::task::spawn_blocking(move || oracle::run("federated", &[input]))
            .await
            .expect("oracle task")
            .remove(0);
        let context = format!("{name}: ours {ours:?}, theirs {theirs}");
        assert_eq!(
            exchange(&ours_iam.requests()),
            exchange(&their_iam.requests()),
            "{context}"
        );
        assert_eq!(theirs["ok"], works, "{context}");
        if works {
            ours.expect("the call succeeds");
            let (o, t) = (&ours_dcs.requests()[0], &their_dcs.requests()[0]);
            assert_eq!(o.header("X-Security-Token"), Some("TMPST"));
            assert_eq!(o.header("X-Security-Token"), t.header("X-Security-Token"));
            let access = |r: &Recorded| {
                r.header("Authorization")
                    .and_then(|a| a.split(',').next())
                    .map(str::to_owned)
            };
            assert_eq!(access(o), access(t), "{context}");
            assert_eq!(
                o.header("Authorization"),
                Some(tests::verify::expected_authorization(o, "TMPAK", "TMPSK").as_str())
            );
        } else {
            let Err(Error::Auth(e)) = ours else {
                panic!("{context}");
            };
            assert!(e.to_string().contains("OIDC exchange"), "{e}");
            assert!(!e.to_string().contains("id-token.sig"), "{e}");
            assert!(
                ours_dcs.requests().is_empty() && their_dcs.requests().is_empty(),
                "{context}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
