//! The one pass per hook: leader gate → gather → decide → plan → write the differences →
//! status. Every event reaches [`run`]; there is no per-event logic.
//!
//! Hook-tool cost, at most 13: `is-leader`, `config-get`, `relation-ids` ×2; per related
//! endpoint our app bag and, when needed, the remote app bag (+ `relation-list --app` unless
//! the event is that relation's); at most one `relation-set` per bag; one `status-set`. The
//! integrator's answer is read whenever our request is valid, even in a hook that changes the
//! request: an answer that already fits the new request (e.g. after a port change, where the
//! integrator's endpoints stay byte-identical and Juju fires no relation-changed) is accepted
//! at once. So a hook that changes the request can also change the URL: only such a hook
//! writes both bags after reading everything (13 calls); every other hook stays within 12.

use juju_hook::{HookContext, HookTools, JujuEffects, Status, ToolError};

use crate::gather::{gather, read_answer};
use crate::plan::plan;
use crate::state::{Identity, decide, request};

/// The status a non-leader unit shows (Active); it reads and writes nothing else. The leader
/// alone writes the application databags, so any number of units serve one request.
pub const STANDBY_MESSAGE: &str = "Standby: the leader unit requests the route";

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
        let effects = JujuEffects {
            status: Some(Status::Active(STANDBY_MESSAGE.into())),
            ..JujuEffects::default()
        };
        return Ok(juju_hook::effects::execute(tools, &effects)?);
    }
    let identity = Identity {
        app: &ctx.app_name,
        model: &ctx.model_name,
    };
    let mut inputs = gather(ctx, tools)?;
    if request(&inputs, identity).is_ok()
        && let Some(relation) = inputs.gateway_route.as_mut()
    {
        read_answer(ctx, tools, relation)?;
    }
    let desired = decide(&inputs, identity);
    let effects = plan(&inputs, &desired);
    Ok(juju_hook::effects::execute(tools, &effects)?)
}
