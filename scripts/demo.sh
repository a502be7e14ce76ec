#!/usr/bin/env bash
# The newcomer's demo: build both charms (release `dispatch` binaries and charm directories in
# build/charms, as scripts/assemble-charm.sh lays them out), then run a realistic deployment of
# the integrator and the configurator on the built-in simulator (in-memory Juju state,
# in-memory cluster, local CA). No network, no Juju, no cluster. Prints statuses, URLs and the
# changed manifests per step; exits non-zero if any step fails.
#
# One cargo build compiles the charms and the demo together, each crate once. With
# DEMO_PROFILE=dev the demo runs from an unoptimised build (faster to build, slower to run) and
# the release charm directories are not assembled.
# Usage: scripts/demo.sh                      (release build, as documented)
#        DEMO_PROFILE=dev scripts/demo.sh     (faster to build, slower to run)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${DEMO_PROFILE:-release}"
if [ "$profile" = release ]; then
  echo "Building the charms and the demo (release)…" >&2
  scripts/assemble-charm.sh --also gateway-api-demo >&2
else
  echo "Building the demo ($profile profile; charm directories not assembled)…" >&2
fi
# After the build above this compiles nothing: the demo was built with the charms.
exec cargo run --quiet --profile "$profile" -p gateway-api-demo
