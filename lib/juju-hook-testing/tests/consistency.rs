//! Metadata parsing and the consistency check, against tests/fixtures.

use juju_hook::{Event, RelationId};
use juju_hook_testing::metadata::{ActionParam, ConfigType, Endpoint, EndpointRole};
use juju_hook_testing::{CharmMetadata, Context, EventExt, Problem, Relation, Secret, State};
use serde_json::json;

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn context() -> Context {
    Context::new(fixtures()).expect("fixtures load")
}

fn problems(state: &State, event: &Event) -> Vec<Problem> {
    context()
        .check(state, event)
        .map(|()| Vec::new())
        .unwrap_or_else(|e| e.problems)
}

#[test]
fn loads_endpoints_config_and_actions() {
    let ctx = context();
    let meta = ctx.metadata();
    assert_eq!(meta.name, "demo");
    assert_eq!(
        meta.endpoints["website"],
        Endpoint {
            role: EndpointRole::Provides,
            interface: "http".into(),
            limit: Some(2)
        }
    );
    assert_eq!(meta.endpoints["cluster"].role, EndpointRole::Peers);
    assert_eq!(meta.endpoints["database"].role, EndpointRole::Requires);
    assert_eq!(meta.config["ratio"].kind, ConfigType::Float);
    assert_eq!(meta.config["api-key"].kind, ConfigType::Secret);
    let rotate = &meta.actions["rotate-key"];
    assert_eq!(rotate.required, vec!["length".to_owned()]);
    assert!(!rotate.additional_properties);
    assert_eq!(
        rotate.params["length"],
        ActionParam {
            kind: Some("integer".into())
        }
    );
    assert_eq!(
        serde_json::Value::Object(meta.config_defaults()),
        json!({
            "hostname": "demo.local",
            "port": 8080,
            "ratio": null,
            "debug": false,
            "api-key": null,
            "fail-after-write": false,
        })
    );
}

#[test]
fn unified_charmcraft_yaml_is_understood() {
    let meta = CharmMetadata::parse(
        "name: x\nrequires:\n  db:\n    interface: pg\nconfig:\n  options:\n    a:\n      type: int\n      default: 3\nactions:\n  go:\n    params:\n      n:\n        type: number\n",
        None,
        None,
    )
    .unwrap();
    assert_eq!(meta.endpoints["db"].interface, "pg");
    assert_eq!(meta.config_defaults().get("a"), Some(&json!(3)));
    // Juju 3's default for additionalProperties.
    assert!(meta.actions["go"].additional_properties);
}

#[test]
fn the_repository_charm_metadata_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let meta = CharmMetadata::load(&root).unwrap();
    assert_eq!(meta.name, "gateway-api-integrator");
    assert_eq!(meta.endpoints["gateway"].interface, "ingress");
    assert!(meta.actions.contains_key("get-certificate"));
    assert_eq!(meta.config["enforce-https"].default, Some(json!(true)));
}

#[test]
fn consistent_state_passes() {
    let state = State::new("demo")
        .config("port", 1)
        .config("ratio", 0.5)
        .config("api-key", "secret:abc")
        .relation(Relation::new("website", "http", 1, "a").remote_unit("a/0", [("k", "v")]))
        .relation(Relation::new("cluster", "demo_peers", 2, "demo"));
    let rel = state.relations[0].clone();
    assert_eq!(
        problems(&state, &Event::relation_changed(&rel, Some("a/0"))),
        vec![]
    );
    assert_eq!(problems(&state, &Event::ConfigChanged), vec![]);
}

#[test]
fn relation_problems_are_all_listed() {
    let state = State::new("demo")
        .relation(Relation::new("nope", "http", 1, "a"))
        .relation(Relation::new("website", "https", 2, "a"))
        .relation(Relation::new("database", "postgresql_client", 3, "pg1"))
        .relation(Relation::new("database", "postgresql_client", 3, "pg2"))
        .relation(Relation::new("cluster", "demo_peers", 4, "other"));
    assert_eq!(
        problems(&state, &Event::Install),
        vec![
            Problem::UndeclaredEndpoint {
                endpoint: "nope".into(),
                relation_id: 1
            },
            Problem::InterfaceMismatch {
                endpoint: "website".into(),
                declared: "http".into(),
                found: "https".into()
            },
            Problem::DuplicateRelationId { id: 3 },
            Problem::PeerRemoteApp {
                endpoint: "cluster".into(),
                remote_app: "other".into()
            },
            Problem::OverLimit {
                endpoint: "database".into(),
                limit: 1,
                count: 2
            },
        ]
    );
}

#[test]
fn config_problems() {
    let state = State::new("demo")
        .config("bogus", "x")
        .config("port", "80")
        .config("ratio", true)
        .config("debug", 1)
        .config("api-key", "plain")
        .config("hostname", 3);
    let got = problems(&state, &Event::ConfigChanged);
    let expected = vec![
        Problem::ConfigType {
            key: "api-key".into(),
            expected: "secret",
            found: "\"plain\"".into(),
        },
        Problem::UnknownConfigKey {
            key: "bogus".into(),
        },
        Problem::ConfigType {
            key: "debug".into(),
            expected: "boolean",
            found: "1".into(),
        },
        Problem::ConfigType {
            key: "hostname".into(),
            expected: "string",
            found: "3".into(),
        },
        Problem::ConfigType {
            key: "port".into(),
            expected: "int",
            found: "\"80\"".into(),
        },
        Problem::ConfigType {
            key: "ratio".into(),
            expected: "float",
            found: "true".into(),
        },
    ];
    assert_eq!(got, expected);
    let err = context().check(&state, &Event::ConfigChanged).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("inconsistent state: config \"api-key\" should be secret")
    );
}

#[test]
fn event_objects_must_be_in_the_state() {
    let state = State::new("demo").relation(Relation::new("website", "http", 1, "a"));
    let missing = Relation::new("website", "http", 7, "a");
    assert_eq!(
        problems(&state, &Event::relation_broken(&missing)),
        vec![Problem::RelationNotInState {
            relation: RelationId::new("website", 7)
        }]
    );
    assert_eq!(
        problems(&state, &Event::relation_joined(&state.relations[0], "a/5")),
        vec![Problem::RemoteUnitNotInRelation {
            relation: RelationId::new("website", 1),
            unit: "a/5".into()
        }]
    );
    // The departing unit is already gone from the relation.
    assert_eq!(
        problems(
            &state,
            &Event::relation_departed(&state.relations[0], "a/5", "a/5")
        ),
        vec![]
    );
    let secret = Secret::new("secret:gone", [("key", "v")]);
    assert_eq!(
        problems(&state, &Event::secret_changed(&secret)),
        vec![Problem::SecretNotInState {
            id: "secret:gone".into()
        }]
    );
}

#[test]
fn action_problems() {
    assert_eq!(
        problems(&State::new("demo"), &Event::action("launch")),
        vec![Problem::UndeclaredAction {
            name: "launch".into()
        }]
    );
    let state = State::new("demo")
        .action_param("comment", 5)
        .action_param("extra", "x");
    assert_eq!(
        problems(&state, &Event::action("rotate-key")),
        vec![
            Problem::ActionParamType {
                action: "rotate-key".into(),
                param: "comment".into(),
                expected: "string".into()
            },
            Problem::UnknownActionParam {
                action: "rotate-key".into(),
                param: "extra".into()
            },
            Problem::MissingActionParam {
                action: "rotate-key".into(),
                param: "length".into()
            },
        ]
    );
    let ok = State::new("demo")
        .action_param("length", 32)
        .action_param("comment", "c");
    assert_eq!(problems(&ok, &Event::action("rotate-key")), vec![]);
}
