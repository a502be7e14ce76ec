//! TLS material per hostname, and which certificates the charm needs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub use charm_tls::CertificateTarget;

/// A certificate chain and its private key, as PEM text. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct TlsMaterial {
    /// The full chain, leaf first, PEM blocks joined with a blank line (`tls.crt`).
    pub certificate_chain_pem: String,
    /// The private key (`tls.key`).
    pub private_key_pem: String,
}

impl fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsMaterial")
            .field("certificate_chain_pem", &self.certificate_chain_pem)
            .field("private_key_pem", &"<redacted>")
            .finish()
    }
}

impl TlsMaterial {
    /// Build `tls.crt` as the Python charm does: the provider's `chain` joined with `"\n\n"`,
    /// leaf first (reversed when the provider put the leaf last); just the certificate when
    /// the chain is empty.
    pub fn from_provider(certificate: &str, chain: &[String], private_key_pem: &str) -> Self {
        let mut ordered: Vec<&str> = chain.iter().map(|pem| pem.trim()).collect();
        if ordered.is_empty() {
            ordered.push(certificate.trim());
        } else if ordered[0] != certificate.trim() {
            ordered.reverse();
        }
        TlsMaterial {
            certificate_chain_pem: ordered.join("\n\n"),
            private_key_pem: private_key_pem.to_owned(),
        }
    }
}

/// The certificates relation, as gathered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertificatesInput {
    /// Whether the `certificates` relation exists.
    pub related: bool,
    /// Issued certificates by common name (hostname or IP), with the app private key.
    pub issued: BTreeMap<String, TlsMaterial>,
}

/// TLS as the plan uses it: HTTPS listeners only for targets with a valid certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsState {
    /// No `certificates` relation: plain HTTP only.
    NotRelated,
    /// Related, but some targets have no certificate yet.
    Pending {
        /// Common names still waiting for a certificate, sorted.
        missing: Vec<String>,
        /// Certificates already issued for the other targets, by common name.
        issued: BTreeMap<String, TlsMaterial>,
    },
    /// A certificate for every target, by common name (hostname or IP).
    Ready(BTreeMap<String, TlsMaterial>),
}

impl TlsState {
    /// Decide from the targets wanted and what was issued (material for common names that are
    /// not targets is dropped).
    pub(crate) fn resolve(
        input: &CertificatesInput,
        targets: &BTreeSet<CertificateTarget>,
    ) -> Self {
        if !input.related {
            return TlsState::NotRelated;
        }
        let mut missing = Vec::new();
        let mut issued = BTreeMap::new();
        for name in targets.iter().map(CertificateTarget::common_name) {
            match input.issued.get(&name) {
                Some(material) => {
                    issued.insert(name, material.clone());
                }
                None => missing.push(name),
            }
        }
        if missing.is_empty() {
            TlsState::Ready(issued)
        } else {
            TlsState::Pending { missing, issued }
        }
    }

    /// The material to serve, by common name: every target when ready, the issued subset
    /// while some are pending (`None` when nothing is issued yet or not related).
    pub fn ready(&self) -> Option<&BTreeMap<String, TlsMaterial>> {
        match self {
            TlsState::Ready(material) => Some(material),
            TlsState::Pending { issued, .. } if !issued.is_empty() => Some(issued),
            _ => None,
        }
    }

    /// Common names still waiting for a certificate (empty unless pending).
    pub fn missing(&self) -> &[String] {
        match self {
            TlsState::Pending { missing, .. } => missing,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_is_written_leaf_first() {
        let chain = vec!["CA".to_owned(), "LEAF".to_owned()];
        assert_eq!(
            TlsMaterial::from_provider("LEAF", &chain, "KEY").certificate_chain_pem,
            "LEAF\n\nCA"
        );
        let chain = vec!["LEAF".to_owned(), "INT".to_owned(), "CA".to_owned()];
        assert_eq!(
            TlsMaterial::from_provider("LEAF", &chain, "KEY").certificate_chain_pem,
            "LEAF\n\nINT\n\nCA"
        );
        assert_eq!(
            TlsMaterial::from_provider("LEAF", &[], "KEY").certificate_chain_pem,
            "LEAF"
        );
    }

    #[test]
    fn debug_never_shows_the_private_key() {
        let material =
            TlsMaterial::from_provider("LEAF", &[], "-----BEGIN PRIVATE KEY----- SECRET");
        let debug = format!("{material:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn issued_targets_are_served_while_others_are_pending() {
        let targets: BTreeSet<_> = [
            CertificateTarget::Dns("a.example.com".into()),
            CertificateTarget::Dns("b.example.com".into()),
        ]
        .into();
        let material = TlsMaterial::from_provider("LEAF", &[], "KEY");
        let mut input = CertificatesInput {
            related: true,
            issued: [("a.example.com".to_owned(), material.clone())].into(),
        };
        let pending = TlsState::resolve(&input, &targets);
        assert_eq!(
            pending,
            TlsState::Pending {
                missing: vec!["b.example.com".into()],
                issued: [("a.example.com".to_owned(), material.clone())].into(),
            }
        );
        assert_eq!(
            pending
                .ready()
                .map(|m| m.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["a.example.com".to_owned()])
        );
        assert_eq!(pending.missing(), ["b.example.com".to_owned()]);
        input.issued.clear();
        assert_eq!(TlsState::resolve(&input, &targets).ready(), None);
        input
            .issued
            .insert("a.example.com".into(), material.clone());
        input
            .issued
            .insert("b.example.com".into(), material.clone());
        input
            .issued
            .insert("stale.example.com".into(), material.clone());
        assert_eq!(
            TlsState::resolve(&input, &targets),
            TlsState::Ready(
                [
                    ("a.example.com".to_owned(), material.clone()),
                    ("b.example.com".to_owned(), material)
                ]
                .into()
            )
        );
        input.related = false;
        assert_eq!(TlsState::resolve(&input, &targets), TlsState::NotRelated);
    }
}
