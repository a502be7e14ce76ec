//! `dispatch`: Juju runs this binary once per event.

use std::process::ExitCode;

/// Environment variable choosing the `juju-log` level (`debug`, `trace`, `warning`; default
/// `info`).
const LOG_LEVEL_ENV: &str = "GATEWAY_ROUTE_CONFIGURATOR_LOG";

fn main() -> ExitCode {
    juju_hook::dispatch::main("gateway-route-configurator", LOG_LEVEL_ENV, |ctx, tools| {
        gateway_route_configurator::charm::run(ctx, tools)
    })
}
