//! `conformance-caller --spec FILE [--overlay FILE]... --out DIR --crate-name NAME --judge DIR`:
//! generates the client crate of one spec into `DIR/client` and the program that calls each of
//! its operations into `DIR/caller` (see `generator::conformance`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use generator::conformance;

/// Generates a client and its conformance caller program.
#[derive(Debug, Parser)]
struct Args {
    /// The spec (JSON or YAML).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// A JSON Merge Patch applied to the spec before the client is generated (repeatable).
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,
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
    conformance::write_caller(
        &args.spec,
        &args.overlay,
        &args.out,
        &args.crate_name,
        &args.judge,
    )
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
