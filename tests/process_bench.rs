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

/// Peak RSS (KiB) of `event` on `state`, measured by `/usr/bin/time -f %M` around the binary.
fn peak_rss_kib(objects: Objects, event: &Event, state: &State) -> Option<u64> {
    let dir = tempfile::tempdir().ok()?;
    let report = dir.path().join("rss");
    let wrapper = dir.path().join("dispatch");
    // The paths are written into the wrapper: the namespace is prepared through it too (the
    // measured run overwrites the report).
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec /usr/bin/time -f %M -o '{}' '{}'\n",
            report.display(),
            binary()
        ),
    )
    .ok()?;
    std::fs::set_permissions(
        &wrapper,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .ok()?;
    let harness = prepared(wrapper.to_str()?, objects);
    let output = harness.run(event, state.clone());
    if output.exit_code != Some(0) {
        return None;
    }
    std::fs::read_to_string(&report)
        .ok()?
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
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
    println!("\n### Per hook kind ({SAMPLES} runs each; peak RSS: max of {RSS_SAMPLES} runs)\n");
    println!("| hook | median ms | max ms | peak RSS KiB | hook-tool calls | API requests |");
    println!("|---|---:|---:|---:|---:|---|");
    let mut tool_calls = Vec::new();
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
        let calls = last.output.calls.total();
        tool_calls.push(calls);
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            case.name,
            millis(walls[walls.len() / 2]),
            millis(*walls.last().expect("samples")),
            rss.map_or("n/a".to_owned(), |kib| kib.to_string()),
            calls,
            verbs_text(&verbs(&last.requests)),
        );
    }
    tool_calls.sort();
    println!(
        "\nHook-tool calls over these hooks: median {}, max {}.",
        tool_calls[tool_calls.len() / 2],
        tool_calls.last().expect("hooks")
    );
}

fn scaling_table() {
    println!(
        "\n### Scaling: one reconcile with N gateway-route relations (ISD259 v0 requests, one \
         path each over {SCALING_HOSTNAMES} hostnames)\n"
    );
    println!(
        "| N | wall ms | peak RSS KiB | API requests | hook-tool calls | no-op rerun: wall ms | no-op rerun: API requests | no-op rerun: writes |"
    );
    println!("|---:|---:|---:|---|---:|---:|---|---:|");
    let deployed_state = deployed_state();
    for n in [1_u64, 10, 100, 500] {
        let mut state = deployed_state.clone();
        for id in 1..=n {
            state = state.relation(gateway_route_relation(id));
        }
        let event = Event::relation_changed(&gateway_route_relation(1), None);
        let harness = prepared(&binary(), Objects::Deployed);
        let started = Instant::now();
        let first = harness.run(&event, state.clone());
        let first_wall = started.elapsed();
        assert_eq!(first.exit_code, Some(0), "N={n}: {}", first.stderr);
        // Every request routed: an Active status without notes (no conflicts, none skipped).
        assert!(
            matches!(&first.state.unit_status, Some(Status::Active(m)) if !m.contains(';')),
            "N={n}: {:?}",
            first.state.unit_status
        );
        let first_requests = verbs(&harness.take_requests());
        let started = Instant::now();
        let second = harness.run(&Event::UpdateStatus, first.state.clone());
        let second_wall = started.elapsed();
        assert_eq!(second.exit_code, Some(0), "N={n} rerun: {}", second.stderr);
        let second_requests = verbs(&harness.take_requests());
        let rss = peak_rss_kib(Objects::Deployed, &event, &state);
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {} (relation-set: {}) |",
            millis(first_wall),
            rss.map_or("n/a".to_owned(), |kib| kib.to_string()),
            verbs_text(&first_requests),
            first.calls.total(),
            millis(second_wall),
            verbs_text(&second_requests),
            writes(&second_requests),
            second.calls.get("relation-set"),
        );
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
    per_hook_table();
    scaling_table();
}
