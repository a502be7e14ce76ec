//! The in-memory hook tools enforce Juju's rules.

mod relation;
mod secret;

use std::collections::BTreeMap;

use juju_hook::{DatabagOwner, HookTools, LogLevel, RelationId, Status, StatusScope, ToolError};
use juju_hook_testing::{
    JujuLogLine, Relation, Secret, SecretOwnership, State, StateTools, databag,
};
use serde_json::{Map, json};

fn state(leader: bool) -> State {
    State::new("demo").leader(leader).relation(
        Relation::new("website", "http", 3, "client")
            .local_app_data([("url", "http://old/")])
            .local_unit_data([("hostname", "old")])
            .remote_app_data([("want", "tls")])
            .remote_unit("client/0", [("ip", "10.0.0.1")])
            .remote_unit("client/1", [("ip", "10.0.0.2")]),
    )
}

fn website() -> RelationId {
    RelationId::new("website", 3)
}

fn bag(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    databag(pairs.iter().copied())
}

#[test]
fn non_leader_cannot_set_app_status_and_history_is_kept() {
    let mut s = state(false);
    let mut tools = StateTools::new(&mut s);
    assert_eq!(
        tools.status_set(StatusScope::Application, &Status::Active(String::new())),
        Err(ToolError::NotLeader {
            tool: "status-set".into(),
            stderr: "ERROR setting application status: this unit is not the leader".into()
        })
    );
    tools
        .status_set(StatusScope::Unit, &Status::Maintenance("a".into()))
        .unwrap();
    tools
        .status_set(StatusScope::Unit, &Status::Active("b".into()))
        .unwrap();
    assert_eq!(s.app_status, None);
    assert_eq!(s.unit_status, Some(Status::Active("b".into())));
    assert_eq!(
        s.unit_status_history,
        vec![Status::Maintenance("a".into()), Status::Active("b".into())]
    );
}

#[test]
fn config_defaults_are_overlaid_by_user_config() {
    let mut s = State::new("demo").config("port", 9000);
    let defaults: Map<String, serde_json::Value> =
        serde_json::from_value(json!({"port": 8080, "hostname": "demo.local", "ratio": null}))
            .unwrap();
    let mut tools = StateTools::new(&mut s).with_config_defaults(defaults);
    let expected: Map<String, serde_json::Value> =
        serde_json::from_value(json!({"port": 9000, "hostname": "demo.local", "ratio": null}))
            .unwrap();
    assert_eq!(tools.config_get(), Ok(expected));
}

#[test]
fn juju_log_records_the_line_and_the_call() {
    let mut s = State::new("demo");
    let mut tools = StateTools::new(&mut s);
    tools.juju_log(LogLevel::Warning, "careful");
    assert_eq!(tools.calls().get("juju-log"), 1);
    assert_eq!(
        s.juju_log,
        vec![JujuLogLine {
            level: "WARNING".into(),
            message: "careful".into()
        }]
    );
}

#[test]
fn action_tools_need_an_action_and_valid_keys() {
    let mut s = State::new("demo").action_param("length", 32);
    let mut tools = StateTools::new(&mut s);
    assert_eq!(
        tools.action_get(),
        Err(ToolError::Other {
            tool: "action-get".into(),
            code: 1,
            stderr: "ERROR not running an action".into()
        })
    );
    let mut tools = StateTools::new(&mut s).in_action(true);
    assert_eq!(tools.action_get().unwrap().get("length"), Some(&json!(32)));
    tools.action_set(&bag(&[("out.key-1", "v")])).unwrap();
    assert!(matches!(
        tools.action_set(&bag(&[("stderr", "v")])),
        Err(ToolError::Other { code: 2, .. })
    ));
    tools.action_fail("").unwrap();
    assert_eq!(s.action_results, bag(&[("out.key-1", "v")]));
    assert_eq!(
        s.action_failure.as_deref(),
        Some("action failed without reason given")
    );
}

#[test]
fn calls_are_counted_per_tool_including_failures() {
    let mut s = state(false);
    let mut tools = StateTools::new(&mut s);
    tools.is_leader().unwrap();
    tools.relation_list(&website()).unwrap();
    tools.relation_remote_app(&website()).unwrap();
    let _ = tools.relation_get(
        &RelationId::new("website", 99),
        &DatabagOwner::Unit("x/0".into()),
    );
    let calls = tools.calls();
    assert_eq!(calls.total(), 4);
    assert_eq!(calls.get("relation-list"), 2);
    assert_eq!(calls.get("relation-get"), 1);
    assert_eq!(
        calls.by_tool(),
        &BTreeMap::from([
            ("is-leader".to_owned(), 1),
            ("relation-get".to_owned(), 1),
            ("relation-list".to_owned(), 2)
        ])
    );
}

#[test]
fn state_round_trips_through_json() {
    let s = state(true)
        .unit_status(Status::Blocked("x".into()))
        .secret(Secret::new("secret:a", [("key", "v")]).owner(SecretOwnership::Unit));
    let text = serde_json::to_string(&s).unwrap();
    let back: State = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s);
    assert!(
        text.contains(r#""unit_status":{"status":"blocked","message":"x"}"#),
        "{text}"
    );
}
