//! `gateway-api-render`: what the gateway-api-integrator charm would apply for a given
//! configuration, relation data and certificates, without Juju or a cluster.
//!
//! ```text
//! input file ─► input (serde, paths in errors) ─► render (the charm's inputs → state → plan)
//!            ─► output (YAML stream or JSON List on stdout, `# …` notes on stderr)
//! ```
//! It lives outside the charm so that the hook binary links none of its YAML code.

pub mod certificates;
pub mod cli;
pub mod input;
pub mod output;
pub mod relation_error;
pub mod render;
