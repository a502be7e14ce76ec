#!/usr/bin/env bash
# Run every fuzz target for N seconds each (default 60), one after the other.
#
#   scripts/fuzz.sh [seconds] [target...]
#
# With no targets, runs all of them (relation-data readers, `event_env`, `render_input`); the
# fuzzing time is then at most 15 x N seconds plus one build. CI runs `scripts/fuzz.sh 30`.
# Uses cargo-fuzz (libFuzzer) on the stable toolchain with `--sanitizer none` (no nightly
# needed); installs cargo-fuzz 0.13 with `cargo install --locked` unless it is already on PATH.
# Seeds each target's corpus from the golden databags in ../shared/interop-golden (override with
# INTEROP_GOLDEN_DIR) and lib/relation-data/tests/golden/recorded, hook environments and the
# render examples. Corpora and crash artifacts go to fuzz/corpus and fuzz/artifacts (both
# git-ignored). Exits non-zero if any target finds a crash or fails to build.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
golden="${INTEROP_GOLDEN_DIR:-$root/../shared/interop-golden}"
targets=(
  ingress_requirer ingress_provider
  tls_requirer tls_provider
  gateway_route_requirer gateway_route_v0_provider gateway_route_v1_provider
  dns_record_requirer dns_record_provider
  istio_ingress_route_requirer istio_ingress_route_provider
  certificate_transfer_requirer
  validate
  event_env render_input
)
if (($# > 1)); then
  targets=("${@:2}")
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version '^0.13'
fi

# Seed corpora: each golden databag file in the fuzz input format (see fuzz/src/lib.rs).
python3 - "$golden" "$root/fuzz/corpus" "$root/examples" \
  "$root/lib/relation-data/tests/golden/recorded" <<'PY'
import json, pathlib, sys

golden, corpus, examples, recorded = (pathlib.Path(arg) for arg in sys.argv[1:5])
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
    "istio_ingress_route_requirer": "istio_route.emit*.json",
    "istio_ingress_route_provider": "istio_route.provide.json",
}
# Golden databags recorded in this repository.
recorded_seeds = {
    "certificate_transfer_requirer": "certificate_transfer.provide-*.json",
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

for directory, patterns in ((golden, seeds), (recorded, recorded_seeds)):
    for target, pattern in patterns.items():
        out = corpus / target
        out.mkdir(parents=True, exist_ok=True)
        for path in sorted(directory.glob(pattern)):
            (out / f"golden-{path.stem}").write_text(render(json.loads(path.read_text())))
validate = corpus / "validate"
validate.mkdir(parents=True, exist_ok=True)
for i, text in enumerate(["myapp.example.com", "/a/b", "http://www.example.com/m-myapp", "m", "my-app", "caf\u00e9"]):
    (validate / f"seed-{i}").write_text(text)

# event_env: one hook environment per hook family, in NAME=VALUE lines (fuzz/src/lib.rs).
common = {
    "JUJU_UNIT_NAME": "gateway-api-integrator/0",
    "JUJU_MODEL_NAME": "testing",
    "JUJU_MODEL_UUID": "5d8c7e2a-1b3f-4c6d-9e0a-7f1b2c3d4e5f",
    "JUJU_VERSION": "3.6.8",
    "JUJU_CHARM_DIR": "/var/lib/juju/agents/unit-gateway-api-integrator-0/charm",
}
relation = {"JUJU_RELATION": "gateway", "JUJU_RELATION_ID": "gateway:3", "JUJU_REMOTE_APP": "flask"}
environments = {
    "install": {"JUJU_DISPATCH_PATH": "hooks/install"},
    "config-changed": {
        "JUJU_DISPATCH_PATH": "hooks/config-changed",
        "JUJU_CHARM_DIR": "",
        "CHARM_DIR": "/charm",
    },
    "relation-created": {"JUJU_DISPATCH_PATH": "hooks/gateway-relation-created", **relation},
    "relation-changed": {
        "JUJU_DISPATCH_PATH": "hooks/gateway-relation-changed",
        **relation,
        "JUJU_REMOTE_UNIT": "flask/0",
    },
    "relation-departed": {
        "JUJU_DISPATCH_PATH": "hooks/gateway-route-relation-departed",
        "JUJU_RELATION": "gateway-route",
        "JUJU_RELATION_ID": "gateway-route:7",
        "JUJU_REMOTE_APP": "web",
        "JUJU_REMOTE_UNIT": "web/1",
        "JUJU_DEPARTING_UNIT": "web/1",
    },
    "relation-broken": {
        "JUJU_DISPATCH_PATH": "hooks/certificates-relation-broken",
        "JUJU_RELATION": "certificates",
        "JUJU_RELATION_ID": "certificates:12",
        "JUJU_REMOTE_APP": "",
        "JUJU_REMOTE_UNIT": "",
    },
    "secret-changed": {
        "JUJU_DISPATCH_PATH": "hooks/secret-changed",
        "JUJU_SECRET_ID": "secret:d0tkv5nmp25c76p9ppgg",
        "JUJU_SECRET_LABEL": "",
    },
    "secret-remove": {
        "JUJU_DISPATCH_PATH": "hooks/secret-remove",
        "JUJU_SECRET_ID": "secret:d0tkv5nmp25c76p9ppgg",
        "JUJU_SECRET_LABEL": "tls-private-key",
        "JUJU_SECRET_REVISION": "3",
    },
    "action": {
        "JUJU_DISPATCH_PATH": "actions/get-certificate",
        "JUJU_HOOK_NAME": "",
        "JUJU_ACTION_NAME": "get-certificate",
        "JUJU_ACTION_UUID": "2",
        "JUJU_ACTION_TAG": "action-2",
    },
}
out = corpus / "event_env"
out.mkdir(parents=True, exist_ok=True)
for name, env in environments.items():
    (out / f"seed-{name}").write_text("".join(f"{k}={v}\n" for k, v in {**common, **env}.items()))

# render_input: the example input files of gateway-api-render.
out = corpus / "render_input"
out.mkdir(parents=True, exist_ok=True)
for path in sorted(examples.glob("*")):
    if path.suffix in (".yaml", ".json") and ".expected." not in path.name:
        (out / f"example-{path.name}").write_text(path.read_text())
PY

cd "$root/fuzz"
# Build every target once up front, so the per-target time below is fuzzing time only.
echo "== build the fuzz targets"
cargo fuzz build --sanitizer none -O

status=0
for target in "${targets[@]}"; do
  case "$target" in
    event_env) dict=event-env.dict ;;
    render_input) dict=render-input.dict ;;
    istio_ingress_route_*) dict=istio-ingress-route.dict ;;
    certificate_transfer_*) dict=certificate-transfer.dict ;;
    *) dict=relation-data.dict ;;
  esac
  echo "== fuzz $target for ${seconds}s"
  log="$(mktemp)"
  if cargo fuzz run --sanitizer none -O "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -dict="$dict" -max_len=16384 \
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
