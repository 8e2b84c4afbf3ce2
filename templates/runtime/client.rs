//! The HTTP client: builds, signs and sends requests, and hands answers back to generated code.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::credentials::Credentials;
use super::error::{BuildError, DecodeError, Error, InvalidRequest, ServiceError, TransportError};
use super::request::Request;
use super::region::{Region, Service};
use super::signer;

/// `User-Agent` sent unless the builder sets another.
const DEFAULT_USER_AGENT: &str = concat!("huaweicloud-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A configured client for one service. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static Service,
    http: reqwest::Client,
    /// `scheme://authority` of the endpoint, as given.
    base: String,
    /// The endpoint's authority, sent and signed as `Host`.
    host: String,
    credentials: Option<Credentials>,
    user_agent: String,
    signing_time: Option<SystemTime>,
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

    /// Signs and sends `request`. Every answer, whatever its status, comes back as `Ok`.
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        if let Some(e) = request.error {
            return Err(Error::InvalidRequest(e));
        }
        let inner = &self.inner;
        let span = tracing::info_span!(
            "request",
            service = inner.service.name,
            method = %request.method,
            path = request.template,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        async move {
            let prepared = self.prepare(request)?;
            let started = std::time::Instant::now();
            let answer = inner
                .http
                .execute(prepared)
                .await
                .map_err(TransportError::new)?;
            let status = answer.status().as_u16();
            let headers = answer.headers().clone();
            let body = answer.bytes().await.map_err(TransportError::new)?;
            let response = Response {
                status,
                headers,
                body,
            };
            let span = tracing::Span::current();
            span.record("status", status);
            if let Some(id) = response.request_id() {
                span.record("request_id", id);
            }
            tracing::debug!(latency_ms = started.elapsed().as_millis() as u64, "answered");
            Ok(response)
        }
        .instrument(span)
        .await
    }

    /// Adds the standard and credential headers, signs, and builds the `reqwest` request.
    fn prepare(&self, request: Request) -> Result<reqwest::Request, InvalidRequest> {
        let inner = &self.inner;
        let mut headers = request.headers;
        headers.push(("User-Agent".into(), inner.user_agent.clone()));
        let content_type = match &request.body {
            Some((ct, _)) => ct.clone(),
            None => "application/json".to_owned(),
        };
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
            headers.push(("Content-Type".into(), content_type));
        }
        if let Some(credentials) = &inner.credentials {
            for (name, value) in credentials.headers() {
                headers.push((name.to_owned(), value.to_owned()));
            }
        }
        let body = request.body.map(|(_, b)| b).unwrap_or_default();
        match inner.credentials.as_ref().and_then(Credentials::signing_keys) {
            Some((ak, sk)) => {
                let unsigned = signer::Unsigned {
                    method: request.method.as_str(),
                    host: &inner.host,
                    path: &request.path,
                    query: &request.query,
                    body: &body,
                };
                let time = inner.signing_time.unwrap_or_else(SystemTime::now);
                signer::sign(&unsigned, &mut headers, time, ak, sk);
            }
            None => headers.push(("Host".into(), inner.host.clone())),
        }
        let query = signer::canonical_query(&request.query);
        let mut url = format!("{}{}", inner.base, request.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let url = reqwest::Url::parse(&url)
            .map_err(|e| InvalidRequest::new(format!("cannot form the request URL: {e}")))?;
        let mut map = HeaderMap::with_capacity(headers.len());
        for (name, value) in &headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| InvalidRequest::new(format!("`{name}` is not a valid header name")))?;
            let header_value = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
                InvalidRequest::new(format!("the value of header `{name}` is not valid in HTTP"))
            })?;
            map.insert(header_name, header_value);
        }
        let mut out = reqwest::Request::new(request.method, url);
        *out.headers_mut() = map;
        if !body.is_empty() {
            *out.body_mut() = Some(body.into());
        }
        Ok(out)
    }
}

/// An answer, whatever its status.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
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
}
