//! Parsing the hook environment into a `HookContext`, and back.

mod action;
mod relation;
mod secret;
mod to_env;

use std::collections::BTreeMap;
use std::path::PathBuf;

use juju_hook::{Event, EventError, HookContext};

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
