//! Answers as the client reads them: status, headers, body, and typed decoding.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::{DecodeError, Error, ServiceError};
use super::request::SECRET_HEADERS;
use super::REDACTED;

/// An answer, whatever its status.
#[derive(Clone)]
pub struct Response {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) attempts: u32,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &debug_headers(&self.headers))
            .field("body", &format_args!("{} bytes", self.body.len()))
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// Answer headers as `Debug` shows them: secrets (`Set-Cookie`, tokens) redacted.
pub(super) fn debug_headers(headers: &HeaderMap) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(name, value)| {
            let secret = SECRET_HEADERS.contains(&name.as_str());
            let value = if secret {
                REDACTED
            } else {
                value.to_str().unwrap_or("<not text>")
            };
            (name.as_str(), value)
        })
        .collect()
}

impl Response {
    /// An answer made of its parts, as if a service had sent it in one attempt: for tests of
    /// code that handles a client's answers, and for decoding answers obtained another way.
    pub fn from_parts(status: u16, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
            attempts: 1,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// How many attempts the call took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// A header's value as `T`: read as JSON first (numbers, booleans), else as a string.
    /// `None` when the header is absent or is not a `T`.
    pub fn header_as<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let text = self.headers.get(name)?.to_str().ok()?;
        serde_json::from_str(text)
            .ok()
            .or_else(|| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok())
    }

    /// The `X-Request-Id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            // An empty body reads as JSON `null` (`Option` types take it as `None`), else as
            // `{}` (a struct whose fields are all optional), as the official SDKs make an
            // empty answer object of it.
            serde_json::from_slice(b"null")
                .or_else(|e| serde_json::from_slice(b"{}").map_err(|_| e))
        } else {
            serde_json::from_slice(&self.body)
        }
    }

    /// The `Content-Type` of the answer, if it has one.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
    }

    /// The body as `T`, for a success status. A body that is not JSON fails with a message
    /// naming its media type.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        self.decode().map_err(|e| {
            let essence = self
                .content_type()
                .and_then(|c| c.split(';').next())
                .map(|c| c.trim().to_ascii_lowercase())
                .filter(|c| c != "application/json" && !c.ends_with("+json"));
            let message = match essence {
                Some(media) => {
                    format!("the answer is `{media}`, which this client cannot read as JSON ({e})")
                }
                None => e.to_string(),
            };
            Error::Decode(DecodeError {
                status: self.status,
                message,
                body: self.body.clone(),
            })
        })
    }

    /// The body as text, for a success status.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec()).map_err(|e| {
            Error::Decode(DecodeError {
                status: self.status,
                message: e.to_string(),
                body: self.body.clone(),
            })
        })
    }

    /// The body as `T`, if it is one.
    pub fn parse<T: DeserializeOwned>(&self) -> Option<T> {
        self.decode().ok()
    }

    /// The answer as a service error whose body, read as `T`, becomes `variant(body)`; a body
    /// that is not a `T` gives `fallback`.
    pub fn into_typed_error<T: DeserializeOwned, E>(
        self,
        variant: impl FnOnce(T) -> E,
        fallback: E,
    ) -> Error<E> {
        let kind = self.parse().map_or(fallback, variant);
        self.into_error(kind)
    }

    /// The answer as a service error whose text body becomes `variant(text)` (a `text/*`
    /// error response); a body that is not UTF-8 gives `fallback`.
    pub fn into_text_error<E>(self, variant: impl FnOnce(String) -> E, fallback: E) -> Error<E> {
        let kind = std::str::from_utf8(&self.body).map_or(fallback, |t| variant(t.to_owned()));
        self.into_error(kind)
    }

    /// The answer as a service error whose raw body becomes `variant(bytes)`.
    pub fn into_bytes_error<E>(self, variant: impl FnOnce(Vec<u8>) -> E) -> Error<E> {
        let kind = variant(self.body.to_vec());
        self.into_error(kind)
    }

    /// The answer as a service error whose typed body is `kind`.
    pub fn into_error<E>(self, kind: E) -> Error<E> {
        Error::Service(Box::new(ServiceError::new(
            self.status,
            &self.headers,
            self.body,
            self.attempts,
            kind,
        )))
    }

    /// The answer, not a documented success, as the operation's error (`E` reads its status
    /// and body).
    pub fn into_operation_error<E: OperationError>(self) -> Error<E> {
        E::from_response(self)
    }
}

/// An operation's error enum: a variant per error response the API documents, read from an
/// answer by its status. Operations that document the same error responses share one.
pub trait OperationError: Sized {
    /// Reads an answer that is not one of the operation's documented successes.
    fn from_response(response: Response) -> Error<Self>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_of_other_media_types_name_them() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            "application/xml; charset=utf-8".parse().expect("value"),
        );
        let response = Response::from_parts(200, headers, &b"<pet><id>1</id></pet>"[..]);
        let Err(Error::Decode(e)) = response.json::<serde_json::Value, ()>() else {
            panic!("XML is not JSON");
        };
        assert!(e.message.contains("`application/xml`"), "{}", e.message);
    }

    #[test]
    fn numbers_are_read_exactly() {
        // Found by fuzzing: without serde_json's `float_roundtrip`, this reads one unit in the
        // last place off, so a value did not survive its own serialization.
        let text = "1.1111111111111111e+21";
        let response = Response::from_parts(200, HeaderMap::new(), text);
        let value: f64 = response.json::<f64, ()>().expect("a number");
        assert_eq!(value, 1.1111111111111111e+21);
        assert_eq!(serde_json::to_string(&value).expect("JSON"), text);
    }

    #[test]
    fn typed_header_values() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "link",
            "<https://x/?page=2>; rel=\"next\"".parse().expect("value"),
        );
        headers.insert("x-total-count", "42".parse().expect("value"));
        headers.insert("x-flag", "true".parse().expect("value"));
        let response = Response::from_parts(200, headers, Bytes::new());
        assert_eq!(
            response.header_as::<String>("Link").as_deref(),
            Some("<https://x/?page=2>; rel=\"next\"")
        );
        assert_eq!(response.header_as::<i64>("X-Total-Count"), Some(42));
        assert_eq!(
            response.header_as::<String>("X-Total-Count").as_deref(),
            Some("42")
        );
        assert_eq!(response.header_as::<bool>("X-Flag"), Some(true));
        assert_eq!(response.header_as::<i64>("X-Flag"), None);
        assert_eq!(response.header_as::<String>("X-Missing"), None);
    }
}
