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

# The real-API-server tier (lib/kube-test-env) starts ../shared/k8s/start.sh, which needs
# etcd (Debian package etcd-server; kubectl, openssl, curl and xz come with the image).
# Install it when it is missing and we can (root or passwordless sudo, apt-get). Without it
# the tier skips with one "SKIPPED real-apiserver tier" line, or fails when
# KUBE_APISERVER_REQUIRED=1 (CI).
say() { echo "test.sh: $*" >&2; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}
install_etcd() {
  command -v etcd >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ] && ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
    say "etcd is missing and cannot be installed here (not root, no passwordless sudo)"
    return 1
  fi
  command -v apt-get >/dev/null 2>&1 || { say "etcd is missing and there is no apt-get"; return 1; }
  local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends etcd-server)
  say "etcd is missing: apt-get install etcd-server"
  if ! as_root "${install[@]}" >&2; then
    say "install failed: apt-get update, then install again"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || return 1
    as_root "${install[@]}" >&2 || return 1
  fi
  command -v etcd >/dev/null 2>&1
}
start_script="${KUBE_APISERVER_START:-../shared/k8s/start.sh}"
if [ -f "$start_script" ] && ! install_etcd; then
  if [ "${KUBE_APISERVER_REQUIRED:-}" = 1 ]; then
    say "etcd is required for the real-API-server tier (KUBE_APISERVER_REQUIRED=1)"
    exit 1
  fi
  say "going on without etcd: the real-API-server tier will be skipped"
fi

cargo test --workspace --all-targets "$@"
