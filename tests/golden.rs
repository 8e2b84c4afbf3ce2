//! The signer against golden vectors from the official SDK, without Python.
//!
//! `tests/oracle/golden-vectors.jsonl` holds, per request, the canonical request, string to
//! sign and `Authorization` that huaweicloudsdkcore 3.1.219's `Signer` produced for it
//! (`oracle.py vector < golden-inputs.jsonl`); the differential tests check the file is current.

use std::time::UNIX_EPOCH;

use huaweicloud::runtime::signer;
use serde_json::Value;

fn pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .expect("a list of pairs")
        .iter()
        .map(|p| {
            let text = |i: usize| p[i].as_str().expect("a string").to_owned();
            (text(0), text(1))
        })
        .collect()
}

#[test]
fn signer_reproduces_the_official_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/oracle/golden-vectors.jsonl");
    let text = std::fs::read_to_string(path).expect("golden vectors");
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let vector: Value = serde_json::from_str(line).expect("JSON line");
        let input = &vector["input"];
        let text = |key: &str| input[key].as_str().expect("a string");
        let query = pairs(&input["query"]);
        let body = input["body"]
            .as_array()
            .expect("body bytes")
            .iter()
            .map(|b| u8::try_from(b.as_u64().expect("a byte")).expect("a byte"))
            .collect::<Vec<_>>();
        let mut headers = pairs(&input["headers"]);
        let unsigned = signer::Unsigned {
            method: text("method"),
            host: text("host"),
            path: text("path"),
            query: &query,
            body: &body,
        };
        // Every vector carries its own X-Sdk-Date, so the time passed here is not used.
        signer::sign(&unsigned, &mut headers, UNIX_EPOCH, text("ak"), text("sk"));
        let (last, authorization) = headers.pop().expect("Authorization was added");
        assert_eq!(last, "Authorization");
        let request = signer::SigningRequest {
            method: text("method"),
            path: text("path"),
            query: &query,
            headers: &headers,
            body: &body,
        };
        let canonical = signer::canonical_request(&request, &signer::signed_headers(&headers));
        assert_eq!(
            canonical,
            vector["canonical_request"].as_str().expect("string"),
            "{line}"
        );
        let date = headers
            .iter()
            .find(|(n, _)| n == "X-Sdk-Date")
            .map(|(_, v)| v.as_str())
            .expect("date");
        assert_eq!(
            signer::string_to_sign(&canonical, date),
            vector["string_to_sign"].as_str().expect("string"),
            "{line}"
        );
        assert_eq!(
            authorization,
            vector["authorization"].as_str().expect("string"),
            "{line}"
        );
        count += 1;
    }
    assert_eq!(count, 8, "every vector was checked");
}
