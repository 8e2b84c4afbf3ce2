//! Command line: `generator [--spec PATH]... [--overlay FILE]... [--out DIR] [--crate-name NAME]
//! [--features-by tag|path] [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use generator::{generate, write, FeaturesBy, SpecInput};

// Generation allocates and frees millions of small strings, tokens and syntax-tree nodes on
// every core; mimalloc's per-thread heaps do that in a fraction of the system allocator's
// time. Without transparent huge pages (`no_thp`): faulting in 2 MB pages the kernel must
// zero cost a small spec more than it saved, most after another process freed its memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates typed async Rust clients from OpenAPI 3.0/3.1, Swagger 2.0 and Huawei API Explorer
/// descriptions.
///
/// Without arguments, regenerates `generated/` from every spec in `specs/` of this repository.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// A spec (JSON or YAML) to generate from, or a folder of Huawei API Explorer definitions
    /// (one service); repeat for several services in one crate.
    #[arg(long = "spec", value_name = "PATH")]
    specs: Vec<PathBuf>,
    /// A JSON Merge Patch (RFC 7386, YAML or JSON) applied to the spec as OpenAPI 3.0 after it
    /// is read: what it does not say itself (`x-service`, `x-regions`, security schemes).
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// Folder of the generated crate [default: generated/ of this repository].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Name of the generated crate [default: huaweicloud, or the output folder's name].
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Write nothing; fail, naming each stale file, when the output on disk differs.
    #[arg(long)]
    check: bool,
    /// Name of the service's module [default: from `x-service`, the title, or the file name].
    #[arg(long, value_name = "NAME")]
    module: Option<String>,
    /// Name of the client type [default: from `x-service` or the title, e.g. `PetstoreClient`].
    #[arg(long, value_name = "NAME")]
    client_name: Option<String>,
    /// Give the crate a Cargo feature per group of operations, all on by default, so users
    /// can build only the operations they call (and the types those use).
    #[arg(long, value_name = "GROUP")]
    features_by: Option<Grouping>,
}

/// What `--features-by` groups operations by.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Grouping {
    /// The operations' tags.
    Tag,
    /// The first path segment after those all paths share (`/v1/customers/..` gives
    /// `customers`).
    Path,
}

impl From<Grouping> for FeaturesBy {
    fn from(grouping: Grouping) -> Self {
        match grouping {
            Grouping::Tag => FeaturesBy::Tag,
            Grouping::Path => FeaturesBy::Path,
        }
    }
}

/// The repository this binary was built from.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn default_specs(root: &Path) -> Result<Vec<SpecInput>, String> {
    let dir = root.join("specs");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut specs = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            SpecInput::new(&path, format!("specs/{}", name.unwrap_or_default()))
        })
        .collect::<Vec<_>>();
    specs.sort_by(|a, b| a.display.cmp(&b.display));
    Ok(specs)
}

fn crate_name_for(out: &Path) -> String {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = generator::naming::value_name(&name, "api_client");
    name.trim_start_matches("r#")
        .trim_start_matches('_')
        .to_owned()
}

fn run(args: Args) -> Result<bool, String> {
    let root = repo_root();
    let (specs, out, default_name) = if args.specs.is_empty() {
        let out = args.out.unwrap_or_else(|| root.join("generated"));
        (default_specs(&root)?, out, "huaweicloud".to_owned())
    } else {
        let out = args
            .out
            .ok_or("--out DIR is required together with --spec")?;
        if args.specs.len() > 1
            && (args.module.is_some() || args.client_name.is_some() || !args.overlays.is_empty())
        {
            return Err(
                "--module, --client-name and --overlay apply to one service: give one --spec"
                    .into(),
            );
        }
        let specs = args
            .specs
            .iter()
            .map(|p| {
                let mut input = SpecInput::new(p, p.display().to_string());
                input.names.module = args.module.clone();
                input.names.client = args.client_name.clone();
                input.overlays.clone_from(&args.overlays);
                input.features = args.features_by.map(FeaturesBy::from);
                input
            })
            .collect();
        let name = crate_name_for(&out);
        (specs, out, name)
    };
    let crate_name = args.crate_name.unwrap_or(default_name);
    let generated = generate(&specs, &crate_name).map_err(|d| d.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let outcome = write::write(&out, &generated.files, args.check)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    if args.check {
        for file in &outcome.changed {
            eprintln!("stale: {}", out.join(file).display());
        }
        for file in &outcome.removed {
            eprintln!("not generated any more: {}", out.join(file).display());
        }
        return Ok(outcome.is_clean());
    }
    eprintln!(
        "{}: {} files written, {} removed, {} unchanged",
        out.display(),
        outcome.changed.len(),
        outcome.removed.len(),
        generated.files.len() - outcome.changed.len()
    );
    Ok(true)
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
