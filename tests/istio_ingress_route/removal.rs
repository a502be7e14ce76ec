//! Cleanup wherever the objects live: a broken relation takes its routes, listeners and the
//! grant in its namespace with it; the kinds the charm stops using leave the Gateway's record,
//! and the reconcile after that lists only the Gateways; `remove` deletes everything.

use charm_cluster::Kind;
use gateway_api_integrator::gather::KINDS_ANNOTATION;
use integrator_fixtures::objects::lists_since as lists;
use integrator_fixtures::{APP, run, step};
use juju_hook::Event;
use juju_hook_testing::EventExt;
use serde_json::{Value, json};

use crate::{ISTIO, MODEL, THEIR_MODEL, deployed, full_example, istio, relate};

#[test]
fn a_broken_relation_takes_its_objects_everywhere_and_then_its_kinds_are_not_listed() {
    let (state, mut cluster) = deployed();
    let relation = istio(ISTIO, "myapp", &full_example());
    let state = relate(state, relation.clone(), &mut cluster);
    let from = cluster.calls().len();
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        lists(&cluster, from),
        [
            "gatewayclasses",
            "gateways",
            "httproutes",
            "grpcroutes",
            "referencegrants"
        ]
    );

    let state = step(Event::relation_broken(&relation), state, &mut cluster);
    let mut state = state;
    state.relations.retain(|r| r.id != ISTIO);
    assert_eq!(cluster.names(Kind::HttpRoute), Vec::<&str>::new());
    assert_eq!(cluster.names(Kind::GrpcRoute), Vec::<&str>::new());
    assert_eq!(
        cluster.names_in(Kind::ReferenceGrant, THEIR_MODEL),
        Vec::<&str>::new()
    );
    let ports: Vec<Value> = cluster.object(Kind::Gateway, APP).unwrap()["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["port"].clone())
        .collect();
    assert_eq!(ports, [json!(80)]);

    // The record drops the kinds once their LIST shows none of ours; after that, the
    // Gateway's only.
    let state = step(Event::UpdateStatus, state, &mut cluster);
    let gateway = cluster.object(Kind::Gateway, APP).unwrap();
    assert_eq!(
        gateway["metadata"]["annotations"][KINDS_ANNOTATION],
        "Gateway"
    );
    let from = cluster.calls().len();
    step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(lists(&cluster, from), ["gatewayclasses", "gateways"]);
}

#[test]
fn remove_deletes_the_grant_in_the_requirers_namespace_too() {
    let (state, mut cluster) = deployed();
    let state = relate(state, istio(ISTIO, "myapp", &full_example()), &mut cluster);
    assert_eq!(
        cluster.names_in(Kind::ReferenceGrant, THEIR_MODEL),
        [format!("{APP}-{MODEL}-5")]
    );
    let out = run(Event::Remove, state, &mut cluster);
    assert!(out.exit.is_ok());
    for kind in Kind::ALL {
        assert_eq!(cluster.names(kind), Vec::<&str>::new(), "{kind}");
    }
    assert_eq!(
        cluster.names_in(Kind::ReferenceGrant, THEIR_MODEL),
        Vec::<&str>::new()
    );
}
