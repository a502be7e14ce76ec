#!/usr/bin/env bash
# Writes deployable charm archives without charmcraft or LXD:
#
#   build/gateway-api-integrator_amd64.charm
#   build/gateway-route-configurator_amd64.charm
#
# Each is a zip file as `charmcraft pack` writes it: dispatch (the release binary, mode 0755),
# metadata.yaml (charmcraft.yaml's metadata keys), config.yaml, actions.yaml (the integrator
# only), manifest.yaml (bases, analysis), README.md and LICENSE. Deploy with
#
#   juju deploy ./build/gateway-api-integrator_amd64.charm --trust
#   juju deploy ./build/gateway-route-configurator_amd64.charm
#
# It runs scripts/assemble-charm.sh (one cargo build of both charms; nothing is recompiled after
# scripts/demo.sh) and zips build/charms/* with python3's zipfile module. The architecture is
# this machine's (amd64 on x86_64). SOURCE_DATE_EPOCH, if set, fixes the timestamps, so that the
# same binaries give byte-identical archives. Check the result with the real charmcraft:
#
#   scripts/check-charmcraft.sh --analyse build/*.charm
#
# Usage: scripts/pack.sh [OUTPUT_DIR]   (default: build; the charm directories stay in
#        build/charms). Prints the path and size of each .charm on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build}"

scripts/assemble-charm.sh >&2
mkdir -p "$out"
for dir in build/charms/gateway-api-integrator build/charms/gateway-route-configurator; do
  charm="$(python3 scripts/charm_archive.py zip "$dir" "$out")"
  printf '%s: %s bytes (%s)\n' "$charm" "$(wc -c <"$charm" | tr -d ' ')" "$(du -h "$charm" | cut -f1)"
done
