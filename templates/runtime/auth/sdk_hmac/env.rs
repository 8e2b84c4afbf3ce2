//! AK/SK credentials from the environment, read as the official SDKs' `EnvCredentialProvider`
//! reads them: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`,
//! and `HUAWEICLOUD_SDK_PROJECT_ID` or `HUAWEICLOUD_SDK_DOMAIN_ID`.

use std::fmt;

use super::credentials::{BasicCredentials, GlobalCredentials};

const AK: &str = "HUAWEICLOUD_SDK_AK";
const SK: &str = "HUAWEICLOUD_SDK_SK";
const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
const DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
const IDP_ID: &str = "HUAWEICLOUD_SDK_IDP_ID";
const ID_TOKEN_FILE: &str = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";

/// Credentials could not be read from where they were looked for. The message names the
/// variables, never their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// The access key, secret key and security token `lookup` gives. An empty AK or SK counts as
/// unset, as in the official SDK; a security token is taken as it is, empty or not.
fn keys(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, String, Option<String>), CredentialsError> {
    let set = |name: &str| lookup(name).filter(|v| !v.is_empty());
    if set(IDP_ID).is_some() && set(ID_TOKEN_FILE).is_some() {
        // The official SDK prefers these to AK/SK; exchanging the id token is not done here.
        return Err(CredentialsError::new(format!(
            "{IDP_ID} and {ID_TOKEN_FILE} ask for federated (OIDC) credentials, which this client \
             cannot get; set {AK} and {SK} instead"
        )));
    }
    match (set(AK), set(SK)) {
        (Some(ak), Some(sk)) => Ok((ak, sk, lookup(SECURITY_TOKEN))),
        _ => Err(CredentialsError::new(format!(
            "{AK} and {SK} are not both set in the environment"
        ))),
    }
}

impl BasicCredentials {
    /// Project-scoped credentials from the environment: `HUAWEICLOUD_SDK_AK`,
    /// `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_PROJECT_ID` and, for temporary AK/SK,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
    ///
    /// Without a project id this fails (the official SDK would ask IAM for it).
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The same as [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let (ak, sk, token) = keys(&lookup)?;
        let project_id = lookup(PROJECT_ID)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                CredentialsError::new(format!(
                    "{PROJECT_ID} is not set in the environment (this client does not ask IAM \
                     for the project id)"
                ))
            })?;
        let credentials = Self::new(ak, sk, project_id);
        Ok(match token {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}

impl GlobalCredentials {
    /// Domain-scoped credentials from the environment: `HUAWEICLOUD_SDK_AK`,
    /// `HUAWEICLOUD_SDK_SK`, and where set `HUAWEICLOUD_SDK_DOMAIN_ID` and
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The same as [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let (ak, sk, token) = keys(&lookup)?;
        let mut credentials = Self::new(ak, sk);
        if let Some(domain_id) = lookup(DOMAIN_ID) {
            credentials = credentials.with_domain_id(domain_id);
        }
        Ok(match token {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}
