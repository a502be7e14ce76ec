//! Benchmark of the compiled `dispatch` binary, run as Juju runs it: one process per hook, hook
//! tools faked on `PATH`, the Kubernetes API a real kube-apiserver (`kube-test-env`, through its
//! recording proxy), a fresh namespace per run. Prints Markdown
//! tables (per hook kind; scaling with N gateway-route relations; binary size). It measures and
//! prints only: no timing assertions. Run it with `scripts/bench.sh` (release build); it is
//! `#[ignore]`d so the normal test run skips it.

use integrator_fixtures::process as process_support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use integrator_fixtures::{MODEL, ingress_relation};
use juju_hook::{Event, Status};
use juju_hook_testing::{
    EventExt, ProcessOutput, Relation, Secret, SecretOwnership, State, databag,
};
use kube_test_env::RecordedRequest;
use process_support::{ADDRESS, ProcessHarness, call, http_state};

/// Timed runs per hook kind.
const SAMPLES: usize = 21;
/// Runs under `/usr/bin/time` per hook kind (peak RSS).
const RSS_SAMPLES: usize = 3;
/// Runs under `perf stat` per hook kind (the process's own CPU).
const CPU_SAMPLES: usize = 11;
/// The binary measured: `BENCH_BINARY` (scripts/bench.sh sets it to the release build), else
/// this profile's build.
fn binary() -> String {
    std::env::var("BENCH_BINARY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_gateway-api-integrator").to_owned())
}

/// API requests by verb (GET of one object, LIST, PATCH, DELETE).
fn verbs(requests: &[RecordedRequest]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for request in requests {
        let verb = match call(request).0.as_str() {
            "GET" => "GET",
            "LIST" => "LIST",
            "PATCH" => "PATCH",
            "DELETE" => "DELETE",
            _ => "OTHER",
        };
        *counts.entry(verb).or_default() += 1;
    }
    counts
}

fn verbs_text(counts: &BTreeMap<&'static str, usize>) -> String {
    let text: Vec<String> = counts
        .iter()
        .map(|(verb, n)| format!("{verb} {n}"))
        .collect();
    if text.is_empty() {
        "none".to_owned()
    } else {
        text.join(", ")
    }
}

fn writes(counts: &BTreeMap<&'static str, usize>) -> usize {
    counts
        .iter()
        .filter(|(verb, _)| !matches!(**verb, "GET" | "LIST"))
        .map(|(_, n)| n)
        .sum()
}

/// One measured hook run.
struct Sample {
    wall: Duration,
    output: ProcessOutput,
    requests: Vec<RecordedRequest>,
}

/// What the namespace holds before the measured hook.
#[derive(Debug, Clone, Copy)]
enum Objects {
    /// Nothing.
    Empty,
    /// The Gateway of [`http_state`], with its address.
    Deployed,
}

/// A fresh namespace holding `objects`, and a harness running `binary` in it.
fn prepared(binary: &str, objects: Objects) -> ProcessHarness {
    let harness = ProcessHarness::start(binary).expect("the server is up (checked first)");
    if let Objects::Deployed = objects {
        harness.step(&Event::ConfigChanged, http_state());
        harness.set_gateway_address(ADDRESS);
    }
    harness.take_requests();
    harness
}

/// Run `event` on `state` over a fresh namespace holding `objects`.
fn sample(objects: Objects, event: &Event, state: &State) -> Sample {
    let harness = prepared(&binary(), objects);
    let started = Instant::now();
    let output = harness.run(event, state.clone());
    let wall = started.elapsed();
    assert_eq!(
        output.exit_code,
        Some(0),
        "{event:?} failed: {}",
        output.stderr
    );
    Sample {
        wall,
        output,
        requests: harness.take_requests(),
    }
}

/// A `dispatch` that runs the binary under `command` (e.g. `/usr/bin/time -f %M -o REPORT`),
/// in `dir`; the namespace is prepared through it too (the measured run overwrites the report).
fn wrapper(dir: &std::path::Path, command: &str) -> Option<String> {
    let wrapper = dir.join("dispatch");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\nexec {command} '{}'\n", binary()),
    )
    .ok()?;
    std::fs::set_permissions(
        &wrapper,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .ok()?;
    Some(wrapper.to_str()?.to_owned())
}

/// What a measuring wrapper reports of one hook process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    /// Peak RSS in KiB (`/usr/bin/time -f %M`).
    PeakRss,
    /// The hook process's own CPU (user + sys) in microseconds, its children (the hook tools)
    /// left out: `perf stat --no-inherit -e task-clock`.
    OwnCpu,
}

/// Run `event` on `state` over a fresh namespace holding `objects`, under the wrapper of
/// `measure`; its figure, if the tool is there and the hook succeeds.
fn measured(measure: Measure, objects: Objects, event: &Event, state: &State) -> Option<u64> {
    let dir = tempfile::tempdir().ok()?;
    let report = dir.path().join("report");
    let command = match measure {
        Measure::PeakRss => format!("/usr/bin/time -f %M -o '{}'", report.display()),
        Measure::OwnCpu => format!(
            "perf stat --no-inherit -x, -e task-clock -o '{}'",
            report.display()
        ),
    };
    let harness = prepared(&wrapper(dir.path(), &command)?, objects);
    let output = harness.run(event, state.clone());
    if output.exit_code != Some(0) {
        return None;
    }
    let text = std::fs::read_to_string(&report).ok()?;
    match measure {
        Measure::PeakRss => text.lines().last()?.trim().parse().ok(),
        Measure::OwnCpu => {
            let line = text.lines().find(|line| line.contains("task-clock"))?;
            let millis: f64 = line.split(',').next()?.trim().parse().ok()?;
            Some((millis * 1000.0).round() as u64)
        }
    }
}

/// Peak RSS (KiB) of `event` on `state`.
fn peak_rss_kib(objects: Objects, event: &Event, state: &State) -> Option<u64> {
    measured(Measure::PeakRss, objects, event, state)
}

/// The median own CPU (µs) of `runs` runs of `event` on `state`.
fn own_cpu_us(objects: Objects, event: &Event, state: &State, runs: usize) -> Option<u64> {
    let mut samples: Vec<u64> = (0..runs)
        .filter_map(|_| measured(Measure::OwnCpu, objects, event, state))
        .collect();
    samples.sort();
    samples.get(samples.len() / 2).copied()
}

fn cpu_text(micros: Option<u64>) -> String {
    micros.map_or("n/a".to_owned(), |us| format!("{:.2}", us as f64 / 1000.0))
}

fn millis(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

fn certificates_relation() -> Relation {
    Relation::new(
        "certificates",
        "tls-certificates",
        4,
        "self-signed-certificates",
    )
    .remote_unit("self-signed-certificates/0", databag::<&str, &str>([]))
}

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

/// The application key the TLS library keeps in its secret (the golden test key), so the
/// certificates hook measures the steady state rather than key generation.
fn key_secret() -> Secret {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/interop-golden/tls/requirer-key.pem"
    );
    let pem = std::fs::read_to_string(path).expect("the golden test key");
    Secret::new("secret:cv1benchkey0000000", [("private-key", pem.trim())])
        .label(charm_tls::secret_label::private_key("certificates"))
        .owner(SecretOwnership::App)
}

/// The state of a deployed integrator whose Gateway has an address ([`Objects::Deployed`]).
fn deployed_state() -> State {
    let harness = prepared(&binary(), Objects::Deployed);
    harness.step(&Event::UpdateStatus, http_state())
}

struct HookCase {
    name: &'static str,
    objects: Objects,
    state: State,
    event: Event,
}

fn hook_cases() -> Vec<HookCase> {
    let deployed_state = deployed_state();
    let ingress = ingress_relation(8080);
    let certificates = certificates_relation();
    let tls_state = deployed_state
        .clone()
        .config("enforce-https", true)
        .config("external-hostname", "www.example.com")
        .relation(certificates.clone());
    vec![
        HookCase {
            name: "install",
            objects: Objects::Empty,
            state: http_state(),
            event: Event::Install,
        },
        HookCase {
            name: "config-changed",
            objects: Objects::Deployed,
            state: deployed_state.clone().config("hsts-max-age", 3600),
            event: Event::ConfigChanged,
        },
        HookCase {
            name: "ingress relation-changed",
            objects: Objects::Deployed,
            state: deployed_state.clone().relation(ingress.clone()),
            event: Event::relation_changed(&ingress, Some("flask/0")),
        },
        HookCase {
            name: "certificates relation-changed (key in its secret)",
            objects: Objects::Deployed,
            state: tls_state.clone().secret(key_secret()),
            event: Event::relation_changed(&certificates, Some("self-signed-certificates/0")),
        },
        HookCase {
            name: "certificates relation-changed (generates the RSA key)",
            objects: Objects::Deployed,
            state: tls_state,
            event: Event::relation_changed(&certificates, Some("self-signed-certificates/0")),
        },
        HookCase {
            name: "update-status",
            objects: Objects::Deployed,
            state: deployed_state.clone(),
            event: Event::UpdateStatus,
        },
        HookCase {
            name: "get-certificate",
            objects: Objects::Deployed,
            state: deployed_state.action_param("hostname", "www.example.com"),
            event: Event::action("get-certificate"),
        },
    ]
}

fn per_hook_table() {
    println!(
        "\n### Per hook kind ({SAMPLES} runs each; own CPU: median of {CPU_SAMPLES} runs; \
         peak RSS: max of {RSS_SAMPLES} runs)\n"
    );
    println!(
        "| hook | median ms | max ms | own CPU ms | peak RSS KiB | hook-tool calls | API requests |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    let mut tool_calls = Vec::new();
    let mut cpus = Vec::new();
    for case in hook_cases() {
        let mut walls = Vec::new();
        let mut last = None;
        for _ in 0..SAMPLES {
            let run = sample(case.objects, &case.event, &case.state);
            walls.push(run.wall);
            last = Some(run);
        }
        walls.sort();
        let last = last.expect("at least one sample");
        let rss = (0..RSS_SAMPLES)
            .filter_map(|_| peak_rss_kib(case.objects, &case.event, &case.state))
            .max();
        let cpu = own_cpu_us(case.objects, &case.event, &case.state, CPU_SAMPLES);
        // The first certificates hook generates the RSA key: once per deployment.
        if !case.name.contains("generates") {
            cpus.extend(cpu);
        }
        let calls = last.output.calls.total();
        tool_calls.push(calls);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            case.name,
            millis(walls[walls.len() / 2]),
            millis(*walls.last().expect("samples")),
            cpu_text(cpu),
            rss.map_or("n/a".to_owned(), |kib| kib.to_string()),
            calls,
            verbs_text(&verbs(&last.requests)),
        );
    }
    tool_calls.sort();
    cpus.sort();
    println!(
        "\nHook-tool calls over these hooks: median {}, max {}. Own CPU over these hooks but \
         the key generation: median {} ms, max {} ms.",
        tool_calls[tool_calls.len() / 2],
        tool_calls.last().expect("hooks"),
        cpu_text(cpus.get(cpus.len() / 2).copied()),
        cpu_text(cpus.last().copied()),
    );
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

/// `actual (formula)`, or `actual (formula: F!)` when they differ.
fn against(actual: u64, formula: u64) -> String {
    if actual == formula {
        format!("{actual} (= formula)")
    } else {
        format!("{actual} (formula {formula}: DIFFERS)")
    }
}

fn scaling_header() {
    println!(
        "| N | hook-tool calls | API requests | own CPU ms | peak RSS KiB | wall ms | no-op rerun: calls | no-op rerun: API requests | no-op rerun: writes | update-status: calls | update-status: API requests |"
    );
    println!("|---:|---|---|---:|---:|---:|---|---|---:|---|---|");
}

fn print_row(n: u64, row: &Row, formulas: [u64; 3], cpu: Option<u64>, rss: Option<u64>) {
    let writes_again = writes(&row.rerun_requests) as u64 + row.rerun.calls.get("relation-set");
    println!(
        "| {n} | {} | {} | {} | {} | {} | {} | {} | {} (relation-set: {}) | {} | {} |",
        against(row.first.calls.total(), formulas[0]),
        verbs_text(&row.first_requests),
        cpu_text(cpu),
        rss.map_or("n/a".to_owned(), |kib| kib.to_string()),
        millis(row.first_wall),
        against(row.rerun.calls.total(), formulas[1]),
        verbs_text(&row.rerun_requests),
        writes_again,
        row.rerun.calls.get("relation-set"),
        against(row.idle.calls.total(), formulas[2]),
        verbs_text(&row.idle_requests),
    );
    let _ = row.rerun_wall;
}

fn scaling_table() {
    println!(
        "\n### Scaling: one reconcile with N gateway-route relations (ISD259 v0 requests, one \
         path each over {SCALING_HOSTNAMES} hostnames)\n"
    );
    println!(
        "Formulas (R relations read, U remote units read): the reconcile that serves N new \
         relations 4 N + 6 calls, API: 6 LISTs + 2 N + 1 PATCHes; a no-op relation-changed \
         N + 6 = R + U + 6; a no-op update-status N + 5 = R + U + 5, API: 6 LISTs, no write.\n"
    );
    scaling_header();
    let deployed_state = deployed_state();
    for n in [1_u64, 10, 100, 500] {
        let mut state = deployed_state.clone();
        for id in 1..=n {
            state = state.relation(gateway_route_relation(id));
        }
        let event = Event::relation_changed(&gateway_route_relation(1), None);
        let row = scaling_row(&event, &state);
        let rss = peak_rss_kib(Objects::Deployed, &event, &state);
        let cpu = own_cpu_us(Objects::Deployed, &event, &state, 1);
        print_row(n, &row, [4 * n + 6, n + 6, n + 5], cpu, rss);
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

fn ingress_table() {
    println!(
        "\n### Scaling: N ingress applications × 3 units (every third in another model: a \
         Service and an EndpointSlice each)\n"
    );
    println!(
        "Formulas (R = N relations, U = 3 N units): the hook that serves them all 7 N + 7 \
         calls; a no-op relation-changed R + U + 7 = 4 N + 7 (the event's relation is listed \
         again); a no-op update-status R + U + 5 = 4 N + 5; API: 6 LISTs, then \
         one PATCH per object (an HTTPRoute each, a Service each in our model, a Service and an \
         EndpointSlice each in another); no write when nothing changed.\n"
    );
    scaling_header();
    for n in [1_u64, 10, 100] {
        let (state, last) = ingress_apps(n);
        let event = Event::relation_changed(&last, None);
        let row = scaling_row(&event, &state);
        let rss = peak_rss_kib(Objects::Deployed, &event, &state);
        let cpu = own_cpu_us(Objects::Deployed, &event, &state, 1);
        print_row(n, &row, [7 * n + 7, 4 * n + 7, 4 * n + 5], cpu, rss);
    }
}

#[test]
#[ignore = "benchmark: run scripts/bench.sh"]
fn benchmark() {
    if kube_test_env::TestServer::shared().is_none() {
        return;
    }
    let binary = binary();
    println!("\n## Benchmark of {binary}");
    println!(
        "\nBinary size: {} bytes",
        std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0)
    );
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    if only.is_empty() || only == "hooks" {
        per_hook_table();
    }
    if only.is_empty() || only == "routes" {
        scaling_table();
    }
    if only.is_empty() || only == "ingress" {
        ingress_table();
    }
}
