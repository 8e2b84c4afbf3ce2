//! The fields of an error answer in a crate whose services do not say how they write errors:
//! the first `X-Request-Id`, and a code and message read from a JSON body that has a pair of
//! `error_code`/`error_msg`, `errorCode`/`errorMsg` or `code`/`message` (at its top, or in a
//! nested object); without one, the status and the body text.

use reqwest::header::HeaderMap;
use serde_json::{Map, Value};

use super::error::ErrorFields;

/// Reads an error answer's fields.
pub(crate) fn read(status: u16, headers: &HeaderMap, body: &[u8]) -> ErrorFields {
    let request_id = headers
        .get("x-request-id")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut fields = ErrorFields {
        request_id,
        ..ErrorFields::default()
    };
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
        search(&map, &mut fields);
    }
    let text = || String::from_utf8_lossy(body).into_owned();
    fields.error_code = Some(
        fields
            .error_code
            .take()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| status.to_string()),
    );
    fields.error_msg = Some(
        fields
            .error_msg
            .take()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(text),
    );
    fields
}

/// A value as text: a string as it is, anything else as JSON.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// One object: the encoded message, then the first complete pair of code and message;
/// without a pair, every nested object in turn (later ones overwrite).
fn search(map: &Map<String, Value>, fields: &mut ErrorFields) {
    if let Some(v) = map.get("encoded_authorization_message") {
        fields.encoded_authorization_message = text(v);
    }
    for (code, msg) in [
        ("error_code", "error_msg"),
        ("errorCode", "errorMsg"),
        ("code", "message"),
    ] {
        if let (Some(c), Some(m)) = (map.get(code), map.get(msg)) {
            fields.error_code = text(c);
            fields.error_msg = text(m);
            return;
        }
    }
    for value in map.values() {
        if let Value::Object(inner) = value {
            search(inner, fields);
        }
    }
}
