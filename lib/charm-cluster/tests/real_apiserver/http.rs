//! The exact HTTP `KubeCluster` sends, recorded by `kube-test-env`'s proxy in front of the real
//! server: verbs, paths, query parameters (`fieldManager`, `force`, `labelSelector`), content
//! types, bodies (the delete precondition), and the calls `sync_kind` makes, with the real
//! server's answers.

use charm_cluster::{Cluster, Kind, MANAGED_BY_LABEL, RequestCounts, sync_kind};
use kube_test_env::{RecordedRequest, Resource};
use serde_json::{Value, json};

use crate::{APP, env, gateway, http_listener, labels, listener_names, route, through_proxy};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

/// `METHOD path` of each request.
fn calls(requests: &[RecordedRequest]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[test]
fn apply_is_a_forced_server_side_apply_with_the_app_as_field_manager() {
    let Some(env) = env("http-apply") else { return };
    let (proxy, mut cluster) = through_proxy(&env, std::time::Duration::from_secs(10));
    let desired = gateway(&[http_listener("a.example.com")]);

    let stored = cluster.apply(Kind::Gateway, &desired, APP).unwrap();

    let request = proxy.requests().pop().unwrap();
    assert_eq!(
        request,
        RecordedRequest {
            method: "PATCH".to_owned(),
            path: Resource::GATEWAYS.object_path(env.ns.name(), APP),
            query: pairs(&[("force", "true"), ("fieldManager", APP)]),
            content_type: Some("application/apply-patch+yaml".to_owned()),
            body: serde_json::to_string(&desired).unwrap(),
        }
    );
    let entries = stored["metadata"]["managedFields"].as_array().unwrap();
    assert_eq!(
        (&entries[0]["manager"], &entries[0]["operation"]),
        (&json!(APP), &json!("Apply"))
    );
    assert_eq!(listener_names(&stored), ["gai-http-a-example-com"]);
    assert_eq!(
        cluster.request_counts(),
        RequestCounts {
            apply: 1,
            ..RequestCounts::default()
        }
    );
}

#[test]
fn list_sends_the_label_selector_and_fills_in_the_kind_of_each_item() {
    let Some(env) = env("http-list") else { return };
    let service = |name: &str, labels: Value| {
        json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "labels": labels}, "spec": {"ports": [{"port": 80}]}})
    };
    env.ns
        .create(Resource::SERVICES, &service("ours", labels()), APP)
        .unwrap();
    env.ns
        .create(
            Resource::SERVICES,
            &service("theirs", json!({"app": "x"})),
            "kubectl",
        )
        .unwrap();
    let (proxy, mut cluster) = through_proxy(&env, std::time::Duration::from_secs(10));
    let selector = format!("{MANAGED_BY_LABEL}={APP}");

    let listed = cluster.list(Kind::Service, &selector).unwrap();

    let request = &proxy.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.clone()),
        ("GET", Resource::SERVICES.collection_path(env.ns.name()))
    );
    assert_eq!(request.query, pairs(&[("labelSelector", &selector)]));
    let names: Vec<&Value> = listed.iter().map(|o| &o["metadata"]["name"]).collect();
    assert_eq!(names, [&json!("ours")]);
    // The server leaves `apiVersion` and `kind` out of a list's items; we put them back.
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
fn reads_go_to_the_cluster_scoped_classes_and_the_namespaced_object() {
    let Some(env) = env("http-reads") else { return };
    env.ns.ensure_gateway_class("cilium").unwrap();
    let (proxy, mut cluster) = through_proxy(&env, std::time::Duration::from_secs(10));

    let classes = cluster.list_gateway_classes().unwrap();
    assert!(classes.iter().any(|c| c == "cilium"), "{classes:?}");
    assert_eq!(cluster.get(Kind::Gateway, APP).unwrap(), None);
    let desired = gateway(&[http_listener("a.example.com")]);
    cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    let found = cluster.get(Kind::Gateway, APP).unwrap().unwrap();
    assert_eq!(listener_names(&found), ["gai-http-a-example-com"]);

    let gateway_path = Resource::GATEWAYS.object_path(env.ns.name(), APP);
    assert_eq!(
        calls(&proxy.requests()),
        [
            "GET /apis/gateway.networking.k8s.io/v1/gatewayclasses".to_owned(),
            format!("GET {gateway_path}"),
            format!("PATCH {gateway_path}"),
            format!("GET {gateway_path}"),
        ]
    );
}

#[test]
fn a_secret_s_string_data_is_stored_as_base64_data() {
    let Some(mut env) = env("http-string-data") else {
        return;
    };
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
        "metadata": {"name": "gai-secret-example.com", "labels": labels()},
        "stringData": {"tls.crt": "CERT", "tls.key": "KEY"}});
    let stored = env.cluster.apply(Kind::Secret, &secret, APP).unwrap();
    assert_eq!(
        stored["data"],
        json!({"tls.crt": "Q0VSVA==", "tls.key": "S0VZ"})
    );
    assert_eq!(stored.get("stringData"), None);
}

#[test]
fn a_delete_carries_the_listed_uid_and_a_missing_object_is_no_error() {
    let Some(env) = env("http-delete") else {
        return;
    };
    let (proxy, mut cluster) = through_proxy(&env, std::time::Duration::from_secs(10));
    cluster
        .apply(Kind::HttpRoute, &route("r", None, &["/"]), APP)
        .unwrap();
    let listed = cluster.list_managed(Kind::HttpRoute, APP).unwrap();
    let uid = listed[0].uid().unwrap().to_owned();

    cluster.delete(&listed[0]).unwrap();
    let request = proxy.requests().pop().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.clone()),
        (
            "DELETE",
            Resource::HTTPROUTES.object_path(env.ns.name(), "r")
        )
    );
    assert_eq!(request.json_body()["preconditions"], json!({"uid": uid}));
    assert_eq!(env.ns.get(Resource::HTTPROUTES, "r").unwrap(), None);

    // Already gone (404): not an error.
    cluster.delete(&listed[0]).unwrap();
    assert_eq!(cluster.request_counts().delete, 2);
}

#[test]
fn sync_deletes_stale_labelled_objects_and_never_touches_unlabelled_ones() {
    let Some(env) = env("http-sync") else { return };
    let mut foreign = route("foreign", None, &["/"]);
    foreign["metadata"]["labels"] = json!({"team": "x"});
    env.ns
        .create(Resource::HTTPROUTES, &foreign, "kubectl")
        .unwrap();
    env.ns
        .apply(Resource::HTTPROUTES, &route("old", None, &["/"]), APP, true)
        .unwrap();
    let foreign_before = env.ns.get(Resource::HTTPROUTES, "foreign").unwrap();
    let (proxy, mut cluster) = through_proxy(&env, std::time::Duration::from_secs(10));
    let desired = [route("new", None, &["/"])];

    let outcome = sync_kind(&mut cluster, Kind::HttpRoute, APP, &desired).unwrap();

    assert_eq!(outcome.deleted, ["old"]);
    let routes = Resource::HTTPROUTES.collection_path(env.ns.name());
    assert_eq!(
        calls(&proxy.requests()),
        [
            format!("GET {routes}"),
            format!("GET {routes}/new"),
            format!("PATCH {routes}/new"),
            format!("DELETE {routes}/old"),
        ]
    );
    assert_eq!(env.ns.get(Resource::HTTPROUTES, "old").unwrap(), None);
    assert_eq!(
        env.ns.get(Resource::HTTPROUTES, "foreign").unwrap(),
        foreign_before
    );

    // Steady state: one LIST and one PATCH, no GET, no DELETE.
    proxy.clear_requests();
    sync_kind(&mut cluster, Kind::HttpRoute, APP, &desired).unwrap();
    let methods: Vec<String> = proxy.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET", "PATCH"]);
}
