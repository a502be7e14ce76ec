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
            name: "install",
            event: Event::Install,
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
