//! X.509 certificates received from the provider, and the renewal schedule.

use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use x509_cert::der::pem::LineEnding;
use x509_cert::der::{Decode, DecodePem, Encode, EncodePem};
use x509_cert::ext::pkix::BasicConstraints;

use crate::error::CertificateError;
use crate::key::PublicKey;
use crate::names::{self, AltNames, SubjectSummary};
use crate::oid;
use crate::target::CertificateTarget;

/// Fraction of a certificate's validity after which it is renewed: the library's default
/// `renewal_relative_time = 0.9`, as numerator over [`RENEWAL_DENOMINATOR`].
pub const RENEWAL_NUMERATOR: u32 = 9;
/// See [`RENEWAL_NUMERATOR`].
pub const RENEWAL_DENOMINATOR: u32 = 10;

/// A parsed X.509 certificate and its normalised PEM text.
#[derive(Debug, Clone)]
pub struct Certificate {
    pem: String,
    der: Vec<u8>,
    subject: SubjectSummary,
    alt_names: AltNames,
    is_ca: bool,
    not_before: SystemTime,
    not_after: SystemTime,
    public_key: PublicKey,
}

impl PartialEq for Certificate {
    /// Two certificates are equal when their DER is.
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl Certificate {
    /// Parses one PEM `CERTIFICATE` (surrounding whitespace ignored).
    pub fn from_pem(pem: &str) -> Result<Self, CertificateError> {
        let invalid =
            |error: x509_cert::der::Error| CertificateError::InvalidPem(error.to_string());
        let certificate =
            x509_cert::Certificate::from_pem(pem.trim().as_bytes()).map_err(invalid)?;
        let tbs = &certificate.tbs_certificate;
        let extensions = tbs.extensions.clone().unwrap_or_default();
        let mut is_ca = false;
        for extension in extensions
            .iter()
            .filter(|e| e.extn_id == oid::BASIC_CONSTRAINTS)
        {
            let constraints =
                BasicConstraints::from_der(extension.extn_value.as_bytes()).map_err(|error| {
                    CertificateError::InvalidExtension {
                        extension: "basicConstraints",
                        detail: error.to_string(),
                    }
                })?;
            is_ca = constraints.ca;
        }
        let alt_names =
            names::alt_names(&extensions).map_err(|detail| CertificateError::InvalidExtension {
                extension: "subjectAltName",
                detail,
            })?;
        Ok(Self {
            pem: certificate
                .to_pem(LineEnding::LF)
                .map_err(invalid)?
                .trim_end()
                .to_owned(),
            der: certificate.to_der().map_err(invalid)?,
            subject: names::summarise_subject(&tbs.subject),
            alt_names,
            is_ca,
            not_before: tbs.validity.not_before.to_system_time(),
            not_after: tbs.validity.not_after.to_system_time(),
            public_key: PublicKey::from_spki(&tbs.subject_public_key_info),
        })
    }

    /// Normalised PEM (64-column lines, no trailing newline).
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// The subject common name, if any.
    pub fn common_name(&self) -> Option<&str> {
        self.subject.common_name.as_deref()
    }

    /// DNS subject alternative names.
    pub fn dns_names(&self) -> &[String] {
        &self.alt_names.dns
    }

    /// IP subject alternative names.
    pub fn ip_addresses(&self) -> &[IpAddr] {
        &self.alt_names.ip
    }

    /// The BasicConstraints `cA` flag (false when the extension is absent).
    pub fn is_ca(&self) -> bool {
        self.is_ca
    }

    /// Start of validity.
    pub fn not_before(&self) -> SystemTime {
        self.not_before
    }

    /// End of validity.
    pub fn not_after(&self) -> SystemTime {
        self.not_after
    }

    /// The certified public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// Whether the certificate names `target` (as a SAN of the right kind, or as its CN).
    pub fn covers(&self, target: &CertificateTarget) -> bool {
        let in_alt_names = match target {
            CertificateTarget::Dns(hostname) => self.alt_names.dns.iter().any(|d| d == hostname),
            CertificateTarget::Ip(address) => self.alt_names.ip.contains(address),
        };
        in_alt_names || self.subject.common_name.as_deref() == Some(target.common_name().as_str())
    }

    /// When to request a new certificate: `not_before + 0.9 × validity`.
    ///
    /// The library arms its certificate secret to expire at `stored_at + 0.9 × (not_after −
    /// stored_at)` (see [`certificate_secret_expiry`]); providers issue at `not_before`, so the two
    /// agree up to the provider's latency, and this one needs no stored state.
    pub fn renew_at(&self) -> SystemTime {
        let validity = self
            .not_after
            .duration_since(self.not_before)
            .unwrap_or(Duration::ZERO);
        self.not_before + fraction_of(validity)
    }
}

/// The `expire` the library gives the certificate's Juju secret when it stores the certificate at
/// `stored_at`: `stored_at + 0.9 × (not_after − stored_at)` (`stored_at` when already expired).
pub fn certificate_secret_expiry(stored_at: SystemTime, not_after: SystemTime) -> SystemTime {
    let remaining = not_after
        .duration_since(stored_at)
        .unwrap_or(Duration::ZERO);
    stored_at + fraction_of(remaining)
}

fn fraction_of(duration: Duration) -> Duration {
    duration * RENEWAL_NUMERATOR / RENEWAL_DENOMINATOR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_expiry_is_ninety_percent_of_the_remaining_validity() {
        let stored_at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let not_after = stored_at + Duration::from_secs(100_000);

        assert_eq!(
            certificate_secret_expiry(stored_at, not_after),
            stored_at + Duration::from_secs(90_000)
        );
        assert_eq!(certificate_secret_expiry(not_after, stored_at), not_after);
    }
}
