//! Relation rules: leadership over the app databag, peers, unknown relations, listings.

use juju_hook::{DatabagOwner, DatabagScope, HookTools, RelationId, ToolError};
use juju_hook_testing::{Relation, State, StateTools, tools::exit_code};

use super::{bag, state, website};

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
