#!/usr/bin/env bash
# The fuzz command (not part of the tests): each cargo-fuzz target (or the TARGETs named) for
# SECONDS (default 60), from seed corpora made of ../shared/corpus, tests/fixtures and
# fuzz/seeds. FUZZ_SEED=N fixes libFuzzer's random seed (CI's smoke run). Installs cargo-fuzz
# under target/ when it is absent; needs the nightly toolchain. Prints per target the executions,
# the coverage and the findings (inputs that crashed or hung, in target/fuzz/artifacts/).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(generate_json generate_yaml mutate_spec decode_answer signer)
TOOLS=target/fuzz-tools
WORK=target/fuzz
if [ ! -x "$TOOLS/bin/cargo-fuzz" ]; then
  echo "== installing cargo-fuzz" >&2
  cargo install --quiet --locked cargo-fuzz --root "$TOOLS"
fi
export PATH="$PWD/$TOOLS/bin:$PATH"
# Rust is memory-safe here (the crates forbid `unsafe`): no sanitizer, so inputs run at full
# speed and the 2-second limit per input means what it says.
# The answer-decoding target decodes into the types of a client generated from the fixtures.
echo "== generating the fixtures' client" >&2
cargo run --quiet -p generator -- --out "$WORK/clients/fixtures" --crate-name fixtures \
  --spec tests/fixtures/composed.yaml --spec tests/fixtures/nullable.yaml \
  --spec tests/fixtures/enums.yaml --spec tests/fixtures/shapes.yaml \
  --spec tests/fixtures/objects.yaml 2>/dev/null >&2
echo "== building the fuzz targets" >&2
(cd fuzz && cargo +nightly fuzz build --sanitizer none --target-dir "../$WORK/build" >&2)
bin=$WORK/build/x86_64-unknown-linux-gnu/release

# seed TARGET FILES...: copies the files (under 300 KB: a seed must run well within the limit
# per input) into the target's corpus.
seed() {
  local target=$1 file
  shift
  mkdir -p "$WORK/corpus/$target"
  for file in "$@"; do
    [ -f "$file" ] && [ "$(stat -c %s "$file")" -lt 300000 ] && cp "$file" "$WORK/corpus/$target/"
  done
  return 0
}
shopt -s nullglob
corpus=../shared/corpus
seed generate_json "$corpus"/*.json "$corpus"/v31/*.json "$corpus"/swagger2/*.json tests/fixtures/fuzz/*.json
seed generate_yaml "$corpus"/*.yaml "$corpus"/v31/*.yaml "$corpus"/swagger2/*.yaml tests/fixtures/*.yaml
seed decode_answer fuzz/seeds/decode_answer/*
# The structure-aware and signer targets read their bytes as edits and fields: no seeds.
mkdir -p "$WORK/corpus/mutate_spec" "$WORK/corpus/signer" "$WORK/artifacts"

echo "| target | seconds | executions | coverage (edges) | features | corpus | findings |"
echo "|---|---:|---:|---:|---:|---:|---|"
status=0
for target in "${TARGETS[@]}"; do
  log=$WORK/$target.log
  # Findings of earlier runs are not this run's: each run starts with no artifacts.
  rm -rf "$WORK/artifacts/$target"
  mkdir -p "$WORK/artifacts/$target"
  # Specs as raw bytes may be as long as the seeds; a list of edits needs no more than a few
  # hundred bytes, and is tried at every length from the start.
  options=(-max_len=300000)
  [ "$target" = mutate_spec ] && options=(-max_len=512 -len_control=0)
  [ -n "${FUZZ_SEED:-}" ] && options+=(-seed="$FUZZ_SEED")
  set +e
  "$bin/$target" "$WORK/corpus/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=2 \
    -rss_limit_mb=2048 "${options[@]}" -print_final_stats=1 \
    -artifact_prefix="$WORK/artifacts/$target/" >"$log" 2>&1
  code=$?
  set -e
  # A crash ends the run without final stats: the last progress line tells how far it got.
  done_line=$(grep -E '^#[0-9]+\s+DONE' "$log" | tail -1 || true)
  [ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
  [ -n "$execs" ] || execs=$(echo "$done_line" | sed -n 's/^#\([0-9]*\).*/\1/p')
  cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$done_line" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
  findings=$(ls "$WORK/artifacts/$target" | wc -l)
  what=none
  if [ "$code" -ne 0 ] || [ "$findings" -gt 0 ]; then
    status=1
    what="$findings in $WORK/artifacts/$target/: $(grep -m1 -A1 -E 'panicked at|ERROR: libFuzzer' "$log" | tail -1 | cut -c1-80 | tr '|' '/' || true)"
  fi
  echo "| \`$target\` | $SECONDS_PER_TARGET | ${execs:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | $what |"
done
exit $status
