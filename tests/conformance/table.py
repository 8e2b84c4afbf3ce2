"""Markdown table of a conformance run: table.py RESULTS NAME... -- MODE..."""

import json
import sys
from pathlib import Path

results = Path(sys.argv[1])
split = sys.argv.index("--")
names, modes = sys.argv[2:split], sys.argv[split + 1 :]

# Operations Prism judges wrongly (spec, operation, reason); see exclusions.tsv.
excluded_ops = {}
for line in (Path(__file__).parent / "exclusions.tsv").read_text().splitlines():
    if line.strip() and not line.startswith("#"):
        spec, op, reason = (c.strip() for c in line.split("\t", 2))
        excluded_ops[(spec, op)] = reason

print(
    "| spec | mode | operations | accepted | decoded | mock failed | excluded "
    "| error statuses | accepted | decoded | time (ms) |"
)
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
failures = []
for name in names:
    for mode in modes:
        path = results / f"{name}.{mode}.jsonl"
        lines = [json.loads(l) for l in path.read_text().splitlines() if l.strip()] if path.exists() else []
        calls = [l for l in lines if "operation" in l]
        for call in calls:
            reason = excluded_ops.get((call.get("spec"), call["operation"]))
            if reason is not None:
                call["excluded"] = f"Prism: {reason}"
        ops = [l for l in calls if l.get("wanted") is None]
        errors = [l for l in calls if l.get("wanted") is not None and "excluded" not in l]
        meta = next((l for l in lines if "wall_ms" in l or "prism_failed" in l), {})
        spec = meta.get("spec", name)
        if meta.get("prism_failed") or any(l.get("crashed") for l in lines):
            print(f"| `{spec}` | {mode} | {len(ops)} | – | – | – | – | – | – | – | failed |")
            continue
        excluded = [o for o in ops if "excluded" in o]
        restarts = f" ({meta['prism_restarts']} Prism restarts)" if meta.get("prism_restarts") else ""
        called = [o for o in ops if "excluded" not in o]
        accepted = sum(1 for o in called if o["accepted"])
        decoded = sum(1 for o in called if o["decoded"])
        mock = sum(1 for o in called if o.get("mock_error"))
        err_accepted = sum(1 for o in errors if o["accepted"])
        err_decoded = sum(1 for o in errors if o["decoded"])
        print(
            f"| `{spec}` | {mode} | {len(ops)} | {accepted} | {decoded} | {mock} | {len(excluded)} "
            f"| {len(errors)} | {err_accepted} | {err_decoded} | {meta.get('wall_ms', '')}{restarts} |"
        )
        for o in ops + errors:
            if o.get("wanted") is not None:
                o = dict(o, operation=f"{o['operation']} (asked for {o['wanted']})")
            if "excluded" in o:
                failures.append(f"{spec} {mode} {o['operation']} ({o['route']}): excluded: {o['excluded']}")
            elif o.get("mock_error"):
                failures.append(f"{spec} {mode} {o['operation']} ({o['route']}): mock failed, status {o.get('status')}: {o['mock_error']}")
            elif not o["decoded"]:
                what = "decoded" if o["accepted"] else "accepted"
                failures.append(
                    f"{spec} {mode} {o['operation']} ({o['route']}): not {what}, status {o.get('status')}: {o.get('reason')}"
                )
if failures:
    print()
    for f in failures:
        print(f"- {f}")

# The summary, one row per spec (README): each figure for static · seed 1 · seed 2 · …
summary = [
    "",
    "| spec | operations | accepted | decoded | mock failed | excluded | error statuses | accepted | decoded | mock failed | time (s) |",
    "|---|---:|---|---|---|---:|---:|---|---|---|---:|",
]
for name in names:
    rows = []
    for mode in modes:
        path = results / f"{name}.{mode}.jsonl"
        lines = [json.loads(l) for l in path.read_text().splitlines() if l.strip()] if path.exists() else []
        meta = next((l for l in lines if "wall_ms" in l or "prism_failed" in l), {})
        calls = [l for l in lines if "operation" in l]
        for call in calls:
            if excluded_ops.get((call.get("spec"), call["operation"])) is not None:
                call["excluded"] = True
        rows.append((meta, calls, any(l.get("crashed") for l in lines)))
    spec = next((m.get("spec") for m, _, _ in rows if m.get("spec")), name)
    broken = [m.get("prism_failed") or crashed or not m.get("wall_ms") for m, _, crashed in rows]
    if all(broken):
        summary.append(f"| `{spec}` | – | – | – | – | – | – | – | – | – | Prism failed |")
        continue

    def per_mode(pick):
        # A mode whose Prism or program did not finish shows `–`.
        return " · ".join("–" if b else str(pick(calls)) for b, (_, calls, _) in zip(broken, rows))

    def ops(calls):
        return [c for c in calls if c.get("wanted") is None and "excluded" not in c]

    def errs(calls):
        return [c for c in calls if c.get("wanted") is not None and "excluded" not in c]

    first = next(calls for b, (_, calls, _) in zip(broken, rows) if not b)
    total = len([c for c in first if c.get("wanted") is None])
    excluded = len([c for c in first if c.get("wanted") is None and "excluded" in c])
    seconds = sum(m.get("wall_ms", 0) for m, _, _ in rows) / 1000
    summary.append(
        f"| `{spec}` | {total} | {per_mode(lambda c: sum(1 for o in ops(c) if o['accepted']))} "
        f"| {per_mode(lambda c: sum(1 for o in ops(c) if o['decoded']))} "
        f"| {per_mode(lambda c: sum(1 for o in ops(c) if o.get('mock_error')))} | {excluded} "
        f"| {len(errs(first))} | {per_mode(lambda c: sum(1 for o in errs(c) if o['accepted']))} "
        f"| {per_mode(lambda c: sum(1 for o in errs(c) if o['decoded']))} "
        f"| {per_mode(lambda c: sum(1 for o in errs(c) if o.get('mock_error')))} | {seconds:.0f} |"
    )
print("\n".join(summary))
