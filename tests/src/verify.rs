//! An independent check of `SDK-HMAC-SHA256` signatures, written from the official SDK's
//! description of the algorithm and sharing no code with the runtime's signer.

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::server::Recorded;

/// Characters kept as they are: letters, digits and `_.-~`.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, KEEP).to_string()
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The canonical request the server expects for a received request.
pub fn canonical_request(request: &Recorded) -> String {
    let mut uri = decode(request.path())
        .split('/')
        .map(encode)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut pairs = request
        .query()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect::<Vec<_>>();
    pairs.sort();
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let signed = signed_header_names(request);
    let headers = signed
        .iter()
        .map(|name| {
            let value = request.header(name).unwrap_or_default().trim();
            format!("{name}:{value}\n")
        })
        .collect::<String>();
    let payload = if request.body.is_empty() {
        hex::encode(Sha256::digest(b""))
    } else if let Some(unsigned) = request.header("X-Sdk-Content-Sha256") {
        unsigned.to_owned()
    } else {
        hex::encode(Sha256::digest(&request.body))
    };
    format!(
        "{}\n{uri}\n{query}\n{headers}\n{}\n{payload}",
        request.method,
        signed.join(";")
    )
}

/// Lower-cased, sorted names of the headers the client says it signed.
fn signed_header_names(request: &Recorded) -> Vec<String> {
    let auth = request.header("Authorization").unwrap_or_default();
    let mut names = auth
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default()
        .split(';')
        .map(str::to_owned)
        .collect::<Vec<_>>();
    names.sort();
    names
}

/// Headers the HTTP stack adds after signing, in the official SDK as in ours.
const TRANSPORT: &[&str] = &[
    "content-length",
    "accept",
    "accept-encoding",
    "connection",
    "transfer-encoding",
];

/// The `Authorization` value the request should carry when signed with `ak`/`sk`.
///
/// Besides recomputing the signature it checks that the client signed exactly the headers
/// it sent (all but those with `_` in their name, `Authorization` itself and [`TRANSPORT`]).
pub fn expected_authorization(request: &Recorded, ak: &str, sk: &str) -> String {
    let mut sent = request
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| !n.contains('_') && n != "authorization" && !TRANSPORT.contains(&n.as_str()))
        .collect::<Vec<_>>();
    sent.sort();
    sent.dedup();
    let canonical = canonical_request(request);
    let date = request.header("X-Sdk-Date").unwrap_or_default();
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).expect("HMAC takes any key");
    mac.update(to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    format!(
        "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={}, Signature={signature}",
        sent.join(";")
    )
}
