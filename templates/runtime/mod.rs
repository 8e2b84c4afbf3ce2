//! The hand-written runtime shared by every generated service: credentials, request signing,
//! regions, HTTP and errors.
//!
//! Generated code calls into this module; users mostly meet [`ClientBuilder`], the credential
//! types and [`Error`].

mod client;
mod credentials;
mod error;
pub mod nullable;
mod region;
mod request;
mod retry;
mod send;
pub mod signer;

pub use client::{Client, ClientBuilder, Response};
pub use request::{param_text, Multipart, Request};
pub use credentials::{BasicCredentials, Credentials, GlobalCredentials, TokenCredentials};
pub use error::{
    BuildError, DecodeError, Error, InvalidRequest, ServiceError, TransportError, TransportErrorKind,
};
pub use retry::{RetryPolicy, Timeouts};
pub use region::{Region, Service};
pub use reqwest::Method;

/// What `Debug` prints instead of a secret.
pub(crate) const REDACTED: &str = "<redacted>";
