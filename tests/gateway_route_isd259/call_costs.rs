//! What a reconcile costs with N ISD259 relations, exactly: hook-tool calls by tool and API
//! requests by verb, for the reconcile that serves them, the no-op reconciles after it, and a
//! new leader without a usable hook record. The formulas are those of
//! docs/explanation/performance.md; `scripts/bench.sh` shows them on the real API server.

use integrator_fixtures::{PEER_RELATION_ID, cluster, run};

use charm_cluster::{InMemoryCluster, Verb};
use juju_hook::{Event, RelationId};
use juju_hook_testing::{EventExt, Relation, State, ToolCalls};

use crate::requirers::isd259;
use crate::{active_with, ready, with_relations};

/// The n requirers: distinct paths over at most 30 hostnames, one workload each.
fn requirers(n: u64) -> Vec<Relation> {
    (1..=n)
        .map(|i| {
            let host = format!("h{}.example.com", i % 30);
            isd259(i, &host, &[&format!("/p{i}")], &format!("w{i}"), 8080)
        })
        .collect()
}

/// What one hook cost.
struct Cost {
    calls: ToolCalls,
    lists: usize,
    gets: usize,
    writes: usize,
    state: State,
}

fn hook(event: Event, state: State, cluster: &mut InMemoryCluster) -> Cost {
    let before = cluster.calls().len();
    let out = run(event, state, cluster);
    assert!(
        out.exit.is_ok(),
        "{:?}",
        out.exit.err().map(|e| e.to_string())
    );
    assert_eq!(out.state.unit_status, active_with(""));
    let calls = &cluster.calls()[before..];
    let count = |verbs: &[Verb]| calls.iter().filter(|c| verbs.contains(&c.verb)).count();
    Cost {
        calls: out.calls,
        lists: count(&[Verb::List]),
        gets: count(&[Verb::Get]),
        writes: count(&[Verb::Apply, Verb::Delete]),
        state: out.state,
    }
}

/// The LISTs of a reconcile in HTTP mode: GatewayClasses, then the kinds the Gateway records
/// (the Gateway, HTTPRoutes, Services) — listed in the first reconcile once the plan wants
/// objects of them.
const LISTS: usize = 4;

#[test]
fn reconciles_cost_exactly_the_formula() {
    for n in [1_u64, 3, 10, 100] {
        let mut cluster = cluster();
        let relations = requirers(n);
        let state = with_relations(ready(&mut cluster), &relations);
        let changed = Event::relation_changed(&relations[0], None);

        // The reconcile that serves them (the record knows none of them yet): is-leader,
        // config-get, the peer record (relation-ids, relation-get), relation-ids of the event's
        // endpoint, status-set; per relation: its remote bag, its name (relation-list --app,
        // except the event's own: JUJU_REMOTE_APP), our bag, the relation-set of its
        // endpoints; and the record's relation-set.
        let first = hook(changed.clone(), state, &mut cluster);
        assert_eq!(first.calls.total(), 4 * n + 6, "first reconcile, N={n}");
        assert_eq!(first.calls.get("relation-get"), 2 * n + 1, "N={n}");
        assert_eq!(first.calls.get("relation-list"), n - 1, "N={n}");
        assert_eq!(first.calls.get("relation-set"), n + 1, "N={n}");
        // The API: one LIST per kind, then the Gateway and a Service and an HTTPRoute each.
        assert_eq!((first.lists, first.gets), (LISTS, 0), "N={n}");
        assert_eq!(first.writes as u64, 1 + 2 * n, "N={n}");

        // A no-op reconcile: the remote bags, once each (N), and 5 calls besides; no write.
        let idle = hook(Event::UpdateStatus, first.state, &mut cluster);
        assert_eq!(idle.calls.total(), n + 5, "no-op update-status, N={n}");
        assert_eq!(idle.calls.get("relation-get"), n + 1, "N={n}");
        assert_eq!(idle.calls.get("relation-set"), 0, "N={n}");
        assert_eq!((idle.lists, idle.gets, idle.writes), (LISTS, 0, 0), "N={n}");

        // A no-op relation event: its endpoint's relation-ids besides.
        let again = hook(changed.clone(), idle.state, &mut cluster);
        assert_eq!(again.calls.total(), n + 6, "no-op relation-changed, N={n}");
        assert_eq!(
            (again.lists, again.gets, again.writes),
            (LISTS, 0, 0),
            "N={n}"
        );

        // A new leader (the record is another unit's): it reads every bag as before the
        // record existed (relation-list --app, its bag and ours: 3 calls per relation; 11
        // besides: is-leader, config-get, the record (2), relation-ids of the 6 endpoints,
        // status-set), and writes nothing.
        let mut elected = again.state.clone();
        elected.unit_id = 1;
        let fresh = hook(Event::LeaderElected, elected, &mut cluster);
        assert_eq!(fresh.calls.total(), 3 * n + 11, "new leader, N={n}");
        assert_eq!(fresh.calls.get("relation-set"), 0, "N={n}");
        assert_eq!(
            (fresh.lists, fresh.gets, fresh.writes),
            (LISTS, 0, 0),
            "N={n}"
        );
    }
}

#[test]
fn a_relation_gone_behind_the_record_is_read_again_without_it() {
    let mut cluster = cluster();
    let relations = requirers(3);
    let state = with_relations(ready(&mut cluster), &relations);
    let served = hook(
        Event::relation_changed(&relations[0], None),
        state,
        &mut cluster,
    );
    // Relation 2 disappears without its broken hook having run on this unit (it cannot in
    // Juju; the record must still not make the hook fail).
    let mut state = served.state;
    state.relations.retain(|r| r.id != 2);
    let healed = hook(Event::UpdateStatus, state, &mut cluster);
    // is-leader, config-get, the record (2); through the record until relation 2's bag fails
    // (relation 1's bag, relation 2's failed one); then every endpoint read again without it
    // (6 relation-ids; per relation left relation-list --app, its bag and ours); status-set
    // and the record's relation-set.
    assert_eq!(healed.calls.total(), 1 + 1 + 2 + 2 + 6 + 2 * 3 + 1 + 1);
    // The record is rewritten without relation 2, so the next hook is cheap again.
    assert_eq!(healed.calls.get("relation-set"), 1);
    let peer = healed
        .state
        .get_relation(PEER_RELATION_ID)
        .expect("the peer relation");
    let record = juju_hook::HookRecord::from_bag(&peer.local_app_data).expect("a record");
    assert!(
        !record
            .relations
            .contains_key(&RelationId::new("gateway-route", 2))
    );
    let idle = hook(Event::UpdateStatus, healed.state, &mut cluster);
    assert_eq!(idle.calls.total(), 2 + 5);
}
