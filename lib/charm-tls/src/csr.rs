//! Certificate signing requests, built byte-for-byte as the Python library builds them.
//!
//! The charmlibs requirer (Python `cryptography`) emits, for APP mode and one target:
//! subject `CN=<target>` (UTF8String) followed, by default, by a separate RDN
//! `x500UniqueIdentifier=<uuid4>` (UTF8String); one `extensionRequest` attribute holding a single
//! non-critical `subjectAltName` (`DNS:<hostname>` or `IP:<address>`); signature
//! `sha256WithRSAEncryption` (NULL parameters). PEM is wrapped at 64 columns and stripped of its
//! trailing newline. RSA PKCS#1 v1.5 signatures are deterministic, so the same key and subject
//! give the same bytes as the Python library.

use std::net::IpAddr;

use x509_cert::attr::{Attribute, AttributeTypeAndValue};
use x509_cert::der::asn1::{Any, BitString, Ia5String, OctetString, SetOfVec};
use x509_cert::der::pem::LineEnding;
use x509_cert::der::{DecodePem, Encode, EncodePem, Tag};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::{RdnSequence, RelativeDistinguishedName};
use x509_cert::request::{CertReq, CertReqInfo, ExtensionReq, Version};
use x509_cert::spki::AlgorithmIdentifierOwned;

use crate::error::CsrError;
use crate::key::{PrivateKey, PublicKey};
use crate::names::{self, AltNames, SubjectSummary};
use crate::oid;
use crate::target::CertificateTarget;

/// A parsed certificate signing request and its normalised PEM text.
#[derive(Debug, Clone)]
pub struct CertificateSigningRequest {
    pem: String,
    der: Vec<u8>,
    subject: SubjectSummary,
    alt_names: AltNames,
    public_key: PublicKey,
}

impl PartialEq for CertificateSigningRequest {
    /// Two requests are equal when their DER is (the library compares re-serialised PEM).
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for CertificateSigningRequest {}

impl CertificateSigningRequest {
    /// Builds and signs the request the Python library builds for `target`, with the subject
    /// unique identifier `unique_id` when given (the library's default adds a random UUID4).
    pub fn build(
        key: &PrivateKey,
        target: &CertificateTarget,
        unique_id: Option<&str>,
    ) -> Result<Self, CsrError> {
        let encoding = |error: x509_cert::der::Error| CsrError::Encoding(error.to_string());

        let mut subject = vec![utf8_rdn(oid::COMMON_NAME, &target.common_name())?];
        if let Some(unique_id) = unique_id {
            subject.push(utf8_rdn(oid::X500_UNIQUE_IDENTIFIER, unique_id)?);
        }

        let alt_name = match target {
            CertificateTarget::Dns(hostname) => {
                GeneralName::DnsName(Ia5String::new(hostname).map_err(encoding)?)
            }
            CertificateTarget::Ip(address) => {
                let octets = match address {
                    IpAddr::V4(v4) => v4.octets().to_vec(),
                    IpAddr::V6(v6) => v6.octets().to_vec(),
                };
                GeneralName::IpAddress(OctetString::new(octets).map_err(encoding)?)
            }
        };
        let san = SubjectAltName(vec![alt_name]).to_der().map_err(encoding)?;
        let extension = Extension {
            extn_id: oid::SUBJECT_ALT_NAME,
            critical: false,
            extn_value: OctetString::new(san).map_err(encoding)?,
        };
        let attribute = Attribute::try_from(ExtensionReq(vec![extension])).map_err(encoding)?;

        let info = CertReqInfo {
            version: Version::V1,
            subject: RdnSequence(subject),
            public_key: key.subject_public_key_info(),
            attributes: SetOfVec::try_from(vec![attribute]).map_err(encoding)?,
        };
        let signature = key.sign_pkcs1_sha256(&info.to_der().map_err(encoding)?)?;
        let request = CertReq {
            info,
            algorithm: AlgorithmIdentifierOwned {
                oid: oid::SHA256_WITH_RSA_ENCRYPTION,
                parameters: Some(Any::null()),
            },
            signature: BitString::from_bytes(&signature).map_err(encoding)?,
        };
        Self::from_request(&request).map_err(|error| CsrError::Encoding(error.to_string()))
    }

    /// Parses a PEM `CERTIFICATE REQUEST` (surrounding whitespace ignored).
    pub fn from_pem(pem: &str) -> Result<Self, CsrError> {
        let request = CertReq::from_pem(pem.trim().as_bytes())
            .map_err(|error| CsrError::InvalidPem(error.to_string()))?;
        Self::from_request(&request)
    }

    fn from_request(request: &CertReq) -> Result<Self, CsrError> {
        let invalid = |error: x509_cert::der::Error| CsrError::InvalidPem(error.to_string());
        let pem = request.to_pem(LineEnding::LF).map_err(invalid)?;
        let der = request.to_der().map_err(invalid)?;
        let mut extensions = Vec::new();
        for attribute in request.info.attributes.iter() {
            if attribute.oid != oid::EXTENSION_REQUEST {
                continue;
            }
            for value in attribute.values.iter() {
                extensions.extend(value.decode_as::<Vec<Extension>>().map_err(invalid)?);
            }
        }
        Ok(Self {
            pem: pem.trim_end().to_owned(),
            der,
            subject: names::summarise_subject(&request.info.subject),
            alt_names: names::alt_names(&extensions).map_err(CsrError::InvalidPem)?,
            public_key: PublicKey::from_spki(&request.info.public_key),
        })
    }

    /// Normalised PEM (64-column lines, no trailing newline), as the library writes it.
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// The subject common name, if any.
    pub fn common_name(&self) -> Option<&str> {
        self.subject.common_name.as_deref()
    }

    /// The subject x500UniqueIdentifier, if any.
    pub fn unique_id(&self) -> Option<&str> {
        self.subject.unique_id.as_deref()
    }

    /// DNS subject alternative names.
    pub fn dns_names(&self) -> &[String] {
        &self.alt_names.dns
    }

    /// IP subject alternative names.
    pub fn ip_addresses(&self) -> &[IpAddr] {
        &self.alt_names.ip
    }

    /// The public key the request is for.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The target this request is for, when it has the shape of our requests: a common name
    /// that is also its single SAN (DNS or IP).
    pub fn target(&self) -> Option<CertificateTarget> {
        let name = self.subject.common_name.as_deref()?;
        match (self.alt_names.dns.as_slice(), self.alt_names.ip.as_slice()) {
            ([dns], []) if dns == name => Some(CertificateTarget::Dns(dns.clone())),
            ([], [ip]) if ip.to_string() == name => Some(CertificateTarget::Ip(*ip)),
            _ => None,
        }
    }

    /// Whether this is the request we would make for `target` with `key`: CN and the single SAN
    /// equal the target, nothing else in the subject, the unique identifier present exactly when
    /// `with_unique_id`, and the public key is ours. This is the library's "attributes still
    /// match" rule restricted to what our requests carry.
    pub fn is_request_for(
        &self,
        target: &CertificateTarget,
        key: &PrivateKey,
        with_unique_id: bool,
    ) -> bool {
        let alt_names_match = match target {
            CertificateTarget::Dns(hostname) => {
                self.alt_names.dns == [hostname.clone()] && self.alt_names.ip.is_empty()
            }
            CertificateTarget::Ip(address) => {
                self.alt_names.ip == [*address] && self.alt_names.dns.is_empty()
            }
        };
        self.subject.common_name.as_deref() == Some(target.common_name().as_str())
            && self.subject.other_attributes == 0
            && self.subject.unique_id.is_some() == with_unique_id
            && alt_names_match
            && self.alt_names.other == 0
            && &self.public_key == key.public_key()
    }
}

fn utf8_rdn(
    oid: x509_cert::spki::ObjectIdentifier,
    value: &str,
) -> Result<RelativeDistinguishedName, CsrError> {
    let encoding = |error: x509_cert::der::Error| CsrError::Encoding(error.to_string());
    let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(encoding)?;
    let atv = AttributeTypeAndValue { oid, value };
    Ok(RelativeDistinguishedName(
        SetOfVec::try_from(vec![atv]).map_err(encoding)?,
    ))
}
