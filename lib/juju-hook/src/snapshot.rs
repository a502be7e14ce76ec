//! Gather helpers: what one relation shows this unit, read once per hook.
//!
//! Both charms read their relations through [`read_endpoint`] (or [`read_relation`] for one
//! relation), choosing with [`Reads`] which databags they need, so each databag costs at most one
//! `relation-get` and the remote application's name costs at most one `relation-list`.

use std::collections::BTreeMap;

use crate::error::ToolError;
use crate::event::{Event, HookContext, RelationEventKind};
use crate::relation::RelationId;
use crate::tools::{Databag, DatabagOwner, HookTools};

/// Everything one relation shows this unit, as read in this hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationSnapshot {
    /// `<endpoint>:<id>`.
    pub id: RelationId,
    /// The remote application's name, when known.
    pub remote_app: Option<String>,
    /// The remote application's databag (empty when not read, see [`Reads::remote_app`]).
    pub remote_app_data: Databag,
    /// Each remote unit's databag, by unit name (only when [`Reads::remote_units`]).
    pub remote_units: BTreeMap<String, Databag>,
    /// Our application's databag: what we published last (empty when not read).
    pub local_app_data: Databag,
}

impl RelationSnapshot {
    /// A snapshot of relation `id` with nothing read yet.
    pub fn new(id: RelationId) -> RelationSnapshot {
        RelationSnapshot {
            id,
            remote_app: None,
            remote_app_data: Databag::new(),
            remote_units: BTreeMap::new(),
            local_app_data: Databag::new(),
        }
    }
}

/// Which databags of a relation to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    /// The remote application's databag.
    pub remote_app: bool,
    /// Every remote unit's databag (one `relation-get` each).
    pub remote_units: bool,
    /// Our application's databag.
    pub local_app: bool,
}

impl Reads {
    /// Every databag.
    pub const ALL: Reads = Reads {
        remote_app: true,
        remote_units: true,
        local_app: true,
    };
    /// The two application databags (the usual provider/requirer exchange).
    pub const APPS: Reads = Reads {
        remote_app: true,
        remote_units: false,
        local_app: true,
    };
    /// Only our application databag.
    pub const LOCAL_APP: Reads = Reads {
        remote_app: false,
        remote_units: false,
        local_app: true,
    };
}

/// The relation this hook reports as broken, if any: ops leaves it out of `Model.relations`,
/// and so do these helpers.
pub fn broken_relation(ctx: &HookContext) -> Option<&RelationId> {
    match &ctx.event {
        Event::Relation {
            kind: RelationEventKind::Broken,
            relation,
            ..
        } => Some(relation),
        _ => None,
    }
}

/// `relation-ids <endpoint>`, ascending, without the relation being broken in this hook.
pub fn relation_ids(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    endpoint: &str,
) -> Result<Vec<RelationId>, ToolError> {
    let broken = broken_relation(ctx);
    let mut ids: Vec<RelationId> = tools
        .relation_ids(endpoint)?
        .into_iter()
        .filter(|id| Some(id) != broken)
        .collect();
    ids.sort();
    Ok(ids)
}

/// Read every relation of `endpoint` (see [`relation_ids`]), ascending by id.
pub fn read_endpoint(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    endpoint: &str,
    reads: Reads,
) -> Result<Vec<RelationSnapshot>, ToolError> {
    relation_ids(ctx, tools, endpoint)?
        .into_iter()
        .map(|id| read_relation(ctx, tools, id, reads))
        .collect()
}

/// Read one relation. The remote application's name comes from the event when the event is
/// about this relation, else from the unit list when units are read, else from
/// `relation-list --app`.
pub fn read_relation(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    id: RelationId,
    reads: Reads,
) -> Result<RelationSnapshot, ToolError> {
    let mut snapshot = RelationSnapshot::new(id);
    let units = if reads.remote_units {
        tools.relation_list(&snapshot.id)?
    } else {
        Vec::new()
    };
    if reads.remote_app || reads.remote_units {
        snapshot.remote_app = match event_remote_app(ctx, &snapshot.id) {
            Some(app) => Some(app.to_owned()),
            None => match units.first().and_then(|unit| unit.split('/').next()) {
                Some(app) => Some(app.to_owned()),
                None => tools.relation_remote_app(&snapshot.id)?,
            },
        };
    }
    if reads.remote_app {
        read_remote_app_data(ctx, tools, &mut snapshot)?;
    }
    for unit in units {
        let bag = tools.relation_get(&snapshot.id, &DatabagOwner::Unit(unit.clone()))?;
        snapshot.remote_units.insert(unit, bag);
    }
    if reads.local_app {
        snapshot.local_app_data =
            tools.relation_get(&snapshot.id, &DatabagOwner::App(ctx.app_name.clone()))?;
    }
    Ok(snapshot)
}

/// Read the remote application's databag into `snapshot` (for a charm that decides late
/// whether it needs it). Looks up the application's name first when the snapshot lacks it.
pub fn read_remote_app_data(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    snapshot: &mut RelationSnapshot,
) -> Result<(), ToolError> {
    if snapshot.remote_app.is_none() {
        snapshot.remote_app = match event_remote_app(ctx, &snapshot.id) {
            Some(app) => Some(app.to_owned()),
            None => tools.relation_remote_app(&snapshot.id)?,
        };
    }
    snapshot.remote_app_data = match &snapshot.remote_app {
        Some(app) => tools.relation_get(&snapshot.id, &DatabagOwner::App(app.clone()))?,
        None => Databag::new(),
    };
    Ok(())
}

/// `JUJU_REMOTE_APP` when this hook is an event of relation `id` and names it.
fn event_remote_app<'a>(ctx: &'a HookContext, id: &RelationId) -> Option<&'a str> {
    match &ctx.event {
        Event::Relation {
            relation,
            remote_app,
            ..
        } if relation == id && !remote_app.is_empty() => Some(remote_app),
        _ => None,
    }
}
