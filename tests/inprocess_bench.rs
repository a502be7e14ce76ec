//! The charm's own cost per hook, without hook-tool or API latency: `charm::run` in-process over
//! the in-memory hook tools and the in-memory cluster. Prints a Markdown table; asserts nothing
//! about time. `#[ignore]`d: run it with `scripts/bench.sh` (or
//! `cargo test --test inprocess_bench -- --ignored --nocapture`). Built in the test profile
//! (unoptimised), so its figures are an upper bound for the release binary.

use integrator_fixtures as support;
use integrator_fixtures::tls as tls_support;

use std::time::{Duration, Instant};

use charm_cluster::InMemoryCluster;
use gateway_api_integrator::charm;
use juju_hook::Event;
use juju_hook_testing::{EventExt, State};
use support::{APP, cluster, context, ingress_relation, leader_state};

const SAMPLES: usize = 51;

struct Case {
    name: &'static str,
    event: Event,
    state: State,
    cluster: InMemoryCluster,
}

fn deployed(state: State) -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let out = support::run(Event::ConfigChanged, state, &mut cluster);
    assert!(out.exit.is_ok());
    assert!(cluster.set_gateway_address(APP, "10.0.0.7"));
    (out.state, cluster)
}

fn http() -> State {
    leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
}

fn cases() -> Vec<Case> {
    let (configured, addressed) = deployed(http());
    let related = configured.clone().relation(ingress_relation(8080));
    let (tls_state, tls_cluster) =
        deployed(tls_support::base_state().relation(tls_support::certificates_relation()));
    vec![
        Case {
            name: "leader-elected (the first reconcile, empty cluster)",
            event: Event::LeaderElected,
            state: http(),
            cluster: cluster(),
        },
        Case {
            name: "config-changed",
            event: Event::ConfigChanged,
            state: configured.clone(),
            cluster: addressed.clone(),
        },
        Case {
            name: "ingress relation-changed",
            event: Event::relation_changed(&ingress_relation(8080), Some("flask/0")),
            state: related,
            cluster: addressed.clone(),
        },
        Case {
            name: "certificates relation-changed (key in its secret)",
            event: Event::relation_changed(&tls_support::certificates_relation(), None),
            state: tls_state,
            cluster: tls_cluster,
        },
        Case {
            name: "update-status",
            event: Event::UpdateStatus,
            state: configured.clone(),
            cluster: addressed.clone(),
        },
        Case {
            name: "get-proxied-endpoints",
            event: Event::action("get-proxied-endpoints"),
            state: configured,
            cluster: addressed,
        },
    ]
}

fn millis(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1000.0)
}

#[test]
#[ignore = "benchmark: run scripts/bench.sh"]
fn charm_cost_per_hook_in_process() {
    let ctx = context();
    println!("\n| hook (in-process, test profile) | median ms | max ms | hook-tool calls |");
    println!("|---|---:|---:|---:|");
    for case in cases() {
        let mut times = Vec::with_capacity(SAMPLES);
        let mut calls = 0;
        for _ in 0..SAMPLES {
            let mut cluster = case.cluster.clone();
            let state = case.state.clone();
            let event = case.event.clone();
            let start = Instant::now();
            let out = ctx
                .run(event, state, |hook, tools| {
                    charm::run(hook, tools, &mut cluster)
                })
                .expect("consistent state");
            times.push(start.elapsed());
            assert!(
                out.exit.is_ok(),
                "{}: {:?}",
                case.name,
                out.exit.err().map(|e| e.to_string())
            );
            calls = out.calls.total();
        }
        times.sort();
        println!(
            "| {} | {} | {} | {calls} |",
            case.name,
            millis(times[SAMPLES / 2]),
            millis(times[SAMPLES - 1])
        );
    }
}

/// `n` ingress applications of three units each, every third one in another model (its units
/// publish an `ip`), all related and served under `www.example.com`; the Gateway has an
/// address.
fn many_apps(n: u64) -> (State, InMemoryCluster, juju_hook_testing::Relation) {
    let (state, cluster) = deployed(http().config("external-hostname", "www.example.com"));
    let mut state = state;
    let mut last = None;
    for i in 0..n {
        let model = if i % 3 == 2 { "other" } else { support::MODEL };
        let app = format!("app{i}");
        let mut relation = juju_hook_testing::Relation::new("gateway", "ingress", 10 + i, &app)
            .remote_app_data(juju_hook_testing::databag([
                ("model", format!("\"{model}\"")),
                ("name", format!("\"{app}\"")),
                ("port", "8080".to_owned()),
            ]));
        for unit in 0..3 {
            relation = relation.remote_unit(
                format!("{app}/{unit}"),
                juju_hook_testing::databag([
                    ("host", format!("\"{app}-{unit}.{model}.svc\"")),
                    ("ip", format!("\"10.{}.{}.{unit}\"", i / 200, i % 200)),
                ]),
            );
        }
        state = state.relation(relation.clone());
        last = Some(relation);
    }
    (state, cluster, last.expect("n > 0"))
}

/// Hook-tool calls and API requests (by verb) of one relation-changed hook.
fn counts(state: State, cluster: &mut InMemoryCluster, event: Event) -> (usize, String, State) {
    let before = cluster.calls().len();
    let out = support::run(event, state, cluster);
    assert!(
        out.exit.is_ok(),
        "{:?}",
        out.exit.err().map(|e| e.to_string())
    );
    let mut verbs = std::collections::BTreeMap::new();
    for call in &cluster.calls()[before..] {
        *verbs.entry(call.verb.as_str()).or_insert(0) += 1;
    }
    let verbs: Vec<String> = verbs.iter().map(|(v, n)| format!("{v} {n}")).collect();
    (out.calls.total() as usize, verbs.join(", "), out.state)
}

#[test]
#[ignore = "benchmark: run scripts/bench.sh"]
fn ingress_apps_scaling() {
    println!(
        "\n| ingress apps × 3 units (⅓ cross-model) | hook-tool calls | API requests | no-op rerun: calls | no-op rerun: requests |"
    );
    println!("|---:|---:|---|---:|---|");
    for n in [1, 10, 100] {
        let (state, mut cluster, last) = many_apps(n);
        let event = Event::relation_changed(&last, None);
        let (calls, requests, state) = counts(state, &mut cluster, event.clone());
        let (rerun_calls, rerun_requests, _) = counts(state, &mut cluster, event);
        println!("| {n} | {calls} | {requests} | {rerun_calls} | {rerun_requests} |");
    }
}

#[test]
fn ingress_apps_cost_exactly_the_formula() {
    // N applications of U = 3 units each, all related before the hook (the record knows none):
    // per application relation-list, its remote app bag, its U unit bags, our bag and the
    // relation-set of its URL (U + 4); per hook is-leader, config-get, the peer record
    // (relation-ids, relation-get), relation-ids of `gateway`, status-set and the record's
    // relation-set (7). The API: a LIST of GatewayClasses, then one per kind the Gateway
    // records — Gateways, HTTPRoutes, Services, and EndpointSlices once an application is in
    // another model (every third) — then one PATCH per object.
    for n in [1, 2, 4, 10] {
        let lists = if n >= 3 { "LIST 5" } else { "LIST 4" };
        let (state, mut cluster, last) = many_apps(n);
        let event = Event::relation_changed(&last, None);
        let (calls, _, state) = counts(state, &mut cluster, event.clone());
        assert_eq!(calls as u64, 7 + (3 + 4) * n, "first hook, {n} apps");
        // The no-op rerun: each remote bag once (N + U N), relation-list of the event's
        // relation, and is-leader, config-get, the record (2), relation-ids of `gateway`,
        // status-set: R + U + 7.
        let (rerun, requests, state) = counts(state, &mut cluster, event);
        assert_eq!(rerun as u64, n + 3 * n + 7, "no-op rerun, {n} apps");
        assert_eq!(requests, lists, "no-op rerun writes nothing, {n} apps");
        // update-status: R + U + 5.
        let (idle, requests, _) = counts(state, &mut cluster, Event::UpdateStatus);
        assert_eq!(idle as u64, n + 3 * n + 5, "update-status, {n} apps");
        assert_eq!(requests, lists, "update-status writes nothing, {n} apps");
    }
}
