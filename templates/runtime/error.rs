//! Errors: what went wrong before sending, on the way, or in the service's answer.
//!
//! No error message includes a secret: credentials, signatures and tokens are never part of
//! what is formatted here.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;

use super::auth::AuthError;

/// Everything an operation can fail with. `E` is the operation's typed error body.
#[derive(Debug)]
pub enum Error<E> {
    /// The request was not sent: a parameter or the credentials do not allow it.
    InvalidRequest(InvalidRequest),
    /// The request was not sent: its credentials could not be had (a token provider failed).
    Auth(AuthError),
    /// The request could not be sent, or the answer not read.
    Transport(TransportError),
    /// The service answered with a status that is not a documented success.
    Service(Box<ServiceError<E>>),
    /// The service answered with a success status, but the body did not match its schema.
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// How many attempts were made, when the request was sent at all.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::Service(e) => Some(e.attempts),
            Self::Transport(e) => Some(e.attempts),
            _ => None,
        }
    }

    /// The `X-Request-Id` of the answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(e) => write!(f, "invalid request: {e}"),
            Self::Auth(e) => write!(f, "cannot authorize the request: {e}"),
            Self::Transport(e) => write!(f, "transport error: {e}"),
            Self::Service(e) => write!(f, "{e}"),
            Self::Decode(e) => write!(f, "{e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(e: InvalidRequest) -> Self {
        Self::InvalidRequest(e)
    }
}

/// Why a value the credentials supply to a request (such as `project_id`) could not be had.
#[derive(Debug)]
pub(crate) enum FieldError {
    /// The credentials have none.
    Missing(InvalidRequest),
    /// Learning it failed.
    Learning(AuthError),
}

impl<E> From<FieldError> for Error<E> {
    fn from(e: FieldError) -> Self {
        match e {
            FieldError::Missing(e) => Self::InvalidRequest(e),
            FieldError::Learning(e) => Self::Auth(e),
        }
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(e: TransportError) -> Self {
        Self::Transport(e)
    }
}

/// A request that was refused before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    message: String,
}

impl InvalidRequest {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidRequest {}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// No connection could be made: the request was not sent.
    Connect,
    /// The TLS handshake failed (a certificate the client does not trust, a refused
    /// protocol): the request was not sent, and trying again cannot help.
    Tls,
    /// A timeout expired: the connect, attempt or total timeout.
    Timeout,
    /// The answer's body was larger than the client's limit; it was not read.
    BodyTooLarge,
    /// Anything else: the connection broke, the answer was not HTTP, ...
    Other,
}

/// The request could not be sent, or the answer could not be read.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<reqwest::Error>,
    attempts: u32,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> Self {
        let kind = if source.is_timeout() {
            TransportErrorKind::Timeout
        } else if is_tls(&source) {
            TransportErrorKind::Tls
        } else if source.is_connect() {
            TransportErrorKind::Connect
        } else {
            TransportErrorKind::Other
        };
        // The URL holds nothing secret, but errors are for messages: leave it out.
        Self {
            kind,
            message: String::new(),
            source: Some(source.without_url()),
            attempts: 1,
        }
    }

    pub(crate) fn timeout(message: &str) -> Self {
        Self {
            kind: TransportErrorKind::Timeout,
            message: message.to_owned(),
            source: None,
            attempts: 1,
        }
    }

    pub(crate) fn too_large(limit: usize) -> Self {
        Self {
            kind: TransportErrorKind::BodyTooLarge,
            message: format!("the answer's body is larger than {limit} bytes"),
            source: None,
            attempts: 1,
        }
    }

    /// The same error, made final after `attempts` attempts.
    pub(crate) fn after(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// Whether a failure came from TLS: a rustls error anywhere in its chain of causes. An
/// `io::Error` hides the error it wraps from `source()`, so those are opened instead.
fn is_tls(error: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(c) = cause {
        if c.is::<rustls::Error>() {
            return true;
        }
        cause = match c
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner),
            None => c.source(),
        };
    }
    false
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            if !self.message.is_empty() {
                f.write_str(": ")?;
            }
            write!(f, "{source}")?;
            let mut cause = std::error::Error::source(source);
            while let Some(c) = cause {
                write!(f, ": {c}")?;
                cause = c.source();
            }
        }
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(f, " (after {} attempt{plural})", self.attempts)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// A success status whose body does not match the documented type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The HTTP status.
    pub status: u16,
    /// What did not match.
    pub message: String,
    /// The raw body.
    pub body: Bytes,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the body of a {} answer: {}",
            self.status, self.message
        )
    }
}

impl std::error::Error for DecodeError {}

/// The service answered with an error status.
///
/// `error_code`, `error_msg` and `encoded_authorization_message` are read from the body as the
/// official SDK reads them; `kind` is the body typed by the status the API documents.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError<E> {
    /// The HTTP status.
    pub status: u16,
    /// The `X-Request-Id` header.
    pub request_id: Option<String>,
    /// The service's error code, or the status when the body has none.
    pub error_code: Option<String>,
    /// The service's error message, or the body text when it has none.
    pub error_msg: Option<String>,
    /// The encoded authorization message of a permission error.
    pub encoded_authorization_message: Option<String>,
    /// The raw body.
    pub body: Bytes,
    /// How many attempts were made (retries of 429, 503 and, for idempotent methods, 5xx).
    pub attempts: u32,
    /// The body, typed by the documented status.
    pub kind: E,
}

impl<E> ServiceError<E> {
    /// Builds the error, its fields read as this crate's services write them.
    pub(crate) fn new(
        status: u16,
        headers: &HeaderMap,
        body: Bytes,
        attempts: u32,
        kind: E,
    ) -> Self {
        let fields = super::error_fields::read(status, headers, &body);
        Self {
            status,
            request_id: fields.request_id,
            error_code: fields.error_code,
            error_msg: fields.error_msg,
            encoded_authorization_message: fields.encoded_authorization_message,
            body,
            attempts,
            kind,
        }
    }

    /// Whether the status is 4xx: the request should change before it is sent again.
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status)
    }

    /// Whether the status is 5xx: the service failed.
    pub fn is_server_error(&self) -> bool {
        self.status >= 500
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service answered {}", self.status)?;
        if let Some(code) = &self.error_code {
            write!(f, " ({code})")?;
        }
        if let Some(msg) = &self.error_msg {
            write!(f, ": {msg}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> std::error::Error for ServiceError<E> {}

/// What an error answer says besides its typed body.
#[derive(Debug, Default)]
pub(crate) struct ErrorFields {
    pub(crate) request_id: Option<String>,
    pub(crate) error_code: Option<String>,
    pub(crate) error_msg: Option<String>,
    pub(crate) encoded_authorization_message: Option<String>,
}

/// Why a client could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// No endpoint was given and the spec names no server.
    NoEndpoint,
    /// No endpoint was given and the spec's server is only a path (e.g. `/api/v3`): the
    /// endpoint must name the host.
    RelativeServer(String),
    /// A server variable was set that no server of the spec has.
    UnknownServerVariable {
        /// The variable set.
        name: String,
        /// The variables the servers have.
        known: Vec<String>,
    },
    /// A server variable was given a value the spec does not allow.
    InvalidServerVariable {
        /// The variable.
        name: String,
        /// The value given.
        value: String,
        /// The values allowed.
        allowed: Vec<String>,
    },
    /// The region is not known to this service and no environment variable defines it.
    UnknownRegion {
        /// The region asked for.
        region: String,
        /// The regions the service knows.
        known: Vec<String>,
    },
    /// The endpoint is not an absolute `https://` URL (or `http://` when allowed) without user
    /// info, query or fragment.
    InvalidEndpoint(String),
    /// The credentials cannot be used (empty keys, line breaks, ...).
    InvalidCredentials(String),
    /// The service's operations need a value from the credentials (such as `project_id`)
    /// that they neither hold nor can learn for this client.
    MissingCredentialField(String),
    /// The HTTP client could not be set up.
    Http(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoEndpoint => f.write_str("no endpoint was given, and the spec names no server"),
            Self::RelativeServer(url) => write!(
                f,
                "the spec's server `{url}` is a path only; give the host with endpoint(..)"
            ),
            Self::UnknownServerVariable { name, known } => write!(
                f,
                "server variable `{name}` is not known; known variables: {}",
                known.join(", ")
            ),
            Self::InvalidServerVariable {
                name,
                value,
                allowed,
            } => write!(
                f,
                "`{value}` is not allowed for server variable `{name}`; allowed: {}",
                allowed.join(", ")
            ),
            Self::UnknownRegion { region, known } => write!(
                f,
                "region `{region}` is not known; known regions: {}",
                known.join(", ")
            ),
            Self::InvalidEndpoint(why) => write!(f, "invalid endpoint: {why}"),
            Self::InvalidCredentials(why) => write!(f, "invalid credentials: {why}"),
            Self::MissingCredentialField(field) => write!(
                f,
                "the service's operations need `{field}` from the credentials, which neither \
                 hold it nor can learn it for this client: set it on the credentials (or give \
                 the client a region, for credentials that look it up)"
            ),
            Self::Http(why) => write!(f, "cannot set up the HTTP client: {why}"),
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(status: u16, body: &str, request_id: Option<&str>) -> ServiceError<()> {
        let mut headers = HeaderMap::new();
        if let Some(id) = request_id {
            headers.insert("X-Request-Id", id.parse().expect("header value"));
        }
        ServiceError::new(status, &headers, Bytes::from(body.to_owned()), 1, ())
    }

    #[test]
    fn pairs_in_order_of_preference() {
        let e = decode(
            400,
            r#"{"error_code":"A","error_msg":"a","code":"C","message":"c"}"#,
            Some("r1"),
        );
        assert_eq!(
            (e.error_code.as_deref(), e.error_msg.as_deref()),
            (Some("A"), Some("a"))
        );
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        let e = decode(400, r#"{"errorCode":"B","errorMsg":"b"}"#, None);
        assert_eq!(
            (e.error_code.as_deref(), e.error_msg.as_deref()),
            (Some("B"), Some("b"))
        );
        let e = decode(500, r#"{"error":{"code":"C","message":"c"}}"#, None);
        assert_eq!(
            (e.error_code.as_deref(), e.error_msg.as_deref()),
            (Some("C"), Some("c"))
        );
        assert!(e.is_server_error());
    }

    #[test]
    fn fallbacks_are_status_and_body_text() {
        let e = decode(403, r#"{"error_code":"only"}"#, None);
        assert_eq!(e.error_code.as_deref(), Some("403"));
        assert_eq!(e.error_msg.as_deref(), Some(r#"{"error_code":"only"}"#));
        let e = decode(502, "<html>bad gateway</html>", None);
        assert_eq!(e.error_code.as_deref(), Some("502"));
        assert_eq!(e.error_msg.as_deref(), Some("<html>bad gateway</html>"));
        let e = decode(404, "", None);
        assert_eq!(
            (e.error_code.as_deref(), e.error_msg.as_deref()),
            (Some("404"), Some(""))
        );
    }

    #[test]
    fn encoded_authorization_message_is_kept() {
        let e = decode(
            403,
            r#"{"error_code":"SMS.9004","error_msg":"m","encoded_authorization_message":"XX"}"#,
            None,
        );
        assert_eq!(e.encoded_authorization_message.as_deref(), Some("XX"));
        assert!(e.is_client_error());
    }
}
