//! Certificate continuity and "Blocked loses nothing": a CSR is withdrawn only when its hostname
//! is deliberately no longer served; an invalid configuration, a broken ingress relation or an
//! apiserver outage keeps every CSR, TLS Secret, object and URL as it is.

use integrator_fixtures as support;
use integrator_fixtures::tls as tls_support;

use charm_cluster::in_memory::Call;
use charm_cluster::{Fault, FaultKind, FaultTrigger, InMemoryCluster, Kind, Verb};
use juju_hook::{Event, Status};
use juju_hook_testing::EventExt;
use support::APP;
use tls_support::*;

/// Every DELETE the cluster saw since call `from`.
fn deletes_since(cluster: &InMemoryCluster, from: usize) -> Vec<Call> {
    cluster.calls()[from..]
        .iter()
        .filter(|call| call.verb == Verb::Delete)
        .cloned()
        .collect()
}

fn all_objects(cluster: &InMemoryCluster) -> Vec<(Kind, String)> {
    Kind::ALL
        .iter()
        .flat_map(|kind| {
            cluster
                .names(*kind)
                .into_iter()
                .map(move |name| (*kind, name.to_owned()))
        })
        .collect()
}

#[test]
fn a_gateway_class_typo_keeps_the_csr_secret_objects_and_url_until_fixed() {
    let (state, mut cluster) = serving();
    let csr_bag = state.get_relation(CERTS).unwrap().local_app_data.clone();
    let ingress_bag = state.get_relation(INGRESS).unwrap().local_app_data.clone();
    let objects = all_objects(&cluster);
    let calls = cluster.calls().len();

    let typo = state.config("gateway-class", "cilum");
    let blocked = step(Event::ConfigChanged, typo, &mut cluster);
    assert_eq!(
        blocked.unit_status,
        Some(Status::Blocked(
            "Gateway class must be one of: [cilium]".into()
        ))
    );
    assert_eq!(
        blocked.get_relation(CERTS).unwrap().local_app_data,
        csr_bag,
        "the CSR is kept byte for byte"
    );
    assert_eq!(
        blocked.get_relation(INGRESS).unwrap().local_app_data,
        ingress_bag,
        "the URL is kept"
    );
    assert_eq!(all_objects(&cluster), objects, "every object is kept");

    let fixed = step(
        Event::ConfigChanged,
        blocked.config("gateway-class", "cilium"),
        &mut cluster,
    );
    assert_eq!(fixed.unit_status, Some(active()));
    assert_eq!(fixed.get_relation(CERTS).unwrap().local_app_data, csr_bag);
    assert_eq!(
        fixed.get_relation(INGRESS).unwrap().local_app_data,
        ingress_bag
    );
    assert_eq!(all_objects(&cluster), objects);
    assert_eq!(
        deletes_since(&cluster, calls),
        vec![],
        "nothing was deleted"
    );
}

#[test]
fn an_invalid_hostname_keeps_the_csr_of_the_previous_one() {
    let (state, mut cluster) = serving();
    let csr_bag = state.get_relation(CERTS).unwrap().local_app_data.clone();
    let calls = cluster.calls().len();
    let blocked = step(
        Event::ConfigChanged,
        state.config("external-hostname", "not a hostname"),
        &mut cluster,
    );
    assert!(matches!(blocked.unit_status, Some(Status::Blocked(_))));
    assert_eq!(blocked.get_relation(CERTS).unwrap().local_app_data, csr_bag);
    assert!(tls_secret(&cluster, HOST).is_some());
    assert_eq!(deletes_since(&cluster, calls), vec![]);
}

#[test]
fn breaking_the_last_ingress_relation_keeps_the_hostname_certificate() {
    let (state, mut cluster) = serving();
    let csr_bag = state.get_relation(CERTS).unwrap().local_app_data.clone();
    let calls = cluster.calls().len();
    let relation = state.get_relation(INGRESS).unwrap().clone();
    let mut broken = step(Event::relation_broken(&relation), state, &mut cluster);
    broken.relations.retain(|r| r.id != INGRESS);
    assert_eq!(broken.unit_status, Some(active()));
    assert_eq!(broken.get_relation(CERTS).unwrap().local_app_data, csr_bag);
    assert!(tls_secret(&cluster, HOST).is_some());
    assert_eq!(
        https_listeners(&cluster),
        vec![(
            format!("{APP}-https-www-example-com"),
            HOST.to_owned(),
            format!("{APP}-secret-{HOST}"),
        )]
    );
    // Only the workload's route and Service went.
    let deleted: Vec<(Option<Kind>, String)> = deletes_since(&cluster, calls)
        .into_iter()
        .map(|call| (call.kind, call.target))
        .collect();
    assert_eq!(
        deleted,
        vec![
            (
                Some(Kind::HttpRoute),
                format!("{APP}-flask-3-https-www-example-com")
            ),
            (Some(Kind::HttpRoute), format!("{APP}-http")),
            (Some(Kind::Service), format!("{APP}-flask-service")),
        ]
    );

    // The first application related again is served over HTTPS at once.
    let relation = ingress_relation();
    let again = step(
        Event::relation_changed(&relation, Some("flask/0")),
        broken.relation(relation.clone()),
        &mut cluster,
    );
    assert_eq!(again.get_relation(CERTS).unwrap().local_app_data, csr_bag);
    assert_eq!(
        again.get_relation(INGRESS).unwrap().local_app_data["ingress"],
        format!("{{\"url\": \"https://{HOST}/testing-flask\"}}")
    );
}

#[test]
fn an_apiserver_outage_withdraws_nothing() {
    let (state, cluster) = serving();
    let objects = all_objects(&cluster);
    // A changed port: the hook has something to apply when the fault hits.
    let relation = support::ingress_relation(9090);
    let mut changed = state.clone();
    changed.get_relation_mut(INGRESS).unwrap().remote_app_data = relation.remote_app_data.clone();
    let event = Event::relation_changed(&relation, Some("flask/0"));
    let mut reference = cluster.clone();
    support::run(event.clone(), changed.clone(), &mut reference);
    let positions = reference.calls().len() - cluster.calls().len();
    // Five LISTs (GatewayClasses, then the kinds the Gateway records: Gateways, HTTPRoutes,
    // Services, Secrets), then the Service and the application's HTTPS route (the shared
    // redirect route does not name the port).
    assert_eq!(positions, 7);
    for fault in [
        FaultKind::Status(503),
        FaultKind::Status(403),
        FaultKind::Timeout,
    ] {
        for position in 0..positions {
            let case = format!("{fault:?} at call {position}");
            let mut cluster = cluster.clone();
            let calls = cluster.calls().len();
            cluster.inject(Fault {
                trigger: FaultTrigger::Call(calls + position),
                kind: fault.clone(),
            });
            let out = support::run(event.clone(), changed.clone(), &mut cluster);
            let after = &out.state;
            for id in [CERTS, INGRESS] {
                assert_eq!(
                    after.get_relation(id).unwrap().local_app_data,
                    changed.get_relation(id).unwrap().local_app_data,
                    "{case}: relation {id} kept"
                );
            }
            assert_eq!(deletes_since(&cluster, calls), vec![], "{case}: no delete");
            assert_eq!(all_objects(&cluster), objects, "{case}: no object removed");
            assert!(
                matches!(
                    after.unit_status,
                    Some(Status::Maintenance(_) | Status::Blocked(_))
                ),
                "{case}: {:?}",
                after.unit_status
            );
        }
    }
}
