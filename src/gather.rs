//! Gather: the only place that reads Juju state. Each databag is read once per hook.

use std::collections::BTreeMap;

use juju_hook::{
    Databag, DatabagOwner, Event, HookContext, HookTools, RelationEventKind, RelationId, ToolError,
};
use serde_json::{Map, Value};

/// Endpoint names of the integrator (charmcraft.yaml).
pub mod endpoints {
    /// Ingress v2 provider (limit 1).
    pub const GATEWAY: &str = "gateway";
    /// gateway-route provider (any number).
    pub const GATEWAY_ROUTE: &str = "gateway-route";
    /// tls-certificates requirer (limit 1).
    pub const CERTIFICATES: &str = "certificates";
    /// dns_record requirer.
    pub const DNS_RECORD: &str = "dns-record";
}

/// Everything one relation shows this unit, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationSnapshot {
    pub id: Option<RelationId>,
    /// The remote application's name, when known.
    pub remote_app: Option<String>,
    /// The remote application's databag.
    pub remote_app_data: Databag,
    /// Each remote unit's databag, by unit name.
    pub remote_units: BTreeMap<String, Databag>,
    /// Our application's databag (what we published last).
    pub local_app_data: Databag,
}

/// The Juju side of the inputs of one reconcile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JujuInputs {
    /// `config-get --all`.
    pub config: Map<String, Value>,
    /// The `gateway` (ingress) relation, if any.
    pub ingress: Option<RelationSnapshot>,
    /// Every `gateway-route` relation, by ascending relation id.
    pub gateway_routes: Vec<RelationSnapshot>,
    /// The `certificates` relation, if any.
    pub certificates: Option<RelationSnapshot>,
    /// Every `dns-record` relation.
    pub dns_records: Vec<RelationSnapshot>,
}

/// What to read of each relation of an endpoint.
#[derive(Debug, Clone, Copy)]
struct Reads {
    remote_units: bool,
    local_app: bool,
}

/// Read config and every relation the charm uses. Relations being broken in this hook are left
/// out, as ops leaves them out of `Model.relations`.
pub fn gather(ctx: &HookContext, tools: &mut dyn HookTools) -> Result<JujuInputs, ToolError> {
    let config = tools.config_get()?;
    let all = Reads {
        remote_units: true,
        local_app: true,
    };
    let no_units = Reads {
        remote_units: false,
        local_app: true,
    };
    let ingress = read_endpoint(ctx, tools, endpoints::GATEWAY, all)?
        .into_iter()
        .next();
    let gateway_routes = read_endpoint(ctx, tools, endpoints::GATEWAY_ROUTE, no_units)?;
    let certificates = read_endpoint(ctx, tools, endpoints::CERTIFICATES, no_units)?
        .into_iter()
        .next();
    let dns_records = read_endpoint(ctx, tools, endpoints::DNS_RECORD, no_units)?;
    Ok(JujuInputs {
        config,
        ingress,
        gateway_routes,
        certificates,
        dns_records,
    })
}

fn read_endpoint(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    endpoint: &str,
    reads: Reads,
) -> Result<Vec<RelationSnapshot>, ToolError> {
    let mut ids = tools.relation_ids(endpoint)?;
    ids.sort();
    let broken = match &ctx.event {
        Event::Relation {
            kind: RelationEventKind::Broken,
            relation,
            ..
        } => Some(relation),
        _ => None,
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if Some(&id) == broken {
            continue;
        }
        out.push(read_relation(ctx, tools, id, reads)?);
    }
    Ok(out)
}

fn read_relation(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    id: RelationId,
    reads: Reads,
) -> Result<RelationSnapshot, ToolError> {
    let units = tools.relation_list(&id)?;
    let remote_app = match &ctx.event {
        Event::Relation {
            relation,
            remote_app,
            ..
        } if *relation == id => Some(remote_app.clone()),
        _ => match units.first() {
            Some(unit) => unit.split('/').next().map(str::to_owned),
            None => tools.relation_remote_app(&id)?,
        },
    };
    let remote_app_data = match &remote_app {
        Some(app) => tools.relation_get(&id, &DatabagOwner::App(app.clone()))?,
        None => Databag::new(),
    };
    let mut remote_units = BTreeMap::new();
    if reads.remote_units {
        for unit in units {
            let bag = tools.relation_get(&id, &DatabagOwner::Unit(unit.clone()))?;
            remote_units.insert(unit, bag);
        }
    } else {
        for unit in units {
            remote_units.insert(unit, Databag::new());
        }
    }
    let local_app_data = if reads.local_app {
        tools.relation_get(&id, &DatabagOwner::App(ctx.app_name.clone()))?
    } else {
        Databag::new()
    };
    Ok(RelationSnapshot {
        id: Some(id),
        remote_app,
        remote_app_data,
        remote_units,
        local_app_data,
    })
}

/// What the cluster shows at the start of a reconcile: one LIST of GatewayClasses and one LIST
/// per managed kind (by our label). The Gateway's address comes from the listed Gateway, so no
/// extra GET is needed.
#[derive(Debug, Clone, Default)]
pub struct ClusterView {
    /// Names of the cluster's GatewayClasses.
    pub gateway_classes: Vec<String>,
    /// Our labelled objects, per kind.
    pub managed: std::collections::BTreeMap<charm_cluster::Kind, Vec<charm_cluster::ManagedObject>>,
}

impl ClusterView {
    /// Our labelled objects of `kind`.
    pub fn managed_of(&self, kind: charm_cluster::Kind) -> &[charm_cluster::ManagedObject] {
        self.managed
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// `status.addresses[*].value` of our Gateway (named after the app), if it reported any.
    pub fn gateway_address_values(&self, app: &str) -> Option<Vec<String>> {
        let gateway = self
            .managed_of(charm_cluster::Kind::Gateway)
            .iter()
            .find(|object| object.name() == app)?;
        let addresses = gateway.object().pointer("/status/addresses")?.as_array()?;
        Some(
            addresses
                .iter()
                .filter_map(|address| address.get("value")?.as_str().map(str::to_owned))
                .collect(),
        )
    }
}

/// Read the cluster once: GatewayClasses and our objects of every managed kind.
pub fn gather_cluster(
    cluster: &mut dyn charm_cluster::Cluster,
    app: &str,
) -> Result<ClusterView, charm_cluster::ClusterError> {
    let gateway_classes = cluster.list_gateway_classes()?;
    let mut managed = std::collections::BTreeMap::new();
    for kind in charm_cluster::Kind::ALL {
        managed.insert(kind, cluster.list_managed(kind, app)?);
    }
    Ok(ClusterView {
        gateway_classes,
        managed,
    })
}
