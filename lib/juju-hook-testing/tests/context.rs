//! In-process runs with `Context::run`, including Juju's transaction rule.

use juju_hook::{Event, HookTools, Status};
use juju_hook_testing::example::{self, ExampleError};
use juju_hook_testing::{Context, EventExt, Problem, Relation, SecretOwnership, State, databag};

fn context() -> Context {
    Context::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).unwrap()
}

fn base_state() -> State {
    State::new("demo").leader(true).relation(
        Relation::new("website", "http", 1, "client")
            .local_app_data([("url", "http://before/")])
            .remote_unit("client/0", juju_hook::Databag::new()),
    )
}

#[test]
fn successful_hook_writes_databags_and_statuses() {
    let state = base_state().config("hostname", "web.example");
    let rel = state.relations[0].clone();
    let out = context()
        .run(
            Event::relation_changed(&rel, Some("client/0")),
            state,
            example::run,
        )
        .unwrap();
    assert!(out.exit.is_ok());
    let rel = &out.state.relations[0];
    assert_eq!(
        rel.local_app_data,
        databag([("url", "http://web.example:8080/")])
    );
    assert_eq!(rel.local_unit_data, databag([("hostname", "web.example")]));
    assert_eq!(
        out.state.unit_status,
        Some(Status::Active("serving web.example".into()))
    );
    assert_eq!(out.state.app_status, Some(Status::Active(String::new())));
    // config, leader, relation-ids, 2x relation-set, 2x status-set; the `tracing` line is no
    // hook-tool call in-process.
    assert_eq!(out.calls.total(), 7);
    assert_eq!(out.calls.get("relation-set"), 2);
}

#[test]
fn failed_hook_discards_relation_writes_but_keeps_statuses() {
    let state = base_state().config("fail-after-write", true);
    let before = state.clone();
    let out = context()
        .run(Event::ConfigChanged, state, example::run)
        .unwrap();
    assert!(matches!(out.exit, Err(ExampleError::AskedToFail)));
    assert_eq!(out.state.relations, before.relations);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Active("serving demo.local".into()))
    );
    assert_eq!(out.state.app_status, Some(Status::Active(String::new())));
}

#[test]
fn failed_hook_discards_new_secrets() {
    let out = context()
        .run(
            Event::Install,
            State::new("demo").leader(true),
            |_, tools: &mut dyn HookTools| {
                tools.secret_add(&databag([("key", "v")]), &Default::default())?;
                tools.status_set(
                    juju_hook::StatusScope::Unit,
                    &Status::Blocked("boom".into()),
                )?;
                Err::<(), _>(juju_hook::ToolError::Other {
                    tool: "test".into(),
                    code: 1,
                    stderr: "boom".into(),
                })
            },
        )
        .unwrap();
    assert!(out.exit.is_err());
    assert!(out.state.secrets.is_empty());
    assert_eq!(out.state.unit_status, Some(Status::Blocked("boom".into())));
}

#[test]
fn non_leader_hook_fails_on_app_status_and_keeps_unit_status() {
    // The example charm only touches app data as leader; a charm that does not check fails.
    let out = context()
        .run(
            Event::UpdateStatus,
            State::new("demo"),
            |_, tools: &mut dyn HookTools| {
                tools.status_set(juju_hook::StatusScope::Unit, &Status::Waiting("w".into()))?;
                tools.status_set(
                    juju_hook::StatusScope::Application,
                    &Status::Active(String::new()),
                )
            },
        )
        .unwrap();
    assert!(matches!(
        out.exit,
        Err(juju_hook::ToolError::NotLeader { .. })
    ));
    assert_eq!(out.state.unit_status, Some(Status::Waiting("w".into())));
    assert_eq!(out.state.app_status, None);
}

#[test]
fn actions_record_results_and_failures() {
    let ok = context()
        .run(Event::action("ping"), State::new("demo"), example::run)
        .unwrap();
    assert!(ok.exit.is_ok());
    assert_eq!(ok.state.action_results, databag([("result", "pong")]));
    assert_eq!(ok.state.action_failure, None);

    let short = State::new("demo").action_param("length", 8);
    let failed = context()
        .run(Event::action("rotate-key"), short, example::run)
        .unwrap();
    assert!(failed.exit.is_ok());
    assert_eq!(
        failed.state.action_failure.as_deref(),
        Some("length must be at least 16")
    );
}

#[test]
fn an_action_whose_charm_errors_fails_with_the_error_text() {
    let out = context()
        .run(
            Event::action("ping"),
            State::new("demo"),
            |_, _: &mut dyn HookTools| Err::<(), _>("kaput"),
        )
        .unwrap();
    assert_eq!(out.state.action_failure.as_deref(), Some("kaput"));
}

#[test]
fn inconsistent_input_is_rejected_before_the_charm_runs() {
    let state = State::new("demo").config("nope", 1);
    let err = context()
        .run(
            Event::Install,
            state,
            |_, _: &mut dyn HookTools| -> Result<(), String> { panic!("must not run") },
        )
        .unwrap_err();
    assert_eq!(
        err.problems,
        vec![Problem::UnknownConfigKey { key: "nope".into() }]
    );
}

#[test]
fn hook_context_carries_the_unit_identity() {
    let state = State::new("demo").unit_id(3).model("prod", "uuid-1");
    let hook = context().hook_context(&Event::Start, &state);
    assert_eq!(hook.unit_name, "demo/3");
    assert_eq!(hook.app_name, "demo");
    assert_eq!(hook.model_name, "prod");
    assert_eq!(hook.model_uuid, "uuid-1");
    assert_eq!(hook.juju_version, "3.6.4");
}

#[test]
fn secret_owner_events_use_the_secret() {
    let secret = juju_hook_testing::Secret::new("secret:own", [("key", "v")])
        .owner(SecretOwnership::App)
        .label("mine");
    let event = Event::secret_rotate(&secret);
    assert_eq!(
        event,
        Event::Secret {
            kind: juju_hook::SecretEventKind::Rotate,
            id: "secret:own".into(),
            label: Some("mine".into()),
            revision: None
        }
    );
    let out = context()
        .run(
            event,
            State::new("demo").leader(true).secret(secret),
            |_, _: &mut dyn HookTools| Ok::<(), String>(()),
        )
        .unwrap();
    assert!(out.exit.is_ok());
    assert_eq!(out.calls.total(), 0);
}
