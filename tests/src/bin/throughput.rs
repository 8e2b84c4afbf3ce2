//! Requests per second of the generated DCS client against a loopback server, next to bare
//! `reqwest` sending the same request. Rounds alternate between the two; medians are printed.
//! Run with `cargo run --release -p tests --bin throughput` (part of `tests/bench/run.sh`).

use std::time::Instant;

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, UpdateAclAccountPassWordRequest,
};
use huaweicloud::runtime::BasicCredentials;
use tests::server::{Reply, Server};

const REQUESTS: usize = 2000;
const CONCURRENCY: usize = 8;
const ROUNDS: usize = 5;
/// What bare reqwest sends in place of a signature: the same bytes on the wire, no signing.
const AUTHORIZATION: &str = "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";
const REPLY: &str = r#"{"lock_time":"0","result":"success","lock_time_left":"0","retry_times_left":"5","message":"ok"}"#;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn ours(client: &DcsClient) -> f64 {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..REQUESTS / CONCURRENCY {
                let body = AclAccountModifyPasswordBody {
                    old_password: Some("xxxxxx".into()),
                    new_password: Some("yyyyyy".into()),
                };
                let request = UpdateAclAccountPassWordRequest::new("inst-1", "acc-1", body);
                client
                    .update_acl_account_pass_word(request)
                    .await
                    .expect("success");
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    REQUESTS as f64 / started.elapsed().as_secs_f64()
}

async fn bare(client: &reqwest::Client, url: &str) -> f64 {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let client = client.clone();
        let url = url.to_owned();
        tasks.push(tokio::spawn(async move {
            for _ in 0..REQUESTS / CONCURRENCY {
                let answer = client
                    .put(&url)
                    .header("Content-Type", "application/json;charset=utf-8")
                    .header("X-Project-Id", "p1")
                    .header("User-Agent", "huaweicloud-sdk-rust/0.1.0")
                    .header("X-Sdk-Date", "20261124T120000Z")
                    .header("Authorization", AUTHORIZATION)
                    .body(r#"{"old_password":"xxxxxx","new_password":"yyyyyy"}"#)
                    .send()
                    .await
                    .expect("sent");
                let body: serde_json::Value = answer.json().await.expect("JSON");
                assert_eq!(body["result"], "success");
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    REQUESTS as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let server = Server::start(|_| Reply::json(200, REPLY)).await;
    let client = DcsClient::builder()
        .credentials(BasicCredentials::new("AK", "SK", "p1"))
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client");
    let bare_client = reqwest::Client::new();
    let url = format!(
        "{}/v2/p1/instances/inst-1/accounts/acc-1/password/modify",
        server.url()
    );
    // Warm up connections and caches.
    ours(&client).await;
    bare(&bare_client, &url).await;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        a.push(ours(&client).await);
        b.push(bare(&bare_client, &url).await);
    }
    let (a, b) = (median(a), median(b));
    println!("| client | requests/s (median of {ROUNDS} rounds of {REQUESTS}, {CONCURRENCY} concurrent) |");
    println!("|---|---:|");
    println!("| generated DcsClient (signs every request) | {a:.0} |");
    println!("| bare reqwest, same headers and body, not signed | {b:.0} |");
    println!("| ratio | {:.2} |", a / b);
}
