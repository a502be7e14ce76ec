//! Gather helpers: what one relation shows this unit, read once per hook.
//!
//! Both charms read their relations through [`read_endpoint`] (or [`read_relation`] for one
//! relation), choosing with [`Reads`] which databags they need, so each databag costs at most one
//! `relation-get` and the remote application's name costs at most one `relation-list`.

use std::collections::BTreeMap;

use crate::error::ToolError;
use crate::event::{Event, HookContext, RelationEventKind};
use crate::record::HookRecord;
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
    /// Whether the remote units were listed ([`Reads::remote_units`]).
    pub units_read: bool,
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
            units_read: false,
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
    read_relation_recorded(ctx, tools, id, reads, None)
}

/// [`read_endpoint`] with a trusted [`HookRecord`] (see [`HookRecord::trusted`]): what the
/// record holds is not asked again. The endpoint's relation ids come from the record unless the
/// event is a relation event of `endpoint`; each relation's remote application's name, its
/// units (except for the event's relation) and our application bag come from the record when
/// it has them. Every remote bag is still read, once. Without a record this is
/// [`read_endpoint`].
pub fn read_endpoint_recorded(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    endpoint: &str,
    reads: Reads,
    record: Option<&HookRecord>,
) -> Result<Vec<RelationSnapshot>, ToolError> {
    let event_endpoint = match &ctx.event {
        Event::Relation { relation, .. } => Some(relation.endpoint.as_str()),
        _ => None,
    };
    let recorded = record
        .filter(|_| event_endpoint != Some(endpoint))
        .and_then(|record| record.relation_ids(endpoint));
    let ids = match recorded {
        Some(ids) => {
            let broken = broken_relation(ctx);
            ids.into_iter().filter(|id| Some(id) != broken).collect()
        }
        None => relation_ids(ctx, tools, endpoint)?,
    };
    ids.into_iter()
        .map(|id| read_relation_recorded(ctx, tools, id, reads, record))
        .collect()
}

fn read_relation_recorded(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    id: RelationId,
    reads: Reads,
    record: Option<&HookRecord>,
) -> Result<RelationSnapshot, ToolError> {
    let recorded = record.and_then(|record| record.relations.get(&id));
    let event_relation = matches!(&ctx.event, Event::Relation { relation, .. } if *relation == id);
    let mut snapshot = RelationSnapshot::new(id);
    snapshot.units_read = reads.remote_units;
    let units = match recorded.and_then(|r| r.units.as_ref()) {
        _ if !reads.remote_units => Vec::new(),
        Some(units) if !event_relation => units.clone(),
        _ => tools.relation_list(&snapshot.id)?,
    };
    if reads.remote_app || reads.remote_units {
        snapshot.remote_app = match event_remote_app(ctx, &snapshot.id) {
            Some(app) => Some(app.to_owned()),
            None => match recorded.and_then(|r| r.app.clone()) {
                Some(app) => Some(app),
                None => match units.first().and_then(|unit| unit.split('/').next()) {
                    Some(app) => Some(app.to_owned()),
                    None => tools.relation_remote_app(&snapshot.id)?,
                },
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
        snapshot.local_app_data = match recorded {
            Some(recorded) => recorded.bag.clone(),
            None => tools.relation_get(&snapshot.id, &DatabagOwner::App(ctx.app_name.clone()))?,
        };
    }
    Ok(snapshot)
}

/// The peer relation of `endpoint` and the record its application bag holds: one
/// `relation-ids` and, when the relation exists, one `relation-get`.
pub fn read_peer_record(
    tools: &mut dyn HookTools,
    endpoint: &str,
    app_name: &str,
) -> Result<crate::record::PeerRecord, ToolError> {
    let Some(relation) = tools.relation_ids(endpoint)?.into_iter().min() else {
        return Ok(crate::record::PeerRecord::default());
    };
    let bag = tools.relation_get(&relation, &DatabagOwner::App(app_name.to_owned()))?;
    Ok(crate::record::PeerRecord {
        stored: HookRecord::from_bag(&bag),
        raw: bag.get(crate::record::RECORD_KEY).cloned(),
        relation: Some(relation),
        bag,
    })
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
