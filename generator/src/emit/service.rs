//! One service module: its description, regions, client type, models and operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{cfg_of_users, code_span, docs, ident, inner_docs, render, OutputFile};
use crate::ir::{ParamLocation, ParamSource, SchemeKind, SecurityScheme, Server, Service};

/// Emits the files of one service module.
pub fn emit(service: &Service) -> Result<Vec<OutputFile>, String> {
    let dir = format!("src/{}", service.module.join("/"));
    let mut files = vec![OutputFile {
        path: format!("{dir}/mod.rs"),
        source: service.source.clone(),
        contents: render(module(service))?,
    }];
    if !service.types.is_empty() {
        files.push(OutputFile {
            path: format!("{dir}/models.rs"),
            source: service.source.clone(),
            contents: super::models::emit(&service.types)?,
        });
    }
    if !service.operations.is_empty() {
        files.push(OutputFile {
            path: format!("{dir}/operations.rs"),
            source: service.source.clone(),
            contents: super::operations::emit(service)?,
        });
    }
    Ok(files)
}

fn module(service: &Service) -> TokenStream {
    let mut text = service.title.trim().to_owned();
    if let Some(d) = &service.description {
        text.push_str("\n\n");
        text.push_str(d.trim());
    }
    if !service.webhooks.is_empty() {
        let names = service
            .webhooks
            .iter()
            .map(|n| format!("`{}`", n.replace('`', "'")))
            .collect::<Vec<_>>()
            .join(", ");
        text.push_str(&format!(
            "\n\nThe description also has webhooks, requests the API sends rather than \
             answers ({names}); this crate has no code for them."
        ));
    }
    let module_doc = inner_docs(&text);

    let has_models = !service.types.is_empty();
    let has_ops = !service.operations.is_empty();
    // With features, a module whose items are all gated is too, as is the client's field
    // when no operation is built.
    let models_cfg = cfg_of_users(service.types.iter().map(|t| t.features.as_slice()));
    let models =
        has_models.then(|| quote! { #models_cfg mod models; #models_cfg pub use models::*; });
    let ops_cfg = cfg_of_users(service.operations.iter().map(|op| op.features.as_slice()));
    let operations =
        has_ops.then(|| quote! { #ops_cfg mod operations; #ops_cfg pub use operations::*; });
    let unread = ops_cfg.as_ref().map(|_| {
        let features = service.features.iter().map(|f| &f.name);
        quote! { #[cfg_attr(not(any(#(feature = #features),*)), allow(dead_code))] }
    });

    let regions = regions(service);
    let env_name = &service.env_name;
    let client = ident(&service.client_name);
    // The title is spec text, repaired by `docs`; the link is ours.
    let title_doc = docs(Some(&format!("Client for {}.", service.title.trim())));
    let builder_doc = format!(
        " Build one with [`{}::builder`]; clones share one connection pool.",
        service.client_name
    );
    let client_doc = quote! { #title_doc #[doc = ""] #[doc = #builder_doc] };
    let servers = service.servers.iter().map(server);
    let fields = credential_fields(service);
    // A spec without operations gets its types only.
    let client_def = has_ops.then(|| {
        let builder = builder_methods(service);
        let from_env = from_env(service);
        let regional = (!service.regions.is_empty()).then(|| {
            quote! {
                impl runtime::Regional for #client {
                    const REGIONS: runtime::Regions = runtime::Regions {
                        service: #env_name,
                        all: regions::ALL,
                    };
                }
            }
        });
        quote! {
        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            #unread
            client: runtime::Client,
        }

        impl #client {
            /// A builder for this service's client.
            pub fn builder() -> runtime::ClientBuilder<Self> {
                runtime::ClientBuilder::new(&SERVICE)
            }

            #from_env
        }

        impl From<runtime::Client> for #client {
            fn from(client: runtime::Client) -> Self {
                Self { client }
            }
        }

        #builder
        #regional
        }
    });
    quote! {
        #module_doc
        #models
        #operations
        use crate::runtime;

        #regions

        /// The service's name and servers, as the client builder needs them.
        pub const SERVICE: runtime::Service = runtime::Service {
            name: #env_name,
            servers: &[#(#servers),*],
            fields: &[#(#fields),*],
        };

        #client_def
    }
}

/// `from_env()`, for a service signed with `SDK-HMAC-SHA256`: a builder with credentials from
/// the official SDKs' default chain and the region of the environment.
fn from_env(service: &Service) -> Option<TokenStream> {
    let scheme = service
        .schemes
        .iter()
        .find(|s| s.kind == SchemeKind::SdkHmac)?;
    let method = ident(&scheme.method);
    let region = if service.regions.is_empty() {
        quote! { Ok(builder) }
    } else {
        quote! {
            Ok(match chain.region() {
                Some(region) => builder.region_id(region),
                None => builder,
            })
        }
    };
    Some(quote! {
        /// A builder with credentials from the official SDKs' default chain (the
        /// `HUAWEICLOUD_SDK_*` variables, the profile file, the ECS metadata service) and the
        /// region `HUAWEICLOUD_SDK_REGION` names, if set: `from_env().await?.build()?`.
        pub async fn from_env() -> Result<runtime::ClientBuilder<Self>, runtime::CredentialsError> {
            let chain = runtime::CredentialsChain::default();
            let builder = Self::builder().#method(chain.credentials_for(&SERVICE).await?);
            #region
        }
    })
}

/// The values the service's operations take from the credentials (`x-credential-field`).
fn credential_fields(service: &Service) -> Vec<&str> {
    let mut fields = service
        .operations
        .iter()
        .flat_map(|op| &op.params)
        .filter_map(|p| match (&p.source, &p.location) {
            (ParamSource::Credential(key), ParamLocation::Path) => Some(key.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>();
    fields.sort_unstable();
    fields.dedup();
    fields
}

/// Markdown for the crate docs (ours, not spec text): how to build this service's client, set
/// its endpoint and authenticate, as a doctest that compiles.
pub(super) fn example(service: &Service, crate_name: &str) -> String {
    let client = &service.client_name;
    let path = format!("{crate_name}::{}", service.module.join("::"));
    let mut text = String::new();
    if service.operations.is_empty() {
        text.push_str(&format!(
            "Types only: see [`{}`].",
            service.module.join("::")
        ));
        return text;
    }
    let mut lines = vec![format!("let client = {client}::builder()")];
    match (service.regions.first(), service.servers.first()) {
        (Some(region), _) => {
            lines.push(format!(
                "    .region_id({:?}) // or .endpoint(\"https://...\")",
                region.id
            ));
        }
        (None, Some(server)) if !server.is_relative() => {
            lines.push(format!(
                "    // Requests go to `{}`; `.endpoint(url)` sends them elsewhere.",
                server.url
            ));
        }
        (None, Some(server)) => {
            lines.push(format!(
                "    // The spec's server `{}` is joined to this host:",
                server.url
            ));
            lines.push("    .endpoint(\"https://api.example.com\")".into());
        }
        (None, None) => lines.push("    .endpoint(\"https://api.example.com\")".into()),
    }
    // The credentials the first secured operation asks for.
    let first = service
        .operations
        .iter()
        .find_map(|op| op.security.iter().find(|r| !r.is_empty()));
    for name in first.into_iter().flatten() {
        let Some(scheme) = service.schemes.iter().find(|s| &s.name == name) else {
            continue;
        };
        let method = scheme.method.trim_start_matches("r#");
        lines.push(match &scheme.kind {
            SchemeKind::Basic => format!("    .{method}(\"user\", \"password\")"),
            SchemeKind::Bearer => format!("    .{method}(\"access-token\")"),
            SchemeKind::ApiKey { .. } => format!("    .{method}(\"api-key\")"),
            SchemeKind::SdkHmac => format!(
                "    .{method}({crate_name}::runtime::BasicCredentials::new(\"ak\", \"sk\", \"project-id\"))"
            ),
        });
    }
    lines.push("    .build()?;".into());
    let op = &service.operations[0];
    text.push_str(&format!(
        "Build a [`{client}`](crate::{}::{client}) and call its operations,\n\
         e.g. [`{}`](crate::{}::{client}::{}):\n\n```no_run\nuse {path}::{client};\n\n\
         # fn main() -> Result<(), {crate_name}::runtime::BuildError> {{\n{}\n# let _ = client;\n# Ok(())\n# }}\n```",
        service.module.join("::"),
        op.fn_name.trim_start_matches("r#"),
        service.module.join("::"),
        op.fn_name.trim_start_matches("r#"),
        lines.join("\n"),
    ));
    text
}

/// A `runtime::Server` expression for a server of the spec.
pub(super) fn server(server: &Server) -> TokenStream {
    let url = &server.url;
    let variables = server.variables.iter().map(|v| {
        let (name, default, allowed) = (&v.name, &v.default, &v.allowed);
        quote! {
            runtime::ServerVariable { name: #name, default: #default, allowed: &[#(#allowed),*] }
        }
    });
    quote! { runtime::Server { url: #url, variables: &[#(#variables),*] } }
}

/// The builder's methods for this service: one per security scheme, one per server variable.
fn builder_methods(service: &Service) -> Option<TokenStream> {
    let client = ident(&service.client_name);
    let schemes = service.schemes.iter().map(scheme_methods);
    let variables = service
        .servers
        .iter()
        .flat_map(|s| &s.variables)
        .filter_map(|v| {
            let method = ident(v.method.as_ref()?);
            let name = &v.name;
            let mut text = format!(
                "Sets the server variable `{name}` (default `{}`).",
                v.default
            );
            if !v.allowed.is_empty() {
                let allowed = v
                    .allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>();
                text.push_str(&format!(" Allowed: {}.", allowed.join(", ")));
            }
            if let Some(d) = &v.docs {
                text = format!("{}\n\n{text}", d.trim());
            }
            let doc = docs(Some(&text));
            Some(quote! {
                #doc
                pub fn #method(self, value: impl Into<String>) -> Self {
                    self.server_variable(#name, value)
                }
            })
        })
        .collect::<Vec<_>>();
    if service.schemes.is_empty() && variables.is_empty() {
        return None;
    }
    Some(quote! {
        impl runtime::ClientBuilder<#client> {
            #(#schemes)*
            #(#variables)*
        }
    })
}

/// The builder method(s) that set the credentials of one scheme.
fn scheme_methods(scheme: &SecurityScheme) -> TokenStream {
    let name = &scheme.name;
    let method = ident(&scheme.method);
    let described = |what: &str| {
        let mut text = format!("{what} for the security scheme `{name}`.");
        if let Some(d) = scheme
            .docs
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            text.push_str("\n\n");
            text.push_str(d);
        }
        docs(Some(&text))
    };
    match &scheme.kind {
        SchemeKind::Basic => {
            let doc = described("HTTP Basic credentials");
            quote! {
                #doc
                pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.authorization(#name, runtime::Basic::new(username, password))
                }
            }
        }
        SchemeKind::Bearer => {
            let doc = described("A bearer token (sent as `Authorization: Bearer <token>`)");
            let provider = ident(&format!(
                "{}_provider",
                scheme.method.trim_start_matches("r#")
            ));
            let provider_doc = docs(Some(&format!(
                "Bearer tokens for the security scheme `{name}` from `provider`, asked before \
                 every attempt (so they can be refreshed)."
            )));
            quote! {
                #doc
                pub fn #method(self, token: impl Into<String>) -> Self {
                    self.authorization(#name, runtime::Bearer::new(token))
                }

                #provider_doc
                pub fn #provider(self, provider: impl runtime::TokenProvider) -> Self {
                    self.authorization(#name, runtime::Bearer::from_provider(provider))
                }
            }
        }
        SchemeKind::ApiKey {
            location,
            name: wire,
        } => {
            let (place, what) = match location {
                ParamLocation::Query => (quote!(Query), "query parameter"),
                ParamLocation::Cookie => (quote!(Cookie), "cookie"),
                _ => (quote!(Header), "header"),
            };
            let doc = described(&format!("An API key (sent in the {what} `{wire}`)"));
            quote! {
                #doc
                pub fn #method(self, key: impl Into<String>) -> Self {
                    self.authorization(
                        #name,
                        runtime::ApiKey::new(runtime::ApiKeyLocation::#place, #wire, key),
                    )
                }
            }
        }
        SchemeKind::SdkHmac => {
            let doc = described(
                "AK/SK credentials (requests signed with `SDK-HMAC-SHA256`) or an IAM token",
            );
            quote! {
                #doc
                pub fn #method(self, credentials: impl Into<runtime::Credentials>) -> Self {
                    self.authorization(#name, credentials.into())
                }
            }
        }
    }
}

fn regions(service: &Service) -> Option<TokenStream> {
    if service.regions.is_empty() {
        return None;
    }
    let consts = service.regions.iter().map(|r| {
        let name = ident(&r.const_name);
        let doc = format!(" {}: <{}>", code_span(&r.id), r.endpoint.escape_debug());
        let (id, endpoint) = (&r.id, &r.endpoint);
        quote! {
            #[doc = #doc]
            pub const #name: Region = Region::new(#id, #endpoint);
        }
    });
    let names = service.regions.iter().map(|r| ident(&r.const_name));
    Some(quote! {
        /// Regions that offer the service, with their endpoints.
        pub mod regions {
            use crate::runtime::Region;

            #(#consts)*

            /// Every region above.
            pub const ALL: &[Region] = &[#(#names),*];
        }
    })
}
