//! The test environment against the real API server: namespaces, admin helpers, restricted
//! tokens and the fault-injection proxy. Skipped (one stderr line) without the server.

use std::time::{Duration, Instant};

use kube_test_env::{
    FaultAction, FaultMatch, FaultProxy, FaultRule, RawClient, Resource, Rule, TestNamespace,
    fresh_namespace,
};
use serde_json::{Value, json};

fn secret(name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name},
           "data": {"k": "dg=="}})
}

fn proxied(ns: &TestNamespace) -> (FaultProxy, RawClient) {
    let proxy = FaultProxy::start(ns.server().kubeconfig()).unwrap();
    let kubeconfig = ns.dir().join("proxy-kubeconfig");
    proxy.write_kubeconfig(&kubeconfig, ns.name()).unwrap();
    let client = RawClient::from_kubeconfig(&kubeconfig).unwrap();
    (proxy, client)
}

#[test]
fn a_fresh_namespace_has_a_kubeconfig_and_working_admin_helpers() {
    let Some(ns) = fresh_namespace("env") else {
        return;
    };
    assert!(ns.name().starts_with("env-"), "{}", ns.name());
    let kubeconfig: Value =
        serde_json::from_str(&std::fs::read_to_string(ns.kubeconfig()).unwrap()).unwrap();
    assert_eq!(kubeconfig["contexts"][0]["context"]["namespace"], ns.name());

    let created = ns
        .create(Resource::SECRETS, &secret("s"), "python")
        .unwrap();
    let entries = &created["metadata"]["managedFields"];
    assert_eq!(
        (&entries[0]["manager"], &entries[0]["operation"]),
        (&json!("python"), &json!("Update"))
    );
    assert_eq!(
        ns.get(Resource::SECRETS, "s").unwrap().unwrap()["data"],
        json!({"k": "dg=="})
    );
    ns.delete(Resource::SECRETS, "s").unwrap();
    assert_eq!(ns.get(Resource::SECRETS, "s").unwrap(), None);

    let other = fresh_namespace("env").unwrap();
    assert_ne!(other.name(), ns.name());
}

#[test]
fn status_is_written_through_the_status_subresource() {
    let Some(ns) = fresh_namespace("env-status") else {
        return;
    };
    let gateway = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "gw"},
        "spec": {"gatewayClassName": "c", "listeners": [{"name": "http", "port": 80, "protocol": "HTTP"}]}});
    ns.apply(Resource::GATEWAYS, &gateway, "charm", true)
        .unwrap();
    let address = json!({"addresses": [{"type": "IPAddress", "value": "10.0.0.7"}]});
    ns.write_status(Resource::GATEWAYS, "gw", &address, "controller")
        .unwrap();
    let stored = ns.get(Resource::GATEWAYS, "gw").unwrap().unwrap();
    assert_eq!(stored["status"]["addresses"], address["addresses"]);
    let status_entry = stored["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["manager"] == "controller")
        .cloned()
        .unwrap();
    assert_eq!(status_entry["subresource"], "status");
}

#[test]
fn the_proxy_passes_real_answers_through_and_records_each_request() {
    let Some(ns) = fresh_namespace("env-proxy") else {
        return;
    };
    let (proxy, client) = proxied(&ns);
    let path = Resource::SECRETS.object_path(ns.name(), "missing");

    let through = client.send("GET", &path, None, None).unwrap();
    let direct = ns.admin().send("GET", &path, None, None).unwrap();
    assert_eq!(through, direct);
    assert_eq!(through.code, 404);

    let create = format!(
        "{}?fieldManager=gai",
        Resource::SECRETS.collection_path(ns.name())
    );
    let created = client
        .json(
            "POST",
            &create,
            Some("application/json"),
            Some(&secret("s")),
        )
        .unwrap();
    assert_eq!(created["metadata"]["managedFields"][0]["manager"], "gai");
    let requests = proxy.requests();
    assert_eq!(requests.len(), 2);
    let post = &requests[1];
    assert_eq!(
        (post.method.as_str(), post.path.clone(), post.query.clone()),
        (
            "POST",
            Resource::SECRETS.collection_path(ns.name()),
            vec![("fieldManager".to_owned(), "gai".to_owned())]
        )
    );
    assert_eq!(post.content_type.as_deref(), Some("application/json"));
    assert_eq!(post.json_body(), secret("s"));
}

#[test]
fn the_proxy_injects_statuses_delays_closes_and_rewrites() {
    let Some(ns) = fresh_namespace("env-faults") else {
        return;
    };
    let (proxy, client) = proxied(&ns);
    let list = Resource::SECRETS.collection_path(ns.name());

    proxy.inject(FaultRule::once(
        FaultMatch::Index(0),
        FaultAction::Status(429),
    ));
    let throttled = client.send("GET", &list, None, None).unwrap();
    assert_eq!(throttled.code, 429);
    assert_eq!(throttled.json()["reason"], "TooManyRequests");
    // The rule was used up: the next request reaches the server.
    assert_eq!(client.send("GET", &list, None, None).unwrap().code, 200);

    proxy.inject(FaultRule::once(
        FaultMatch::Any,
        FaultAction::Slow(Duration::from_millis(300)),
    ));
    let started = Instant::now();
    assert_eq!(client.send("GET", &list, None, None).unwrap().code, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    proxy.inject(FaultRule::once(FaultMatch::Any, FaultAction::Close));
    assert!(client.send("GET", &list, None, None).is_err());

    proxy.inject(FaultRule::once(
        FaultMatch::Any,
        FaultAction::RewritePath {
            from: "/api/v1/".to_owned(),
            to: "/apis/not-served.example.com/v1/".to_owned(),
        },
    ));
    let unserved = client.send("GET", &list, None, None).unwrap();
    assert_eq!(
        (unserved.code, unserved.body.as_str()),
        (404, "404 page not found\n")
    );
    assert_eq!(proxy.requests().len(), 5);
}

#[test]
fn a_restricted_token_gets_the_real_forbidden_answer() {
    let Some(ns) = fresh_namespace("env-rbac") else {
        return;
    };
    let kubeconfig = ns
        .service_account_kubeconfig("reader", &[Rule::new("", &["secrets"], &["get"])])
        .unwrap();
    let client = RawClient::from_kubeconfig(&kubeconfig).unwrap();
    let get = client
        .send(
            "GET",
            &Resource::SECRETS.object_path(ns.name(), "x"),
            None,
            None,
        )
        .unwrap();
    assert_eq!(get.code, 404);
    let list = client
        .send(
            "GET",
            &Resource::SECRETS.collection_path(ns.name()),
            None,
            None,
        )
        .unwrap();
    assert_eq!(list.code, 403);
    assert_eq!(
        list.json()["message"],
        format!(
            "secrets is forbidden: User \"system:serviceaccount:{0}:reader\" cannot list \
             resource \"secrets\" in API group \"\" in the namespace \"{0}\"",
            ns.name()
        )
    );
}
