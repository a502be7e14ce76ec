//! `dispatch`: Juju runs this binary once per event.

use std::process::ExitCode;

use gateway_api_integrator::lazy_cluster::{LazyCluster, environment};

/// Environment variable choosing the `juju-log` level (`debug`, `trace`, `warning`).
const LOG_LEVEL_ENV: &str = "GATEWAY_API_INTEGRATOR_LOG";

fn main() -> ExitCode {
    juju_hook::dispatch::main("gateway-api-integrator", LOG_LEVEL_ENV, |ctx, tools| {
        let mut cluster = LazyCluster::new(environment(&ctx.model_name));
        gateway_api_integrator::charm::run(ctx, tools, &mut cluster)
    })
}
