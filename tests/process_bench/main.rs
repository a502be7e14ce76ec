//! Benchmark of the compiled `dispatch` binary, run as Juju runs it: one process per hook, hook
//! tools faked on `PATH`, the Kubernetes API a real kube-apiserver (`kube-test-env`, through its
//! recording proxy), a fresh namespace per run. Prints Markdown
//! tables (per hook kind; scaling with N gateway-route relations; binary size). It measures and
//! prints only: no timing assertions. Run it with `scripts/bench.sh` (release build); it is
//! `#[ignore]`d so the normal test run skips it.

mod hooks;
mod measure;
mod scaling;

/// Timed runs per hook kind.
const SAMPLES: usize = 21;
/// Runs under `/usr/bin/time` per hook kind (peak RSS).
const RSS_SAMPLES: usize = 3;
/// Runs under `perf stat` per hook kind (the process's own CPU).
const CPU_SAMPLES: usize = 11;
/// The binary measured: `BENCH_BINARY` (scripts/bench.sh sets it to the release build), else
/// this profile's build.
fn binary() -> String {
    std::env::var("BENCH_BINARY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_gateway-api-integrator").to_owned())
}

#[test]
#[ignore = "benchmark: run scripts/bench.sh"]
fn benchmark() {
    if kube_test_env::TestServer::shared().is_none() {
        return;
    }
    let binary = binary();
    println!("\n## Benchmark of {binary}");
    println!(
        "\nBinary size: {} bytes",
        std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0)
    );
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    if only.is_empty() || only == "hooks" {
        hooks::per_hook_table();
    }
    if only.is_empty() || only == "routes" {
        scaling::scaling_table();
    }
    if only.is_empty() || only == "ingress" {
        scaling::ingress_table();
    }
}
