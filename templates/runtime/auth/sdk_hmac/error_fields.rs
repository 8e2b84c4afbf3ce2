//! The fields of an error answer as the official SDK's default exception handler reads them:
//! the body decoded by the charset of its `Content-Type` (as `requests` does), read as
//! Python's `json.loads`, searched for a code/message pair, falsy values replaced by the
//! status and the body text, and every value printed as Python's `str()` prints it.

use std::borrow::Cow;

use reqwest::header::{HeaderMap, CONTENT_TYPE};

use super::python::{self, Py};
use crate::runtime::error::ErrorFields;

/// Reads an error answer's fields.
pub(crate) fn read(status: u16, headers: &HeaderMap, body: &[u8]) -> ErrorFields {
    let text = body_text(headers, body);
    let mut found = Found::default();
    if let Ok(Py::Dict(entries)) = python::loads(&text) {
        found.read(&entries);
    }
    let code = found
        .code
        .filter(Py::is_truthy)
        .map_or_else(|| status.to_string(), |c| c.to_str());
    let msg = found
        .msg
        .filter(Py::is_truthy)
        .map_or_else(|| text.clone().into_owned(), |m| m.to_str());
    ErrorFields {
        request_id: request_id(headers),
        error_code: Some(code),
        error_msg: Some(msg),
        encoded_authorization_message: found.encoded.flatten().map(|e| e.to_str()),
    }
}

/// What the search found, as Python values.
#[derive(Default)]
struct Found {
    code: Option<Py>,
    msg: Option<Py>,
    /// `Some(None)` when the key is there with `null`.
    encoded: Option<Option<Py>>,
}

impl Found {
    /// One object: the encoded message, then the first complete pair of code and message;
    /// without a pair, every nested object in turn (later ones overwrite).
    fn read(&mut self, entries: &[(String, Py)]) {
        let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        if let Some(encoded) = get("encoded_authorization_message") {
            self.encoded = Some(Some(encoded.clone()).filter(|e| *e != Py::None));
        }
        for (code, msg) in [
            ("error_code", "error_msg"),
            ("errorCode", "errorMsg"),
            ("code", "message"),
        ] {
            if let (Some(c), Some(m)) = (get(code), get(msg)) {
                self.code = Some(c.clone());
                self.msg = Some(m.clone());
                return;
            }
        }
        for (_, value) in entries {
            if let Py::Dict(inner) = value {
                self.read(inner);
            }
        }
    }
}

/// `X-Request-Id` as the SDK gets it: header bytes read as Latin-1, several headers joined
/// with `, `.
fn request_id(headers: &HeaderMap) -> Option<String> {
    let values = headers
        .get_all("x-request-id")
        .iter()
        .map(|v| {
            v.as_bytes()
                .iter()
                .map(|&b| char::from(b))
                .collect::<String>()
        })
        .collect::<Vec<_>>();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The body as text, decoded by the charset `Content-Type` names (UTF-8 for JSON without
/// one), undecodable bytes replaced. Where `requests` would guess (no charset, not JSON),
/// or assume Latin-1 (`text/*` without a charset), UTF-8 is used when the body is UTF-8.
fn body_text<'a>(headers: &HeaderMap, body: &'a [u8]) -> Cow<'a, str> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let (media_type, charset) = media_type_and_charset(&content_type);
    match charset {
        Some(label) => decode(&label, body),
        None if media_type.contains("text") => match std::str::from_utf8(body) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(latin1(body)),
        },
        None => String::from_utf8_lossy(body),
    }
}

/// The media type and the `charset` parameter, split as `requests` splits them.
fn media_type_and_charset(content_type: &str) -> (&str, Option<String>) {
    let mut parts = content_type.split(';');
    let media_type = parts.next().unwrap_or_default().trim();
    let strip: &[char] = &['"', '\'', ' '];
    let mut charset = None;
    for param in parts {
        if let Some((key, value)) = param.trim().split_once('=') {
            if key.trim_matches(strip).eq_ignore_ascii_case("charset") {
                charset = Some(
                    value
                        .trim_matches(strip)
                        .trim_matches(&['\'', '"'][..])
                        .to_owned(),
                );
            }
        }
    }
    (media_type, charset)
}

/// `str(body, label, errors="replace")`; a label Python does not know decodes as UTF-8.
fn decode<'a>(label: &str, body: &'a [u8]) -> Cow<'a, str> {
    let name = label.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    match name.as_str() {
        "latin_1" | "latin1" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" => {
            Cow::Owned(latin1(body))
        }
        "ascii" | "us_ascii" | "646" => Cow::Owned(
            body.iter()
                .map(|&b| {
                    if b < 0x80 {
                        char::from(b)
                    } else {
                        char::REPLACEMENT_CHARACTER
                    }
                })
                .collect(),
        ),
        _ => match encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes()) {
            Some(encoding) => encoding.decode_without_bom_handling(body).0,
            None => String::from_utf8_lossy(body),
        },
    }
}

fn latin1(body: &[u8]) -> String {
    body.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(content_type: &str, body: &[u8]) -> ErrorFields {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, content_type.parse().expect("value"));
        read(400, &headers, body)
    }

    #[test]
    fn falsy_values_give_way_to_status_and_text() {
        for falsy in [
            "0", "false", "\"\"", "[]", "{}", "-0", "0.0", "-0.0", "null",
        ] {
            let body = format!(r#"{{"error_code":{falsy},"error_msg":{falsy}}}"#);
            let f = fields("application/json", body.as_bytes());
            assert_eq!(f.error_code.as_deref(), Some("400"), "{body}");
            assert_eq!(f.error_msg.as_deref(), Some(body.as_str()), "{body}");
        }
    }

    #[test]
    fn charsets() {
        let (gbk, _, _) = encoding_rs::GBK.encode(r#"{"error_code":"E.1","error_msg":"参数错误"}"#);
        let f = fields("application/json;charset=GBK", &gbk);
        assert_eq!(f.error_msg.as_deref(), Some("参数错误"));
        let f = fields(
            "application/json",
            b"{\"error_code\":\"E.2\",\"error_msg\":\"bad \xff byte\"}",
        );
        assert_eq!(
            (f.error_code.as_deref(), f.error_msg.as_deref()),
            (Some("E.2"), Some("bad \u{fffd} byte"))
        );
        let f = fields("text/plain", b"caf\xe9");
        assert_eq!(f.error_msg.as_deref(), Some("café"));
    }

    #[test]
    fn request_ids_are_joined() {
        let mut headers = HeaderMap::new();
        headers.append("x-request-id", "a".parse().expect("value"));
        headers.append("X-Request-Id", "b".parse().expect("value"));
        assert_eq!(read(500, &headers, b"").request_id.as_deref(), Some("a, b"));
    }
}
