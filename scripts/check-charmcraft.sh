#!/usr/bin/env bash
# Validates charm metadata with the real charmcraft (from PyPI, in its own venv) by running
# `charmcraft expand-extensions` in each charm directory. That loads charmcraft.yaml (merged with
# config.yaml / actions.yaml) into charmcraft's project model, so unknown top-level keys, a bad
# base/platform or a malformed part fail here, without LXD, snap or network.
# It does not pack the charm and does not deeply check relation or config option entries.
#
# With --analyse, checks .charm files (from scripts/pack.sh) instead: runs `charmcraft analyse`
# on each and fails unless every linter says `ok` or `nonapplicable` (no errors, no warnings);
# then checks the archive against what charmcraft itself derives from the charm's project
# (metadata.yaml, config.yaml, actions.yaml, manifest bases and attributes, dispatch's mode).
# The project is the one among the default CHARM_DIRs whose charmcraft.yaml has the name that
# the file's name (NAME_ARCH.charm) starts with.
#
# Usage: scripts/check-charmcraft.sh [CHARM_DIR...]   (default: . and configurator/ if present)
#        scripts/check-charmcraft.sh --analyse CHARM_FILE...
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

default_dirs=("$repo_root")
if [ -f "$repo_root/configurator/charmcraft.yaml" ]; then
  default_dirs+=("$repo_root/configurator")
fi
mode=metadata
if [ "${1:-}" = --analyse ]; then
  mode=analyse
  shift
  if [ $# -eq 0 ]; then
    echo "check-charmcraft: --analyse needs at least one .charm file" >&2
    exit 2
  fi
  files=()
  for file in "$@"; do
    files+=("$(cd "$(dirname "$file")" && pwd)/$(basename "$file")")
  done
  set -- "${files[@]}"
elif [ $# -eq 0 ]; then
  set -- "${default_dirs[@]}"
fi

venv_python="$("$repo_root/scripts/python-venv.sh" --profile charmcraft)"
charmcraft="$(dirname "$venv_python")/charmcraft"
# charmcraft wants a runtime dir and writes a log per run; keep both out of the user's home.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export XDG_RUNTIME_DIR="$scratch/run" XDG_STATE_HOME="$scratch/state"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# Prints the charm's project directory (by the name in the .charm's file name).
project_of() {
  local name dir
  name="$(basename "$1" .charm)"
  name="${name%_*}"
  for dir in "${default_dirs[@]}"; do
    if grep -qx "name: $name" "$dir/charmcraft.yaml"; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

failed=0
if [ "$mode" = analyse ]; then
  for file in "$@"; do
    if ! project="$(project_of "$file")"; then
      echo "check-charmcraft: $file: no charm project here is named like it" >&2
      failed=1
      continue
    fi
    # analyse unpacks the file itself; run it outside any project directory.
    if ! (cd "$scratch" && "$charmcraft" analyse --format json "$file" >"$scratch/analyse.json" 2>"$scratch/err"); then
      echo "check-charmcraft: $file: charmcraft analyse failed:" >&2
      grep -v -e 'RuntimeDirWarning' -e 'user_runtime_dir' -e '^Full execution log' "$scratch/err" >&2 || true
      failed=1
      continue
    fi
    if ! (cd "$project" && "$charmcraft" expand-extensions >"$scratch/expanded.yaml" 2>"$scratch/err"); then
      echo "check-charmcraft: $project: charmcraft rejected the metadata:" >&2
      cat "$scratch/err" >&2
      failed=1
      continue
    fi
    "$venv_python" "$repo_root/scripts/charm_archive.py" compare "$file" "$scratch/expanded.yaml" \
      "$scratch/analyse.json" || failed=1
  done
  exit "$failed"
fi

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
