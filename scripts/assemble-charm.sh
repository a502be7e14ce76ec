#!/usr/bin/env bash
# Builds both charms' release binaries in one cargo run and lays out each charm as `charmcraft
# pack` would prime it (scripts/charm_archive.py, python3's standard library only):
#
#   build/charms/gateway-api-integrator/
#     dispatch (the binary, 0755), metadata.yaml, config.yaml, actions.yaml, manifest.yaml,
#     README.md, LICENSE
#   build/charms/gateway-route-configurator/
#     the same without actions.yaml (it has no actions)
#
# scripts/pack.sh zips these into .charm files; scripts/demo.sh builds the demo in the same
# cargo run (--also gateway-api-demo), so every crate is compiled once.
#
# Usage: scripts/assemble-charm.sh [--also PACKAGE]... [OUTPUT_DIR]   (default: build/charms)
# The release profile (root Cargo.toml) is tuned for size: opt-level z, LTO, one codegen unit,
# stripped, panic=abort. The script prints each dispatch binary's size.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(-p gateway-api-integrator -p gateway-route-configurator)
out=build/charms
while [ $# -gt 0 ]; do
  case "$1" in
    --also) [ $# -ge 2 ] || { echo "assemble-charm.sh: --also needs a package" >&2; exit 2; }
            packages+=(-p "$2"); shift 2 ;;
    -*) echo "assemble-charm.sh: unknown option $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done

# SOURCE_DATE_EPOCH dates the charm files (scripts/charm_archive.py), not the build: the cc
# crate in ring's and psm's build scripts reruns when it changes, which would rebuild most crates.
env -u SOURCE_DATE_EPOCH cargo build --release "${packages[@]}"
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"

assemble() {
  local name="$1" project="$2"
  local dir="$out/$name"
  python3 scripts/charm_archive.py layout "$project" "$target_dir/release/$name" "$dir" \
    --readme "$project/README.md" --license LICENSE
  printf '%s: %s bytes (%s)\n' "$dir/dispatch" "$(wc -c <"$dir/dispatch" | tr -d ' ')" \
    "$(du -h "$dir/dispatch" | cut -f1)"
}

assemble gateway-api-integrator .
assemble gateway-route-configurator configurator
