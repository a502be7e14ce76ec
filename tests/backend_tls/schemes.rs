//! Each `scheme`: h2c and https Services, the BackendTLSPolicy with the CA ConfigMap or the
//! system roots, back to http, and a rerun that writes nothing.

use charm_cluster::Kind;
use gateway_api_integrator::gather::KINDS_ANNOTATION;
use integrator_fixtures::{APP, run, step};
use juju_hook::Event;
use juju_hook_testing::EventExt;
use serde_json::{Value, json};

use crate::{
    CA, CA_CONFIG_MAP, INGRESS, POLICY, SERVICE, active, app, app_protocols, ca_config_map,
    ca_relation, deployed, golden, new_cluster, policy, relation_labels, rendered, with_ca,
    with_system_roots, writes,
};

#[test]
fn an_h2c_backend_gets_the_h2c_app_protocol_and_no_policy() {
    let mut cluster = new_cluster();
    let state = deployed(&mut cluster, &[app(INGRESS, "flask", Some("h2c"))]);
    assert_eq!(state.unit_status, active(""));
    assert_eq!(
        rendered(&cluster, Kind::Service, SERVICE),
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": SERVICE, "namespace": "testing",
                         "labels": relation_labels("gateway", INGRESS)},
            "spec": {
                "ports": [{"appProtocol": "kubernetes.io/h2c", "name": "tcp-8443",
                           "port": 8443, "targetPort": 8443}],
                "selector": {"app.kubernetes.io/name": "flask"},
            },
        })
    );
    assert_eq!(cluster.names(Kind::BackendTlsPolicy), Vec::<&str>::new());
    assert_eq!(cluster.names(Kind::ConfigMap), Vec::<&str>::new());
    // The URL users see is unchanged: plain HTTP at the Gateway.
    assert_eq!(
        state.get_relation(INGRESS).unwrap().local_app_data["ingress"],
        "{\"url\": \"http://10.0.0.7/testing-flask\"}"
    );
}

#[test]
fn an_https_backend_is_validated_against_the_transferred_cas() {
    let mut cluster = new_cluster();
    let recorded = golden("provide-v1");
    let ca = ca_relation(CA, &recorded);
    let state = deployed(
        &mut cluster,
        &[app(INGRESS, "flask", Some("https")), ca.clone()],
    );
    assert_eq!(state.unit_status, active(""));
    assert_eq!(app_protocols(&cluster), [json!("https")]);
    assert_eq!(
        rendered(&cluster, Kind::BackendTlsPolicy, POLICY),
        policy(with_ca())
    );
    assert_eq!(
        rendered(&cluster, Kind::ConfigMap, CA_CONFIG_MAP),
        ca_config_map(&recorded.read)
    );
    // Two certificates, verbatim but for the surrounding white space.
    let data = &cluster.object(Kind::ConfigMap, CA_CONFIG_MAP).unwrap()["data"]["ca.crt"];
    assert_eq!(
        data.as_str()
            .unwrap()
            .matches("-----BEGIN CERTIFICATE-----\n")
            .count(),
        2
    );
    // The requirer's handshake, as the library's requirer writes it.
    assert_eq!(
        state.get_relation(CA).unwrap().local_app_data,
        juju_hook_testing::databag([("version", "1")])
    );
    // The Gateway records the kinds we hold, optional ones too, so later reconciles list them.
    let gateway = cluster.object(Kind::Gateway, APP).unwrap();
    assert_eq!(
        gateway["metadata"]["annotations"][KINDS_ANNOTATION],
        "Gateway,HTTPRoute,Service,BackendTLSPolicy,ConfigMap"
    );
    // The URL users see is unchanged.
    assert_eq!(
        state.get_relation(INGRESS).unwrap().local_app_data["ingress"],
        "{\"url\": \"http://10.0.0.7/testing-flask\"}"
    );

    // A rerun writes nothing: no object, no bag.
    let from = cluster.calls().len();
    let out = run(Event::UpdateStatus, state.clone(), &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(writes(&cluster, from), Vec::<String>::new());
    assert_eq!(out.calls.get("relation-set"), 0);
    let out = run(Event::relation_changed(&ca, None), state, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(writes(&cluster, from), Vec::<String>::new());
    assert_eq!(out.calls.get("relation-set"), 0);
}

#[test]
fn without_a_ca_relation_the_system_roots_validate() {
    let mut cluster = new_cluster();
    let state = deployed(&mut cluster, &[app(INGRESS, "flask", Some("https"))]);
    assert_eq!(state.unit_status, active(""));
    assert_eq!(app_protocols(&cluster), [json!("https")]);
    assert_eq!(
        rendered(&cluster, Kind::BackendTlsPolicy, POLICY),
        policy(with_system_roots())
    );
    assert_eq!(cluster.names(Kind::ConfigMap), Vec::<&str>::new());
}

#[test]
fn back_to_http_removes_the_policy_the_config_map_and_the_app_protocol() {
    let mut cluster = new_cluster();
    let ca = ca_relation(CA, &golden("provide-v1"));
    let https = app(INGRESS, "flask", Some("https"));
    let state = deployed(&mut cluster, &[https.clone(), ca]);
    assert_eq!(cluster.names(Kind::BackendTlsPolicy), [POLICY]);

    let mut state = state;
    state.relations.retain(|r| r.id != INGRESS);
    let http = app(INGRESS, "flask", None);
    let state = state.relation(http.clone());
    let from = cluster.calls().len();
    let state = step(Event::relation_changed(&http, None), state, &mut cluster);
    assert_eq!(state.unit_status, active(""));
    assert_eq!(app_protocols(&cluster), [Value::Null]);
    assert_eq!(cluster.names(Kind::BackendTlsPolicy), Vec::<&str>::new());
    assert_eq!(cluster.names(Kind::ConfigMap), Vec::<&str>::new());
    assert_eq!(
        writes(&cluster, from),
        [
            format!("PATCH services {SERVICE}"),
            format!("DELETE backendtlspolicies {POLICY}"),
            format!("DELETE configmaps {CA_CONFIG_MAP}"),
            // The kinds leave the Gateway's record, written once the deletes went through.
            format!("PATCH gateways {APP}"),
        ]
    );
    let gateway = cluster.object(Kind::Gateway, APP).unwrap();
    assert_eq!(
        gateway["metadata"]["annotations"][KINDS_ANNOTATION],
        "Gateway,HTTPRoute,Service"
    );
    let from = cluster.calls().len();
    step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(writes(&cluster, from), Vec::<String>::new());
}
