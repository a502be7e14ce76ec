#!/usr/bin/env bash
# Creates (or reuses) a Python virtual environment holding pinned versions of the real Canonical
# libraries the interoperability harnesses run, and prints the venv's python path on stdout.
#
# Usage: scripts/python-venv.sh [--profile tls|charmcraft] [VENV_DIR]
#
#   --profile tls         (default) ops + ops[testing] (Scenario) + charmlibs tls-certificates,
#                         pinned in .ci/python-requirements-tls.txt; default VENV_DIR: .venv
#   --profile charmcraft  charmcraft from PyPI, pinned in .ci/python-requirements-charmcraft.txt;
#                         default VENV_DIR: .venv-charmcraft
#
# Default VENV_DIRs are relative to the repository root; a VENV_DIR argument is relative to the
# current directory. Needs only python3 (>= 3.10, override with $PYTHON) with the venv module
# and access to PyPI. Idempotent: a stamp file in the venv records a hash of the requirements
# file and the interpreter version, and the script exits at once when it matches. On any
# mismatch the venv is rebuilt from scratch, so no package from an older pin set lingers.
# Only the python path goes to stdout; progress goes to stderr.
set -euo pipefail

usage() {
  sed -n '5,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

profile=tls
venv_arg=
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) [ $# -ge 2 ] || usage; profile="$2"; shift 2 ;;
    --profile=*) profile="${1#--profile=}"; shift ;;
    -h|--help) usage ;;
    -*) echo "python-venv.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$venv_arg" ] || usage; venv_arg="$1"; shift ;;
  esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$profile" in
  tls) requirements="$repo_root/.ci/python-requirements-tls.txt"; default_dir=.venv ;;
  charmcraft) requirements="$repo_root/.ci/python-requirements-charmcraft.txt"; default_dir=.venv-charmcraft ;;
  *) echo "python-venv.sh: unknown profile '$profile' (expected tls or charmcraft)" >&2; exit 2 ;;
esac

if [ -n "$venv_arg" ]; then
  mkdir -p "$venv_arg"
  venv="$(cd "$venv_arg" && pwd)"
else
  venv="$repo_root/$default_dir"
  mkdir -p "$venv"
fi

base_python="${PYTHON:-python3}"
if ! command -v "$base_python" >/dev/null 2>&1; then
  echo "python-venv.sh: '$base_python' not found; install python3 (>= 3.10) or set PYTHON" >&2
  exit 1
fi
base_version="$("$base_python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
if ! "$base_python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "python-venv.sh: $base_python is $base_version; ops 3 needs Python >= 3.10" >&2
  exit 1
fi
if ! "$base_python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  echo "python-venv.sh: $base_python lacks the venv/ensurepip modules (Debian: apt-get install python3-venv)" >&2
  exit 1
fi

# Never wipe a directory this script did not make: it must be empty, ours, or a venv.
if [ "$venv" = / ]; then
  echo "python-venv.sh: refusing to use / as the venv directory" >&2
  exit 2
fi
if [ ! -f "$venv/pyvenv.cfg" ]; then
  for entry in "$venv"/* "$venv"/.[!.]*; do
    case "$entry" in
      "$venv/*" | "$venv/.[!.]*" | "$venv/.lock" | "$venv/.requirements.stamp") ;;
      *) echo "python-venv.sh: $venv is neither empty nor a venv; refusing to touch it" >&2
         exit 2 ;;
    esac
  done
fi

stamp_file="$venv/.requirements.stamp"
stamp="profile=$profile python=$base_version requirements=$(sha256sum "$requirements" | cut -d' ' -f1)"
venv_python="$venv/bin/python"

is_current() {
  [ -x "$venv_python" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] &&
    "$venv_python" -c 'import sys' >/dev/null 2>&1
}

# Serialise concurrent runs on the same venv (e.g. two test runners starting together).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venv/.lock"
  flock 9
fi

if ! is_current; then
  started=$(date +%s)
  echo "python-venv.sh: building the '$profile' venv in $venv (python $base_version)" >&2
  rm -rf "${venv:?}/bin" "${venv:?}/lib" "${venv:?}/lib64" "${venv:?}/include" "${venv:?}/share" \
    "$venv/pyvenv.cfg" "$stamp_file"
  "$base_python" -m venv "$venv" >&2
  "$venv_python" -m pip install --quiet --no-input --disable-pip-version-check \
    --require-virtualenv -r "$requirements" >&2
  "$venv_python" -m pip check >&2
  printf '%s\n' "$stamp" >"$stamp_file"
  echo "python-venv.sh: '$profile' venv ready in $(($(date +%s) - started))s" >&2
fi

printf '%s\n' "$venv_python"
