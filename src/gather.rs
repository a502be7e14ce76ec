//! Gather: the only place that reads. One pass over everything the event's plan needs —
//! leadership, config, relation databags, the secrets the TLS step needs, the cluster — into one
//! [`Gathered`] value. Nothing is read after gather; everything decided from it is pure.
//!
//! Hook-tool cost of a reconcile: `is-leader`, `config-get`, the hook record (`relation-ids` of
//! the peer endpoint and one `relation-get`), then each remote bag once (an application bag per
//! relation, a unit bag per `gateway` unit). Through the record ([`juju_hook::HookRecord`]) nothing
//! else per relation: `relation-ids` only for the endpoint of a relation event, `relation-list`
//! only for the event's `gateway` relation, our own bags not read. Without a usable record, per
//! endpoint `relation-ids` and per relation `relation-list` (`--app` when no unit is read) and
//! `relation-get` of our bag. In the leader's `remove` hook `goal-state`. With a `certificates`
//! relation one `secret-get` of the key (two when only the pre-1.9 label holds it, and a key is
//! generated when neither does); in `certificates` relation hooks one `secret-info-get` per
//! answered CSR; on `certificates-relation-broken` one `secret-ids` and one `secret-info-get`
//! per owned secret. `receive-ca-cert` relations are read like the other application-bag
//! endpoints (one remote application bag each). API requests: see
//! [`gather_cluster`], plus one GET of the `tls-secret-name` Secret when that option is set.
//! `install` reads nothing at all.

mod cluster_view;
mod tls;

use std::time::SystemTime;

use charm_cluster::{Cluster, ClusterError, Kind};
use juju_hook::snapshot::{read_endpoint, read_endpoint_recorded, read_peer_record};
use juju_hook::{
    Event, HookContext, HookRecord, HookTools, PeerRecord, Reads, RelationSnapshot, ToolError,
};
use serde_json::{Map, Value};

use crate::certificate_answers::CertificateAnswers;

pub use cluster_view::{
    ClusterView, KINDS_ANNOTATION, gather_cluster, gather_kinds, with_tls_secret,
};
pub use tls::{TlsGathered, gather_tls};

/// Endpoint names of the integrator (charmcraft.yaml).
pub mod endpoints {
    /// Ingress v2 provider (any number of applications).
    pub const GATEWAY: &str = "gateway";
    /// gateway-route provider (any number).
    pub const GATEWAY_ROUTE: &str = "gateway-route";
    /// tls-certificates requirer (limit 1).
    pub const CERTIFICATES: &str = "certificates";
    /// dns_record requirer.
    pub const DNS_RECORD: &str = "dns-record";
    /// istio_ingress_route provider (any number).
    pub const ISTIO_INGRESS_ROUTE: &str = "istio-ingress-route";
    /// certificate_transfer requirer (any number): the CAs that validate HTTPS backends.
    pub const RECEIVE_CA_CERT: &str = "receive-ca-cert";
    /// Peer relation: its application bag holds the hook record ([`juju_hook::HookRecord`]).
    pub const PEERS: &str = "integrator-peers";
    /// The endpoints a reconcile reads, every relation of each, and the record covers.
    pub const RECORDED: [&str; 6] = [
        GATEWAY,
        GATEWAY_ROUTE,
        CERTIFICATES,
        DNS_RECORD,
        ISTIO_INGRESS_ROUTE,
        RECEIVE_CA_CERT,
    ];
}

/// Actions the charm declares (actions.yaml).
pub mod actions {
    /// `get-certificate hostname=<h>`.
    pub const GET_CERTIFICATE: &str = "get-certificate";
    /// `get-proxied-endpoints`.
    pub const GET_PROXIED_ENDPOINTS: &str = "get-proxied-endpoints";
    /// `show-proxied-endpoints`: traefik-k8s's name for `get-proxied-endpoints`.
    pub const SHOW_PROXIED_ENDPOINTS: &str = "show-proxied-endpoints";
}

/// The Juju side of a reconcile's inputs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JujuInputs {
    /// `config-get --all`.
    pub config: Map<String, Value>,
    /// The `gateway` (ingress) relations, by ascending relation id.
    pub ingress: Vec<RelationSnapshot>,
    /// The `gateway-route` relations, by ascending relation id.
    pub gateway_routes: Vec<RelationSnapshot>,
    /// The `certificates` relation, if any.
    pub certificates: Option<RelationSnapshot>,
    /// The `dns-record` relations.
    pub dns_records: Vec<RelationSnapshot>,
    /// The `istio-ingress-route` relations, by ascending relation id.
    pub istio_routes: Vec<RelationSnapshot>,
    /// The `receive-ca-cert` relations, by ascending relation id.
    pub ca_certs: Vec<RelationSnapshot>,
    /// The peer relation and the hook record it holds (reconciles and `get-certificate`).
    pub peer: PeerRecord,
    /// `get-certificate`: the answers the last reconcile stored in the peer bag, when it
    /// holds a readable value (the `certificates` relation and the key are then not read).
    pub answers: Option<CertificateAnswers>,
}

impl JujuInputs {
    /// Every relation of the [`endpoints::RECORDED`] endpoints that this hook read.
    pub fn recorded_snapshots(&self) -> Vec<&RelationSnapshot> {
        self.ingress
            .iter()
            .chain(&self.gateway_routes)
            .chain(&self.certificates)
            .chain(&self.dns_records)
            .chain(&self.istio_routes)
            .chain(&self.ca_certs)
            .collect()
    }
}

/// What the cluster showed, if the event needed it.
#[derive(Debug, Clone, Default)]
pub enum ClusterInput {
    /// Not read (the event does not need the cluster).
    #[default]
    NotRead,
    /// Read.
    Read(ClusterView),
    /// Reading failed.
    Failed(ClusterError),
}

/// Everything one hook read.
#[derive(Debug, Clone)]
pub struct Gathered {
    /// This application's name.
    pub app: String,
    /// This unit's name.
    pub unit: String,
    /// The model's name (the namespace of every object).
    pub model: String,
    /// The event.
    pub event: Event,
    /// `is-leader` (false in `install`, which asks nothing).
    pub leader: bool,
    /// In the leader's `remove` hook: the application's other units that are not dying
    /// (`goal-state`). Non-zero means scaling down, not removing the application.
    pub staying_units: usize,
    /// Config and relations (empty when the event does not need them).
    pub juju: JujuInputs,
    /// The TLS step's secrets.
    pub tls: TlsGathered,
    /// The cluster.
    pub cluster: ClusterInput,
    /// The action's parameters (actions only).
    pub action_params: Map<String, Value>,
    /// The clock, read once.
    pub now: SystemTime,
    /// Seed of the unique identifiers of new CSRs, drawn once.
    pub seed: [u8; 32],
}

/// What an event needs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Needs {
    leadership: bool,
    relations: bool,
    cluster: bool,
    action_params: bool,
}

fn needs(event: &Event) -> Needs {
    let all = Needs {
        leadership: true,
        relations: true,
        cluster: true,
        action_params: false,
    };
    match event {
        // `install` reads nothing and does nothing: Juju runs `config-changed` (and, on the
        // leader, `leader-elected`) right after it, and they reconcile.
        Event::Install => Needs {
            leadership: false,
            relations: false,
            cluster: false,
            action_params: false,
        },
        Event::Remove => Needs {
            relations: false,
            ..all
        },
        Event::Action { name, .. } => match name.as_str() {
            actions::GET_CERTIFICATE => Needs {
                leadership: true,
                relations: true,
                cluster: false,
                action_params: true,
            },
            actions::GET_PROXIED_ENDPOINTS | actions::SHOW_PROXIED_ENDPOINTS => all,
            _ => Needs {
                leadership: true,
                relations: false,
                cluster: false,
                action_params: false,
            },
        },
        _ => all,
    }
}

/// Read everything the event's plan needs.
pub fn gather(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
) -> Result<Gathered, ToolError> {
    let needs = needs(&ctx.event);
    let mut gathered = Gathered {
        app: ctx.app_name.clone(),
        unit: ctx.unit_name.clone(),
        model: ctx.model_name.clone(),
        event: ctx.event.clone(),
        leader: needs.leadership && tools.is_leader()?,
        staying_units: 0,
        juju: JujuInputs::default(),
        tls: TlsGathered::default(),
        cluster: ClusterInput::NotRead,
        action_params: Map::new(),
        now: SystemTime::now(),
        seed: charm_tls::unique_id::UniqueIds::random_seed(),
    };
    if !gathered.leader {
        return Ok(gathered);
    }
    if ctx.event == Event::Remove {
        let goal = tools.goal_state()?;
        gathered.staying_units = goal
            .units
            .iter()
            .filter(|(unit, entry)| **unit != ctx.unit_name && entry.status != "dying")
            .count();
        if gathered.staying_units > 0 {
            return Ok(gathered);
        }
    }
    if needs.action_params {
        gathered.action_params = tools.action_get()?;
    }
    if needs.relations {
        gathered.juju = gather_juju(ctx, tools, &ctx.event)?;
        if gathered.juju.answers.is_some() {
            return Ok(gathered);
        }
        let generate_key = !matches!(ctx.event, Event::Action { .. });
        gathered.tls = gather_tls(
            ctx,
            tools,
            gathered.juju.certificates.as_ref(),
            generate_key,
        )?;
    }
    if needs.cluster {
        // `remove` deletes what we own: it needs no GatewayClass.
        let classes = ctx.event != Event::Remove;
        // The operator's TLS Secret is read whole (one GET): its certificate's names say what
        // it covers.
        let tls_secret = gathered
            .juju
            .config
            .get("tls-secret-name")
            .and_then(Value::as_str)
            .filter(|name| crate::config::object_name(name).is_ok());
        // `remove` deletes whatever of ours it finds; cert-manager's Secrets are looked for
        // when it issues the certificates. Otherwise the Gateway's record says what to list.
        let cert_manager = gathered
            .juju
            .config
            .get("cert-manager-issuer")
            .and_then(Value::as_str)
            .is_some_and(|issuer| !issuer.is_empty());
        let also: &[Kind] = match (ctx.event == Event::Remove, cert_manager) {
            (true, _) => &Kind::CORE,
            (false, true) => &[Kind::Secret],
            (false, false) => &[],
        };
        gathered.cluster = match gather_cluster(cluster, &ctx.app_name, classes, also)
            .and_then(|view| with_tls_secret(cluster, view, tls_secret))
        {
            Ok(view) => ClusterInput::Read(view),
            Err(error) => ClusterInput::Failed(error),
        };
    }
    Ok(gathered)
}

/// Config and every relation the charm uses (relations being broken in this hook are left
/// out). `get-certificate` reads the peer bag (the answers the last reconcile stored), and only
/// without a readable value there the `certificates` relation. A reconcile reads the hook
/// record first and relies on it where it may ([`HookRecord::trusted`]); if a read through it
/// fails (a relation gone meanwhile), everything is read again without it.
fn gather_juju(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    event: &Event,
) -> Result<JujuInputs, ToolError> {
    if matches!(event, Event::Action { name, .. } if name == actions::GET_CERTIFICATE) {
        let peer = read_peer_record(tools, endpoints::PEERS, &ctx.app_name)?;
        if let Some(answers) = CertificateAnswers::from_bag(&peer.bag) {
            return Ok(JujuInputs {
                answers: Some(answers),
                ..JujuInputs::default()
            });
        }
        let certificates = read_endpoint(ctx, tools, endpoints::CERTIFICATES, Reads::APPS)?;
        return Ok(JujuInputs {
            certificates: certificates.into_iter().next(),
            ..JujuInputs::default()
        });
    }
    let config = tools.config_get()?;
    let peer = read_peer_record(tools, endpoints::PEERS, &ctx.app_name)?;
    let trusted = peer.stored.clone().and_then(|record| record.trusted(ctx));
    let relations = match read_relations(ctx, tools, trusted.as_ref()) {
        Err(_) if trusted.is_some() => read_relations(ctx, tools, None),
        read => read,
    }?;
    Ok(JujuInputs {
        config,
        peer,
        ..relations
    })
}

fn read_relations(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    record: Option<&HookRecord>,
) -> Result<JujuInputs, ToolError> {
    let read = |tools: &mut dyn HookTools, endpoint, reads| {
        read_endpoint_recorded(ctx, tools, endpoint, reads, record)
    };
    Ok(JujuInputs {
        ingress: read(tools, endpoints::GATEWAY, Reads::ALL)?,
        gateway_routes: read(tools, endpoints::GATEWAY_ROUTE, Reads::APPS)?,
        certificates: read(tools, endpoints::CERTIFICATES, Reads::APPS)?
            .into_iter()
            .next(),
        dns_records: read(tools, endpoints::DNS_RECORD, Reads::LOCAL_APP)?,
        istio_routes: read(tools, endpoints::ISTIO_INGRESS_ROUTE, Reads::APPS)?,
        // The app bag holds the certificates for every provider we can read (module docs of
        // `relation_data::certificate_transfer`): no unit bag is read.
        ca_certs: read(tools, endpoints::RECEIVE_CA_CERT, Reads::APPS)?,
        ..JujuInputs::default()
    })
}
