//! `dns_record` v0 (bind charm library): the requirer's `dns_entries` and the provider's answer.
//!
//! The integrator publishes one `A` record per hostname (sorted), `host_label` `@`, TTL 600,
//! class `IN`, and `uuid = uuid5(f8f206da-a7f8-4206-b044-30be3724a09d, "{hostname} {ip}")`
//! (anchor-charm.md §3.7). Every entry field is written; the library does not clear keys.

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::databag::{BagReader, BagWriter, Databag, MAX_TEXT_LEN, json};
use crate::error::{BagOwner, Reason, RelationDataError, ValueError};
use crate::validate::{HOSTNAME_MAX_LEN, Hostname};

/// The namespace of the integrator's uuid5 entry ids.
pub const DNS_ENTRY_NAMESPACE: Uuid = Uuid::from_u128(0xf8f206da_a7f8_4206_b044_30be3724a09d);

/// TTL the integrator requests.
pub const DEFAULT_TTL: u32 = 600;

/// Largest number of entries accepted in one list.
pub const MAX_ENTRIES: usize = 1000;

fn uuid_value(value: &Value) -> Result<Uuid, ValueError> {
    json::string(value, 64)?
        .parse::<Uuid>()
        .map_err(|_| Reason::Uuid.into())
}

fn bounded<T>(items: Vec<T>) -> Result<Vec<T>, ValueError> {
    if items.len() > MAX_ENTRIES {
        return Err(Reason::TooLong { max: MAX_ENTRIES }.into());
    }
    Ok(items)
}

/// DNS record class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RecordClass {
    /// Internet.
    #[serde(rename = "IN")]
    In,
}

/// DNS record type (the bind library's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RecordType {
    /// An IPv4 address.
    A,
    /// An IPv6 address.
    #[serde(rename = "AAAA")]
    Aaaa,
    /// An alias of another name.
    #[serde(rename = "CNAME")]
    Cname,
    /// A mail exchanger for the domain.
    #[serde(rename = "MX")]
    Mx,
    /// A DKIM public key for signed mail.
    #[serde(rename = "DKIM")]
    Dkim,
    /// The hosts allowed to send mail for the domain (SPF).
    #[serde(rename = "SPF")]
    Spf,
    /// The domain's DMARC mail policy.
    #[serde(rename = "DMARC")]
    Dmarc,
    /// Free text.
    #[serde(rename = "TXT")]
    Txt,
    /// The certificate authorities allowed to issue for the name.
    #[serde(rename = "CAA")]
    Caa,
    /// Where a service runs (host and port).
    #[serde(rename = "SRV")]
    Srv,
    /// Service binding: endpoints and parameters of a service.
    #[serde(rename = "SVCB")]
    Svcb,
    /// Service binding for HTTPS.
    #[serde(rename = "HTTPS")]
    Https,
    /// A reverse-lookup pointer to a name.
    #[serde(rename = "PTR")]
    Ptr,
    /// The zone's start of authority.
    #[serde(rename = "SOA")]
    Soa,
    /// A name server of the zone.
    #[serde(rename = "NS")]
    Ns,
    /// A delegation signer (DNSSEC): the hash of a child zone's key.
    #[serde(rename = "DS")]
    Ds,
    /// A DNSSEC public key of the zone.
    #[serde(rename = "DNSKEY")]
    Dnskey,
}

impl RecordType {
    const NAMES: &'static [&'static str] = &[
        "A", "AAAA", "CNAME", "MX", "DKIM", "SPF", "DMARC", "TXT", "CAA", "SRV", "SVCB", "HTTPS",
        "PTR", "SOA", "NS", "DS", "DNSKEY",
    ];
    const ALL: [RecordType; 17] = [
        Self::A,
        Self::Aaaa,
        Self::Cname,
        Self::Mx,
        Self::Dkim,
        Self::Spf,
        Self::Dmarc,
        Self::Txt,
        Self::Caa,
        Self::Srv,
        Self::Svcb,
        Self::Https,
        Self::Ptr,
        Self::Soa,
        Self::Ns,
        Self::Ds,
        Self::Dnskey,
    ];
}

/// One requested record (`RequirerEntry`), fields in wire order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DnsEntry {
    /// The zone / domain name.
    pub domain: String,
    /// Label inside `domain` (`@` for the apex).
    pub host_label: String,
    /// TTL in seconds.
    pub ttl: u32,
    /// Record class.
    pub record_class: RecordClass,
    /// Record type.
    pub record_type: RecordType,
    /// Record value; an IP address for `A` / `AAAA`.
    pub record_data: String,
    /// Entry id.
    pub uuid: Uuid,
}

impl DnsEntry {
    /// The integrator's record for `hostname` → `address`: `A` (or `AAAA` for IPv6) at `@`,
    /// TTL 600, id `uuid5(DNS_ENTRY_NAMESPACE, "{hostname} {address}")`.
    pub fn address_record(hostname: &Hostname, address: IpAddr) -> Self {
        let name = format!("{hostname} {address}");
        Self {
            domain: hostname.to_string(),
            host_label: "@".to_owned(),
            ttl: DEFAULT_TTL,
            record_class: RecordClass::In,
            record_type: if address.is_ipv4() {
                RecordType::A
            } else {
                RecordType::Aaaa
            },
            record_data: address.to_string(),
            uuid: Uuid::new_v5(&DNS_ENTRY_NAMESPACE, name.as_bytes()),
        }
    }

    /// The integrator's record for `hostname` when the Gateway's address is itself a hostname
    /// (a cloud load balancer such as an AWS ELB): `CNAME` to `target` at `@`, TTL 600, id
    /// `uuid5(DNS_ENTRY_NAMESPACE, "{hostname} {target}")`.
    pub fn alias_record(hostname: &Hostname, target: &Hostname) -> Self {
        let name = format!("{hostname} {target}");
        Self {
            domain: hostname.to_string(),
            host_label: "@".to_owned(),
            ttl: DEFAULT_TTL,
            record_class: RecordClass::In,
            record_type: RecordType::Cname,
            record_data: target.to_string(),
            uuid: Uuid::new_v5(&DNS_ENTRY_NAMESPACE, name.as_bytes()),
        }
    }

    fn from_json(value: &Value) -> Result<Self, ValueError> {
        let map = json::object(value)?;
        let record_type = json::member(map, "record_type", |v| {
            Ok(RecordType::ALL[json::one_of(v, RecordType::NAMES)?])
        })?;
        let record_data = json::member(map, "record_data", |v| {
            let data = json::non_empty_string(v, MAX_TEXT_LEN)?;
            let needs_ip = matches!(record_type, RecordType::A | RecordType::Aaaa);
            if needs_ip && data.parse::<IpAddr>().is_err() {
                return Err(Reason::IpAddress.into());
            }
            Ok(data)
        })?;
        Ok(Self {
            domain: json::member(map, "domain", |v| {
                json::non_empty_string(v, HOSTNAME_MAX_LEN)
            })?,
            host_label: json::member(map, "host_label", |v| {
                json::non_empty_string(v, HOSTNAME_MAX_LEN)
            })?,
            ttl: json::member(map, "ttl", |v| {
                json::integer(v, 0, u64::from(u32::MAX)).map(|n| n as u32)
            })?,
            record_class: json::defaulted_member(map, "record_class", RecordClass::In, |v| {
                json::one_of(v, &["IN"]).map(|_| RecordClass::In)
            })?,
            record_type,
            record_data,
            uuid: json::member(map, "uuid", uuid_value)?,
        })
    }
}

/// The requirer's application databag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DnsRecordRequest {
    /// The requested records.
    pub entries: Vec<DnsEntry>,
}

impl DnsRecordRequest {
    /// Every key this model owns.
    pub const KEYS: &'static [&'static str] = &["dns_entries"];

    /// One [`DnsEntry::address_record`] per hostname, in sorted hostname order (duplicates
    /// removed).
    pub fn for_hostnames<'a>(
        hostnames: impl IntoIterator<Item = &'a Hostname>,
        address: IpAddr,
    ) -> Self {
        Self::for_each_hostname(hostnames, |h| DnsEntry::address_record(h, address))
    }

    /// One [`DnsEntry::alias_record`] (CNAME to `target`) per hostname, in sorted hostname
    /// order (duplicates removed).
    pub fn aliases_for_hostnames<'a>(
        hostnames: impl IntoIterator<Item = &'a Hostname>,
        target: &Hostname,
    ) -> Self {
        Self::for_each_hostname(hostnames, |h| DnsEntry::alias_record(h, target))
    }

    fn for_each_hostname<'a>(
        hostnames: impl IntoIterator<Item = &'a Hostname>,
        entry: impl Fn(&Hostname) -> DnsEntry,
    ) -> Self {
        let mut sorted: Vec<&Hostname> = hostnames.into_iter().collect();
        sorted.sort();
        sorted.dedup();
        Self {
            entries: sorted.into_iter().map(entry).collect(),
        }
    }

    /// Read a requirer bag. `Ok(None)` when nothing is published; any invalid entry rejects
    /// the bag.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::KEYS)?;
        reader.optional("dns_entries", |v| {
            Ok(Self {
                entries: bounded(json::list(v, DnsEntry::from_json)?)?,
            })
        })
    }

    /// The bag content (`dns_entries` always written).
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        w.put("dns_entries", &self.entries);
        w.finish()
    }

    /// The `relation-set` change set (equals the content).
    pub fn to_changes(&self) -> Databag {
        self.to_databag()
    }
}

/// How the provider handled one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DnsRecordStatus {
    /// Record served.
    Approved,
    /// Not allowed.
    PermissionDenied,
    /// Clashes with another record.
    Conflict,
    /// The entry did not validate.
    InvalidData,
    /// Provider failure.
    Failure,
    /// Any status this library does not know.
    Unknown,
    /// Not processed yet.
    Pending,
}

impl DnsRecordStatus {
    const NAMES: &'static [&'static str] = &[
        "approved",
        "permission_denied",
        "conflict",
        "invalid_data",
        "failure",
        "unknown",
        "pending",
    ];
    const ALL: [DnsRecordStatus; 7] = [
        Self::Approved,
        Self::PermissionDenied,
        Self::Conflict,
        Self::InvalidData,
        Self::Failure,
        Self::Unknown,
        Self::Pending,
    ];

    /// Parse a wire status; unknown strings map to [`DnsRecordStatus::Unknown`] as in the library.
    fn from_json(value: &Value) -> Result<Self, ValueError> {
        let text = json::string(value, MAX_TEXT_LEN)?;
        Ok(Self::NAMES
            .iter()
            .position(|n| *n == text)
            .map_or(Self::Unknown, |i| Self::ALL[i]))
    }
}

/// The provider's answer for one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DnsRecordAnswer {
    /// The entry id it answers.
    pub uuid: Uuid,
    /// Outcome.
    pub status: DnsRecordStatus,
    /// Optional explanation (omitted when `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The provider's application databag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DnsRecordProviderData {
    /// One answer per processed entry.
    pub entries: Vec<DnsRecordAnswer>,
}

impl DnsRecordProviderData {
    /// Every key this model owns.
    pub const KEYS: &'static [&'static str] = &["dns_entries"];

    /// Read the provider bag. `Ok(None)` when nothing is published.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::KEYS)?;
        reader.optional("dns_entries", |v| {
            let entries = bounded(json::list(v, |e| {
                let map = json::object(e)?;
                Ok(DnsRecordAnswer {
                    uuid: json::member(map, "uuid", uuid_value)?,
                    status: json::member(map, "status", DnsRecordStatus::from_json)?,
                    description: json::optional_member(map, "description", |d| {
                        json::string(d, MAX_TEXT_LEN * 16)
                    })?,
                })
            })?)?;
            Ok(Self { entries })
        })
    }

    /// The answer for entry `uuid`, if any.
    pub fn answer_for(&self, uuid: Uuid) -> Option<&DnsRecordAnswer> {
        self.entries.iter().find(|a| a.uuid == uuid)
    }

    /// The bag content.
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        w.put("dns_entries", &self.entries);
        w.finish()
    }

    /// The `relation-set` change set (equals the content).
    pub fn to_changes(&self) -> Databag {
        self.to_databag()
    }
}
