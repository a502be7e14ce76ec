//! The example charm as a `dispatch` binary (for process-level tests of the harness), on the
//! same edge as the real charms: `tracing` goes to `juju-log`, an error exits 1.

use std::process::ExitCode;

/// Environment variable choosing the `juju-log` level (`debug`, `trace`, `warning`).
const LOG_LEVEL_ENV: &str = "EXAMPLE_CHARM_LOG";

fn main() -> ExitCode {
    juju_hook::dispatch::main("example-charm", LOG_LEVEL_ENV, |hook, tools| {
        juju_hook_testing::example::run(hook, tools)
    })
}
