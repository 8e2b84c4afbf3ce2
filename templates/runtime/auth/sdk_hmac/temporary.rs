//! Temporary keys (of the ECS metadata service, or of IAM for a federated identity): how
//! answers give them, when they are renewed, and the credentials they make.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::credentials::{BasicCredentials, Credentials, GlobalCredentials};

/// Keys are renewed when less than this is left, as in the official SDKs.
const RENEW_BEFORE: Duration = Duration::from_secs(40 * 60);

/// Project- or domain-scoped use of temporary keys.
#[derive(Debug, Clone)]
pub(super) enum Scope {
    Project(String),
    Domain(Option<String>),
}

impl Scope {
    pub(super) fn with_domain_id(self, domain_id: String) -> Self {
        match self {
            Scope::Domain(_) => Scope::Domain(Some(domain_id)),
            project => project,
        }
    }

    pub(super) fn project_id(&self) -> Option<&str> {
        match self {
            Scope::Project(p) => Some(p),
            Scope::Domain(_) => None,
        }
    }

    pub(super) fn domain_id(&self) -> Option<&str> {
        match self {
            Scope::Domain(d) => d.as_deref(),
            Scope::Project(_) => None,
        }
    }
}

/// One set of temporary keys.
#[derive(Clone)]
pub(super) struct Keys {
    ak: String,
    sk: String,
    security_token: Option<String>,
    expires: SystemTime,
}

impl Keys {
    /// The keys in an answer (see [`parse_keys`]).
    pub(super) fn from_answer(value: &Value) -> Result<Self, String> {
        parse_keys(value)
    }

    /// Whether the keys are good for at least 40 more minutes.
    pub(super) fn fresh(&self) -> bool {
        self.expires
            .duration_since(SystemTime::now())
            .unwrap_or_default()
            >= RENEW_BEFORE
    }

    /// Plain credentials of `scope` with these keys.
    pub(super) fn credentials(self, scope: &Scope) -> Credentials {
        match scope {
            Scope::Project(p) => {
                let c = BasicCredentials::new(self.ak, self.sk, p.clone());
                match self.security_token {
                    Some(t) => c.with_security_token(t).into(),
                    None => c.into(),
                }
            }
            Scope::Domain(d) => {
                let mut c = GlobalCredentials::new(self.ak, self.sk);
                if let Some(d) = d {
                    c = c.with_domain_id(d.clone());
                }
                match self.security_token {
                    Some(t) => c.with_security_token(t).into(),
                    None => c.into(),
                }
            }
        }
    }
}

/// The keys in an answer of the metadata service or IAM: `{"credential": {"access", "secret", "securitytoken",
/// "expires_at"}}`, also under `credentials` or at the top, with the other spellings the SDK
/// accepts (`accessKeyId`, `access_key_id`, ...).
fn parse_keys(value: &Value) -> Result<Keys, String> {
    let map = value
        .get("credential")
        .or_else(|| value.get("credentials"))
        .unwrap_or(value);
    let first = |names: &[&str]| {
        names
            .iter()
            .filter_map(|n| map.get(*n).and_then(Value::as_str))
            .find(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let missing = |what: &str| format!("the answer has no {what}");
    let ak =
        first(&["access", "accessKeyId", "access_key_id"]).ok_or_else(|| missing("access key"))?;
    let sk = first(&["secret", "secretAccessKey", "secret_access_key"])
        .ok_or_else(|| missing("secret key"))?;
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
        let parts = s
            .split(if s.contains('-') { '-' } else { ':' })
            .map(|p| p.parse().ok())
            .collect::<Option<Vec<i64>>>()?;
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

    fn json(text: &str) -> Value {
        serde_json::from_str(text).expect("JSON")
    }

    #[test]
    fn times_in_the_sdk_format() {
        let t = parse_time("2026-11-25T12:30:15.250000Z").expect("time");
        assert_eq!(
            t.duration_since(UNIX_EPOCH).expect("after"),
            Duration::from_millis(1_795_609_815_250)
        );
        assert_eq!(parse_time("1970-01-01T00:00:00.0Z"), Some(UNIX_EPOCH));
        for bad in [
            "2026-11-25T12:30:15Z",
            "2026-11-25 12:30:15.0Z",
            "2026-13-01T00:00:00.0Z",
            "x",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_in_every_spelling() {
        let keys = parse_keys(&json(r#"{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2030-01-01T00:00:00.000000Z"}}"#)).expect("keys");
        assert_eq!(
            (
                keys.ak.as_str(),
                keys.sk.as_str(),
                keys.security_token.as_deref()
            ),
            ("A", "S", Some("T"))
        );
        let keys = parse_keys(&json(r#"{"credentials":{"accessKeyId":"A","secretAccessKey":"S","expiration":"2030-01-01T00:00:00.1Z"}}"#)).expect("keys");
        assert_eq!((keys.ak.as_str(), keys.security_token), ("A", None));
        assert!(parse_keys(&json(
            r#"{"credential":{"secret":"S","expires_at":"2030-01-01T00:00:00.0Z"}}"#
        ))
        .is_err());
    }
}
