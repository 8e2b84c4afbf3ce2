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
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::sync::Mutex;

use super::credentials::{BasicCredentials, Credentials, GlobalCredentials};
use super::env::CredentialsError;
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
/// Keys are renewed when less than this is left.
const RENEW_BEFORE: Duration = Duration::from_secs(40 * 60);
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

#[derive(Debug, Clone)]
enum Scope {
    Project(String),
    Domain(Option<String>),
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

/// One set of temporary keys.
#[derive(Clone)]
struct Keys {
    ak: String,
    sk: String,
    security_token: Option<String>,
    expires: SystemTime,
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
        if let Scope::Domain(d) = &mut self.scope {
            *d = Some(domain_id.into());
        }
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
        match &self.scope {
            Scope::Project(p) => Some(p),
            Scope::Domain(_) => None,
        }
    }

    /// The account (domain) id of domain-scoped keys, if set.
    pub fn domain_id(&self) -> Option<&str> {
        match &self.scope {
            Scope::Domain(d) => d.as_deref(),
            Scope::Project(_) => None,
        }
    }

    /// The keys now valid, fetched or renewed when needed, as plain credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let keys = self.source.keys().await?;
        Ok(match &self.scope {
            Scope::Project(p) => {
                let c = BasicCredentials::new(keys.ak, keys.sk, p.clone());
                match keys.security_token {
                    Some(t) => c.with_security_token(t).into(),
                    None => c.into(),
                }
            }
            Scope::Domain(d) => {
                let mut c = GlobalCredentials::new(keys.ak, keys.sk);
                if let Some(d) = d {
                    c = c.with_domain_id(d.clone());
                }
                match keys.security_token {
                    Some(t) => c.with_security_token(t).into(),
                    None => c.into(),
                }
            }
        })
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
    /// The keys, renewed when less than [`RENEW_BEFORE`] is left. The lock is held while
    /// renewing, so concurrent callers wait for one renewal.
    async fn keys(&self) -> Result<Keys, CredentialsError> {
        let mut state = self.state.lock().await;
        if let Some(keys) = &state.keys {
            let left = keys.expires.duration_since(SystemTime::now()).unwrap_or_default();
            if left >= RENEW_BEFORE {
                return Ok(keys.clone());
            }
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

    async fn fetch(&self, http: &reqwest::Client, state: &mut State) -> Result<Keys, CredentialsError> {
        let token_due = state.token_asked.map_or(true, |at| at.elapsed() > TOKEN_RETRY);
        if state.token.is_none() && token_due {
            self.renew_token(http, state, false).await?;
        }
        let (mut status, mut text) = self.security_key(http, state.token.as_deref()).await?;
        if status == 401 && !text.contains(NO_AGENCY) {
            self.renew_token(http, state, true).await?;
            (status, text) = self.security_key(http, state.token.as_deref()).await?;
        }
        if status >= 400 {
            return Err(fail(format!("{KEY_PATH} answered {status}: {}", excerpt(&text))));
        }
        parse_keys(&text)
    }

    /// Asks for a session token. A 404, 405 or 503 leaves none (the service does not use
    /// them) unless one is `required`.
    async fn renew_token(&self, http: &reqwest::Client, state: &mut State, required: bool) -> Result<(), CredentialsError> {
        state.token_asked = Some(Instant::now());
        let answer = http
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header("X-Metadata-Token-Ttl-Seconds", TOKEN_TTL_SECONDS)
            .send()
            .await
            .map_err(|e| fail(format!("{TOKEN_PATH}: {}", e.without_url())))?;
        let status = answer.status().as_u16();
        let text = answer.text().await.map_err(|e| fail(format!("{TOKEN_PATH}: {}", e.without_url())))?;
        match status {
            200 => state.token = Some(text),
            404 | 405 | 503 if !required => state.token = None,
            _ => return Err(fail(format!("{TOKEN_PATH} answered {status}: {}", excerpt(&text)))),
        }
        Ok(())
    }

    async fn security_key(&self, http: &reqwest::Client, token: Option<&str>) -> Result<(u16, String), CredentialsError> {
        let mut request = http.get(format!("{}{KEY_PATH}", self.endpoint));
        if let Some(token) = token {
            request = request.header("X-Metadata-Token", token);
        }
        let answer = request.send().await.map_err(|e| fail(format!("{KEY_PATH}: {}", e.without_url())))?;
        let status = answer.status().as_u16();
        let text = answer.text().await.map_err(|e| fail(format!("{KEY_PATH}: {}", e.without_url())))?;
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

/// The keys in the service's answer: `{"credential": {"access", "secret", "securitytoken",
/// "expires_at"}}`, also under `credentials` or at the top, with the other spellings the SDK
/// accepts (`accessKeyId`, `access_key_id`, ...).
fn parse_keys(text: &str) -> Result<Keys, CredentialsError> {
    let value: Value = serde_json::from_str(text).map_err(|_| fail("the answer is not JSON".to_owned()))?;
    let map = value
        .get("credential")
        .or_else(|| value.get("credentials"))
        .unwrap_or(&value);
    let first = |names: &[&str]| {
        names
            .iter()
            .filter_map(|n| map.get(*n).and_then(Value::as_str))
            .find(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let missing = |what: &str| fail(format!("the answer has no {what}"));
    let ak = first(&["access", "accessKeyId", "access_key_id"]).ok_or_else(|| missing("access key"))?;
    let sk = first(&["secret", "secretAccessKey", "secret_access_key"]).ok_or_else(|| missing("secret key"))?;
    let security_token = first(&["securitytoken", "securityToken", "security_token"]);
    let expires = first(&["expires_at", "expiration"])
        .as_deref()
        .and_then(parse_time)
        .ok_or_else(|| missing("expiry time in the form 2006-01-02T15:04:05.000000Z"))?;
    Ok(Keys {
        ak,
        sk,
        security_token,
        expires,
    })
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ` (the SDK's `%Y-%m-%dT%H:%M:%S.%fZ`, 1 to 6 digits of
/// fraction), in UTC.
fn parse_time(text: &str) -> Option<SystemTime> {
    let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
    let (clock, fraction) = time.split_once('.')?;
    if fraction.is_empty() || fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let numbers = |s: &str, n: usize| -> Option<Vec<i64>> {
        let parts = s.split(if s.contains('-') { '-' } else { ':' }).map(|p| p.parse().ok()).collect::<Option<Vec<i64>>>()?;
        (parts.len() == n).then_some(parts)
    };
    let (d, c) = (numbers(date, 3)?, numbers(clock, 3)?);
    let (y, m, day) = (d[0], d[1], d[2]);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || c[0] > 23 || c[1] > 59 || c[2] > 61 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + c[0] * 3600 + c[1] * 60 + c[2];
    let micros = format!("{fraction:0<6}").parse::<u64>().ok()?;
    let whole = u64::try_from(seconds).ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(whole) + Duration::from_micros(micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_the_sdk_format() {
        let t = parse_time("2026-11-25T12:30:15.250000Z").expect("time");
        assert_eq!(t.duration_since(UNIX_EPOCH).expect("after"), Duration::from_millis(1_795_609_815_250));
        assert_eq!(parse_time("1970-01-01T00:00:00.0Z"), Some(UNIX_EPOCH));
        for bad in ["2026-11-25T12:30:15Z", "2026-11-25 12:30:15.0Z", "2026-13-01T00:00:00.0Z", "x"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_in_every_spelling() {
        let keys = parse_keys(r#"{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2030-01-01T00:00:00.000000Z"}}"#).expect("keys");
        assert_eq!((keys.ak.as_str(), keys.sk.as_str(), keys.security_token.as_deref()), ("A", "S", Some("T")));
        let keys = parse_keys(r#"{"credentials":{"accessKeyId":"A","secretAccessKey":"S","expiration":"2030-01-01T00:00:00.1Z"}}"#).expect("keys");
        assert_eq!((keys.ak.as_str(), keys.security_token), ("A", None));
        assert!(parse_keys(r#"{"credential":{"secret":"S","expires_at":"2030-01-01T00:00:00.0Z"}}"#).is_err());
    }
}
