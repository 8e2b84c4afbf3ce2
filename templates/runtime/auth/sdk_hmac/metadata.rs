//! Temporary AK/SK from the ECS instance metadata service, got as the official SDKs'
//! `MetadataCredentialProvider` gets them: a session token from
//! `PUT /meta-data/latest/api/token` (`X-Metadata-Token-Ttl-Seconds: 21600`; a 404, 405 or
//! 503 means the service takes requests without one), then
//! `GET /openstack/latest/securitykey` with `X-Metadata-Token`; a 401 (not the "configure an
//! agency" one) renews the token and asks once more. The keys are renewed when less than 40
//! minutes are left before they expire; clones share them, and one renewal serves every
//! caller waiting for it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::credentials::Credentials;
use super::env::CredentialsError;
use super::temporary::{Keys, Scope};
use crate::runtime::REDACTED;

/// Where the metadata service listens on an ECS instance.
const DEFAULT_ENDPOINT: &str = "http://169.254.169.254";
const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const KEY_PATH: &str = "/openstack/latest/securitykey";
/// The session token's lifetime asked for: 6 hours.
const TOKEN_TTL_SECONDS: &str = "21600";
/// How long the SDK waits before asking for a session token again after being told the
/// service has none.
const TOKEN_RETRY: Duration = Duration::from_secs(24 * 60 * 60);
/// The official SDK's connect and read timeouts.
const TIMEOUT: Duration = Duration::from_secs(3);
/// A 401 with this text is final: the instance has no agency to take keys from.
const NO_AGENCY: &str = "Please configure Cloud Service Agency first";

/// Temporary AK/SK and security token of the ECS instance the program runs on, renewed
/// before they expire. Use them as any other credentials:
/// `.credentials(MetadataCredentials::basic(project_id))`.
#[derive(Clone)]
pub struct MetadataCredentials {
    source: Arc<Source>,
    scope: Scope,
}

struct Source {
    endpoint: String,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    token: Option<String>,
    token_asked: Option<Instant>,
    keys: Option<Keys>,
}

impl MetadataCredentials {
    /// Project-scoped keys from the metadata service, for regional services.
    pub fn basic(project_id: impl Into<String>) -> Self {
        Self::with_scope(Scope::Project(project_id.into()))
    }

    /// Domain-scoped keys from the metadata service, for global services.
    pub fn global() -> Self {
        Self::with_scope(Scope::Domain(None))
    }

    fn with_scope(scope: Scope) -> Self {
        Self {
            source: Arc::new(Source {
                endpoint: DEFAULT_ENDPOINT.to_owned(),
                state: Mutex::new(State::default()),
            }),
            scope,
        }
    }

    /// Sets the account (domain) id of domain-scoped keys, sent as `X-Domain-Id`.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.scope = self.scope.with_domain_id(domain_id.into());
        self
    }

    /// Asks another metadata service (e.g. a test server); by default `http://169.254.169.254`.
    pub fn with_endpoint(self, endpoint: impl Into<String>) -> Self {
        Self {
            source: Arc::new(Source {
                endpoint: endpoint.into().trim_end_matches('/').to_owned(),
                state: Mutex::new(State::default()),
            }),
            scope: self.scope,
        }
    }

    /// The project id of project-scoped keys.
    pub fn project_id(&self) -> Option<&str> {
        self.scope.project_id()
    }

    /// The account (domain) id of domain-scoped keys, if set.
    pub fn domain_id(&self) -> Option<&str> {
        self.scope.domain_id()
    }

    /// The keys now valid, fetched or renewed when needed, as plain credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.source.keys().await?.credentials(&self.scope))
    }
}

impl fmt::Debug for MetadataCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetadataCredentials")
            .field("endpoint", &self.source.endpoint)
            .field("scope", &self.scope)
            .field("keys", &REDACTED)
            .finish()
    }
}

impl Source {
    /// The keys, renewed when they are no longer fresh. The lock is held while renewing, so
    /// concurrent callers wait for one renewal.
    async fn keys(&self) -> Result<Keys, CredentialsError> {
        let mut state = self.state.lock().await;
        if let Some(keys) = state.keys.as_ref().filter(|k| k.fresh()) {
            return Ok(keys.clone());
        }
        let http = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT * 2)
            .build()
            .map_err(|e| fail(format!("cannot set up HTTP: {e}")))?;
        let keys = self.fetch(&http, &mut state).await?;
        state.keys = Some(keys.clone());
        Ok(keys)
    }

    async fn fetch(
        &self,
        http: &reqwest::Client,
        state: &mut State,
    ) -> Result<Keys, CredentialsError> {
        let token_due = state
            .token_asked
            .is_none_or(|at| at.elapsed() > TOKEN_RETRY);
        if state.token.is_none() && token_due {
            self.renew_token(http, state, false).await?;
        }
        let (mut status, mut text) = self.security_key(http, state.token.as_deref()).await?;
        if status == 401 && !text.contains(NO_AGENCY) {
            self.renew_token(http, state, true).await?;
            (status, text) = self.security_key(http, state.token.as_deref()).await?;
        }
        if status >= 400 {
            return Err(fail(format!(
                "{KEY_PATH} answered {status}: {}",
                excerpt(&text)
            )));
        }
        let value =
            serde_json::from_str(&text).map_err(|_| fail("the answer is not JSON".to_owned()))?;
        Keys::from_answer(&value).map_err(fail)
    }

    /// Asks for a session token. A 404, 405 or 503 leaves none (the service does not use
    /// them) unless one is `required`.
    async fn renew_token(
        &self,
        http: &reqwest::Client,
        state: &mut State,
        required: bool,
    ) -> Result<(), CredentialsError> {
        state.token_asked = Some(Instant::now());
        let answer = http
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header("X-Metadata-Token-Ttl-Seconds", TOKEN_TTL_SECONDS)
            .send()
            .await
            .map_err(|e| fail(format!("{TOKEN_PATH}: {}", e.without_url())))?;
        let status = answer.status().as_u16();
        let text = answer
            .text()
            .await
            .map_err(|e| fail(format!("{TOKEN_PATH}: {}", e.without_url())))?;
        match status {
            200 => state.token = Some(text),
            404 | 405 | 503 if !required => state.token = None,
            _ => {
                return Err(fail(format!(
                    "{TOKEN_PATH} answered {status}: {}",
                    excerpt(&text)
                )))
            }
        }
        Ok(())
    }

    async fn security_key(
        &self,
        http: &reqwest::Client,
        token: Option<&str>,
    ) -> Result<(u16, String), CredentialsError> {
        let mut request = http.get(format!("{}{KEY_PATH}", self.endpoint));
        if let Some(token) = token {
            request = request.header("X-Metadata-Token", token);
        }
        let answer = request
            .send()
            .await
            .map_err(|e| fail(format!("{KEY_PATH}: {}", e.without_url())))?;
        let status = answer.status().as_u16();
        let text = answer
            .text()
            .await
            .map_err(|e| fail(format!("{KEY_PATH}: {}", e.without_url())))?;
        Ok((status, text))
    }
}

fn fail(message: String) -> CredentialsError {
    CredentialsError::new(format!("the ECS metadata service: {message}"))
}

/// The start of an error answer, for messages (error answers carry no keys).
fn excerpt(text: &str) -> String {
    text.chars().take(200).collect()
}
