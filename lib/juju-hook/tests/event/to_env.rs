//! `HookContext::to_env`: the variables Juju would set, and the round trip through `from_env`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use juju_hook::{Event, HookContext, RelationEventKind, RelationId, SecretEventKind};

use super::parse;

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
