//! The per-hook-kind table: each hook Juju runs often, on a deployed integrator.

use integrator_fixtures::ingress_relation;
use integrator_fixtures::process::http_state;
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation, Secret, SecretOwnership, State, databag};

use crate::measure::{
    Measure, Objects, cpu_text, deployed_state, measured, median, millis, peak_rss_kib, sample,
    start_cpu_us, verbs, verbs_text,
};
use crate::{CPU_SAMPLES, RSS_SAMPLES, SAMPLES};

fn certificates_relation() -> Relation {
    Relation::new(
        "certificates",
        "tls-certificates",
        4,
        "self-signed-certificates",
    )
    .remote_unit("self-signed-certificates/0", databag::<&str, &str>([]))
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

/// Which figures over the hooks a row counts in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Counted {
    /// `install` exits at once (it reads nothing): shown, but left out of every figure over
    /// the hooks, which it would only lower.
    Not,
    /// The key generation: in the hook-tool calls only (it is once per deployment and its
    /// CPU is the RSA key's).
    CallsOnly,
    /// The first reconcile: once per deployment, out of the recurring hooks' median.
    Once,
    /// A hook a deployment runs again and again.
    Recurring,
}

struct HookCase {
    name: &'static str,
    counted: Counted,
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
            name: "install (does nothing)",
            counted: Counted::Not,
            objects: Objects::Empty,
            state: http_state(),
            event: Event::Install,
        },
        // The first reconcile of a deployment (it was `install`'s until `install` did nothing).
        HookCase {
            name: "leader-elected (the first reconcile, empty cluster)",
            counted: Counted::Once,
            objects: Objects::Empty,
            state: http_state(),
            event: Event::LeaderElected,
        },
        HookCase {
            name: "config-changed",
            counted: Counted::Recurring,
            objects: Objects::Deployed,
            state: deployed_state.clone().config("hsts-max-age", 3600),
            event: Event::ConfigChanged,
        },
        HookCase {
            name: "ingress relation-changed",
            counted: Counted::Recurring,
            objects: Objects::Deployed,
            state: deployed_state.clone().relation(ingress.clone()),
            event: Event::relation_changed(&ingress, Some("flask/0")),
        },
        HookCase {
            name: "certificates relation-changed (key in its secret)",
            counted: Counted::Recurring,
            objects: Objects::Deployed,
            state: tls_state.clone().secret(key_secret()),
            event: Event::relation_changed(&certificates, Some("self-signed-certificates/0")),
        },
        HookCase {
            name: "certificates relation-changed (generates the RSA key)",
            counted: Counted::CallsOnly,
            objects: Objects::Deployed,
            state: tls_state,
            event: Event::relation_changed(&certificates, Some("self-signed-certificates/0")),
        },
        HookCase {
            name: "update-status",
            counted: Counted::Recurring,
            objects: Objects::Deployed,
            state: deployed_state.clone(),
            event: Event::UpdateStatus,
        },
        HookCase {
            name: "get-certificate",
            counted: Counted::Recurring,
            objects: Objects::Deployed,
            state: deployed_state.action_param("hostname", "www.example.com"),
            event: Event::action("get-certificate"),
        },
    ]
}

/// The own CPU (µs) of `CPU_SAMPLES` runs of each case, and of as many starts of the binary
/// outside a hook: one run of each per round, so that the machine's drift over the table
/// weighs on every hook alike.
fn own_cpu_rounds(cases: &[HookCase]) -> (Vec<Vec<u64>>, Vec<u64>) {
    let mut per_case = vec![Vec::new(); cases.len()];
    let mut starts = Vec::new();
    for _ in 0..CPU_SAMPLES {
        for (samples, case) in per_case.iter_mut().zip(cases) {
            samples.extend(measured(
                Measure::OwnCpu,
                case.objects,
                &case.event,
                &case.state,
            ));
        }
        starts.extend(start_cpu_us());
    }
    (per_case, starts)
}

pub(crate) fn per_hook_table() {
    // `BENCH_HOOK=<part of a name>`: only those rows (e.g. to profile one hook).
    let only = std::env::var("BENCH_HOOK").unwrap_or_default();
    let cases: Vec<HookCase> = hook_cases()
        .into_iter()
        .filter(|case| case.name.contains(only.as_str()))
        .collect();
    let (mut cpu_samples, mut starts) = own_cpu_rounds(&cases);
    println!(
        "\n### Per hook kind ({SAMPLES} runs each; own CPU: median of {CPU_SAMPLES} runs, one \
         of each hook per round; peak RSS: max of {RSS_SAMPLES} runs)\n"
    );
    println!(
        "| hook | median ms | max ms | own CPU ms | peak RSS KiB | hook-tool calls | API requests |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    let mut tool_calls = Vec::new();
    let mut cpus = Vec::new();
    let mut recurring = Vec::new();
    let mut peak_rss = Vec::new();
    for (case, cpu_samples) in cases.iter().zip(&mut cpu_samples) {
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
        peak_rss.extend(rss);
        let cpu = median(cpu_samples);
        let calls = last.output.calls.total();
        if case.counted != Counted::Not {
            tool_calls.push(calls);
        }
        if matches!(case.counted, Counted::Once | Counted::Recurring) {
            cpus.extend(cpu);
        }
        if case.counted == Counted::Recurring {
            recurring.extend(cpu);
        }
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
    recurring.sort();
    println!(
        "\nOver these hooks but `install`: hook-tool calls median {}, max {}; own CPU (the key \
         generation left out too) median {} ms, max {} ms; over the hooks a deployment runs \
         again and again (the first reconcile left out too) median {} ms.",
        count_text(tool_calls.get(tool_calls.len() / 2)),
        count_text(tool_calls.last()),
        cpu_text(cpus.get(cpus.len() / 2).copied()),
        cpu_text(cpus.last().copied()),
        cpu_text(recurring.get(recurring.len() / 2).copied()),
    );
    println!(
        "Process start in the same rounds (the binary run outside a hook, exiting at once): \
         own CPU median {} ms.",
        cpu_text(median(&mut starts))
    );
    println!(
        "Peak RSS of the hook process over these hooks: max {} KiB.",
        peak_rss
            .iter()
            .max()
            .map_or("n/a".to_owned(), |kib| kib.to_string())
    );
}

fn count_text(count: Option<&u64>) -> String {
    count.map_or("n/a".to_owned(), u64::to_string)
}
