//! The `tests/interop/istio_route_*.py` harnesses (the real charmlibs istio-ingress-route),
//! run by the shared runner in `common/harness.rs`.

#[allow(unused_imports)] // not every istio test runs a harness
pub use crate::common::harness::{python, run, run_texts};

/// The real provider: `get_config`, `update_ingress_address`, `wipe_ingress_data`.
pub const PROVIDER_CHECK: &str = "istio_route_provider_check.py";
/// The real requirer: `external_host`, `tls_enabled`, `is_ready` for a provider bag.
pub const REQUIRER_CHECK: &str = "istio_route_requirer_check.py";
/// The real requirer's `submit_config` for a config description.
pub const REQUIRER_EMIT: &str = "istio_route_requirer_emit.py";
