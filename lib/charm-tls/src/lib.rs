//! Pure TLS core of the charm: the tls-certificates v4 requirer in APP mode.
//!
//! Behaves as the charmlibs `tls-certificates` requirer does, so any provider charm works with
//! us unchanged: one application RSA key ([`PrivateKey`]), one CSR per served target
//! ([`CertificateSigningRequest`]), provider certificates accepted only under the library's
//! rules, renewal at 90 % of validity, revoked certificates re-requested
//! ([`requirer::reconcile`]). No IO and no clock reads: the caller passes `now`.
#![warn(missing_docs)]

pub mod certificate;
pub mod chain;
pub mod csr;
mod digest;
pub mod error;
pub mod key;
mod names;
mod oid;
pub mod plan;
pub mod requirer;
pub mod secret_label;
pub mod target;
pub mod unique_id;
mod verdict;

pub use certificate::Certificate;
pub use csr::CertificateSigningRequest;
pub use digest::sha256_hex;
pub use error::{CertificateError, CsrError, KeyError};
pub use key::{PrivateKey, PrivateKeyPem, PublicKey};
pub use requirer::{
    AcceptedCertificate, DeniedRequest, ProviderCertificate, Refusal, RefusalReason, Renewal,
    RenewalReason, RequestError, RequirerInputs, RequirerOutcome, reconcile,
};
pub use target::CertificateTarget;
