//! A project id learned from IAM when project-scoped credentials have none: our DCS client
//! and the official one (`tests/oracle/`) ask loopback IAM servers answering the same way.
//! The requests must be the same (method, path and query, signed headers, security token)
//! and ours signed as the official signer signs them; both must learn the same project id,
//! or both fail. Then: one lookup per client, shared by clones and concurrent calls, and a
//! client that cannot learn its project id is not built.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::{BasicCredentials, BuildError, Error, RetryPolicy};
use serde_json::{json, Value};
use tests::oracle;
use tests::server::{Recorded, Reply, Server};

const REGION: &str = "cn-north-4";

/// Headers the transport adds, which the signer neither sees nor signs.
const TRANSPORT: &[&str] = &[
    "content-length",
    "accept",
    "accept-encoding",
    "connection",
    "authorization",
];

struct Case {
    name: &'static str,
    ak: &'static str,
    security_token: Option<&'static str>,
    iam: Reply,
    project_id: Option<&'static str>,
}

fn projects(ids: &[&str]) -> Reply {
    let projects = ids
        .iter()
        .map(|id| json!({"id": id, "name": REGION}))
        .collect::<Vec<_>>();
    Reply::json(200, &json!({"projects": projects}).to_string())
        .with_header("X-IAM-Trace-Id", "trace-1")
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "one project",
            ak: "AK1",
            security_token: None,
            iam: projects(&["proj-1"]),
            project_id: Some("proj-1"),
        },
        Case {
            name: "temporary keys",
            ak: "AK2",
            security_token: Some("st-2"),
            iam: projects(&["proj-2"]),
            project_id: Some("proj-2"),
        },
        Case {
            name: "no project",
            ak: "AK3",
            security_token: None,
            iam: projects(&[]),
            project_id: None,
        },
        Case {
            name: "two projects",
            ak: "AK4",
            security_token: None,
            iam: projects(&["p-a", "p-b"]),
            project_id: None,
        },
        Case {
            name: "refused",
            ak: "AK5",
            security_token: None,
            iam: Reply::json(
                401,
                r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
            ),
            project_id: None,
        },
    ]
}

fn request() -> UpdateAclAccountPassWordRequest {
    UpdateAclAccountPassWordRequest::new("i", "a", AclAccountModifyPasswordBody::default())
}

fn credentials(case: &Case, iam: &Server) -> BasicCredentials {
    let c = BasicCredentials::new(case.ak, "sk-secret", "").with_iam_endpoint(iam.url());
    match case.security_token {
        Some(t) => c.with_security_token(t),
        None => c,
    }
}

fn client(credentials: BasicCredentials, dcs: &Server) -> DcsClient {
    DcsClient::builder()
        .credentials(credentials)
        .region_id(REGION)
        .endpoint(dcs.url())
        .allow_http(true)
        .retry(RetryPolicy::disabled())
        .build()
        .expect("a client for a region learns its project id")
}

/// What the official signer says the `Authorization` of `request` must be.
fn sign_input(request: &Recorded, ak: &str) -> Value {
    let headers = request
        .headers
        .iter()
        .filter(|(n, _)| !TRANSPORT.contains(&n.to_ascii_lowercase().as_str()))
        .map(|(n, v)| json!([n, v]))
        .collect::<Vec<_>>();
    let query = request
        .query()
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| json!([k, v]))
        .collect::<Vec<_>>();
    json!({
        "method": request.method, "host": request.header("Host"), "path": request.path(),
        "query": query, "headers": headers, "body": request.body, "ak": ak, "sk": "sk-secret",
    })
}

fn signed_headers(request: &Recorded) -> Option<String> {
    request
        .header("Authorization")
        .and_then(|a| a.split("SignedHeaders=").nth(1))
        .and_then(|s| s.split(',').next())
        .map(str::to_owned)
}

async fn run(mode: &'static str, inputs: Vec<Value>) -> Vec<Value> {
    tokio::task::spawn_blocking(move || oracle::run(mode, &inputs))
        .await
        .expect("oracle task")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_ids_are_learned_from_iam_as_the_official_sdk_learns_them() {
    for case in cases() {
        let (iam, dcs) = (
            case.iam.clone(),
            Server::start(|_| Reply::json(200, r#"{"result":"success"}"#)).await,
        );
        let our_iam = Server::start(move |_| iam.clone()).await;
        let result = client(credentials(&case, &our_iam), &dcs)
            .update_acl_account_pass_word(request())
            .await;

        let iam = case.iam.clone();
        let their_iam = Server::start(move |_| iam.clone()).await;
        let input = json!({"ak": case.ak, "sk": "sk-secret", "security_token": case.security_token,
                           "region": REGION, "iam_endpoint": their_iam.url()});
        let theirs = run("discover", vec![input]).await.remove(0);
        let context = format!("{}: ours {result:?}, theirs {theirs}", case.name);

        let (ours_asked, theirs_asked) = (our_iam.requests(), their_iam.requests());
        assert_eq!((ours_asked.len(), theirs_asked.len()), (1, 1), "{context}");
        let (o, t) = (&ours_asked[0], &theirs_asked[0]);
        assert_eq!(
            (o.method.as_str(), o.target.as_str()),
            ("GET", "/v3/projects?name=cn-north-4"),
            "{context}"
        );
        assert_eq!((&t.method, &t.target), (&o.method, &o.target), "{context}");
        assert_eq!(signed_headers(o), signed_headers(t), "{context}");
        assert_eq!(
            o.header("X-Security-Token"),
            t.header("X-Security-Token"),
            "{context}"
        );
        assert_eq!(
            o.header("Content-Type"),
            t.header("Content-Type"),
            "{context}"
        );
        let official = run("sign", vec![sign_input(o, case.ak)]).await.remove(0);
        assert_eq!(
            o.header("Authorization"),
            official["authorization"].as_str(),
            "{context}"
        );

        match case.project_id {
            Some(id) => {
                assert_eq!(theirs["project_id"], id, "{context}");
                result.expect("the call succeeds");
                let call = &dcs.requests()[0];
                assert_eq!(
                    call.path(),
                    format!("/v2/{id}/instances/i/accounts/a/password/modify")
                );
                assert_eq!(call.header("X-Project-Id"), Some(id));
            }
            None => {
                assert!(theirs.get("error").is_some(), "{context}");
                let Err(Error::Auth(e)) = result else {
                    panic!("{context}");
                };
                assert!(
                    e.to_string().contains("project id of region 'cn-north-4'"),
                    "{e}"
                );
                assert!(!e.to_string().contains("sk-secret"), "{e}");
                assert!(dcs.requests().is_empty(), "{context}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_lookup_serves_every_clone_and_concurrent_call() {
    let lookups = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&lookups);
    let iam = Server::start(move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
        projects(&["proj-1"])
    })
    .await;
    let dcs = Server::start(|_| Reply::json(200, r#"{"result":"success"}"#)).await;
    let case = &cases()[0];
    let client = client(credentials(case, &iam), &dcs);
    let calls = (0..6)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.update_acl_account_pass_word(request()).await })
        })
        .collect::<Vec<_>>();
    for call in calls {
        call.await.expect("task").expect("call");
    }
    assert_eq!(lookups.load(Ordering::SeqCst), 1);
    assert!(dcs
        .requests()
        .iter()
        .all(|r| r.header("X-Project-Id") == Some("proj-1")));
    assert_eq!(dcs.requests().len(), 6);
}

#[test]
fn a_client_that_cannot_learn_its_project_id_is_not_built() {
    let built = DcsClient::builder()
        .credentials(BasicCredentials::new("AK", "SK", ""))
        .endpoint("https://dcs.example.com")
        .build();
    assert!(
        matches!(&built, Err(BuildError::MissingCredentialField(f)) if f == "project_id"),
        "no region, nothing to learn the project id for: {built:?}"
    );
    let built = DcsClient::builder()
        .credentials(BasicCredentials::new("AK", "SK", ""))
        .region_id(REGION)
        .build();
    assert!(built.is_ok(), "{built:?}");
}

/// Answers as IAM on `/v3/auth/domains` and as STS on `/v5/caller-identity`.
async fn identity(domains: Reply, caller: Reply) -> Server {
    Server::start(move |r| match r.path() {
        "/v3/auth/domains" => domains.clone(),
        _ => caller.clone(),
    })
    .await
}

fn domains(ids: &[&str]) -> Reply {
    let domains = ids
        .iter()
        .map(|id| json!({"id": id, "name": "acct"}))
        .collect::<Vec<_>>();
    Reply::json(200, &json!({"domains": domains}).to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn domain_ids_are_learned_from_iam_or_sts_as_the_official_sdk_learns_them() {
    use huaweicloud::runtime::GlobalCredentials;
    use huaweicloud::sms::v3::{SmsClient, UnlockTargetEcsRequest};

    let caller = Reply::json(
        200,
        r#"{"account_id":"acc-2","user_id":"u","principal_urn":"x"}"#,
    );
    let missing = Reply::json(404, r#"{"error_code":"STS.0404","error_msg":"not found"}"#);
    let denied = Reply::json(403, r#"{"error_code":"IAM.0002","error_msg":"denied"}"#);
    let scripts = [
        (
            "IAM lists the domain",
            domains(&["dom-1"]),
            caller.clone(),
            Some("dom-1"),
            1,
        ),
        (
            "IAM lists none: STS",
            domains(&[]),
            caller.clone(),
            Some("acc-2"),
            2,
        ),
        ("IAM lists none, STS fails", domains(&[]), missing, None, 2),
        ("IAM refuses", denied, caller, None, 1),
    ];
    for (i, (name, iam, sts, expected, asked)) in scripts.into_iter().enumerate() {
        let ak = format!("AKD{i}");
        let ours_identity = identity(iam.clone(), sts.clone()).await;
        let sms = Server::start(|_| Reply::json(200, "{}")).await;
        let client = SmsClient::builder()
            .credentials(
                GlobalCredentials::new(&ak, "sk-secret")
                    .with_iam_endpoint(ours_identity.url())
                    .with_sts_endpoint(ours_identity.url()),
            )
            .region_id("ru-moscow-1")
            .endpoint(sms.url())
            .allow_http(true)
            .retry(RetryPolicy::disabled())
            .build()
            .expect("client");
        #[allow(deprecated)]
        let result = client
            .unlock_target_ecs(UnlockTargetEcsRequest::new("t"))
            .await;

        let their_identity = identity(iam, sts).await;
        let input = json!({"kind": "global", "ak": ak, "sk": "sk-secret", "region": "ru-moscow-1",
                           "iam_endpoint": their_identity.url(), "sts_endpoint": their_identity.url()});
        let theirs = run("discover", vec![input]).await.remove(0);
        let context = format!("{name}: ours {result:?}, theirs {theirs}");

        let (ours_asked, theirs_asked) = (ours_identity.requests(), their_identity.requests());
        assert_eq!(
            (ours_asked.len(), theirs_asked.len()),
            (asked, asked),
            "{context}"
        );
        for (o, t) in ours_asked.iter().zip(&theirs_asked) {
            assert_eq!((&o.method, &o.target), (&t.method, &t.target), "{context}");
            assert_eq!(signed_headers(o), signed_headers(t), "{context}");
            let official = run("sign", vec![sign_input(o, &ak)]).await.remove(0);
            assert_eq!(
                o.header("Authorization"),
                official["authorization"].as_str(),
                "{context}"
            );
        }
        match expected {
            Some(id) => {
                assert_eq!(theirs["domain_id"], id, "{context}");
                result.expect("the call succeeds");
                assert_eq!(
                    sms.requests()[0].header("X-Domain-Id"),
                    Some(id),
                    "{context}"
                );
            }
            None => {
                assert!(theirs.get("error").is_some(), "{context}");
                let Err(Error::Auth(e)) = result else {
                    panic!("{context}");
                };
                assert!(e.to_string().contains("cannot learn the domain id"), "{e}");
                assert!(sms.requests().is_empty(), "{context}");
            }
        }
    }
}
