//! State-in/state-out tests of whole hooks, run through the `juju-hook-testing` harness against
//! this charm's own charmcraft.yaml/config.yaml. Workload and integrator data come from the
//! databags the real Python libraries wrote (`../shared/interop-golden`, or
//! `$INTEROP_GOLDEN_DIR`).

use std::path::PathBuf;

use gateway_route_configurator::charm::{self, CharmError, STANDBY_MESSAGE};
use juju_hook::{Databag, Event, Status};
use juju_hook_testing::{Context, EventExt, Output, Relation, State, ToolCalls};
use serde_json::Value;

const APP: &str = "gateway-route-configurator";
const INGRESS_ID: u64 = 1;
const ROUTE_ID: u64 = 2;
/// The hook-tool budget of a hook that leaves our request as it is.
const BUDGET: u64 = 12;
/// The hook-tool budget of a hook that changes our request: it may also read the integrator's
/// answer and, when that already fits the new request, change the workload's URL.
const REQUEST_CHANGE_BUDGET: u64 = 13;

// ---------------------------------------------------------------- fixtures

fn golden_dir() -> PathBuf {
    match std::env::var_os("INTEROP_GOLDEN_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/interop-golden"),
    }
}

fn golden(name: &str) -> Value {
    let path = golden_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read golden file {}: {e}", path.display()));
    serde_json::from_str(&text).expect("golden files are JSON")
}

fn bag(value: &Value) -> Databag {
    value
        .as_object()
        .expect("a databag is an object")
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().expect("values are strings").to_owned(),
            )
        })
        .collect()
}

fn pairs(pairs: &[(&str, &str)]) -> Databag {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// `myapp` in model `m` asking for port 8080, with its two units (ingress v2, LIBPATCH 21).
fn workload_relation() -> Relation {
    let emitted = golden("ingress_requirer.emit.json");
    let mut relation = Relation::new("ingress", "ingress", INGRESS_ID, "myapp")
        .remote_app_data(bag(&emitted["app"]));
    for (unit, data) in emitted["units"].as_object().unwrap() {
        relation = relation.remote_unit(unit.clone(), bag(data));
    }
    relation
}

fn integrator_relation() -> Relation {
    Relation::new(
        "gateway-route",
        "gateway-route",
        ROUTE_ID,
        "gateway-api-integrator",
    )
}

/// The integrator's answer to the `/a,/b` request (gateway_route v0, LIBPATCH 6).
fn answered_integrator_relation() -> Relation {
    integrator_relation().remote_app_data(bag(&golden("gateway_route.provide-v0.json")["app"]))
}

/// The leader in model `m` (the workload's model), configured for myapp.example.com /a,/b.
fn configured() -> State {
    State::new(APP)
        .leader(true)
        .model("m", "9b112ac5-74a7-421f-8a54-c5e17df42337")
        .config("hostname", "myapp.example.com")
        .config("paths", "/a,/b")
}

fn context() -> Context {
    Context::new(env!("CARGO_MANIFEST_DIR")).expect("the charm's metadata loads")
}

fn run(event: Event, state: State) -> Output<CharmError> {
    let request_before = request_bag(&state);
    let output = context()
        .run(event, state, charm::run)
        .expect("state and event are consistent");
    if let Err(error) = &output.exit {
        panic!("hook failed: {error}");
    }
    let budget = if request_bag(&output.state) == request_before {
        BUDGET
    } else {
        REQUEST_CHANGE_BUDGET
    };
    assert!(
        output.calls.total() <= budget,
        "{} hook-tool calls, budget {budget}: {:?}",
        output.calls.total(),
        output.calls.by_tool()
    );
    output
}

/// Our `gateway-route` app bag (the request), if related.
fn request_bag(state: &State) -> Option<Databag> {
    state
        .get_relation(ROUTE_ID)
        .map(|relation| relation.local_app_data.clone())
}

fn relation(state: &State, id: u64) -> &Relation {
    state.get_relation(id).expect("relation in state")
}

/// The hook-tool calls of a hook that reads both relations (the event names one, so one
/// `relation-list`) and writes one bag.
const ONE_WRITE_CALLS: [(&str, u64); 7] = [
    ("config-get", 1),
    ("is-leader", 1),
    ("relation-get", 4),
    ("relation-ids", 2),
    ("relation-list", 1),
    ("relation-set", 1),
    ("status-set", 1),
];

fn calls(output: &Output<CharmError>) -> Vec<(&str, u64)> {
    output
        .calls
        .by_tool()
        .iter()
        .map(|(tool, count)| (tool.as_str(), *count))
        .collect()
}

/// `ingress-relation-changed` from `workload`, configured and related to the integrator.
fn workload_changed(workload: Relation) -> Output<CharmError> {
    let event = Event::relation_changed(&workload, None);
    let state = configured()
        .relation(workload)
        .relation(integrator_relation());
    run(event, state)
}

fn blocked(message: &str) -> Option<Status> {
    Some(Status::Blocked(message.to_owned()))
}

const MISSING_INGRESS: &str = "Missing 'ingress' relation: run `juju integrate \
                               gateway-route-configurator:ingress <workload>`";
const MISSING_ROUTE: &str = "Missing 'gateway-route' relation: run `juju integrate \
                             gateway-route-configurator:gateway-route gateway-api-integrator`";
const WAITING_ENDPOINTS: &str = "Waiting for gateway route endpoints";
const SERVING: &str = "Serving https://myapp.example.com/a";
/// What our `ingress` app bag holds once served: the first path's URL.
const INGRESS_URL_BAG: &[(&str, &str)] =
    &[("ingress", "{\"url\": \"https://myapp.example.com/a\"}")];

// ---------------------------------------------------------------- status without relations

#[test]
fn unconfigured_and_unrelated_is_blocked_on_the_hostname() {
    let output = run(Event::ConfigChanged, State::new(APP).leader(true));
    assert_eq!(
        output.state.unit_status,
        blocked(
            "Missing 'hostname' config: run `juju config gateway-route-configurator hostname=<hostname>`"
        )
    );
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-ids", 2),
            ("status-set", 1)
        ]
    );
}

#[test]
fn configured_without_relations_is_blocked_on_the_ingress_relation() {
    let output = run(Event::ConfigChanged, configured());
    assert_eq!(output.state.unit_status, blocked(MISSING_INGRESS));
}

#[test]
fn invalid_config_is_blocked_with_the_exact_reason() {
    let cases = [
        (
            "MyApp.example.com",
            "/",
            "Invalid hostname 'MyApp.example.com': it must be lowercase",
        ),
        (
            "*.example.com",
            "/",
            "Invalid hostname '*.example.com': wildcards are not supported",
        ),
        (
            "10.0.0.1",
            "/",
            "Invalid hostname '10.0.0.1': IP addresses are not allowed",
        ),
        (
            "myapp.example.com",
            "/a,b",
            "Invalid path 'b' in 'paths' config: it must start with '/'",
        ),
    ];
    for (hostname, paths, message) in cases {
        let state = configured()
            .config("hostname", hostname)
            .config("paths", paths)
            .relation(workload_relation())
            .relation(integrator_relation());
        let output = run(Event::ConfigChanged, state);
        assert_eq!(
            output.state.unit_status,
            blocked(message),
            "{hostname} {paths}"
        );
        assert_eq!(
            relation(&output.state, ROUTE_ID).local_app_data,
            Databag::new()
        );
        assert_eq!(output.calls.get("relation-set"), 0);
    }
}

#[test]
fn workload_without_integrator_is_blocked_on_the_gateway_route_relation() {
    let state = configured().relation(workload_relation());
    let output = run(Event::relation_changed(&workload_relation(), None), state);
    assert_eq!(output.state.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
}

#[test]
fn workload_that_has_not_sent_data_is_waited_for() {
    let silent = Relation::new("ingress", "ingress", INGRESS_ID, "myapp");
    let state = configured()
        .relation(silent.clone())
        .relation(integrator_relation());
    let output = run(Event::relation_created(&silent), state);
    assert_eq!(
        output.state.unit_status,
        Some(Status::Waiting(
            "Waiting for the workload's ingress data".into()
        ))
    );
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
}

#[test]
fn invalid_workload_data_is_blocked() {
    let bad = Relation::new("ingress", "ingress", INGRESS_ID, "myapp").remote_app_data([
        ("model", "\"m\""),
        ("name", "\"myapp\""),
        ("port", "\"8080\""),
    ]);
    let output = workload_changed(bad);
    assert_eq!(
        output.state.unit_status,
        blocked(
            "Invalid ingress data from the workload: ingress:1 application data: \"port\" must \
             be an integer, not a string"
        )
    );
}

#[test]
fn https_backend_is_blocked() {
    let https = workload_relation().remote_app_data([
        ("model", "\"m\""),
        ("name", "\"myapp\""),
        ("port", "8443"),
        ("scheme", "\"https\""),
    ]);
    let output = workload_changed(https);
    assert_eq!(
        output.state.unit_status,
        blocked(
            "The workload asks for backend scheme 'https', but gateway-route only routes to \
             'http' backends"
        )
    );
}

// ---------------------------------------------------------------- the happy path

#[test]
fn request_is_sent_byte_exact_as_the_v0_library_writes_it() {
    let state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    let output = run(Event::relation_changed(&workload_relation(), None), state);

    let expected = bag(&golden("gateway_route.emit-v0.json")["app"]);
    assert_eq!(relation(&output.state, ROUTE_ID).local_app_data, expected);
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Waiting(WAITING_ENDPOINTS.into()))
    );
    // The event names the ingress relation, so only the integrator's app name is looked up;
    // its (empty) answer is read, as it is whenever the request is valid.
    assert_eq!(calls(&output), ONE_WRITE_CALLS);
}

#[test]
fn default_paths_send_the_root_path() {
    let mut state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    state.config.remove("paths");
    let output = run(Event::ConfigChanged, state);
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        pairs(&[
            ("hostname", "\"myapp.example.com\""),
            ("paths", "[\"/\"]"),
            ("model", "\"m\""),
            ("name", "\"myapp\""),
            ("port", "8080"),
        ])
    );
}

#[test]
fn integrator_answer_reaches_the_workload_as_the_first_paths_url() {
    let request = bag(&golden("gateway_route.emit-v0.json")["app"]);
    let answered = answered_integrator_relation().local_app_data(request.clone());
    let state = configured()
        .relation(workload_relation())
        .relation(answered.clone());
    let output = run(Event::relation_changed(&answered, None), state);

    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(relation(&output.state, ROUTE_ID).local_app_data, request);
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active(SERVING.into()))
    );
    assert_eq!(output.calls.get("relation-set"), 1);
}

#[test]
fn ingress_bag_matches_what_the_python_provider_writes() {
    // Same encoding as the traefik ingress v2 provider's `publish_url` (golden reference).
    let reference = bag(&golden("ingress_provider.publish.json")["app"]);
    let ours = pairs(INGRESS_URL_BAG);
    let url_of = |b: &Databag| -> String {
        b["ingress"]
            .strip_prefix("{\"url\": \"")
            .and_then(|s| s.strip_suffix("\"}"))
            .expect("the provider's framing")
            .to_owned()
    };
    assert_eq!(url_of(&reference), "http://www.example.com/m-myapp");
    assert_eq!(url_of(&ours), "https://myapp.example.com/a");
}

/// Request sent on config-changed, then the integrator's answer arrives: the served state.
fn served() -> State {
    let state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    let requested = run(Event::ConfigChanged, state).state;
    let mut answered = requested;
    answered.get_relation_mut(ROUTE_ID).unwrap().remote_app_data =
        answered_integrator_relation().remote_app_data;
    run(
        Event::relation_changed(&answered_integrator_relation(), None),
        answered,
    )
    .state
}

#[test]
fn request_then_answer_costs_within_budget() {
    let state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    let requested = run(Event::ConfigChanged, state);
    assert_eq!(
        calls(&requested),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 4),
            ("relation-ids", 2),
            ("relation-list", 2),
            ("relation-set", 1),
            ("status-set", 1),
        ]
    );
    let mut answered = requested.state;
    answered.get_relation_mut(ROUTE_ID).unwrap().remote_app_data =
        answered_integrator_relation().remote_app_data;
    let output = run(
        Event::relation_changed(&answered_integrator_relation(), None),
        answered,
    );
    assert_eq!(calls(&output), ONE_WRITE_CALLS);
    assert_eq!(output.state, served_expected(output.state.clone()));
}

/// `state` with both bags and the status as a served configurator has them.
fn served_expected(mut state: State) -> State {
    state.get_relation_mut(ROUTE_ID).unwrap().local_app_data =
        bag(&golden("gateway_route.emit-v0.json")["app"]);
    state.get_relation_mut(INGRESS_ID).unwrap().local_app_data = pairs(INGRESS_URL_BAG);
    state.unit_status = Some(Status::Active(SERVING.into()));
    state
}

#[test]
fn idle_hook_outside_a_relation_event_reads_everything_and_writes_nothing() {
    let output = run(Event::UpdateStatus, served());
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 4),
            ("relation-ids", 2),
            ("relation-list", 2),
            ("status-set", 1),
        ]
    );
}

#[test]
fn second_run_writes_nothing() {
    let first = served();
    assert_eq!(first, served_expected(first.clone()));
    for event in [
        Event::ConfigChanged,
        Event::UpdateStatus,
        Event::UpgradeCharm,
        Event::LeaderElected,
        Event::relation_changed(&workload_relation(), None),
        Event::relation_changed(&answered_integrator_relation(), None),
    ] {
        let second = run(event.clone(), first.clone());
        assert_eq!(second.calls.get("relation-set"), 0, "{event:?}");
        assert_eq!(second.state.relations, first.relations, "{event:?}");
        assert_eq!(
            second.state.unit_status,
            Some(Status::Active(SERVING.into()))
        );
    }
}

#[test]
fn port_change_is_served_at_once_by_the_unchanged_answer() {
    // The integrator's endpoints do not depend on the port, so its answer to the new request
    // is byte-identical and Juju fires no relation-changed: the hook that changes the request
    // must accept the answer it already has.
    let mut state = served();
    state
        .get_relation_mut(INGRESS_ID)
        .unwrap()
        .remote_app_data
        .insert("port".into(), "9090".into());
    let moved = relation(&state, INGRESS_ID).clone();
    let output = run(Event::relation_changed(&moved, None), state);
    let mut request = bag(&golden("gateway_route.emit-v0.json")["app"]);
    request.insert("port".into(), "9090".into());
    assert_eq!(relation(&output.state, ROUTE_ID).local_app_data, request);
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active(SERVING.into()))
    );
    assert_eq!(calls(&output), ONE_WRITE_CALLS);
}

#[test]
fn paths_change_is_not_served_by_the_answer_to_the_old_paths() {
    // `/b,/a` on the same hostname: the old answer lists both URLs, in the other order.
    let output = run(Event::ConfigChanged, served().config("paths", "/b,/a"));
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data["paths"],
        "[\"/b\", \"/a\"]"
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Waiting(WAITING_ENDPOINTS.into()))
    );
}

#[test]
fn request_change_that_the_answer_already_fits_writes_both_bags_in_13_calls() {
    // The hostname changes, a later hook withdraws the URL while the integrator has not
    // answered, then the hostname changes back: the old answer fits again at once.
    let renamed = run(
        Event::ConfigChanged,
        served().config("hostname", "new.example.com"),
    );
    let lagging = run(Event::UpdateStatus, renamed.state);
    assert_eq!(
        relation(&lagging.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    let output = run(
        Event::ConfigChanged,
        lagging.state.config("hostname", "myapp.example.com"),
    );
    assert_eq!(output.state, served_expected(output.state.clone()));
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 4),
            ("relation-ids", 2),
            ("relation-list", 2),
            ("relation-set", 2),
            ("status-set", 1),
        ]
    );
    assert_eq!(output.calls.total(), REQUEST_CHANGE_BUDGET);
}

#[test]
fn hostname_change_keeps_the_old_url_until_the_integrator_answers() {
    // The request changes: the answer read is to the old hostname, so the workload keeps its
    // URL until the integrator answers the new request.
    let renamed = run(
        Event::ConfigChanged,
        served().config("hostname", "new.example.com"),
    );
    let route = &relation(&renamed.state, ROUTE_ID).local_app_data;
    assert_eq!(route["hostname"], "\"new.example.com\"");
    assert_eq!(
        relation(&renamed.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(
        renamed.state.unit_status,
        Some(Status::Waiting(WAITING_ENDPOINTS.into()))
    );
    assert_eq!(renamed.calls.get("relation-set"), 1);

    // A later hook sees the request published but the answer still for the old hostname.
    let lagging = run(Event::UpdateStatus, renamed.state);
    assert_eq!(
        relation(&lagging.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        lagging.state.unit_status,
        Some(Status::Waiting(WAITING_ENDPOINTS.into()))
    );

    // The integrator answers for the new hostname.
    let mut answered = lagging.state;
    answered.get_relation_mut(ROUTE_ID).unwrap().remote_app_data = pairs(&[(
        "endpoints",
        "[\"https://new.example.com/a\", \"https://new.example.com/b\"]",
    )]);
    let output = run(
        Event::relation_changed(&integrator_relation(), None),
        answered,
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(&[("ingress", "{\"url\": \"https://new.example.com/a\"}")])
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active("Serving https://new.example.com/a".into()))
    );
}

#[test]
fn invalid_integrator_answer_is_blocked_and_no_url_is_published() {
    let bad = integrator_relation()
        .remote_app_data([("endpoints", "[\"not a url\"]")])
        .local_app_data(bag(&golden("gateway_route.emit-v0.json")["app"]));
    let state = configured()
        .relation(workload_relation())
        .relation(bad.clone());
    let output = run(Event::relation_changed(&bad, None), state);
    let Some(Status::Blocked(message)) = &output.state.unit_status else {
        panic!("expected Blocked, got {:?}", output.state.unit_status);
    };
    assert!(
        message.starts_with(
            "Invalid gateway-route data from the integrator: gateway-route:2 application data: \
             \"endpoints[0]\" is not a valid http(s) URL: "
        ),
        "{message}"
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    // The request itself is still valid and sent.
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        bag(&golden("gateway_route.emit-v0.json")["app"])
    );
}

// ---------------------------------------------------------------- cross-model, broken, leader

#[test]
fn workload_from_another_model_is_blocked_and_the_request_withdrawn() {
    let served = served();
    // The same world seen from a configurator in model `infra` (the workload is in `m`).
    let mut elsewhere = served;
    elsewhere.model.name = "infra".into();
    let output = run(
        Event::relation_changed(&workload_relation(), None),
        elsewhere,
    );

    assert_eq!(
        output.state.unit_status,
        blocked(
            "Cross-model relations are not supported: the workload is in model 'm', not \
             'infra'; deploy this charm in the workload's model"
        )
    );
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
}

#[test]
fn config_turning_invalid_withdraws_request_and_url_in_one_hook() {
    let output = run(
        Event::ConfigChanged,
        served().config("hostname", "Bad.example.com"),
    );
    assert_eq!(
        output.state.unit_status,
        blocked("Invalid hostname 'Bad.example.com': it must be lowercase")
    );
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    // Both bags are written, but the integrator's answer is not read.
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 3),
            ("relation-ids", 2),
            ("relation-list", 1),
            ("relation-set", 2),
            ("status-set", 1),
        ]
    );
}

#[test]
fn workload_leaving_withdraws_the_request() {
    let served = served();
    let output = run(Event::relation_broken(&workload_relation()), served);

    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(output.state.unit_status, blocked(MISSING_INGRESS));
    // The broken relation is neither read nor written; the request is withdrawn unread.
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 1),
            ("relation-ids", 2),
            ("relation-set", 1),
            ("status-set", 1),
        ]
    );
}

#[test]
fn integrator_leaving_withdraws_the_url() {
    let served = served();
    let output = run(
        Event::relation_broken(&answered_integrator_relation()),
        served,
    );

    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(output.state.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(output.calls.get("relation-set"), 1);
}

#[test]
fn non_leader_is_standby_and_only_sets_its_status() {
    let state = configured()
        .leader(false)
        .relation(workload_relation())
        .relation(answered_integrator_relation());
    let output = run(Event::ConfigChanged, state.clone());
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active(STANDBY_MESSAGE.into()))
    );
    assert_eq!(output.state.relations, state.relations);
    assert_eq!(calls(&output), [("is-leader", 1), ("status-set", 1)]);
}

#[test]
fn every_scenario_stays_within_the_budget() {
    // `run` asserts the budget; this walks a whole lifecycle through it and checks the peak.
    let mut state = configured();
    let mut peak = ToolCalls::default();
    /// An event, and what changed in the world just before it.
    type Step = (Event, fn(&mut State));
    let steps: Vec<Step> = vec![
        (Event::Install, |_| {}),
        (Event::relation_created(&workload_relation()), |s| {
            s.relations
                .push(Relation::new("ingress", "ingress", INGRESS_ID, "myapp"))
        }),
        (Event::relation_changed(&workload_relation(), None), |s| {
            let rel = s.get_relation_mut(INGRESS_ID).unwrap();
            rel.remote_app_data = workload_relation().remote_app_data;
        }),
        (Event::relation_created(&integrator_relation()), |s| {
            s.relations.push(integrator_relation())
        }),
        (Event::relation_changed(&integrator_relation(), None), |s| {
            let rel = s.get_relation_mut(ROUTE_ID).unwrap();
            rel.remote_app_data = answered_integrator_relation().remote_app_data;
        }),
        (Event::UpdateStatus, |_| {}),
        (Event::ConfigChanged, |s| {
            s.config.insert("paths".into(), "/b".into());
        }),
    ];
    for (event, change) in steps {
        change(&mut state);
        let output = run(event, state);
        if output.calls.total() > peak.total() {
            peak = output.calls.clone();
        }
        state = output.state;
    }
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(WAITING_ENDPOINTS.into()))
    );
    assert!(peak.total() <= BUDGET, "{:?}", peak.by_tool());
}
