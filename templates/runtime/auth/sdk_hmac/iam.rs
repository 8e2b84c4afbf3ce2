//! The project id of a region, learned from IAM as the official SDKs learn it when
//! `BasicCredentials` have none: `GET /v3/projects?name=<region>` on the IAM endpoint, signed
//! with the credentials (`User-Agent`, `X-Sdk-Date`, `Host`, and `X-Security-Token` for
//! temporary keys; no `Content-Type`). Exactly one project must come back.
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
/// The longest a lookup may take.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Regions whose IAM endpoint is `https://iam.<region>.myhuaweicloud.com` (the SDK's table).
const REGIONAL: &[&str] = &[
    "cn-north-2", "cn-north-4", "cn-north-1", "cn-east-2", "cn-east-3", "cn-south-1",
    "cn-south-2", "cn-southwest-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "af-south-1", "sa-brazil-1", "la-south-2", "na-mexico-1", "la-north-2", "cn-north-9",
    "eu-west-0", "my-kualalumpur-1", "ru-moscow-1", "me-east-1", "ap-southeast-4", "ae-ad-1",
    "cn-east-4", "cn-east-5", "tr-west-1", "cn-north-12",
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

/// The id of the one project named `learning.region`.
pub(super) async fn project_id(endpoint: &str, keys: Keys<'_>, learning: Learning<'_>) -> Result<String, AuthError> {
    let region = learning.region;
    let fail = |why: String| AuthError::new(format!("cannot learn the project id of region '{region}' from IAM: {why}"));
    let url = reqwest::Url::parse(endpoint).map_err(|_| fail(format!("`{endpoint}` is not a URL")))?;
    let allowed = url.scheme() == "https" || (url.scheme() == "http" && learning.allow_http);
    let Some(host) = url.host_str().filter(|_| allowed) else {
        return Err(fail("the IAM endpoint must be an https:// URL (http:// with allow_http)".to_owned()));
    };
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let query = vec![("name".to_owned(), region.to_owned())];
    let mut headers = vec![("User-Agent".to_owned(), learning.user_agent.to_owned())];
    if let Some(token) = keys.security_token {
        headers.push(("X-Security-Token".to_owned(), token.to_owned()));
    }
    let unsigned = signer::Unsigned {
        method: "GET",
        host: &authority,
        path: PROJECTS_PATH,
        query: &query,
        body: b"",
    };
    signer::sign(&unsigned, &mut headers, learning.now, keys.ak, keys.sk);
    let mut map = HeaderMap::new();
    for (name, value) in &headers {
        let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) else {
            return Err(fail(format!("the header `{name}` cannot be sent")));
        };
        map.insert(name, value);
    }
    let target = format!(
        "{}://{authority}{PROJECTS_PATH}?name={}",
        url.scheme(),
        utf8_percent_encode(region, UNRESERVED)
    );
    let answer = learning
        .http
        .get(target)
        .headers(map)
        .timeout(TIMEOUT)
        .send()
        .await
        .map_err(|e| fail(e.without_url().to_string()))?;
    let status = answer.status().as_u16();
    let answer_headers = answer.headers().clone();
    let trace = answer_headers
        .get("x-iam-trace-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = answer.bytes().await.map_err(|e| fail(e.without_url().to_string()))?;
    if !(200..300).contains(&status) {
        let fields = super::error_fields::read(status, &answer_headers, &body);
        return Err(fail(format!(
            "IAM answered {status} ({}): {} [X-IAM-Trace-Id={trace}]",
            fields.error_code.unwrap_or_default(),
            fields.error_msg.unwrap_or_default()
        )));
    }
    let value: Value = serde_json::from_slice(&body).map_err(|_| fail("IAM's answer is not JSON".to_owned()))?;
    let ids = value
        .get("projects")
        .and_then(Value::as_array)
        .map(|projects| {
            projects
                .iter()
                .map(|p| p.get("id").and_then(Value::as_str).unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    match ids.as_slice() {
        [id] if !id.is_empty() => Ok(id.clone()),
        [_] => Err(fail(format!("IAM's project has no id [X-IAM-Trace-Id={trace}]"))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_by_region() {
        assert_eq!(endpoint(Some("https://iam.example.com"), "cn-north-4"), "https://iam.example.com");
        if std::env::var(ENDPOINT_ENV).is_err() {
            assert_eq!(endpoint(None, "cn-north-4"), "https://iam.cn-north-4.myhuaweicloud.com");
            assert_eq!(endpoint(Some(""), "xx-nowhere-1"), DEFAULT_ENDPOINT);
        }
    }
}
