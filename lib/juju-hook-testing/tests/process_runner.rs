//! Process-level runs: the `example-charm` binary (juju-hook's `ProcessHookTools`) against the
//! `fake-hook-tool` binary, compared with the same charm run in-process.

use juju_hook::{Databag, Event, Status};
use juju_hook_testing::{
    Context, EventExt, JujuLogLine, ProcessRunner, Relation, RunnerError, State, databag, example,
    fake_hook_tool_path,
};

fn context() -> Context {
    Context::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).unwrap()
}

fn runner() -> ProcessRunner {
    ProcessRunner::new(env!("CARGO_BIN_EXE_example-charm"), context())
        .fake_tool(env!("CARGO_BIN_EXE_fake-hook-tool"))
}

fn log(level: &str, message: &str) -> JujuLogLine {
    JujuLogLine {
        level: level.into(),
        message: message.into(),
    }
}

fn state() -> State {
    State::new("demo")
        .leader(true)
        .config("hostname", "web.example")
        .relation(
            Relation::new("website", "http", 1, "client")
                .local_app_data([("url", "http://before/")])
                .remote_unit("client/0", Databag::new()),
        )
}

#[test]
fn process_run_matches_the_in_process_run() {
    let rel = state().relations[0].clone();
    let event = Event::relation_changed(&rel, Some("client/0"));
    let process = runner().run(&event, state()).unwrap();
    assert!(process.success(), "stderr: {}", process.stderr);
    let in_process = context().run(event, state(), example::run).unwrap();
    assert!(in_process.exit.is_ok());
    // The binary routes `tracing` to `juju-log`, as the real charms do; in-process there is no
    // subscriber. Apart from that log line and its call, the two runs agree.
    let mut process_state = process.state.clone();
    assert_eq!(
        std::mem::take(&mut process_state.juju_log),
        vec![log("INFO", "handled website-relation-changed")]
    );
    assert_eq!(process_state, in_process.state);
    let mut process_calls = process.calls.by_tool().clone();
    assert_eq!(process_calls.remove("juju-log"), Some(1));
    assert_eq!(&process_calls, in_process.calls.by_tool());
    assert_eq!(
        process.state.relations[0].local_app_data,
        databag([("url", "http://web.example:8080/")])
    );
    assert_eq!(
        process.state.unit_status,
        Some(Status::Active("serving web.example".into()))
    );
    assert_eq!(process.calls.total(), 8);
}

#[test]
fn non_zero_exit_discards_databag_writes_but_keeps_statuses_and_logs() {
    let failing = state().config("fail-after-write", true);
    let before = failing.clone();
    let out = runner().run(&Event::ConfigChanged, failing).unwrap();
    assert_eq!(out.exit_code, Some(1));
    assert_eq!(
        out.stderr,
        "example-charm: asked to fail by fail-after-write\n"
    );
    assert_eq!(out.state.relations, before.relations);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Active("serving web.example".into()))
    );
    assert_eq!(out.state.app_status, Some(Status::Active(String::new())));
    assert_eq!(
        out.state.juju_log,
        vec![
            log("INFO", "handled config-changed"),
            log(
                "ERROR",
                "hook ConfigChanged failed: asked to fail by fail-after-write"
            ),
        ]
    );
    assert_eq!(out.calls.get("relation-set"), 2);
}

#[test]
fn action_runs_as_a_process() {
    let out = runner()
        .run(&Event::action("ping"), State::new("demo"))
        .unwrap();
    assert!(out.success(), "stderr: {}", out.stderr);
    assert_eq!(out.state.action_results, databag([("result", "pong")]));
    assert_eq!(out.state.juju_log, vec![log("INFO", "running ping")]);
}

#[test]
fn non_leader_process_run_does_not_touch_app_data() {
    let out = runner()
        .run(&Event::UpdateStatus, state().leader(false))
        .unwrap();
    assert!(out.success(), "stderr: {}", out.stderr);
    assert_eq!(
        out.state.relations[0].local_app_data,
        databag([("url", "http://before/")])
    );
    assert_eq!(
        out.state.relations[0].local_unit_data,
        databag([("hostname", "web.example")])
    );
    assert_eq!(out.state.app_status, None);
    assert_eq!(out.calls.get("status-set"), 1);
}

#[test]
fn inconsistent_state_is_rejected_before_spawning() {
    let err = runner()
        .run(&Event::Install, State::new("demo").config("nope", 1))
        .unwrap_err();
    assert!(matches!(err, RunnerError::Inconsistent(_)), "{err}");
}

#[test]
fn fake_tool_is_found_next_to_the_test_executable() {
    let path = fake_hook_tool_path().unwrap();
    assert_eq!(path.file_name().unwrap(), "fake-hook-tool");
    assert!(path.is_file());
}
