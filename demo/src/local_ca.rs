//! A throw-away certificate authority standing in for a tls-certificates provider charm: it
//! issues real X.509 certificates for the CSRs the integrator publishes.

use std::str::FromStr;
use std::time::{Duration, SystemTime};

use rsa::RsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey};
use rsa::sha2::Sha256;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::pem::LineEnding;
use x509_cert::der::{Decode, DecodePem, EncodePem};
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;
use x509_cert::request::CertReq;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::Validity;

/// OID of the subjectAltName extension.
const SUBJECT_ALT_NAME: &str = "2.5.29.17";

/// Why the CA could not issue.
#[derive(Debug, thiserror::Error)]
pub enum CaError {
    /// Generating the CA key failed.
    #[error("generating the CA key: {0}")]
    Key(#[from] rsa::Error),
    /// The CSR is not a valid PEM CSR.
    #[error("reading the CSR: {0}")]
    Csr(#[from] x509_cert::der::Error),
    /// Building or signing the certificate failed.
    #[error("building the certificate: {0}")]
    Build(String),
}

/// A root CA with a fresh key, valid for a year from now.
pub struct LocalCa {
    signer: SigningKey<Sha256>,
    name: Name,
    pem: String,
    serial: u32,
}

impl LocalCa {
    /// Generate the CA (an RSA-2048 key and a self-signed root).
    pub fn new() -> Result<LocalCa, CaError> {
        let key = RsaPrivateKey::new(&mut rand_core::OsRng, 2048)?;
        let signer = SigningKey::<Sha256>::new(key);
        let name = Name::from_str("CN=demo local CA").map_err(build_error)?;
        let spki = SubjectPublicKeyInfoOwned::from_key(signer.as_ref().to_public_key())
            .map_err(build_error)?;
        let builder = CertificateBuilder::new(
            Profile::Root,
            SerialNumber::from(1u32),
            validity(365)?,
            name.clone(),
            spki,
            &signer,
        )
        .map_err(build_error)?;
        let pem = builder
            .build::<Signature>()
            .map_err(build_error)?
            .to_pem(LineEnding::LF)?;
        Ok(LocalCa {
            signer,
            name,
            pem: pem.trim_end().to_owned(),
            serial: 1,
        })
    }

    /// The CA certificate (PEM).
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// Issue a leaf certificate for `csr_pem`, valid for 90 days, with the CSR's subject, key
    /// and subjectAltNames.
    pub fn issue(&mut self, csr_pem: &str) -> Result<String, CaError> {
        let request = CertReq::from_pem(csr_pem.trim().as_bytes())?;
        let sans = alt_names(&request)?;
        self.serial += 1;
        let profile = Profile::Leaf {
            issuer: self.name.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: true,
        };
        let mut builder = CertificateBuilder::new(
            profile,
            SerialNumber::from(self.serial),
            validity(90)?,
            request.info.subject.clone(),
            request.info.public_key.clone(),
            &self.signer,
        )
        .map_err(build_error)?;
        if !sans.is_empty() {
            builder
                .add_extension(&SubjectAltName(sans))
                .map_err(build_error)?;
        }
        let certificate = builder.build::<Signature>().map_err(build_error)?;
        Ok(certificate.to_pem(LineEnding::LF)?.trim_end().to_owned())
    }
}

fn build_error(error: impl std::fmt::Display) -> CaError {
    CaError::Build(error.to_string())
}

/// From an hour ago (clock skew) to `days` from now.
fn validity(days: u64) -> Result<Validity, CaError> {
    let now = SystemTime::now();
    let not_before = now - Duration::from_secs(3600);
    let not_after = now + Duration::from_secs(days * 86_400);
    let not_before = x509_cert::time::Time::try_from(not_before)?;
    let not_after = x509_cert::time::Time::try_from(not_after)?;
    Ok(Validity {
        not_before,
        not_after,
    })
}

fn alt_names(request: &CertReq) -> Result<Vec<GeneralName>, CaError> {
    let mut names = Vec::new();
    for attribute in request.info.attributes.iter() {
        for value in attribute.values.iter() {
            let Ok(extensions) = value.decode_as::<Vec<x509_cert::ext::Extension>>() else {
                continue;
            };
            for extension in extensions {
                if extension.extn_id.to_string() == SUBJECT_ALT_NAME {
                    names.extend(SubjectAltName::from_der(extension.extn_value.as_bytes())?.0);
                }
            }
        }
    }
    Ok(names)
}
