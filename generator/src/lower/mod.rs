//! Lower stage: OpenAPI document to [`ir::Service`](crate::ir::Service).
//!
//! Resolves `$ref`s, names every type, field and method, and reports what it cannot represent
//! as warnings with a fallback (usually `serde_json::Value`).

mod access;
mod composition;
mod errors;
pub mod features;
mod form;
mod implied;
mod operation;
mod parameter;
mod recursion;
mod refs;
mod schema;
mod tag_fields;

use openapiv3::OpenAPI;
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Region, Service, TypeDef};
use crate::load::LoadedSpec;
use crate::naming::{self, Scope};

/// Lowers one loaded spec, with the names the caller chose. Returns the service and the
/// warnings found on the way.
pub fn lower(
    spec: &LoadedSpec,
    names: &naming::Overrides,
) -> Result<(Service, Vec<Diagnostic>), Diagnostics> {
    let mut cx = Lowerer::new(spec);
    let meta = cx.service_meta(names)?;
    cx.type_names.reserve(&meta.client_name);
    let mut methods = Scope::default();
    for name in access::BUILDER_METHODS {
        methods.reserve(name);
    }
    let schemes = cx.security_schemes(&mut methods);
    // With regions, the endpoint comes from the region chosen, as in the official SDKs.
    let servers = if meta.regions.is_empty() {
        cx.servers(&cx.api.servers, &mut methods)
    } else {
        Vec::new()
    };
    let license = cx.license();
    let webhooks = cx.webhooks();
    cx.declare_components();
    cx.define_components();
    let mut operations = cx.operations();
    let shared_errors = errors::share(&mut operations, &mut cx.type_names);
    for name in recursion::break_alias_cycles(&mut cx.types) {
        cx.warn(
            "/components/schemas",
            format!("`{name}` is an alias of itself; using serde_json::Value"),
        );
    }
    recursion::box_recursive(&mut cx.types);
    tag_fields::fold(&mut cx.types, &operations);
    let service = Service {
        source: spec.display.clone(),
        module: meta.module,
        title: spec.openapi.info.title.clone(),
        description: cx.description(),
        client_name: meta.client_name,
        env_name: meta.env_name,
        regions: meta.regions,
        servers,
        schemes,
        license,
        types: cx.types,
        operations,
        shared_errors,
        webhooks,
        features: Vec::new(),
    };
    Ok((service, cx.diags))
}

struct ServiceMeta {
    module: Vec<String>,
    client_name: String,
    env_name: String,
    regions: Vec<Region>,
}

/// State of one lowering run.
struct Lowerer<'a> {
    spec: &'a LoadedSpec,
    api: &'a OpenAPI,
    diags: Vec<Diagnostic>,
    type_names: Scope,
    /// Component schema name to (Rust type name, nullable).
    components: HashMap<String, (String, bool)>,
    types: Vec<TypeDef>,
    /// How deeply schema definitions are nested right now.
    depth: usize,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a LoadedSpec) -> Self {
        Self {
            spec,
            api: &spec.openapi,
            diags: Vec::new(),
            type_names: Scope::for_types(),
            components: HashMap::default(),
            types: Vec::new(),
            depth: 0,
        }
    }

    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let d = Diagnostic::warning(&self.spec.display, pointer, message);
        self.diags.push(d);
    }

    /// Reads `x-service` and `x-regions`. Without `x-service`, the module and the client are
    /// named after the title, else the file; `names` overrides both.
    fn service_meta(&mut self, names: &naming::Overrides) -> Result<ServiceMeta, Diagnostics> {
        let file = &self.spec.display;
        let ext = &self.api.extensions;
        let service = ext.get("x-service");
        let text = |key: &str| -> Option<String> {
            service
                .and_then(|s| s.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let stem = self
            .spec
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("api")
            .to_owned();
        let title = naming::title_words(&self.api.info.title);
        let base = names
            .module
            .clone()
            .or_else(|| text("module"))
            .or_else(|| (!title.is_empty()).then(|| title.join("_").to_lowercase()))
            .unwrap_or(stem);
        let mut base = naming::value_name(&base, "api")
            .trim_start_matches("r#")
            .to_owned();
        if base == "runtime" {
            // The crate's `runtime` module has that name.
            base.push_str("_api");
        }
        let mut module = vec![base.clone()];
        if let Some(version) = text("version") {
            let v = naming::value_name(&version, "v")
                .trim_start_matches("r#")
                .to_owned();
            module.push(v);
        }
        let env_name = text("name").unwrap_or_else(|| base.to_uppercase());
        let client_name = match (&names.client, text("name")) {
            (Some(name), _) => naming::type_name(name, "ApiClient"),
            (None, Some(name)) => format!("{}Client", naming::type_name(&name, "Api")),
            (None, None) if !title.is_empty() && names.module.is_none() => {
                format!("{}Client", naming::type_name(&title.join(" "), "Api"))
            }
            (None, None) => format!("{}Client", naming::type_name(&base, "Api")),
        };

        let mut regions = Vec::new();
        let mut consts = Scope::default();
        if let Some(list) = ext.get("x-regions") {
            let Some(items) = list.as_array() else {
                return Err(Diagnostic::error(file, "/x-regions", "must be a list").into());
            };
            for (i, item) in items.iter().enumerate() {
                let field = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
                let (Some(id), Some(endpoint)) = (field("id"), field("endpoint")) else {
                    return Err(Diagnostic::error(
                        file,
                        format!("/x-regions/{i}"),
                        "a region needs string `id` and `endpoint`",
                    )
                    .into());
                };
                let const_name = consts.claim(naming::const_name(&id));
                regions.push(Region {
                    id,
                    endpoint,
                    const_name,
                });
            }
        }
        Ok(ServiceMeta {
            module,
            client_name,
            env_name,
            regions,
        })
    }
}

/// Reads a string extension such as `x-credential-field`.
fn ext_str<'v>(ext: &'v indexmap::IndexMap<String, Value>, key: &str) -> Option<&'v str> {
    ext.get(key).and_then(Value::as_str)
}
