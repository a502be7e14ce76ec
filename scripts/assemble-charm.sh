#!/usr/bin/env bash
# Assemble local charm directories for simulation (not a .charm for the store; use charmcraft
# for that): the release binary as `dispatch` plus the charm's YAML files.
#
#   build/charms/gateway-api-integrator/{dispatch,charmcraft.yaml,config.yaml,actions.yaml}
#   build/charms/gateway-route-configurator/{dispatch,charmcraft.yaml,config.yaml}
#
# Usage: scripts/assemble-charm.sh [OUTPUT_DIR]   (default: build/charms)
# The release profile (root Cargo.toml) is tuned for size: opt-level z, LTO, one codegen unit,
# stripped, panic=abort. The script prints each dispatch binary's size.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/charms}"

cargo build --release -p gateway-api-integrator --bin gateway-api-integrator
cargo build --release -p gateway-route-configurator --bin gateway-route-configurator
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"

assemble() {
  local name="$1" source_dir="$2"
  shift 2
  local dir="$out/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  install -m 0755 "$target_dir/release/$name" "$dir/dispatch"
  for file in "$@"; do
    cp "$source_dir/$file" "$dir/$file"
  done
  printf '%s: %s bytes (%s)\n' "$dir/dispatch" "$(wc -c <"$dir/dispatch" | tr -d ' ')" \
    "$(du -h "$dir/dispatch" | cut -f1)"
}

assemble gateway-api-integrator . charmcraft.yaml config.yaml actions.yaml
assemble gateway-route-configurator configurator charmcraft.yaml config.yaml
