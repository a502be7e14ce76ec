//! `InMemoryCluster`, the recording fake of the harness tier: what it records and answers, label
//! listing, namespaces and fault injection. What a
//! real server does with the same requests (field removal, no-op re-applies, `stringData`,
//! delete preconditions, conflicts, unlabelled objects left alone) is asserted on the real
//! server only: `tests/real_apiserver/`.

use charm_cluster::in_memory::Call;
use charm_cluster::{
    Cluster, ClusterError, Fault, FaultKind, FaultTrigger, InMemoryCluster, Kind, MANAGED_BY_LABEL,
    ManagedObject, RequestCounts, Verb,
};
use serde_json::{Value, json};

const APP: &str = "gai";

fn gateway(listeners: &[&str]) -> Value {
    let listeners: Vec<Value> = listeners
        .iter()
        .map(|name| json!({"name": name, "port": 80, "protocol": "HTTP"}))
        .collect();
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "gw", "labels": {MANAGED_BY_LABEL: APP}},
        "spec": {"gatewayClassName": "cilium", "listeners": listeners},
    })
}

fn route(name: &str, labelled: bool) -> Value {
    let labels = if labelled {
        json!({MANAGED_BY_LABEL: APP})
    } else {
        json!({"team": "x"})
    };
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": name, "labels": labels},
        "spec": {"parentRefs": [{"name": "gw"}]},
    })
}

/// The fake's contract: an apply is stored whole (a fake, not a merge: the real server's
/// apply is in `real_apiserver/ssa.rs`), with stored-object metadata and the status a test set.
#[test]
fn apply_records_the_object_as_applied_and_keeps_the_status() {
    let mut cluster = InMemoryCluster::new("m");
    let first = cluster
        .apply(Kind::Gateway, &gateway(&["http", "https"]), APP)
        .unwrap();
    assert_eq!(
        first["metadata"],
        json!({"name": "gw", "namespace": "m", "uid": "uid-1", "resourceVersion": "1",
               "labels": {MANAGED_BY_LABEL: APP},
               "managedFields": [{"manager": APP, "operation": "Apply",
                   "apiVersion": "gateway.networking.k8s.io/v1", "fieldsType": "FieldsV1"}]})
    );
    assert!(cluster.set_gateway_address("gw", "10.1.2.3"));

    let second = cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();

    assert_eq!(second["spec"], gateway(&["http"])["spec"]);
    assert_eq!(
        second["status"],
        json!({"addresses": [{"type": "IPAddress", "value": "10.1.2.3"}]})
    );
    assert_eq!(
        (
            &second["metadata"]["uid"],
            &second["metadata"]["resourceVersion"]
        ),
        (&json!("uid-1"), &json!("2"))
    );
    assert_eq!(cluster.object(Kind::Gateway, "gw"), Some(&second));
    let apply = Call {
        verb: Verb::Apply,
        kind: Some(Kind::Gateway),
        target: "gw".to_owned(),
    };
    assert_eq!(cluster.calls(), [apply.clone(), apply]);
}

/// A guard of the harness tier: the fake refuses what the charm must never send.
#[test]
fn apply_rejects_a_wrong_kind_and_keeps_other_namespaces_apart() {
    let mut cluster = InMemoryCluster::new("m");
    let error = cluster
        .apply(Kind::HttpRoute, &gateway(&["http"]), APP)
        .unwrap_err();
    assert!(matches!(
        error,
        ClusterError::Malformed {
            kind: Kind::HttpRoute,
            ..
        }
    ));
    let mut elsewhere = gateway(&["http"]);
    elsewhere["metadata"]["namespace"] = json!("other");
    cluster.apply(Kind::Gateway, &elsewhere, APP).unwrap();
    assert_eq!(cluster.names(Kind::Gateway), Vec::<&str>::new());
    assert_eq!(cluster.names_in(Kind::Gateway, "other"), ["gw"]);
    assert_eq!(cluster.calls()[1].target, "other/gw");
}

/// A LIST shows every object of the kind in the namespace (in every namespace for kinds the
/// charm places elsewhere), metadata only where the server would send only that.
#[test]
fn list_shows_every_object_as_the_server_would() {
    let mut cluster = InMemoryCluster::new("m");
    cluster.insert(Kind::HttpRoute, route("theirs", false));
    cluster
        .apply(Kind::HttpRoute, &route("ours", true), APP)
        .unwrap();
    let mut elsewhere = route("elsewhere", true);
    elsewhere["metadata"]["namespace"] = json!("other");
    cluster.apply(Kind::HttpRoute, &elsewhere, APP).unwrap();
    let listed = cluster.list(Kind::HttpRoute).unwrap();
    let names: Vec<&Value> = listed.iter().map(|o| &o["metadata"]["name"]).collect();
    assert_eq!(names, [&json!("ours"), &json!("theirs")]);
    assert_eq!(listed[0]["spec"], route("ours", true)["spec"]);

    let secret = json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "s", "labels": {MANAGED_BY_LABEL: APP}}, "data": {"k": "dg=="}});
    cluster.apply(Kind::Secret, &secret, APP).unwrap();
    let listed = cluster.list(Kind::Secret).unwrap();
    assert_eq!(listed[0].get("data"), None);
    assert_eq!(listed[0]["metadata"]["name"], "s");

    let mut grant = json!({"apiVersion": "gateway.networking.k8s.io/v1beta1",
        "kind": "ReferenceGrant", "metadata": {"name": "g", "namespace": "other",
        "labels": {MANAGED_BY_LABEL: APP}}});
    cluster.apply(Kind::ReferenceGrant, &grant, APP).unwrap();
    grant["metadata"]["namespace"] = json!("third");
    cluster.apply(Kind::ReferenceGrant, &grant, APP).unwrap();
    let namespaces: Vec<Value> = cluster
        .list(Kind::ReferenceGrant)
        .unwrap()
        .iter()
        .map(|o| o["metadata"]["namespace"].clone())
        .collect();
    assert_eq!(namespaces, [json!("other"), json!("third")]);
}

/// The `Cluster` contract the fake keeps: deleting what is gone is no error.
#[test]
fn delete_removes_the_object_and_tolerates_absence() {
    let mut cluster = InMemoryCluster::new("m");
    let stored = cluster
        .apply(Kind::HttpRoute, &route("r", true), APP)
        .unwrap();
    let token = ManagedObject::from_cluster(Kind::HttpRoute, stored, APP).unwrap();
    cluster.delete(&token).unwrap();
    assert_eq!(cluster.object(Kind::HttpRoute, "r"), None);
    cluster.delete(&token).unwrap();
    assert_eq!(cluster.request_counts().delete, 2);
}

#[test]
fn faults_hit_by_call_index_or_verb() {
    let mut cluster = InMemoryCluster::new("m");
    cluster.add_gateway_class("cilium");
    cluster.inject(Fault {
        trigger: FaultTrigger::Call(1),
        kind: FaultKind::Status(403),
    });
    assert_eq!(
        cluster.list_gateway_classes().unwrap(),
        vec!["cilium".to_owned()]
    );
    assert_eq!(
        cluster
            .apply(Kind::Gateway, &gateway(&["http"]), APP)
            .unwrap_err(),
        ClusterError::Forbidden {
            verb: "PATCH".into(),
            target: "gateways/gw".into(),
            message: "injected HTTP 403".into()
        }
    );
    assert_eq!(cluster.object(Kind::Gateway, "gw"), None);
    cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();

    cluster.inject(Fault {
        trigger: FaultTrigger::Verb(Verb::Get),
        kind: FaultKind::Timeout,
    });
    assert_eq!(
        cluster.get(Kind::Gateway, "m", "gw").unwrap_err(),
        ClusterError::Timeout {
            verb: "GET".into(),
            target: "gateways/gw".into()
        }
    );
    cluster.clear_faults();
    cluster.inject(Fault {
        trigger: FaultTrigger::Always,
        kind: FaultKind::Refused,
    });
    assert!(matches!(
        cluster.list_gateway_classes(),
        Err(ClusterError::Connect { .. })
    ));
    assert_eq!(
        cluster.request_counts(),
        RequestCounts {
            get: 1,
            list: 2,
            apply: 2,
            ..RequestCounts::default()
        }
    );
}

#[test]
fn survives_a_json_round_trip() {
    let mut cluster = InMemoryCluster::new("m");
    cluster.add_gateway_class("cilium");
    cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();
    cluster.inject(Fault {
        trigger: FaultTrigger::Verb(Verb::Delete),
        kind: FaultKind::Status(500),
    });
    let text = serde_json::to_string(&cluster).unwrap();
    let restored: InMemoryCluster = serde_json::from_str(&text).unwrap();
    assert_eq!(restored, cluster);
}

#[test]
fn a_takeover_patch_replaces_the_recorded_managed_fields() {
    let mut cluster = InMemoryCluster::new("m");
    cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();
    let python = json!([{"manager": APP, "operation": "Update", "apiVersion": "v1",
                         "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:x": {}}}}]);
    assert!(cluster.set_managed_fields(Kind::Gateway, "gw", python));
    let listed = cluster.list_managed(Kind::Gateway, APP).unwrap();
    assert!(charm_cluster::needs_takeover(&listed[0].object(), APP));

    let stored = charm_cluster::upgrade_managed_fields(&mut cluster, &listed[0])
        .unwrap()
        .unwrap();

    assert_eq!(
        stored["metadata"]["managedFields"],
        json!([{"manager": APP, "operation": "Apply",
                "apiVersion": "gateway.networking.k8s.io/v1", "fieldsType": "FieldsV1",
                "fieldsV1": {"f:spec": {"f:x": {}}}}])
    );
    assert_eq!(stored["metadata"]["resourceVersion"], "2");
    assert_eq!(cluster.object(Kind::Gateway, "gw"), Some(&stored));
    assert_eq!(
        cluster.calls().last(),
        Some(&Call {
            verb: Verb::Patch,
            kind: Some(Kind::Gateway),
            target: "gw".to_owned()
        })
    );
    assert_eq!(cluster.request_counts().patch, 1);
    // Nothing left to take over: no request.
    let relisted = cluster.list_managed(Kind::Gateway, APP).unwrap();
    assert_eq!(
        charm_cluster::upgrade_managed_fields(&mut cluster, &relisted[0]),
        Ok(None)
    );
    assert_eq!(cluster.request_counts().patch, 1);
}
