//! `conformance-caller --spec FILE --out DIR --crate-name NAME --judge DIR`: generates the
//! client crate of one spec into `DIR/client` and the program that calls each of its
//! operations into `DIR/caller` (see `generator::conformance`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use generator::{conformance, generate, load, lower, naming, write, SpecInput};

/// Generates a client and its conformance caller program.
#[derive(Debug, Parser)]
struct Args {
    /// The spec (JSON or YAML).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// Folder to write `client/` and `caller/` into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Name of the client crate.
    #[arg(long, value_name = "NAME")]
    crate_name: String,
    /// The `judge` crate, as a path from `DIR/caller`.
    #[arg(long, value_name = "DIR")]
    judge: String,
}

fn run(args: &Args) -> Result<(), String> {
    let display = args.spec.display().to_string();
    let input = SpecInput::new(&args.spec, &display);
    let generated =
        generate(std::slice::from_ref(&input), &args.crate_name).map_err(|d| d.to_string())?;
    let client = args.out.join("client");
    write::write(&client, &generated.files, false)
        .map_err(|e| format!("{}: {e}", client.display()))?;
    let loaded = load::load(&args.spec, &display).map_err(|d| d.to_string())?;
    let (service, _) =
        lower::lower(&loaded, &naming::Overrides::default()).map_err(|d| d.to_string())?;
    let spec_name = args
        .spec
        .file_name()
        .map_or_else(|| display.clone(), |n| n.to_string_lossy().into_owned());
    let caller = args.out.join("caller");
    let files = [
        (
            Path::new("Cargo.toml").to_path_buf(),
            conformance::caller_manifest(&args.crate_name, "../client", &args.judge),
        ),
        (
            Path::new("src/main.rs").to_path_buf(),
            conformance::caller_program(&service, &args.crate_name, &spec_name),
        ),
    ];
    for (path, text) in files {
        let path = caller.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
