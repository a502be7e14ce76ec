//! The gateway-api-integrator charm: one holistic pass per Juju event.
//!
//! ```text
//! Juju env ─► Event ─► gather ─► CharmState ─► Plan ─► apply ─► publish ─► status
//! ```
//! - [`gather`] is the only place that reads (hook tools, cluster);
//! - [`state`] turns raw inputs into validated facts or a typed error;
//! - [`plan`] is a pure function from state to objects, databags and status;
//! - [`apply`] writes what the plan says and deletes what it no longer wants.
#![deny(unsafe_code)]

pub mod actions;
pub mod apply;
pub mod charm;
pub mod cli;
pub mod config;
pub mod entry;
pub mod gather;
pub mod inputs;
pub mod lazy_cluster;
pub mod plan;
pub mod publish;
pub mod state;
pub mod tls;
