//! The secret tools: values through private files, selectors, read modes, output parsing.

use juju_hook::{
    HookTools, SecretInfo, SecretOptions, SecretOwner, SecretRead, SecretSelector, ToolError,
};

use super::support::argv;
use super::{map, setup};

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
