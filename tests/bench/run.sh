#!/usr/bin/env bash
# The bench command (not part of the tests): generation speed against progenitor and
# openapi-generator, `cargo check` of generated crates, runtime micro-benchmarks, and client
# throughput. Installs the peer tools under target/ when they are absent. Prints Markdown: a
# table per measure, then one summary table of every figure against its target.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-5}
CORPUS=../shared/corpus
WORK=target/bench
TOOLS=target/bench-tools
mkdir -p "$WORK"

echo "== building the generator (release)" >&2
cargo build --quiet --release -p generator
OURS=target/release/generator

if [ ! -x "$TOOLS/bin/cargo-progenitor" ]; then
  echo "== installing cargo-progenitor 0.15.1" >&2
  cargo install --quiet --locked --version 0.15.1 --root "$TOOLS" cargo-progenitor
fi
if [ ! -x target/bench-venv/bin/openapi-generator-cli ]; then
  echo "== installing openapi-generator-cli 7.26.0" >&2
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet openapi-generator-cli==7.26.0
fi

now() { date +%s.%N; }
# The summary table at the end: one row per figure the performance targets name.
summary=()
# summarize MEASURE OURS PEER RATIO TARGET: a summary row; TARGET is ">= N" or "<= N" on RATIO
# (a bare number, or "-" when a side failed), or "-" for a figure reported without a target.
summarize() {
  local met=no
  if [[ $5 == - ]]; then
    met=-
  elif [[ $4 =~ ^[0-9.]+$ ]]; then
    local op=${5%% *} bound=${5#* }
    if [[ $op == '>=' ]]; then
      [ "$(echo "$4 >= $bound" | bc -l)" = 1 ] && met=yes
    else
      [ "$(echo "$4 <= $bound" | bc -l)" = 1 ] && met=yes
    fi
  fi
  summary+=("| $1 | $2 | $3 | $4 | $5 | $met |")
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# run_tool NAME SPEC OUT: generate SPEC into OUT with tool NAME; prints seconds or "failed".
run_tool() {
  local tool=$1 spec=$2 out=$3 start end
  rm -rf "$out"
  start=$(now)
  case $tool in
    ours) "$OURS" --spec "$spec" --out "$out" >"$out.log" 2>&1 ;;
    progenitor) "$TOOLS/bin/cargo-progenitor" progenitor -i "$spec" -o "$out" -n bench -v 0.1.0 >"$out.log" 2>&1 ;;
    openapi-generator) target/bench-venv/bin/openapi-generator-cli generate -g rust --skip-validate-spec -i "$spec" -o "$out" >"$out.log" 2>&1 ;;
  esac || { echo failed; return; }
  end=$(now)
  echo "$end - $start" | bc -l
}

echo "## Generation (median of $ROUNDS alternating runs, seconds)"
echo
echo "| spec | ours | progenitor 0.15.1 | openapi-generator 7.26.0 | progenitor / ours | openapi-generator / ours |"
echo "|---|---:|---:|---:|---:|---:|"
declare -A ours_generation=() peer_generation=()
for spec in progenitor-nexus.json github-api.github.com.json stripe-spec3.json box-openapi.json; do
  declare -A times=()
  for tool in ours progenitor openapi-generator; do times[$tool]=""; done
  for _ in $(seq "$ROUNDS"); do
    for tool in ours progenitor openapi-generator; do
      times[$tool]+="$(run_tool "$tool" "$CORPUS/$spec" "$WORK/$tool-${spec%%.*}") "
    done
  done
  row="| \`$spec\`"
  declare -A med=()
  for tool in ours progenitor openapi-generator; do
    if [[ ${times[$tool]} == *failed* ]]; then
      med[$tool]=failed
      log="$WORK/$tool-${spec%%.*}.log"
      why=$(grep -m1 -A1 'panicked at' "$log" | tail -1)
      [ -n "$why" ] || why=$(grep -m1 -iE 'error' "$log")
      row+=" | failed: $(echo "$why" | cut -c1-90 | tr '|' '/')"
    else
      med[$tool]=$(echo "${times[$tool]}" | tr ' ' '\n' | grep . | median)
      row+=" | $(printf %.3f "${med[$tool]}")"
    fi
  done
  ours_generation[$spec]=${med[ours]}
  for peer in progenitor openapi-generator; do peer_generation[$spec/$peer]=${med[$peer]}; done
  for peer in progenitor openapi-generator; do
    if [[ ${med[$peer]} == failed ]]; then row+=" | -"; else row+=" | $(printf %.1f "$(echo "${med[$peer]} / ${med[ours]}" | bc -l)")x"; fi
  done
  echo "$row |"
done
echo

echo "## cargo check of the generated nexus crate (dependencies prebuilt; median of $ROUNDS, seconds)"
echo
# check_time DIR INCREMENTAL: the median time of `cargo check` after touching the crate's
# lib.rs. With incremental compilation (1, cargo's default for a workspace member) rustc
# reuses its results and the time is mostly parsing and macro expansion; without (0, how a
# crate is built as a dependency of another) the crate is checked in full.
check_time() {
  local dir=$1 incremental=$2 start end
  (cd "$dir" && CARGO_INCREMENTAL=$incremental CARGO_TARGET_DIR="$PWD/../check-target-$(basename "$dir")" cargo check --quiet >/dev/null 2>&1) || true
  for _ in $(seq "$ROUNDS"); do
    touch "$dir"/src/lib.rs
    start=$(now)
    (cd "$dir" && CARGO_INCREMENTAL=$incremental CARGO_TARGET_DIR="$PWD/../check-target-$(basename "$dir")" cargo check --quiet >/dev/null 2>&1) || { echo failed; return; }
    end=$(now)
    echo "$end - $start" | bc -l
  done | median
}
"$OURS" --spec "$CORPUS/progenitor-nexus.json" --out "$WORK/check-ours" >/dev/null 2>&1
"$TOOLS/bin/cargo-progenitor" progenitor -i "$CORPUS/progenitor-nexus.json" -o "$WORK/check-progenitor" -n nexus -v 0.1.0 >/dev/null 2>&1
# Stand-alone crates, not members of this workspace.
for d in "$WORK/check-ours" "$WORK/check-progenitor"; do
  grep -q '^\[workspace\]' "$d/Cargo.toml" || printf '\n[workspace]\n' >>"$d/Cargo.toml"
done
ours_recheck=$(check_time "$WORK/check-ours" 1)
prog_recheck=$(check_time "$WORK/check-progenitor" 1)
ours_full=$(check_time "$WORK/check-ours" 0)
prog_full=$(check_time "$WORK/check-progenitor" 0)
echo "| crate | re-check, incremental (s) | full check, as a dependency (s) |"
echo "|---|---:|---:|"
echo "| ours | $(printf %.2f "$ours_recheck") | $(printf %.2f "$ours_full") |"
echo "| progenitor | $(printf %.2f "$prog_recheck") | $(printf %.2f "$prog_full") |"
echo "| ours / progenitor | $(printf %.2f "$(echo "$ours_recheck / $prog_recheck" | bc -l)") | $(printf %.2f "$(echo "$ours_full / $prog_full" | bc -l)") |"
summarize "\`cargo check\` of nexus, re-check (s)" "$(printf %.2f "$ours_recheck")" "progenitor $(printf %.2f "$prog_recheck")" \
  "$(printf %.2f "$(echo "$ours_recheck / $prog_recheck" | bc -l)")" "<= 0.8"
summarize "\`cargo check\` of nexus, full (s)" "$(printf %.2f "$ours_full")" "progenitor $(printf %.2f "$prog_full")" \
  "$(printf %.2f "$(echo "$ours_full / $prog_full" | bc -l)")" "<= 0.8"
echo

echo "## Generation against the floor (parsing the file alone, median of $ROUNDS) and peak memory"
echo
cargo build --quiet --release -p tests --bin parse_floor
echo "| spec | parse only (s) | ours (s) | ours / parse | peak RSS of ours (MiB) |"
echo "|---|---:|---:|---:|---:|"
for spec in progenitor-nexus.json github-api.github.com.json stripe-spec3.json box-openapi.json; do
  floor=$(target/release/parse_floor "$CORPUS/$spec" "$ROUNDS")
  rss=n/a
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$WORK/rss.txt" "$OURS" --spec "$CORPUS/$spec" --out "$WORK/rss-out" >/dev/null 2>&1
    rss=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss.txt")
  fi
  ours=${ours_generation[$spec]}
  echo "| \`$spec\` | $floor | $(printf %.3f "$ours") | $(printf %.1f "$(echo "$ours / $floor" | bc -l)")x | $rss |"
  case $spec in
    progenitor-nexus.json) peers=progenitor; target=">= 10" ;;
    box-openapi.json) peers=openapi-generator; target=- ;;
    *) peers=openapi-generator; target=">= 30" ;;
  esac
  theirs=${peer_generation[$spec/$peers]}
  ratio=-
  if [[ $theirs != failed ]]; then
    ratio=$(printf %.1f "$(echo "$theirs / $ours" | bc -l)")
    theirs=$(printf %.3f "$theirs")
  fi
  summarize "generation of \`$spec\` (s), peer / ours" "$(printf %.3f "$ours")" "$peers $theirs" "$ratio" "$target"
  # The issue's target is for the two big specs (GitHub, Stripe); the others are reported.
  case $spec in
    github-api.github.com.json | stripe-spec3.json) floor_target="<= 8" ;;
    *) floor_target=- ;;
  esac
  summarize "generation of \`$spec\`, ours / bare parse" "$(printf %.3f "$ours")" "parse $floor" \
    "$(printf %.1f "$(echo "$ours / $floor" | bc -l)")" "$floor_target"
done
echo

echo "## cargo check of the big crates: ours against openapi-generator's (dependencies prebuilt; median of $ROUNDS, seconds)"
echo
# check_or_why DIR TARGET: the median re-check time of the crate in DIR, or why it does not
# compile (its first error).
check_or_why() {
  local dir=$1 target=$2 start end
  grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
  if ! (cd "$dir" && CARGO_TARGET_DIR=$target cargo check --quiet) >"$dir.check.log" 2>&1; then
    echo "does not compile: $(grep -m1 -E '^error' "$dir.check.log" | cut -c1-80 | tr '|' '/')"
    return
  fi
  for _ in $(seq "$ROUNDS"); do
    touch "$dir"/src/lib.rs
    start=$(now)
    (cd "$dir" && CARGO_TARGET_DIR=$target cargo check --quiet >/dev/null 2>&1)
    end=$(now)
    echo "$end - $start" | bc -l
  done | median | xargs printf %.2f
}
echo "| spec | ours | openapi-generator 7.26.0 | ours / openapi-generator |"
echo "|---|---:|---:|---:|"
for spec in github-api.github.com.json stripe-spec3.json box-openapi.json; do
  name=${spec%%.*}
  run_tool ours "$CORPUS/$spec" "$WORK/big-ours-$name" >/dev/null
  run_tool openapi-generator "$CORPUS/$spec" "$WORK/big-openapi-generator-$name" >/dev/null
  ours=$(check_or_why "$WORK/big-ours-$name" "$PWD/$WORK/big-target-ours")
  theirs=$(check_or_why "$WORK/big-openapi-generator-$name" "$PWD/$WORK/big-target-openapi-generator")
  ratio=-
  if [[ $ours =~ ^[0-9.]+$ && $theirs =~ ^[0-9.]+$ ]]; then
    ratio=$(printf %.2f "$(echo "$ours / $theirs" | bc -l)")x
  fi
  echo "| \`$spec\` | $ours | $theirs | $ratio |"
  summarize "\`cargo check\` of \`$spec\`, re-check (s)" "$ours" "openapi-generator $theirs" "${ratio%x}" -
done
echo

echo "## cargo check of the GitHub crate with a Cargo feature per tag (\`--features-by tag\`; median of $ROUNDS, seconds)"
echo
# feature_check DIR ARGS...: the median re-check time of the crate in DIR with cargo ARGS.
feature_check() {
  local dir=$1 start end
  shift
  (cd "$dir" && CARGO_TARGET_DIR="$PWD/../big-target-ours" cargo check --quiet "$@" >/dev/null 2>&1) || { echo failed; return; }
  for _ in $(seq "$ROUNDS"); do
    touch "$dir"/src/lib.rs
    start=$(now)
    (cd "$dir" && CARGO_TARGET_DIR="$PWD/../big-target-ours" cargo check --quiet "$@" >/dev/null 2>&1)
    end=$(now)
    echo "$end - $start" | bc -l
  done | median | xargs printf %.2f
}
features_dir="$WORK/features-github"
rm -rf "$features_dir"
"$OURS" --spec "$CORPUS/github-api.github.com.json" --out "$features_dir" --features-by tag >/dev/null 2>&1
printf '\n[workspace]\n' >>"$features_dir/Cargo.toml"
all_features=$(feature_check "$features_dir")
echo "| features | operations | re-check (s) | against all |"
echo "|---|---:|---:|---:|"
feature_count=$(sed -n '/^default = \[/,/^\]/p' "$features_dir/Cargo.toml" | grep -c '^    "')
op_count=$(grep -c "pub async fn" "$features_dir/src/github/operations.rs")
echo "| all $feature_count (the default) | $op_count | $all_features | 1.00x |"
for feature in meta issues repos; do
  ops=$(grep -c "Built with .*\`$feature\`" "$features_dir/src/github/operations.rs" || true)
  t=$(feature_check "$features_dir" --no-default-features --features "$feature")
  echo "| \`$feature\` alone | $ops | $t | $(printf %.2f "$(echo "$t / $all_features" | bc -l)")x |"
done
echo

echo "## Runtime micro-benchmarks (criterion)"
echo
criterion=$(cargo bench --quiet -p tests --bench runtime -- --noplot 2>/dev/null | grep -E "time:|^[a-z]")
echo "$criterion" | sed 's/^/    /'
echo

echo "## Signing one request: ours against the official Python signer (same request)"
echo
# The oracle's virtualenv (the differential tests make it); made here when absent.
venv=target/oracle-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r tests/oracle/requirements.txt
fi
python_us=$("$venv/bin/python" tests/bench/python_signer.py)
# criterion's middle estimate, in microseconds.
ours_us=$(echo "$criterion" | grep -A0 'sign one request' | sed -n 's/.*time: *\[[^ ]* [^ ]* \([0-9.]*\) \([a-zµ]*\).*/\1 \2/p' \
  | awk '{ v = $1; if ($2 == "ns") v /= 1000; if ($2 == "ms") v *= 1000; printf "%.3f", v }')
echo "| signer | µs per request |"
echo "|---|---:|"
echo "| ours (\`signer::sign_with\`, key state made once) | $ours_us |"
echo "| official Python SDK (\`Signer.sign\`, best of 5 × 20,000) | $python_us |"
echo "| Python / ours | $(printf %.1f "$(echo "$python_us / $ours_us" | bc -l)")x |"
summarize "signing one request (µs)" "$ours_us" "-" "$ours_us" "<= 1"
summarize "signing one request, Python / ours" "$ours_us µs" "Python $python_us µs" \
  "$(printf %.1f "$(echo "$python_us / $ours_us" | bc -l)")" ">= 25"
echo

echo "## Throughput against a loopback server"
echo
throughput=$(cargo run --quiet --release -p tests --bin throughput)
echo "$throughput"
echo
ours_rps=$(echo "$throughput" | awk -F'|' '/generated DcsClient/ { gsub(/ /, "", $3); print $3 }')
bare_rps=$(echo "$throughput" | awk -F'|' '/bare reqwest/ { gsub(/ /, "", $3); print $3 }')
summarize "client requests/s, loopback, ours / bare reqwest" "$ours_rps" "bare $bare_rps" \
  "$(printf %.2f "$(echo "$ours_rps / $bare_rps" | bc -l)")" ">= 0.95"

echo "## Summary: every figure against its target ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
echo
echo "| measure | ours | peer | ratio | target (on ratio) | met |"
echo "|---|---:|---:|---:|---|---|"
printf '%s\n' "${summary[@]}"
