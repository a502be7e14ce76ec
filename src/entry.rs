//! The binary's edge: decide between a Juju hook and the command line, map results to exit
//! codes. `anyhow` lives here and nowhere else.

use std::process::ExitCode;

use charm_cluster::KubeEnvironment;
use juju_hook::HookContext;
use juju_hook::log::{init_hook_logging, init_stderr_logging};
use juju_hook::process::ProcessHookTools;
use tracing::level_filters::LevelFilter;

use crate::lazy_cluster::LazyCluster;

/// Run as Juju's `dispatch` when `JUJU_DISPATCH_PATH` is set, else as the CLI.
pub fn main() -> ExitCode {
    if std::env::var_os("JUJU_DISPATCH_PATH").is_some() {
        run_hook()
    } else {
        crate::cli::main(std::env::args().skip(1).collect())
    }
}

fn log_level() -> LevelFilter {
    match std::env::var("GATEWAY_API_INTEGRATOR_LOG").as_deref() {
        Ok("debug") => LevelFilter::DEBUG,
        Ok("trace") => LevelFilter::TRACE,
        Ok("warning") | Ok("warn") => LevelFilter::WARN,
        _ => LevelFilter::INFO,
    }
}

/// Overrides the per-request Kubernetes timeout (milliseconds); for tests and benchmarks.
pub const KUBE_TIMEOUT_ENV: &str = "GATEWAY_API_INTEGRATOR_KUBE_TIMEOUT_MS";

fn kube_timeout_override() -> Option<std::time::Duration> {
    let millis: u64 = std::env::var(KUBE_TIMEOUT_ENV).ok()?.trim().parse().ok()?;
    (millis > 0).then(|| std::time::Duration::from_millis(millis))
}

fn run_hook() -> ExitCode {
    let ctx = match HookContext::from_process_env() {
        Ok(ctx) => ctx,
        Err(error) => {
            let _ = init_stderr_logging(LevelFilter::ERROR);
            eprintln!("gateway-api-integrator: cannot read the hook environment: {error}");
            return ExitCode::from(2);
        }
    };
    if init_hook_logging(log_level()).is_err() {
        eprintln!("gateway-api-integrator: logging already initialised");
    }
    let mut tools = ProcessHookTools::new();
    let mut environment = KubeEnvironment::from_process(&ctx.model_name);
    if let Some(timeout) = kube_timeout_override() {
        environment.timeout = timeout;
    }
    let mut cluster = LazyCluster::new(environment);
    match crate::charm::run(&ctx, &mut tools, &mut cluster) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `CharmError`'s message already includes its cause: print it once.
            let error = anyhow::Error::new(error);
            tracing::error!("hook {:?} failed: {error}", ctx.event);
            eprintln!("gateway-api-integrator: {error}");
            ExitCode::FAILURE
        }
    }
}
