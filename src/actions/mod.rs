//! Actions: one file per action, each a pure function of what gather read. An action reads
//! the same plan as the reconcile, so what it reports is what is published.

mod get_certificate;
mod get_proxied_endpoints;

pub use get_certificate::{RELATION_NOT_READY, get_certificate};
pub use get_proxied_endpoints::{RESULT_KEY, get_proxied_endpoints};
