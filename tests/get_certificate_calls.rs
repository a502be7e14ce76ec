//! `get-certificate`'s cost, exactly, and its answers: through the answers every reconcile
//! keeps in the peer bag it makes 5 hook-tool calls (`is-leader`, `action-get`, the peer bag's
//! `relation-ids` and `relation-get`, `action-set` or `action-fail`); without them (before the
//! first reconcile of this version) it reads the `certificates` relation and the key, and
//! answers the same.

use integrator_fixtures as support;
use integrator_fixtures::ca::TestCa;
use integrator_fixtures::tls::*;

use charm_cluster::InMemoryCluster;
use gateway_api_integrator::certificate_answers::ANSWERS_KEY;
use juju_hook::Event;
use juju_hook_testing::{EventExt, State, ToolCalls};
use support::PEER_RELATION_ID;

/// What the action ended with: its results, sorted, and its failure message.
type Outcome = (Vec<(String, String)>, Option<String>);

/// The action's outcome and its calls.
fn action(state: &State, hostname: &str, cluster: &mut InMemoryCluster) -> (Outcome, ToolCalls) {
    let out = support::run(
        Event::action("get-certificate"),
        state.clone().action_param("hostname", hostname),
        cluster,
    );
    assert!(out.exit.is_ok());
    let results = out.state.action_results.into_iter().collect();
    ((results, out.state.action_failure), out.calls)
}

/// `state` without the stored answers (as a charm before this version left it).
fn without_answers(mut state: State) -> State {
    let peer = state.get_relation_mut(PEER_RELATION_ID).unwrap();
    assert!(peer.local_app_data.remove(ANSWERS_KEY).is_some());
    state
}

/// The calls through the stored answers.
fn assert_five(calls: &ToolCalls, ends_with: &str) {
    for tool in [
        "is-leader",
        "action-get",
        "relation-ids",
        "relation-get",
        ends_with,
    ] {
        assert_eq!(calls.get(tool), 1, "{tool}");
    }
    assert_eq!(calls.total(), 5);
}

#[test]
fn a_served_certificate_costs_five_calls_and_is_what_the_bags_say() {
    let (state, mut cluster) = serving();
    let (fast, calls) = action(&state, HOST, &mut cluster);
    assert_five(&calls, "action-set");
    assert_eq!(
        fast.0.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["ca", "certificate", "chain"]
    );
    assert_eq!(fast.1, None);

    // Without the answers: the certificates relation (relation-ids, relation-list --app, both
    // bags) and the key's secret besides; the same results.
    let (slow, calls) = action(&without_answers(state), HOST, &mut cluster);
    assert_eq!(slow, fast);
    assert_eq!(calls.get("relation-ids"), 2);
    assert_eq!(calls.get("relation-get"), 3);
    assert_eq!(calls.get("relation-list"), 1);
    assert_eq!(calls.get("secret-get"), 1);
    assert_eq!(calls.total(), 10);
}

#[test]
fn failures_cost_five_calls_and_say_the_same_as_the_bags() {
    // Another hostname than the one served.
    let (state, mut cluster) = serving();
    let (fast, calls) = action(&state, "other.example.com", &mut cluster);
    assert_five(&calls, "action-fail");
    assert_eq!(
        fast.1.as_deref(),
        Some("Missing or incomplete certificate data for other.example.com")
    );
    assert_eq!(
        action(&without_answers(state), "other.example.com", &mut cluster).0,
        fast
    );

    // Related, nothing issued yet.
    let (state, mut cluster) = related();
    let (fast, calls) = action(&state, HOST, &mut cluster);
    assert_five(&calls, "action-fail");
    assert_eq!(
        fast.1,
        Some(format!("Missing or incomplete certificate data for {HOST}"))
    );
    assert_eq!(action(&without_answers(state), HOST, &mut cluster).0, fast);

    // An expired certificate is not answered.
    let (state, mut cluster) = related();
    let csrs = our_csrs(&state);
    let state = with_provider(
        state,
        vec![issued(&TestCa::new(), &csrs[0], day(-90), day(-1))],
    );
    let event = Event::relation_changed(state.get_relation(CERTS).unwrap(), None);
    let state = step(event, state, &mut cluster);
    let (fast, calls) = action(&state, HOST, &mut cluster);
    assert_five(&calls, "action-fail");
    assert_eq!(
        fast.1,
        Some(format!("Missing or incomplete certificate data for {HOST}"))
    );
    assert_eq!(action(&without_answers(state), HOST, &mut cluster).0, fast);

    // No certificates relation: after a reconcile, the answers say so.
    let mut cluster = support::cluster();
    let state = step(Event::ConfigChanged, base_state(), &mut cluster);
    let (fast, calls) = action(&state, HOST, &mut cluster);
    assert_five(&calls, "action-fail");
    assert_eq!(fast.1.as_deref(), Some("Certificate relation not ready."));
    assert_eq!(action(&without_answers(state), HOST, &mut cluster).0, fast);
}

#[test]
fn the_answers_follow_the_provider_and_the_relation() {
    // Issued, then revoked: the reconcile of the provider's change rewrites the answers.
    let (state, mut cluster) = serving();
    let csrs = our_csrs(&state);
    let mut entry = issued(&TestCa::new(), &csrs[0], day(-1), day(89));
    entry.revoked = true;
    let state = with_provider(state, vec![entry]);
    let event = Event::relation_changed(state.get_relation(CERTS).unwrap(), None);
    let state = step(event, state, &mut cluster);
    let (fast, calls) = action(&state, HOST, &mut cluster);
    assert_five(&calls, "action-fail");
    assert_eq!(
        fast.1,
        Some(format!("Missing or incomplete certificate data for {HOST}"))
    );
    assert_eq!(
        action(&without_answers(state.clone()), HOST, &mut cluster).0,
        fast
    );

    // The relation broken: not ready.
    let relation = state.get_relation(CERTS).unwrap().clone();
    let state = step(Event::relation_broken(&relation), state, &mut cluster);
    let state = State {
        relations: state
            .relations
            .into_iter()
            .filter(|r| r.id != CERTS)
            .collect(),
        ..state
    };
    let (fast, _) = action(&state, HOST, &mut cluster);
    assert_eq!(fast.1.as_deref(), Some("Certificate relation not ready."));
}

#[test]
fn a_reissued_certificate_costs_one_relation_set_and_is_answered() {
    // The provider re-issues for the same CSR: our bags and the record stay as they are; only
    // the answers change, in the peer bag's one relation-set.
    let (state, mut cluster) = serving();
    let csrs = our_csrs(&state);
    let again = issued(&TestCa::new(), &csrs[0], day(-2), day(178));
    let state = with_provider(state, vec![again.clone()]);
    let event = Event::relation_changed(state.get_relation(CERTS).unwrap(), None);
    let out = support::run(event, state, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.calls.get("relation-set"), 1);
    let ((results, failure), calls) = action(&out.state, HOST, &mut cluster);
    assert_five(&calls, "action-set");
    assert_eq!(failure, None);
    assert!(results.contains(&("certificate".to_owned(), again.certificate.clone())));
}
