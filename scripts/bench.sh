#!/usr/bin/env bash
# Benchmark the release `dispatch` binary as Juju runs it: one process per hook, hook tools
# faked on PATH (release `fake-hook-tool`), the Kubernetes API a real kube-apiserver (the
# real-API-server tier, lib/kube-test-env; its recording proxy counts the requests). Prints the
# machine, then Markdown tables (per hook kind, scaling with N gateway-route relations, no-op
# reruns) — see docs/explanation/performance.md.
#
# The driver (tests/process_bench/, with the proxy in-process) is built in the dev profile;
# only the measured binaries are release builds. KUBE_APISERVER_REQUIRED=1 makes a missing
# server an error rather than an empty run.
#
# Usage: scripts/bench.sh   (BENCH_ONLY=hooks, routes or ingress: one table; BENCH_N=1,500: only
# those rows of the scaling tables; BENCH_HOOK=<part of a name>: only those rows of the per-hook
# table)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p gateway-api-integrator --bin gateway-api-integrator
cargo build --release -p juju-hook-testing --bin fake-hook-tool
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"

echo "## Machine"
echo
echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1) ($(nproc) CPUs available)"
echo "- Memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
echo "- Kernel: $(uname -sr)"
echo "- rustc: $(rustc --version)"

KUBE_APISERVER_REQUIRED=1 \
BENCH_BINARY="$target_dir/release/gateway-api-integrator" \
FAKE_HOOK_TOOL="$target_dir/release/fake-hook-tool" \
  cargo test -p gateway-api-integrator --test process_bench -- --ignored --nocapture --test-threads=1

echo
echo "## The charm's own work per hook (in-process, no hook-tool or API latency)"
cargo test -p gateway-api-integrator --test inprocess_bench -- --ignored --nocapture --test-threads=1
