//! `KubeCluster` against the loopback API server stand-in: the exact HTTP the charm sends and
//! how each server answer maps to a `ClusterError`.

use std::time::Duration;

use apiserver_standin::{FaultAction, FaultRule, RecordedRequest, StandIn};
use charm_cluster::{
    Cluster, ClusterError, Kind, KubeCluster, KubeEnvironment, MANAGED_BY_LABEL, ManagedObject,
    RequestCounts, sync_kind,
};
use serde_json::{Value, json};

const NS: &str = "model-a";
const APP: &str = "gai";
const GATEWAYS: &str = "/apis/gateway.networking.k8s.io/v1/namespaces/model-a/gateways";
const ROUTES: &str = "/apis/gateway.networking.k8s.io/v1/namespaces/model-a/httproutes";

fn cluster(standin: &StandIn) -> KubeCluster {
    KubeCluster::from_url_with_timeout(&standin.url(), NS, Duration::from_secs(2)).unwrap()
}

fn labels() -> Value {
    json!({MANAGED_BY_LABEL: APP})
}

fn gateway(listeners: &[&str]) -> Value {
    let listeners: Vec<Value> = listeners
        .iter()
        .map(|name| json!({"name": name, "port": 80, "protocol": "HTTP"}))
        .collect();
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": NS, "labels": labels()},
        "spec": {"gatewayClassName": "cilium", "listeners": listeners},
    })
}

fn route(name: &str, labels: Value, filters: Value) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": name, "namespace": NS, "labels": labels},
        "spec": {"parentRefs": [{"name": "gw"}],
                 "rules": [{"filters": filters, "backendRefs": [{"name": "svc", "port": 8080}]}]},
    })
}

fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn s(text: &str) -> String {
    text.to_owned()
}

#[test]
fn apply_is_a_forced_server_side_apply_with_the_app_as_field_manager() {
    let standin = StandIn::start().unwrap();
    let mut cluster = cluster(&standin);
    let stored = cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();

    assert_eq!(
        standin.requests(),
        vec![RecordedRequest {
            method: s("PATCH"),
            path: format!("{GATEWAYS}/gw"),
            query: query(&[("force", "true"), ("fieldManager", APP)]),
            content_type: Some(s("application/apply-patch+yaml")),
            body: serde_json::to_string(&gateway(&["http"])).unwrap(),
        }]
    );
    assert_eq!(stored["metadata"]["resourceVersion"], "2");
    assert_eq!(stored["metadata"]["managedFields"][0]["manager"], APP);
    assert_eq!(stored["spec"], gateway(&["http"])["spec"]);
    assert_eq!(
        cluster.request_counts(),
        RequestCounts {
            apply: 1,
            ..RequestCounts::default()
        }
    );
}

/// The Gateway CRD (`../shared/gateway-api-crds/gateway.networking.k8s.io_gateways.yaml`, v1
/// schema, `spec.listeners`) says `x-kubernetes-list-type: map` with
/// `x-kubernetes-list-map-keys: [name]`. Under server-side apply, each listener is a field our
/// manager owns, keyed by name. A listener missing from our next apply is therefore removed.
/// This test shows the client half on the wire: every apply sends the complete desired list as
/// an apply patch (not a merge patch that could leave entries behind). The stand-in's
/// single-manager apply then stores exactly one listener.
#[test]
fn removing_a_listener_really_removes_it() {
    let standin = StandIn::start().unwrap();
    let mut cluster = cluster(&standin);
    cluster
        .apply(Kind::Gateway, &gateway(&["http", "https"]), APP)
        .unwrap();
    let stored = cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();

    let second = &standin.requests()[1];
    assert_eq!(
        second.content_type.as_deref(),
        Some("application/apply-patch+yaml")
    );
    assert_eq!(
        second.json_body()["spec"]["listeners"],
        json!([{"name": "http", "port": 80, "protocol": "HTTP"}])
    );
    let on_server = standin.object("gateways", NS, "gw").unwrap();
    assert_eq!(
        on_server["spec"]["listeners"],
        json!([{"name": "http", "port": 80, "protocol": "HTTP"}])
    );
    assert_eq!(stored["metadata"]["generation"], 2);
}

/// HTTPRoute `spec.rules` is `x-kubernetes-list-type: atomic` in the CRD
/// (`gateway.networking.k8s.io_httproutes.yaml`), so an apply replaces the rules whole and a
/// filter left out disappears.
#[test]
fn removing_a_filter_really_removes_it() {
    let standin = StandIn::start().unwrap();
    let mut cluster = cluster(&standin);
    let hsts = json!([{"type": "ResponseHeaderModifier", "responseHeaderModifier":
        {"add": [{"name": "Strict-Transport-Security", "value": "max-age=300"}]}}]);
    cluster
        .apply(Kind::HttpRoute, &route("r", labels(), hsts), APP)
        .unwrap();
    cluster
        .apply(Kind::HttpRoute, &route("r", labels(), json!([])), APP)
        .unwrap();
    let on_server = standin.object("httproutes", NS, "r").unwrap();
    assert_eq!(on_server["spec"]["rules"][0]["filters"], json!([]));
}

#[test]
fn list_sends_the_label_selector_and_fills_in_core_kinds() {
    let standin = StandIn::start().unwrap();
    let service = |name: &str, labels: Value| {
        json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "labels": labels}, "spec": {"ports": [{"port": 80}]}})
    };
    standin.insert("services", NS, service("ours", labels()), APP);
    standin.insert(
        "services",
        NS,
        service("theirs", json!({"app": "x"})),
        "kubectl",
    );
    let mut cluster = cluster(&standin);

    let listed = cluster
        .list(Kind::Service, &format!("{MANAGED_BY_LABEL}={APP}"))
        .unwrap();

    let request = &standin.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/api/v1/namespaces/model-a/services")
    );
    assert_eq!(
        request.query,
        query(&[("labelSelector", &format!("{MANAGED_BY_LABEL}={APP}"))])
    );
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["metadata"]["name"], "ours");
    assert_eq!(
        (&listed[0]["apiVersion"], &listed[0]["kind"]),
        (&json!("v1"), &json!("Service"))
    );
    assert_eq!(
        cluster.request_counts(),
        RequestCounts {
            list: 1,
            ..RequestCounts::default()
        }
    );
}

#[test]
fn gateway_classes_are_listed_cluster_wide() {
    let standin = StandIn::start().unwrap();
    standin.add_gateway_class("cilium");
    standin.add_gateway_class("istio");
    let mut cluster = cluster(&standin);
    assert_eq!(
        cluster.list_gateway_classes().unwrap(),
        vec![s("cilium"), s("istio")]
    );
    assert_eq!(
        standin.requests()[0].path,
        "/apis/gateway.networking.k8s.io/v1/gatewayclasses"
    );
}

#[test]
fn get_returns_the_object_or_none() {
    let standin = StandIn::start().unwrap();
    let mut cluster = cluster(&standin);
    assert_eq!(cluster.get(Kind::Gateway, "gw").unwrap(), None);
    cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();
    standin.set_gateway_address(NS, "gw", "10.0.0.7");
    let found = cluster.get(Kind::Gateway, "gw").unwrap().unwrap();
    assert_eq!(
        found["status"]["addresses"],
        json!([{"type": "IPAddress", "value": "10.0.0.7"}])
    );
    let paths: Vec<String> = standin
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        vec![
            format!("GET {GATEWAYS}/gw"),
            format!("PATCH {GATEWAYS}/gw"),
            format!("GET {GATEWAYS}/gw")
        ]
    );
}

#[test]
fn secret_string_data_is_stored_as_base64_data() {
    let standin = StandIn::start().unwrap();
    let mut cluster = cluster(&standin);
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
        "metadata": {"name": "gai-secret-example.com", "labels": labels()},
        "stringData": {"tls.crt": "CERT", "tls.key": "KEY"}});
    let stored = cluster.apply(Kind::Secret, &secret, APP).unwrap();
    assert_eq!(
        stored["data"],
        json!({"tls.crt": "Q0VSVA==", "tls.key": "S0VZ"})
    );
    assert_eq!(stored.get("stringData"), None);
}

fn apply_error(standin: &StandIn, code: u16) -> ClusterError {
    standin.inject(FaultRule::once(
        apiserver_standin::FaultMatch::Any,
        FaultAction::Status(code),
    ));
    cluster(standin)
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap_err()
}

#[test]
fn each_error_status_maps_to_its_cluster_error() {
    let standin = StandIn::start().unwrap();
    let (verb, target) = (s("PATCH"), s("gateways/gw"));
    assert_eq!(
        apply_error(&standin, 401),
        ClusterError::Unauthorized {
            verb: verb.clone(),
            target: target.clone(),
            message: s("Unauthorized")
        }
    );
    assert_eq!(
        apply_error(&standin, 403),
        ClusterError::Forbidden {
            verb: verb.clone(),
            target: target.clone(),
            message: s(
                "gateways.gateway.networking.k8s.io \"gw\" is forbidden: User \
                \"system:serviceaccount:model:gateway-api-integrator\" cannot patch resource \
                \"gateways\" in API group \"gateway.networking.k8s.io\" in the namespace \"model-a\""
            ),
        }
    );
    assert_eq!(
        apply_error(&standin, 404),
        ClusterError::NotFound {
            verb: verb.clone(),
            target: target.clone(),
            message: s("gateways.gateway.networking.k8s.io \"gw\" not found"),
        }
    );
    assert!(matches!(
        apply_error(&standin, 409),
        ClusterError::Conflict { .. }
    ));
    assert_eq!(
        apply_error(&standin, 422),
        ClusterError::Invalid {
            verb: verb.clone(),
            target: target.clone(),
            message: s(
                "Gateway.gateway.networking.k8s.io \"gw\" is invalid: stand-in injected rejection"
            ),
        }
    );
    assert_eq!(
        apply_error(&standin, 429),
        ClusterError::TooManyRequests {
            verb: verb.clone(),
            target: target.clone(),
            message: s("Too many requests, please try again later."),
        }
    );
    assert_eq!(
        apply_error(&standin, 500),
        ClusterError::Server {
            code: 500,
            verb: verb.clone(),
            target: target.clone(),
            message: s("Internal error occurred: stand-in injected failure"),
        }
    );
    assert_eq!(
        apply_error(&standin, 503),
        ClusterError::Server {
            code: 503,
            verb,
            target,
            message: s("the server is currently unable to handle the request"),
        }
    );
    // One request per call: 429 and 503 are not retried inside the hook.
    assert_eq!(standin.requests().len(), 8);
    // None of the faulted applies reached the store.
    assert_eq!(standin.object("gateways", NS, "gw"), None);
}

#[test]
fn forbidden_list_names_the_cluster_scope_for_gateway_classes() {
    let standin = StandIn::start().unwrap();
    standin.inject(FaultRule::on(
        "GET",
        "/gatewayclasses",
        FaultAction::Status(403),
    ));
    let error = cluster(&standin).list_gateway_classes().unwrap_err();
    assert!(error.is_forbidden());
    assert_eq!(
        error.to_string(),
        "forbidden (LIST gatewayclasses): gatewayclasses.gateway.networking.k8s.io is forbidden: \
         User \"system:serviceaccount:model:gateway-api-integrator\" cannot list resource \
         \"gatewayclasses\" in API group \"gateway.networking.k8s.io\" at the cluster scope"
    );
}

#[test]
fn a_slow_answer_times_out() {
    let standin = StandIn::start().unwrap();
    standin.inject(FaultRule::on(
        "GET",
        "/gateways/gw",
        FaultAction::Slow(Duration::from_secs(5)),
    ));
    let error = cluster(&standin).get(Kind::Gateway, "gw").unwrap_err();
    assert_eq!(
        error,
        ClusterError::Timeout {
            verb: s("GET"),
            target: s("gateways/gw")
        }
    );
}

#[test]
fn a_refused_connection_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut cluster = KubeCluster::from_url_with_timeout(
        &format!("http://127.0.0.1:{port}"),
        NS,
        Duration::from_millis(200),
    )
    .unwrap();
    let error = cluster.list(Kind::Gateway, "").unwrap_err();
    assert!(
        matches!(&error, ClusterError::Connect { verb, target, .. } if verb == "LIST" && target == "gateways"),
        "{error:?}"
    );
}

#[test]
fn a_closed_connection_is_a_connect_error() {
    let standin = StandIn::start().unwrap();
    standin.inject(FaultRule::on("DELETE", "/gateways/", FaultAction::Close));
    let token = ManagedObject::from_cluster(Kind::Gateway, gateway(&["http"]), APP).unwrap();
    let error = cluster(&standin).delete(&token).unwrap_err();
    assert!(
        matches!(&error, ClusterError::Connect { verb, .. } if verb == "DELETE"),
        "{error:?}"
    );
}

#[test]
fn deleting_a_missing_object_is_ok() {
    let standin = StandIn::start().unwrap();
    let token = ManagedObject::from_cluster(Kind::Gateway, gateway(&["http"]), APP).unwrap();
    cluster(&standin).delete(&token).unwrap();
    let request = &standin.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.clone()),
        ("DELETE", format!("{GATEWAYS}/gw"))
    );
}

#[test]
fn delete_carries_the_listed_uid_and_spares_a_replacement() {
    let standin = StandIn::start().unwrap();
    let mut cluster = cluster(&standin);
    cluster
        .apply(Kind::HttpRoute, &route("r", labels(), json!([])), APP)
        .unwrap();
    let listed = cluster.list_managed(Kind::HttpRoute, APP).unwrap();
    let uid = listed[0].uid().unwrap().to_owned();

    // Someone deletes our route and creates an unlabelled one with the same name.
    standin.server().store.delete("httproutes", NS, "r");
    standin.insert(
        "httproutes",
        NS,
        route("r", json!({}), json!([])),
        "kubectl",
    );
    let error = cluster.delete(&listed[0]).unwrap_err();

    assert!(matches!(error, ClusterError::Conflict { .. }), "{error:?}");
    let delete = standin.requests().last().cloned().unwrap();
    assert_eq!(delete.json_body()["preconditions"], json!({"uid": uid}));
    assert!(standin.object("httproutes", NS, "r").is_some());
}

#[test]
fn sync_deletes_stale_labelled_objects_and_never_touches_unlabelled_ones() {
    let standin = StandIn::start().unwrap();
    standin.insert(
        "httproutes",
        NS,
        route("foreign", json!({"team": "x"}), json!([])),
        "kubectl",
    );
    standin.insert("httproutes", NS, route("old", labels(), json!([])), APP);
    let foreign_before = standin.object("httproutes", NS, "foreign").unwrap();
    let mut cluster = cluster(&standin);

    let outcome = sync_kind(
        &mut cluster,
        Kind::HttpRoute,
        APP,
        &[route("new", labels(), json!([]))],
    )
    .unwrap();

    assert_eq!(outcome.deleted, vec![s("old")]);
    let calls: Vec<String> = standin
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        calls,
        vec![
            format!("GET {ROUTES}"),
            format!("GET {ROUTES}/new"),
            format!("PATCH {ROUTES}/new"),
            format!("DELETE {ROUTES}/old")
        ]
    );
    assert_eq!(
        standin.names("httproutes", NS),
        vec![s("foreign"), s("new")]
    );
    assert_eq!(
        standin.object("httproutes", NS, "foreign").unwrap(),
        foreign_before
    );

    // Steady state: the second sync costs one LIST and one PATCH, no GET, no DELETE.
    standin.clear_requests();
    sync_kind(
        &mut cluster,
        Kind::HttpRoute,
        APP,
        &[route("new", labels(), json!([]))],
    )
    .unwrap();
    let methods: Vec<String> = standin
        .requests()
        .iter()
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(methods, vec![s("GET"), s("PATCH")]);
}

#[test]
fn apply_never_takes_over_an_unlabelled_object_of_the_same_name() {
    let standin = StandIn::start().unwrap();
    standin.insert(
        "httproutes",
        NS,
        route("r", json!({}), json!([])),
        "kubectl",
    );
    let before = standin.object("httproutes", NS, "r").unwrap();
    let mut cluster = cluster(&standin);

    let error = sync_kind(
        &mut cluster,
        Kind::HttpRoute,
        APP,
        &[route("r", labels(), json!([]))],
    )
    .unwrap_err();

    assert_eq!(
        error,
        ClusterError::NotOurs {
            kind: Kind::HttpRoute,
            name: s("r"),
            app: s(APP)
        }
    );
    assert!(standin.requests().iter().all(|r| r.method == "GET"));
    assert_eq!(standin.object("httproutes", NS, "r").unwrap(), before);
}

#[test]
fn a_rejecting_validator_answers_422_invalid() {
    let standin = StandIn::start().unwrap();
    standin.set_validator(Box::new(|plural, object| {
        let listeners = object
            .pointer("/spec/listeners")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if plural == "gateways" && listeners > 1 {
            Err("spec.listeners: Too many: 2: must have at most 1 items".to_owned())
        } else {
            Ok(())
        }
    }));
    let mut cluster = cluster(&standin);
    cluster
        .apply(Kind::Gateway, &gateway(&["http"]), APP)
        .unwrap();
    let error = cluster
        .apply(Kind::Gateway, &gateway(&["http", "https"]), APP)
        .unwrap_err();
    assert_eq!(
        error,
        ClusterError::Invalid {
            verb: s("PATCH"),
            target: s("gateways/gw"),
            message: s(
                "Gateway.gateway.networking.k8s.io \"gw\" is invalid: spec.listeners: Too many: 2: must have at most 1 items"
            ),
        }
    );
}

#[test]
fn connects_through_a_kubeconfig_file() {
    let standin = StandIn::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    standin.write_kubeconfig(&kubeconfig, "ignored").unwrap();
    let environment = KubeEnvironment {
        kubeconfig: Some(kubeconfig),
        namespace_file: dir.path().join("no-namespace-file"),
        model_name: NS.to_owned(),
        timeout: Duration::from_secs(2),
    };
    let mut cluster = KubeCluster::connect(&environment).unwrap();
    assert_eq!(cluster.namespace(), NS);
    assert_eq!(
        cluster.list(Kind::Gateway, "").unwrap(),
        Vec::<Value>::new()
    );
    assert_eq!(standin.requests()[0].path, GATEWAYS);
}
