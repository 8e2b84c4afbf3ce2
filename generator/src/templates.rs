//! The hand-written files under `templates/`, embedded in the binary, and the choice of which
//! of them a crate gets.
//!
//! `templates/runtime/*.rs` and `templates/runtime/auth/scheme.rs` are the core every crate
//! gets. The authentication schemes under `templates/runtime/auth/` and `regions.rs` go only
//! into crates whose specs use them; the module files that declare them (`src/runtime/mod.rs`,
//! `src/runtime/auth/mod.rs`) are written here. In the manifest, a dependency line ending in
//! `# with <template>` is kept only when that template is part of the crate.

use std::collections::BTreeSet;

use crate::emit::OutputFile;
use crate::ir::{SchemeKind, Service};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The optional runtime pieces, by the template they come from, with their module lines for
/// `src/runtime/auth/mod.rs` (or `src/runtime/mod.rs` for `regions.rs`).
const PIECES: &[(&str, &str)] = &[
    ("runtime/auth/api_key.rs", "mod api_key;\npub use api_key::{ApiKey, ApiKeyLocation};\n"),
    ("runtime/auth/basic.rs", "mod basic;\npub use basic::Basic;\n"),
    ("runtime/auth/bearer.rs", "mod bearer;\npub use bearer::{Bearer, TokenFuture, TokenProvider};\n"),
    (
        "runtime/auth/sdk_hmac/",
        "pub mod sdk_hmac;\npub use sdk_hmac::{\n    signer, BasicCredentials, Credentials, CredentialsChain, CredentialsError,\n    FederatedCredentials, GlobalCredentials, MetadataCredentials, TokenCredentials,\n};\n",
    ),
    ("runtime/regions.rs", "mod regions;\npub use regions::{Region, Regional, Regions};\n"),
];

/// Which optional templates `services` need.
fn needed(services: &[Service]) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for service in services {
        if !service.regions.is_empty() {
            out.insert("runtime/regions.rs");
        }
        for scheme in &service.schemes {
            out.insert(match scheme.kind {
                SchemeKind::Basic => "runtime/auth/basic.rs",
                SchemeKind::Bearer => "runtime/auth/bearer.rs",
                SchemeKind::ApiKey { .. } => "runtime/auth/api_key.rs",
                SchemeKind::SdkHmac => "runtime/auth/sdk_hmac/",
            });
        }
    }
    out
}

/// The piece a template belongs to, when it is optional.
fn piece_of(rel: &str) -> Option<&'static str> {
    PIECES.iter().map(|(p, _)| *p).find(|p| rel.starts_with(p))
}

/// The core's reader of error fields, and the piece that brings its own (the official SDK's
/// reading, for SDK-HMAC-SHA256 services) in its place.
const ERROR_FIELDS: (&str, &str) = ("runtime/error_fields.rs", "runtime/auth/sdk_hmac/");

/// The runtime and manifest files for a crate named `crate_name` made from `services`.
pub fn files(crate_name: &str, services: &[Service]) -> Vec<OutputFile> {
    let needed = needed(services);
    let wanted = |piece: Option<&str>| piece.is_none_or(|p| needed.contains(p));
    let sdk_errors = needed.contains(ERROR_FIELDS.1);
    let mut out = Vec::new();
    for (rel, contents) in FILES {
        if !wanted(piece_of(rel)) || (*rel == ERROR_FIELDS.0 && sdk_errors) {
            continue;
        }
        let path = match rel.strip_prefix("runtime/") {
            Some(name) => format!("src/runtime/{name}"),
            None => (*rel).to_owned(),
        };
        let contents = if *rel == "Cargo.toml" {
            manifest(contents, crate_name, services, &|p| wanted(piece_of(p)))
        } else {
            contents.to_string()
        };
        out.push(OutputFile {
            path,
            source: format!("templates/{rel}"),
            contents,
        });
    }
    let lines = |root: bool| {
        PIECES
            .iter()
            .filter(|(p, _)| needed.contains(p) && (*p == "runtime/regions.rs") == root)
            .map(|(_, lines)| *lines)
            .collect::<String>()
    };
    let error_fields = if sdk_errors {
        "use auth::sdk_hmac::error_fields;\n"
    } else {
        "mod error_fields;\n"
    };
    out.push(OutputFile {
        path: "src/runtime/mod.rs".into(),
        source: "templates/runtime/".into(),
        contents: format!("{RUNTIME_MOD}{error_fields}{}", lines(true)),
    });
    out.push(OutputFile {
        path: "src/runtime/auth/mod.rs".into(),
        source: "templates/runtime/auth/".into(),
        contents: format!("{AUTH_MOD}{}", lines(false)),
    });
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Fills the manifest template: the crate name, the licence, and the dependencies of the
/// templates in the crate.
fn manifest(
    template: &str,
    crate_name: &str,
    services: &[Service],
    included: &dyn Fn(&str) -> bool,
) -> String {
    let mut licenses = services
        .iter()
        .filter_map(|s| s.license.as_deref())
        .collect::<Vec<_>>();
    licenses.sort_unstable();
    licenses.dedup();
    let mut out = String::with_capacity(template.len());
    for line in template.lines() {
        if line == "[lints.rust]" {
            out.push_str(&features(services));
        }
        let line = line.replace("{{crate_name}}", crate_name);
        if line.contains("{{license}}") {
            if !licenses.is_empty() {
                out.push_str(&line.replace("{{license}}", &licenses.join(" AND ")));
                out.push('\n');
            }
            continue;
        }
        match line.split_once(" # with ") {
            Some((dependency, template)) => {
                if included(&format!("runtime/{}", template.trim())) {
                    out.push_str(dependency.trim_end());
                    out.push('\n');
                }
            }
            None => {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// The manifest's `[features]`, with a blank line after it, when the services have features.
fn features(services: &[Service]) -> String {
    let features = services
        .iter()
        .flat_map(|s| &s.features)
        .collect::<Vec<_>>();
    if features.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "[features]\n\
        # Each feature builds a group of operations and the types they use; all are on by default.\n\
        default = [\n",
    );
    for feature in &features {
        out.push_str(&format!("    \"{}\",\n", feature.name));
    }
    out.push_str("]\n");
    for feature in &features {
        out.push_str(&format!("# {}\n{} = []\n", feature.docs, feature.name));
    }
    out.push('\n');
    out
}

/// The start of `src/runtime/mod.rs`: the core every crate has.
const RUNTIME_MOD: &str = "\
//! The hand-written runtime: endpoints, requests, sending (timeouts, retries, tracing),
//! answers and errors, and in [`auth`] the authentication schemes this crate's specs use.
//!
//! Generated code calls into this module; users mostly meet [`ClientBuilder`] and [`Error`].

pub mod auth;
mod capture;
mod client;
mod endpoint;
mod error;
mod object;
mod request;
mod response;
mod retry;
mod send;
mod tagged;

pub use auth::*;
pub use capture::{capture, Answered};
pub use client::{Client, ClientBuilder};
pub use endpoint::{Server, ServerVariable, Service};
pub use error::{
    BuildError, DecodeError, Error, InvalidRequest, ServiceError, TransportError, TransportErrorKind,
};
pub use object::{deserialize_object, FromObject, Key, Members};
pub use request::{param_text, FilePart, HeaderText, Multipart, Request};
pub use reqwest;
pub use reqwest::Method;
pub use response::{OperationError, Response};
pub use retry::{RetryPolicy, Timeouts};
pub use tagged::serialize_tagged;

/// What `Debug` prints instead of a secret.
pub(crate) const REDACTED: &str = \"<redacted>\";
";

/// The start of `src/runtime/auth/mod.rs`: the seam every crate has.
const AUTH_MOD: &str = "\
//! Authentication: the seam between the client and the schemes ([`AuthScheme`]), and the
//! schemes this crate's specs declare.

mod scheme;
pub(crate) use scheme::{Schemes, Selected};
pub use scheme::{
    no_line_breaks, Attempt, AuthError, AuthFuture, AuthScheme, LearnFuture, Learned, Learning,
    Requirements,
};
";
