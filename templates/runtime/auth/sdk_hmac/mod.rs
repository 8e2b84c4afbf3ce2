//! `SDK-HMAC-SHA256`, the signature of the official Huawei Cloud SDKs, selected by a security
//! scheme with `x-signing: SDK-HMAC-SHA256`: AK/SK credentials (project- or domain-scoped,
//! temporary), IAM tokens, and the signer.
//!
//! Requests authorized this way look as the official SDKs' requests do: `Content-Type` is
//! always sent (`application/json` without a body), no `Accept`, the query sorted.

mod chain;
mod credentials;
mod env;
pub(crate) mod error_fields;
mod federated;
mod iam;
mod metadata;
mod profile;
mod python;
pub mod signer;
mod temporary;

use std::time::SystemTime;

pub use chain::CredentialsChain;
pub use credentials::{BasicCredentials, Credentials, GlobalCredentials, TokenCredentials};
pub use env::CredentialsError;
pub use federated::FederatedCredentials;
pub use metadata::MetadataCredentials;

use super::scheme::{
    no_line_breaks, Attempt, AuthError, AuthFuture, AuthScheme, LearnFuture, Learned, Learning,
};
use crate::runtime::ClientBuilder;

/// The field the official SDKs learn from IAM when project-scoped credentials lack it.
const PROJECT_ID: &str = "project_id";
/// The field they learn from IAM (or STS) when domain-scoped credentials lack it.
const DOMAIN_ID: &str = "domain_id";

impl Credentials {
    /// The credentials with the ids the client learned, where they have none.
    fn with_learned(self, learned: &Learned) -> Self {
        let get = |field: &str| learned.get(field).map(str::to_owned);
        match self {
            Credentials::Basic(mut c) if c.project_id.trim().is_empty() => {
                if let Some(id) = get(PROJECT_ID) {
                    c.project_id = id;
                }
                Credentials::Basic(c)
            }
            Credentials::Global(mut c) if c.domain_id.is_none() => {
                c.domain_id = get(DOMAIN_ID);
                Credentials::Global(c)
            }
            other => other,
        }
    }

    /// Whether the credentials lack the id `name` they could learn.
    fn lacks(&self, name: &str) -> bool {
        match (self, name) {
            (Credentials::Basic(c), PROJECT_ID) => c.project_id.trim().is_empty(),
            (Credentials::Global(c), DOMAIN_ID) => c.domain_id.is_none(),
            (Credentials::Metadata(_) | Credentials::Federated(_), PROJECT_ID) => {
                self.scope_ids()[0].is_some_and(|p| p.trim().is_empty())
            }
            _ => false,
        }
    }

    /// Adds the credentials' headers to `attempt` and signs it, as the official SDK does.
    fn sign_attempt(&self, attempt: &mut Attempt<'_>) {
        let headers = &mut *attempt.headers;
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("accept"));
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        for (name, value) in self.headers() {
            headers.push((name.into(), value.to_owned().into()));
        }
        attempt.query.sort();
        if let Some((ak, key)) = self.signing_key() {
            let unsigned = signer::Unsigned {
                method: attempt.method.as_str(),
                host: attempt.host,
                path: attempt.path,
                query: attempt.query,
                body: attempt.body,
            };
            signer::sign_with(&unsigned, attempt.headers, attempt.now, ak, key);
        }
    }
}

impl AuthScheme for Credentials {
    fn authorize<'a>(&'a self, attempt: &'a mut Attempt<'_>) -> AuthFuture<'a> {
        match self {
            // Fetched (or renewed) first; the attempt is signed with the keys valid now.
            Credentials::Metadata(_) | Credentials::Federated(_) => Box::pin(async move {
                let keys = self
                    .current()
                    .await
                    .map_err(|e| AuthError::new(e.to_string()))?;
                keys.with_learned(attempt.learned).sign_attempt(attempt);
                Ok(())
            }),
            Credentials::Basic(_) | Credentials::Global(_)
                if self.lacks(PROJECT_ID) || self.lacks(DOMAIN_ID) =>
            {
                self.clone()
                    .with_learned(attempt.learned)
                    .sign_attempt(attempt);
                Box::pin(std::future::ready(Ok(())))
            }
            _ => {
                self.sign_attempt(attempt);
                Box::pin(std::future::ready(Ok(())))
            }
        }
    }

    fn signs(&self) -> bool {
        !matches!(self, Credentials::Token(_))
    }

    fn field(&self, name: &str) -> Option<&str> {
        Credentials::field(self, name)
    }

    fn learns(&self, name: &str, region: Option<&str>) -> bool {
        region.is_some() && self.lacks(name)
    }

    fn learn_first(&self, region: Option<&str>) -> Option<&'static str> {
        // As the SDKs do for a client built for a region: `X-Domain-Id` is always sent.
        (region.is_some() && self.lacks(DOMAIN_ID)).then_some(DOMAIN_ID)
    }

    fn learn<'a>(&'a self, name: &'a str, learning: Learning<'a>) -> LearnFuture<'a> {
        Box::pin(async move {
            let keys = self
                .current()
                .await
                .map_err(|e| AuthError::new(e.to_string()))?;
            match (&keys, name) {
                (Credentials::Basic(c), PROJECT_ID) => {
                    let endpoint = iam::endpoint(c.iam_endpoint.as_deref(), learning.region);
                    let keys = iam::Keys {
                        ak: &c.ak,
                        sk: &c.sk,
                        security_token: c.security_token.as_deref(),
                    };
                    iam::project_id(&endpoint, keys, learning).await
                }
                (Credentials::Global(c), DOMAIN_ID) => {
                    let iam = iam::endpoint(c.iam_endpoint.as_deref(), learning.region);
                    let sts = iam::sts_endpoint(c.sts_endpoint.as_deref(), learning.region);
                    let keys = iam::Keys {
                        ak: &c.ak,
                        sk: &c.sk,
                        security_token: c.security_token.as_deref(),
                    };
                    iam::domain_id(&iam, &sts, keys, learning).await
                }
                _ => Err(AuthError::new(format!(
                    "the credentials cannot learn `{name}`"
                ))),
            }
        })
    }

    fn check(&self) -> Result<(), String> {
        if self
            .signing_keys()
            .is_some_and(|(ak, sk)| ak.is_empty() || sk.is_empty())
        {
            // The official signer refuses these too ("ak/sk is required in credentials").
            return Err("ak and sk must not be empty".to_owned());
        }
        if matches!(self, Credentials::Token(t) if t.token.trim().is_empty()) {
            return Err("X-Auth-Token would be empty".to_owned());
        }
        let mut values = self.headers().map(|(_, v)| v).collect::<Vec<_>>();
        if let Some((ak, _)) = self.signing_keys() {
            values.push(ak);
        }
        values.extend(self.scope_ids().into_iter().flatten().map(str::trim));
        no_line_breaks(&values)
    }
}

impl<C> ClientBuilder<C> {
    /// Signs every request as made at `time` instead of now: for reproducible tests and for
    /// comparing signatures with another implementation.
    pub fn signing_time(mut self, time: SystemTime) -> Self {
        self.fixed_time = Some(time);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_keys_and_line_breaks_are_refused() {
        let ok: Credentials = BasicCredentials::new("AK", "SK", "p").into();
        assert_eq!(AuthScheme::check(&ok), Ok(()));
        let refused: [Credentials; 5] = [
            BasicCredentials::new("", "SK", "p").into(),
            BasicCredentials::new("AK\r\nX: 1", "SK", "p").into(),
            BasicCredentials::new("AK", "SK", "p\nq").into(),
            TokenCredentials::new("tok\r\nX: 1").into(),
            TokenCredentials::new(" \t").into(),
        ];
        for credentials in refused {
            let why = AuthScheme::check(&credentials).expect_err("refused");
            assert!(!why.contains("X: 1") && !why.contains("tok"), "{why}");
        }
    }
}
