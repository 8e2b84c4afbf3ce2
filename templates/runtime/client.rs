//! The HTTP client: builds, signs and sends requests, and hands answers back to generated code.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::credentials::Credentials;
use super::error::{BuildError, DecodeError, Error, InvalidRequest, ServiceError};
use super::region::{Region, Service};
use super::retry::{RetryPolicy, Timeouts};

/// The largest answer body read by default: 16 MiB.
const DEFAULT_MAX_BODY_BYTES: usize = 16 << 20;

/// `User-Agent` sent unless the builder sets another.
const DEFAULT_USER_AGENT: &str = concat!("huaweicloud-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A configured client for one service. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) service: &'static Service,
    pub(super) http: reqwest::Client,
    /// `scheme://authority` of the endpoint, as given.
    pub(super) base: String,
    /// The endpoint's authority, sent and signed as `Host`.
    pub(super) host: String,
    pub(super) credentials: Option<Credentials>,
    pub(super) user_agent: String,
    pub(super) signing_time: Option<SystemTime>,
    pub(super) timeouts: Timeouts,
    pub(super) retry: RetryPolicy,
    pub(super) max_body_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.name)
            .field("endpoint", &self.inner.base)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] and turns it into the service client `C`.
pub struct ClientBuilder<C = Client> {
    service: &'static Service,
    credentials: Option<Credentials>,
    region: Option<Region>,
    region_id: Option<String>,
    endpoint: Option<String>,
    user_agent: Option<String>,
    signing_time: Option<SystemTime>,
    allow_http: bool,
    http: Option<reqwest::Client>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    max_body_bytes: usize,
    target: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("region_id", &self.region_id)
            .field("endpoint", &self.endpoint)
            .field("allow_http", &self.allow_http)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `service`; generated clients call this from their `builder()`.
    pub fn new(service: &'static Service) -> Self {
        Self {
            service,
            credentials: None,
            region: None,
            region_id: None,
            endpoint: None,
            user_agent: None,
            signing_time: None,
            allow_http: false,
            http: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            target: PhantomData,
        }
    }

    /// The credentials that sign (or authenticate) every request.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// A region from the service's `regions` module.
    ///
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` overrides its endpoint, as in the official
    /// SDKs.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// A region by id, e.g. `cn-north-4`, looked up when the client is built: first in the
    /// environment (`HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`), then in the service's table.
    pub fn region_id(mut self, id: impl Into<String>) -> Self {
        self.region_id = Some(id.into());
        self
    }

    /// An explicit endpoint URL; it wins over any region.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The `User-Agent` header (default `huaweicloud-sdk-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Signs every request as made at `time` instead of now: for reproducible tests and for
    /// comparing signatures with another implementation.
    pub fn signing_time(mut self, time: SystemTime) -> Self {
        self.signing_time = Some(time);
        self
    }

    /// Allows `http://` endpoints (refused by default: requests would travel unencrypted).
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// The timeout of one attempt: sending and reading the whole answer (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// The timeout of a whole call, retries and waits included (default 120 s).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.total = timeout;
        self
    }

    /// When to retry (default [`RetryPolicy::default`]; [`RetryPolicy::disabled`] for none).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest answer body read, in bytes (default 16 MiB); a larger one is an error and
    /// is not read into memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// A `reqwest` client to send with, for proxies or custom TLS roots. It should not follow
    /// redirects: a signed request must not go elsewhere.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    fn resolve_endpoint(&self) -> Result<String, BuildError> {
        if let Some(endpoint) = &self.endpoint {
            return Ok(endpoint.clone());
        }
        if let Some(region) = &self.region {
            return Ok(self
                .service
                .endpoint(region.id)
                .unwrap_or_else(|| region.endpoint.to_owned()));
        }
        if let Some(id) = &self.region_id {
            return self.service.endpoint(id).ok_or_else(|| BuildError::UnknownRegion {
                region: id.clone(),
                known: self.service.regions.iter().map(|r| r.id.to_owned()).collect(),
            });
        }
        Err(BuildError::NoEndpoint)
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let keys = self.credentials.as_ref().and_then(Credentials::signing_keys);
        if keys.is_some_and(|(ak, sk)| ak.is_empty() || sk.is_empty()) {
            // The official signer refuses these too ("ak/sk is required in credentials").
            return Err(BuildError::InvalidCredentials("ak and sk must not be empty"));
        }
        let endpoint = self.resolve_endpoint()?;
        let (base, host) = split_endpoint(&endpoint, self.allow_http)?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.timeouts.connect)
                .build()
                .map_err(|e| BuildError::Http(e.to_string()))?,
        };
        let client = Client {
            inner: Arc::new(Inner {
                service: self.service,
                http,
                base,
                host,
                credentials: self.credentials,
                user_agent: self.user_agent.unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned()),
                signing_time: self.signing_time,
                timeouts: self.timeouts,
                retry: self.retry,
                max_body_bytes: self.max_body_bytes,
            }),
        };
        Ok(C::from(client))
    }
}

/// Checks an endpoint and splits it into `scheme://authority` and the authority.
fn split_endpoint(endpoint: &str, allow_http: bool) -> Result<(String, String), BuildError> {
    let url = reqwest::Url::parse(endpoint)
        .map_err(|e| BuildError::InvalidEndpoint(format!("`{endpoint}`: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(BuildError::InvalidEndpoint(format!(
                "`{endpoint}` is plain http; call allow_http(true) to permit it"
            )))
        }
        other => {
            return Err(BuildError::InvalidEndpoint(format!(
                "`{endpoint}`: scheme `{other}` is not http(s)"
            )))
        }
    }
    if url.host_str().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(BuildError::InvalidEndpoint(format!(
            "`{endpoint}` needs a host and no user info"
        )));
    }
    // The authority as written (the official SDK signs the endpoint's netloc unchanged).
    let rest = endpoint.split_once("://").map_or("", |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default().to_owned();
    Ok((format!("{}://{host}", url.scheme()), host))
}

impl Client {
    /// A value the credentials supply, such as `project_id` for `{project_id}` in paths.
    pub fn credential(&self, field: &str) -> Result<&str, InvalidRequest> {
        self.inner
            .credentials
            .as_ref()
            .and_then(|c| c.field(field))
            .ok_or_else(|| {
                InvalidRequest::new(format!(
                    "this operation needs `{field}` from the credentials, and they have none"
                ))
            })
    }
}

/// An answer, whatever its status.
#[derive(Debug, Clone)]
pub struct Response {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) attempts: u32,
}

impl Response {
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
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            // An empty body reads as JSON `null`: `Option` types accept it as `None`.
            serde_json::from_slice(b"null")
        } else {
            serde_json::from_slice(&self.body)
        }
    }

    /// The body as `T`, for a success status.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        self.decode().map_err(|e| {
            Error::Decode(DecodeError {
                status: self.status,
                message: e.to_string(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_their_authority_and_need_https() {
        assert_eq!(
            split_endpoint("https://dcs.cn-north-4.myhuaweicloud.com", false),
            Ok(("https://dcs.cn-north-4.myhuaweicloud.com".into(), "dcs.cn-north-4.myhuaweicloud.com".into()))
        );
        assert_eq!(
            split_endpoint("http://127.0.0.1:8080/", true),
            Ok(("http://127.0.0.1:8080".into(), "127.0.0.1:8080".into()))
        );
        assert!(split_endpoint("http://127.0.0.1:8080", false).is_err());
        assert!(split_endpoint("ftp://x", true).is_err());
        assert!(split_endpoint("not a url", true).is_err());
    }

    #[test]
    fn typed_header_values() {
        let mut headers = HeaderMap::new();
        headers.insert("link", "<https://x/?page=2>; rel=\"next\"".parse().expect("value"));
        headers.insert("x-total-count", "42".parse().expect("value"));
        headers.insert("x-flag", "true".parse().expect("value"));
        let response = Response {
            status: 200,
            headers,
            body: Bytes::new(),
            attempts: 1,
        };
        assert_eq!(
            response.header_as::<String>("Link").as_deref(),
            Some("<https://x/?page=2>; rel=\"next\"")
        );
        assert_eq!(response.header_as::<i64>("X-Total-Count"), Some(42));
        assert_eq!(response.header_as::<String>("X-Total-Count").as_deref(), Some("42"));
        assert_eq!(response.header_as::<bool>("X-Flag"), Some(true));
        assert_eq!(response.header_as::<i64>("X-Flag"), None);
        assert_eq!(response.header_as::<String>("X-Missing"), None);
    }
}
