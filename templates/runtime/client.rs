//! The client and its builder: endpoint, credentials, timeouts and retries.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::auth::{AuthScheme, Learned, Learning, Schemes};
use super::endpoint::{check_variables, Base, Service};
use super::error::{BuildError, FieldError, InvalidRequest};
use super::request::HeaderText;
use super::retry::{RetryPolicy, Timeouts};

/// The largest answer body read by default: 16 MiB.
const DEFAULT_MAX_BODY_BYTES: usize = 16 << 20;

/// `User-Agent` sent unless the builder sets another: this crate's name and version.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A configured client for one service. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) service: &'static Service,
    pub(super) http: reqwest::Client,
    /// Where requests go unless an operation names servers of its own.
    pub(super) base: Base,
    /// The endpoint the builder was given, if any: operations with servers of their own use
    /// it too.
    pub(super) given: Option<Base>,
    /// Values of server variables.
    pub(super) variables: Vec<(String, String)>,
    pub(super) allow_http: bool,
    pub(super) schemes: Schemes,
    pub(super) region: Option<String>,
    /// Values the credentials learned (`AuthScheme::learn`): the fields the service uses
    /// and those the credentials learn first.
    pub(super) learned: Learned,
    /// Held while a value is being learned: one call learns it, the others wait for it.
    pub(super) learning: Mutex<()>,
    /// Borrowed when it is the default, so that attempts do not copy it.
    pub(super) user_agent: HeaderText,
    pub(super) fixed_time: Option<SystemTime>,
    pub(super) timeouts: Timeouts,
    pub(super) retry: RetryPolicy,
    pub(super) max_body_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("service", &inner.service.name)
            .field(
                "endpoint",
                &format!("{}{}", inner.base.origin, inner.base.path),
            )
            .field("credentials", &inner.schemes)
            .field("user_agent", &inner.user_agent)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] and turns it into the service client `C`.
///
/// Service clients add a method per security scheme of their spec (e.g. `.api_key(..)`), and
/// per server variable.
pub struct ClientBuilder<C = Client> {
    service: &'static Service,
    endpoint: Option<String>,
    /// An endpoint found by a lookup (such as a region table), used when none is given.
    pub(crate) located: Option<Result<String, BuildError>>,
    /// The region the client is for, when it was given one.
    pub(crate) region: Option<String>,
    variables: Vec<(String, String)>,
    schemes: Schemes,
    /// The time every attempt is made at, instead of now.
    pub(crate) fixed_time: Option<SystemTime>,
    user_agent: Option<String>,
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
            .field("endpoint", &self.endpoint)
            .field("variables", &self.variables)
            .field("credentials", &self.schemes)
            .field("allow_http", &self.allow_http)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `service`; generated clients call this from their `builder()`.
    pub fn new(service: &'static Service) -> Self {
        Self {
            service,
            endpoint: None,
            located: None,
            region: None,
            variables: Vec::new(),
            schemes: Schemes::default(),
            fixed_time: None,
            user_agent: None,
            allow_http: false,
            http: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            target: PhantomData,
        }
    }

    /// The base URL requests go to, e.g. `https://api.example.com/v2`; its path comes before
    /// every operation's path. When the spec's server is relative (`/api/v3`), an endpoint
    /// without a path is its host: `https://host` gives `https://host/api/v3`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Sets a variable of the spec's server URLs, e.g. `("region", "eu-1")`. Unset variables
    /// keep their defaults; a value the spec does not allow fails the build.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }

    /// Authenticates with `scheme` wherever an operation accepts the security scheme `name`
    /// (its name in the spec's `securitySchemes`).
    pub fn authorization(mut self, name: &'static str, scheme: impl AuthScheme) -> Self {
        self.schemes.set(name, Arc::new(scheme));
        self
    }

    /// The `User-Agent` header (default `<crate>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
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

    /// A `reqwest` client to send with, for proxies, custom TLS roots or client certificates
    /// (mutual TLS). It should not follow redirects: a signed request must not go elsewhere.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        self.schemes.check()?;
        if !self.schemes.is_empty() {
            let region = self.region.as_deref();
            let missing = self.service.fields.iter().find(|field| {
                self.schemes.field(field).is_none() && self.schemes.learner(field, region).is_none()
            });
            if let Some(field) = missing {
                return Err(BuildError::MissingCredentialField((*field).to_owned()));
            }
        }
        check_variables(self.service.servers, &self.variables)?;
        let given = match (self.endpoint, self.located) {
            (Some(endpoint), _) => Some(Base::parse(&endpoint, self.allow_http)?),
            (None, Some(located)) => Some(Base::parse(&located?, self.allow_http)?),
            (None, None) => None,
        };
        let base = Base::resolve(
            given.as_ref(),
            self.service.servers.first(),
            &self.variables,
            self.allow_http,
        )?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.timeouts.connect)
                .build()
                .map_err(|e| BuildError::Http(e.to_string()))?,
        };
        let learned = Learned::new(
            self.service
                .fields
                .iter()
                .copied()
                .chain(self.schemes.learned_first(self.region.as_deref())),
        );
        let client = Client {
            inner: Arc::new(Inner {
                service: self.service,
                http,
                base,
                given,
                variables: self.variables,
                allow_http: self.allow_http,
                schemes: self.schemes,
                region: self.region,
                learned,
                learning: Mutex::new(()),
                user_agent: self
                    .user_agent
                    .map_or(HeaderText::Borrowed(DEFAULT_USER_AGENT), HeaderText::Owned),
                fixed_time: self.fixed_time,
                timeouts: self.timeouts,
                retry: self.retry,
                max_body_bytes: self.max_body_bytes,
            }),
        };
        Ok(C::from(client))
    }
}

impl Client {
    /// A value the credentials supply, such as `project_id` for `{project_id}` in paths: held
    /// by them, or learned once (the first call waits for it) and kept for the client and its
    /// clones.
    pub(crate) async fn credential(&self, field: &str) -> Result<Cow<'_, str>, FieldError> {
        let inner = &*self.inner;
        if let Some(value) = inner.schemes.field(field) {
            return Ok(Cow::Borrowed(value));
        }
        if let Some(value) = inner.learned.get(field) {
            return Ok(Cow::Borrowed(value));
        }
        let _learning = inner.learning.lock().await;
        // Learned by another call while this one waited.
        if let Some(value) = inner.learned.get(field) {
            return Ok(Cow::Borrowed(value));
        }
        let region = inner.region.as_deref();
        let (Some(scheme), Some(region)) = (inner.schemes.learner(field, region), region) else {
            return Err(FieldError::Missing(InvalidRequest::new(format!(
                "this operation needs `{field}` from the credentials, and they have none"
            ))));
        };
        let learning = Learning {
            region,
            http: &inner.http,
            user_agent: &inner.user_agent,
            allow_http: inner.allow_http,
            now: inner.fixed_time.unwrap_or_else(SystemTime::now),
        };
        let value = scheme
            .learn(field, learning)
            .await
            .map_err(FieldError::Learning)?;
        // A field the client keeps no room for is learned again by the next call that needs it.
        Ok(match inner.learned.set(field, value) {
            Ok(kept) => Cow::Borrowed(kept),
            Err(value) => Cow::Owned(value),
        })
    }
}
