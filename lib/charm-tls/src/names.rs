//! Reading subject names and subject alternative names (shared by CSRs and certificates).

use std::net::IpAddr;

use x509_cert::der::asn1::Any;
use x509_cert::der::{Decode, Tag, Tagged};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;

use crate::oid;

/// The subject attributes the acceptance rules look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SubjectSummary {
    pub common_name: Option<String>,
    pub unique_id: Option<String>,
    /// Number of attributes other than CN and x500UniqueIdentifier.
    pub other_attributes: usize,
}

/// Summarises `name`: first CN, first x500UniqueIdentifier, count of anything else.
pub(crate) fn summarise_subject(name: &Name) -> SubjectSummary {
    let mut summary = SubjectSummary::default();
    for rdn in &name.0 {
        for atv in rdn.0.iter() {
            if atv.oid == oid::COMMON_NAME && summary.common_name.is_none() {
                summary.common_name = directory_string(&atv.value);
            } else if atv.oid == oid::X500_UNIQUE_IDENTIFIER && summary.unique_id.is_none() {
                summary.unique_id = directory_string(&atv.value);
            } else {
                summary.other_attributes += 1;
            }
        }
    }
    summary
}

fn directory_string(value: &Any) -> Option<String> {
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => {
            String::from_utf8(value.value().to_vec()).ok()
        }
        _ => None,
    }
}

/// Subject alternative names the acceptance rules look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AltNames {
    pub dns: Vec<String>,
    pub ip: Vec<IpAddr>,
    /// Number of names of other kinds (email, URI, OID…).
    pub other: usize,
}

/// Reads the SAN extension out of `extensions` (empty when absent).
pub(crate) fn alt_names(extensions: &[Extension]) -> Result<AltNames, String> {
    let mut names = AltNames::default();
    for extension in extensions
        .iter()
        .filter(|e| e.extn_id == oid::SUBJECT_ALT_NAME)
    {
        let san = SubjectAltName::from_der(extension.extn_value.as_bytes())
            .map_err(|error| error.to_string())?;
        for name in san.0 {
            match name {
                GeneralName::DnsName(dns) => names.dns.push(dns.to_string()),
                GeneralName::IpAddress(bytes) => match ip_from_bytes(bytes.as_bytes()) {
                    Some(address) => names.ip.push(address),
                    None => names.other += 1,
                },
                _ => names.other += 1,
            }
        }
    }
    Ok(names)
}

fn ip_from_bytes(bytes: &[u8]) -> Option<IpAddr> {
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from),
        _ => None,
    }
}
