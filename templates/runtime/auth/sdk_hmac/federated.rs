//! Temporary AK/SK for a federated identity (OIDC), got as the official SDKs get them for
//! `HUAWEICLOUD_SDK_IDP_ID` and `HUAWEICLOUD_SDK_ID_TOKEN_FILE`: the id token (the file's
//! text, trimmed) is exchanged at IAM for an unscoped token,
//! `POST /v3.0/OS-AUTH/id-token/tokens` with `X-Idp-Id` (the token comes back in
//! `X-Subject-Token`), and that token for keys valid 6 hours,
//! `POST /v3.0/OS-CREDENTIAL/securitytokens`. Neither request is signed. The keys are renewed
//! (the file read again) when less than 40 minutes are left; clones share them.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::Mutex;

use super::credentials::Credentials;
use super::env::CredentialsError;
use super::temporary::{Keys, Scope};
use crate::runtime::REDACTED;

/// The IAM endpoint used unless one is set (the SDK does not pick it by region here).
const DEFAULT_IAM: &str = "https://iam.myhuaweicloud.com";
const IAM_VARIABLE: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
const TOKEN_PATH: &str = "/v3.0/OS-AUTH/id-token/tokens";
const KEYS_PATH: &str = "/v3.0/OS-CREDENTIAL/securitytokens";
/// How long the keys asked for are valid: 6 hours.
const DURATION_SECONDS: u32 = 6 * 60 * 60;
const TIMEOUT: Duration = Duration::from_secs(30);
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Temporary AK/SK of a federated identity: an identity provider (`idp_id`) and the file
/// holding its OIDC id token, exchanged at IAM. Use them as any other credentials.
#[derive(Clone)]
pub struct FederatedCredentials {
    source: Arc<Source>,
    scope: Scope,
}

struct Source {
    idp_id: String,
    id_token_file: PathBuf,
    iam_endpoint: Option<String>,
    keys: Mutex<Option<Keys>>,
}

impl FederatedCredentials {
    /// Project-scoped keys for regional services (an empty project id is learned from IAM).
    pub fn basic(
        idp_id: impl Into<String>,
        id_token_file: impl Into<PathBuf>,
        project_id: impl Into<String>,
    ) -> Self {
        Self::new(
            idp_id.into(),
            id_token_file.into(),
            Scope::Project(project_id.into()),
        )
    }

    /// Domain-scoped keys for global services.
    pub fn global(idp_id: impl Into<String>, id_token_file: impl Into<PathBuf>) -> Self {
        Self::new(idp_id.into(), id_token_file.into(), Scope::Domain(None))
    }

    fn new(idp_id: String, id_token_file: PathBuf, scope: Scope) -> Self {
        Self {
            source: Arc::new(Source {
                idp_id,
                id_token_file,
                iam_endpoint: None,
                keys: Mutex::new(None),
            }),
            scope,
        }
    }

    /// Sets the account (domain) id of domain-scoped keys, sent as `X-Domain-Id`.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.scope = self.scope.with_domain_id(domain_id.into());
        self
    }

    /// The IAM endpoint of the exchange (default `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else
    /// `https://iam.myhuaweicloud.com`).
    pub fn with_iam_endpoint(self, endpoint: impl Into<String>) -> Self {
        Self {
            source: Arc::new(Source {
                idp_id: self.source.idp_id.clone(),
                id_token_file: self.source.id_token_file.clone(),
                iam_endpoint: Some(endpoint.into()),
                keys: Mutex::new(None),
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

    /// The keys now valid, exchanged or renewed when needed, as plain credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut keys = self.source.keys.lock().await;
        if let Some(fresh) = keys.as_ref().filter(|k| k.fresh()) {
            return Ok(fresh.clone().credentials(&self.scope));
        }
        let fetched = self.source.exchange().await?;
        *keys = Some(fetched.clone());
        Ok(fetched.credentials(&self.scope))
    }
}

impl fmt::Debug for FederatedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FederatedCredentials")
            .field("idp_id", &self.source.idp_id)
            .field("id_token_file", &self.source.id_token_file)
            .field("iam_endpoint", &self.source.iam_endpoint)
            .field("scope", &self.scope)
            .field("keys", &REDACTED)
            .finish()
    }
}

fn fail(message: String) -> CredentialsError {
    CredentialsError::new(format!("the OIDC exchange at IAM: {message}"))
}

impl Source {
    async fn exchange(&self) -> Result<Keys, CredentialsError> {
        let shown = self.id_token_file.display();
        let id_token = std::fs::read_to_string(&self.id_token_file)
            .map_err(|e| fail(format!("the id token file '{shown}' cannot be read: {e}")))?;
        let id_token = id_token.trim();
        if id_token.is_empty() {
            return Err(fail(format!("the id token file '{shown}' is empty")));
        }
        let endpoint = self
            .iam_endpoint
            .clone()
            .or_else(|| std::env::var(IAM_VARIABLE).ok().filter(|e| !e.is_empty()))
            .unwrap_or_else(|| DEFAULT_IAM.to_owned());
        let url = reqwest::Url::parse(&endpoint)
            .map_err(|_| fail(format!("`{endpoint}` is not a URL")))?;
        let origin = url.origin().ascii_serialization();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| fail(format!("cannot set up HTTP: {e}")))?;
        let post = |path: &str, body: Value| {
            http.post(format!("{origin}{path}"))
                .header("Content-Type", "application/json;charset=UTF-8")
                .header("User-Agent", USER_AGENT)
                .body(body.to_string())
        };
        let token_request = post(TOKEN_PATH, json!({"auth": {"id_token": {"id": id_token}}}))
            .header("X-Idp-Id", self.idp_id.as_str());
        let answer = token_request
            .send()
            .await
            .map_err(|e| fail(format!("{TOKEN_PATH}: {}", e.without_url())))?;
        let status = answer.status().as_u16();
        let token = answer
            .headers()
            .get("x-subject-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = answer
            .text()
            .await
            .map_err(|e| fail(format!("{TOKEN_PATH}: {}", e.without_url())))?;
        let token = match token {
            Some(token) if (200..300).contains(&status) && !text.is_empty() => token,
            _ => {
                return Err(fail(format!(
                    "{TOKEN_PATH} answered {status} without a token"
                )))
            }
        };
        let body = json!({"auth": {"identity": {"methods": ["token"],
            "token": {"id": token, "duration_seconds": DURATION_SECONDS}}}});
        let answer = post(KEYS_PATH, body)
            .send()
            .await
            .map_err(|e| fail(format!("{KEYS_PATH}: {}", e.without_url())))?;
        let status = answer.status().as_u16();
        let text = answer
            .text()
            .await
            .map_err(|e| fail(format!("{KEYS_PATH}: {}", e.without_url())))?;
        if !(200..300).contains(&status) {
            return Err(fail(format!("{KEYS_PATH} answered {status}")));
        }
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| fail(format!("{KEYS_PATH}: the answer is not JSON")))?;
        let credential = value.get("credential").cloned().unwrap_or(Value::Null);
        Keys::from_answer(&credential).map_err(|e| fail(format!("{KEYS_PATH}: {e}")))
    }
}
