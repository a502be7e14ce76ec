//! The one pass per hook: leader gate → gather → decide → plan → write the differences →
//! status. Every event reaches [`run`]; there is no per-event logic.
//!
//! Hook-tool cost: `is-leader`, `config-get`, `relation-ids` ×2, per related endpoint
//! `relation-get` ×2 (+ `relation-list --app` when the event is not that relation's), at most
//! two `relation-set`s, one `status-set`.

use juju_hook::{DatabagScope, HookContext, HookTools, Status, StatusScope, ToolError};

use crate::gather::gather;
use crate::plan::plan;
use crate::state::{Identity, decide};

/// The status a non-leader unit shows; it does nothing else.
pub const NON_LEADER_MESSAGE: &str = "Deploying more than one unit is not supported.";

/// An unexpected failure: the hook exits non-zero so Juju retries it (and discards its
/// relation writes).
#[derive(Debug, thiserror::Error)]
pub enum CharmError {
    /// A hook tool failed.
    #[error("hook tool failed: {0}")]
    Tool(#[from] ToolError),
}

/// Run the charm for one event.
pub fn run(ctx: &HookContext, tools: &mut dyn HookTools) -> Result<(), CharmError> {
    if !tools.is_leader()? {
        tools.status_set(
            StatusScope::Unit,
            &Status::Blocked(NON_LEADER_MESSAGE.into()),
        )?;
        return Ok(());
    }
    let inputs = gather(ctx, tools)?;
    let desired = decide(
        &inputs,
        Identity {
            app: &ctx.app_name,
            model: &ctx.model_name,
        },
    );
    let plan = plan(&inputs, &desired);
    for write in &plan.writes {
        tracing::debug!(relation = %write.relation, keys = ?write.changes.keys().collect::<Vec<_>>(), "publishing");
        tools.relation_set(&write.relation, DatabagScope::App, &write.changes)?;
    }
    tools.status_set(StatusScope::Unit, &plan.status)?;
    Ok(())
}
