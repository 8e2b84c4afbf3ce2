//! Criterion benches of the runtime's hot paths: signing one request, and serializing one.
//! Run with `cargo bench -p tests --bench runtime` (part of `tests/bench/run.sh`).

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use criterion::{criterion_group, criterion_main, Criterion};
use huaweicloud::dcs::v2::AclAccountModifyPasswordBody;
use huaweicloud::runtime::{signer, HeaderText, Method, Request};

fn signing(c: &mut Criterion) {
    let body = br#"{"old_password":"xxxxxx","new_password":"yyyyyy"}"#;
    // The headers as the client holds them when it signs: names, the media type (from the
    // generated code) and the default `User-Agent` are borrowed; the project id is copied from
    // the credentials.
    let base: Vec<(HeaderText, HeaderText)> = vec![
        (
            "Content-Type".into(),
            "application/json;charset=utf-8".into(),
        ),
        ("User-Agent".into(), "huaweicloud/0.1.0".into()),
        (
            "X-Project-Id".into(),
            "0912c1b9e480d2c82f7ac00d5a3d2f55".to_owned().into(),
        ),
    ];
    let time = UNIX_EPOCH + Duration::from_secs(1_795_521_600);
    // A client makes the key state once, when its credentials are made.
    let key = signer::SigningKey::new("sk-example");
    c.bench_function("sign one request", |b| {
        b.iter(|| {
            // Sized as the client sizes it, with room for what signing adds.
            let mut headers = Vec::with_capacity(base.len() + 8);
            headers.extend(base.iter().cloned());
            let unsigned = signer::Unsigned {
                method: "PUT",
                host: "dcs.cn-north-4.myhuaweicloud.com",
                path: "/v2/0912c1b9e480d2c82f7ac00d5a3d2f55/instances/inst-1/accounts/acc-1/password/modify",
                query: &[],
                body,
            };
            signer::sign_with(&unsigned, &mut headers, time, "HPUAEXAMPLEAK0000001", &key);
            black_box(headers)
        })
    });
}

fn serialization(c: &mut Criterion) {
    let body = AclAccountModifyPasswordBody {
        old_password: Some("xxxxxx".into()),
        new_password: Some("yyyyyy".into()),
    };
    c.bench_function("serialize one request", |b| {
        b.iter(|| {
            let mut http = Request::new(
                Method::PUT,
                "UpdateAclAccountPassWord",
                "/v2/{project_id}/instances/{instance_id}/accounts/{account_id}/password/modify",
            );
            http.path_param("project_id", "0912c1b9e480d2c82f7ac00d5a3d2f55");
            http.path_param("instance_id", "inst-1");
            http.path_param("account_id", "acc/1");
            http.json_body("application/json;charset=UTF-8", black_box(&body))
                .expect("serializes");
            black_box(http)
        })
    });
}

criterion_group!(benches, signing, serialization);
criterion_main!(benches);
