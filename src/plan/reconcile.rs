//! The reconcile every hook runs, as one pure function of what gather read:
//! relation data → inputs → certificate targets → the TLS step → [`CharmState`] → the desired
//! world → its difference with what gather saw.

use std::collections::{BTreeMap, BTreeSet};

use charm_cluster::{ClusterError, Kind};
use charm_tls::plan::{TlsInputs, TlsPlan, published_targets};
use charm_tls::unique_id::UniqueIds;
use juju_hook::{BagWrite, JujuEffects, Note, RelationId, Status};
use serde_json::Value;

use crate::config::CharmConfig;
use crate::gather::{ClusterInput, ClusterView, Gathered, endpoints};
use crate::inputs::{self, SkippedRelation};
use crate::state::{
    CertificateTarget, CertificatesInput, CharmState, Inputs, TlsMaterial, certificate_targets,
};

use super::desired::{Desired, secrets};
use super::kinds_record::{order_gateway, record_kinds};
use super::verdict::{Verdict, verdict};
use super::{
    ClusterPlan, Failure, Plan, Prune, cluster_diff, cluster_failure, endpoints as proxied, names,
    publish, status,
};

/// The view of a cluster that shows nothing.
static NOTHING_LISTED: ClusterView = ClusterView {
    gateway_classes: Vec::new(),
    listed: BTreeMap::new(),
    not_served: BTreeSet::new(),
    tls_secret: None,
};

/// A reconcile's plan, and what it gives the workloads (for `get-proxied-endpoints`).
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciled {
    /// The plan.
    pub plan: Plan,
    /// `{app: {"url": …}}` for this application and every workload, as published once the plan
    /// is carried out; or why it cannot be told.
    pub endpoints: Result<Value, String>,
}

/// The reconcile's plan for `gathered`.
pub fn reconcile(gathered: &Gathered) -> Reconciled {
    let view = match &gathered.cluster {
        ClusterInput::Read(view) => Some(view),
        _ => None,
    };
    let related = gathered.juju.certificates.is_some();
    let (mut inputs, skipped) = inputs::build(
        &gathered.app,
        &gathered.model,
        &gathered.juju,
        view,
        CertificatesInput {
            related,
            ..CertificatesInput::default()
        },
    );
    let mut juju = JujuEffects::default();
    juju.notes.extend(
        skipped
            .iter()
            .map(|skip| Note::warning(format!("ignoring {}: {}", skip.relation, skip.reason))),
    );

    let tls = match tls_step(gathered, &inputs, view.is_some(), !skipped.is_empty()) {
        Ok(tls) => tls,
        Err(failure) => return failed(failure, "TLS step failed"),
    };
    if let Some(owned) = &gathered.tls.owned_secrets {
        juju.secrets.extend(charm_tls::plan::cleanup_on_broken(
            endpoints::CERTIFICATES,
            owned,
        ));
    }
    if let Some(tls) = &tls {
        juju.notes.extend(tls.plan.notes.iter().cloned());
        juju.secrets.extend(tls.plan.secrets.iter().cloned());
        inputs.certificates.issued = tls.material.clone();
    }
    let csr_write: Vec<BagWrite> = tls
        .iter()
        .filter_map(|t| t.plan.csr_write.clone())
        .collect();

    let view = match &gathered.cluster {
        ClusterInput::Read(view) => view,
        ClusterInput::Failed(error) => {
            let failure = cluster_failure(&gathered.app, error);
            if !failure.retry {
                juju.notes.push(Note::warning(error.to_string()));
            }
            juju.bags = csr_write;
            juju.status = Some(failure.status);
            return Reconciled {
                plan: Plan {
                    juju,
                    failure: failure.retry.then(|| Failure::Cluster(error.clone())),
                    ..Plan::default()
                },
                endpoints: Err(format!("Cannot read the cluster: {error}")),
            };
        }
        ClusterInput::NotRead => &NOTHING_LISTED,
    };

    match CharmState::build(&inputs) {
        Ok(state) => {
            let mut desired = Desired::compute(&state);
            let kept = relation_labels(skipped.iter().map(|skip| &skip.relation));
            let prune = Prune::AllBut(&kept);
            let recorded = record_kinds(&mut desired.desired, view, &gathered.app, prune);
            let mut cluster = cluster_diff::diff(
                view,
                &gathered.model,
                std::mem::take(&mut desired.desired),
                prune,
            );
            order_gateway(&mut cluster, view, &gathered.app, &recorded);
            if !cluster.unlisted.is_empty() {
                return Reconciled {
                    plan: Plan {
                        relist: cluster.unlisted,
                        ..Plan::default()
                    },
                    endpoints: Err("The cluster is being read".to_owned()),
                };
            }
            if let Some(refusal) = refusal(&gathered.app, view, &cluster) {
                juju.notes.push(Note::warning(refusal.to_string()));
                juju.bags = csr_write;
                juju.status = Some(cluster_failure(&gathered.app, &refusal).status);
                return Reconciled {
                    plan: Plan {
                        juju,
                        ..Plan::default()
                    },
                    endpoints: Err(format!("The charm is not ready: {refusal}")),
                };
            }
            let mut verdict = controller_verdict(&gathered.app, view, &cluster);
            // A listener whose cert-manager Secret is not there yet is expected to be refused
            // (its certificate reference does not resolve): the status waits for cert-manager.
            let awaited: BTreeSet<String> = state
                .certificates()
                .iter()
                .filter(|(_, certificate)| !certificate.ready)
                .map(|(host, _)| {
                    format!(
                        "listener {}",
                        names::https_listener_name(&gathered.app, Some(host))
                    )
                })
                .collect();
            verdict
                .problems
                .retain(|problem| !awaited.contains(&problem.subject));
            juju.notes.extend(verdict.problems.iter().map(|problem| {
                Note::warning(format!(
                    "the gateway controller says {problem}: {}",
                    problem.message
                ))
            }));
            withhold_rejected(&mut desired, &verdict);
            desired.status = status::status(&state, &verdict);
            let (bags, notes) = publish::bag_writes(&gathered.juju, &state, &desired, &skipped);
            juju.notes.extend(notes);
            juju.bags = csr_write.into_iter().chain(bags).collect();
            juju.status = Some(with_skipped(desired.status.clone(), &skipped));
            let endpoints = proxied::proxied_endpoints(&gathered.juju, &state, &juju.bags);
            Reconciled {
                plan: Plan {
                    cluster,
                    juju,
                    ..Plan::default()
                },
                endpoints,
            }
        }
        Err(error) => {
            // Blocked: keep every object, URL and piece of provider data as it is; keep the
            // TLS Secrets current (renewed certificates) and the CSRs published.
            juju.notes.push(Note::info(format!("blocked: {error}")));
            let mut secrets = secrets(&gathered.app, &gathered.model, &inputs.certificates.issued);
            // The Gateway is not written while Blocked, so its record of kinds cannot grow:
            // the first TLS Secret waits for a valid configuration.
            if view
                .recorded_kinds(&gathered.app)
                .is_some_and(|recorded| !recorded.contains(&Kind::Secret))
            {
                secrets.clear();
            }
            juju.bags = csr_write;
            juju.status = Some(with_skipped(error.status(), &skipped));
            let present = relation_labels(
                gathered
                    .juju
                    .ingress
                    .iter()
                    .chain(&gathered.juju.gateway_routes)
                    .chain(&gathered.juju.istio_routes)
                    .map(|snapshot| &snapshot.id),
            );
            Reconciled {
                plan: Plan {
                    cluster: cluster_diff::diff(
                        view,
                        &gathered.model,
                        secrets,
                        Prune::Gone(&present),
                    ),
                    juju,
                    ..Plan::default()
                },
                endpoints: Err(format!("The charm is not ready: {error}")),
            }
        }
    }
}

/// The TLS step's result: its plan, and the material issued by common name.
struct Tls {
    plan: TlsPlan,
    material: BTreeMap<String, TlsMaterial>,
}

/// The tls-certificates requirer step, when the relation exists.
fn tls_step(
    gathered: &Gathered,
    inputs: &Inputs,
    cluster_known: bool,
    keep_published: bool,
) -> Result<Option<Tls>, Failure> {
    let (Some(relation), Some(key)) = (&gathered.juju.certificates, &gathered.tls.key) else {
        return Ok(None);
    };
    let key = key.as_ref().map_err(|error| Failure::Key(error.clone()))?;
    let config = CharmConfig::from_juju(&inputs.config).ok();
    let published = published_targets(relation, key.key());
    let targets = certificate_targets(
        inputs,
        config.as_ref(),
        cluster_known,
        &published,
        keep_published,
    );
    let step = TlsInputs {
        endpoint: endpoints::CERTIFICATES,
        relation,
        key,
        certificate_secrets: gathered.tls.certificate_secrets.as_ref(),
        now: gathered.now,
    };
    let mut ids = UniqueIds::from_seed(gathered.seed);
    let plan = charm_tls::plan::plan(&step, &targets, &mut ids).map_err(Failure::Csr)?;
    let key_pem = key.key().to_pem();
    let material = plan
        .accepted
        .iter()
        .map(|(target, accepted): (&CertificateTarget, _)| {
            let material = TlsMaterial {
                certificate_chain_pem: accepted.chain_pem(),
                private_key_pem: key_pem.expose_secret().to_owned(),
            };
            (target.common_name(), material)
        })
        .collect();
    Ok(Some(Tls { plan, material }))
}

/// A plan that only fails the hook (an unexpected error: nothing is written).
fn failed(failure: Failure, context: &str) -> Reconciled {
    let message = failure.to_string();
    Reconciled {
        plan: Plan {
            failure: Some(failure),
            ..Plan::default()
        },
        endpoints: Err(format!("{context}: {message}")),
    }
}

/// Why nothing may be sent: a desired name someone else holds, or a desired kind the
/// cluster's Gateway API does not serve.
fn refusal(app: &str, view: &ClusterView, cluster: &ClusterPlan) -> Option<ClusterError> {
    if let Some((kind, name)) = cluster.conflicts.first() {
        return Some(ClusterError::NotOurs {
            kind: *kind,
            name: name.clone(),
            app: app.to_owned(),
        });
    }
    let kind = cluster
        .desired
        .iter()
        .map(|object| object.kind)
        .find(|kind| view.not_served.contains(kind))?;
    Some(ClusterError::NotFound {
        verb: "LIST".to_owned(),
        target: kind.plural().to_owned(),
        message: format!("the cluster's Gateway API does not serve {kind}"),
    })
}

/// The controller's verdict on the listed objects the plan keeps as they are (one it applies
/// now has a new generation the controller has not seen: the next hook reports on it).
fn controller_verdict(app: &str, view: &ClusterView, cluster: &ClusterPlan) -> Verdict {
    let applied: BTreeSet<usize> = (cluster.apply.iter().chain(&cluster.apply_last))
        .map(|apply| apply.index)
        .collect();
    let unchanged = (cluster.desired.iter().enumerate())
        .filter(|(index, _)| !applied.contains(index))
        .map(|(_, wanted)| wanted);
    let live = unchanged.filter_map(|wanted| {
        view.managed_of(wanted.kind)
            .iter()
            .find(|managed| managed.name() == wanted.name())
    });
    verdict(app, live)
}

/// A requirer whose route the controller rejected is not given a URL that cannot work: its
/// ingress URL or ISD259 endpoints are withdrawn (the status names the route).
fn withhold_rejected(desired: &mut Desired, verdict: &Verdict) {
    for problem in &verdict.problems {
        let Some((endpoint, id)) = problem
            .relation
            .as_deref()
            .and_then(|label| label.rsplit_once('.'))
            .and_then(|(endpoint, id)| Some((endpoint, id.parse::<u64>().ok()?)))
        else {
            continue;
        };
        match endpoint {
            endpoints::GATEWAY => {
                desired.ingress_urls.insert(id, None);
            }
            endpoints::GATEWAY_ROUTE => {
                desired.gateway_route_endpoints.remove(&id);
            }
            _ => {}
        }
    }
}

/// The relation-label values (`{endpoint}.{id}`) of `relations`.
fn relation_labels<'a>(relations: impl Iterator<Item = &'a RelationId>) -> BTreeSet<String> {
    relations
        .map(|relation| names::relation_label_value(&relation.endpoint, relation.id))
        .collect()
}

/// Name the relations whose data was skipped, after the status message.
fn with_skipped(status: Status, skipped: &[SkippedRelation]) -> Status {
    if skipped.is_empty() {
        return status;
    }
    let names: Vec<String> = skipped.iter().map(|s| s.relation.to_string()).collect();
    let note = format!("ignoring invalid data on {}", names.join(", "));
    let message = if status.message().is_empty() {
        note
    } else {
        format!("{}; {note}", status.message())
    };
    Status::from_parts(status.name(), message).unwrap_or(status)
}
