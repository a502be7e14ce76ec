//! The exact HTTP `KubeCluster` sends, recorded by `kube-test-env`'s proxy in front of the real
//! server: verbs, paths, query parameters (`fieldManager`, `force`, `labelSelector`), content
//! types and bodies (the delete precondition), with the real
//! server's answers.

use charm_cluster::{Cluster, ForeignObject, Kind, RequestCounts};
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
fn one_list_per_kind_shows_every_name_and_only_metadata_where_that_is_enough() {
    let Some(env) = env("http-list") else { return };
    let secret = |name: &str, labels: Value| {
        json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
               "metadata": {"name": name, "labels": labels}, "stringData": {"k": "secret value"}})
    };
    env.ns
        .create(Resource::SECRETS, &secret("ours", labels()), APP)
        .unwrap();
    env.ns
        .create(
            Resource::SECRETS,
            &secret("theirs", json!({"app": "x"})),
            "kubectl",
        )
        .unwrap();
    env.ns
        .apply(Resource::HTTPROUTES, &route("r", None, &["/"]), APP, true)
        .unwrap();
    let (proxy, mut cluster) = through_proxy(&env, std::time::Duration::from_secs(10));

    let secrets = cluster.list_split(Kind::Secret, APP).unwrap();
    let routes = cluster.list(Kind::HttpRoute).unwrap();
    cluster.list(Kind::ReferenceGrant).unwrap();

    let requests = proxy.requests();
    assert_eq!(
        calls(&requests),
        [
            format!("GET {}", Resource::SECRETS.collection_path(env.ns.name())),
            format!(
                "GET {}",
                Resource::HTTPROUTES.collection_path(env.ns.name())
            ),
            // Placed in requirers' namespaces: listed in every namespace.
            "GET /apis/gateway.networking.k8s.io/v1beta1/referencegrants".to_owned(),
        ]
    );
    // No label selector: the LIST shows every name, ours and others'.
    assert!(
        requests
            .iter()
            .all(|r| r.query_param("labelSelector").is_none())
    );
    let ours: Vec<&str> = secrets.managed.iter().map(|m| m.name()).collect();
    assert_eq!(ours, ["ours"]);
    assert_eq!(
        secrets.foreign,
        [ForeignObject {
            namespace: env.ns.name().to_owned(),
            name: "theirs".to_owned(),
            managed_by: None,
        }]
    );
    // Secrets are listed metadata only: their data never leaves the server.
    let listed = secrets.managed[0].object();
    assert_eq!(
        (&listed["apiVersion"], &listed["kind"], listed.get("data")),
        (&json!("v1"), &json!("Secret"), None)
    );
    assert!(listed["metadata"]["managedFields"].is_array());
    // Routes are listed whole (their status is the controller's verdict), `kind` filled in.
    assert_eq!(routes[0]["kind"], "HTTPRoute");
    assert_eq!(
        routes[0]["spec"]["rules"][0]["matches"][0]["path"]["value"],
        "/"
    );
    assert_eq!(
        cluster.request_counts(),
        RequestCounts {
            list: 3,
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
    let ns = env.ns.name().to_owned();
    assert_eq!(cluster.get(Kind::Gateway, &ns, APP).unwrap(), None);
    let desired = gateway(&[http_listener("a.example.com")]);
    cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    let found = cluster.get(Kind::Gateway, &ns, APP).unwrap().unwrap();
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
