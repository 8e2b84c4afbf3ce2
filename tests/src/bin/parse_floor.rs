//! The floor under generation time: how long reading a spec file and parsing it into an
//! untyped document takes (`serde_json::Value` for JSON, the YAML crate the generator uses for
//! YAML), with nothing else done. Prints the median of the rounds in seconds.
//! Run with `cargo run --release -p tests --bin parse_floor -- SPEC [ROUNDS]` (part of
//! `tests/bench/run.sh`).

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: parse_floor SPEC [ROUNDS]")?;
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        let bytes = std::fs::read(&path)?;
        let nodes = if yaml {
            count(&serde_yaml::from_slice::<serde_json::Value>(&bytes)?)
        } else {
            count(&serde_json::from_slice::<serde_json::Value>(&bytes)?)
        };
        times.push(started.elapsed().as_secs_f64());
        // Using the count keeps the parse from being optimised away.
        if nodes == 0 {
            return Err(format!("{path} parsed to nothing").into());
        }
    }
    times.sort_by(f64::total_cmp);
    println!("{:.4}", times[times.len() / 2]);
    Ok(())
}

/// The number of nodes in a document.
fn count(value: &serde_json::Value) -> usize {
    1 + match value {
        serde_json::Value::Array(items) => items.iter().map(count).sum(),
        serde_json::Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}
