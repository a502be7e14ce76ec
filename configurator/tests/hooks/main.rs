//! State-in/state-out tests of whole hooks, run through the `juju-hook-testing` harness against
//! this charm's own charmcraft.yaml/config.yaml. Workload and integrator data come from the
//! databags the real Python libraries wrote (`../shared/interop-golden`, or
//! `$INTEROP_GOLDEN_DIR`).
//!
//! - [`status_before_serving`]: blocked or waiting before there is anything to serve: config,
//!   missing relations, the workload's data;
//! - [`request_and_answer`]: the request sent byte-exact, the integrator's answer reaching the
//!   workload as the first path's URL, an invalid answer;
//! - [`request_changes`]: port, paths and hostname changes, and when the old answer still fits;
//! - [`withdrawal`]: request and URL withdrawn (cross-model workload, invalid config, a relation
//!   leaving);
//! - [`standby`]: a non-leader only sets its status;
//! - [`call_budget`]: the hook-tool calls of each kind of hook, and the budget over a lifecycle;
//! - [`golden`], [`states`], [`expected`]: the golden bags, the states the tests start from, and
//!   the statuses, bags and calls they expect;
//! - here: running a hook within the hook-tool budget, and what the tests read of its output.

mod call_budget;
mod expected;
mod golden;
mod request_and_answer;
mod request_changes;
mod standby;
mod states;
mod status_before_serving;
mod withdrawal;

use gateway_route_configurator::charm::{self, CharmError};
use juju_hook::{Databag, Event};
use juju_hook_testing::{Context, Output, Relation, State};

const APP: &str = "gateway-route-configurator";
const INGRESS_ID: u64 = 1;
const ROUTE_ID: u64 = 2;
/// The hook-tool budget of a hook that leaves our request as it is.
const BUDGET: u64 = 12;
/// The hook-tool budget of a hook that changes our request: it may also read the integrator's
/// answer and, when that already fits the new request, change the workload's URL.
const REQUEST_CHANGE_BUDGET: u64 = 13;

fn context() -> Context {
    Context::new(env!("CARGO_MANIFEST_DIR")).expect("the charm's metadata loads")
}

/// Run one hook; it must succeed within the hook-tool budget ([`BUDGET`], or
/// [`REQUEST_CHANGE_BUDGET`] when it changes our request).
fn run(event: Event, state: State) -> Output<CharmError> {
    let request_before = request_bag(&state);
    let output = context()
        .run(event, state, charm::run)
        .expect("state and event are consistent");
    if let Err(error) = &output.exit {
        panic!("hook failed: {error}");
    }
    let budget = if request_bag(&output.state) == request_before {
        BUDGET
    } else {
        REQUEST_CHANGE_BUDGET
    };
    assert!(
        output.calls.total() <= budget,
        "{} hook-tool calls, budget {budget}: {:?}",
        output.calls.total(),
        output.calls.by_tool()
    );
    output
}

/// Our `gateway-route` app bag (the request), if related.
fn request_bag(state: &State) -> Option<Databag> {
    state
        .get_relation(ROUTE_ID)
        .map(|relation| relation.local_app_data.clone())
}

/// Relation `id` in `state`; it must be there.
fn relation(state: &State, id: u64) -> &Relation {
    state.get_relation(id).expect("relation in state")
}

/// The hook-tool calls of `output`, by tool.
fn calls(output: &Output<CharmError>) -> Vec<(&str, u64)> {
    output
        .calls
        .by_tool()
        .iter()
        .map(|(tool, count)| (tool.as_str(), *count))
        .collect()
}
