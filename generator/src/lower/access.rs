//! How a client reaches the API: servers and their variables, security schemes, and the
//! security requirements of operations.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};
use serde_json::Value;

use super::{ext_str, Lowerer};
use crate::diag::pointer;
use crate::ir::{ParamLocation, SchemeKind, Server, ServerVariable};
use crate::naming::{self, Scope};

/// Methods every client builder has, which generated methods must not shadow.
pub(super) const BUILDER_METHODS: &[&str] = &[
    "new",
    "build",
    "endpoint",
    "server_variable",
    "authorization",
    "user_agent",
    "allow_http",
    "connect_timeout",
    "attempt_timeout",
    "total_timeout",
    "retry",
    "max_response_bytes",
    "http_client",
    "signing_time",
    "region",
    "region_id",
    "credentials",
];

/// The value of `x-signing` that selects the official Huawei SDKs' signature.
const SDK_HMAC: &str = "SDK-HMAC-SHA256";

impl Lowerer<'_> {
    /// The security schemes of the spec, each with its builder method; unsupported ones are
    /// warned about and left out (their credentials can still be set by name).
    pub(super) fn security_schemes(
        &mut self,
        methods: &mut Scope,
    ) -> Vec<crate::ir::SecurityScheme> {
        let Some(components) = self.api.components.as_ref() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut signing = false;
        for (name, scheme) in &components.security_schemes {
            let ptr = pointer(["components", "securitySchemes", name]);
            let ReferenceOr::Item(scheme) = scheme else {
                self.warn(
                    ptr,
                    "security scheme references are not supported; scheme skipped",
                );
                continue;
            };
            let (extensions, docs) = match scheme {
                SecurityScheme::APIKey {
                    extensions,
                    description,
                    ..
                }
                | SecurityScheme::HTTP {
                    extensions,
                    description,
                    ..
                }
                | SecurityScheme::OAuth2 {
                    extensions,
                    description,
                    ..
                }
                | SecurityScheme::OpenIDConnect {
                    extensions,
                    description,
                    ..
                } => (extensions, description.clone()),
            };
            let kind = match (ext_str(extensions, "x-signing"), scheme) {
                (Some(SDK_HMAC), _) => SchemeKind::SdkHmac,
                (Some(other), _) => {
                    self.warn(
                        format!("{ptr}/x-signing"),
                        format!("signing `{other}` is not supported (only `{SDK_HMAC}`); scheme skipped"),
                    );
                    continue;
                }
                (None, SecurityScheme::APIKey { location, name, .. }) => SchemeKind::ApiKey {
                    location: match location {
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    },
                    name: name.clone(),
                },
                (None, SecurityScheme::HTTP { scheme, .. }) => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "basic" => SchemeKind::Basic,
                        "bearer" => SchemeKind::Bearer,
                        other => {
                            self.warn(
                                format!("{ptr}/scheme"),
                                format!("HTTP scheme `{other}` is not supported; set its credentials with `authorization(..)`"),
                            );
                            continue;
                        }
                    }
                }
                (None, SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. }) => {
                    SchemeKind::Bearer
                }
            };
            // The signing scheme's credentials are the official SDKs' `credentials(..)`.
            let method = if kind == SchemeKind::SdkHmac && !signing {
                signing = true;
                "credentials".to_owned()
            } else {
                let base = naming::value_name(name, "auth");
                let base = if methods.is_free(&base) {
                    base
                } else {
                    format!("{base}_auth")
                };
                methods.claim(base)
            };
            out.push(crate::ir::SecurityScheme {
                name: name.clone(),
                method,
                kind,
                docs,
            });
        }
        out
    }

    /// The requirements of an operation (or, without its own, the spec's), as scheme names. A
    /// scheme that is not declared is warned about and kept: the call then needs its
    /// credentials set by name (`authorization(..)`), as for unsupported schemes.
    pub(super) fn requirements(
        &mut self,
        own: Option<&Vec<SecurityRequirement>>,
        ptr: &str,
    ) -> Vec<Vec<String>> {
        let (list, ptr) = match own {
            Some(list) => (list, format!("{ptr}/security")),
            None => match &self.api.security {
                Some(list) => (list, "/security".to_owned()),
                None => return Vec::new(),
            },
        };
        let declared = |name: &String| {
            self.api
                .components
                .as_ref()
                .is_some_and(|c| c.security_schemes.contains_key(name))
        };
        let mut out = Vec::new();
        for (i, requirement) in list.iter().enumerate() {
            if let Some(name) = requirement.keys().find(|name| !declared(name)) {
                let message = format!(
                    "security scheme `{name}` is not declared; set its credentials with `authorization(..)`"
                );
                self.warn(format!("{ptr}/{i}"), message);
            }
            out.push(requirement.keys().cloned().collect());
        }
        out
    }

    /// Lowers servers; variables get builder methods named after them where free.
    pub(super) fn servers(
        &mut self,
        servers: &[openapiv3::Server],
        methods: &mut Scope,
    ) -> Vec<Server> {
        servers
            .iter()
            .map(|server| Server {
                url: server.url.clone(),
                docs: server.description.clone(),
                variables: server
                    .variables
                    .iter()
                    .flatten()
                    .map(|(name, variable)| {
                        let method = naming::value_name(name, "variable");
                        let method = methods.is_free(&method).then(|| methods.claim(method));
                        ServerVariable {
                            name: name.clone(),
                            method,
                            default: variable.default.clone(),
                            allowed: variable.enumeration.clone(),
                            docs: variable.description.clone(),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// The licence of the API as a Cargo `license` value: an SPDX id as given, or the SPDX id
    /// of a common licence name; other names are left out.
    /// The spec's summary (3.1) and description, as the module's docs after its title.
    pub(super) fn description(&self) -> Option<String> {
        let info = &self.api.info;
        let summary = info.extensions.get("x-summary").and_then(Value::as_str);
        let parts = [summary, info.description.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>();
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    /// The names of the webhooks a 3.1 spec describes (`load` keeps them in `x-webhooks`; its
    /// `summary` and the licence's `identifier` in `x-summary` and `x-identifier`).
    pub(super) fn webhooks(&self) -> Vec<String> {
        self.api
            .info
            .extensions
            .get("x-webhooks")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn license(&self) -> Option<String> {
        let license = self.api.info.license.as_ref()?;
        let id = license
            .extensions
            .get("x-identifier")
            .and_then(Value::as_str)
            .unwrap_or(&license.name)
            .trim();
        spdx_id(id)
    }
}

/// The SPDX id for a licence name or id, if it is a common one.
fn spdx_id(name: &str) -> Option<String> {
    const IDS: &[&str] = &[
        "Apache-2.0",
        "MIT",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "ISC",
        "MPL-2.0",
        "GPL-2.0",
        "GPL-3.0",
        "LGPL-2.1",
        "LGPL-3.0",
        "AGPL-3.0",
        "Unlicense",
        "CC0-1.0",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "EPL-2.0",
        "0BSD",
        "Zlib",
    ];
    let squash = |s: &str| {
        s.to_ascii_lowercase()
            .replace("license", "")
            .replace("licence", "")
            .replace("version", "")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    };
    let wanted = squash(name);
    if wanted.is_empty() {
        return None;
    }
    IDS.iter()
        .find(|id| squash(id) == wanted || squash(id).trim_end_matches('0') == wanted)
        .map(|id| (*id).to_owned())
}

#[cfg(test)]
mod tests {
    use super::spdx_id;

    #[test]
    fn licence_names_become_spdx_ids() {
        assert_eq!(spdx_id("Apache 2.0").as_deref(), Some("Apache-2.0"));
        assert_eq!(
            spdx_id("Apache License, Version 2.0").as_deref(),
            Some("Apache-2.0")
        );
        assert_eq!(spdx_id("MIT").as_deref(), Some("MIT"));
        assert_eq!(spdx_id("MIT License").as_deref(), Some("MIT"));
        assert_eq!(spdx_id("BSD-3-Clause").as_deref(), Some("BSD-3-Clause"));
        assert_eq!(spdx_id("Proprietary"), None);
        assert_eq!(spdx_id(""), None);
    }
}
