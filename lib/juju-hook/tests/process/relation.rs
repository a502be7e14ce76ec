//! The relation tools: `relation-ids`, `relation-list`, `relation-get`, `relation-set`.

use juju_hook::{DatabagOwner, DatabagScope, HookTools, ToolError};
use serde_json::json;

use super::support::argv;
use super::{map, rel, setup};

#[test]
fn relation_ids_parses_endpoint_and_number() {
    let (fake, mut tools) = setup();
    fake.answer("relation-ids", r#"["gateway-route:3", "gateway-route:12"]"#);
    let ids = tools.relation_ids("gateway-route").unwrap();
    assert_eq!(
        fake.only_call("relation-ids"),
        argv(&["gateway-route", "--format=json"])
    );
    assert_eq!(ids, vec![rel("gateway-route", 3), rel("gateway-route", 12)]);
}

#[test]
fn relation_ids_null_is_empty_and_garbage_is_bad_output() {
    let (fake, mut tools) = setup();
    fake.answer("relation-ids", "null");
    assert_eq!(tools.relation_ids("gateway").unwrap(), vec![]);
    fake.answer("relation-ids", r#"["gateway"]"#);
    assert!(matches!(
        tools.relation_ids("gateway"),
        Err(ToolError::BadOutput { tool, .. }) if tool == "relation-ids"
    ));
    fake.answer("relation-ids", "[not json");
    assert!(matches!(
        tools.relation_ids("gateway"),
        Err(ToolError::BadOutput { tool, .. }) if tool == "relation-ids"
    ));
}

#[test]
fn relation_list_units_and_remote_app() {
    let (fake, mut tools) = setup();
    fake.answer("relation-list", r#"["app/0", "app/1"]"#);
    assert_eq!(
        tools.relation_list(&rel("gateway", 4)).unwrap(),
        vec!["app/0".to_owned(), "app/1".to_owned()]
    );
    fake.answer("relation-list", r#""app""#);
    assert_eq!(
        tools.relation_remote_app(&rel("gateway", 4)).unwrap(),
        Some("app".to_owned())
    );
    fake.answer("relation-list", "null");
    assert_eq!(tools.relation_remote_app(&rel("gateway", 4)).unwrap(), None);
    assert_eq!(
        fake.calls("relation-list"),
        vec![
            argv(&["-r", "gateway:4", "--format=json"]),
            argv(&["-r", "gateway:4", "--app", "--format=json"]),
            argv(&["-r", "gateway:4", "--app", "--format=json"]),
        ]
    );
}

#[test]
fn relation_get_unit_and_app_databags() {
    let (fake, mut tools) = setup();
    fake.answer("relation-get", r#"{"host": "10.0.0.1", "port": "80"}"#);
    let unit = tools
        .relation_get(&rel("gateway", 7), &DatabagOwner::Unit("req/0".into()))
        .unwrap();
    assert_eq!(unit, map(&[("host", "10.0.0.1"), ("port", "80")]));
    fake.answer("relation-get", "{}");
    let app = tools
        .relation_get(&rel("gateway", 7), &DatabagOwner::App("req".into()))
        .unwrap();
    assert_eq!(app, map(&[]));
    assert_eq!(
        fake.calls("relation-get"),
        vec![
            argv(&["--format=json", "-r", "gateway:7", "-", "req/0"]),
            argv(&["--format=json", "-r", "gateway:7", "--app", "-", "req"]),
        ]
    );
}

#[test]
fn relation_get_non_string_value_is_bad_output() {
    let (fake, mut tools) = setup();
    fake.answer("relation-get", r#"{"port": 80}"#);
    assert!(matches!(
        tools.relation_get(&rel("gateway", 7), &DatabagOwner::App("req".into())),
        Err(ToolError::BadOutput { tool, .. }) if tool == "relation-get"
    ));
}

#[test]
fn relation_set_pipes_json_on_stdin() {
    let (fake, mut tools) = setup();
    let changes = map(&[("ingress", r#"{"url": "https://x/"}"#), ("stale", "")]);
    tools
        .relation_set(&rel("gateway", 2), DatabagScope::App, &changes)
        .unwrap();
    assert_eq!(
        fake.only_call("relation-set"),
        argv(&["-r", "gateway:2", "--app", "--file", "-"])
    );
    let stdin: serde_json::Value = serde_json::from_str(&fake.stdin("relation-set")).unwrap();
    assert_eq!(
        stdin,
        json!({"ingress": "{\"url\": \"https://x/\"}", "stale": ""})
    );

    tools
        .relation_set(&rel("gateway", 2), DatabagScope::Unit, &map(&[("a", "b")]))
        .unwrap();
    assert_eq!(
        fake.calls("relation-set")[1],
        argv(&["-r", "gateway:2", "--file", "-"])
    );
    assert_eq!(fake.stdin("relation-set"), r#"{"a":"b"}"#);
}

#[test]
fn relation_set_by_non_leader_is_not_leader() {
    let (fake, mut tools) = setup();
    fake.fail("relation-set", 1, "ERROR cannot write relation settings\n");
    assert_eq!(
        tools.relation_set(&rel("gateway", 2), DatabagScope::App, &map(&[("a", "b")])),
        Err(ToolError::NotLeader {
            tool: "relation-set".into(),
            stderr: "ERROR cannot write relation settings".into()
        })
    );
}

#[test]
fn unknown_relation_is_relation_not_found() {
    let (fake, mut tools) = setup();
    fake.fail(
        "relation-get",
        2,
        "ERROR invalid value \"gateway:9\" for option -r: relation not found\n",
    );
    assert_eq!(
        tools.relation_get(&rel("gateway", 9), &DatabagOwner::App("req".into())),
        Err(ToolError::RelationNotFound {
            tool: "relation-get".into(),
            stderr: "ERROR invalid value \"gateway:9\" for option -r: relation not found".into()
        })
    );
}
