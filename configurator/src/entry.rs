//! The binary's edge: read the hook environment, run the charm, map the result to an exit
//! code. `anyhow` lives here and nowhere else.

use std::process::ExitCode;

use juju_hook::HookContext;
use juju_hook::log::{init_hook_logging, init_stderr_logging};
use juju_hook::process::ProcessHookTools;
use tracing::level_filters::LevelFilter;

/// Environment variable choosing the `juju-log` level (`debug`, `trace`, `warning`; default
/// `info`).
pub const LOG_LEVEL_ENV: &str = "GATEWAY_ROUTE_CONFIGURATOR_LOG";

/// Run as Juju's `dispatch`. Outside a hook (no `JUJU_DISPATCH_PATH`) it explains itself and
/// exits with 2.
pub fn main() -> ExitCode {
    if std::env::var_os("JUJU_DISPATCH_PATH").is_none() {
        eprintln!(
            "gateway-route-configurator: this is the charm's `dispatch` binary; Juju runs it \
             for each event (JUJU_DISPATCH_PATH is not set)"
        );
        return ExitCode::from(2);
    }
    run_hook()
}

fn log_level() -> LevelFilter {
    match std::env::var(LOG_LEVEL_ENV).as_deref() {
        Ok("debug") => LevelFilter::DEBUG,
        Ok("trace") => LevelFilter::TRACE,
        Ok("warning") | Ok("warn") => LevelFilter::WARN,
        _ => LevelFilter::INFO,
    }
}

fn run_hook() -> ExitCode {
    let ctx = match HookContext::from_process_env() {
        Ok(ctx) => ctx,
        Err(error) => {
            let _ = init_stderr_logging(LevelFilter::ERROR);
            eprintln!("gateway-route-configurator: cannot read the hook environment: {error}");
            return ExitCode::from(2);
        }
    };
    if init_hook_logging(log_level()).is_err() {
        eprintln!("gateway-route-configurator: logging already initialised");
    }
    let mut tools = ProcessHookTools::new();
    match crate::charm::run(&ctx, &mut tools) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let error = anyhow::Error::new(error);
            tracing::error!("hook {:?} failed: {error:#}", ctx.event);
            eprintln!("gateway-route-configurator: {error:#}");
            ExitCode::FAILURE
        }
    }
}
