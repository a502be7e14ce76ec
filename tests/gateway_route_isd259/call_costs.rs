//! What a reconcile costs: hook-tool and API calls grow linearly with the ISD259 relations,
//! and the reconcile after it writes nothing.

use integrator_fixtures::{cluster, run};

use charm_cluster::{InMemoryCluster, Verb};
use juju_hook::Event;
use juju_hook_testing::Relation;

use crate::requirers::isd259;
use crate::{active_with, ready, with_relations};

/// Hook-tool and API calls of one reconcile with `n` ISD259 relations (distinct paths over at
/// most 30 hostnames, one workload each), and of the no-op reconcile after it.
fn reconcile_costs(n: u64) -> [u64; 6] {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let relations: Vec<Relation> = (1..=n)
        .map(|i| {
            let host = format!("h{}.example.com", i % 30);
            isd259(i, &host, &[&format!("/p{i}")], &format!("w{i}"), 8080)
        })
        .collect();
    let state = with_relations(state, &relations);
    let count = |cluster: &InMemoryCluster, from: usize, verb: Verb| {
        cluster.calls()[from..]
            .iter()
            .filter(|c| c.verb == verb)
            .count() as u64
    };
    let before = cluster.calls().len();
    let out = run(Event::UpdateStatus, state, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.state.unit_status, active_with(""));
    let first = [
        out.calls.total(),
        out.calls.get("relation-set"),
        count(&cluster, before, Verb::Apply),
        count(&cluster, before, Verb::List) + count(&cluster, before, Verb::Get),
    ];
    let before = cluster.calls().len();
    let again = run(Event::UpdateStatus, out.state, &mut cluster);
    assert!(again.exit.is_ok());
    [
        first[0],
        first[1],
        first[2],
        first[3],
        again.calls.get("relation-set"),
        count(&cluster, before, Verb::Apply) + count(&cluster, before, Verb::Delete),
    ]
}

#[test]
fn five_hundred_relations_cost_linear_calls() {
    let [tools_0, _, _, reads_0, _, _] = reconcile_costs(0);
    let [tools, sets, applies, reads, sets_again, writes_again] = reconcile_costs(500);
    // Per relation: relation-list, relation-get of its app bag and of ours, one relation-set.
    assert_eq!(tools, tools_0 + 500 * 4);
    assert_eq!(sets, 500);
    // The Gateway, then a Service and an HTTPRoute per relation.
    assert_eq!(applies, 1 + 500 + 500);
    // Reads: the same LISTs (GatewayClasses + one per managed kind), whatever the number of
    // relations: each LIST shows every name taken, so no new object needs a GET first.
    assert_eq!(reads, reads_0);
    assert_eq!(reads, 6);
    // And the reconcile after it writes nothing.
    assert_eq!((sets_again, writes_again), (0, 0));
}
