//! Refresh from the Python charm: its objects carry an `Update` entry of manager `<app>`, so
//! our apply (manager `<app>`, `Apply`) cannot remove what that entry owns, until
//! `upgrade_managed_fields` moves those fields into our `Apply` entry. Each test first shows
//! the field staying without the takeover, then leaving with it.

use charm_cluster::{
    Cluster, ClusterError, Kind, ManagedObject, needs_takeover, takeover_patch,
    upgrade_managed_fields,
};
use kube_test_env::Resource;
use serde_json::json;

use crate::{
    APP, Env, data_keys, entry, env, gateway, http_listener, https_listener, listener_names,
    managers, python, route, secret, service,
};

/// List `kind` as the hook does and take over the one managed object; returns it as stored.
fn take_over(env: &mut Env, kind: Kind) -> serde_json::Value {
    let listed = env.cluster.list_managed(kind, APP).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(needs_takeover(&listed[0].object(), APP));
    let stored = upgrade_managed_fields(&mut env.cluster, &listed[0])
        .unwrap()
        .unwrap();
    assert!(!managers(&stored).contains(&entry(APP, "Update")));
    // Once taken over, nothing is left to do and no request is sent.
    let relisted = env.cluster.list_managed(kind, APP).unwrap();
    let patches = env.cluster.request_counts().patch;
    assert_eq!(
        upgrade_managed_fields(&mut env.cluster, &relisted[0]),
        Ok(None)
    );
    assert_eq!(env.cluster.request_counts().patch, patches);
    stored
}

#[test]
fn after_takeover_dropping_a_hostname_removes_its_listener() {
    let Some(mut env) = env("takeover-hostname") else {
        return;
    };
    let (a, b) = ("a.example.com", "b.example.com");
    let python = python::gateway(
        &env.ns,
        &gateway(&[
            http_listener(a),
            http_listener(b),
            https_listener(a),
            https_listener(b),
        ]),
    );
    assert_eq!(managers(&python), [entry(APP, "Update")]);
    let desired = gateway(&[http_listener(a), https_listener(a)]);

    let kept = env.cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    assert_eq!(listener_names(&kept).len(), 4, "without takeover b stays");

    let taken = take_over(&mut env, Kind::Gateway);
    assert_eq!(managers(&taken), [entry(APP, "Apply")]);
    let stored = env.cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    assert_eq!(
        listener_names(&stored),
        ["gai-http-a-example-com", "gai-https-a-example-com"]
    );
}

#[test]
fn after_takeover_disabling_tls_removes_the_https_listener() {
    let Some(mut env) = env("takeover-tls") else {
        return;
    };
    let a = "a.example.com";
    python::gateway(&env.ns, &gateway(&[http_listener(a), https_listener(a)]));
    let desired = gateway(&[http_listener(a)]);

    let kept = env.cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    assert_eq!(
        listener_names(&kept).len(),
        2,
        "without takeover HTTPS stays"
    );

    take_over(&mut env, Kind::Gateway);
    let stored = env.cluster.apply(Kind::Gateway, &desired, APP).unwrap();
    assert_eq!(listener_names(&stored), ["gai-http-a-example-com"]);
}

#[test]
fn after_takeover_a_dropped_secret_key_is_removed() {
    let Some(mut env) = env("takeover-secret") else {
        return;
    };
    let name = "gai-secret-a.example.com";
    let python = python::secret(
        &env.ns,
        name,
        &[("ca.crt", "CA"), ("tls.crt", "CERT"), ("tls.key", "KEY")],
    );
    assert_eq!(
        managers(&python),
        [entry(APP, "Apply"), entry(APP, "Update")]
    );
    let desired = secret(name, &[("tls.crt", "CERT"), ("tls.key", "KEY")]);

    let kept = env.cluster.apply(Kind::Secret, &desired, APP).unwrap();
    assert_eq!(data_keys(&kept), ["ca.crt", "tls.crt", "tls.key"]);

    take_over(&mut env, Kind::Secret);
    let stored = env.cluster.apply(Kind::Secret, &desired, APP).unwrap();
    assert_eq!(data_keys(&stored), ["tls.crt", "tls.key"]);
}

#[test]
fn after_takeover_a_changed_service_port_replaces_the_old_one() {
    let Some(mut env) = env("takeover-service") else {
        return;
    };
    python::created_then_applied(&env.ns, Resource::SERVICES, &service(8080));
    let desired = service(9090);
    let ports = |object: &serde_json::Value| -> Vec<u64> {
        let ports = object["spec"]["ports"].as_array().unwrap();
        ports.iter().filter_map(|p| p["port"].as_u64()).collect()
    };

    let kept = env.cluster.apply(Kind::Service, &desired, APP).unwrap();
    assert_eq!(ports(&kept), [8080, 9090]);

    take_over(&mut env, Kind::Service);
    let stored = env.cluster.apply(Kind::Service, &desired, APP).unwrap();
    assert_eq!(ports(&stored), [9090]);
    // What the server allocated and defaulted is still there.
    assert!(stored["spec"]["clusterIP"].is_string(), "{stored}");
    assert_eq!(stored["spec"]["type"], "ClusterIP");
}

#[test]
fn after_takeover_dropped_route_hostnames_are_removed() {
    let Some(mut env) = env("takeover-route") else {
        return;
    };
    let with_hostname = route("gai-http", Some(&["a.example.com"]), &["/m-flask"]);
    python::created_then_applied(&env.ns, Resource::HTTPROUTES, &with_hostname);
    let desired = route("gai-http", None, &["/m-flask"]);

    let kept = env.cluster.apply(Kind::HttpRoute, &desired, APP).unwrap();
    assert_eq!(kept["spec"]["hostnames"], json!(["a.example.com"]));

    take_over(&mut env, Kind::HttpRoute);
    let stored = env.cluster.apply(Kind::HttpRoute, &desired, APP).unwrap();
    assert_eq!(stored["spec"].get("hostnames"), None);
}

#[test]
fn the_takeover_is_one_json_patch_and_a_stale_listing_is_a_conflict() {
    let Some(env) = env("takeover-wire") else {
        return;
    };
    python::gateway(&env.ns, &gateway(&[http_listener("a.example.com")]));
    let (proxy, mut cluster) = crate::through_proxy(&env, std::time::Duration::from_secs(10));
    let listed: Vec<ManagedObject> = cluster.list_managed(Kind::Gateway, APP).unwrap();

    // Someone changes the Gateway after our LIST: the listed resourceVersion is stale.
    let note = json!({"metadata": {"annotations": {"example.com/note": "x"}}});
    env.ns
        .merge_patch(Resource::GATEWAYS, APP, &note, "kubectl-edit")
        .unwrap();
    let error = upgrade_managed_fields(&mut cluster, &listed[0]).unwrap_err();
    assert_eq!(
        error,
        ClusterError::Conflict {
            verb: "PATCH".to_owned(),
            target: format!("gateways/{APP}"),
            message: format!(
                "Operation cannot be fulfilled on gateways.gateway.networking.k8s.io \"{APP}\": \
                 the object has been modified; please apply your changes to the latest version \
                 and try again"
            ),
        }
    );
    let live = env.ns.get(Resource::GATEWAYS, APP).unwrap().unwrap();
    assert!(managers(&live).contains(&entry(APP, "Update")));

    // The next hook lists again and succeeds; the request is exactly the JSON patch.
    proxy.clear_requests();
    let relisted = cluster.list_managed(Kind::Gateway, APP).unwrap();
    let stored = upgrade_managed_fields(&mut cluster, &relisted[0])
        .unwrap()
        .unwrap();
    let patch = takeover_patch(&relisted[0].object(), APP).unwrap();
    let request = proxy.requests().pop().unwrap();
    assert_eq!(
        (
            request.method.as_str(),
            request.path.clone(),
            request.query.clone()
        ),
        (
            "PATCH",
            Resource::GATEWAYS.object_path(env.ns.name(), APP),
            vec![]
        )
    );
    assert_eq!(
        request.content_type.as_deref(),
        Some("application/json-patch+json")
    );
    assert_eq!(request.json_body(), patch);
    // The server stores the entries as sent: the patch itself adds no manager.
    assert_eq!(stored["metadata"]["managedFields"], patch[0]["value"]);
}
