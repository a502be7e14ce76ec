//! Bad input (issue 9): a corpus of malformed config and relation data run through the hooks.
//! Every case must end in an exact status (Blocked/Waiting with its reason, or the relation
//! named as skipped while a valid sibling is still served), exit 0, and leave only objects the
//! Gateway API CRDs and the apiserver's core rules admit (checked with `crd_validation`).
//!
//! Cases run through the in-memory hook tools without the harness's metadata check, so config
//! values of the wrong type (which Juju itself refuses) reach the charm too. Every object a case
//! leaves is also dry-run on the real API server (`kube-test-env`; skipped loudly without it). A
//! few representative cases also run the compiled binary against the real server: it must never
//! answer 422.

// `process_support` loads `support` again as its own submodule; here `support` is used directly
// (and through `tls_support`), so its re-exports go unused.
use integrator_fixtures as support;
use integrator_fixtures::ca as test_ca;
#[allow(unused_imports, clippy::duplicate_mod)]
use integrator_fixtures::process as process_support;
use integrator_fixtures::tls as tls_support;

use std::sync::LazyLock;

use charm_cluster::{InMemoryCluster, Kind};
use crd_validation::Validator;
use gateway_api_integrator::charm;
use integrator_fixtures::admission::DryRun;
use juju_hook::{Databag, Event, Status};
use juju_hook_testing::{EventExt, Relation, State, StateTools, databag};
use serde_json::{Value, json};
use support::{APP, MODEL, cluster, context, ingress_relation, leader_state};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gateway-api-crds");
    let dir = Validator::crds_dir_from_env(default);
    Validator::from_dir(&dir).unwrap_or_else(|err| panic!("loading CRDs from {dir:?}: {err}"))
});

const ADDRESS: &str = "10.0.0.7";
/// The ingress relation id (`support::ingress_relation`).
const INGRESS: u64 = 3;
/// The valid gateway-route sibling's relation id.
const GOOD_ROUTE: u64 = 5;
/// The bad gateway-route relation's id.
const BAD_ROUTE: u64 = 6;
/// A dns-record relation id.
const DNS: u64 = 9;

/// Which hook a case runs.
#[derive(Debug, Clone, Copy)]
enum Hook {
    ConfigChanged,
    /// `<endpoint>-relation-changed` of this relation id.
    RelationChanged(u64),
}

/// One corpus entry: `setup` turns a ready deployment into the bad state, `hook` runs on it.
struct Case {
    name: &'static str,
    setup: Box<dyn Fn(State) -> State>,
    hook: Hook,
    expected: Status,
}

fn case(
    name: &'static str,
    setup: impl Fn(State) -> State + 'static,
    hook: Hook,
    expected: Status,
) -> Case {
    Case {
        name,
        setup: Box::new(setup),
        hook,
        expected,
    }
}

fn blocked(message: impl Into<String>) -> Status {
    Status::Blocked(message.into())
}

fn active_http(notes: &str) -> Status {
    Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false){notes}"
    ))
}

/// Run one hook on the in-memory hook tools, skipping the harness's metadata consistency check
/// (so wrong config types reach the charm). Returns the state after the hook and its exit.
fn run_unchecked(
    event: &Event,
    state: State,
    cluster: &mut InMemoryCluster,
) -> (State, Result<(), String>) {
    let context = context();
    let hook = context.hook_context(event, &state);
    let mut after = state;
    let exit = {
        let mut tools =
            StateTools::new(&mut after).with_config_defaults(context.metadata().config_defaults());
        charm::run(&hook, &mut tools, cluster).map_err(|e| e.to_string())
    };
    (after, exit)
}

/// Every object stored in `cluster` that the CRD schemas or core rules would reject.
fn rejected_objects(cluster: &InMemoryCluster) -> Vec<String> {
    let mut problems = Vec::new();
    for kind in Kind::ALL {
        for name in cluster.names(kind) {
            let object = cluster.object(kind, name).expect("listed object exists");
            if let Err(errors) = VALIDATOR.validate(&admissible_view(object)) {
                problems.push(format!("{kind} {name}: {}", errors.join("; ")));
            }
        }
    }
    problems
}

/// The object as the charm sent it: server-populated `status` dropped (not validated on apply).
fn admissible_view(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(map) = object.as_object_mut() {
        map.remove("status");
    }
    object
}

fn event_for(hook: Hook, state: &State) -> Event {
    match hook {
        Hook::ConfigChanged => Event::ConfigChanged,
        Hook::RelationChanged(id) => {
            let relation = state
                .get_relation(id)
                .unwrap_or_else(|| panic!("relation {id} is in the state"));
            let unit = relation.remote_units_data.keys().next().cloned();
            Event::relation_changed(relation, unit.as_deref())
        }
    }
}

/// A leader with plain HTTP and the `cilium` class whose Gateway has its address.
fn ready(cluster: &mut InMemoryCluster) -> State {
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let (state, exit) = run_unchecked(&Event::ConfigChanged, state, cluster);
    exit.expect("the ready deployment configures");
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let (state, exit) = run_unchecked(&Event::UpdateStatus, state, cluster);
    exit.expect("update-status");
    assert_eq!(state.unit_status, Some(active_http("")));
    state
}

/// Run every case from a fresh ready deployment; collect every failure before panicking so one
/// run shows the whole corpus.
fn run_corpus(cases: Vec<Case>) {
    let mut failures = Vec::new();
    let mut admission = Admission::start();
    for case in &cases {
        let mut cluster = cluster();
        let state = (case.setup)(ready(&mut cluster));
        let event = event_for(case.hook, &state);
        let (after, exit) = run_unchecked(&event, state, &mut cluster);
        if let Err(error) = exit {
            failures.push(format!("{}: hook failed: {error}", case.name));
        }
        if after.unit_status.as_ref() != Some(&case.expected) {
            failures.push(format!(
                "{}: status {:?}, expected {:?}",
                case.name, after.unit_status, case.expected
            ));
        }
        admission.check(case.name, &cluster, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    admission.assert_admitted();
}

/// Both admission checks of the objects a case leaves: the in-process CRD validator, and a
/// server-side dry run on the real API server (when its tier is not skipped).
struct Admission {
    server: Option<DryRun>,
    /// Objects stored over every case.
    stored: usize,
}

impl Admission {
    fn start() -> Admission {
        Admission {
            server: DryRun::start("bad-input"),
            stored: 0,
        }
    }

    /// Check every object `cluster` stores after case `name`; rejections go to `failures`.
    fn check(&mut self, name: &str, cluster: &InMemoryCluster, failures: &mut Vec<String>) {
        for problem in rejected_objects(cluster) {
            failures.push(format!("{name}: rejected object: {problem}"));
        }
        self.stored += Kind::ALL
            .iter()
            .map(|k| cluster.names(*k).len())
            .sum::<usize>();
        if let Some(server) = &mut self.server {
            server.check_stored(name, cluster);
        }
    }

    /// The real server admitted every stored object (and there were some).
    fn assert_admitted(&self) {
        assert!(self.stored > 0, "the corpus left no object to check");
        if let Some(server) = &self.server {
            server.assert_admitted(self.stored);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// config

fn with_config(key: &'static str, value: Value) -> impl Fn(State) -> State {
    move |state| state.config(key, value.clone())
}

fn bad_hostname(value: &str, reason: &str) -> Status {
    blocked(format!(
        "invalid configuration: external-hostname {value:?} is not a valid hostname: {reason}"
    ))
}

fn config_cases() -> Vec<Case> {
    let hostname = |name, value: &str, reason: &str| {
        case(
            name,
            with_config("external-hostname", json!(value)),
            Hook::ConfigChanged,
            bad_hostname(value, reason),
        )
    };
    let long = format!("{}.com", "a.".repeat(125));
    let class = |name, value: &str| {
        case(
            name,
            with_config("gateway-class", json!(value)),
            Hook::ConfigChanged,
            blocked("Gateway class must be one of: [cilium]"),
        )
    };
    vec![
        hostname("hostname uppercase", "Example.COM", "it must be lowercase"),
        hostname(
            "hostname wildcard",
            "*.example.com",
            "wildcards are not supported",
        ),
        hostname("hostname IPv4", "10.0.0.1", "IP addresses are not allowed"),
        hostname("hostname IPv6", "::1", "IP addresses are not allowed"),
        hostname(
            "hostname trailing dot",
            "example.com.",
            "it has an empty label",
        ),
        hostname(
            "hostname 254 chars",
            &long,
            "it is longer than 253 characters",
        ),
        hostname(
            "hostname IDN",
            "bücher.example",
            "it contains 'ü'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname control char",
            "a\u{7}.example.com",
            "it contains '\\u{7}'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname YAML injection",
            "a.com\nspec: x",
            "it contains '\\n'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname spaces",
            "a b.example.com",
            "it contains ' '; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname label 64 chars",
            &format!("{}.com", "a".repeat(64)),
            "a label is longer than 63 characters",
        ),
        hostname(
            "hostname leading hyphen",
            "-a.example.com",
            "a label starts or ends with '-'",
        ),
        hostname(
            "hostname path",
            "a.com/../b",
            "it contains '/'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        class("gateway-class empty", ""),
        class("gateway-class unknown", "nginx"),
        class("gateway-class 300 chars", &"c".repeat(300)),
        class("gateway-class injection", "cilium\nkind: Secret"),
        case(
            "hsts-max-age negative",
            with_config("hsts-max-age", json!(-1)),
            Hook::ConfigChanged,
            blocked("invalid configuration: hsts-max-age must be 0 or more"),
        ),
        case(
            "hsts-max-age i64::MAX",
            with_config("hsts-max-age", json!(i64::MAX)),
            Hook::ConfigChanged,
            active_http(""),
        ),
        case(
            "hsts-max-age u64::MAX",
            with_config("hsts-max-age", json!(u64::MAX)),
            Hook::ConfigChanged,
            active_http(""),
        ),
        case(
            "hsts-max-age string",
            with_config("hsts-max-age", json!("31536000")),
            Hook::ConfigChanged,
            blocked("invalid configuration: hsts-max-age must be an integer"),
        ),
        case(
            "hsts-max-age float",
            with_config("hsts-max-age", json!(1.5)),
            Hook::ConfigChanged,
            blocked("invalid configuration: hsts-max-age must be an integer"),
        ),
        case(
            "enforce-https string",
            with_config("enforce-https", json!("false")),
            Hook::ConfigChanged,
            blocked("invalid configuration: enforce-https must be a boolean"),
        ),
        case(
            "external-hostname number",
            with_config("external-hostname", json!(42)),
            Hook::ConfigChanged,
            blocked("invalid configuration: external-hostname must be a string"),
        ),
        case(
            "unknown option",
            with_config("no-such-option", json!("x")),
            Hook::ConfigChanged,
            active_http(""),
        ),
    ]
}

#[test]
fn bad_config_ends_in_an_exact_status() {
    run_corpus(config_cases());
}

// ---------------------------------------------------------------------------------------------
// ingress

/// A requirer's invalid ingress data: that relation is skipped and named; the rest is served
/// (the Python charm Blocked everything with `Validation of ingress relation data failed.`).
fn invalid_ingress() -> Status {
    active_http("; ignoring invalid data on gateway:3")
}

/// The ingress relation with `key` of the app bag set to `value` (raw databag text), or
/// removed when `None`.
fn ingress_app(key: &'static str, value: Option<&str>) -> impl Fn(State) -> State + 'static {
    let value = value.map(str::to_owned);
    move |state| {
        let mut relation = ingress_relation(8080);
        match &value {
            Some(value) => {
                relation
                    .remote_app_data
                    .insert(key.to_owned(), value.clone());
            }
            None => {
                relation.remote_app_data.remove(key);
            }
        }
        state.relation(relation)
    }
}

/// The ingress relation with `flask/0`'s bag replaced.
fn ingress_unit(bag: Databag) -> impl Fn(State) -> State + 'static {
    move |state| {
        let mut relation = ingress_relation(8080);
        relation
            .remote_units_data
            .insert("flask/0".to_owned(), bag.clone());
        state.relation(relation)
    }
}

fn ingress_cases() -> Vec<Case> {
    let invalid = invalid_ingress;
    let app = |name, key, value: &str| {
        case(
            name,
            ingress_app(key, Some(value)),
            Hook::RelationChanged(INGRESS),
            invalid(),
        )
    };
    let mebibyte = json!("a".repeat(1 << 20)).to_string();
    vec![
        app("port 0", "port", "0"),
        app("port 65535", "port", "65535"),
        app("port -1", "port", "-1"),
        app("port 8080.5", "port", "8080.5"),
        app("port as JSON string", "port", "\"8080\""),
        app("port huge", "port", "99999999999999999999999"),
        app("port not JSON", "port", "eighty"),
        case(
            "port missing",
            ingress_app("port", None),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        case(
            "name missing",
            ingress_app("name", None),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        case(
            "model missing",
            ingress_app("model", None),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        app("name uppercase", "name", "\"Flask\""),
        app("name with slash", "name", "\"a/b\""),
        app("name ../", "name", "\"../etc\""),
        app(
            "name 300 chars",
            "name",
            &json!("a".repeat(300)).to_string(),
        ),
        app("name empty", "name", "\"\""),
        app("name control char", "name", "\"fl\\u0000ask\""),
        app("model not a namespace", "model", "\"Not_A_Namespace\""),
        app("model injection", "model", "\"testing\\nkind: Secret\""),
        app("name not JSON", "name", "flask"),
        app("port 1 MiB", "port", &mebibyte),
        app("name 1 MiB", "name", &mebibyte),
        // Duplicate keys: the last one wins (serde_json, as Python's json.loads), so the valid
        // value last is accepted and the invalid value last is rejected.
        app(
            "healthcheck_params duplicate keys, invalid last",
            "healthcheck_params",
            "{\"path\": \"/a\", \"path\": 7}",
        ),
        case(
            "healthcheck_params duplicate keys, valid last",
            ingress_app(
                "healthcheck_params",
                Some("{\"path\": 7, \"path\": \"/a\"}"),
            ),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        case(
            "app bag duplicate port key",
            ingress_app("port", Some("{\"a\": 1, \"a\": 2}")),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        app("healthcheck_params not JSON", "healthcheck_params", "{"),
        app("strip-prefix yes", "strip-prefix", "\"yes\""),
        app("redirect-https 1", "redirect-https", "1"),
        app("scheme ftp", "scheme", "\"ftp\""),
        case(
            "unit without host",
            ingress_unit(databag([("ip", "\"10.1.2.3\"")])),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        // The unit host is never rendered into an object (the Service selects pods by the
        // application name), so, like the Python library, any non-empty string is accepted.
        case(
            "unit host with control characters",
            ingress_unit(databag([("host", "\"flask-0\\u0007\\n.svc\"")])),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        case(
            "unit ip 999.1.1.1",
            ingress_unit(databag([
                ("host", "\"flask-0.flask-endpoints\""),
                ("ip", "\"999.1.1.1\""),
            ])),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        case(
            "unit host 1 MiB",
            ingress_unit(databag([("host", mebibyte.as_str())])),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        case(
            "unit with no data",
            ingress_unit(Databag::new()),
            Hook::RelationChanged(INGRESS),
            // Not ready yet (as the Python library says), so no route and no URL; the Gateway
            // itself is still served, and the status says what is missing.
            Status::Waiting("Waiting for ingress relation data".into()),
        ),
        case(
            "app bag empty",
            |state: State| {
                let mut relation = ingress_relation(8080);
                relation.remote_app_data = Databag::new();
                state.relation(relation)
            },
            Hook::RelationChanged(INGRESS),
            // Not ready yet (as the Python library says), so no route and no URL; the Gateway
            // itself is still served, and the status says what is missing.
            Status::Waiting("Waiting for ingress relation data".into()),
        ),
    ]
}

#[test]
fn bad_ingress_data_ends_in_an_exact_status() {
    run_corpus(ingress_cases());
}

// ---------------------------------------------------------------------------------------------
// gateway-route

/// An ISD259 (v0) requirer bag as the configurator writes it, every value raw databag text.
fn v0_bag(hostname: &str, paths: &str, name: &str, port: &str) -> Databag {
    databag([
        ("hostname", hostname.to_owned()),
        ("model", format!("\"{MODEL}\"")),
        ("name", name.to_owned()),
        ("paths", paths.to_owned()),
        ("port", port.to_owned()),
    ])
}

fn route_relation(id: u64, remote: &str, bag: Databag) -> Relation {
    let mut relation = Relation::new("gateway-route", "gateway-route", id, remote.to_owned())
        .remote_unit(format!("{remote}/0"), databag::<&str, &str>([]));
    relation.remote_app_data = bag;
    relation
}

/// The valid sibling: `good.example.com` → `good` on 8080, paths `/`.
fn good_route() -> Relation {
    route_relation(
        GOOD_ROUTE,
        "configurator-good",
        v0_bag("\"good.example.com\"", "[\"/\"]", "\"good\"", "8080"),
    )
}

/// The good sibling plus a bad relation with `bag` (from `configurator-bad`).
fn with_bad_route(bag: Databag) -> impl Fn(State) -> State + 'static {
    move |state| {
        state.relation(good_route()).relation(route_relation(
            BAD_ROUTE,
            "configurator-bad",
            bag.clone(),
        ))
    }
}

fn skipped_bad_route() -> Status {
    active_http(&format!(
        "; ignoring invalid data on gateway-route:{BAD_ROUTE}"
    ))
}

fn gateway_route_cases() -> Vec<Case> {
    let v0 = |name, hostname: &str, paths: &str, app: &str, port: &str| {
        case(
            name,
            with_bad_route(v0_bag(hostname, paths, app, port)),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        )
    };
    let path = |name, path: &str| {
        v0(
            name,
            "\"bad.example.com\"",
            &json!([path]).to_string(),
            "\"bad\"",
            "8080",
        )
    };
    let host = |name, hostname: &str| {
        v0(
            name,
            &json!(hostname).to_string(),
            "[\"/\"]",
            "\"bad\"",
            "8080",
        )
    };
    let v1 = |name, hostname: &str, additional: &str| {
        case(
            name,
            with_bad_route(databag([
                ("additional_hostnames", additional.to_owned()),
                ("hostname", hostname.to_owned()),
            ])),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        )
    };
    let many: Vec<String> = (0..100_000).map(|i| format!("/p{i}")).collect();
    let many_hosts: Vec<String> = (0..100_000).map(|i| format!("h{i}.example.com")).collect();
    vec![
        path("path //", "//a"),
        path("path /../", "/a/../b"),
        path("path %2F", "/a%2Fb"),
        path("path #", "/a#frag"),
        path("path ?", "/a?x=1"),
        path("path space", "/a b"),
        path("path 1025 chars", &format!("/{}", "a".repeat(1024))),
        path("path non-ASCII", "/bücher"),
        path("path control char", "/a\nb"),
        path("path relative", "a"),
        path("path empty", ""),
        host("hostname uppercase", "Bad.Example.com"),
        host("hostname wildcard", "*.example.com"),
        host("hostname injection", "bad.example.com\nspec: x"),
        host("hostname quote", "bad.example.com\",\"x"),
        host("hostname IP", "10.0.0.1"),
        host("hostname trailing dot", "bad.example.com."),
        host("hostname IDN", "bücher.example"),
        host("hostname 254 chars", &format!("{}.com", "a.".repeat(125))),
        v0("port 0", "\"bad.example.com\"", "[\"/\"]", "\"bad\"", "0"),
        v0(
            "port 70000",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"bad\"",
            "70000",
        ),
        v0(
            "port string",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"bad\"",
            "\"8080\"",
        ),
        v0(
            "name uppercase",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"Bad\"",
            "8080",
        ),
        v0(
            "name ../",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"../bad\"",
            "8080",
        ),
        v0(
            "paths not a list",
            "\"bad.example.com\"",
            "\"/\"",
            "\"bad\"",
            "8080",
        ),
        v0(
            "paths not JSON",
            "\"bad.example.com\"",
            "[/]",
            "\"bad\"",
            "8080",
        ),
        v0(
            "100 000 paths",
            "\"bad.example.com\"",
            &json!(many).to_string(),
            "\"bad\"",
            "8080",
        ),
        // ISD259's `name` is the workload, not the configurator, so it never matches the remote
        // application: a second requirer naming the sibling's workload is served too, on the
        // shared Service with both ports (deliberate: several configurators per workload).
        case(
            "name mismatch: a second requirer claims the sibling's workload",
            with_bad_route(v0_bag("\"bad.example.com\"", "[\"/\"]", "\"good\"", "9090")),
            Hook::RelationChanged(BAD_ROUTE),
            active_http(""),
        ),
        case(
            "v0 from another model",
            with_bad_route(databag([
                ("hostname", "\"bad.example.com\""),
                ("model", "\"elsewhere\""),
                ("name", "\"bad\""),
                ("paths", "[\"/\"]"),
                ("port", "8080"),
            ])),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
        v1("v1 IP hostname", "\"10.0.0.1\"", "[]"),
        v1("v1 hostname not JSON", "bad.example.com", "[]"),
        v1("v1 hostname number", "7", "[]"),
        v1("v1 additional not a list", "\"bad.example.com\"", "\"x\""),
        v1(
            "v1 additional with an injection",
            "\"bad.example.com\"",
            "[\"ok.example.com\", \"x\\ny\"]",
        ),
        v1(
            "v1 100 000 additional hostnames",
            "\"bad.example.com\"",
            &json!(many_hosts).to_string(),
        ),
        v1(
            "v1 hostname 1 MiB",
            &json!("a".repeat(1 << 20)).to_string(),
            "[]",
        ),
    ]
}

#[test]
fn bad_gateway_route_data_skips_the_relation_and_serves_its_sibling() {
    let cases = gateway_route_cases();
    run_corpus(cases);
    // The sibling is served in a bad case: its route and published endpoints.
    let mut cluster = cluster();
    let state = with_bad_route(v0_bag(
        "\"bad.example.com\"",
        "[\"//a\"]",
        "\"bad\"",
        "8080",
    ))(ready(&mut cluster));
    let event = event_for(Hook::RelationChanged(BAD_ROUTE), &state);
    let (after, exit) = run_unchecked(&event, state, &mut cluster);
    exit.expect("hook succeeds");
    assert_eq!(
        cluster.names(Kind::HttpRoute),
        vec![format!("{APP}-good-{GOOD_ROUTE}-http")]
    );
    assert_eq!(
        after.get_relation(GOOD_ROUTE).unwrap().local_app_data,
        databag([("endpoints", "[\"http://good.example.com/\"]")])
    );
    assert_eq!(
        after.get_relation(BAD_ROUTE).unwrap().local_app_data,
        Databag::new()
    );
}

// ---------------------------------------------------------------------------------------------
// valid but extreme: served, and every object still admissible

/// A valid 253-character hostname (four labels of 63, 63, 63 and 61 characters).
fn longest_hostname() -> String {
    format!(
        "{}.{}.{}.{}",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(61)
    )
}

fn extreme_cases() -> Vec<Case> {
    let longest_app = json!(format!("a{}", "-b".repeat(126))).to_string();
    let longest_label_app = json!(format!("a{}", "-b".repeat(31))).to_string();
    let too_long_label_app = json!(format!("a{}", "-b".repeat(31) + "c")).to_string();
    let many_hosts: Vec<String> = (0..100).map(|i| format!("h{i}.example.com")).collect();
    let many_paths: Vec<String> = (0..100).map(|i| format!("/p{i}")).collect();
    vec![
        case(
            "ingress: 253-character external-hostname",
            |state: State| {
                state
                    .config("external-hostname", longest_hostname())
                    .relation(ingress_relation(8080))
            },
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        // Found by this corpus: a requirer name longer than 63 characters made a Service
        // selector the apiserver rejects; such names are now invalid relation data.
        case(
            "ingress: 63-character application name",
            ingress_app("name", Some(&longest_label_app)),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        case(
            "ingress: 64-character application name",
            ingress_app("name", Some(&too_long_label_app)),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "ingress: 253-character application name",
            ingress_app("name", Some(&longest_app)),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "ingress: port 65534",
            ingress_app("port", Some("65534")),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        case(
            "gateway-route v0: 253-character hostname, 63-character application name",
            with_bad_route(v0_bag(
                &json!(longest_hostname()).to_string(),
                "[\"/\"]",
                &longest_label_app,
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            active_http(""),
        ),
        case(
            "gateway-route v0: 64-character application name",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                "[\"/\"]",
                &too_long_label_app,
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
        case(
            "gateway-route v0: 1024-character path",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                &json!([format!("/{}", "a".repeat(1023))]).to_string(),
                "\"bad\"",
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            active_http(""),
        ),
        case(
            "gateway-route v0: 100 paths",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                &json!(many_paths).to_string(),
                "\"bad\"",
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
        case(
            "gateway-route v1: 100 additional hostnames",
            with_bad_route(databag([
                ("additional_hostnames", json!(many_hosts).to_string()),
                ("hostname", "\"bad.example.com\"".to_owned()),
            ])),
            Hook::RelationChanged(BAD_ROUTE),
            // Sorted, the v1 hostnames fill the Gateway's 64 listeners (the ISD259 sibling's
            // goes to a ListenerSet); the rest are named, ten at most.
            active_http(&format!(
                "{}; and 27 more (see the log)",
                [
                    "h66", "h67", "h68", "h69", "h7", "h70", "h71", "h72", "h73", "h74"
                ]
                .map(|h| format!(
                    "; {h}.example.com not served: the Gateway is at its 64-listener limit for v1 gateway-route requirers"
                ))
                .concat()
            )),
        ),
    ]
}

#[test]
fn extreme_valid_input_is_served_with_admissible_objects() {
    run_corpus(extreme_cases());
}

// ---------------------------------------------------------------------------------------------
// dns-record

fn dns_relation(bag: Databag) -> Relation {
    let mut relation = Relation::new("dns-record", "dns_record", DNS, "bind")
        .remote_unit("bind/0", databag::<&str, &str>([]));
    relation.remote_app_data = bag;
    relation
}

/// Ingress mode with `external-hostname` and a dns-record provider whose bag is `bag`.
fn with_dns(bag: Databag) -> impl Fn(State) -> State + 'static {
    move |state| {
        state
            .config("external-hostname", "www.example.com")
            .relation(ingress_relation(8080))
            .relation(dns_relation(bag.clone()))
    }
}

fn dns_cases() -> Vec<Case> {
    let dns = |name, key: &str, value: &str| {
        case(
            name,
            with_dns(databag([(key, value)])),
            Hook::RelationChanged(DNS),
            active_http(""),
        )
    };
    vec![
        dns("dns_entries not JSON", "dns_entries", "[{"),
        dns("dns_entries wrong shape", "dns_entries", "{\"uuid\": 1}"),
        dns(
            "dns_entries unknown status",
            "dns_entries",
            "[{\"uuid\": \"x\", \"status\": \"\\u0000\"}]",
        ),
        dns("unknown key", "zone", "\"example.com\\nspec: x\""),
    ]
}

#[test]
fn bad_dns_record_provider_data_is_ignored() {
    run_corpus(dns_cases());
}

// ---------------------------------------------------------------------------------------------
// certificates

/// The provider's app bag on the certificates relation replaced by `bag`, then its
/// relation-changed hook; the served objects must stay admissible and the status exact.
fn certificates_case(
    name: &str,
    bag: Databag,
    expected: &Status,
    admission: &mut Admission,
    failures: &mut Vec<String>,
) {
    let (state, mut cluster) = tls_support::related();
    let mut state = state;
    state
        .get_relation_mut(tls_support::CERTS)
        .unwrap()
        .remote_app_data = bag;
    let event = event_for(Hook::RelationChanged(tls_support::CERTS), &state);
    let (after, exit) = run_unchecked(&event, state, &mut cluster);
    if let Err(error) = exit {
        failures.push(format!("{name}: hook failed: {error}"));
    }
    if after.unit_status.as_ref() != Some(expected) {
        failures.push(format!(
            "{name}: status {:?}, expected {expected:?}",
            after.unit_status
        ));
    }
    admission.check(name, &cluster, failures);
}

#[test]
fn bad_certificates_provider_data_keeps_waiting() {
    let waiting = tls_support::waiting_for(tls_support::HOST);
    let mut failures = Vec::new();
    let (state, _) = tls_support::related();
    let csr = tls_support::our_csrs(&state).remove(0);
    let ca = test_ca::TestCa::new();
    let good = tls_support::issued(&ca, &csr, tls_support::day(-1), tls_support::day(89));
    let entry = |certificate: &str, chain: Vec<&str>| {
        json!([{
            "ca": ca.pem(),
            "certificate_signing_request": csr,
            "certificate": certificate,
            "chain": chain,
        }])
        .to_string()
    };
    let cases: Vec<(&str, Databag, &Status)> = vec![
        (
            "certificates not JSON",
            databag([("certificates", "[{")]),
            &waiting,
        ),
        (
            "certificates an object",
            databag([("certificates", "{\"a\": 1}")]),
            &waiting,
        ),
        (
            "certificate not PEM",
            databag([("certificates", entry("not a certificate", vec![]))]),
            &waiting,
        ),
        (
            "certificate PEM garbage",
            databag([(
                "certificates",
                entry(
                    "-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----",
                    vec![],
                ),
            )]),
            &waiting,
        ),
        (
            "chain with garbage",
            databag([(
                "certificates",
                entry(&good.certificate, vec![&good.certificate, "garbage"]),
            )]),
            &waiting,
        ),
        (
            "1 MiB certificate",
            databag([("certificates", entry(&"A".repeat(1 << 20), vec![]))]),
            &waiting,
        ),
    ];
    let mut admission = Admission::start();
    for (name, bag, expected) in cases {
        certificates_case(name, bag, expected, &mut admission, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    admission.assert_admitted();
}

/// The corpus's object check can fail: an object the CRDs reject is reported.
#[test]
fn the_object_check_rejects_an_invalid_route() {
    let mut cluster = cluster();
    ready(&mut cluster);
    assert_eq!(rejected_objects(&cluster), Vec::<String>::new());
    cluster.insert(
        Kind::HttpRoute,
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": "bad", "namespace": MODEL},
            "spec": {"hostnames": ["Not A Hostname"]},
        }),
    );
    let problems = rejected_objects(&cluster);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("HTTPRoute bad: "), "{problems:?}");
}

// ---------------------------------------------------------------------------------------------
// process level: the binary against the real API server, whose admission is the CRDs'

/// Representative cases through the compiled binary on the real server: each hook exits 0 with
/// its exact status, so every object it sent was admitted (a 422 fails the hook), and at least
/// one object was sent.
#[test]
fn the_binary_never_sends_an_object_the_server_rejects() {
    let cases = vec![
        case(
            "ingress port 0",
            ingress_app("port", Some("0")),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "ingress name of 64 characters (once sent as a Service selector)",
            ingress_app(
                "name",
                Some(&json!(format!("a{}c", "-b".repeat(31))).to_string()),
            ),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "external-hostname YAML injection",
            with_config("external-hostname", json!("a.com\nspec: x")),
            Hook::ConfigChanged,
            bad_hostname(
                "a.com\nspec: x",
                "it contains '\\n'; only a-z, 0-9, '-' and '.' are allowed",
            ),
        ),
        case(
            "gateway-route path //../ beside a valid sibling",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                "[\"//a/../b\"]",
                "\"bad\"",
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
    ];
    for Case {
        name,
        setup,
        hook,
        expected,
    } in cases
    {
        let Some(harness) = process_support::ProcessHarness::start(DISPATCH) else {
            return;
        };
        let state = setup(harness.deploy_http());
        let out = harness.run(&event_for(hook, &state), state);
        assert_eq!(out.exit_code, Some(0), "{name}: stderr {}", out.stderr);
        assert_eq!(out.state.unit_status, Some(expected), "{name}");
        let applied = harness
            .take_requests()
            .iter()
            .filter(|r| r.method == "PATCH")
            .count();
        assert!(applied > 0, "{name}: the binary sent no object");
    }
}
