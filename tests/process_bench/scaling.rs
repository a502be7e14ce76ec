//! The scaling tables: N gateway-route relations, N ingress applications × 3 units; each
//! row's counts against their formulas, then the no-op reruns.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use integrator_fixtures::MODEL;
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, ProcessOutput, Relation, State, databag};

use crate::binary;
use crate::measure::{
    Objects, cpu_text, deployed_state, millis, own_cpu_us, peak_rss_kib, prepared,
    rerun_peak_rss_kib, verbs, verbs_text, writes,
};

/// Hostnames the scaling requirers share (the "at most 30 hostnames").
const SCALING_HOSTNAMES: u64 = 30;

/// An ISD259 requirer as the configurator writes it (gateway-route v0 wire format): workload
/// `w<id>` on its own path `/p<id>` of one of [`SCALING_HOSTNAMES`] hostnames.
fn gateway_route_relation(id: u64) -> Relation {
    let remote = format!("route-app-{id}");
    Relation::new("gateway-route", "gateway-route", 100 + id, remote.clone())
        .remote_app_data(databag([
            (
                "hostname",
                format!("\"h{}.example.com\"", id % SCALING_HOSTNAMES),
            ),
            ("paths", format!("[\"/p{id}\"]")),
            ("model", format!("\"{MODEL}\"")),
            ("name", format!("\"w{id}\"")),
            ("port", "8080".to_owned()),
        ]))
        .remote_unit(format!("{remote}/0"), databag::<&str, &str>([]))
}

/// One measured reconcile of a scaling row: its counts, and the no-op reruns after it.
struct Row {
    first: ProcessOutput,
    first_requests: BTreeMap<&'static str, usize>,
    first_wall: Duration,
    rerun: ProcessOutput,
    rerun_requests: BTreeMap<&'static str, usize>,
    rerun_wall: Duration,
    idle: ProcessOutput,
    idle_requests: BTreeMap<&'static str, usize>,
}

/// `event` on `state` (every relation new), then `event` again and `update-status`: nothing
/// to do, the hook record in place.
fn scaling_row(event: &Event, state: &State) -> Row {
    let harness = prepared(&binary(), Objects::Deployed);
    let started = Instant::now();
    let first = harness.run(event, state.clone());
    let first_wall = started.elapsed();
    assert_eq!(first.exit_code, Some(0), "{}", first.stderr);
    // Every request routed: an Active status without notes (no conflicts, none skipped).
    assert!(
        matches!(&first.state.unit_status, Some(Status::Active(m)) if !m.contains(';')),
        "{:?}",
        first.state.unit_status
    );
    let first_requests = verbs(&harness.take_requests());
    let started = Instant::now();
    let rerun = harness.run(event, first.state.clone());
    let rerun_wall = started.elapsed();
    assert_eq!(rerun.exit_code, Some(0), "rerun: {}", rerun.stderr);
    let rerun_requests = verbs(&harness.take_requests());
    let idle = harness.run(&Event::UpdateStatus, rerun.state.clone());
    assert_eq!(idle.exit_code, Some(0), "update-status: {}", idle.stderr);
    let idle_requests = verbs(&harness.take_requests());
    Row {
        first,
        first_requests,
        first_wall,
        rerun,
        rerun_requests,
        rerun_wall,
        idle,
        idle_requests,
    }
}

/// `sizes`, or only those `BENCH_N` names (comma-separated), e.g. to profile one row.
fn sizes(sizes: &[u64]) -> Vec<u64> {
    let only = std::env::var("BENCH_N").unwrap_or_default();
    let only: Vec<u64> = only
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    sizes
        .iter()
        .copied()
        .filter(|n| only.is_empty() || only.contains(n))
        .collect()
}

/// `actual (formula)`, or `actual (formula: F!)` when they differ.
/// A count or a request list (`LIST 4, PATCH 3`) against its formula.
fn against<T: PartialEq + std::fmt::Display>(actual: T, formula: T) -> String {
    if actual == formula {
        format!("{actual} (= formula)")
    } else {
        format!("{actual} (formula {formula}: DIFFERS)")
    }
}

fn scaling_header() {
    println!(
        "| N | hook-tool calls | API requests | own CPU ms | peak RSS KiB | wall ms | no-op rerun: calls | no-op rerun: API requests | no-op rerun: writes | no-op rerun: peak RSS KiB | update-status: calls | update-status: API requests |"
    );
    println!("|---:|---|---|---:|---:|---:|---|---|---:|---:|---|---|");
}

/// Peak RSS (KiB) of the reconcile and of its no-op rerun.
type PeakRss = (Option<u64>, Option<u64>);

/// The formulas of a row: hook-tool calls and API requests of the reconcile, its no-op rerun
/// and the no-op update-status.
struct Formulas {
    calls: [u64; 3],
    requests: [String; 3],
}

fn print_row(n: u64, row: &Row, formulas: Formulas, cpu: Option<u64>, rss: PeakRss) {
    let Formulas {
        calls,
        requests: [first, rerun, idle],
    } = formulas;
    let writes_again = writes(&row.rerun_requests) as u64 + row.rerun.calls.get("relation-set");
    let kib = |rss: Option<u64>| rss.map_or("n/a".to_owned(), |kib| kib.to_string());
    println!(
        "| {n} | {} | {} | {} | {} | {} | {} | {} | {} (relation-set: {}) | {} | {} | {} |",
        against(row.first.calls.total(), calls[0]),
        against(verbs_text(&row.first_requests), first),
        cpu_text(cpu),
        kib(rss.0),
        millis(row.first_wall),
        against(row.rerun.calls.total(), calls[1]),
        against(verbs_text(&row.rerun_requests), rerun),
        writes_again,
        row.rerun.calls.get("relation-set"),
        kib(rss.1),
        against(row.idle.calls.total(), calls[2]),
        against(verbs_text(&row.idle_requests), idle),
    );
    let _ = row.rerun_wall;
}

pub(crate) fn scaling_table() {
    println!(
        "\n### Scaling: one reconcile with N gateway-route relations (ISD259 v0 requests, one \
         path each over {SCALING_HOSTNAMES} hostnames)\n"
    );
    println!(
        "Formulas (R relations read, U remote units read): the reconcile that serves N new \
         relations 4 N + 6 calls, API: 4 LISTs (GatewayClasses, Gateways, then HTTPRoutes \
         and Services, wanted) + 2 N + 1 PATCHes; a no-op relation-changed N + 6 = R + U + 6; \
         a no-op update-status N + 5 = R + U + 5, API: 4 LISTs (the kinds the Gateway \
         records), no write.\n"
    );
    scaling_header();
    let deployed_state = deployed_state();
    for n in sizes(&[1, 10, 100, 500]) {
        let mut state = deployed_state.clone();
        for id in 1..=n {
            state = state.relation(gateway_route_relation(id));
        }
        let event = Event::relation_changed(&gateway_route_relation(1), None);
        let row = scaling_row(&event, &state);
        let rss = (
            peak_rss_kib(Objects::Deployed, &event, &state),
            rerun_peak_rss_kib(Objects::Deployed, &event, &state),
        );
        let cpu = own_cpu_us(Objects::Deployed, &event, &state, 1);
        let idle = "LIST 4".to_owned();
        let formulas = Formulas {
            calls: [4 * n + 6, n + 6, n + 5],
            requests: [format!("LIST 4, PATCH {}", 2 * n + 1), idle.clone(), idle],
        };
        print_row(n, &row, formulas, cpu, rss);
    }
}

/// `n` ingress applications of three units each, every third one in another model (so each of
/// those gets a Service and an EndpointSlice), all related.
fn ingress_apps(n: u64) -> (State, Relation) {
    let mut state = deployed_state().config("external-hostname", "www.example.com");
    let mut last = None;
    for i in 0..n {
        let model = if i % 3 == 2 { "other" } else { MODEL };
        let app = format!("app{i}");
        let mut relation =
            Relation::new("gateway", "ingress", 10 + i, &app).remote_app_data(databag([
                ("model", format!("\"{model}\"")),
                ("name", format!("\"{app}\"")),
                ("port", "8080".to_owned()),
            ]));
        for unit in 0..3 {
            relation = relation.remote_unit(
                format!("{app}/{unit}"),
                databag([
                    ("host", format!("\"{app}-{unit}.{model}.svc\"")),
                    ("ip", format!("\"10.{}.{}.{unit}\"", i / 200, i % 200)),
                ]),
            );
        }
        state = state.relation(relation.clone());
        last = Some(relation);
    }
    (state, last.expect("n > 0"))
}

pub(crate) fn ingress_table() {
    println!(
        "\n### Scaling: N ingress applications × 3 units (every third in another model: a \
         Service and an EndpointSlice each)\n"
    );
    println!(
        "Formulas (R = N relations, U = 3 N units): the hook that serves them all 7 N + 7 \
         calls; a no-op relation-changed R + U + 7 = 4 N + 7 (the event's relation is listed \
         again); a no-op update-status R + U + 5 = 4 N + 5; API: 4 LISTs (GatewayClasses, \
         Gateways, HTTPRoutes, Services; 5 with EndpointSlices from N = 3), then one PATCH \
         per object: the Gateway, an HTTPRoute and a Service each, an EndpointSlice each in \
         another model (2 N + ⌊(N + 1) / 3⌋ + 1); no write when nothing changed.\n"
    );
    scaling_header();
    for n in sizes(&[1, 10, 100]) {
        let (state, last) = ingress_apps(n);
        let event = Event::relation_changed(&last, None);
        let row = scaling_row(&event, &state);
        let rss = (
            peak_rss_kib(Objects::Deployed, &event, &state),
            rerun_peak_rss_kib(Objects::Deployed, &event, &state),
        );
        let cpu = own_cpu_us(Objects::Deployed, &event, &state, 1);
        let lists = if n >= 3 { 5 } else { 4 };
        let idle = format!("LIST {lists}");
        let formulas = Formulas {
            calls: [7 * n + 7, 4 * n + 7, 4 * n + 5],
            requests: [
                format!("LIST {lists}, PATCH {}", 2 * n + (n + 1) / 3 + 1),
                idle.clone(),
                idle,
            ],
        };
        print_row(n, &row, formulas, cpu, rss);
    }
}
