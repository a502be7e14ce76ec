//! What the state says about HTTPS: which names want a certificate, which the `certificates`
//! relation is asked for, and which are served, from whatever source.

use std::collections::{BTreeMap, BTreeSet};

use super::{CertificateTarget, CharmState, ServedCertificate, Source};

impl CharmState {
    /// The hostnames with listeners.
    pub fn hostnames(&self) -> &BTreeSet<String> {
        &self.routing.hostnames
    }

    /// The names to ask DNS records for: every hostname with a listener, wildcards left out,
    /// and each ingress application's own hostname (subdomain mode), sorted.
    pub fn dns_names(&self) -> BTreeSet<String> {
        let own = self
            .routing
            .ingress
            .iter()
            .filter_map(|i| i.hostname.clone());
        (self.routing.hostnames.iter().cloned())
            .chain(own)
            .filter(|name| !name.starts_with("*."))
            .collect()
    }

    /// Every name that wants a certificate: each hostname (sorted), plus the Gateway's IP when
    /// [`requires_ip_certificate`](Self::requires_ip_certificate) and the Gateway has an IP
    /// address.
    pub fn all_targets(&self) -> BTreeSet<CertificateTarget> {
        let mut targets: BTreeSet<CertificateTarget> = self
            .routing
            .hostnames
            .iter()
            .cloned()
            .map(CertificateTarget::Dns)
            .collect();
        if self.requires_ip_certificate
            && let Some(ip) = self.gateway_address.ip()
        {
            targets.insert(CertificateTarget::Ip(ip));
        }
        targets
    }

    /// The certificates to request over the `certificates` relation: the targets neither the
    /// operator's Secret nor cert-manager serve. Empty without the relation.
    pub fn certificate_targets(&self) -> BTreeSet<CertificateTarget> {
        if !self.certificates_related {
            return BTreeSet::new();
        }
        self.relation_targets.clone()
    }

    /// Every certificate with an HTTPS listener, by common name: the operator's and
    /// cert-manager's (a cert-manager Secret maybe not created yet), and the relation's issued
    /// ones in the charm's own Secrets.
    pub fn certificates(&self) -> BTreeMap<String, ServedCertificate> {
        let mut certificates = self.external_certificates.clone();
        for name in self.tls.ready().into_iter().flat_map(BTreeMap::keys) {
            let served = ServedCertificate {
                secret: crate::plan::names::tls_secret_name(&self.app_name, name),
                ready: true,
                source: Source::Relation,
            };
            certificates.insert(name.clone(), served);
        }
        certificates
    }

    /// Whether `name` (a hostname or IP) is served over HTTPS now: its listener's Secret holds
    /// its certificate.
    pub fn serves_https(&self, name: &str) -> bool {
        self.certificates().get(name).is_some_and(|c| c.ready)
    }

    /// The cert-manager Secrets not created yet, sorted.
    pub fn awaiting_cert_manager(&self) -> Vec<String> {
        self.external_certificates
            .values()
            .filter(|c| c.source == Source::CertManager && !c.ready)
            .map(|c| c.secret.clone())
            .collect()
    }

    /// With HTTPS enforced, the names no source serves (the operator's Secret does not cover
    /// them, there is no cert-manager issuer and no `certificates` relation), sorted.
    pub fn uncovered(&self) -> Vec<String> {
        if !self.config.enforce_https || self.certificates_related {
            return Vec::new();
        }
        self.relation_targets
            .iter()
            .map(CertificateTarget::common_name)
            .collect()
    }
}
