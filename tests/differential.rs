//! Differential tests against the official Huawei Cloud Python SDK (see `tests/oracle/`).
//!
//! 1. Our clients send generated inputs to a loopback server; the official `Signer`, run on
//!    each request as received, must produce our `Authorization` byte for byte; the official
//!    clients send the same inputs and their requests must match ours.
//! 2. The signer alone, on random requests with queries, odd headers and non-JSON bodies.

use std::time::{Duration, UNIX_EPOCH};

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::{signer, BasicCredentials, Credentials, Error, GlobalCredentials};
use huaweicloud::sms::v3::{SmsClient, UnlockTargetEcsRequest};
use serde_json::{json, Value};
use tests::oracle;
use tests::server::{Recorded, Reply, Server};

/// Inputs per operation.
const CASES: usize = 260;

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Text made of pieces that are hard to encode: separators, dot segments, `%`, CJK, emoji.
    fn text(&mut self, max_pieces: usize) -> String {
        const PIECES: &[&str] = &[
            "a", "Z9", "0", " ", "/", "%", "%2F", "..", ".", "?", "#", "名字", "密码", "😀", "+",
            "&", "=", "~", "-_", "'", "\"", "\\", ":", "@", ";", ",", "[", "]", "{x}", "*", "é",
        ];
        (0..self.below(max_pieces + 1))
            .map(|_| self.pick(PIECES))
            .collect()
    }

    fn alnum(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| CHARS[self.below(CHARS.len())] as char)
            .collect()
    }
}

/// Hand-picked ids, tried before the random ones.
const EDGE_IDS: &[&str] = &[
    "",
    ".",
    "..",
    "/",
    "../x",
    "a/../b",
    "%",
    "%2F",
    "?a=b",
    "#frag",
    "名字",
    "😀",
    " spaced ",
    "a+b&c=d",
    "~user",
    "%E5%90%8D",
    "a.b",
    "...",
];

#[derive(Debug, Clone)]
struct Creds {
    basic: bool,
    ak: String,
    sk: String,
    project_id: String,
    domain_id: String,
    security_token: Option<String>,
}

impl Creds {
    fn random(rng: &mut Rng, basic: bool) -> Self {
        let project_id = if rng.chance(80) {
            rng.alnum(32)
        } else {
            format!("p{}", rng.text(3))
        };
        Self {
            basic,
            ak: rng.alnum(20).to_uppercase(),
            sk: rng.alnum(40),
            project_id,
            domain_id: rng.alnum(32),
            security_token: rng.chance(40).then(|| rng.alnum(120)),
        }
    }

    fn ours(&self) -> Credentials {
        if self.basic {
            let c = BasicCredentials::new(&self.ak, &self.sk, &self.project_id);
            match &self.security_token {
                Some(t) => c.with_security_token(t).into(),
                None => c.into(),
            }
        } else {
            let c = GlobalCredentials::new(&self.ak, &self.sk).with_domain_id(&self.domain_id);
            match &self.security_token {
                Some(t) => c.with_security_token(t).into(),
                None => c.into(),
            }
        }
    }

    fn json(&self) -> Value {
        json!({
            "kind": if self.basic { "basic" } else { "global" },
            "ak": self.ak, "sk": self.sk,
            "project_id": self.project_id, "domain_id": self.domain_id,
            "security_token": self.security_token,
        })
    }
}

#[derive(Debug, Clone)]
struct DcsCase {
    creds: Creds,
    instance_id: String,
    account_id: String,
    old_password: Option<String>,
    new_password: Option<String>,
}

#[derive(Debug, Clone)]
struct SmsCase {
    creds: Creds,
    task_id: String,
}

fn id(rng: &mut Rng, i: usize, salt: usize) -> String {
    match EDGE_IDS.get((i + salt) % (EDGE_IDS.len() * 3)) {
        Some(edge) if i < EDGE_IDS.len() * 3 => (*edge).to_owned(),
        _ => format!("{}{}", rng.text(5), rng.pick(&["a", "名", "%", "/", " "])),
    }
}

fn dcs_cases() -> Vec<DcsCase> {
    let mut rng = Rng(0x5eed_0001);
    (0..CASES)
        .map(|i| {
            let creds = Creds::random(&mut rng, true);
            DcsCase {
                creds,
                instance_id: id(&mut rng, i, 0),
                account_id: id(&mut rng, i, 7),
                old_password: rng.chance(80).then(|| rng.text(8)),
                new_password: rng.chance(80).then(|| rng.text(8)),
            }
        })
        .collect()
}

fn sms_cases() -> Vec<SmsCase> {
    let mut rng = Rng(0x5eed_0002);
    // More inputs here: the official client runs only the project-scoped ones.
    (0..CASES + CASES / 4)
        .map(|i| {
            let basic = rng.chance(75);
            SmsCase {
                creds: Creds::random(&mut rng, basic),
                task_id: id(&mut rng, i, 0),
            }
        })
        .collect()
}

fn refused(ids: &[&str]) -> bool {
    ids.iter().any(|v| matches!(*v, "" | "." | ".."))
}

/// Headers the HTTP stack adds after signing; the signer never saw them.
const TRANSPORT: &[&str] = &[
    "content-length",
    "accept",
    "accept-encoding",
    "connection",
    "authorization",
];

/// The request as the official signer should see it.
fn sign_input(request: &Recorded, creds: &Creds) -> Value {
    let headers = request
        .headers
        .iter()
        .filter(|(n, _)| !TRANSPORT.contains(&n.to_ascii_lowercase().as_str()))
        .map(|(n, v)| json!([n, v]))
        .collect::<Vec<_>>();
    json!({
        "method": request.method,
        "host": request.header("Host"),
        "path": request.path(),
        "query": [],
        "headers": headers,
        "body": request.body,
        "ak": creds.ak,
        "sk": creds.sk,
    })
}

async fn oracle(mode: &'static str, inputs: Vec<Value>) -> Vec<Value> {
    tokio::task::spawn_blocking(move || oracle::run(mode, &inputs))
        .await
        .expect("oracle task")
}

/// Compares a request of the official client with ours for the same input.
/// The official `Signer`, run on each request as received, must produce its `Authorization`.
async fn assert_signed_like_the_sdk(
    recorded: &[Recorded],
    creds: &[&Creds],
    cases: &[impl std::fmt::Debug],
) {
    let inputs = recorded
        .iter()
        .zip(creds)
        .map(|(r, c)| sign_input(r, c))
        .collect();
    let signatures = oracle("sign", inputs).await;
    for ((request, case), official) in recorded.iter().zip(cases).zip(&signatures) {
        assert_eq!(
            request.header("Authorization"),
            official["authorization"].as_str(),
            "{case:?}"
        );
    }
}

/// The official client's requests (to `theirs`) match ours (to `ours`), input by input.
fn assert_same_requests(
    theirs: &Server,
    ours: &Server,
    recorded: &[Recorded],
    cases: &[impl std::fmt::Debug],
) {
    let official = theirs.requests();
    assert_eq!(official.len(), cases.len());
    for ((o, r), c) in official.iter().zip(recorded).zip(cases) {
        assert_same_request(o, r, &format!("{c:?}"));
        assert_eq!(o.header("Host"), Some(theirs.host().as_str()));
        assert_eq!(r.header("Host"), Some(ours.host().as_str()));
    }
}

/// `Host` differs (two servers); everything else must be the same.
fn assert_same_request(official: &Recorded, ours: &Recorded, context: &str) {
    assert_eq!(official.method, ours.method, "{context}");
    assert_eq!(official.target, ours.target, "{context}: path and query");
    let signed = |r: &Recorded| {
        r.header("Authorization")
            .and_then(|a| a.split("SignedHeaders=").nth(1))
            .and_then(|s| s.split(',').next())
            .map(str::to_owned)
    };
    assert_eq!(signed(official), signed(ours), "{context}: signed headers");
    for name in [
        "Content-Type",
        "X-Project-Id",
        "X-Domain-Id",
        "X-Security-Token",
    ] {
        assert_eq!(
            official.header(name),
            ours.header(name),
            "{context}: {name}"
        );
    }
    let body = |r: &Recorded| -> Option<Value> {
        (!r.body.is_empty()).then(|| serde_json::from_slice(&r.body).expect("JSON body"))
    };
    assert_eq!(body(official), body(ours), "{context}: body");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dcs_requests_match_the_official_sdk() {
    let reply = r#"{"lock_time":"0","result":"success","lock_time_left":"0","retry_times_left":"5","message":"ok"}"#;
    let ours = Server::start(move |_| Reply::json(200, reply)).await;
    let cases = dcs_cases();
    let mut sent = Vec::new();
    for case in &cases {
        let client = DcsClient::builder()
            .credentials(case.creds.ours())
            .endpoint(ours.url())
            .allow_http(true)
            .build()
            .expect("client");
        let request = UpdateAclAccountPassWordRequest::new(
            &case.instance_id,
            &case.account_id,
            AclAccountModifyPasswordBody {
                old_password: case.old_password.clone(),
                new_password: case.new_password.clone(),
            },
        );
        let before = ours.requests().len();
        let result = client.update_acl_account_pass_word(request).await;
        if refused(&[&case.instance_id, &case.account_id]) {
            assert!(
                matches!(result, Err(Error::InvalidRequest(_))),
                "{case:?}: {result:?}"
            );
            assert_eq!(
                ours.requests().len(),
                before,
                "a refused request is not sent"
            );
        } else {
            result.unwrap_or_else(|e| panic!("{case:?}: {e}"));
            sent.push(case.clone());
        }
    }
    let recorded = ours.requests();
    assert_eq!(recorded.len(), sent.len());
    assert!(
        sent.len() >= 200,
        "only {} inputs were sendable",
        sent.len()
    );

    let creds = sent.iter().map(|c| &c.creds).collect::<Vec<_>>();
    assert_signed_like_the_sdk(&recorded, &creds, &sent).await;

    let theirs = Server::start(move |_| Reply::json(200, reply)).await;
    let inputs = sent
        .iter()
        .map(|c| {
            json!({
                "service": "dcs", "endpoint": theirs.url(), "credentials": c.creds.json(),
                "params": {"instance_id": c.instance_id, "account_id": c.account_id,
                           "old_password": c.old_password, "new_password": c.new_password},
            })
        })
        .collect();
    let outcomes = oracle("client", inputs).await;
    assert!(outcomes.iter().all(|o| o["ok"] == true), "{outcomes:?}");
    assert_same_requests(&theirs, &ours, &recorded, &sent);
}

/// An endpoint with a path (an API gateway, say) keeps it, and the signature covers the full
/// path sent. (The official SDK drops an endpoint's path, so only its signer is compared.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prefixed_endpoint_is_signed_over_the_full_path() {
    let reply = r#"{"result":"success"}"#;
    let ours = Server::start(move |_| Reply::json(200, reply)).await;
    let cases = dcs_cases()
        .into_iter()
        .filter(|c| !refused(&[&c.instance_id, &c.account_id]))
        .take(60)
        .collect::<Vec<_>>();
    for (i, case) in cases.iter().enumerate() {
        // With and without a trailing slash, and with an encoded segment.
        let prefix = ["/gw/dcs", "/gw/dcs/", "/gw/a%20b"][i % 3];
        let client = DcsClient::builder()
            .credentials(case.creds.ours())
            .endpoint(format!("{}{prefix}", ours.url()))
            .allow_http(true)
            .build()
            .expect("client");
        let request = UpdateAclAccountPassWordRequest::new(
            &case.instance_id,
            &case.account_id,
            AclAccountModifyPasswordBody {
                old_password: case.old_password.clone(),
                new_password: case.new_password.clone(),
            },
        );
        client
            .update_acl_account_pass_word(request)
            .await
            .unwrap_or_else(|e| panic!("{case:?}: {e}"));
    }
    let recorded = ours.requests();
    assert_eq!(recorded.len(), cases.len());
    for (i, request) in recorded.iter().enumerate() {
        let prefix = ["/gw/dcs/v2/", "/gw/dcs/v2/", "/gw/a%20b/v2/"][i % 3];
        assert!(request.target.starts_with(prefix), "{}", request.target);
    }
    let creds = cases.iter().map(|c| &c.creds).collect::<Vec<_>>();
    assert_signed_like_the_sdk(&recorded, &creds, &cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(deprecated)]
async fn sms_requests_match_the_official_sdk() {
    let ours = Server::start(|_| Reply::json(200, "{ }")).await;
    let cases = sms_cases();
    let mut sent = Vec::new();
    for case in &cases {
        let client = SmsClient::builder()
            .credentials(case.creds.ours())
            .endpoint(ours.url())
            .allow_http(true)
            .build()
            .expect("client");
        let result = client
            .unlock_target_ecs(UnlockTargetEcsRequest::new(&case.task_id))
            .await;
        if refused(&[&case.task_id]) {
            assert!(
                matches!(result, Err(Error::InvalidRequest(_))),
                "{case:?}: {result:?}"
            );
        } else {
            result.unwrap_or_else(|e| panic!("{case:?}: {e}"));
            sent.push(case.clone());
        }
    }
    let recorded = ours.requests();
    assert_eq!(recorded.len(), sent.len());
    assert!(
        sent.len() >= 200,
        "only {} inputs were sendable",
        sent.len()
    );
    let creds = sent.iter().map(|c| &c.creds).collect::<Vec<_>>();
    assert_signed_like_the_sdk(&recorded, &creds, &sent).await;

    // SMS 3.1.196's client takes only project-scoped credentials (the documents' examples use
    // domain-scoped ones, which we accept too and which the official signer checked above).
    let sent = sent
        .into_iter()
        .zip(recorded)
        .filter(|(c, _)| c.creds.basic)
        .collect::<Vec<_>>();
    let (sent, recorded): (Vec<_>, Vec<_>) = sent.into_iter().unzip();
    assert!(
        sent.len() >= 200,
        "only {} inputs with project-scoped credentials",
        sent.len()
    );
    let theirs = Server::start(|_| Reply::json(200, "{ }")).await;
    let inputs = sent
        .iter()
        .map(|c| {
            json!({"service": "sms", "endpoint": theirs.url(), "credentials": c.creds.json(),
                   "params": {"task_id": c.task_id}})
        })
        .collect();
    let outcomes = oracle("client", inputs).await;
    assert!(outcomes.iter().all(|o| o["ok"] == true), "{outcomes:?}");
    assert_same_requests(&theirs, &ours, &recorded, &sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signer_matches_the_official_signer_on_random_requests() {
    const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"];
    const HEADER_NAMES: &[&str] = &[
        "X-Custom",
        "X_Under_Score",
        "x-lower",
        "X-Auth-Token",
        "Accept-Language",
    ];
    const CONTENT_TYPES: &[&str] = &[
        "application/json",
        "application/json;charset=UTF-8",
        "text/plain",
        "application/octet-stream",
        "application/bson",
        "multipart/form-data",
    ];
    const VALUES: &[&str] = &["v", " padded ", "\tTabbed", "名字", "a,b", "=", "x y", "😀"];
    let mut rng = Rng(0x5eed_0003);
    let date = signer::format_date(UNIX_EPOCH + Duration::from_secs(1_795_521_600));
    // X-Sdk-Date is in every input, so both signers use it rather than the clock.
    let mut ours = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..CASES {
        let method = rng.pick(METHODS);
        let segments = (0..rng.below(4) + 1)
            .map(|_| signer::encode(&rng.text(3)))
            .collect::<Vec<_>>();
        let path = format!("/{}", segments.join("/"));
        let query = (0..rng.below(4))
            .map(|_| (rng.text(2), rng.text(3)))
            .collect::<Vec<_>>();
        let mut headers = (0..rng.below(3))
            .map(|_| {
                (
                    rng.pick(HEADER_NAMES).to_owned(),
                    rng.pick(VALUES).to_owned(),
                )
            })
            .collect::<Vec<_>>();
        if rng.chance(70) {
            headers.push(("Content-Type".into(), rng.pick(CONTENT_TYPES).to_owned()));
        }
        headers.push((signer::DATE_HEADER.into(), date.clone()));
        let body = if rng.chance(50) {
            rng.text(10).into_bytes()
        } else {
            Vec::new()
        };
        inputs.push(json!({
            "method": method, "host": "svc.example.com:8443", "path": path,
            "query": query, "headers": headers, "body": body, "ak": "AKRANDOM", "sk": "SKRANDOM",
        }));
        let unsigned = signer::Unsigned {
            method,
            host: "svc.example.com:8443",
            path: &path,
            query: &query,
            body: &body,
        };
        signer::sign(&unsigned, &mut headers, UNIX_EPOCH, "AKRANDOM", "SKRANDOM");
        let (_, authorization) = headers.pop().expect("Authorization");
        let uri = match signer::canonical_query(&query) {
            q if q.is_empty() => path.clone(),
            q => format!("{path}?{q}"),
        };
        ours.push((authorization, uri));
    }
    let official = oracle("sign", inputs.clone()).await;
    for ((input, (authorization, uri)), theirs) in inputs.iter().zip(&ours).zip(&official) {
        assert_eq!(
            theirs["authorization"].as_str(),
            Some(authorization.as_str()),
            "{input}"
        );
        assert_eq!(theirs["uri"].as_str(), Some(uri.as_str()), "{input}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn committed_golden_vectors_are_current() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/oracle");
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).expect("vectors");
    let parse = |text: String| {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str::<Value>(l).expect("JSON line"))
            .collect::<Vec<_>>()
    };
    let inputs = parse(read("golden-inputs.jsonl"));
    let committed = parse(read("golden-vectors.jsonl"));
    let fresh = oracle("vector", inputs).await;
    assert_eq!(
        fresh, committed,
        "regenerate with `oracle.py vector < golden-inputs.jsonl`"
    );
}

/// Where the official SDK is faulty, we differ on purpose: a 429 on PUT keeps its body here,
/// while the SDK replaces the service's error with its own retry message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_requests_on_put_keeps_the_body_unlike_the_sdk() {
    let body = r#"{"error_code":"DCS.4290","error_msg":"Too many requests"}"#;
    let ours =
        Server::start(move |_| Reply::json(429, body).with_header("X-Request-Id", "r429")).await;
    let creds = Creds {
        basic: true,
        ak: "AK".into(),
        sk: "SK".into(),
        project_id: "p1".into(),
        domain_id: "d1".into(),
        security_token: None,
    };
    let client = DcsClient::builder()
        .credentials(creds.ours())
        .endpoint(ours.url())
        .allow_http(true)
        .build()
        .expect("client");
    let request =
        UpdateAclAccountPassWordRequest::new("i", "a", AclAccountModifyPasswordBody::default());
    let Err(Error::Service(e)) = client.update_acl_account_pass_word(request).await else {
        panic!("429 is a service error");
    };
    assert_eq!(e.status, 429);
    assert_eq!(e.error_code.as_deref(), Some("DCS.4290"));
    assert_eq!(e.error_msg.as_deref(), Some("Too many requests"));
    assert_eq!(e.request_id.as_deref(), Some("r429"));
    assert_eq!(&e.body[..], body.as_bytes());

    let theirs =
        Server::start(move |_| Reply::json(429, body).with_header("X-Request-Id", "r429")).await;
    let input = json!({"service": "dcs", "endpoint": theirs.url(), "credentials": creds.json(),
                       "params": {"instance_id": "i", "account_id": "a"}});
    let official = oracle("client", vec![input]).await;
    assert_eq!(official[0]["status"], 429);
    assert_ne!(
        official[0]["error_code"], "DCS.4290",
        "the SDK loses the service's error: {official:?}"
    );
}

/// A read timeout on POST: the SDK lets a raw `requests` exception escape; ours is typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(deprecated)]
async fn read_timeout_on_post_is_typed_unlike_the_sdk() {
    let server = Server::start_with(|_| tests::server::Action::Hang).await;
    let client = SmsClient::builder()
        .credentials(BasicCredentials::new("AK", "SK", "p1"))
        .endpoint(server.url())
        .allow_http(true)
        .attempt_timeout(Duration::from_secs(1))
        .build()
        .expect("client");
    match client
        .unlock_target_ecs(UnlockTargetEcsRequest::new("t"))
        .await
    {
        Err(Error::Transport(e)) => {
            assert_eq!(e.kind(), huaweicloud::runtime::TransportErrorKind::Timeout);
            assert_eq!(e.attempts(), 1, "a POST is not retried after a timeout");
        }
        other => panic!("expected a typed timeout, got {other:?}"),
    }
    let input = json!({"service": "sms", "endpoint": server.url(), "timeout": 1,
                       "credentials": {"kind": "basic", "ak": "AK", "sk": "SK", "project_id": "p1"},
                       "params": {"task_id": "t"}});
    let official = oracle("client", vec![input]).await;
    assert_eq!(
        official[0]["exception"], "requests.exceptions.ReadTimeout",
        "{official:?}"
    );
}
