//! Ids learned as the official SDKs learn them when credentials lack them: the project id of
//! a region (`GET /v3/projects?name=<region>` on IAM; exactly one project must come back) and
//! the account (domain) id (`GET /v3/auth/domains` on IAM, else `GET /v5/caller-identity` on
//! STS). Each lookup is signed with the credentials (`User-Agent`, `X-Sdk-Date`, `Host`, and
//! `X-Security-Token` for temporary keys; no `Content-Type`).
//!
//! The IAM endpoint: the one set on the credentials, else `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else
//! the region's own (`https://iam.<region>.myhuaweicloud.com`, where the SDK lists one), else
//! `https://iam.myhuaweicloud.com`. Only its scheme and authority are used, as in the SDK.

use std::time::Duration;

use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::signer;
use crate::runtime::auth::{AuthError, Learning};
use crate::runtime::request::UNRESERVED;

const DEFAULT_ENDPOINT: &str = "https://iam.myhuaweicloud.com";
const ENDPOINT_ENV: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
const PROJECTS_PATH: &str = "/v3/projects";
const DOMAINS_PATH: &str = "/v3/auth/domains";
const CALLER_PATH: &str = "/v5/caller-identity";
const STS_ENDPOINT_ENV: &str = "HUAWEICLOUD_SDK_STS_ENDPOINT";
/// Regions whose STS endpoint is `https://sts.<region>.myhuaweicloud.com` (the SDK's table).
const STS_REGIONAL: &[&str] = &[
    "cn-north-4",
    "cn-south-1",
    "cn-east-3",
    "cn-southwest-2",
    "ap-southeast-1",
    "ap-southeast-3",
    "ap-southeast-2",
    "sa-brazil-1",
    "la-south-2",
    "af-south-1",
    "ap-southeast-4",
    "tr-west-1",
];
/// The longest a lookup may take.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Regions whose IAM endpoint is `https://iam.<region>.myhuaweicloud.com` (the SDK's table).
const REGIONAL: &[&str] = &[
    "cn-north-2",
    "cn-north-4",
    "cn-north-1",
    "cn-east-2",
    "cn-east-3",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "af-south-1",
    "sa-brazil-1",
    "la-south-2",
    "na-mexico-1",
    "la-north-2",
    "cn-north-9",
    "eu-west-0",
    "my-kualalumpur-1",
    "ru-moscow-1",
    "me-east-1",
    "ap-southeast-4",
    "ae-ad-1",
    "cn-east-4",
    "cn-east-5",
    "tr-west-1",
    "cn-north-12",
];

/// The keys a lookup is signed with.
pub(super) struct Keys<'a> {
    pub(super) ak: &'a str,
    pub(super) sk: &'a str,
    pub(super) security_token: Option<&'a str>,
}

/// The IAM endpoint for `region`.
pub(super) fn endpoint(given: Option<&str>, region: &str) -> String {
    if let Some(given) = given.filter(|g| !g.is_empty()) {
        return given.to_owned();
    }
    if let Some(env) = std::env::var(ENDPOINT_ENV).ok().filter(|e| !e.is_empty()) {
        return env;
    }
    if REGIONAL.contains(&region) {
        format!("https://iam.{region}.myhuaweicloud.com")
    } else {
        DEFAULT_ENDPOINT.to_owned()
    }
}

/// The STS endpoint for `region`: the one set on the credentials, else
/// `HUAWEICLOUD_SDK_STS_ENDPOINT`, else the region's (where the SDK lists one), else
/// `https://sts.cn-north-4.myhuaweicloud.com`.
pub(super) fn sts_endpoint(given: Option<&str>, region: &str) -> String {
    if let Some(given) = given.filter(|g| !g.is_empty()) {
        return given.to_owned();
    }
    if let Some(env) = std::env::var(STS_ENDPOINT_ENV)
        .ok()
        .filter(|e| !e.is_empty())
    {
        return env;
    }
    let region = if STS_REGIONAL.contains(&region) {
        region
    } else {
        "cn-north-4"
    };
    format!("https://sts.{region}.myhuaweicloud.com")
}

/// An answer to a lookup.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl Answer {
    fn trace(&self) -> &str {
        self.headers
            .get("x-iam-trace-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The answer's JSON, or why there is none: its error fields for a failure status.
    fn json(&self) -> Result<Value, String> {
        if !(200..300).contains(&self.status) {
            let fields = super::error_fields::read(self.status, &self.headers, &self.body);
            return Err(format!(
                "answered {} ({}): {} [X-IAM-Trace-Id={}]",
                self.status,
                fields.error_code.unwrap_or_default(),
                fields.error_msg.unwrap_or_default(),
                self.trace()
            ));
        }
        serde_json::from_slice(&self.body).map_err(|_| "the answer is not JSON".to_owned())
    }
}

/// `GET <endpoint's scheme and authority><path>?<query>`, signed with `keys`, as the SDK
/// sends its lookups.
async fn signed_get(
    endpoint: &str,
    path: &str,
    query: Vec<(String, String)>,
    keys: &Keys<'_>,
    learning: &Learning<'_>,
) -> Result<Answer, String> {
    let url = reqwest::Url::parse(endpoint).map_err(|_| format!("`{endpoint}` is not a URL"))?;
    let allowed = url.scheme() == "https" || (url.scheme() == "http" && learning.allow_http);
    let Some(host) = url.host_str().filter(|_| allowed) else {
        return Err(format!(
            "`{endpoint}` must be an https:// URL (http:// with allow_http)"
        ));
    };
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let mut headers = vec![("User-Agent".to_owned(), learning.user_agent.to_owned())];
    if let Some(token) = keys.security_token {
        headers.push(("X-Security-Token".to_owned(), token.to_owned()));
    }
    let unsigned = signer::Unsigned {
        method: "GET",
        host: &authority,
        path,
        query: &query,
        body: b"",
    };
    signer::sign(&unsigned, &mut headers, learning.now, keys.ak, keys.sk);
    let mut map = HeaderMap::new();
    for (name, value) in &headers {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            return Err(format!("the header `{name}` cannot be sent"));
        };
        map.insert(name, value);
    }
    let mut target = format!("{}://{authority}{path}", url.scheme());
    for (i, (k, v)) in query.iter().enumerate() {
        target.push(if i == 0 { '?' } else { '&' });
        target.extend(utf8_percent_encode(k, UNRESERVED));
        target.push('=');
        target.extend(utf8_percent_encode(v, UNRESERVED));
    }
    let answer = learning
        .http
        .get(target)
        .headers(map)
        .timeout(TIMEOUT)
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let body = answer
        .bytes()
        .await
        .map_err(|e| e.without_url().to_string())?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// The id of the one project named `learning.region`.
pub(super) async fn project_id(
    endpoint: &str,
    keys: Keys<'_>,
    learning: Learning<'_>,
) -> Result<String, AuthError> {
    let region = learning.region;
    let fail = |why: String| {
        AuthError::new(format!(
            "cannot learn the project id of region '{region}' from IAM: {why}"
        ))
    };
    let query = vec![("name".to_owned(), region.to_owned())];
    let answer = signed_get(endpoint, PROJECTS_PATH, query, &keys, &learning)
        .await
        .map_err(fail)?;
    let trace = answer.trace().to_owned();
    let value = answer.json().map_err(fail)?;
    let ids = value
        .get("projects")
        .and_then(Value::as_array)
        .map(|projects| {
            projects
                .iter()
                .map(|p| {
                    p.get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    match ids.as_slice() {
        [id] if !id.is_empty() => Ok(id.clone()),
        [_] => Err(fail(format!(
            "IAM's project has no id [X-IAM-Trace-Id={trace}]"
        ))),
        [] => Err(fail(format!(
            "IAM knows no such project [X-IAM-Trace-Id={trace}]; confirm the project exists in \
             your account, or set the project id on the credentials"
        ))),
        several => Err(fail(format!(
            "IAM lists several projects [{}] [X-IAM-Trace-Id={trace}]; set one on the credentials",
            several.join(",")
        ))),
    }
}

/// The account (domain) id: the first of `GET /v3/auth/domains` on IAM, else, when IAM lists
/// none (the user may not read it), `account_id` of `GET /v5/caller-identity` on STS.
pub(super) async fn domain_id(
    iam: &str,
    sts: &str,
    keys: Keys<'_>,
    learning: Learning<'_>,
) -> Result<String, AuthError> {
    let fail = |why: String| AuthError::new(format!("cannot learn the domain id: {why}"));
    let answer = signed_get(iam, DOMAINS_PATH, Vec::new(), &keys, &learning)
        .await
        .map_err(|e| fail(format!("IAM {e}")))?;
    let value = answer.json().map_err(|e| fail(format!("IAM {e}")))?;
    let first = value
        .get("domains")
        .and_then(Value::as_array)
        .and_then(|d| d.first())
        .and_then(|d| d.get("id"))
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty());
    if let Some(id) = first {
        return Ok(id.to_owned());
    }
    let answer = signed_get(sts, CALLER_PATH, Vec::new(), &keys, &learning)
        .await
        .map_err(|e| fail(format!("STS {e}")))?;
    let value = answer.json().map_err(|e| fail(format!("STS {e}")))?;
    value
        .get("account_id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| fail("STS's answer has no account_id".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_by_region() {
        assert_eq!(
            endpoint(Some("https://iam.example.com"), "cn-north-4"),
            "https://iam.example.com"
        );
        if std::env::var(ENDPOINT_ENV).is_err() {
            assert_eq!(
                endpoint(None, "cn-north-4"),
                "https://iam.cn-north-4.myhuaweicloud.com"
            );
            assert_eq!(endpoint(Some(""), "xx-nowhere-1"), DEFAULT_ENDPOINT);
        }
    }
}
