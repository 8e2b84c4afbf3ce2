//! `SDK-HMAC-SHA256` request signing, as the official Huawei Cloud SDKs do it.
//!
//! The steps, in order: mark non-JSON payloads `UNSIGNED-PAYLOAD`, add `X-Sdk-Date` and `Host`,
//! sign every header whose name has no `_`, and put the signature in `Authorization`.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

pub use crate::runtime::request::encode;
use crate::runtime::request::UNRESERVED;

/// The algorithm name in `Authorization`.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// Header carrying the signing time.
pub const DATE_HEADER: &str = "X-Sdk-Date";
/// Header that replaces the payload hash for non-JSON bodies.
pub const CONTENT_HASH_HEADER: &str = "X-Sdk-Content-Sha256";
/// Value of [`CONTENT_HASH_HEADER`] for bodies that are not hashed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// A request as the signer sees it. Header names and values are any text: `String`s, or the
/// runtime's [`HeaderText`](crate::runtime::HeaderText).
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a, N = String, V = String> {
    /// HTTP method, any case.
    pub method: &'a str,
    /// Resource path as sent, percent-encoded.
    pub path: &'a str,
    /// Query pairs, not encoded.
    pub query: &'a [(String, String)],
    /// Every header present at signing time, `X-Sdk-Date` and `Host` included.
    pub headers: &'a [(N, V)],
    /// The body bytes.
    pub body: &'a [u8],
}

/// Formats a time as `X-Sdk-Date` wants it: `YYYYMMDDTHHMMSSZ`, UTC.
pub fn format_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    let year = u64::try_from(year).unwrap_or(0) % 10_000;
    let mut out = *b"00000000T000000Z";
    // Each field's digits, last digit first, at the end of its place.
    let fields = [
        (year, 4),
        (u64::from(month), 6),
        (u64::from(day), 8),
        (rem / 3600, 11),
        (rem % 3600 / 60, 13),
        (rem % 60, 15),
    ];
    let mut start = 0;
    for (mut value, end) in fields {
        for at in (start..end).rev() {
            out[at] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        start = if end == 8 { 9 } else { end };
    }
    // Only ASCII digits and letters were written.
    std::str::from_utf8(&out).unwrap_or_default().to_owned()
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

/// Whether a body of this content type is sent as `UNSIGNED-PAYLOAD`.
pub fn is_unsigned_payload(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        !ct.starts_with("application/json") && !ct.starts_with("application/bson")
    })
}

/// The path part of the canonical request: decoded, split on `/`, each segment re-encoded,
/// always ending in `/`.
pub fn canonical_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len() + 1);
    // Most paths hold only unreserved characters and `/`: they are already canonical.
    if is_plain(path) {
        uri.push_str(path);
    } else {
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        for (i, segment) in decoded.split('/').enumerate() {
            if i > 0 {
                uri.push('/');
            }
            uri.extend(utf8_percent_encode(segment, UNRESERVED));
        }
    }
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Whether `path` is its own canonical form, but for a final `/`. Every byte is looked at (no
/// early return), which lets the compiler check many at a time.
fn is_plain(path: &str) -> bool {
    path.bytes().fold(true, |plain, b| {
        plain & (b.is_ascii_alphanumeric() | matches!(b, b'/' | b'_' | b'.' | b'-' | b'~'))
    })
}

/// The canonical query string: pairs sorted by key, then value, both sides encoded. It is also
/// the query string sent on the wire.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs = query.iter().collect::<Vec<_>>();
    pairs.sort();
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(k, UNRESERVED));
        out.push('=');
        out.extend(utf8_percent_encode(v, UNRESERVED));
    }
    out
}

/// Lower-cased, sorted names of the headers to sign: all whose name has no `_`.
pub fn signed_headers<N: AsRef<str>, V>(headers: &[(N, V)]) -> Vec<String> {
    let mut names = headers
        .iter()
        .map(|(name, _)| name.as_ref())
        .filter(|name| !name.contains('_'))
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>();
    names.sort();
    names.dedup();
    names
}

fn header<'h, N: AsRef<str>, V: AsRef<str>>(
    headers: &'h [(N, V)],
    lower_name: &str,
) -> Option<&'h str> {
    headers
        .iter()
        .rev()
        .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(lower_name))
        .map(|(_, v)| v.as_ref())
}

fn hex_sha256(data: &[u8]) -> String {
    let mut buffer = [0u8; 64];
    hex_str(&Sha256::digest(data), &mut buffer).to_owned()
}

/// The canonical request: method, URI, query, headers, signed header names, payload hash.
pub fn canonical_request<N: AsRef<str>, V: AsRef<str>>(
    request: &SigningRequest<'_, N, V>,
    signed: &[String],
) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(&request.method.to_ascii_uppercase());
    out.push('\n');
    out.push_str(&canonical_uri(request.path));
    out.push('\n');
    out.push_str(&canonical_query(request.query));
    out.push('\n');
    for name in signed {
        out.push_str(name);
        out.push(':');
        out.push_str(header(request.headers, name).unwrap_or_default().trim());
        out.push('\n');
    }
    out.push('\n');
    for (i, name) in signed.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push('\n');
    if request.body.is_empty() {
        out.push_str(EMPTY_SHA256);
    } else if let Some(marker) = header(request.headers, "x-sdk-content-sha256") {
        out.push_str(marker);
    } else {
        out.push_str(&hex_sha256(request.body));
    }
    out
}

/// SHA-256 of the empty string, in hex.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The string to sign for a canonical request made at `date` (`YYYYMMDDTHHMMSSZ`).
pub fn string_to_sign(canonical_request: &str, date: &str) -> String {
    format!(
        "{ALGORITHM}\n{date}\n{}",
        hex_sha256(canonical_request.as_bytes())
    )
}

/// The HMAC state of a secret key, made once and reused for every request it signs.
#[derive(Clone)]
pub struct SigningKey(Hmac<Sha256>);

impl SigningKey {
    /// The key state of `sk`.
    pub fn new(sk: &str) -> Self {
        // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
        match Hmac::<Sha256>::new_from_slice(sk.as_bytes()) {
            Ok(mac) => Self(mac),
            Err(_) => unreachable!("HMAC accepts keys of any length"),
        }
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// The `Authorization` value for a request whose headers already hold `X-Sdk-Date` and `Host`.
pub fn authorization<N: AsRef<str>, V: AsRef<str>>(
    request: &SigningRequest<'_, N, V>,
    ak: &str,
    sk: &str,
) -> String {
    authorization_with(request, ak, &SigningKey::new(sk))
}

/// Headers are compared by their lower-cased names.
fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The canonical request on its way into SHA-256: bytes gather in a buffer on the stack and
/// go to the hasher a buffer at a time (few `update` calls, no allocation).
struct Canonical {
    hasher: Sha256,
    buffer: [u8; 512],
    len: usize,
}

impl Canonical {
    fn new() -> Self {
        Self {
            hasher: Sha256::new(),
            buffer: [0; 512],
            len: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > self.buffer.len() {
            self.hasher.update(&self.buffer[..self.len]);
            self.len = 0;
            if bytes.len() > self.buffer.len() {
                self.hasher.update(bytes);
                return;
            }
        }
        self.buffer[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// `text` with its ASCII letters upper- or lower-cased.
    fn push_cased(&mut self, text: &str, upper: bool) {
        let bytes = text.as_bytes();
        if self.len + bytes.len() > self.buffer.len() {
            self.hasher.update(&self.buffer[..self.len]);
            self.len = 0;
        }
        for chunk in bytes.chunks(self.buffer.len()) {
            if self.len + chunk.len() > self.buffer.len() {
                self.hasher.update(&self.buffer[..self.len]);
                self.len = 0;
            }
            let out = &mut self.buffer[self.len..self.len + chunk.len()];
            out.copy_from_slice(chunk);
            if upper {
                out.make_ascii_uppercase();
            } else {
                out.make_ascii_lowercase();
            }
            self.len += chunk.len();
        }
    }

    fn finish(&mut self) -> impl AsRef<[u8]> {
        self.hasher.update(&self.buffer[..self.len]);
        std::mem::take(&mut self.hasher).finalize()
    }
}

/// [`authorization`] with a key state made once: the canonical request is hashed as it is
/// formed, never built as a string (the same bytes as [`canonical_request`]).
pub fn authorization_with<N: AsRef<str>, V: AsRef<str>>(
    request: &SigningRequest<'_, N, V>,
    ak: &str,
    key: &SigningKey,
) -> String {
    let headers = request.headers;
    let name = |i: usize| headers[i].0.as_ref();
    // Signed headers: names without `_`, sorted by their lower-cased form; of a name given
    // twice, the last value counts. Their indices sit on the stack unless there are many.
    let mut on_stack = [0usize; 32];
    let mut on_heap = Vec::new();
    let signed: &mut [usize] = if headers.len() <= on_stack.len() {
        &mut on_stack[..]
    } else {
        on_heap.resize(headers.len(), 0);
        &mut on_heap[..]
    };
    let mut count = 0;
    for (i, (name, _)) in headers.iter().enumerate() {
        if !name.as_ref().contains('_') {
            signed[count] = i;
            count += 1;
        }
    }
    let signed = &mut signed[..count];
    // Later headers first among equal names, so that the first of a run is the one kept.
    signed.sort_unstable_by(|&a, &b| cmp_lowercase(name(a), name(b)).then(b.cmp(&a)));
    let mut kept = 0;
    for n in 0..signed.len() {
        if kept == 0 || !name(signed[kept - 1]).eq_ignore_ascii_case(name(signed[n])) {
            signed[kept] = signed[n];
            kept += 1;
        }
    }
    let signed = &signed[..kept];
    // `Authorization` up to the signature; the signed names are hashed from it too.
    let names_len = signed.iter().map(|&i| name(i).len() + 1).sum::<usize>();
    let mut out = String::with_capacity(ALGORITHM.len() + ak.len() + names_len + 100);
    out.push_str(ALGORITHM);
    out.push_str(" Access=");
    out.push_str(ak);
    out.push_str(", SignedHeaders=");
    let names_start = out.len();
    for (n, &i) in signed.iter().enumerate() {
        if n > 0 {
            out.push(';');
        }
        out.push_str(name(i));
    }
    let names_end = out.len();
    out[names_start..names_end].make_ascii_lowercase();
    let names = &out[names_start..names_end];

    let mut hasher = Canonical::new();
    hasher.push_cased(request.method, true);
    hasher.push(b"\n");
    if is_plain(request.path) {
        hasher.push(request.path.as_bytes());
        if !request.path.ends_with('/') {
            hasher.push(b"/");
        }
    } else {
        hasher.push(canonical_uri(request.path).as_bytes());
    }
    hasher.push(b"\n");
    if !request.query.is_empty() {
        hasher.push(canonical_query(request.query).as_bytes());
    }
    hasher.push(b"\n");
    // The lower-cased names, as `Authorization` holds them, each with its value.
    let mut at = 0;
    for &i in signed {
        let lower = &names[at..at + name(i).len()];
        at += lower.len() + 1;
        hasher.push(lower.as_bytes());
        hasher.push(b":");
        let value = headers[i].1.as_ref();
        let value = if is_trimmed(value) {
            value
        } else {
            value.trim()
        };
        hasher.push(value.as_bytes());
        hasher.push(b"\n");
    }
    hasher.push(b"\n");
    hasher.push(names.as_bytes());
    hasher.push(b"\n");
    let mut hex_buffer = [0u8; 64];
    if request.body.is_empty() {
        hasher.push(EMPTY_SHA256.as_bytes());
    } else if let Some(marker) = header(headers, "x-sdk-content-sha256") {
        hasher.push(marker.as_bytes());
    } else {
        hasher.push(hex_into(&Sha256::digest(request.body), &mut hex_buffer));
    }
    let canonical_hash = hasher.finish();

    let date = header(headers, "x-sdk-date").unwrap_or_default();
    let mut mac = key.0.clone();
    mac.update(ALGORITHM.as_bytes());
    mac.update(b"\n");
    mac.update(date.as_bytes());
    mac.update(b"\n");
    mac.update(hex_into(canonical_hash.as_ref(), &mut hex_buffer));
    let signature = mac.finalize().into_bytes();

    out.push_str(", Signature=");
    out.push_str(hex_str(&signature, &mut hex_buffer));
    out
}

/// `bytes` (32 of them) in lower-case hex, as text.
fn hex_str<'b>(bytes: &[u8], buffer: &'b mut [u8; 64]) -> &'b str {
    std::str::from_utf8(hex_into(bytes, buffer)).unwrap_or_default()
}

/// `bytes` (32 of them) in lower-case hex, written into `buffer`.
fn hex_into<'b>(bytes: &[u8], buffer: &'b mut [u8; 64]) -> &'b [u8] {
    for (pair, byte) in buffer.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(*byte)]);
    }
    &buffer[..bytes.len().min(32) * 2]
}

/// Each byte's two lower-case hex digits.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0; 2]; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = [DIGITS[b >> 4], DIGITS[b & 0xf]];
        b += 1;
    }
    table
};

/// Whether `text` starts and ends with a printable ASCII character, so that `trim` would keep it
/// as it is (a cheap check before the full one, which reads characters past ASCII).
#[inline]
fn is_trimmed(text: &str) -> bool {
    let printable = |b: &u8| (0x21..0x7f).contains(b);
    text.as_bytes().first().is_none_or(printable) && text.as_bytes().last().is_none_or(printable)
}

/// A request before signing.
#[derive(Debug, Clone, Copy)]
pub struct Unsigned<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The endpoint's authority, signed as `Host` unless a `Host` header is present.
    pub host: &'a str,
    /// Resource path as sent, percent-encoded.
    pub path: &'a str,
    /// Query pairs, not encoded.
    pub query: &'a [(String, String)],
    /// The body bytes.
    pub body: &'a [u8],
}

/// Signs a request as the official SDK's `Signer.sign` does, adding to `headers`:
/// `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` for non-JSON content types, `X-Sdk-Date` (from
/// `time`, unless the header is already there), `Host` (unless there), and `Authorization`.
/// Header values are trimmed, as they are signed.
pub fn sign<N: HeaderPart, V: HeaderPart>(
    request: &Unsigned<'_>,
    headers: &mut Vec<(N, V)>,
    time: SystemTime,
    ak: &str,
    sk: &str,
) {
    sign_with(request, headers, time, ak, &SigningKey::new(sk));
}

/// Text a header's name or value is kept as: `String`, or the runtime's
/// [`HeaderText`](crate::runtime::HeaderText), which takes the names signing adds without
/// copying them.
pub trait HeaderPart: AsRef<str> + From<&'static str> + From<String> {}

impl<T: AsRef<str> + From<&'static str> + From<String>> HeaderPart for T {}

/// [`sign`] with a key state made once.
pub fn sign_with<N: HeaderPart, V: HeaderPart>(
    request: &Unsigned<'_>,
    headers: &mut Vec<(N, V)>,
    time: SystemTime,
    ak: &str,
    key: &SigningKey,
) {
    // Room for what signing adds: one growth at most.
    headers.reserve(4);
    let content_type = header(headers, "content-type");
    if is_unsigned_payload(content_type) {
        headers.retain(|(n, _)| !n.as_ref().eq_ignore_ascii_case(CONTENT_HASH_HEADER));
        headers.push((CONTENT_HASH_HEADER.into(), UNSIGNED_PAYLOAD.into()));
    }
    if header(headers, "x-sdk-date").is_none() {
        headers.push((DATE_HEADER.into(), format_date(time).into()));
    }
    if header(headers, "host").is_none() {
        headers.push(("Host".into(), request.host.to_owned().into()));
    }
    for (_, value) in headers.iter_mut() {
        if !is_trimmed(value.as_ref()) {
            let trimmed = value.as_ref().trim();
            if trimmed.len() != value.as_ref().len() {
                *value = trimmed.to_owned().into();
            }
        }
    }
    let signing = SigningRequest {
        method: request.method,
        path: request.path,
        query: request.query,
        headers,
        body: request.body,
    };
    let value = authorization_with(&signing, ak, key);
    headers.push(("Authorization".into(), value.into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signature from the canonical request built as a string, the way the steps are
    /// published (`canonical_request`, `string_to_sign`).
    fn by_steps(request: &SigningRequest<'_>, ak: &str, sk: &str) -> String {
        let signed = signed_headers(request.headers);
        let canonical = canonical_request(request, &signed);
        let date = header(request.headers, "x-sdk-date").unwrap_or_default();
        let mut mac = SigningKey::new(sk).0;
        mac.update(string_to_sign(&canonical, date).as_bytes());
        format!(
            "{ALGORITHM} Access={ak}, SignedHeaders={}, Signature={}",
            signed.join(";"),
            hex_str(&mac.finalize().into_bytes(), &mut [0; 64])
        )
    }

    #[test]
    fn streaming_equals_the_published_steps_for_long_and_repeated_parts() {
        let long = "Vv".repeat(700);
        let name = format!("X-{}", "Long".repeat(200));
        let mut headers = owned(&[
            ("X-Sdk-Date", "20261125T000000Z"),
            ("Host", "h"),
            ("X-A", "1"),
            ("x-a", " 2 "),
        ]);
        for i in 0..40 {
            headers.push((format!("X-Header-{i:02}"), format!("{long}{i}")));
        }
        headers.push((name.clone(), long.clone()));
        headers.push(("X_Under".into(), "not signed".into()));
        let query = owned(&[("b", "2"), ("a", &long), ("a", "1")]);
        for (method, path, body) in [
            ("get", "/a b/%2F/c", &b""[..]),
            ("Put", &*format!("/{long}"), b"{}"),
        ] {
            let request = SigningRequest {
                method,
                path,
                query: &query,
                headers: &headers,
                body,
            };
            assert_eq!(
                authorization(&request, "AK", "SK"),
                by_steps(&request, "AK", "SK")
            );
        }
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn hex_digits_of_every_byte() {
        let bytes = (0..=255u8).collect::<Vec<_>>();
        let expected = bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let mut buffer = [0; 64];
        for (chunk, want) in bytes.chunks(32).zip(expected.as_bytes().chunks(64)) {
            assert_eq!(hex_into(chunk, &mut buffer), want);
        }
    }

    #[test]
    fn dates_are_utc_basic_format() {
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_795_521_600);
        assert_eq!(format_date(t), "20261124T120000Z");
        assert_eq!(format_date(UNIX_EPOCH), "19700101T000000Z");
        let leap = UNIX_EPOCH + std::time::Duration::from_secs(951_782_399);
        assert_eq!(format_date(leap), "20000228T235959Z");
    }

    #[test]
    fn canonical_parts() {
        assert_eq!(canonical_uri("/v1/a%2Fb/c%20d"), "/v1/a/b/c%20d/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/Az09_.-~/x"), "/Az09_.-~/x/");
        assert_eq!(canonical_uri("/a+b/c*d/é"), "/a%2Bb/c%2Ad/%C3%A9/");
        let query = owned(&[("b", "2"), ("a", "z y"), ("a", "1")]);
        assert_eq!(canonical_query(&query), "a=1&a=z%20y&b=2");
        let headers = owned(&[("Host", "h"), ("Snake_Case", "x"), ("X-B", "1")]);
        assert_eq!(signed_headers(&headers), ["host", "x-b"]);
    }

    // Expected values from huaweicloudsdkcore 3.1.219's Signer run on the same requests.
    #[test]
    fn json_request_matches_the_official_signer() {
        let headers = owned(&[
            ("Content-Type", "application/json;charset=UTF-8"),
            ("X-Project-Id", "p1"),
            ("User-Agent", "ua"),
            ("X-Sdk-Date", "20261124T120000Z"),
            ("Host", "dcs.cn-north-4.myhuaweicloud.com"),
        ]);
        let request = SigningRequest {
            method: "PUT",
            path: "/v2/p1/instances/i%2F1/accounts/a%20b/password/modify",
            query: &[],
            headers: &headers,
            body: br#"{"new_password":"x"}"#,
        };
        assert_eq!(
            authorization(&request, "AKEXAMPLE", "SKEXAMPLE"),
            "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=9529c1589eacb0dc9ead82471102d3c441ab47aca5df6fd9aec9a89a6bab897d"
        );
    }

    #[test]
    fn unsigned_payload_matches_the_official_signer() {
        assert!(is_unsigned_payload(Some("text/plain")));
        assert!(!is_unsigned_payload(Some("application/json;charset=UTF-8")));
        assert!(!is_unsigned_payload(None));
        let headers = owned(&[
            ("X-Sdk-Date", "20261124T120000Z"),
            ("Content-Type", "text/plain"),
            ("Snake_Case", "skip"),
            (CONTENT_HASH_HEADER, UNSIGNED_PAYLOAD),
            ("Host", "dcs.cn-north-4.myhuaweicloud.com"),
        ]);
        let query = owned(&[("b", "2"), ("a", "z y"), ("a", "1")]);
        let request = SigningRequest {
            method: "GET",
            path: "/v1/items",
            query: &query,
            headers: &headers,
            body: b"raw",
        };
        assert_eq!(
            authorization(&request, "AKEXAMPLE", "SKEXAMPLE"),
            "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date, Signature=d9c2d29666449b9a9ba5a94f53a6845a51f2b68d79ac5264a1b6607faa761fbc"
        );
    }
}
