//! The gateway-api-integrator charm: one pass per Juju event.
//!
//! ```text
//! Juju env ─► Event ─► gather ─► plan (pure) ─► execute
//! ```
//! - [`gather`] is the only place that reads (hook tools, secrets, cluster);
//! - [`inputs`] and [`state`] turn what was read into validated facts or a typed error;
//! - [`plan`] decides every effect: objects, databags, secrets, status, action results;
//! - [`execute`] carries the plan out and decides nothing.

pub mod actions;
pub mod certificate_answers;
pub mod charm;
pub mod config;
pub mod execute;
pub mod gather;
pub mod inputs;
pub mod lazy_cluster;
pub mod plan;
pub mod state;
