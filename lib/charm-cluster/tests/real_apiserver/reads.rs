//! What the charm reads: GatewayClasses cluster-wide, and the Gateway's address as the
//! controller writes it (tests play the controller through the status subresource).

use charm_cluster::{Cluster, Kind};
use kube_test_env::Resource;
use serde_json::json;

use crate::{APP, env, gateway, http_listener};

#[test]
fn gateway_classes_are_listed_cluster_wide() {
    let Some(mut env) = env("read-classes") else {
        return;
    };
    env.ns.ensure_gateway_class("cilium").unwrap();
    env.ns.ensure_gateway_class("istio").unwrap();
    let classes = env.cluster.list_gateway_classes().unwrap();
    assert!(
        ["cilium", "istio"]
            .iter()
            .all(|c| classes.iter().any(|listed| listed == c)),
        "{classes:?}"
    );
}

#[test]
fn get_returns_the_address_the_controller_wrote_and_apply_keeps_it() {
    let Some(mut env) = env("read-address") else {
        return;
    };
    let desired = gateway(&[http_listener("a.example.com")]);
    env.cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    let addresses = json!([{"type": "IPAddress", "value": "10.0.0.7"}]);
    env.ns
        .write_status(
            Resource::GATEWAYS,
            APP,
            &json!({"addresses": addresses}),
            "gateway-controller",
        )
        .unwrap();

    let ns = env.ns.name().to_owned();
    let found = env.cluster.get(Kind::Gateway, &ns, APP).unwrap().unwrap();
    assert_eq!(found["status"]["addresses"], addresses);
    // Our apply carries no status and does not touch the controller's.
    let reapplied = env.cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    assert_eq!(reapplied["status"]["addresses"], addresses);
}
