//! `ProcessHookTools` against fake tools: exact argv, stdin, output parsing and error
//! classification.

mod support;

use std::collections::BTreeMap;

use juju_hook::process::classify_failure;
use juju_hook::{
    DatabagOwner, DatabagScope, HookTools, LogLevel, ProcessHookTools, RelationId, SecretInfo,
    SecretOptions, SecretOwner, SecretRead, SecretSelector, Status, StatusScope, ToolError,
};
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

#[test]
fn secret_add_passes_values_through_private_files() {
    let (fake, mut tools) = setup();
    fake.answer("secret-add", "secret:cq2abc\n");
    let content = map(&[("private-key", "TOP-SECRET-KEY"), ("token", "TOKEN-VALUE")]);
    let options = SecretOptions {
        label: Some("tls".into()),
        description: Some("the key".into()),
        expire: Some("24h".into()),
        rotate: Some("daily".into()),
        owner: Some(SecretOwner::Unit),
    };
    let id = tools.secret_add(&content, &options).unwrap();
    assert_eq!(id, "secret:cq2abc");

    let call = fake.only_call("secret-add");
    assert_eq!(
        call[..10],
        argv(&[
            "--label",
            "tls",
            "--description",
            "the key",
            "--expire",
            "24h",
            "--rotate",
            "daily",
            "--owner",
            "unit"
        ])
    );
    assert_eq!(call.len(), 12);
    assert!(call[10].starts_with("private-key#file="), "{call:?}");
    assert!(call[11].starts_with("token#file="), "{call:?}");
    for arg in &call {
        assert!(!arg.contains("TOP-SECRET-KEY") && !arg.contains("TOKEN-VALUE"));
    }
    assert_eq!(
        fake.secret_files("secret-add"),
        vec![
            ("600".into(), "700".into(), "TOP-SECRET-KEY".into()),
            ("600".into(), "700".into(), "TOKEN-VALUE".into()),
        ]
    );
    // The staged files are gone once the call returns.
    let path = call[10].split_once("#file=").unwrap().1;
    assert!(!std::path::Path::new(path).exists());
}

#[test]
fn secret_add_with_default_options_and_non_leader() {
    let (fake, mut tools) = setup();
    fake.fail("secret-add", 1, "ERROR this unit is not the leader\n");
    let result = tools.secret_add(&map(&[("k", "v")]), &SecretOptions::default());
    assert!(matches!(result, Err(ToolError::NotLeader { tool, .. }) if tool == "secret-add"));
    let call = fake.only_call("secret-add");
    assert_eq!(call.len(), 1);
    assert!(call[0].starts_with("k#file="));
}

#[test]
fn secret_set_puts_id_first_then_options_then_files() {
    let (fake, mut tools) = setup();
    let options = SecretOptions {
        label: Some("tls".into()),
        ..SecretOptions::default()
    };
    tools
        .secret_set("secret:cq2abc", &map(&[("key", "NEW-VALUE")]), &options)
        .unwrap();
    let call = fake.only_call("secret-set");
    assert_eq!(call[..3], argv(&["secret:cq2abc", "--label", "tls"]));
    assert_eq!(call.len(), 4);
    assert!(call[3].starts_with("key#file="));
    assert!(!call[3].contains("NEW-VALUE"));
    assert_eq!(
        fake.secret_files("secret-set"),
        vec![("600".into(), "700".into(), "NEW-VALUE".into())]
    );
}

#[test]
fn secret_get_by_id_and_label_with_read_modes() {
    let (fake, mut tools) = setup();
    fake.answer("secret-get", r#"{"certificate": "PEM"}"#);
    let content = tools
        .secret_get(
            &SecretSelector::Id("secret:abc".into()),
            SecretRead::Tracked,
        )
        .unwrap();
    assert_eq!(content, map(&[("certificate", "PEM")]));
    tools
        .secret_get(&SecretSelector::Label("tls".into()), SecretRead::Refresh)
        .unwrap();
    tools
        .secret_get(&SecretSelector::Id("secret:abc".into()), SecretRead::Peek)
        .unwrap();
    assert_eq!(
        fake.calls("secret-get"),
        vec![
            argv(&["--format=json", "secret:abc"]),
            argv(&["--format=json", "--label", "tls", "--refresh"]),
            argv(&["--format=json", "secret:abc", "--peek"]),
        ]
    );
}

#[test]
fn secret_not_found_is_classified() {
    let (fake, mut tools) = setup();
    fake.fail("secret-get", 1, "ERROR secret \"secret:abc\" not found\n");
    assert_eq!(
        tools.secret_get(
            &SecretSelector::Id("secret:abc".into()),
            SecretRead::Tracked
        ),
        Err(ToolError::SecretNotFound {
            tool: "secret-get".into(),
            stderr: "ERROR secret \"secret:abc\" not found".into()
        })
    );
}

#[test]
fn secret_remove_argv() {
    let (fake, mut tools) = setup();
    tools.secret_remove("secret:abc", None).unwrap();
    tools.secret_remove("secret:abc", Some(3)).unwrap();
    assert_eq!(
        fake.calls("secret-remove"),
        vec![
            argv(&["secret:abc"]),
            argv(&["secret:abc", "--revision", "3"])
        ]
    );
}

#[test]
fn secret_info_get_adds_the_uri_prefix_juju_leaves_out() {
    let (fake, mut tools) = setup();
    fake.answer(
        "secret-info-get",
        r#"{"cq2k3": {"revision": 1, "owner": "application"}}"#,
    );
    let info = tools
        .secret_info_get(&SecretSelector::Id("secret:cq2k3".into()))
        .unwrap();
    assert_eq!(info.id, "secret:cq2k3");
    assert_eq!(info.revision, 1);
}

#[test]
fn secret_info_get_parses_the_single_entry() {
    let (fake, mut tools) = setup();
    fake.answer(
        "secret-info-get",
        r#"{"secret:abc": {"revision": 4, "label": "tls", "owner": "application",
            "description": "", "rotation": "daily", "expiry": "2026-01-01T00:00:00Z"}}"#,
    );
    let info = tools
        .secret_info_get(&SecretSelector::Label("tls".into()))
        .unwrap();
    assert_eq!(
        fake.only_call("secret-info-get"),
        argv(&["--format=json", "--label", "tls"])
    );
    assert_eq!(
        info,
        SecretInfo {
            id: "secret:abc".into(),
            revision: 4,
            label: Some("tls".into()),
            owner: Some("application".into()),
            description: None,
            expiry: Some("2026-01-01T00:00:00Z".into()),
            rotation: Some("daily".into()),
        }
    );
    fake.answer("secret-info-get", "{}");
    assert!(matches!(
        tools.secret_info_get(&SecretSelector::Id("secret:abc".into())),
        Err(ToolError::BadOutput { tool, .. }) if tool == "secret-info-get"
    ));
    assert_eq!(
        fake.calls("secret-info-get")[1],
        argv(&["--format=json", "secret:abc"])
    );
}

#[test]
fn secret_ids_lists_owned_secrets() {
    let (fake, mut tools) = setup();
    fake.answer("secret-ids", r#"["secret:a", "secret:b"]"#);
    assert_eq!(
        tools.secret_ids().unwrap(),
        vec!["secret:a".to_owned(), "secret:b".to_owned()]
    );
    assert_eq!(fake.only_call("secret-ids"), argv(&["--format=json"]));
}

#[test]
fn secret_get_null_or_empty_is_empty_map() {
    let (fake, mut tools) = setup();
    let selector = SecretSelector::Id("secret:abc".into());
    fake.answer("secret-get", "null");
    assert_eq!(
        tools.secret_get(&selector, SecretRead::Tracked).unwrap(),
        map(&[])
    );
    fake.answer("secret-get", "");
    assert_eq!(
        tools.secret_get(&selector, SecretRead::Tracked).unwrap(),
        map(&[])
    );
    fake.answer("secret-get", r#"{"key": "abc"}"#);
    assert_eq!(
        tools.secret_get(&selector, SecretRead::Tracked).unwrap(),
        map(&[("key", "abc")])
    );
    assert_eq!(
        fake.calls("secret-get"),
        vec![argv(&["--format=json", "secret:abc"]); 3]
    );
}

#[test]
fn other_failures_keep_code_and_stderr() {
    let (fake, mut tools) = setup();
    fake.fail("config-get", 3, "ERROR connection refused\n");
    assert_eq!(
        tools.config_get(),
        Err(ToolError::Other {
            tool: "config-get".into(),
            code: 3,
            stderr: "ERROR connection refused".into()
        })
    );
    fake.fail("secret-ids", 1, "ERROR permission denied\n");
    assert!(matches!(
        tools.secret_ids(),
        Err(ToolError::PermissionDenied { tool, .. }) if tool == "secret-ids"
    ));
}

#[test]
fn missing_tool_is_spawn_error_and_still_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut tools = ProcessHookTools::with_tool_dir(dir.path());
    assert!(matches!(
        tools.is_leader(),
        Err(ToolError::Spawn { tool, .. }) if tool == "is-leader"
    ));
    assert_eq!(tools.calls(), 1);
}

#[test]
fn classification_follows_ops_order() {
    let cases = [
        (
            "relation-get",
            "ERROR relation not found",
            "RelationNotFound",
        ),
        (
            "secret-grant",
            "ERROR relation not found",
            "RelationNotFound",
        ),
        (
            "secret-info-get",
            "ERROR secret not found",
            "SecretNotFound",
        ),
        ("relation-get", "ERROR unit not found", "Other"),
        (
            "status-set",
            "ERROR this unit is not the leader",
            "NotLeader",
        ),
        (
            "relation-set",
            "ERROR cannot write relation settings",
            "NotLeader",
        ),
        ("config-get", "ERROR access denied", "PermissionDenied"),
        ("secret-ids", "ERROR Permission Denied", "PermissionDenied"),
    ];
    for (tool, stderr, expected) in cases {
        let error = classify_failure(tool, Some(1), stderr);
        let kind = match error {
            ToolError::RelationNotFound { .. } => "RelationNotFound",
            ToolError::NotLeader { .. } => "NotLeader",
            ToolError::SecretNotFound { .. } => "SecretNotFound",
            ToolError::PermissionDenied { .. } => "PermissionDenied",
            ToolError::Other { .. } => "Other",
            ToolError::Spawn { .. } | ToolError::BadOutput { .. } => "unexpected",
        };
        assert_eq!(kind, expected, "{tool}: {stderr}");
    }
    assert_eq!(
        classify_failure("config-get", None, " killed \n"),
        ToolError::Other {
            tool: "config-get".into(),
            code: -1,
            stderr: "killed".into()
        }
    );
}
