//! Generates typed async Rust clients from OpenAPI 3.0 and 3.1, Swagger 2.0 and Huawei API
//! Explorer descriptions.
//!
//! The pipeline has four stages, one module each: [`load`] reads a spec, [`lower`] turns it
//! into the [`ir`], [`emit`] prints Rust source, and [`write`] puts the files on disk.

pub mod conformance;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod templates;
pub mod write;

use std::path::PathBuf;

use diag::{Diagnostic, Diagnostics};
use emit::OutputFile;
pub use lower::features::FeaturesBy;

/// One spec to generate from.
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// Where to read it.
    pub path: PathBuf,
    /// How to name it in diagnostics and `@generated` headers.
    pub display: String,
    /// Module and client names chosen instead of the spec's.
    pub names: naming::Overrides,
    /// Documents merged into the spec after it is read ([`load::overlay`]).
    pub overlays: Vec<PathBuf>,
    /// Cargo features per group of operations, when asked for ([`lower::features`]).
    pub features: Option<FeaturesBy>,
}

impl SpecInput {
    /// A spec at `path`, shown as `display`, named as the spec says.
    pub fn new(path: impl Into<PathBuf>, display: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            display: display.into(),
            names: naming::Overrides::default(),
            overlays: Vec::new(),
            features: None,
        }
    }
}

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file of the crate, relative to its root, without headers.
    pub files: Vec<OutputFile>,
    /// Problems that were worked around.
    pub warnings: Vec<Diagnostic>,
}

/// Generates a whole crate named `crate_name` from `specs`.
pub fn generate(specs: &[SpecInput], crate_name: &str) -> Result<Generated, Diagnostics> {
    let mut services = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for spec in specs {
        let lowered =
            load::load_with(&spec.path, &spec.display, &spec.overlays).and_then(|loaded| {
                let (mut service, mut w) = lower::lower(&loaded, &spec.names)?;
                if let Some(by) = spec.features {
                    // Several services in one crate: features are named after their module.
                    let prefix = (specs.len() > 1)
                        .then(|| naming::feature_name(&service.module.join(" "), "service"));
                    let tags = &loaded.openapi.tags;
                    w.extend(lower::features::group(
                        &mut service,
                        by,
                        tags,
                        prefix.as_deref(),
                    ));
                }
                Ok((service, [loaded.warnings, w].concat()))
            });
        match lowered {
            Ok((service, w)) => {
                warnings.extend(w);
                services.push(service);
            }
            Err(d) => errors.extend(d.0),
        }
    }
    for (i, a) in services.iter().enumerate() {
        if let Some(b) = services[..i].iter().find(|b| b.module == a.module) {
            errors.push(Diagnostic::error(
                &a.source,
                "/x-service",
                format!(
                    "module `{}` is also generated from {}",
                    a.module.join("::"),
                    b.source
                ),
            ));
        }
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(Diagnostics(errors));
    }
    let mut files = templates::files(crate_name, &services);
    let emitted = emit::emit_services(&services, crate_name).map_err(|message| {
        match message.split_once(": ") {
            Some((source, rest)) if services.iter().any(|s| s.source == source) => {
                Diagnostic::error(source, "", rest)
            }
            _ => Diagnostic::error(crate_name, "", message),
        }
    })?;
    files.extend(emitted);
    Ok(Generated { files, warnings })
}
