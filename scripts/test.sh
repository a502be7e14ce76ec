#!/usr/bin/env bash
# The project's test command: everything a fresh machine needs, then the whole test suite.
# Usage: scripts/test.sh [extra cargo test args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Python venv with the real Canonical libraries used by the interoperability tests.
if [ -x scripts/python-venv.sh ]; then
  INTEROP_PYTHON="$(scripts/python-venv.sh)"
  export INTEROP_PYTHON
fi

cargo test --workspace --all-targets "$@"
