//! Gather: the only place that reads Juju state. Config once, `relation-ids` once per endpoint,
//! each databag at most once. Remote unit databags are not read: the integrator selects the
//! workload's pods itself, so the units' `host`/`ip` are not part of an ISD259 request.
//!
//! The integrator's answer is read separately ([`read_answer`]), and only when there is a valid
//! request for it to answer; whether it answers the current request is decided later
//! ([`crate::state::accepted_url`]).

use juju_hook::{
    Databag, DatabagOwner, Event, HookContext, HookTools, RelationEventKind, RelationId, ToolError,
};
use serde_json::{Map, Value};

/// Endpoint names (charmcraft.yaml).
pub mod endpoints {
    /// `ingress` provider (limit 1): the workload relates here.
    pub const INGRESS: &str = "ingress";
    /// `gateway-route` requirer (limit 1): gateway-api-integrator relates here.
    pub const GATEWAY_ROUTE: &str = "gateway-route";
}

/// What one relation shows this unit, read once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationSnapshot {
    /// `<endpoint>:<id>`.
    pub id: RelationId,
    /// The remote application's databag; `None` when it was not read.
    pub remote_app_data: Option<Databag>,
    /// Our application's databag (what we published last).
    pub local_app_data: Databag,
}

/// Everything one pass decides on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// `config-get --all`.
    pub config: Map<String, Value>,
    /// The workload's `ingress` relation, if any.
    pub ingress: Option<RelationSnapshot>,
    /// The integrator's `gateway-route` relation, if any; its remote data is read later, by
    /// [`read_answer`].
    pub gateway_route: Option<RelationSnapshot>,
}

/// Read config and both relations (without the integrator's answer). A relation being broken
/// in this hook is left out, as ops leaves it out of `Model.relations`.
pub fn gather(ctx: &HookContext, tools: &mut dyn HookTools) -> Result<Inputs, ToolError> {
    let config = tools.config_get()?;
    let ingress = match relation_id(ctx, tools, endpoints::INGRESS)? {
        Some(id) => {
            let remote = read_remote_app_data(ctx, tools, &id)?;
            Some(snapshot(ctx, tools, id, Some(remote))?)
        }
        None => None,
    };
    let gateway_route = match relation_id(ctx, tools, endpoints::GATEWAY_ROUTE)? {
        Some(id) => Some(snapshot(ctx, tools, id, None)?),
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
    relation.remote_app_data = Some(read_remote_app_data(ctx, tools, &relation.id)?);
    Ok(())
}

/// The relation of a `limit: 1` endpoint, skipping one being broken (the lowest id should Juju
/// ever list more than one).
fn relation_id(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    endpoint: &str,
) -> Result<Option<RelationId>, ToolError> {
    let broken = match &ctx.event {
        Event::Relation {
            kind: RelationEventKind::Broken,
            relation,
            ..
        } => Some(relation),
        _ => None,
    };
    Ok(tools
        .relation_ids(endpoint)?
        .into_iter()
        .filter(|id| Some(id) != broken)
        .min())
}

fn snapshot(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    id: RelationId,
    remote_app_data: Option<Databag>,
) -> Result<RelationSnapshot, ToolError> {
    let local_app_data = tools.relation_get(&id, &DatabagOwner::App(ctx.app_name.clone()))?;
    Ok(RelationSnapshot {
        id,
        remote_app_data,
        local_app_data,
    })
}

/// The remote application's databag. Its name comes from the event when the event is about
/// this relation, else from `relation-list --app` (one more call).
fn read_remote_app_data(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    id: &RelationId,
) -> Result<Databag, ToolError> {
    let remote_app = match &ctx.event {
        Event::Relation {
            relation,
            remote_app,
            ..
        } if relation == id && !remote_app.is_empty() => Some(remote_app.clone()),
        _ => tools.relation_remote_app(id)?,
    };
    match remote_app {
        Some(app) => tools.relation_get(id, &DatabagOwner::App(app)),
        None => Ok(Databag::new()),
    }
}
