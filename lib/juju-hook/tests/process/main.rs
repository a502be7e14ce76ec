//! `ProcessHookTools` against fake tools: exact argv, stdin, output parsing and error
//! classification.

mod action;
mod failure;
mod relation;
mod secret;
#[path = "../support/mod.rs"]
mod support;

use std::collections::BTreeMap;

use juju_hook::{HookTools, ProcessHookTools, RelationId, Status, StatusScope, ToolError};
use serde_json::json;
use support::{FakeTools, argv};

fn setup() -> (FakeTools, ProcessHookTools) {
    let fake = FakeTools::new();
    let tools = ProcessHookTools::with_tool_dir(fake.path());
    (fake, tools)
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn rel(endpoint: &str, id: u64) -> RelationId {
    RelationId::new(endpoint, id)
}

#[test]
fn config_get_reads_all_options_as_json() {
    let (fake, mut tools) = setup();
    fake.answer(
        "config-get",
        r#"{"external-hostname": "example.com", "enforce-https": true, "unset": null}"#,
    );
    let config = tools.config_get().unwrap();
    assert_eq!(
        fake.only_call("config-get"),
        argv(&["--all", "--format=json"])
    );
    assert_eq!(
        serde_json::Value::Object(config),
        json!({"external-hostname": "example.com", "enforce-https": true, "unset": null})
    );
    assert_eq!(tools.calls(), 1);
    assert_eq!(tools.calls_of("config-get"), 1);
}

#[test]
fn is_leader_parses_json_bool() {
    let (fake, mut tools) = setup();
    fake.answer("is-leader", "true\n");
    assert!(tools.is_leader().unwrap());
    fake.answer("is-leader", "false");
    assert!(!tools.is_leader().unwrap());
    assert_eq!(
        fake.calls("is-leader"),
        vec![argv(&["--format=json"]), argv(&["--format=json"])]
    );
    assert_eq!(tools.calls_of("is-leader"), 2);
}

#[test]
fn is_leader_without_output_is_bad_output() {
    let (_fake, mut tools) = setup();
    assert_eq!(
        tools.is_leader(),
        Err(ToolError::BadOutput {
            tool: "is-leader".into(),
            reason: "empty output".into()
        })
    );
}

#[test]
fn status_set_unit_and_application() {
    let (fake, mut tools) = setup();
    tools
        .status_set(
            StatusScope::Unit,
            &Status::Blocked("missing config 'domain'".into()),
        )
        .unwrap();
    tools
        .status_set(StatusScope::Application, &Status::Active(String::new()))
        .unwrap();
    assert_eq!(
        fake.calls("status-set"),
        vec![
            argv(&["blocked", "--", "missing config 'domain'"]),
            argv(&["--application", "active", "--", ""]),
        ]
    );
}

#[test]
fn status_set_application_by_non_leader() {
    let (fake, mut tools) = setup();
    fake.fail(
        "status-set",
        1,
        "ERROR setting application status: this unit is not the leader\n",
    );
    assert!(matches!(
        tools.status_set(StatusScope::Application, &Status::Active(String::new())),
        Err(ToolError::NotLeader { tool, .. }) if tool == "status-set"
    ));
}
