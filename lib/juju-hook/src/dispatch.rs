//! The hook binary's edge, shared by every charm: read the hook environment, route `tracing` to
//! `juju-log`, run the charm, and map its result to the exit code Juju acts on.
//!
//! Exit codes: 0 when the charm returns `Ok` (expected conditions are statuses, and Juju commits
//! the hook's writes); 1 when it returns an error (Juju discards the hook's writes and retries);
//! 2 when the process is not a hook (no `JUJU_DISPATCH_PATH`) or the environment is malformed.

use std::fmt::Display;
use std::process::ExitCode;

use tracing::level_filters::LevelFilter;

use crate::event::HookContext;
use crate::log::{init_hook_logging, init_stderr_logging};
use crate::process::ProcessHookTools;

/// Whether this process was started by Juju as a hook or action (`JUJU_DISPATCH_PATH` set).
pub fn is_hook() -> bool {
    std::env::var_os("JUJU_DISPATCH_PATH").is_some()
}

/// The `juju-log` level named by the environment variable `variable` (`debug`, `trace`,
/// `warning`/`warn`; anything else is `info`).
pub fn log_level(variable: &str) -> LevelFilter {
    match std::env::var(variable).as_deref() {
        Ok("debug") => LevelFilter::DEBUG,
        Ok("trace") => LevelFilter::TRACE,
        Ok("warning") | Ok("warn") => LevelFilter::WARN,
        _ => LevelFilter::INFO,
    }
}

/// Run `charm` for the event in this process's environment with the real hook tools.
///
/// `name` prefixes messages on stderr; `log_level_variable` names the environment variable
/// choosing the `juju-log` level. Outside a hook it explains itself and exits with 2.
pub fn main<E: Display>(
    name: &str,
    log_level_variable: &str,
    charm: impl FnOnce(&HookContext, &mut ProcessHookTools) -> Result<(), E>,
) -> ExitCode {
    if !is_hook() {
        eprintln!(
            "{name}: this is the charm's `dispatch` binary; Juju runs it for each event \
             (JUJU_DISPATCH_PATH is not set)"
        );
        return ExitCode::from(2);
    }
    let ctx = match HookContext::from_process_env() {
        Ok(ctx) => ctx,
        Err(error) => {
            let _ = init_stderr_logging(LevelFilter::ERROR);
            eprintln!("{name}: cannot read the hook environment: {error}");
            return ExitCode::from(2);
        }
    };
    if init_hook_logging(log_level(log_level_variable)).is_err() {
        eprintln!("{name}: logging already initialised");
    }
    let mut tools = ProcessHookTools::new();
    match charm(&ctx, &mut tools) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Print once: the error's message already includes its cause.
            tracing::error!("hook {:?} failed: {error}", ctx.event);
            eprintln!("{name}: {error}");
            ExitCode::FAILURE
        }
    }
}
