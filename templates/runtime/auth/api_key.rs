//! API keys: a secret value in a header, a query parameter or a cookie.

use std::fmt;

use super::scheme::{no_line_breaks, Attempt, AuthFuture, AuthScheme};
use crate::runtime::REDACTED;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// An API key, sent under a fixed name in a header, the query or a cookie.
#[derive(Clone)]
pub struct ApiKey {
    location: ApiKeyLocation,
    name: &'static str,
    key: String,
}

impl ApiKey {
    /// A key sent as `name` in `location`.
    pub fn new(location: ApiKeyLocation, name: &'static str, key: impl Into<String>) -> Self {
        Self {
            location,
            name,
            key: key.into(),
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("location", &self.location)
            .field("name", &self.name)
            .field("key", &REDACTED)
            .finish()
    }
}

impl AuthScheme for ApiKey {
    fn authorize<'a>(&'a self, attempt: &'a mut Attempt<'_>) -> AuthFuture<'a> {
        match self.location {
            ApiKeyLocation::Header => attempt.header(self.name, self.key.clone()),
            ApiKeyLocation::Query => attempt.query.push((self.name.to_owned(), self.key.clone())),
            ApiKeyLocation::Cookie => attempt.cookie(self.name, &self.key),
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn check(&self) -> Result<(), String> {
        no_line_breaks(&[&self.key])
    }
}
