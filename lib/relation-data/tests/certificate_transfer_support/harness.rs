//! The `tests/interop/certificate_transfer_*.py` harnesses (the real charmlibs
//! certificate-transfer 1.1.0), run by the shared runner in `common/harness.rs`.

/// The real `CertificateTransferProvides`: `add_certificates`, `remove_certificate`,
/// `remove_all_certificates`, and the bags they leave.
pub const PROVIDER_EMIT: &str = "certificate_transfer_provider_emit.py";
/// The real `CertificateTransferRequires`: what it reads from provider bags, and what it
/// writes on relation-created.
pub const REQUIRER_CHECK: &str = "certificate_transfer_requirer_check.py";
