//! Support code for the end-to-end tests: a loopback HTTP server and an independent
//! implementation of the `SDK-HMAC-SHA256` signature check.

pub mod oracle;
pub mod server;
pub mod verify;

/// The README's examples, compiled as doctests so they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
