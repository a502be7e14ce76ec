//! Relation hooks: endpoint, relation id, remote app and units.

use juju_hook::{Event, EventError, RelationEventKind, RelationId};

use super::{env, event_of, parse, without};

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
