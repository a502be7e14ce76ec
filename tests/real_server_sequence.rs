//! The whole life of a deployment with the compiled `dispatch` binary on the real API server
//! (through `kube-test-env`'s proxy): deploy → config → ingress (`flask`) → certificates (our
//! CSR signed by a test CA) → break ingress → gateway-route (a v1 and an ISD259 requirer, their
//! certificates signed too) → break each relation → remove. After remove no object labelled
//! ours is left of any kind the charm manages, and the objects seeded at the start (unlabelled,
//! or labelled by another application) are byte for byte what they were. Skipped loudly
//! without the server (a failure with `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::ca::TestCa;
use integrator_fixtures::process::{MANAGED_BY, ProcessHarness};
use integrator_fixtures::tls::{
    ADDRESS, CERTS, HOST, PROVIDER, certificates_relation, day, issued, key_secret, our_csrs,
    with_provider,
};
use integrator_fixtures::{APP, MODEL, ingress_relation, leader_state};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, databag};
use kube_test_env::Resource;
use serde_json::{Value, json};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");
const V1: u64 = 11;
const ISD259: u64 = 12;

/// Objects that are not ours: unlabelled, or labelled by another application. Returns each
/// with its JSON as the server sends it.
fn seed(harness: &ProcessHarness) -> Vec<(Resource, &'static str, String)> {
    let gateway_api = "gateway.networking.k8s.io/v1";
    let objects = [
        (
            Resource::SERVICES,
            "database",
            json!({"apiVersion": "v1", "kind": "Service",
            "spec": {"ports": [{"port": 5432}], "selector": {"app": "db"}}}),
        ),
        (
            Resource::SERVICES,
            "other-flask-service",
            json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"labels": {MANAGED_BY: "other"}},
            "spec": {"ports": [{"port": 8080}], "selector": {"app": "flask"}}}),
        ),
        (
            Resource::SECRETS,
            "other-tls",
            json!({"apiVersion": "v1", "kind": "Secret",
            "data": {"k": "dg=="}}),
        ),
        (
            Resource::GATEWAYS,
            "other",
            json!({"apiVersion": gateway_api, "kind": "Gateway",
            "spec": {"gatewayClassName": "cilium",
                     "listeners": [{"name": "web", "port": 80, "protocol": "HTTP"}]}}),
        ),
        (
            Resource::HTTPROUTES,
            "other-route",
            json!({"apiVersion": gateway_api,
            "kind": "HTTPRoute", "spec": {"parentRefs": [{"name": "other"}],
            "rules": [{"backendRefs": [{"name": "database", "port": 5432}]}]}}),
        ),
    ];
    objects
        .into_iter()
        .map(|(resource, name, mut object)| {
            object["metadata"]["name"] = json!(name);
            harness.ns().create(resource, &object, "kubectl").unwrap();
            (resource, name, harness.raw(resource, name))
        })
        .collect()
}

/// `plural/name` of every object labelled ours.
fn ours(harness: &ProcessHarness) -> Vec<String> {
    harness
        .labelled()
        .into_iter()
        .map(|(plural, name)| format!("{plural}/{name}"))
        .collect()
}

/// An HTTP listener per host, then an HTTPS listener per host.
fn listeners_for(hosts: &[&str]) -> Vec<String> {
    let named = |scheme: &str, host: &&str| format!("{APP}-{scheme}-{}", host.replace('.', "-"));
    let http = hosts.iter().map(|host| named("http", host));
    http.chain(hosts.iter().map(|host| named("https", host)))
        .collect()
}

/// Our objects in gateway-route mode with a certificate for each of `hosts` (sorted) and the
/// ISD259 workload `blog`.
fn route_mode_objects(hosts: &[&str]) -> Vec<String> {
    let secrets = hosts
        .iter()
        .map(|host| format!("secrets/{APP}-secret-{host}"));
    secrets
        .chain([
            format!("gateways/{APP}"),
            format!("services/{APP}-blog-service"),
            format!("httproutes/{APP}-blog-{ISD259}-http"),
            format!("httproutes/{APP}-blog-{ISD259}-https-blog-example-com"),
        ])
        .collect()
}

fn active(suffix: &str) -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS}{suffix}"
    )))
}

fn ingress_url(state: &State) -> Value {
    let bag = &state.get_relation(3).expect("ingress").local_app_data;
    serde_json::from_str(bag.get("ingress").expect("a published URL")).unwrap()
}

/// The gateway-route v1 requirer (hostname only).
fn v1(hostname: &str) -> Relation {
    integrator_fixtures::v1_requirer(V1, hostname)
}

/// An ISD259 requirer as the configurator writes it: workload `blog` on 8080 at `/`.
fn isd259(hostname: &str) -> Relation {
    Relation::new("gateway-route", "gateway-route", ISD259, "blog-route")
        .remote_app_data(databag([
            ("hostname", json!(hostname).to_string()),
            ("model", json!(MODEL).to_string()),
            ("name", "\"blog\"".to_owned()),
            ("paths", "[\"/\"]".to_owned()),
            ("port", "8080".to_owned()),
        ]))
        .remote_unit("blog-route/0", databag::<&str, &str>([]))
}

fn without_relation(mut state: State, id: u64) -> State {
    state.relations.retain(|relation| relation.id != id);
    state
}

#[test]
fn a_whole_deployment_leaves_nothing_behind() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let seeded = seed(&h);
    let ca = TestCa::new();
    let certificates = certificates_relation();
    let provider_unit = format!("{PROVIDER}/0");

    // deploy: HTTPS is enforced by default and there is no certificates relation.
    let state = h.step(&Event::Install, leader_state().secret(key_secret()));
    let state = h.step(&Event::ConfigChanged, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Blocked(
            "Certificates relation is needed if enforce-https is enabled.".into()
        ))
    );
    assert_eq!(ours(&h), Vec::<String>::new());

    // config: the Gateway, one HTTP listener for the hostname; the controller gives it an
    // address.
    let state = state
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .config("external-hostname", HOST);
    let state = h.step(&Event::ConfigChanged, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
    h.set_gateway_address(ADDRESS);
    let state = h.step(&Event::UpdateStatus, state);
    assert_eq!(
        state.unit_status,
        active(" (enforce-https is set to false)")
    );
    assert_eq!(h.listeners(), [format!("{APP}-http-www-example-com")]);

    // ingress: the workload's Service and HTTPRoute, its URL published.
    let ingress = ingress_relation(8080);
    let state = state.relation(ingress.clone());
    let state = h.step(&Event::relation_created(&ingress), state);
    let state = h.step(&Event::relation_changed(&ingress, Some("flask/0")), state);
    assert_eq!(
        ingress_url(&state),
        json!({"url": format!("http://{HOST}/{}-flask", h.namespace())})
    );
    assert_eq!(
        ours(&h),
        [
            format!("gateways/{APP}"),
            format!("services/{APP}-flask-service"),
            format!("httproutes/{APP}-flask-3-http"),
        ]
    );

    // certificates: our CSR, signed by the test CA; HTTPS served with the chain.
    let state = state
        .config("enforce-https", true)
        .relation(certificates.clone());
    let state = h.step(&Event::relation_created(&certificates), state);
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 1);
    let entry = issued(&ca, &csrs[0], day(-1), day(89));
    let state = with_provider(state, vec![entry.clone()]);
    let state = h.step(
        &Event::relation_changed(state.get_relation(CERTS).unwrap(), Some(&provider_unit)),
        state,
    );
    assert_eq!(state.unit_status, active(""));
    assert_eq!(
        ingress_url(&state),
        json!({"url": format!("https://{HOST}/{}-flask", h.namespace())})
    );
    let secret = format!("{APP}-secret-{HOST}");
    let stored = h
        .object(Resource::SECRETS, &secret)
        .expect("the TLS Secret");
    let chain = base64_text(&stored["data"]["tls.crt"]);
    assert_eq!(chain, format!("{}\n\n{}", entry.certificate, ca.pem()));
    assert_eq!(h.listeners(), listeners_for(&[HOST]));
    let https_route = format!("{APP}-flask-3-https-www-example-com");
    assert_eq!(
        ours(&h),
        [
            format!("secrets/{secret}"),
            format!("gateways/{APP}"),
            format!("services/{APP}-flask-service"),
            format!("httproutes/{https_route}"),
            format!("httproutes/{APP}-http"),
        ]
    );

    // break ingress: its Service and HTTPRoutes go; the Gateway and its TLS stay.
    let state = h.step(&Event::relation_broken(&ingress), state);
    let state = without_relation(state, ingress.id);
    assert_eq!(
        ours(&h),
        [format!("secrets/{secret}"), format!("gateways/{APP}")]
    );

    // gateway-route mode needs no external-hostname: the hostname's listeners and Secret go.
    let mut state = state;
    state.config.remove("external-hostname");
    let state = h.step(&Event::ConfigChanged, state);
    assert_eq!(state.unit_status, active(""));
    assert_eq!(ours(&h), [format!("gateways/{APP}")]);
    assert_eq!(h.listeners(), [format!("{APP}-http")]);

    // a v1 and an ISD259 requirer: one CSR per hostname, both signed.
    let (api, blog) = ("api.example.com", "blog.example.com");
    let state = state.relation(v1(api)).relation(isd259(blog));
    let state = h.step(&Event::relation_changed(&v1(api), None), state);
    let state = h.step(&Event::relation_changed(&isd259(blog), None), state);
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 2);
    let entries: Vec<_> = csrs
        .iter()
        .map(|csr| issued(&ca, csr, day(-1), day(89)))
        .collect();
    let state = with_provider(state, entries);
    let state = h.step(
        &Event::relation_changed(state.get_relation(CERTS).unwrap(), Some(&provider_unit)),
        state,
    );
    assert_eq!(state.unit_status, active(""));
    assert_eq!(ours(&h), route_mode_objects(&[api, blog]));
    assert_eq!(h.listeners(), listeners_for(&[api, blog]));
    // The v1 requirer is given the Gateway's coordinates (our model is the namespace).
    assert_eq!(
        state.get_relation(V1).unwrap().local_app_data,
        databag([
            ("gateway_address", json!(ADDRESS).to_string()),
            ("gateway_model", json!(h.namespace()).to_string()),
            ("gateway_name", json!(APP).to_string()),
            ("hsts_max_age", "31536000".to_owned()),
            ("https_mode", "\"enforced\"".to_owned()),
        ])
    );
    // The ISD259 requirer is given its endpoints.
    assert_eq!(
        state.get_relation(ISD259).unwrap().local_app_data,
        databag([("endpoints", format!("[\"https://{blog}/\"]"))])
    );

    // break each gateway-route relation: its listeners, Secret, Service and routes go.
    let state = h.step(&Event::relation_broken(&v1(api)), state);
    let state = without_relation(state, V1);
    assert_eq!(ours(&h), route_mode_objects(&[blog]));
    assert_eq!(h.listeners(), listeners_for(&[blog]));
    let state = h.step(&Event::relation_broken(&isd259(blog)), state);
    let state = without_relation(state, ISD259);
    assert_eq!(ours(&h), [format!("gateways/{APP}")]);

    // break certificates (plain HTTP first: HTTPS needs them).
    let state = h.step(&Event::ConfigChanged, state.config("enforce-https", false));
    let state = h.step(&Event::relation_broken(&certificates), state);
    let state = without_relation(state, CERTS);
    assert_eq!(
        state.unit_status,
        active(" (enforce-https is set to false)")
    );
    assert_eq!(ours(&h), [format!("gateways/{APP}")]);
    assert_eq!(h.listeners(), [format!("{APP}-http")]);

    // remove: nothing of ours is left, everything else is as it was.
    let state = h.step(&Event::Remove, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Maintenance("Removed.".into()))
    );
    assert_eq!(ours(&h), Vec::<String>::new());
    for (resource, name, before) in &seeded {
        assert_eq!(
            &h.raw(*resource, name),
            before,
            "{} {name}",
            resource.plural
        );
    }
}

fn base64_text(value: &Value) -> String {
    let bytes: k8s_openapi::ByteString =
        serde_json::from_value(value.clone()).expect("base64 data");
    String::from_utf8(bytes.0).unwrap()
}
