//! RBAC on the real API server, through the compiled binary: the charm runs with a
//! ServiceAccount token (TokenRequest) bound to only some verbs, as an untrusted application
//! does. Whichever call the server refuses (403), the hook ends Blocked with the `juju trust`
//! hint, exits 0, and writes nothing more. Skipped loudly without the server (a failure with
//! `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::process::{ProcessHarness, call, http_state, writes};
use integrator_fixtures::{APP, ingress_relation};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, ProcessOutput};
use kube_test_env::{Resource, Rule};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");
const GROUP: &str = "gateway.networking.k8s.io";

/// `verbs` on every namespaced kind the charm manages.
fn namespaced(verbs: &[&str]) -> Vec<Rule> {
    charm_cluster::Kind::ALL
        .iter()
        .map(|kind| Rule::new(kind.group(), &[kind.plural()], verbs))
        .collect()
}

/// Reading GatewayClasses (cluster-scoped: `juju trust --scope=cluster`).
fn read_classes() -> Vec<Rule> {
    vec![Rule::new(GROUP, &["gatewayclasses"], &["get", "list"])]
}

/// A harness whose proxy forwards with a token of ServiceAccount `charm`, allowed `rules` in
/// the namespace and `cluster_rules` cluster-wide; `None` when the tier is skipped.
fn restricted(rules: &[Rule], cluster_rules: &[Rule]) -> Option<ProcessHarness> {
    let ns = kube_test_env::fresh_namespace("rbac")?;
    let kubeconfig = ns
        .service_account_kubeconfig_with_cluster_rules("charm", rules, cluster_rules)
        .expect("a restricted token");
    Some(ProcessHarness::in_namespace(ns, DISPATCH, &kubeconfig))
}

/// The hook ended Blocked with the trust hint, exit 0, and no error output.
fn assert_untrusted(out: &ProcessOutput) {
    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Blocked(
            gateway_api_integrator::plan::insufficient_permissions(APP)
        ))
    );
    assert_eq!(
        gateway_api_integrator::plan::insufficient_permissions(APP),
        "Insufficient permissions, try: `juju trust gateway-api-integrator --scope=cluster`"
    );
}

/// `VERB plural[/name]` of each request.
fn calls(harness: &ProcessHarness) -> Vec<String> {
    harness
        .take_requests()
        .iter()
        .map(|request| {
            let (verb, plural, name) = call(request);
            match name {
                Some(name) => format!("{verb} {plural}/{name}"),
                None => format!("{verb} {plural}"),
            }
        })
        .collect()
}

#[test]
fn without_cluster_scope_the_gateway_class_list_is_refused() {
    let all = ["get", "list", "create", "patch", "delete"];
    let Some(harness) = restricted(&namespaced(&all), &[]) else {
        return;
    };
    let out = harness.run(&Event::ConfigChanged, http_state());
    assert_untrusted(&out);
    // The first call is refused; the hook stops there.
    assert_eq!(calls(&harness), ["LIST gatewayclasses"]);
    assert_eq!(harness.names(Resource::GATEWAYS), Vec::<String>::new());
}

#[test]
fn a_read_only_token_cannot_create_the_gateway() {
    let Some(harness) = restricted(&namespaced(&["get", "list"]), &read_classes()) else {
        return;
    };
    let out = harness.run(&Event::ConfigChanged, http_state());
    assert_untrusted(&out);
    let requests = harness.take_requests();
    // Everything was read; the one write tried (creating the Gateway) was refused.
    assert_eq!(
        writes(&requests),
        [format!(
            "PATCH {}",
            Resource::GATEWAYS.object_path(harness.namespace(), APP)
        )]
    );
    assert_eq!(harness.names(Resource::GATEWAYS), Vec::<String>::new());
}

#[test]
fn a_token_without_delete_keeps_the_objects_of_a_broken_relation() {
    // A server-side apply that creates an object needs `create` as well as `patch`.
    let no_delete = ["get", "list", "create", "patch"];
    let Some(harness) = restricted(&namespaced(&no_delete), &read_classes()) else {
        return;
    };
    let relation = ingress_relation(8080);
    let state = harness.deploy_http().relation(relation.clone());
    let state = harness.step(&Event::relation_changed(&relation, None), state);
    assert_eq!(
        state.unit_status,
        Some(Status::Active(
            "Gateway addresses: 10.0.0.7 (enforce-https is set to false)".into()
        ))
    );
    let service = format!("{APP}-flask-service");
    assert_eq!(
        harness.names(Resource::SERVICES),
        std::slice::from_ref(&service)
    );
    harness.take_requests();

    let out = harness.run(&Event::relation_broken(&relation), state);

    assert_untrusted(&out);
    let deletes: Vec<String> = writes(&harness.take_requests())
        .into_iter()
        .filter(|w| w.starts_with("DELETE"))
        .collect();
    // Routes go before what they use: the HTTPRoute's delete is the one refused.
    assert_eq!(
        deletes,
        [format!(
            "DELETE {}",
            Resource::HTTPROUTES.object_path(harness.namespace(), &format!("{APP}-flask-3-http"))
        )]
    );
    assert_eq!(harness.names(Resource::SERVICES), [service]);
    assert_eq!(
        harness.names(Resource::HTTPROUTES),
        [format!("{APP}-flask-3-http")]
    );
}
