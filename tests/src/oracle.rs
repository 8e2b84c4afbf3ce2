//! The official Huawei Cloud Python SDK as a test oracle.
//!
//! [`run`] feeds JSON lines to `tests/oracle/oracle.py` and reads its answers. The first call
//! sets up a virtualenv under `target/oracle-venv` from PyPI (pinned in
//! `tests/oracle/requirements*.txt`); a failed install fails the test, it is never skipped.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn oracle_dir() -> PathBuf {
    repo().join("tests/oracle")
}

fn venv() -> PathBuf {
    repo().join("target/oracle-venv")
}

fn run_checked(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Creates the virtualenv unless one with the same pinned requirements exists.
fn install() -> Result<PathBuf, String> {
    let dir = venv();
    let python = dir.join("bin/python");
    let wanted = [
        std::fs::read_to_string(oracle_dir().join("requirements.txt")),
        std::fs::read_to_string(oracle_dir().join("requirements-sms.txt")),
    ]
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| format!("cannot read the oracle requirements: {e}"))?
    .concat();
    let marker = dir.join(".installed");
    if python.exists() && std::fs::read_to_string(&marker).ok().as_deref() == Some(&wanted) {
        return Ok(python);
    }
    run_checked(Command::new("python3").args(["-m", "venv"]).arg(&dir))?;
    run_checked(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "-r"])
            .arg(oracle_dir().join("requirements.txt")),
    )?;
    run_checked(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--upgrade",
                "--target",
            ])
            .arg(dir.join("sms"))
            .arg("-r")
            .arg(oracle_dir().join("requirements-sms.txt")),
    )?;
    std::fs::write(&marker, wanted).map_err(|e| format!("cannot write {marker:?}: {e}"))?;
    Ok(python)
}

/// The virtualenv's Python, installing it on first use.
pub fn python() -> Result<PathBuf, String> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON.get_or_init(install).clone()
}

/// Runs `oracle.py <mode>` over `inputs`, one answer per input. Blocking: call it from
/// `spawn_blocking` when a loopback server must keep serving meanwhile.
pub fn run(mode: &str, inputs: &[Value]) -> Vec<Value> {
    let python = python().unwrap_or_else(|e| panic!("the Python oracle is not available: {e}"));
    let mut child = Command::new(python)
        .arg(oracle_dir().join("oracle.py"))
        .arg(mode)
        .env("PYTHONPATH", venv().join("sms"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start oracle.py");
    let mut stdin = child.stdin.take().expect("stdin");
    let text = inputs.iter().map(|v| format!("{v}\n")).collect::<String>();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("oracle.py runs");
    let written = writer.join().expect("writer thread");
    assert!(
        out.status.success(),
        "oracle.py {mode} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    written.expect("write to oracle.py");
    let answers = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle.py prints JSON lines"))
        .collect::<Vec<Value>>();
    assert_eq!(answers.len(), inputs.len(), "one answer per input");
    answers
}
