//! Refresh from the Python charm, through the charm: objects written exactly as the Python
//! charm wrote them (lightkube, field manager `<app>`: every object POSTed, then the Gateway
//! JSON-merge-patched and the others server-side applied with `force`; see
//! `../shared/research/anchor-charm.md` §2) carry an `Update` entry of `<app>` owning their
//! fields, which our server-side apply alone could never remove. Our reconcile (the compiled
//! `dispatch` binary) takes those fields over first, so a removal in its plan really removes
//! the field on the real server: dropping a hostname removes its listeners and its Secret;
//! disabling TLS removes the HTTPS listener. Skipped loudly without the server (a failure with
//! `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::admission::{as_applied, resource};
use integrator_fixtures::ca::TestCa;
use integrator_fixtures::process::{ProcessHarness, writes};
use integrator_fixtures::tls::{
    ADDRESS, CERTS, certificates_relation, day, issued, key_secret, our_csrs, with_provider,
};
use integrator_fixtures::{APP, leader_state, step};

use charm_cluster::{InMemoryCluster, Kind};
use gateway_api_integrator::gather::KINDS_ANNOTATION;
use gateway_api_integrator::plan::FINGERPRINT_ANNOTATION;
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, databag};
use kube_test_env::Resource;
use serde_json::{Value, json};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");
const REQUIRER: u64 = 11;
const A: &str = "a.example.com";
const B: &str = "b.example.com";

/// A gateway-route v1 requirer asking for `hostnames` (the first is the main one).
fn requirer(hostnames: &[&str]) -> Relation {
    Relation::new("gateway-route", "gateway-route", REQUIRER, "v1-requirer")
        .remote_app_data(databag([
            ("hostname", json!(hostnames[0]).to_string()),
            ("additional_hostnames", json!(hostnames[1..]).to_string()),
        ]))
        .remote_unit("v1-requirer/0", databag::<&str, &str>([]))
}

/// A deployment in `model` serving `hostnames` over HTTPS (a certificate issued for each), run
/// in-process on the in-memory cluster: the Juju state, and the objects it holds.
fn deployment(model: &str, hostnames: &[&str]) -> (State, InMemoryCluster) {
    let mut cluster = InMemoryCluster::new(model);
    cluster.add_gateway_class("cilium");
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", true)
        .secret(key_secret())
        .relation(requirer(hostnames))
        .relation(certificates_relation());
    state.model.name = model.to_owned();
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let state = step(
        Event::relation_created(&certificates_relation()),
        state,
        &mut cluster,
    );
    let ca = TestCa::new();
    let entries = our_csrs(&state)
        .iter()
        .map(|csr| issued(&ca, csr, day(-1), day(89)))
        .collect();
    let state = with_provider(state, entries);
    let event = Event::relation_changed(state.get_relation(CERTS).unwrap(), None);
    let state = step(event, state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!("Gateway addresses: {ADDRESS}")))
    );
    (state, cluster)
}

/// Write every object of `cluster` into the harness's namespace the way the Python charm did,
/// then give the Gateway its address (the controller).
fn write_as_python(harness: &ProcessHarness, cluster: &InMemoryCluster) {
    let ns = harness.ns();
    for kind in Kind::ALL {
        for name in cluster.names(kind) {
            let object = python_shape(kind, &as_applied(cluster.object(kind, name).unwrap()));
            ns.create(resource(kind), &object, APP).unwrap();
            if kind == Kind::Gateway {
                // lightkube sends no `force` on a merge patch (the server would refuse it).
                ns.merge_patch(resource(kind), name, &object, APP).unwrap();
            } else {
                ns.apply(resource(kind), &object, APP, true).unwrap();
            }
        }
    }
    harness.set_gateway_address(ADDRESS);
}

/// The object as the Python charm sent it: no annotations (it had no fingerprint, and its
/// Gateway no record of kinds), a Secret's data as `stringData`.
fn python_shape(kind: Kind, object: &Value) -> Value {
    let mut object = object.clone();
    let metadata = object["metadata"].as_object_mut().unwrap();
    let annotations = metadata.remove("annotations").unwrap_or_default();
    let mut keys: Vec<&str> = annotations
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    let expected = match kind {
        Kind::Gateway => vec![FINGERPRINT_ANNOTATION, KINDS_ANNOTATION],
        _ => vec![FINGERPRINT_ANNOTATION],
    };
    assert_eq!(keys, expected, "{kind}");
    if kind == Kind::Secret {
        let data = object.as_object_mut().unwrap().remove("data").unwrap();
        let text: serde_json::Map<String, Value> = data
            .as_object()
            .unwrap()
            .iter()
            .map(|(key, value)| {
                let bytes: k8s_openapi::ByteString = serde_json::from_value(value.clone()).unwrap();
                (key.clone(), json!(String::from_utf8(bytes.0).unwrap()))
            })
            .collect();
        object["stringData"] = Value::Object(text);
    }
    object
}

/// The `fieldsV1` of the `Update` entry of `<app>` on the main resource, if any.
fn python_fields(object: &Value) -> Option<Value> {
    object["metadata"]["managedFields"]
        .as_array()?
        .iter()
        .find(|e| e["manager"] == APP && e["operation"] == "Update" && e["subresource"].is_null())
        .map(|e| e["fieldsV1"].clone())
}

/// The listener's key in `fieldsV1` (the listeners are a map list keyed by name).
fn listener_key(name: &str) -> String {
    format!("k:{{\"name\":\"{name}\"}}")
}

/// No object left with a field owned by the Python charm's `Update` entry.
fn assert_taken_over(harness: &ProcessHarness) {
    for (plural, name) in harness.labelled() {
        let resource = [
            Resource::SECRETS,
            Resource::GATEWAYS,
            Resource::SERVICES,
            Resource::HTTPROUTES,
        ]
        .into_iter()
        .find(|r| r.plural == plural)
        .unwrap();
        let object = harness.object(resource, &name).unwrap();
        assert_eq!(python_fields(&object), None, "{plural}/{name}");
    }
}

fn http(host: &str) -> String {
    format!("{APP}-http-{}", host.replace('.', "-"))
}

fn https(host: &str) -> String {
    format!("{APP}-https-{}", host.replace('.', "-"))
}

fn secrets(harness: &ProcessHarness) -> Vec<String> {
    harness
        .labelled()
        .into_iter()
        .filter(|(plural, _)| plural == "secrets")
        .map(|(_, name)| name)
        .collect()
}

#[test]
fn dropping_a_hostname_removes_its_listeners_and_secret() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let (state, cluster) = deployment(harness.namespace(), &[A, B]);
    write_as_python(&harness, &cluster);
    let before = harness.object(Resource::GATEWAYS, APP).unwrap();
    let python = python_fields(&before).expect("the Python charm's Update entry");
    // B's listeners belong to the Python charm's Update entry: our apply alone keeps them.
    for listener in [http(B), https(B)] {
        assert!(
            python["f:spec"]["f:listeners"][listener_key(&listener)].is_object(),
            "{listener} not owned by the Update entry: {python}"
        );
    }
    assert_eq!(harness.listeners(), [http(A), http(B), https(A), https(B)]);
    let secret_b = format!("{APP}-secret-{B}");
    assert_eq!(
        secrets(&harness),
        [format!("{APP}-secret-{A}"), secret_b.clone()]
    );

    // The requirer drops B.
    let mut state = state;
    *state.get_relation_mut(REQUIRER).unwrap() = requirer(&[A]);
    let out = harness.run(&Event::relation_changed(&requirer(&[A]), None), state);

    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Active(format!("Gateway addresses: {ADDRESS}")))
    );
    assert_eq!(harness.listeners(), [http(A), https(A)]);
    assert_eq!(secrets(&harness), [format!("{APP}-secret-{A}")]);
    assert_eq!(harness.object(Resource::SECRETS, &secret_b), None);
    assert_taken_over(&harness);
    let written = writes(&harness.take_requests());
    assert!(
        written
            .iter()
            .any(|w| w.ends_with(&format!("/secrets/{secret_b}")) && w.starts_with("DELETE")),
        "{written:?}"
    );
}

#[test]
fn disabling_tls_removes_the_https_listener_and_the_secret() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let (state, cluster) = deployment(harness.namespace(), &[A]);
    write_as_python(&harness, &cluster);
    let before = harness.object(Resource::GATEWAYS, APP).unwrap();
    let python = python_fields(&before).expect("the Python charm's Update entry");
    assert!(python["f:spec"]["f:listeners"][listener_key(&https(A))].is_object());
    assert_eq!(harness.listeners(), [http(A), https(A)]);

    // enforce-https off, then the certificates relation goes.
    let state = harness.step(&Event::ConfigChanged, state.config("enforce-https", false));
    let out = harness.run(&Event::relation_broken(&certificates_relation()), state);

    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
        )))
    );
    assert_eq!(harness.listeners(), [http(A)]);
    assert_eq!(secrets(&harness), Vec::<String>::new());
    assert_taken_over(&harness);
}
