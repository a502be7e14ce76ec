//! `reconcile` scenarios with real certificates from the test CA.

mod lifecycle;
mod refusal;

use charm_tls::{
    AcceptedCertificate, CertificateSigningRequest, CertificateTarget, PrivateKey,
    ProviderCertificate, RequirerInputs, RequirerOutcome, reconcile,
};

use crate::golden;
use crate::test_ca::{TestCa, days, t0};

fn our_key() -> PrivateKey {
    PrivateKey::from_pem(&golden::read("tls/requirer-key.pem")).unwrap()
}

/// Another party's key (the CA's key, reused as a stranger's).
fn stranger_key() -> PrivateKey {
    PrivateKey::from_pem(&golden::read("tls/ca.key")).unwrap()
}

fn dns(hostname: &str) -> CertificateTarget {
    CertificateTarget::Dns(hostname.to_owned())
}

fn csr(key: &PrivateKey, target: &CertificateTarget, unique_id: &str) -> String {
    CertificateSigningRequest::build(key, target, Some(unique_id))
        .unwrap()
        .pem()
        .to_owned()
}

/// Unique ids `new-1`, `new-2`, … for CSRs created by `reconcile`.
fn new_ids() -> impl FnMut() -> String {
    let mut counter = 0;
    move || {
        counter += 1;
        format!("new-{counter}")
    }
}

fn entry(csr: &str, certificate: &str, ca: &TestCa, chain: Vec<String>) -> ProviderCertificate {
    ProviderCertificate {
        certificate_signing_request: csr.to_owned(),
        certificate: certificate.to_owned(),
        ca: ca.pem().to_owned(),
        chain,
        revoked: false,
    }
}

fn accepted(csr: &str, certificate: &str, ca: &TestCa) -> AcceptedCertificate {
    AcceptedCertificate {
        csr: csr.to_owned(),
        certificate: certificate.to_owned(),
        ca: ca.pem().to_owned(),
        chain: vec![certificate.to_owned(), ca.pem().to_owned()],
        not_before: t0(),
        expires_at: days(100),
        renew_at: days(90),
    }
}

fn inputs<'a>(
    targets: &'a [CertificateTarget],
    key: &'a PrivateKey,
    current_csrs: &'a [String],
    provider_certificates: &'a [ProviderCertificate],
    now: std::time::SystemTime,
) -> RequirerInputs<'a> {
    RequirerInputs {
        targets,
        key,
        current_csrs,
        provider_certificates,
        provider_request_errors: &[],
        add_unique_id: true,
        now,
    }
}

/// Two hostnames with CSRs `a-1`/`b-1` in our bag and leaves issued at t0 for 100 days.
struct Issued {
    ca: TestCa,
    key: PrivateKey,
    targets: Vec<CertificateTarget>,
    csrs: Vec<String>,
    certificates: Vec<String>,
}

impl Issued {
    /// Reconcile the first target alone, with its CSR already published and the provider
    /// answering `entries`, at `now`.
    fn reconcile_first(
        &self,
        entries: &[ProviderCertificate],
        now: std::time::SystemTime,
    ) -> RequirerOutcome {
        reconcile(
            &inputs(&self.targets[..1], &self.key, &self.csrs[..1], entries, now),
            &mut new_ids(),
        )
        .unwrap()
    }

    /// Reconcile both targets, with both CSRs already published and the provider answering
    /// `entries`, at `now`.
    fn reconcile_all(
        &self,
        entries: &[ProviderCertificate],
        now: std::time::SystemTime,
    ) -> RequirerOutcome {
        reconcile(
            &inputs(&self.targets, &self.key, &self.csrs, entries, now),
            &mut new_ids(),
        )
        .unwrap()
    }

    fn new() -> Self {
        let ca = TestCa::new();
        let key = our_key();
        let targets = vec![dns("a.example.com"), dns("b.example.com")];
        let csrs = vec![csr(&key, &targets[0], "a-1"), csr(&key, &targets[1], "b-1")];
        let certificates = csrs
            .iter()
            .map(|csr| ca.issue(csr, t0(), days(100)))
            .collect();
        Self {
            ca,
            key,
            targets,
            csrs,
            certificates,
        }
    }

    fn entries(&self) -> Vec<ProviderCertificate> {
        self.csrs
            .iter()
            .zip(&self.certificates)
            .map(|(csr, certificate)| {
                entry(
                    csr,
                    certificate,
                    &self.ca,
                    vec![certificate.clone(), self.ca.pem().to_owned()],
                )
            })
            .collect()
    }
}
