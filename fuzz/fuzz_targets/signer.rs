//! Arbitrary requests through the SDK-HMAC-SHA256 signer: no panic, the same input signs the
//! same, the order of query pairs does not matter, and the signed header names are lower-case,
//! sorted and unique.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use huaweicloud::runtime::signer::{sign, Unsigned};

#[derive(Arbitrary, Debug)]
struct Input {
    method: String,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    seconds: u32,
    ak: String,
    sk: String,
}

fn authorization(input: &Input, query: &[(String, String)]) -> Vec<(String, String)> {
    let unsigned = Unsigned {
        method: &input.method,
        host: &input.host,
        path: &input.path,
        query,
        body: &input.body,
    };
    let mut headers = input.headers.clone();
    let time = UNIX_EPOCH + Duration::from_secs(u64::from(input.seconds));
    sign(&unsigned, &mut headers, time, &input.ak, &input.sk);
    headers
}

/// A header name as HTTP allows it (a token), which the client checks before it signs.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    let mut input = input;
    input.headers.retain(|(name, _)| is_token(name));
    input.ak.retain(|c| c.is_ascii_alphanumeric());
    let signed = authorization(&input, &input.query);
    assert_eq!(
        signed,
        authorization(&input, &input.query),
        "signing is not deterministic"
    );
    let mut reversed = input.query.clone();
    reversed.reverse();
    assert_eq!(
        signed,
        authorization(&input, &reversed),
        "query order changed the signature"
    );
    let (name, value) = signed.last().expect("a header was added");
    assert_eq!(name, "Authorization");
    let names = value
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(", Signature=").next())
        .expect("signed headers are listed");
    let names = names.split(';').collect::<Vec<_>>();
    assert!(
        names.windows(2).all(|w| w[0] < w[1]),
        "not sorted and unique: {names:?}"
    );
    assert!(
        names.iter().all(|n| !n.chars().any(char::is_uppercase)),
        "not lower-case: {names:?}"
    );
});
