#!/usr/bin/env bash
# Run every relation-data fuzz target for N seconds each (default 60), one after the other.
#
#   scripts/fuzz.sh [seconds]
#
# Uses cargo-fuzz (libFuzzer) on the stable toolchain with `--sanitizer none` (no nightly
# needed). Seeds each target's corpus from the golden databags in ../shared/interop-golden
# (override with INTEROP_GOLDEN_DIR). Corpora and crash artifacts go to fuzz/corpus and
# fuzz/artifacts (both git-ignored). Exits non-zero if any target finds a crash.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
golden="${INTEROP_GOLDEN_DIR:-$root/../shared/interop-golden}"
targets=(
  ingress_requirer ingress_provider
  tls_requirer tls_provider
  gateway_route_requirer gateway_route_v0_provider gateway_route_v1_provider
  dns_record_requirer dns_record_provider
  validate
)

if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi

# Seed corpora: each golden databag file in the fuzz input format (see fuzz/src/lib.rs).
python3 - "$golden" "$root/fuzz/corpus" <<'PY'
import json, pathlib, sys

golden, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
seeds = {
    "ingress_requirer": "ingress_requirer.*.json",
    "ingress_provider": "ingress_provider.*.json",
    "tls_requirer": "tls_requirer.*.json",
    "tls_provider": "tls_provider.*.json",
    "gateway_route_requirer": "gateway_route.emit-*.json",
    "gateway_route_v0_provider": "gateway_route.provide-v0.json",
    "gateway_route_v1_provider": "gateway_route.provide-v1-*.json",
    "dns_record_requirer": "dns_record.emit*.json",
    "dns_record_provider": "dns_record.provide.json",
}

def render(doc):
    lines = ["@app"] + [f"{k}\t{v}" for k, v in doc.get("app", {}).items()]
    units = dict(doc.get("units", {}))
    if doc.get("unit"):
        units["unit/0"] = doc["unit"]
    for unit, bag in units.items():
        lines.append(f"@{unit}")
        lines += [f"{k}\t{v}" for k, v in bag.items()]
    return "\n".join(lines) + "\n"

for target, pattern in seeds.items():
    out = corpus / target
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(golden.glob(pattern)):
        (out / f"golden-{path.stem}").write_text(render(json.loads(path.read_text())))
validate = corpus / "validate"
validate.mkdir(parents=True, exist_ok=True)
for i, text in enumerate(["myapp.example.com", "/a/b", "http://www.example.com/m-myapp", "m", "my-app", "caf\u00e9"]):
    (validate / f"seed-{i}").write_text(text)
PY

cd "$root/fuzz"
status=0
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  log="$(mktemp)"
  if cargo fuzz run --sanitizer none -O "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -dict=relation-data.dict -max_len=16384 \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1)"
    echo "   ok: ${runs:-?} executions, ${cov:-cov: ?}"
  else
    status=1
    echo "   FAILED: see below"
    tail -60 "$log"
  fi
  rm -f "$log"
done
exit "$status"
