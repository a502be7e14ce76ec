#!/usr/bin/env bash
# The newcomer's demo: build both charms (release `dispatch` binaries in build/charms, as
# scripts/assemble-charm.sh lays them out), then run a realistic deployment of the integrator
# and the configurator on the built-in simulator (in-memory Juju state, in-memory cluster,
# local CA). No network, no Juju, no cluster. Prints statuses, URLs and the changed manifests
# per step; exits non-zero if any step fails.
# Usage: scripts/demo.sh                      (release build, as documented)
#        DEMO_PROFILE=dev scripts/demo.sh     (faster to build, slower to run)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building the charms (release)…" >&2
scripts/assemble-charm.sh >&2
exec cargo run --quiet --profile "${DEMO_PROFILE:-release}" -p gateway-api-demo
