//! The `certificates` section: the certificates relation, and what its provider issued.
//!
//! ```yaml
//! certificates:
//!   issued: placeholder   # every certificate the charm would request: generated placeholders
//! # or
//! certificates:
//!   issued:               # given PEMs, by hostname (or the Gateway's IP)
//!     www.example.com: {certificate: "-----BEGIN CERTIFICATE-----…", key: "-----BEGIN PRIVATE KEY-----…"}
//! # or
//! certificates: {}        # related, nothing issued yet (`issued: none`)
//! ```
//!
//! Placeholders are deterministic text that is plainly not a certificate or a key, so that the
//! expected outputs are stable and nothing rendered can be mistaken for real material. A given
//! key is printed only when asked (`--reveal-keys`): otherwise the Secret's `tls.key` holds a
//! note saying it was redacted.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use gateway_api_integrator::state::{CertificateTarget, TlsMaterial};
use relation_data::validate::is_pem;
use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer};

/// The `certificates` section of the input: the relation exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificatesSection {
    /// What the provider issued (absent: nothing yet).
    #[serde(default)]
    pub issued: Issued,
}

/// What the certificates provider issued.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Issued {
    /// Nothing yet (`none`): the charm waits for every certificate.
    #[default]
    Nothing,
    /// A placeholder for every certificate the charm would request (`placeholder`).
    Placeholder,
    /// The given material, by common name (hostname or IP).
    Given(BTreeMap<String, GivenCertificate>),
}

/// A certificate the user gives, PEM text.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GivenCertificate {
    /// The leaf certificate (`-----BEGIN CERTIFICATE-----`).
    pub certificate: String,
    /// Its private key (`-----BEGIN PRIVATE KEY-----`, or the RSA or EC forms).
    pub key: String,
    /// The chain, as the provider sends it (leaf and CA certificates); optional.
    #[serde(default)]
    pub chain: Vec<String>,
}

impl fmt::Debug for GivenCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GivenCertificate")
            .field("certificate", &self.certificate)
            .field("key", &"<redacted>")
            .field("chain", &self.chain)
            .finish()
    }
}

const ISSUED_EXPECTED: &str =
    "`placeholder`, `none`, or a mapping from hostname to {certificate, key, chain}";

impl<'de> Deserialize<'de> for Issued {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Issued, D::Error> {
        struct IssuedVisitor;
        impl<'de> Visitor<'de> for IssuedVisitor {
            type Value = Issued;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(ISSUED_EXPECTED)
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Issued, E> {
                match value {
                    "placeholder" => Ok(Issued::Placeholder),
                    "none" => Ok(Issued::Nothing),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }

            fn visit_unit<E: de::Error>(self) -> Result<Issued, E> {
                Ok(Issued::Nothing)
            }

            fn visit_none<E: de::Error>(self) -> Result<Issued, E> {
                Ok(Issued::Nothing)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Issued, A::Error> {
                BTreeMap::deserialize(MapAccessDeserializer::new(map)).map(Issued::Given)
            }
        }
        deserializer.deserialize_any(IssuedVisitor)
    }
}

/// Why the given certificates cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// Not PEM text with the right label.
    #[error(
        "certificates.issued.{host}.{field}: must be a PEM {expected} (-----BEGIN {label}-----)"
    )]
    NotPem {
        /// The hostname (key of `issued`).
        host: String,
        /// `certificate`, `key` or `chain[i]`.
        field: String,
        /// What it must be.
        expected: &'static str,
        /// The PEM label.
        label: &'static str,
    },
    /// A certificate for a name the charm would not request.
    #[error("certificates.issued.{host}: the charm would not request a certificate for {host}; {}", describe_requested(.requested))]
    NotRequested {
        /// The hostname given.
        host: String,
        /// What the charm would request.
        requested: Vec<String>,
    },
}

fn describe_requested(names: &[String]) -> String {
    if names.is_empty() {
        "it requests none (it requests external-hostname, the gateway-route hostnames, or the \
         Gateway's IP for a gateway-route requirer without one)"
            .to_owned()
    } else {
        format!("it requests: {}", names.join(", "))
    }
}

/// The private-key labels accepted in a given `key`.
const KEY_LABELS: &[&str] = &["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

impl Issued {
    /// The TLS material by common name, for the certificates the charm would request
    /// (`targets`). Given material must be PEM and for a requested name.
    pub fn material(
        &self,
        targets: &[CertificateTarget],
    ) -> Result<BTreeMap<String, TlsMaterial>, CertificateError> {
        let names: BTreeSet<String> = targets.iter().map(CertificateTarget::common_name).collect();
        match self {
            Issued::Nothing => Ok(BTreeMap::new()),
            Issued::Placeholder => Ok(names
                .into_iter()
                .map(|name| {
                    let material = placeholder(&name);
                    (name, material)
                })
                .collect()),
            Issued::Given(given) => given
                .iter()
                .map(|(host, given)| {
                    if !names.contains(host) {
                        return Err(CertificateError::NotRequested {
                            host: host.clone(),
                            requested: names.iter().cloned().collect(),
                        });
                    }
                    given.check(host)?;
                    let material =
                        TlsMaterial::from_provider(&given.certificate, &given.chain, &given.key);
                    Ok((host.clone(), material))
                })
                .collect(),
        }
    }

    /// The common names whose private key came from the input (to redact).
    pub fn given_keys(&self) -> BTreeSet<String> {
        match self {
            Issued::Given(given) => given.keys().cloned().collect(),
            _ => BTreeSet::new(),
        }
    }
}

impl GivenCertificate {
    fn check(&self, host: &str) -> Result<(), CertificateError> {
        let not_pem = |field: String, expected, label| CertificateError::NotPem {
            host: host.to_owned(),
            field,
            expected,
            label,
        };
        if !is_pem(&self.certificate, "CERTIFICATE") {
            return Err(not_pem("certificate".into(), "certificate", "CERTIFICATE"));
        }
        if !KEY_LABELS.iter().any(|label| is_pem(&self.key, label)) {
            return Err(not_pem("key".into(), "private key", "PRIVATE KEY"));
        }
        if let Some(index) = self
            .chain
            .iter()
            .position(|pem| !is_pem(pem, "CERTIFICATE"))
        {
            return Err(not_pem(
                format!("chain[{index}]"),
                "certificate",
                "CERTIFICATE",
            ));
        }
        Ok(())
    }
}

/// The first line of every placeholder certificate.
pub const PLACEHOLDER_CERTIFICATE: &str = "PLACEHOLDER - NOT A CERTIFICATE";
/// The first line of every placeholder key.
pub const PLACEHOLDER_KEY: &str = "PLACEHOLDER - NOT A PRIVATE KEY";

/// Deterministic stand-ins for the certificate and key of `name`: plain text, not PEM, so that
/// nothing can take them for real material (a Gateway controller rejects them).
pub fn placeholder(name: &str) -> TlsMaterial {
    let note = "written by gateway-api-render; the charm serves the certificate its \
                certificates provider issues";
    TlsMaterial {
        certificate_chain_pem: format!("{PLACEHOLDER_CERTIFICATE} for {name}\n{note}\n"),
        private_key_pem: format!("{PLACEHOLDER_KEY} for {name}\n{note}\n"),
    }
}

/// What `tls.key` holds instead of a key given in the input, unless `--reveal-keys`.
pub fn redacted_key(name: &str) -> String {
    format!(
        "REDACTED - the private key given for {name} in the input; \
         gateway-api-render --reveal-keys prints it\n"
    )
}
