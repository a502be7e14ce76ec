//! Running the binary once per measurement: a fresh namespace, the hook under a measuring
//! wrapper (own CPU through `perf stat --no-inherit`, peak RSS of the hook process alone), the
//! API requests by verb from the proxy's log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use integrator_fixtures::process::{ADDRESS, ProcessHarness, call, http_state};
use juju_hook::Event;
use juju_hook_testing::{ProcessOutput, State};
use kube_test_env::RecordedRequest;

use crate::binary;

/// API requests by verb (GET of one object, LIST, PATCH, DELETE).
pub(crate) fn verbs(requests: &[RecordedRequest]) -> BTreeMap<&'static str, usize> {
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

pub(crate) fn verbs_text(counts: &BTreeMap<&'static str, usize>) -> String {
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

pub(crate) fn writes(counts: &BTreeMap<&'static str, usize>) -> usize {
    counts
        .iter()
        .filter(|(verb, _)| !matches!(**verb, "GET" | "LIST"))
        .map(|(_, n)| n)
        .sum()
}

/// One measured hook run.
pub(crate) struct Sample {
    pub(crate) wall: Duration,
    pub(crate) output: ProcessOutput,
    pub(crate) requests: Vec<RecordedRequest>,
}

/// What the namespace holds before the measured hook.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Objects {
    /// Nothing.
    Empty,
    /// The Gateway of [`http_state`], with its address.
    Deployed,
}

/// A fresh namespace holding `objects`, and a harness running `binary` in it.
pub(crate) fn prepared(binary: &str, objects: Objects) -> ProcessHarness {
    let harness = ProcessHarness::start(binary).expect("the server is up (checked first)");
    if let Objects::Deployed = objects {
        harness.step(&Event::ConfigChanged, http_state());
        harness.set_gateway_address(ADDRESS);
    }
    harness.take_requests();
    harness
}

/// Run `event` on `state` over a fresh namespace holding `objects`.
pub(crate) fn sample(objects: Objects, event: &Event, state: &State) -> Sample {
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

/// A `dispatch` that runs the binary under `command` (e.g. `perf stat -o REPORT`),
/// in `dir`; the namespace is prepared through it too (the measured run overwrites the report).
pub(crate) fn wrapper(dir: &std::path::Path, command: &str) -> Option<String> {
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
pub(crate) enum Measure {
    /// Peak RSS in KiB of the hook process alone (its `VmHWM` as it exits, written by
    /// [`peak_rss_preload`]); `/usr/bin/time` would report the largest of the process and the
    /// hook tools it waited for.
    PeakRss,
    /// The hook process's own CPU (user + sys) in microseconds, its children (the hook tools)
    /// left out: `perf stat --no-inherit -e task-clock`.
    OwnCpu,
}

/// `peak_rss.c` built as a preloadable library (once per run), if a C compiler is there.
fn peak_rss_preload() -> Option<&'static Path> {
    static LIBRARY: OnceLock<Option<PathBuf>> = OnceLock::new();
    LIBRARY
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("process-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir).ok()?;
            let library = dir.join("peak_rss.so");
            let source = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/process_bench/peak_rss.c"
            );
            let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
            let built = std::process::Command::new(compiler)
                .args(["-shared", "-fPIC", "-O2", "-o"])
                .arg(&library)
                .arg(source)
                .status()
                .ok()?;
            built.success().then_some(library)
        })
        .as_deref()
}

/// Run `event` on `state` over a fresh namespace holding `objects`, under the wrapper of
/// `measure`; its figure, if the tool is there and the hook succeeds.
pub(crate) fn measured(
    measure: Measure,
    objects: Objects,
    event: &Event,
    state: &State,
) -> Option<u64> {
    measured_run(measure, objects, event, state, false)
}

/// Run `event` on `state`, then measure the same event again on the state it left (nothing
/// to do: the no-op rerun).
pub(crate) fn measured_rerun(
    measure: Measure,
    objects: Objects,
    event: &Event,
    state: &State,
) -> Option<u64> {
    measured_run(measure, objects, event, state, true)
}

fn measured_run(
    measure: Measure,
    objects: Objects,
    event: &Event,
    state: &State,
    rerun: bool,
) -> Option<u64> {
    let dir = tempfile::tempdir().ok()?;
    let report = dir.path().join("report");
    let command = match measure {
        // The shell's pid is the hook process's: `exec` keeps it, and the library reports
        // only from the process of that pid (the hook tools inherit the environment).
        Measure::PeakRss => format!(
            "env PEAK_RSS_PID=$$ PEAK_RSS_REPORT='{}' LD_PRELOAD='{}'",
            report.display(),
            peak_rss_preload()?.display()
        ),
        Measure::OwnCpu => format!(
            "perf stat --no-inherit -x, -e task-clock -o '{}'",
            report.display()
        ),
    };
    let harness = prepared(&wrapper(dir.path(), &command)?, objects);
    let state = match rerun {
        true => harness.step(event, state.clone()),
        false => state.clone(),
    };
    // The namespace was prepared through the wrapper: the measured run's report only.
    let _ = std::fs::remove_file(&report);
    let output = harness.run(event, state);
    if output.exit_code != Some(0) {
        return None;
    }
    let text = std::fs::read_to_string(&report).ok()?;
    match measure {
        Measure::PeakRss => text.trim().parse().ok(),
        Measure::OwnCpu => task_clock_us(&text),
    }
}

/// Peak RSS (KiB) of `event` on `state`.
pub(crate) fn peak_rss_kib(objects: Objects, event: &Event, state: &State) -> Option<u64> {
    measured(Measure::PeakRss, objects, event, state)
}

/// Peak RSS (KiB) of the no-op rerun of `event` on `state` ([`measured_rerun`]).
pub(crate) fn rerun_peak_rss_kib(objects: Objects, event: &Event, state: &State) -> Option<u64> {
    measured_rerun(Measure::PeakRss, objects, event, state)
}

/// The median own CPU (µs) of `runs` runs of `event` on `state`.
pub(crate) fn own_cpu_us(
    objects: Objects,
    event: &Event,
    state: &State,
    runs: usize,
) -> Option<u64> {
    let mut samples: Vec<u64> = (0..runs)
        .filter_map(|_| measured(Measure::OwnCpu, objects, event, state))
        .collect();
    median(&mut samples)
}

/// The own CPU (µs) of the binary started outside a hook: it finds no `JUJU_DISPATCH_PATH`
/// and exits at once, so this is what starting the process costs, measured as the hooks are.
pub(crate) fn start_cpu_us() -> Option<u64> {
    let dir = tempfile::tempdir().ok()?;
    let report = dir.path().join("report");
    std::process::Command::new("perf")
        .args(["stat", "--no-inherit", "-x,", "-e", "task-clock", "-o"])
        .arg(&report)
        .arg(binary())
        .env_clear()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    task_clock_us(&std::fs::read_to_string(&report).ok()?)
}

/// The task-clock of a `perf stat -x,` report, in µs.
fn task_clock_us(report: &str) -> Option<u64> {
    let line = report.lines().find(|line| line.contains("task-clock"))?;
    let millis: f64 = line.split(',').next()?.trim().parse().ok()?;
    Some((millis * 1000.0).round() as u64)
}

/// The median of `samples` (the upper one of an even count), sorting them.
pub(crate) fn median(samples: &mut [u64]) -> Option<u64> {
    samples.sort();
    samples.get(samples.len() / 2).copied()
}

pub(crate) fn cpu_text(micros: Option<u64>) -> String {
    micros.map_or("n/a".to_owned(), |us| format!("{:.2}", us as f64 / 1000.0))
}

pub(crate) fn millis(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

/// The state of a deployed integrator whose Gateway has an address ([`Objects::Deployed`]).
pub(crate) fn deployed_state() -> State {
    let harness = prepared(&binary(), Objects::Deployed);
    harness.step(&Event::UpdateStatus, http_state())
}
