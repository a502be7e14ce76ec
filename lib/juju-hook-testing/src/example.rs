//! A tiny charm used by this crate's tests, in-process and as the `example-charm` binary, and
//! as an example of a charm function the harness runs. Its metadata is
//! `tests/fixtures/{charmcraft,config,actions}.yaml`.
//!
//! On any hook it reads config, publishes `hostname` in its unit databag and (leader) `url` in
//! its app databag on every `website` relation, logs the hook through `tracing`, and sets
//! statuses; with `fail-after-write` set it then fails. The `ping` action answers `pong`.
//!
//! Like the real charms, it logs through `tracing`: the binary routes that to `juju-log`
//! ([`juju_hook::dispatch::main`]); in-process runs install no subscriber, so nothing is logged.

use std::collections::BTreeMap;

use juju_hook::{DatabagScope, Event, HookContext, HookTools, Status, StatusScope, ToolError};

/// Why the example charm failed.
#[derive(Debug, thiserror::Error)]
pub enum ExampleError {
    /// A hook tool failed.
    #[error(transparent)]
    Tool(#[from] ToolError),
    /// The `fail-after-write` option was set.
    #[error("asked to fail by fail-after-write")]
    AskedToFail,
}

/// Handle one event.
pub fn run(hook: &HookContext, tools: &mut dyn HookTools) -> Result<(), ExampleError> {
    if let Event::Action { name, .. } = &hook.event {
        return run_action(name, tools);
    }
    let config = tools.config_get()?;
    let hostname = config
        .get("hostname")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned();
    let port = config.get("port").and_then(|v| v.as_i64()).unwrap_or(80);
    let leader = tools.is_leader()?;
    for relation in tools.relation_ids("website")? {
        let unit_data = BTreeMap::from([("hostname".to_owned(), hostname.clone())]);
        tools.relation_set(&relation, DatabagScope::Unit, &unit_data)?;
        if leader {
            let url = format!("http://{hostname}:{port}/");
            tools.relation_set(
                &relation,
                DatabagScope::App,
                &BTreeMap::from([("url".to_owned(), url)]),
            )?;
        }
    }
    tracing::info!("handled {}", hook.event.hook_name());
    tools.status_set(
        StatusScope::Unit,
        &Status::Active(format!("serving {hostname}")),
    )?;
    if leader {
        tools.status_set(StatusScope::Application, &Status::Active(String::new()))?;
    }
    if config.get("fail-after-write").and_then(|v| v.as_bool()) == Some(true) {
        return Err(ExampleError::AskedToFail);
    }
    Ok(())
}

fn run_action(name: &str, tools: &mut dyn HookTools) -> Result<(), ExampleError> {
    let params = tools.action_get()?;
    tracing::info!("running {name}");
    match name {
        "ping" => tools.action_set(&BTreeMap::from([("result".to_owned(), "pong".to_owned())]))?,
        _ => {
            let length = params.get("length").and_then(|v| v.as_u64()).unwrap_or(0);
            if length < 16 {
                tools.action_fail("length must be at least 16")?;
            } else {
                tools.action_set(&BTreeMap::from([("length".to_owned(), length.to_string())]))?;
            }
        }
    }
    Ok(())
}
