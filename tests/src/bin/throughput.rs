//! Requests per second of the generated DCS client against a loopback server, next to bare
//! `reqwest` sending the same request. Rounds alternate between the two; medians are printed.
//! Run with `cargo run --release -p tests --bin throughput` (part of `tests/bench/run.sh`);
//! with the argument `ours` or `bare` it runs only that side, for a profiler.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

/// The system allocator, counting allocations while [`COUNTING`] is on: the bench reports
/// allocations per request next to requests per second.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes to `System` with the caller's arguments; counting touches no memory
// of the allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations (and reallocations) per request of one more round of `round`, server included.
async fn allocations<F: std::future::Future<Output = f64>>(round: F) -> f64 {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    round.await;
    COUNTING.store(false, Ordering::Relaxed);
    ALLOCATIONS.load(Ordering::Relaxed) as f64 / REQUESTS as f64
}

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
    match std::env::args().nth(1).as_deref() {
        Some("ours") => {
            for _ in 0..=ROUNDS {
                println!("ours: {:.0} requests/s", ours(&client).await);
            }
            return;
        }
        Some("bare") => {
            for _ in 0..=ROUNDS {
                println!("bare: {:.0} requests/s", bare(&bare_client, &url).await);
            }
            return;
        }
        _ => {}
    }
    // Warm up connections and caches.
    ours(&client).await;
    bare(&bare_client, &url).await;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        a.push(ours(&client).await);
        b.push(bare(&bare_client, &url).await);
    }
    let (a, b) = (median(a), median(b));
    let a_allocs = allocations(ours(&client)).await;
    let b_allocs = allocations(bare(&bare_client, &url)).await;
    println!("| client | requests/s (median of {ROUNDS} rounds of {REQUESTS}, {CONCURRENCY} concurrent) | allocations per request, server included |");
    println!("|---|---:|---:|");
    println!("| generated DcsClient (signs every request) | {a:.0} | {a_allocs:.0} |");
    println!("| bare reqwest, same headers and body, not signed | {b:.0} | {b_allocs:.0} |");
    println!("| ratio | {:.2} | |", a / b);
}
