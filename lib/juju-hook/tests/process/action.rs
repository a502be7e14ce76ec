//! `juju-log` through the sink, and the action tools.

use juju_hook::{HookTools, LogLevel};
use serde_json::json;

use super::support::argv;
use super::{map, setup};

#[test]
fn juju_log_sink_and_action_tools() {
    let (fake, mut tools) = setup();
    tools
        .juju_log_sink()
        .log(LogLevel::Warning, "-looks like a flag")
        .unwrap();
    tools.action_fail("no certificate for example.com").unwrap();
    tools
        .action_set(&map(&[("certificate", "PEM"), ("result.count", "2")]))
        .unwrap();
    assert_eq!(
        fake.only_call("juju-log"),
        argv(&["--log-level", "WARNING", "--", "-looks like a flag"])
    );
    assert_eq!(
        fake.only_call("action-fail"),
        argv(&["--", "no certificate for example.com"])
    );
    assert_eq!(
        fake.only_call("action-set"),
        argv(&["certificate=PEM", "result.count=2"])
    );
    // The sink runs `juju-log` on its own, outside the instance's count.
    assert_eq!(tools.calls(), 2);
}

#[test]
fn juju_log_splits_overlong_messages() {
    let (fake, tools) = setup();
    let long = "é".repeat(70_000); // 140 000 bytes
    tools.juju_log_sink().log(LogLevel::Info, &long).unwrap();
    let calls = fake.calls("juju-log");
    assert_eq!(calls.len(), 2);
    let first = &calls[0][3];
    let second = &calls[1][3];
    assert_eq!(first.len(), 131_070);
    assert_eq!(format!("{first}{second}"), long);
}

#[test]
fn action_get_returns_typed_params() {
    let (fake, mut tools) = setup();
    fake.answer("action-get", r#"{"hostname": "a.example", "force": false}"#);
    let params = tools.action_get().unwrap();
    assert_eq!(fake.only_call("action-get"), argv(&["--format=json"]));
    assert_eq!(
        serde_json::Value::Object(params),
        json!({"hostname": "a.example", "force": false})
    );
}
