//! TLS from the Gateway to backends that asked for it (ingress v2 `scheme`): the CA
//! certificates received over `receive-ca-cert` (interface `certificate_transfer`), and
//! whether the cluster's Gateway API serves BackendTLSPolicy at all.

use std::collections::BTreeSet;

/// What the `receive-ca-cert` relations transferred, as gathered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackendCaInput {
    /// The union of the CA certificates (PEM blocks) of every relation whose data is valid.
    pub certificates: BTreeSet<String>,
}

/// How HTTPS backends are validated, once validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackendTls {
    /// The CA certificates to validate against (the `ca.crt` of our ConfigMap); empty: the
    /// system roots (`wellKnownCACertificates: System`).
    pub ca_certificates: BTreeSet<String>,
    /// Whether BackendTLSPolicy may be created: `false` when its LIST answered 404 (the
    /// cluster's Gateway API does not serve the kind).
    pub policy_served: bool,
}

impl BackendTls {
    /// The PEM bundle of [`Self::ca_certificates`]: each certificate on its own lines, in
    /// order, ending with a newline; `None` when there are none.
    pub fn ca_bundle(&self) -> Option<String> {
        if self.ca_certificates.is_empty() {
            return None;
        }
        let mut bundle = String::new();
        for certificate in &self.ca_certificates {
            bundle.push_str(certificate.trim());
            bundle.push('\n');
        }
        Some(bundle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_joins_trimmed_certificates_in_order() {
        let tls = BackendTls {
            ca_certificates: BTreeSet::from(["b\n".to_owned(), " a".to_owned()]),
            policy_served: true,
        };
        assert_eq!(tls.ca_bundle().as_deref(), Some("a\nb\n"));
        assert_eq!(BackendTls::default().ca_bundle(), None);
    }
}
