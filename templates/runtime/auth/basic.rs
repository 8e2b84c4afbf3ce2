//! HTTP `Basic` authentication.

use std::fmt;

use base64::Engine as _;

use super::scheme::{no_line_breaks, Attempt, AuthFuture, AuthScheme};
use crate::runtime::REDACTED;

/// HTTP `Basic` authentication: a user name and a password.
#[derive(Clone)]
pub struct Basic {
    username: String,
    password: String,
}

impl Basic {
    /// Credentials from a user name and a password.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }
}

impl fmt::Debug for Basic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Basic")
            .field("username", &self.username)
            .field("password", &REDACTED)
            .finish()
    }
}

impl AuthScheme for Basic {
    fn authorize<'a>(&'a self, attempt: &'a mut Attempt<'_>) -> AuthFuture<'a> {
        let pair = format!("{}:{}", self.username, self.password);
        let value = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        );
        attempt.header("Authorization", value);
        Box::pin(std::future::ready(Ok(())))
    }

    fn check(&self) -> Result<(), String> {
        if self.username.contains(':') {
            return Err("a Basic user name cannot contain `:`".to_owned());
        }
        no_line_breaks(&[&self.username, &self.password])
    }
}
