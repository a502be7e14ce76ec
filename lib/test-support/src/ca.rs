//! A test certificate authority issuing real certificates for CSRs, independent of the crate
//! under test (x509-cert builder + rsa signer).

use std::str::FromStr;
use std::time::{Duration, SystemTime};

use rsa::RsaPrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey};
use rsa::sha2::Sha256;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::asn1::UtcTime;
use x509_cert::der::pem::LineEnding;
use x509_cert::der::{DecodePem, EncodePem};
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;
use x509_cert::request::CertReq;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};

use crate::golden;

/// 2027-01-15T08:00:00Z, the issuing time of test certificates.
pub fn t0() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

/// `days` days after [`t0`].
pub fn days(days: u64) -> SystemTime {
    t0() + Duration::from_secs(days * 86_400)
}

/// What kind of certificate to issue.
#[derive(Clone, Copy)]
pub enum Kind {
    /// An end-entity certificate (BasicConstraints cA = false).
    Leaf,
    /// A CA certificate (BasicConstraints cA = true).
    SubCa,
}

/// A root CA whose key is the golden `tls/ca.key`.
pub struct TestCa {
    signer: SigningKey<Sha256>,
    name: Name,
    pem: String,
}

impl Default for TestCa {
    fn default() -> Self {
        Self::new()
    }
}

impl TestCa {
    /// Creates the root, valid from `t0 - 1 day` for ten years.
    pub fn new() -> Self {
        let key = RsaPrivateKey::from_pkcs1_pem(&golden::read("tls/ca.key")).unwrap();
        let signer = SigningKey::<Sha256>::new(key);
        let name = Name::from_str("CN=charm-tls test CA").unwrap();
        let spki = SubjectPublicKeyInfoOwned::from_key(signer.as_ref().to_public_key()).unwrap();
        let validity = validity(t0() - Duration::from_secs(86_400), days(3650));
        let builder = CertificateBuilder::new(
            Profile::Root,
            SerialNumber::from(1u32),
            validity,
            name.clone(),
            spki,
            &signer,
        )
        .unwrap();
        let certificate = builder.build::<Signature>().unwrap();
        let pem = strip(certificate.to_pem(LineEnding::LF).unwrap());
        Self { signer, name, pem }
    }

    /// The CA certificate PEM (stripped, as providers write it).
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// Issues a leaf for `csr_pem` valid from `not_before` to `not_after`, copying the CSR's
    /// subject, public key and SANs.
    pub fn issue(&self, csr_pem: &str, not_before: SystemTime, not_after: SystemTime) -> String {
        self.issue_as(Kind::Leaf, csr_pem, not_before, not_after)
    }

    /// Like [`TestCa::issue`], choosing the certificate kind.
    pub fn issue_as(
        &self,
        kind: Kind,
        csr_pem: &str,
        not_before: SystemTime,
        not_after: SystemTime,
    ) -> String {
        let request = CertReq::from_pem(csr_pem.trim().as_bytes()).unwrap();
        let sans = csr_alt_names(&request);
        self.issue_for(
            kind,
            request.info.subject.clone(),
            request.info.public_key.clone(),
            sans,
            (not_before, not_after),
        )
    }

    /// Issues a certificate for an arbitrary subject, key and SANs.
    pub fn issue_for(
        &self,
        kind: Kind,
        subject: Name,
        spki: SubjectPublicKeyInfoOwned,
        sans: Vec<GeneralName>,
        (not_before, not_after): (SystemTime, SystemTime),
    ) -> String {
        let profile = match kind {
            Kind::Leaf => Profile::Leaf {
                issuer: self.name.clone(),
                enable_key_agreement: false,
                enable_key_encipherment: true,
            },
            Kind::SubCa => Profile::SubCA {
                issuer: self.name.clone(),
                path_len_constraint: None,
            },
        };
        let serial = SerialNumber::from(
            u32::try_from(
                not_after
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_secs()
                    % 1_000_000_007,
            )
            .unwrap(),
        );
        let mut builder = CertificateBuilder::new(
            profile,
            serial,
            validity(not_before, not_after),
            subject,
            spki,
            &self.signer,
        )
        .unwrap();
        if !sans.is_empty() {
            builder.add_extension(&SubjectAltName(sans)).unwrap();
        }
        strip(
            builder
                .build::<Signature>()
                .unwrap()
                .to_pem(LineEnding::LF)
                .unwrap(),
        )
    }
}

fn csr_alt_names(request: &CertReq) -> Vec<GeneralName> {
    use x509_cert::der::Decode;
    let mut names = Vec::new();
    for attribute in request.info.attributes.iter() {
        for value in attribute.values.iter() {
            let extensions: Vec<x509_cert::ext::Extension> = value.decode_as().unwrap();
            for extension in extensions {
                if extension.extn_id.to_string() == "2.5.29.17" {
                    names.extend(
                        SubjectAltName::from_der(extension.extn_value.as_bytes())
                            .unwrap()
                            .0,
                    );
                }
            }
        }
    }
    names
}

fn validity(not_before: SystemTime, not_after: SystemTime) -> Validity {
    Validity {
        not_before: Time::UtcTime(UtcTime::from_system_time(not_before).unwrap()),
        not_after: Time::UtcTime(UtcTime::from_system_time(not_after).unwrap()),
    }
}

fn strip(pem: String) -> String {
    pem.trim_end().to_owned()
}
