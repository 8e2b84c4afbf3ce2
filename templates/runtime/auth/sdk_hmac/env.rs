//! AK/SK credentials from the environment, read as the official SDKs' `EnvCredentialProvider`
//! reads them: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`,
//! and `HUAWEICLOUD_SDK_PROJECT_ID` or `HUAWEICLOUD_SDK_DOMAIN_ID`.

use std::fmt;

use super::credentials::{BasicCredentials, GlobalCredentials};

/// The names credentials are read under, and where they come from.
pub(super) struct Names {
    pub(super) ak: &'static str,
    pub(super) sk: &'static str,
    pub(super) security_token: &'static str,
    pub(super) project_id: &'static str,
    pub(super) domain_id: &'static str,
    pub(super) idp_id: &'static str,
    pub(super) id_token_file: &'static str,
    /// Where the names are looked up, for messages.
    pub(super) source: &'static str,
}

/// The official SDKs' environment variables.
const ENV: Names = Names {
    ak: "HUAWEICLOUD_SDK_AK",
    sk: "HUAWEICLOUD_SDK_SK",
    security_token: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    project_id: "HUAWEICLOUD_SDK_PROJECT_ID",
    domain_id: "HUAWEICLOUD_SDK_DOMAIN_ID",
    idp_id: "HUAWEICLOUD_SDK_IDP_ID",
    id_token_file: "HUAWEICLOUD_SDK_ID_TOKEN_FILE",
    source: "the environment",
};

/// Credentials could not be read from where they were looked for. The message names the
/// variables, never their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    pub(super) fn new(message: impl Into<String>) -> Self {
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
    names: &Names,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, String, Option<String>), CredentialsError> {
    let set = |name: &str| lookup(name).filter(|v| !v.is_empty());
    let (ak, sk, idp, file) = (names.ak, names.sk, names.idp_id, names.id_token_file);
    if set(idp).is_some() && set(file).is_some() {
        // The official SDK prefers these to AK/SK: they are `FederatedCredentials`.
        return Err(CredentialsError::new(format!(
            "{idp} and {file} in {} ask for federated (OIDC) credentials: use \
             FederatedCredentials, or the default chain (CredentialsChain), which reads them",
            names.source
        )));
    }
    match (set(ak), set(sk)) {
        (Some(a), Some(s)) => Ok((a, s, lookup(names.security_token))),
        _ => Err(CredentialsError::new(format!(
            "{ak} and {sk} are not both set in {}",
            names.source
        ))),
    }
}

impl BasicCredentials {
    /// Project-scoped credentials read under `names` through `lookup`.
    pub(super) fn from_names(
        names: &Names,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let (ak, sk, token) = keys(names, lookup)?;
        // Without one, a client built for a region learns it from IAM.
        let project_id = lookup(names.project_id).unwrap_or_default();
        let credentials = Self::new(ak, sk, project_id);
        Ok(match token {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}

impl GlobalCredentials {
    /// Domain-scoped credentials read under `names` through `lookup`.
    pub(super) fn from_names(
        names: &Names,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let (ak, sk, token) = keys(names, lookup)?;
        let mut credentials = Self::new(ak, sk);
        if let Some(domain_id) = lookup(names.domain_id) {
            credentials = credentials.with_domain_id(domain_id);
        }
        Ok(match token {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}

impl BasicCredentials {
    /// Project-scoped credentials from the environment: `HUAWEICLOUD_SDK_AK`,
    /// `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_PROJECT_ID` and, for temporary AK/SK,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
    ///
    /// Without a project id, a client built for a region learns it from IAM, as the official
    /// SDKs do.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The same as [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        Self::from_names(&ENV, &lookup)
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
        Self::from_names(&ENV, &lookup)
    }
}
