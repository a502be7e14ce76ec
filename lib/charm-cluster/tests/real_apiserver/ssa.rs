//! Server-side apply as the real server does it: what we leave out disappears, what others own
//! stays, and `force` takes over what we set.

use charm_cluster::{Cluster, Kind, MANAGED_BY_LABEL};
use kube_test_env::Resource;
use serde_json::json;

use crate::{
    APP, data_keys, entry, env, gateway, http_listener, https_listener, listener_names, managers,
    route, secret,
};

#[test]
fn a_listener_left_out_of_the_next_apply_is_removed() {
    let Some(mut env) = env("ssa-listener") else {
        return;
    };
    let all = [
        http_listener("a.example.com"),
        https_listener("a.example.com"),
        https_listener("b.example.com"),
    ];
    env.cluster
        .apply(Kind::Gateway, &gateway(&all), APP)
        .unwrap();

    let stored = env
        .cluster
        .apply(Kind::Gateway, &gateway(&all[..2]), APP)
        .unwrap();

    let names = ["gai-http-a-example-com", "gai-https-a-example-com"];
    assert_eq!(listener_names(&stored), names);
    let live = env.ns.get(Resource::GATEWAYS, APP).unwrap().unwrap();
    assert_eq!(listener_names(&live), names);
    assert_eq!(live["metadata"]["generation"], 2);
}

#[test]
fn a_route_rule_or_filter_left_out_of_the_next_apply_is_removed() {
    let Some(mut env) = env("ssa-route") else {
        return;
    };
    let mut first = route("r", Some(&["a.example.com"]), &["/a", "/b"]);
    first["spec"]["rules"][0]["filters"] = json!([{"type": "ResponseHeaderModifier",
        "responseHeaderModifier": {"add": [{"name": "Strict-Transport-Security",
                                            "value": "max-age=300"}]}}]);
    env.cluster.apply(Kind::HttpRoute, &first, APP).unwrap();

    env.cluster
        .apply(
            Kind::HttpRoute,
            &route("r", Some(&["a.example.com"]), &["/a"]),
            APP,
        )
        .unwrap();

    let live = env.ns.get(Resource::HTTPROUTES, "r").unwrap().unwrap();
    let rules = live["spec"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["matches"][0]["path"]["value"], "/a");
    assert_eq!(rules[0].get("filters"), None);
}

#[test]
fn a_secret_key_left_out_of_the_next_apply_is_removed() {
    let Some(mut env) = env("ssa-secret") else {
        return;
    };
    let entries = [("ca.crt", "CA"), ("tls.crt", "CERT"), ("tls.key", "KEY")];
    env.cluster
        .apply(Kind::Secret, &secret("s", &entries), APP)
        .unwrap();

    env.cluster
        .apply(Kind::Secret, &secret("s", &entries[1..]), APP)
        .unwrap();

    let live = env.ns.get(Resource::SECRETS, "s").unwrap().unwrap();
    assert_eq!(data_keys(&live), ["tls.crt", "tls.key"]);
}

#[test]
fn fields_other_managers_own_survive_our_apply() {
    let Some(mut env) = env("ssa-others") else {
        return;
    };
    let ours = gateway(&[http_listener("a.example.com")]);
    env.cluster.apply(Kind::Gateway, &ours, APP).unwrap();
    // `kubectl annotate`/`label`-like Update, and another controller's apply.
    let edit = json!({"metadata": {"annotations": {"example.com/note": "kept"},
                                   "labels": {"team": "web"}}});
    env.ns
        .merge_patch(Resource::GATEWAYS, APP, &edit, "kubectl-edit")
        .unwrap();
    let theirs = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": APP, "annotations": {"example.com/other": "theirs"}}});
    env.ns
        .apply(Resource::GATEWAYS, &theirs, "other-controller", false)
        .unwrap();

    env.cluster.apply(Kind::Gateway, &ours, APP).unwrap();

    let live = env.ns.get(Resource::GATEWAYS, APP).unwrap().unwrap();
    assert_eq!(
        live["metadata"]["annotations"],
        json!({"example.com/note": "kept", "example.com/other": "theirs"})
    );
    assert_eq!(
        live["metadata"]["labels"],
        json!({MANAGED_BY_LABEL: APP, "team": "web"})
    );
    let mut owners = managers(&live);
    owners.sort();
    assert_eq!(
        owners,
        [
            entry(APP, "Apply"),
            entry("kubectl-edit", "Update"),
            entry("other-controller", "Apply")
        ]
    );
}

/// `force` is meant for the fields we set: our desired object is the truth for them, so a
/// field another apply manager changed is taken back (and that manager loses it). Fields we do
/// not set are never touched (previous test).
#[test]
fn force_takes_back_a_field_we_set_from_another_apply_manager() {
    let Some(mut env) = env("ssa-force") else {
        return;
    };
    let ours = gateway(&[http_listener("a.example.com")]);
    env.cluster.apply(Kind::Gateway, &ours, APP).unwrap();
    let theirs = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": APP}, "spec": {"gatewayClassName": "istio"}});
    // Without force the server refuses: the field is ours.
    let refused = env
        .ns
        .apply(Resource::GATEWAYS, &theirs, "other-controller", false)
        .unwrap_err();
    assert_eq!(refused.code(), Some(409));
    env.ns
        .apply(Resource::GATEWAYS, &theirs, "other-controller", true)
        .unwrap();

    let stored = env.cluster.apply(Kind::Gateway, &ours, APP).unwrap();

    assert_eq!(stored["spec"]["gatewayClassName"], "cilium");
    let owners: Vec<&str> = stored["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.pointer("/fieldsV1/f:spec/f:gatewayClassName").is_some())
        .filter_map(|e| e["manager"].as_str())
        .collect();
    assert_eq!(owners, [APP]);
    assert_eq!(env.cluster.request_counts().apply, 2);
}

/// What a re-apply writes: nothing when nothing changed, a new `resourceVersion` but the same
/// `generation` for a metadata-only change, both for a spec change.
#[test]
fn generation_counts_spec_changes_and_an_unchanged_apply_writes_nothing() {
    let Some(mut env) = env("ssa-generation") else {
        return;
    };
    let route = |paths: &[&str]| crate::route("r", None, paths);
    let first = env
        .cluster
        .apply(Kind::HttpRoute, &route(&["/"]), APP)
        .unwrap();
    let same = env
        .cluster
        .apply(Kind::HttpRoute, &route(&["/"]), APP)
        .unwrap();
    assert_eq!(same, first);

    let mut annotated = route(&["/"]);
    annotated["metadata"]["annotations"] = json!({"example.com/note": "x"});
    let relabelled = env.cluster.apply(Kind::HttpRoute, &annotated, APP).unwrap();
    let versions = |o: &serde_json::Value| {
        (
            o["metadata"]["generation"].clone(),
            o["metadata"]["resourceVersion"] != first["metadata"]["resourceVersion"],
        )
    };
    assert_eq!(versions(&first), (json!(1), false));
    assert_eq!(versions(&relabelled), (json!(1), true));

    let respecced = env
        .cluster
        .apply(Kind::HttpRoute, &route(&["/x"]), APP)
        .unwrap();
    assert_eq!(respecced["metadata"]["generation"], 2);
    assert_eq!(respecced["metadata"]["uid"], first["metadata"]["uid"]);
}
