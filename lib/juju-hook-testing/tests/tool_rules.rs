//! The in-memory hook tools enforce Juju's rules.

use std::collections::BTreeMap;

use juju_hook::{
    DatabagOwner, DatabagScope, HookTools, LogLevel, RelationId, SecretInfo, SecretOptions,
    SecretOwner, SecretRead, SecretSelector, Status, StatusScope, ToolError,
};
use juju_hook_testing::{
    JujuLogLine, Relation, Secret, SecretOwnership, State, StateTools, databag, tools::exit_code,
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
fn non_leader_cannot_write_own_app_databag() {
    let mut s = state(false);
    let mut tools = StateTools::new(&mut s);
    let err = tools
        .relation_set(&website(), DatabagScope::App, &bag(&[("url", "x")]))
        .unwrap_err();
    assert_eq!(
        err,
        ToolError::NotLeader {
            tool: "relation-set".into(),
            stderr: "ERROR cannot write relation settings".into()
        }
    );
    assert_eq!(exit_code(&err), 1);
    assert_eq!(
        s.relations[0].local_app_data,
        bag(&[("url", "http://old/")])
    );
}

#[test]
fn non_leader_cannot_read_own_app_databag_but_reads_everything_else() {
    let mut s = state(false);
    let mut tools = StateTools::new(&mut s);
    let err = tools
        .relation_get(&website(), &DatabagOwner::App("demo".into()))
        .unwrap_err();
    assert_eq!(
        err,
        ToolError::PermissionDenied {
            tool: "relation-get".into(),
            stderr: "ERROR permission denied".into()
        }
    );
    assert_eq!(
        tools.relation_get(&website(), &DatabagOwner::App("client".into())),
        Ok(bag(&[("want", "tls")]))
    );
    assert_eq!(
        tools.relation_get(&website(), &DatabagOwner::Unit("client/1".into())),
        Ok(bag(&[("ip", "10.0.0.2")]))
    );
    assert_eq!(
        tools.relation_get(&website(), &DatabagOwner::Unit("demo/0".into())),
        Ok(bag(&[("hostname", "old")]))
    );
}

#[test]
fn peer_app_databag_is_readable_by_every_unit() {
    let mut s = State::new("demo")
        .relation(Relation::new("cluster", "demo_peers", 1, "demo").local_app_data([("k", "v")]));
    let mut tools = StateTools::new(&mut s);
    assert_eq!(
        tools.relation_get(
            &RelationId::new("cluster", 1),
            &DatabagOwner::App("demo".into())
        ),
        Ok(bag(&[("k", "v")]))
    );
}

#[test]
fn leader_writes_app_databag_and_empty_value_deletes() {
    let mut s = state(true);
    let mut tools = StateTools::new(&mut s);
    tools
        .relation_set(
            &website(),
            DatabagScope::App,
            &bag(&[("url", ""), ("new", "1")]),
        )
        .unwrap();
    tools
        .relation_set(&website(), DatabagScope::Unit, &bag(&[("hostname", "h")]))
        .unwrap();
    assert_eq!(
        tools.relation_get(&website(), &DatabagOwner::App("demo".into())),
        Ok(bag(&[("new", "1")]))
    );
    assert_eq!(s.relations[0].local_app_data, bag(&[("new", "1")]));
    assert_eq!(s.relations[0].local_unit_data, bag(&[("hostname", "h")]));
}

#[test]
fn unknown_relation_is_relation_not_found_with_exit_2() {
    let mut s = state(true);
    let mut tools = StateTools::new(&mut s);
    let expected = ToolError::RelationNotFound {
        tool: "relation-get".into(),
        stderr: "ERROR invalid value \"website:9\" for option -r: relation not found".into(),
    };
    let err = tools
        .relation_get(
            &RelationId::new("website", 9),
            &DatabagOwner::Unit("client/0".into()),
        )
        .unwrap_err();
    assert_eq!(err, expected);
    assert_eq!(exit_code(&err), 2);
    // Right id, wrong endpoint: Juju checks the id belongs to the endpoint.
    assert!(matches!(
        tools.relation_list(&RelationId::new("database", 3)),
        Err(ToolError::RelationNotFound { .. })
    ));
    assert!(matches!(
        tools.relation_set(
            &RelationId::new("website", 9),
            DatabagScope::Unit,
            &bag(&[])
        ),
        Err(ToolError::RelationNotFound { .. })
    ));
}

#[test]
fn relation_listing() {
    let mut s = state(false);
    let mut tools = StateTools::new(&mut s);
    assert_eq!(tools.relation_ids("website"), Ok(vec![website()]));
    assert_eq!(tools.relation_ids("database"), Ok(vec![]));
    assert_eq!(
        tools.relation_list(&website()),
        Ok(vec!["client/0".into(), "client/1".into()])
    );
    assert_eq!(
        tools.relation_remote_app(&website()),
        Ok(Some("client".into()))
    );
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
fn non_leader_cannot_manage_app_owned_secrets() {
    let mut s = state(false).secret(
        Secret::new("secret:app1", [("key", "v1")])
            .owner(SecretOwnership::App)
            .label("app"),
    );
    let mut tools = StateTools::new(&mut s);
    let not_leader = |tool: &str| ToolError::NotLeader {
        tool: tool.into(),
        stderr: "ERROR this unit is not the leader".into(),
    };
    // secret-add defaults to an app-owned secret.
    assert_eq!(
        tools.secret_add(&bag(&[("key", "v")]), &SecretOptions::default()),
        Err(not_leader("secret-add"))
    );
    assert_eq!(
        tools.secret_set(
            "secret:app1",
            &bag(&[("key", "v2")]),
            &SecretOptions::default()
        ),
        Err(not_leader("secret-set"))
    );
    assert_eq!(
        tools.secret_remove("secret:app1", None),
        Err(not_leader("secret-remove"))
    );
    assert!(matches!(
        tools.secret_info_get(&SecretSelector::Label("app".into())),
        Err(ToolError::SecretNotFound { .. })
    ));
    // A unit-owned secret is fine.
    let unit_owned = SecretOptions {
        owner: Some(SecretOwner::Unit),
        ..Default::default()
    };
    let id = tools
        .secret_add(&bag(&[("key", "v")]), &unit_owned)
        .unwrap();
    assert_eq!(tools.secret_ids(), Ok(vec![id]));
    // Reading app-owned content is allowed.
    assert_eq!(
        tools.secret_get(
            &SecretSelector::Id("secret:app1".into()),
            SecretRead::Tracked
        ),
        Ok(bag(&[("key", "v1")]))
    );
}

#[test]
fn leader_adds_sets_inspects_and_removes_secrets() {
    let mut s = state(true);
    let mut tools = StateTools::new(&mut s);
    let options = SecretOptions {
        label: Some("tls".into()),
        description: Some("cert key".into()),
        ..Default::default()
    };
    let id = tools
        .secret_add(&bag(&[("tls-key", "k1")]), &options)
        .unwrap();
    assert!(id.starts_with("secret:"), "{id}");
    let id2 = tools
        .secret_add(&bag(&[("other", "x")]), &SecretOptions::default())
        .unwrap();
    assert_ne!(id, id2);
    tools
        .secret_set(
            &id,
            &bag(&[("tls-key", "k2")]),
            &SecretOptions {
                rotate: Some("daily".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        tools.secret_info_get(&SecretSelector::Label("tls".into())),
        Ok(SecretInfo {
            id: id.clone(),
            revision: 2,
            label: Some("tls".into()),
            owner: Some("application".into()),
            description: Some("cert key".into()),
            expiry: None,
            rotation: Some("daily".into()),
        })
    );
    tools.secret_remove(&id, Some(1)).unwrap();
    assert_eq!(
        tools.secret_remove(&id, Some(1)),
        Err(ToolError::SecretNotFound {
            tool: "secret-remove".into(),
            stderr: "ERROR secret revision 1 not found".into()
        })
    );
    let secret = s.get_secret(&id).unwrap();
    assert_eq!(
        secret.revisions,
        BTreeMap::from([(2, bag(&[("tls-key", "k2")]))])
    );
    let mut tools = StateTools::new(&mut s);
    tools.secret_remove(&id, None).unwrap();
    assert_eq!(s.secrets.len(), 1);
}

#[test]
fn secret_add_validates_keys_and_labels() {
    let mut s = state(true).secret(Secret::new("secret:x", [("key", "v")]).label("taken"));
    let mut tools = StateTools::new(&mut s);
    let err = tools
        .secret_add(&bag(&[("k", "v")]), &SecretOptions::default())
        .unwrap_err();
    assert_eq!(exit_code(&err), 2);
    let taken = SecretOptions {
        label: Some("taken".into()),
        ..Default::default()
    };
    assert_eq!(
        tools.secret_add(&bag(&[("key", "v")]), &taken),
        Err(ToolError::Other {
            tool: "secret-add".into(),
            code: 1,
            stderr: "ERROR secret with label \"taken\" already exists".into()
        })
    );
}

#[test]
fn secret_get_tracked_peek_refresh() {
    let consumed = Secret::new("secret:c1", [("password", "one")])
        .label("db")
        .with_revision(2, [("password", "two")]);
    let mut s = State::new("demo").secret(consumed);
    let mut tools = StateTools::new(&mut s);
    let by_label = SecretSelector::Label("db".into());
    let by_id = SecretSelector::Id("c1".into()); // the scheme is optional
    assert_eq!(
        tools.secret_get(&by_label, SecretRead::Tracked),
        Ok(bag(&[("password", "one")]))
    );
    assert_eq!(
        tools.secret_get(&by_id, SecretRead::Peek),
        Ok(bag(&[("password", "two")]))
    );
    assert_eq!(
        tools.secret_get(&by_label, SecretRead::Tracked),
        Ok(bag(&[("password", "one")]))
    );
    assert_eq!(
        tools.secret_get(&by_label, SecretRead::Refresh),
        Ok(bag(&[("password", "two")]))
    );
    assert_eq!(
        tools.secret_get(&by_id, SecretRead::Tracked),
        Ok(bag(&[("password", "two")]))
    );
    assert_eq!(
        tools.secret_get(&SecretSelector::Label("nope".into()), SecretRead::Tracked),
        Err(ToolError::SecretNotFound {
            tool: "secret-get".into(),
            stderr: "ERROR secret with label \"nope\" not found".into()
        })
    );
    // A consumer may not change or inspect the secret.
    assert!(matches!(
        tools.secret_set(
            "secret:c1",
            &bag(&[("password", "x")]),
            &SecretOptions::default()
        ),
        Err(ToolError::PermissionDenied { .. })
    ));
    assert!(matches!(
        tools.secret_info_get(&by_id),
        Err(ToolError::SecretNotFound { .. })
    ));
    assert_eq!(s.secrets[0].tracked, 2);
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
