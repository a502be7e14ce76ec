//! The gateway-route-configurator charm (ISD259): it takes a workload's `ingress` request,
//! adds the operator's `hostname` and `paths`, sends the result to gateway-api-integrator over
//! `gateway-route`, and hands the URL the integrator answers back to the workload.
//!
//! One pass per hook ([`charm::run`]): [`gather`] reads Juju state once, [`state`] decides
//! (pure), [`plan`] diffs the decision against what is already published (pure), and the
//! shared executor ([`juju_hook::effects::execute`]) writes only the differences and sets the
//! status.

pub mod charm;
pub mod config;
pub mod gather;
pub mod plan;
pub mod state;
