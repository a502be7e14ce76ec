//! `certificate_transfer`: CA certificates a provider hands to a requirer (for us: the CAs that
//! validate backends speaking TLS), as spoken by charmlibs-interfaces-certificate-transfer 1.1.0
//! (the PyPI port of the Charmhub library `certificate_transfer_interface.v1`, LIBPATCH 15).
//! The library speaks two versions; which one a provider writes depends on the requirer.
//!
//! - **Requirer** app bag: `version` = `"1"` (`json.dumps(1)`), written by the leader on
//!   relation-created, other keys left alone; nothing else, and no unit bag. See
//!   [`RequirerAppData`].
//! - **Provider, v1** (the requirer's `version` is exactly `"1"`; see
//!   [`InterfaceVersion::requested_by`]): app bag `certificates` = a JSON list of PEM strings,
//!   sorted, `json.dumps` format (`", "` separators, non-ASCII escaped), and `version` = `"1"`.
//!   The library clears the whole app bag before writing; after `remove_all_certificates` the
//!   bag is `certificates` = `"[]"`, `version` = `"1"`.
//! - **Provider, v0** (any other requirer): the same app bag, **plus** the leader's unit bag,
//!   cleared then written with `ca` and `certificate` = the first certificate as a JSON string,
//!   `chain` = the JSON list of all of them (sorted) and `version` = `"0"`. With no
//!   certificates the unit bag is left as it was.
//!
//! [`TransferredCertificates::read`] reads the provider's bags as the library's requirer does
//! (`CertificateTransferRequires._get_relation_data`): the app bag's `certificates`; only when
//! that is empty and the app bag's `version` is not the text `"1"`, the `chain` of the unit
//! bags (v0). Both bags are validated as the library validates them (`json.loads`, then the
//! pydantic models `ProviderApplicationData` and `ProviderUnitDataV0` in lax mode: `version`
//! any pydantic `int`, `ca` and `certificate` required strings, `chain` a list of strings or
//! `null`), so a bag the library ignores (it logs and reads nothing) is an error here, naming
//! the key. [`CertificateTransferProviderData`] writes the provider's bags byte for byte.
//!
//! What the library does **not** check, and we do: each certificate must be one PEM
//! `CERTIFICATE` block ([`is_certificate_pem`]; the library takes any string, the empty one
//! included), and a value must not exceed [`MAX_VALUE_LEN`](crate::databag::MAX_VALUE_LEN) bytes. The DER inside is never
//! parsed. A bag the library reads but that fails these checks is an error whose reason is
//! [`Reason::Pem`](crate::Reason::Pem) (or [`Reason::TooLong`](crate::Reason::TooLong)).
//!
//! Other divergences, all deliberate:
//! - v0: the library reads **one** unit bag, the first of `relation.units` (a Python set, in
//!   no fixed order), and gets nothing when that unit has not written (the library's own v0
//!   provider writes only its leader's unit bag). We read every unit bag that holds one of
//!   the v0 keys and take the union of their chains; a unit bag without any of them (only
//!   Juju's `ingress-address` and the like) is skipped, where the library logs an error.
//! - The Charmhub v0 library (`certificate_transfer_interface.v0`) writes `ca` and
//!   `certificate` as raw PEM text, not JSON: charmlibs 1.1.0 cannot read such a bag (it logs
//!   an error and reads nothing), and neither do we (`ca` is not valid JSON).
//! - JSON that Python accepts and `serde_json` does not (`NaN`, `Infinity`, nesting deeper
//!   than 128) is invalid here; the library rejects it too, later, so only the reason differs.

mod parse;
mod pem;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub use pem::is_certificate_pem;

use crate::databag::{Databag, to_python_json};
use crate::error::{BagOwner, RelationDataError};
use parse::{KeyFault, Parsed};

/// The version of the interface a provider writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InterfaceVersion {
    /// v0: the app bag, and the provider leader's unit bag (`ca`, `certificate`, `chain`).
    V0,
    /// v1: the app bag only (`certificates`).
    V1,
}

impl InterfaceVersion {
    /// The version the library's provider writes for a requirer app bag: v1 exactly when its
    /// `version` is the text `"1"` (not `"1.0"`, not `" 1"`), else v0.
    pub fn requested_by(requirer_app: &Databag) -> Self {
        match requirer_app.get("version").map(String::as_str) {
            Some(RequirerAppData::VERSION) => Self::V1,
            _ => Self::V0,
        }
    }
}

/// The requirer's own app bag: the version hint, all the library's requirer writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequirerAppData;

impl RequirerAppData {
    /// The only key the requirer writes.
    pub const KEYS: &'static [&'static str] = &["version"];
    /// The value it writes (`json.dumps(1)`).
    pub const VERSION: &'static str = "1";

    /// The `relation-set` change set of the library's leader on relation-created:
    /// `version` = `"1"`, other keys of the bag untouched (`dump(clear=False)`).
    pub fn to_changes() -> Databag {
        Databag::from([("version".to_owned(), Self::VERSION.to_owned())])
    }
}

/// The CA certificates a provider transfers, as the requirer reads them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TransferredCertificates {
    /// Each one PEM `CERTIFICATE` block, verbatim as the provider wrote it (surrounding white
    /// space and line breaks kept), deduplicated as exact strings and sorted as Python's
    /// `sorted` sorts them (by code point).
    pub certificates: BTreeSet<String>,
    /// Which bags they came from; `None` when the provider has published nothing yet (no
    /// known key in its app bag, none of the v0 keys in any unit bag).
    pub version: Option<InterfaceVersion>,
}

impl TransferredCertificates {
    /// The keys the requirer reads in the provider's app bag.
    pub const APP_KEYS: &'static [&'static str] = &["certificates", "version"];
    /// The keys the requirer reads in a provider unit bag (v0).
    pub const UNIT_KEYS: &'static [&'static str] = &["ca", "certificate", "chain", "version"];

    /// Read the provider's app bag and its units' bags (unit name → bag), as the library's
    /// requirer does (module docs): the app bag first, the unit bags (in name order) only
    /// when the app bag holds no certificate and its `version` is not `"1"`. An invalid bag
    /// among those read is an error naming the bag and the key (with the index of a faulty
    /// certificate, e.g. `certificates[1]`); the library logs and reads nothing then.
    pub fn read(
        relation: impl fmt::Display,
        app: &Databag,
        units: &BTreeMap<String, Databag>,
    ) -> Result<Self, RelationDataError> {
        let relation = relation.to_string();
        let error = |owner: &BagOwner, (key, fault): KeyFault| RelationDataError {
            relation: relation.clone(),
            owner: owner.clone(),
            key: format!("{key}{}", fault.path),
            reason: fault.reason,
        };
        let (app_is_empty, certificates) =
            read_app_bag(app).map_err(|fault| error(&BagOwner::App, fault))?;
        let app_version = (!app_is_empty).then_some(InterfaceVersion::V1);
        let declared_v1 = app.get("version").map(String::as_str) == Some("1");
        if !certificates.is_empty() || declared_v1 {
            return Ok(Self {
                certificates,
                version: app_version,
            });
        }
        let mut from_units = Self {
            certificates: BTreeSet::new(),
            version: app_version,
        };
        for (unit, bag) in units {
            let chain =
                read_unit_bag(bag).map_err(|fault| error(&BagOwner::Unit(unit.clone()), fault))?;
            if let Some(chain) = chain {
                from_units.certificates.extend(chain);
                from_units.version = Some(InterfaceVersion::V0);
            }
        }
        Ok(from_units)
    }

    /// Whether no certificate was transferred (yet, or any more).
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }
}

/// `ProviderApplicationData.load`, then our PEM rule: whether no known key is present, and
/// the certificates.
fn read_app_bag(bag: &Databag) -> Result<(bool, BTreeSet<String>), KeyFault> {
    let parsed = Parsed::load(bag, TransferredCertificates::APP_KEYS)?;
    let items = parsed.strings("certificates", false)?;
    parsed.defaulted_int("version")?;
    Ok((
        parsed.is_empty(),
        parse::certificates("certificates", items)?,
    ))
}

/// `ProviderUnitDataV0.load`, then our PEM rule: the chain, `None` when no known key is present.
fn read_unit_bag(bag: &Databag) -> Result<Option<BTreeSet<String>>, KeyFault> {
    let parsed = Parsed::load(bag, TransferredCertificates::UNIT_KEYS)?;
    if parsed.is_empty() {
        return Ok(None);
    }
    parsed.required_str("ca")?;
    parsed.required_str("certificate")?;
    let chain = parsed.strings("chain", true)?;
    parsed.defaulted_int("version")?;
    parse::certificates("chain", chain).map(Some)
}

/// What a provider publishes: a set of certificates (PEM strings). Writes the bags exactly as
/// the library's `CertificateTransferProvides` leaves them; checks nothing, as the library
/// does not, so it can also write what a reader must refuse.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertificateTransferProviderData {
    /// The certificates, sorted and deduplicated as the library's `set` + `sorted` make them.
    pub certificates: BTreeSet<String>,
}

impl CertificateTransferProviderData {
    /// The keys of the provider's app bag, in write order.
    pub const APP_KEYS: &'static [&'static str] = &["certificates", "version"];
    /// The keys of the provider leader's unit bag in v0, in write order.
    pub const UNIT_KEYS: &'static [&'static str] = &["ca", "certificate", "chain", "version"];

    /// The provider's data for `certificates`.
    pub fn new<S: Into<String>>(certificates: impl IntoIterator<Item = S>) -> Self {
        Self {
            certificates: certificates.into_iter().map(Into::into).collect(),
        }
    }

    /// The app bag (both versions): `certificates` = the sorted JSON list, `version` = `"1"`.
    pub fn to_app_databag(&self) -> Databag {
        Databag::from([
            (
                "certificates".to_owned(),
                to_python_json(&self.certificates),
            ),
            ("version".to_owned(), "1".to_owned()),
        ])
    }

    /// The change set turning the app bag `current` into [`Self::to_app_databag`]: the library
    /// clears the whole bag before writing, so every other key of `current` is deleted.
    pub fn to_app_changes(&self, current: &Databag) -> Databag {
        replace(current, self.to_app_databag())
    }

    /// The leader's unit bag in v0: `ca` and `certificate` = the first certificate (JSON
    /// string), `chain` = all of them (JSON list), `version` = `"0"`. `None` without
    /// certificates: the library then leaves the unit bag alone.
    pub fn to_v0_unit_databag(&self) -> Option<Databag> {
        let first = to_python_json(self.certificates.first()?);
        Some(Databag::from([
            ("ca".to_owned(), first.clone()),
            ("certificate".to_owned(), first),
            ("chain".to_owned(), to_python_json(&self.certificates)),
            ("version".to_owned(), "0".to_owned()),
        ]))
    }

    /// The change set turning the unit bag `current` into [`Self::to_v0_unit_databag`]
    /// (every other key deleted, Juju's address keys included, as the library's `clear()`
    /// does); `None` when the library leaves the bag alone.
    pub fn to_v0_unit_changes(&self, current: &Databag) -> Option<Databag> {
        self.to_v0_unit_databag().map(|bag| replace(current, bag))
    }
}

/// `content`, plus an empty value (a deletion) for every other key of `current`.
fn replace(current: &Databag, mut content: Databag) -> Databag {
    for key in current.keys() {
        content.entry(key.clone()).or_default();
    }
    content
}
