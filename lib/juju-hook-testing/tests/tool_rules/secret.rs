//! Secret rules: ownership and leadership, revisions, keys and labels, read modes.

use std::collections::BTreeMap;

use juju_hook::{
    HookTools, SecretInfo, SecretOptions, SecretOwner, SecretRead, SecretSelector, ToolError,
};
use juju_hook_testing::{Secret, SecretOwnership, State, StateTools, tools::exit_code};

use super::{bag, state};

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
