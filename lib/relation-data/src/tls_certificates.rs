//! `tls-certificates` (interface v1; library v4 / charmlibs 1.12), both sides. Bags only: PEM
//! strings are checked for framing, never parsed; cryptographic checks live elsewhere.
//!
//! Requirer bag (app or unit): `certificate_signing_requests` = list of
//! `{certificate_signing_request, ca}`. Provider app bag: `certificates` = list of
//! `{ca, certificate_signing_request, certificate, chain, revoked?}`, plus `request_errors` and
//! `capabilities`. Empty lists / `None` are omitted and owned keys cleared. See interfaces.md §2.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::databag::{
    BagReader, BagWriter, Databag, MAX_TEXT_LEN, MAX_VALUE_LEN, json, with_clears,
};
use crate::error::{BagOwner, Reason, RelationDataError, ValueError};
use crate::validate::is_pem;

const CSR_LABEL: &str = "CERTIFICATE REQUEST";
const CERT_LABEL: &str = "CERTIFICATE";

fn pem(value: &Value, label: &'static str) -> Result<String, ValueError> {
    let text = json::string(value, MAX_VALUE_LEN)?;
    if !is_pem(&text, label) {
        return Err(Reason::Pem(label).into());
    }
    Ok(text)
}

/// One certificate request as the requirer publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CertificateRequest {
    /// PEM CSR, without a trailing newline when written by the Python libraries.
    pub certificate_signing_request: String,
    /// Whether a CA certificate is requested (always written; missing or `null` reads false).
    pub ca: bool,
}

impl CertificateRequest {
    fn from_json(value: &Value) -> Result<Self, ValueError> {
        let map = json::object(value)?;
        Ok(Self {
            certificate_signing_request: json::member(map, "certificate_signing_request", |v| {
                pem(v, CSR_LABEL)
            })?,
            ca: json::optional_member(map, "ca", json::boolean)?.unwrap_or(false),
        })
    }
}

/// A requirer databag (application bag in APP mode, unit bag in UNIT mode).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequirerCertificateRequests {
    /// The requests, in publication order.
    pub requests: Vec<CertificateRequest>,
}

impl RequirerCertificateRequests {
    /// Every key this model owns.
    pub const KEYS: &'static [&'static str] = &["certificate_signing_requests"];

    /// Read one requirer bag; a missing key means no requests.
    pub fn read(
        relation: impl fmt::Display,
        owner: BagOwner,
        bag: &Databag,
    ) -> Result<Self, RelationDataError> {
        let reader = BagReader::parse(relation, owner, bag, Self::KEYS)?;
        let requests = reader.defaulted("certificate_signing_requests", Vec::new(), |v| {
            json::list(v, CertificateRequest::from_json)
        })?;
        Ok(Self { requests })
    }

    /// The bag content (key omitted when there are no requests).
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        if !self.requests.is_empty() {
            w.put("certificate_signing_requests", &self.requests);
        }
        w.finish()
    }

    /// The `relation-set` change set.
    pub fn to_changes(&self) -> Databag {
        with_clears(self.to_databag(), Self::KEYS)
    }
}

/// Every request a provider sees on one relation: the app bag and every unit bag. As the
/// Python provider does, an invalid bag is skipped as a whole; its error is kept in `rejected`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CollectedCertificateRequests {
    /// Requests from valid bags, app bag first, then units by name; duplicates removed.
    pub requests: Vec<CertificateRequest>,
    /// One error per skipped bag.
    pub rejected: Vec<RelationDataError>,
}

impl CollectedCertificateRequests {
    /// Collect requests from the remote `app` bag and each remote unit bag.
    pub fn read(
        relation: impl fmt::Display,
        app: &Databag,
        units: &BTreeMap<String, Databag>,
    ) -> Self {
        let relation = relation.to_string();
        let mut out = Self::default();
        let bags = std::iter::once((BagOwner::App, app))
            .chain(units.iter().map(|(u, b)| (BagOwner::Unit(u.clone()), b)));
        for (owner, bag) in bags {
            match RequirerCertificateRequests::read(&relation, owner, bag) {
                Ok(found) => {
                    for request in found.requests {
                        if !out.requests.contains(&request) {
                            out.requests.push(request);
                        }
                    }
                }
                Err(e) => out.rejected.push(e),
            }
        }
        out
    }
}

/// One issued certificate in the provider's `certificates` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderCertificate {
    /// PEM of the issuing CA.
    pub ca: String,
    /// The requirer's CSR, echoed verbatim (the join key).
    pub certificate_signing_request: String,
    /// PEM of the leaf certificate.
    pub certificate: String,
    /// PEMs, leaf first.
    pub chain: Vec<String>,
    /// Revoked by the provider (omitted when false).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub revoked: bool,
}

impl ProviderCertificate {
    fn from_json(value: &Value) -> Result<Self, ValueError> {
        let map = json::object(value)?;
        Ok(Self {
            ca: json::member(map, "ca", |v| pem(v, CERT_LABEL))?,
            certificate_signing_request: json::member(map, "certificate_signing_request", |v| {
                pem(v, CSR_LABEL)
            })?,
            certificate: json::member(map, "certificate", |v| pem(v, CERT_LABEL))?,
            chain: json::defaulted_member(map, "chain", Vec::new(), |v| {
                json::list(v, |c| pem(c, CERT_LABEL))
            })?,
            revoked: json::optional_member(map, "revoked", json::boolean)?.unwrap_or(false),
        })
    }
}

/// Details of a refused request (charmlibs `request_errors[].error`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestErrorDetail {
    /// 101 IP_NOT_ALLOWED, 102 DOMAIN_NOT_ALLOWED, 103 WILDCARD_NOT_ALLOWED,
    /// 201 SERVER_NOT_AVAILABLE, 999 OTHER.
    pub code: i64,
    /// Symbolic name of `code`.
    pub name: String,
    /// Human-readable message.
    pub message: String,
    /// Optional longer reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Optional provider name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Optional endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
}

/// A refused request (charmlibs `request_errors[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestError {
    /// The refused CSR (PEM).
    pub csr: String,
    /// Why.
    pub error: RequestErrorDetail,
}

impl RequestError {
    fn from_json(value: &Value) -> Result<Self, ValueError> {
        let map = json::object(value)?;
        let text = |v: &Value| json::string(v, MAX_TEXT_LEN);
        Ok(Self {
            csr: json::member(map, "csr", |v| pem(v, CSR_LABEL))?,
            error: json::member(map, "error", |v| {
                let e = json::object(v)?;
                Ok(RequestErrorDetail {
                    code: json::member(e, "code", |c| {
                        json::integer(c, i64::MIN, i64::MAX as u64).map(|n| n as i64)
                    })?,
                    name: json::member(e, "name", text)?,
                    message: json::member(e, "message", text)?,
                    reason: json::optional_member(e, "reason", text)?,
                    provider: json::optional_member(e, "provider", text)?,
                    endpoint: json::optional_member(e, "endpoint", text)?,
                })
            })?,
        })
    }
}

/// What the provider says it supports (charmlibs `capabilities`); `None` fields are omitted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ProviderCapabilities {
    /// IP SANs can be issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supports_ip_sans: Option<bool>,
    /// Wildcard DNS SANs can be issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supports_wildcard_dns: Option<bool>,
    /// Sub-domains of allowed domains can be issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supports_subdomain: Option<bool>,
    /// CA certificates can be issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supports_ca_certificates: Option<bool>,
    /// Domains the provider may issue for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_domains: Option<Vec<String>>,
    /// Free-form provider kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_type: Option<String>,
}

impl ProviderCapabilities {
    fn from_json(value: &Value) -> Result<Self, ValueError> {
        let map = json::object(value)?;
        let text = |v: &Value| json::string(v, MAX_TEXT_LEN);
        Ok(Self {
            supports_ip_sans: json::optional_member(map, "supports_ip_sans", json::boolean)?,
            supports_wildcard_dns: json::optional_member(
                map,
                "supports_wildcard_dns",
                json::boolean,
            )?,
            supports_subdomain: json::optional_member(map, "supports_subdomain", json::boolean)?,
            supports_ca_certificates: json::optional_member(
                map,
                "supports_ca_certificates",
                json::boolean,
            )?,
            allowed_domains: json::optional_member(map, "allowed_domains", |v| {
                json::list(v, text)
            })?,
            provider_type: json::optional_member(map, "provider_type", text)?,
        })
    }
}

/// The provider's application databag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProviderCertificates {
    /// Issued certificates.
    pub certificates: Vec<ProviderCertificate>,
    /// Refused requests.
    pub request_errors: Vec<RequestError>,
    /// Advertised capabilities.
    pub capabilities: Option<ProviderCapabilities>,
}

impl ProviderCertificates {
    /// Every key this model owns, in declaration order.
    pub const KEYS: &'static [&'static str] = &["certificates", "request_errors", "capabilities"];

    /// Read the provider app bag; missing keys mean empty.
    pub fn read(relation: impl fmt::Display, bag: &Databag) -> Result<Self, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::KEYS)?;
        Ok(Self {
            certificates: reader.defaulted("certificates", Vec::new(), |v| {
                json::list(v, ProviderCertificate::from_json)
            })?,
            request_errors: reader.defaulted("request_errors", Vec::new(), |v| {
                json::list(v, RequestError::from_json)
            })?,
            capabilities: reader.optional("capabilities", ProviderCapabilities::from_json)?,
        })
    }

    /// The issued certificate answering `csr` (compared verbatim, ignoring surrounding
    /// whitespace), if any.
    pub fn for_csr(&self, csr: &str) -> Option<&ProviderCertificate> {
        self.certificates
            .iter()
            .find(|c| c.certificate_signing_request.trim() == csr.trim())
    }

    /// The refusal of `csr`, if any.
    pub fn error_for_csr(&self, csr: &str) -> Option<&RequestError> {
        self.request_errors
            .iter()
            .find(|e| e.csr.trim() == csr.trim())
    }

    /// The bag content (empty lists and `None` omitted).
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        if !self.certificates.is_empty() {
            w.put("certificates", &self.certificates);
        }
        if !self.request_errors.is_empty() {
            w.put("request_errors", &self.request_errors);
        }
        w.put_some("capabilities", self.capabilities.as_ref());
        w.finish()
    }

    /// The `relation-set` change set.
    pub fn to_changes(&self) -> Databag {
        with_clears(self.to_databag(), Self::KEYS)
    }
}
