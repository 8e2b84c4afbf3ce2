//! Credentials: project-scoped and domain-scoped AK/SK, and IAM tokens.
//!
//! `Debug` never prints a secret key, security token or IAM token.

use std::fmt;

use super::env::CredentialsError;
use super::federated::FederatedCredentials;
use super::metadata::MetadataCredentials;
use super::signer::SigningKey;
use crate::runtime::REDACTED;

/// Project-scoped AK/SK (the official SDKs' `BasicCredentials`), for regional services.
///
/// Requests carry `X-Project-Id`, and `{project_id}` in paths is filled from it. Without a
/// project id (`""`), a client built for a region learns it from IAM on its first call, as
/// the official SDKs do.
#[derive(Clone)]
pub struct BasicCredentials {
    pub(crate) ak: String,
    pub(crate) sk: String,
    /// The HMAC state of `sk`, made once.
    pub(crate) key: SigningKey,
    pub(crate) project_id: String,
    pub(crate) security_token: Option<String>,
    pub(crate) iam_endpoint: Option<String>,
}

impl BasicCredentials {
    /// Credentials from an access key, its secret key and a project id.
    pub fn new(
        ak: impl Into<String>,
        sk: impl Into<String>,
        project_id: impl Into<String>,
    ) -> Self {
        let sk = sk.into();
        Self {
            ak: ak.into(),
            key: SigningKey::new(&sk),
            sk,
            project_id: project_id.into(),
            security_token: None,
            iam_endpoint: None,
        }
    }

    /// The IAM endpoint a missing project id is learned from (default: the region's, see
    /// `HUAWEICLOUD_SDK_IAM_ENDPOINT`).
    pub fn with_iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = Some(endpoint.into());
        self
    }

    /// Adds the security token of temporary AK/SK (sent as `X-Security-Token`).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key.
    pub fn ak(&self) -> &str {
        &self.ak
    }

    /// The secret key.
    pub fn sk(&self) -> &str {
        &self.sk
    }

    /// The project id.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// The security token of temporary AK/SK, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("ak", &self.ak)
            .field("sk", &REDACTED)
            .field("project_id", &self.project_id)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| REDACTED),
            )
            .field("iam_endpoint", &self.iam_endpoint)
            .finish()
    }
}

/// Domain-scoped AK/SK (the official SDKs' `GlobalCredentials`), for global services.
///
/// Requests carry `X-Domain-Id` when a domain id is set. Without one, a client built for a
/// region learns it from IAM (or STS) before its first request, as the official SDKs do.
#[derive(Clone)]
pub struct GlobalCredentials {
    pub(crate) ak: String,
    pub(crate) sk: String,
    /// The HMAC state of `sk`, made once.
    pub(crate) key: SigningKey,
    pub(crate) domain_id: Option<String>,
    pub(crate) security_token: Option<String>,
    pub(crate) iam_endpoint: Option<String>,
    pub(crate) sts_endpoint: Option<String>,
}

impl GlobalCredentials {
    /// Credentials from an access key and its secret key.
    pub fn new(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        let sk = sk.into();
        Self {
            ak: ak.into(),
            key: SigningKey::new(&sk),
            sk,
            domain_id: None,
            security_token: None,
            iam_endpoint: None,
            sts_endpoint: None,
        }
    }

    /// The IAM endpoint a missing domain id is learned from (default: the region's, see
    /// `HUAWEICLOUD_SDK_IAM_ENDPOINT`).
    pub fn with_iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = Some(endpoint.into());
        self
    }

    /// The STS endpoint asked when IAM lists no domain (default: the region's, see
    /// `HUAWEICLOUD_SDK_STS_ENDPOINT`).
    pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// Sets the account (domain) id, sent as `X-Domain-Id`.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// Adds the security token of temporary AK/SK (sent as `X-Security-Token`).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key.
    pub fn ak(&self) -> &str {
        &self.ak
    }

    /// The secret key.
    pub fn sk(&self) -> &str {
        &self.sk
    }

    /// The account (domain) id, if set.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }

    /// The security token of temporary AK/SK, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for GlobalCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GlobalCredentials")
            .field("ak", &self.ak)
            .field("sk", &REDACTED)
            .field("domain_id", &self.domain_id)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| REDACTED),
            )
            .field("iam_endpoint", &self.iam_endpoint)
            .field("sts_endpoint", &self.sts_endpoint)
            .finish()
    }
}

/// An IAM user token, sent as `X-Auth-Token`; requests are not signed.
#[derive(Clone)]
pub struct TokenCredentials {
    pub(crate) token: String,
    pub(crate) project_id: Option<String>,
}

impl TokenCredentials {
    /// Credentials from a token (the `X-Subject-Token` IAM returned).
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            project_id: None,
        }
    }

    /// Sets the project id used for `{project_id}` in paths.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }
}

impl fmt::Debug for TokenCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCredentials")
            .field("token", &REDACTED)
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// Any of the supported credentials.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// Project-scoped AK/SK.
    Basic(BasicCredentials),
    /// Domain-scoped AK/SK.
    Global(GlobalCredentials),
    /// IAM token.
    Token(TokenCredentials),
    /// Temporary AK/SK of the ECS instance, from its metadata service.
    Metadata(MetadataCredentials),
    /// Temporary AK/SK of a federated (OIDC) identity, exchanged at IAM.
    Federated(FederatedCredentials),
}

impl From<FederatedCredentials> for Credentials {
    fn from(c: FederatedCredentials) -> Self {
        Self::Federated(c)
    }
}

impl From<MetadataCredentials> for Credentials {
    fn from(c: MetadataCredentials) -> Self {
        Self::Metadata(c)
    }
}

impl From<BasicCredentials> for Credentials {
    fn from(c: BasicCredentials) -> Self {
        Self::Basic(c)
    }
}

impl From<GlobalCredentials> for Credentials {
    fn from(c: GlobalCredentials) -> Self {
        Self::Global(c)
    }
}

impl From<TokenCredentials> for Credentials {
    fn from(c: TokenCredentials) -> Self {
        Self::Token(c)
    }
}

impl Credentials {
    /// The credentials to sign with now: temporary keys fetched or renewed when needed,
    /// others as they are.
    pub(crate) async fn current(&self) -> Result<Credentials, CredentialsError> {
        match self {
            Self::Metadata(m) => m.credentials().await,
            Self::Federated(f) => f.credentials().await,
            other => Ok(other.clone()),
        }
    }

    /// The project and domain ids temporary keys are used with.
    pub(crate) fn scope_ids(&self) -> [Option<&str>; 2] {
        match self {
            Self::Metadata(m) => [m.project_id(), m.domain_id()],
            Self::Federated(f) => [f.project_id(), f.domain_id()],
            _ => [None, None],
        }
    }

    /// A value the credentials supply for requests, by field name (`project_id`, `domain_id`).
    pub fn field(&self, name: &str) -> Option<&str> {
        match (self, name) {
            (Self::Basic(c), "project_id") => Some(c.project_id.as_str()),
            (Self::Global(c), "domain_id") => c.domain_id.as_deref(),
            (Self::Token(c), "project_id") => c.project_id.as_deref(),
            (Self::Metadata(c), "project_id") => c.project_id(),
            (Self::Metadata(c), "domain_id") => c.domain_id(),
            (Self::Federated(c), "project_id") => c.project_id(),
            (Self::Federated(c), "domain_id") => c.domain_id(),
            _ => None,
        }
        .filter(|v| !v.is_empty())
    }

    /// Headers the credentials add before signing, in the official SDK's order, their values
    /// trimmed as the SDK sends every header (the signer trims the signed ones too).
    pub(crate) fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        fn pair<'a>(
            name: &'static str,
            value: &'a Option<String>,
        ) -> Option<(&'static str, &'a str)> {
            value.as_deref().map(|v| (name, v.trim()))
        }
        let pairs = match self {
            Self::Basic(c) => [
                (!c.project_id.is_empty()).then(|| ("X-Project-Id", c.project_id.trim())),
                pair("X-Security-Token", &c.security_token),
            ],
            Self::Global(c) => [
                c.domain_id
                    .as_deref()
                    .filter(|d| !d.is_empty())
                    .map(|d| ("X-Domain-Id", d.trim())),
                pair("X-Security-Token", &c.security_token),
            ],
            Self::Token(c) => [Some(("X-Auth-Token", c.token.trim())), None],
            // Known only once fetched: `authorize` signs with the fetched keys.
            Self::Metadata(_) | Self::Federated(_) => [None, None],
        };
        pairs.into_iter().flatten()
    }

    /// The access key and the secret key's HMAC state, when requests are to be signed.
    pub(crate) fn signing_key(&self) -> Option<(&str, &SigningKey)> {
        match self {
            Self::Basic(c) => Some((&c.ak, &c.key)),
            Self::Global(c) => Some((&c.ak, &c.key)),
            Self::Token(_) | Self::Metadata(_) | Self::Federated(_) => None,
        }
    }

    /// The access and secret key, when requests are to be signed.
    pub(crate) fn signing_keys(&self) -> Option<(&str, &str)> {
        match self {
            Self::Basic(c) => Some((&c.ak, &c.sk)),
            Self::Global(c) => Some((&c.ak, &c.sk)),
            Self::Token(_) | Self::Metadata(_) | Self::Federated(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let all: [Credentials; 3] = [
            BasicCredentials::new("AK1", "SECRET-SK", "p1")
                .with_security_token("SECRET-TOKEN")
                .into(),
            GlobalCredentials::new("AK1", "SECRET-SK")
                .with_domain_id("d1")
                .with_security_token("SECRET-TOKEN")
                .into(),
            TokenCredentials::new("SECRET-IAM")
                .with_project_id("p1")
                .into(),
        ];
        for c in all {
            let text = format!("{c:?} {c:#?}");
            assert!(!text.contains("SECRET"), "{text}");
            assert!(text.contains(REDACTED));
        }
    }

    #[test]
    fn fields_and_headers() {
        let basic: Credentials = BasicCredentials::new("a", "s", "p1").into();
        assert_eq!(basic.field("project_id"), Some("p1"));
        assert_eq!(basic.field("domain_id"), None);
        assert_eq!(
            basic.headers().collect::<Vec<_>>(),
            [("X-Project-Id", "p1")]
        );
        let global: Credentials = GlobalCredentials::new("a", "s")
            .with_security_token("t")
            .into();
        assert_eq!(global.field("project_id"), None);
        assert_eq!(
            global.headers().collect::<Vec<_>>(),
            [("X-Security-Token", "t")]
        );
        let token: Credentials = TokenCredentials::new("tok").into();
        assert_eq!(
            token.headers().collect::<Vec<_>>(),
            [("X-Auth-Token", "tok")]
        );
        let padded: Credentials = TokenCredentials::new(" tok\t").into();
        assert_eq!(
            padded.headers().collect::<Vec<_>>(),
            [("X-Auth-Token", "tok")]
        );
        let padded: Credentials = BasicCredentials::new("AK", "SK", "p ")
            .with_security_token("\tt ")
            .into();
        assert_eq!(
            padded.headers().collect::<Vec<_>>(),
            [("X-Project-Id", "p"), ("X-Security-Token", "t")]
        );
        assert!(token.signing_keys().is_none());
    }
}
