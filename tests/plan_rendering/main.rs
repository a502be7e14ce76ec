//! The plan for each mode, compared object by object with exact JSON.
//!
//! - [`https_ingress`]: ingress with TLS, HTTPS enforced or not, waiting for certificates;
//! - [`http_ingress`]: plain HTTP, with and without a hostname, and an ingress awaiting data;
//! - [`long_names`]: object names truncated with a hash as the Python charm does;
//! - [`gateway_route_mode`]: gateway-route requirers' listeners and the published HTTPS mode;
//! - [`idempotence`]: every valid ingress case renders the same plan twice;
//! - [`expected`]: the expected objects' parts (metadata, listeners, rules, filters);
//! - here: the plan of some inputs and what the tests read of it.

mod expected;
mod gateway_route_mode;
mod http_ingress;
mod https_ingress;
mod idempotence;
mod long_names;

use charm_cluster::Kind;
use gateway_api_integrator::plan::Desired;
use gateway_api_integrator::state::{CharmState, Inputs};
use serde_json::Value;

/// The plan of `inputs`, which must be valid.
fn plan(inputs: &Inputs) -> Desired {
    Desired::compute(&CharmState::build(inputs).expect("valid inputs"))
}

/// The `kind` object named `name` in `plan`.
fn object(plan: &Desired, kind: Kind, name: &str) -> Value {
    plan.desired_of(kind)
        .find(|object| object.name() == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in {:#?}", plan.desired))
        .object()
}

/// The kind and name of every object in `plan`, in order.
fn names(plan: &Desired) -> Vec<(Kind, String)> {
    plan.desired
        .iter()
        .map(|object| (object.kind, object.name().to_owned()))
        .collect()
}

/// The URL published to the ingress relation 3.
fn url(plan: &Desired) -> Option<&str> {
    plan.ingress_urls.get(&3).and_then(|url| url.as_deref())
}
