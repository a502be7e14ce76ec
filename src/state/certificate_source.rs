//! Where each HTTPS listener's certificate comes from, in this order:
//!
//! 1. the operator's `tls-secret-name` Secret, for every hostname its certificate covers;
//! 2. cert-manager (`cert-manager-issuer`), for every other hostname: the listener refers to
//!    a Secret `<app>-cert-manager-<hostname>` that cert-manager creates from the Gateway's
//!    annotation (an IP address cannot get one: cert-manager issues for listener hostnames);
//! 3. the `certificates` relation, for the rest (the Gateway's IP included): a CSR each, and
//!    the charm's own TLS Secret once issued.
//!
//! Only the third kind is requested over the relation; the Secrets of the first two are never
//! written, labelled or deleted by the charm.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::CharmConfig;

use super::{CertificateTarget, OperatorSecret};

/// Where one certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The `certificates` relation: the charm's own Secret.
    Relation,
    /// The operator's `tls-secret-name` Secret.
    Operator,
    /// cert-manager, from the Gateway's annotation.
    CertManager,
}

/// The certificate of one hostname (or IP) with an HTTPS listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedCertificate {
    /// The Secret the listener refers to.
    pub secret: String,
    /// Whether the Secret holds the certificate now (a cert-manager Secret may not exist yet).
    pub ready: bool,
    /// Where it comes from.
    pub source: Source,
}

/// The Secret cert-manager creates for `host`'s listener: `<app>-cert-manager-<host>`.
pub fn cert_manager_secret(app: &str, host: &str) -> String {
    format!("{app}-cert-manager-{host}")
}

/// How each certificate target is served, before the relation's material is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// The targets the operator's Secret or cert-manager serve, by common name.
    pub external: BTreeMap<String, ServedCertificate>,
    /// The targets left to the `certificates` relation.
    pub relation: BTreeSet<CertificateTarget>,
}

impl Sources {
    /// Sort `targets` by source (see the module documentation). `existing` are the names of
    /// the namespace's Secrets that are not the charm's (cert-manager's, once created).
    pub fn resolve(
        app: &str,
        config: &CharmConfig,
        operator: Option<&OperatorSecret>,
        existing: &BTreeSet<String>,
        targets: impl IntoIterator<Item = CertificateTarget>,
    ) -> Sources {
        let mut sources = Sources::default();
        for target in targets {
            let name = target.common_name();
            let hostname = matches!(target, CertificateTarget::Dns(_));
            if let Some(secret) = operator.filter(|s| hostname && s.covers(&name)) {
                let served = ServedCertificate {
                    secret: secret.name.clone(),
                    ready: true,
                    source: Source::Operator,
                };
                sources.external.insert(name, served);
            } else if hostname && config.cert_manager_issuer.is_some() {
                let secret = cert_manager_secret(app, &name);
                let served = ServedCertificate {
                    ready: existing.contains(&secret),
                    secret,
                    source: Source::CertManager,
                };
                sources.external.insert(name, served);
            } else {
                sources.relation.insert(target);
            }
        }
        sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CertManagerIssuer;

    #[test]
    fn the_operators_secret_then_cert_manager_then_the_relation() {
        let operator = OperatorSecret {
            name: "wildcard".into(),
            dns_names: vec!["*.example.com".into()],
        };
        let config = CharmConfig {
            cert_manager_issuer: Some(CertManagerIssuer::ClusterIssuer("le".into())),
            ..CharmConfig::default()
        };
        let existing: BTreeSet<String> = ["gai-cert-manager-a.example.org".to_owned()].into();
        let targets = [
            CertificateTarget::Dns("a.example.com".into()),
            CertificateTarget::Dns("a.example.org".into()),
            CertificateTarget::Dns("b.example.org".into()),
            CertificateTarget::Ip([10, 0, 0, 1].into()),
        ];
        let sources = Sources::resolve("gai", &config, Some(&operator), &existing, targets);
        assert_eq!(
            sources.external,
            [
                (
                    "a.example.com".to_owned(),
                    ServedCertificate {
                        secret: "wildcard".into(),
                        ready: true,
                        source: Source::Operator
                    }
                ),
                (
                    "a.example.org".to_owned(),
                    ServedCertificate {
                        secret: "gai-cert-manager-a.example.org".into(),
                        ready: true,
                        source: Source::CertManager
                    }
                ),
                (
                    "b.example.org".to_owned(),
                    ServedCertificate {
                        secret: "gai-cert-manager-b.example.org".into(),
                        ready: false,
                        source: Source::CertManager
                    }
                ),
            ]
            .into()
        );
        assert_eq!(
            sources.relation,
            [CertificateTarget::Ip([10, 0, 0, 1].into())].into()
        );
    }
}
