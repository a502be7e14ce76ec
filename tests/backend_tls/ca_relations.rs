//! The `receive-ca-cert` relations: several providers combined (v0 and v1 bags), one with bad
//! data named in the status while the other still serves, a provider withdrawing everything,
//! and the relation broken — each back to the system roots when no CA is left.

use charm_cluster::Kind;
use integrator_fixtures::{APP, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, databag};

use crate::{
    CA, CA_CONFIG_MAP, INGRESS, POLICY, active, app, ca_config_map, ca_relation, deployed, golden,
    new_cluster, policy, relate, rendered, with_ca, with_system_roots, writes,
};

#[test]
fn the_certificates_of_every_provider_are_combined() {
    let mut cluster = new_cluster();
    let v0 = golden("provide-v0");
    let v1 = golden("provide-v1-remove");
    let state = deployed(
        &mut cluster,
        &[
            app(INGRESS, "flask", Some("https")),
            ca_relation(CA, &v0),
            ca_relation(CA + 1, &v1),
        ],
    );
    assert_eq!(state.unit_status, active(""));
    let all: Vec<String> = v0.read.iter().chain(&v1.read).cloned().collect();
    let config_map = rendered(&cluster, Kind::ConfigMap, CA_CONFIG_MAP);
    assert_eq!(config_map, ca_config_map(&all));
    assert_eq!(
        config_map["data"]["ca.crt"]
            .as_str()
            .unwrap()
            .matches("-----BEGIN CERTIFICATE-----")
            .count(),
        3,
        "ca-1 is in both, counted once"
    );
    assert_eq!(
        rendered(&cluster, Kind::BackendTlsPolicy, POLICY),
        policy(with_ca())
    );
}

#[test]
fn bad_data_on_one_relation_is_named_and_the_other_still_serves() {
    let mut cluster = new_cluster();
    let good = golden("provide-v1");
    let bad = Relation::new("receive-ca-cert", "certificate_transfer", CA + 1, "bad-ca")
        .remote_app_data(databag([
            ("certificates", "[\"not a certificate\"]"),
            ("version", "1"),
        ]));
    let state = deployed(
        &mut cluster,
        &[
            app(INGRESS, "flask", Some("https")),
            ca_relation(CA, &good),
            bad,
        ],
    );
    assert_eq!(
        state.unit_status,
        active("; ignoring invalid data on receive-ca-cert:8")
    );
    assert_eq!(
        rendered(&cluster, Kind::ConfigMap, CA_CONFIG_MAP),
        ca_config_map(&good.read)
    );
    assert_eq!(
        rendered(&cluster, Kind::BackendTlsPolicy, POLICY),
        policy(with_ca())
    );
}

#[test]
fn a_provider_withdrawing_every_certificate_leaves_the_system_roots() {
    let mut cluster = new_cluster();
    let ca = ca_relation(CA, &golden("provide-v1"));
    let state = deployed(&mut cluster, &[app(INGRESS, "flask", Some("https")), ca]);
    assert_eq!(cluster.names(Kind::ConfigMap), [CA_CONFIG_MAP]);

    let mut state = state;
    state.relations.retain(|r| r.id != CA);
    let emptied = ca_relation(CA, &golden("provide-v0-removed-all"));
    let state = relate(state, emptied, &mut cluster);
    assert_eq!(state.unit_status, active(""));
    assert_eq!(cluster.names(Kind::ConfigMap), Vec::<&str>::new());
    assert_eq!(
        rendered(&cluster, Kind::BackendTlsPolicy, POLICY),
        policy(with_system_roots())
    );
}

#[test]
fn the_relation_broken_deletes_the_config_map_and_falls_back_to_the_system_roots() {
    let mut cluster = new_cluster();
    let ca = ca_relation(CA, &golden("provide-v1"));
    let state = deployed(
        &mut cluster,
        &[app(INGRESS, "flask", Some("https")), ca.clone()],
    );
    assert_eq!(
        rendered(&cluster, Kind::BackendTlsPolicy, POLICY),
        policy(with_ca())
    );

    let from = cluster.calls().len();
    let state = step(Event::relation_broken(&ca), state, &mut cluster);
    assert_eq!(state.unit_status, active(""));
    assert_eq!(
        writes(&cluster, from),
        [
            format!("PATCH backendtlspolicies {POLICY}"),
            format!("DELETE configmaps {CA_CONFIG_MAP}"),
            // Its record of kinds drops ConfigMap: written once the delete went through.
            format!("PATCH gateways {APP}"),
        ]
    );
    assert_eq!(
        rendered(&cluster, Kind::BackendTlsPolicy, POLICY),
        policy(with_system_roots())
    );
    assert!(!matches!(state.unit_status, Some(Status::Blocked(_))));
}
