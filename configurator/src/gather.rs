//! Gather: the only place that reads Juju state. Config once, `relation-ids` once per endpoint,
//! each databag at most once (see [`juju_hook::snapshot`]). Remote unit databags are not read:
//! the integrator selects the workload's pods itself, so the units' `host`/`ip` are not part of
//! an ISD259 request.
//!
//! The integrator's answer is read separately ([`read_answer`]), and only when there is a valid
//! request for it to answer; whether it answers the current request is decided later
//! ([`crate::state::accepted_url`]).

use juju_hook::snapshot::{read_relation, read_remote_app_data, relation_ids};
use juju_hook::{HookContext, HookTools, Reads, RelationSnapshot, ToolError};
use serde_json::{Map, Value};

/// Endpoint names (charmcraft.yaml).
pub mod endpoints {
    /// `ingress` provider (limit 1): the workload relates here.
    pub const INGRESS: &str = "ingress";
    /// `gateway-route` requirer (limit 1): gateway-api-integrator relates here.
    pub const GATEWAY_ROUTE: &str = "gateway-route";
}

/// Everything one pass decides on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// `config-get --all`.
    pub config: Map<String, Value>,
    /// The workload's `ingress` relation, if any.
    pub ingress: Option<RelationSnapshot>,
    /// The integrator's `gateway-route` relation, if any; its remote data is read later, by
    /// [`read_answer`] (empty until then).
    pub gateway_route: Option<RelationSnapshot>,
}

/// Read config and both relations (without the integrator's answer). A relation being broken
/// in this hook is left out, as ops leaves it out of `Model.relations`.
pub fn gather(ctx: &HookContext, tools: &mut dyn HookTools) -> Result<Inputs, ToolError> {
    let config = tools.config_get()?;
    let ingress = match first_relation(ctx, tools, endpoints::INGRESS)? {
        Some(id) => Some(read_relation(ctx, tools, id, Reads::APPS)?),
        None => None,
    };
    let gateway_route = match first_relation(ctx, tools, endpoints::GATEWAY_ROUTE)? {
        Some(id) => Some(read_relation(ctx, tools, id, Reads::LOCAL_APP)?),
        None => None,
    };
    Ok(Inputs {
        config,
        ingress,
        gateway_route,
    })
}

/// Read the integrator's answer into `relation`.
pub fn read_answer(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    relation: &mut RelationSnapshot,
) -> Result<(), ToolError> {
    read_remote_app_data(ctx, tools, relation)
}

/// The relation of a `limit: 1` endpoint (the lowest id should Juju ever list more than one).
fn first_relation(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    endpoint: &str,
) -> Result<Option<juju_hook::RelationId>, ToolError> {
    Ok(relation_ids(ctx, tools, endpoint)?.into_iter().next())
}
