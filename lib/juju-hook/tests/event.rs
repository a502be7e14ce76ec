//! Parsing the hook environment into a `HookContext`, and back.

use std::collections::BTreeMap;
use std::path::PathBuf;

use juju_hook::{Event, EventError, HookContext, RelationEventKind, RelationId, SecretEventKind};

/// The variables every hook gets, plus `extra`.
fn env(dispatch_path: &str, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut env: BTreeMap<String, String> = [
        ("JUJU_DISPATCH_PATH", dispatch_path),
        (
            "JUJU_HOOK_NAME",
            dispatch_path.strip_prefix("hooks/").unwrap_or(""),
        ),
        ("JUJU_UNIT_NAME", "gateway-api-integrator/0"),
        ("JUJU_MODEL_NAME", "edge"),
        ("JUJU_MODEL_UUID", "cdac5656-2423-4388-8f30-41854b4cca7d"),
        ("JUJU_VERSION", "3.6.8"),
        (
            "JUJU_CHARM_DIR",
            "/var/lib/juju/agents/unit-gateway-api-integrator-0/charm",
        ),
        ("JUJU_CONTEXT_ID", "gateway-api-integrator/0-install-1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (k, v) in extra {
        env.insert((*k).to_owned(), (*v).to_owned());
    }
    env
}

fn parse(env: &BTreeMap<String, String>) -> Result<HookContext, EventError> {
    HookContext::from_env(|var| env.get(var).cloned())
}

fn event_of(dispatch_path: &str, extra: &[(&str, &str)]) -> Event {
    parse(&env(dispatch_path, extra)).unwrap().event
}

fn without(mut env: BTreeMap<String, String>, var: &str) -> BTreeMap<String, String> {
    env.remove(var);
    env
}

#[test]
fn common_fields_are_read() {
    let ctx = parse(&env("hooks/install", &[])).unwrap();
    assert_eq!(
        ctx,
        HookContext {
            event: Event::Install,
            unit_name: "gateway-api-integrator/0".into(),
            app_name: "gateway-api-integrator".into(),
            model_name: "edge".into(),
            model_uuid: "cdac5656-2423-4388-8f30-41854b4cca7d".into(),
            juju_version: "3.6.8".into(),
            charm_dir: PathBuf::from("/var/lib/juju/agents/unit-gateway-api-integrator-0/charm"),
        }
    );
}

#[test]
fn every_simple_hook() {
    let cases = [
        ("install", Event::Install),
        ("start", Event::Start),
        ("stop", Event::Stop),
        ("remove", Event::Remove),
        ("config-changed", Event::ConfigChanged),
        ("upgrade-charm", Event::UpgradeCharm),
        ("leader-elected", Event::LeaderElected),
        ("leader-settings-changed", Event::LeaderSettingsChanged),
        ("update-status", Event::UpdateStatus),
    ];
    for (name, expected) in cases {
        assert_eq!(event_of(&format!("hooks/{name}"), &[]), expected, "{name}");
        assert_eq!(expected.hook_name(), name);
    }
}

#[test]
fn relation_hooks_with_hyphenated_endpoint() {
    let changed = event_of(
        "hooks/gateway-route-relation-changed",
        &[
            ("JUJU_RELATION", "gateway-route"),
            ("JUJU_RELATION_ID", "gateway-route:12"),
            ("JUJU_REMOTE_APP", "my-app"),
            ("JUJU_REMOTE_UNIT", "my-app/3"),
        ],
    );
    assert_eq!(
        changed,
        Event::Relation {
            kind: RelationEventKind::Changed,
            relation: RelationId::new("gateway-route", 12),
            remote_app: "my-app".into(),
            remote_unit: Some("my-app/3".into()),
            departing_unit: None,
        }
    );
}

#[test]
fn every_relation_kind() {
    let base = [
        ("JUJU_RELATION", "gateway"),
        ("JUJU_RELATION_ID", "gateway:1"),
        ("JUJU_REMOTE_APP", "req"),
        ("JUJU_REMOTE_UNIT", "req/0"),
        ("JUJU_DEPARTING_UNIT", "req/0"),
    ];
    let cases = [
        ("created", RelationEventKind::Created, None),
        ("joined", RelationEventKind::Joined, None),
        ("changed", RelationEventKind::Changed, None),
        ("departed", RelationEventKind::Departed, Some("req/0")),
        ("broken", RelationEventKind::Broken, None),
    ];
    for (suffix, kind, departing) in cases {
        assert_eq!(
            event_of(&format!("hooks/gateway-relation-{suffix}"), &base),
            Event::Relation {
                kind,
                relation: RelationId::new("gateway", 1),
                remote_app: "req".into(),
                remote_unit: Some("req/0".into()),
                departing_unit: departing.map(Into::into),
            },
            "{suffix}"
        );
    }
}

#[test]
fn empty_remote_unit_is_none() {
    // A -changed for the remote app databag, and -broken, carry an empty JUJU_REMOTE_UNIT.
    for path in [
        "hooks/gateway-relation-changed",
        "hooks/gateway-relation-broken",
    ] {
        let event = event_of(
            path,
            &[
                ("JUJU_RELATION_ID", "gateway:1"),
                ("JUJU_REMOTE_APP", "req"),
                ("JUJU_REMOTE_UNIT", ""),
            ],
        );
        let Event::Relation { remote_unit, .. } = event else {
            panic!("not a relation event: {event:?}");
        };
        assert_eq!(remote_unit, None, "{path}");
    }
    // -created and -broken do not need JUJU_REMOTE_UNIT at all.
    let event = event_of(
        "hooks/gateway-relation-created",
        &[
            ("JUJU_RELATION_ID", "gateway:1"),
            ("JUJU_REMOTE_APP", "req"),
        ],
    );
    assert!(matches!(
        event,
        Event::Relation {
            remote_unit: None,
            ..
        }
    ));
}

#[test]
fn relation_missing_and_malformed_variables() {
    let full = env(
        "hooks/gateway-relation-departed",
        &[
            ("JUJU_RELATION", "gateway"),
            ("JUJU_RELATION_ID", "gateway:1"),
            ("JUJU_REMOTE_APP", "req"),
            ("JUJU_REMOTE_UNIT", "req/0"),
            ("JUJU_DEPARTING_UNIT", "req/0"),
        ],
    );
    assert!(parse(&full).is_ok());
    for var in ["JUJU_RELATION_ID", "JUJU_REMOTE_APP", "JUJU_DEPARTING_UNIT"] {
        assert_eq!(
            parse(&without(full.clone(), var)),
            Err(EventError::MissingVar { var }),
            "{var}"
        );
    }
    // Unset `JUJU_REMOTE_UNIT` is an app-level event, as ops reads it (Juju exports it empty).
    match parse(&without(full.clone(), "JUJU_REMOTE_UNIT")) {
        Ok(ctx) => assert!(
            matches!(
                ctx.event,
                Event::Relation {
                    remote_unit: None,
                    ..
                }
            ),
            "{:?}",
            ctx.event
        ),
        Err(error) => panic!("unset JUJU_REMOTE_UNIT refused: {error}"),
    }
    for bad in ["gateway", "gateway:x", ":3", "gateway:-1"] {
        let mut env = full.clone();
        env.insert("JUJU_RELATION_ID".into(), bad.into());
        assert_eq!(
            parse(&env),
            Err(EventError::MalformedVar {
                var: "JUJU_RELATION_ID",
                value: bad.into(),
                reason: "expected <endpoint>:<number>",
            }),
            "{bad}"
        );
    }
}

#[test]
fn relation_id_of_another_endpoint_is_rejected() {
    let mismatch = env(
        "hooks/gateway-route-relation-changed",
        &[
            ("JUJU_RELATION_ID", "gateway:4"),
            ("JUJU_REMOTE_APP", "req"),
            ("JUJU_REMOTE_UNIT", "req/0"),
        ],
    );
    assert_eq!(
        parse(&mismatch),
        Err(EventError::EndpointMismatch {
            var: "JUJU_RELATION_ID",
            value: "gateway:4".into(),
            endpoint: "gateway-route".into(),
        })
    );
    let mut relation_var = mismatch.clone();
    relation_var.insert("JUJU_RELATION_ID".into(), "gateway-route:4".into());
    relation_var.insert("JUJU_RELATION".into(), "gateway".into());
    assert_eq!(
        parse(&relation_var),
        Err(EventError::EndpointMismatch {
            var: "JUJU_RELATION",
            value: "gateway".into(),
            endpoint: "gateway-route".into(),
        })
    );
}

#[test]
fn every_secret_hook() {
    for (suffix, kind) in [
        ("changed", SecretEventKind::Changed),
        ("expired", SecretEventKind::Expired),
        ("remove", SecretEventKind::Remove),
        ("rotate", SecretEventKind::Rotate),
    ] {
        let event = event_of(
            &format!("hooks/secret-{suffix}"),
            &[
                ("JUJU_SECRET_ID", "secret:dcc7aa9c"),
                ("JUJU_SECRET_LABEL", "tls"),
                ("JUJU_SECRET_REVISION", "7"),
            ],
        );
        assert_eq!(
            event,
            Event::Secret {
                kind,
                id: "secret:dcc7aa9c".into(),
                label: Some("tls".into()),
                revision: Some(7),
            }
        );
    }
    let unlabelled = event_of(
        "hooks/secret-changed",
        &[("JUJU_SECRET_ID", "secret:x"), ("JUJU_SECRET_LABEL", "")],
    );
    assert_eq!(
        unlabelled,
        Event::Secret {
            kind: SecretEventKind::Changed,
            id: "secret:x".into(),
            label: None,
            revision: None,
        }
    );
}

#[test]
fn secret_missing_id_and_bad_revision() {
    assert_eq!(
        parse(&env("hooks/secret-rotate", &[])),
        Err(EventError::MissingVar {
            var: "JUJU_SECRET_ID"
        })
    );
    assert_eq!(
        parse(&env(
            "hooks/secret-remove",
            &[
                ("JUJU_SECRET_ID", "secret:x"),
                ("JUJU_SECRET_REVISION", "two")
            ]
        )),
        Err(EventError::MalformedVar {
            var: "JUJU_SECRET_REVISION",
            value: "two".into(),
            reason: "expected a non-negative integer",
        })
    );
}

#[test]
fn actions() {
    let event = event_of(
        "actions/get-certificate",
        &[
            ("JUJU_ACTION_NAME", "get-certificate"),
            ("JUJU_ACTION_UUID", "42"),
        ],
    );
    assert_eq!(
        event,
        Event::Action {
            name: "get-certificate".into(),
            id: "42".into()
        }
    );
    assert_eq!(event.hook_name(), "");
    assert_eq!(event.dispatch_path(), "actions/get-certificate");

    assert_eq!(
        parse(&env(
            "actions/get-certificate",
            &[("JUJU_ACTION_NAME", "other"), ("JUJU_ACTION_UUID", "42")]
        )),
        Err(EventError::ActionNameMismatch {
            value: "other".into(),
            action: "get-certificate".into(),
        })
    );
    assert_eq!(
        parse(&env(
            "actions/get-certificate",
            &[("JUJU_ACTION_NAME", "get-certificate")]
        )),
        Err(EventError::MissingVar {
            var: "JUJU_ACTION_UUID"
        })
    );
    assert_eq!(
        parse(&env(
            "actions/get-certificate",
            &[("JUJU_ACTION_UUID", "1")]
        )),
        Err(EventError::MissingVar {
            var: "JUJU_ACTION_NAME"
        })
    );
}

#[test]
fn unknown_hooks_are_errors() {
    for name in [
        "workload-pebble-ready",
        "data-storage-attached",
        "leader-deposed",
        "collect-metrics",
        "-relation-changed",
        "secret-whatever",
        "gateway-relation-exploded",
    ] {
        assert_eq!(
            parse(&env(&format!("hooks/{name}"), &[])),
            Err(EventError::UnknownHook { name: name.into() }),
            "{name}"
        );
    }
}

#[test]
fn malformed_dispatch_path() {
    for path in [
        "install",
        "hooks/",
        "charm/install",
        "hooks/a/b",
        "actions/",
    ] {
        assert_eq!(
            parse(&env(path, &[])),
            Err(EventError::MalformedVar {
                var: "JUJU_DISPATCH_PATH",
                value: path.into(),
                reason: "expected hooks/<name> or actions/<name>",
            }),
            "{path}"
        );
    }
}

#[test]
fn missing_common_variables() {
    for var in [
        "JUJU_DISPATCH_PATH",
        "JUJU_UNIT_NAME",
        "JUJU_MODEL_NAME",
        "JUJU_MODEL_UUID",
        "JUJU_VERSION",
    ] {
        let result = parse(&without(env("hooks/install", &[]), var));
        assert!(
            matches!(result, Err(EventError::MissingVar { var: v }) if v == var),
            "{var}: {result:?}"
        );
    }
    // JUJU_HOOK_NAME is not needed: the dispatch path decides.
    assert!(parse(&without(env("hooks/install", &[]), "JUJU_HOOK_NAME")).is_ok());
}

#[test]
fn charm_dir_falls_back_to_legacy_variable() {
    let legacy = without(
        env("hooks/start", &[("CHARM_DIR", "/charm")]),
        "JUJU_CHARM_DIR",
    );
    assert_eq!(parse(&legacy).unwrap().charm_dir, PathBuf::from("/charm"));
    assert_eq!(
        parse(&without(env("hooks/start", &[]), "JUJU_CHARM_DIR")),
        Err(EventError::MissingVar {
            var: "JUJU_CHARM_DIR"
        })
    );
}

#[test]
fn malformed_unit_name() {
    for unit in ["gateway", "/0", "gateway/x"] {
        assert_eq!(
            parse(&env("hooks/install", &[("JUJU_UNIT_NAME", unit)])),
            Err(EventError::MalformedVar {
                var: "JUJU_UNIT_NAME",
                value: unit.into(),
                reason: "expected <application>/<number>",
            })
        );
    }
}

fn context(event: Event) -> HookContext {
    HookContext {
        event,
        unit_name: "gateway-api-integrator/2".into(),
        app_name: "gateway-api-integrator".into(),
        model_name: "m".into(),
        model_uuid: "uuid".into(),
        juju_version: "3.6.8".into(),
        charm_dir: PathBuf::from("/charm"),
    }
}

#[test]
fn to_env_round_trips_every_family() {
    let mut events = vec![
        Event::Install,
        Event::Start,
        Event::Stop,
        Event::Remove,
        Event::ConfigChanged,
        Event::UpgradeCharm,
        Event::LeaderElected,
        Event::LeaderSettingsChanged,
        Event::UpdateStatus,
        Event::Action {
            name: "get-certificate".into(),
            id: "9".into(),
        },
    ];
    for kind in [
        RelationEventKind::Created,
        RelationEventKind::Joined,
        RelationEventKind::Changed,
        RelationEventKind::Departed,
        RelationEventKind::Broken,
    ] {
        let unit_set = !matches!(kind, RelationEventKind::Created | RelationEventKind::Broken);
        events.push(Event::Relation {
            kind,
            relation: RelationId::new("gateway-route", 3),
            remote_app: "route".into(),
            remote_unit: unit_set.then(|| "route/1".into()),
            departing_unit: (kind == RelationEventKind::Departed).then(|| "route/1".into()),
        });
    }
    events.push(Event::Relation {
        kind: RelationEventKind::Changed,
        relation: RelationId::new("gateway", 1),
        remote_app: "req".into(),
        remote_unit: None,
        departing_unit: None,
    });
    for (kind, revision) in [
        (SecretEventKind::Changed, None),
        (SecretEventKind::Expired, Some(2)),
        (SecretEventKind::Remove, Some(3)),
        (SecretEventKind::Rotate, None),
    ] {
        events.push(Event::Secret {
            kind,
            id: "secret:abc".into(),
            label: (kind == SecretEventKind::Rotate).then(|| "tls".into()),
            revision,
        });
    }
    for event in events {
        let ctx = context(event);
        let env: BTreeMap<String, String> = ctx.to_env().into_iter().collect();
        assert_eq!(parse(&env).as_ref(), Ok(&ctx), "{env:?}");
    }
}

#[test]
fn to_env_sets_what_juju_sets() {
    let ctx = context(Event::Relation {
        kind: RelationEventKind::Departed,
        relation: RelationId::new("gateway", 1),
        remote_app: "req".into(),
        remote_unit: Some("req/0".into()),
        departing_unit: Some("req/0".into()),
    });
    let expected: Vec<(String, String)> = [
        ("JUJU_DISPATCH_PATH", "hooks/gateway-relation-departed"),
        ("JUJU_HOOK_NAME", "gateway-relation-departed"),
        ("JUJU_UNIT_NAME", "gateway-api-integrator/2"),
        ("JUJU_MODEL_NAME", "m"),
        ("JUJU_MODEL_UUID", "uuid"),
        ("JUJU_VERSION", "3.6.8"),
        ("JUJU_CHARM_DIR", "/charm"),
        ("JUJU_RELATION", "gateway"),
        ("JUJU_RELATION_ID", "gateway:1"),
        ("JUJU_REMOTE_APP", "req"),
        ("JUJU_REMOTE_UNIT", "req/0"),
        ("JUJU_DEPARTING_UNIT", "req/0"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(ctx.to_env(), expected);

    let action = context(Event::Action {
        name: "get-certificate".into(),
        id: "5".into(),
    })
    .to_env();
    assert!(action.contains(&("JUJU_HOOK_NAME".into(), String::new())));
    assert!(action.contains(&("JUJU_ACTION_TAG".into(), "action-5".into())));
}
