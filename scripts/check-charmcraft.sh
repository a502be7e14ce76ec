#!/usr/bin/env bash
# Validates charm metadata with the real charmcraft (from PyPI, in its own venv) by running
# `charmcraft expand-extensions` in each charm directory. That loads charmcraft.yaml (merged with
# config.yaml / actions.yaml) into charmcraft's project model, so unknown top-level keys, a bad
# base/platform or a malformed part fail here, without LXD, snap or network.
# It does not pack the charm and does not deeply check relation or config option entries.
#
# Usage: scripts/check-charmcraft.sh [CHARM_DIR...]   (default: . and configurator/ if present)
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ $# -eq 0 ]; then
  set -- "$repo_root"
  if [ -f "$repo_root/configurator/charmcraft.yaml" ]; then
    set -- "$@" "$repo_root/configurator"
  fi
fi

venv_python="$("$repo_root/scripts/python-venv.sh" --profile charmcraft)"
charmcraft="$(dirname "$venv_python")/charmcraft"
# charmcraft wants a runtime dir and writes a log per run; keep both out of the user's home.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export XDG_RUNTIME_DIR="$scratch/run" XDG_STATE_HOME="$scratch/state"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

failed=0
for dir in "$@"; do
  if [ ! -f "$dir/charmcraft.yaml" ]; then
    echo "check-charmcraft: $dir: no charmcraft.yaml" >&2
    failed=1
    continue
  fi
  if (cd "$dir" && "$charmcraft" expand-extensions >"$scratch/expanded.yaml" 2>"$scratch/err"); then
    echo "check-charmcraft: $dir: ok ($(grep -c '' "$scratch/expanded.yaml") lines expanded)" >&2
  else
    echo "check-charmcraft: $dir: charmcraft rejected the metadata:" >&2
    grep -v -e 'RuntimeDirWarning' -e 'user_runtime_dir' -e '^Full execution log' "$scratch/err" >&2 || true
    failed=1
  fi
done
exit "$failed"
