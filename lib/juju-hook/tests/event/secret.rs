//! Secret hooks: id, label and revision.

use juju_hook::{Event, EventError, SecretEventKind};

use super::{env, event_of, parse};

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
