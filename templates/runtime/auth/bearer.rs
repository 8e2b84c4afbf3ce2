//! `Bearer` tokens: HTTP bearer authentication, and the access tokens of OAuth 2 and OpenID
//! Connect. Fixed, or from a provider asked before every attempt.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::scheme::{no_line_breaks, Attempt, AuthError, AuthFuture, AuthScheme};
use crate::runtime::REDACTED;

/// What [`TokenProvider::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, AuthError>> + Send + 'a>>;

/// Supplies bearer tokens. It is asked before every attempt, so it can cache a token and
/// refresh it when it nears expiry.
///
/// Closures returning a future implement it:
/// `|| async { Ok::<_, AuthError>(fetch_token().await) }`.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, AuthError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self())
    }
}

/// A bearer token in `Authorization: Bearer <token>`: fixed, or from a [`TokenProvider`].
#[derive(Clone)]
pub struct Bearer {
    source: TokenSource,
}

#[derive(Clone)]
enum TokenSource {
    Fixed(String),
    Provider(Arc<dyn TokenProvider>),
}

impl Bearer {
    /// A token that never changes.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            source: TokenSource::Fixed(token.into()),
        }
    }

    /// Tokens from `provider`, asked before every attempt.
    pub fn from_provider(provider: impl TokenProvider) -> Self {
        Self {
            source: TokenSource::Provider(Arc::new(provider)),
        }
    }
}

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match self.source {
            TokenSource::Fixed(_) => REDACTED,
            TokenSource::Provider(_) => "<provider>",
        };
        f.debug_tuple("Bearer").field(&source).finish()
    }
}

impl AuthScheme for Bearer {
    fn authorize<'a>(&'a self, attempt: &'a mut Attempt<'_>) -> AuthFuture<'a> {
        Box::pin(async move {
            let token = match &self.source {
                TokenSource::Fixed(token) => token.clone(),
                TokenSource::Provider(provider) => {
                    let token = provider.token().await?;
                    if no_line_breaks(&[&token]).is_err() {
                        return Err(AuthError::new(
                            "the token provider gave a token with a line break",
                        ));
                    }
                    token
                }
            };
            attempt.header("Authorization", format!("Bearer {token}"));
            Ok(())
        })
    }

    fn check(&self) -> Result<(), String> {
        match &self.source {
            TokenSource::Fixed(token) => no_line_breaks(&[token]),
            TokenSource::Provider(_) => Ok(()),
        }
    }
}
