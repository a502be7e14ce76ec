//! Shared by the `certificate_transfer_*` integration tests: the bags recorded from the real
//! library ([`recorded`]), its verdicts on hand-made bags ([`cases`]), proptest strategies
//! ([`strategies`]) and the names of the Python harnesses ([`harness`], run by
//! `common/harness.rs`, so tests need `mod common`).
#![allow(dead_code)]

pub mod cases;
pub mod harness;
pub mod recorded;
pub mod strategies;

use std::collections::BTreeMap;

use relation_data::Databag;
use relation_data::certificate_transfer::TransferredCertificates;
use relation_data::{BagOwner, Reason, RelationDataError};

/// The relation every test names.
pub const REL: &str = "receive-ca-cert:7";

/// What the harness calls the provider's units: `ca-provider/N`.
pub fn unit(number: u32) -> String {
    format!("ca-provider/{number}")
}

/// `{unit(n): bag}` for each pair.
pub fn units(bags: impl IntoIterator<Item = (u32, Databag)>) -> BTreeMap<String, Databag> {
    bags.into_iter().map(|(n, bag)| (unit(n), bag)).collect()
}

/// Read an app bag with no unit bag.
pub fn read_app(app: &Databag) -> Result<TransferredCertificates, RelationDataError> {
    TransferredCertificates::read(REL, app, &BTreeMap::new())
}

/// Read an empty app bag and one unit bag (`ca-provider/0`).
pub fn read_unit(unit_bag: &Databag) -> Result<TransferredCertificates, RelationDataError> {
    TransferredCertificates::read(REL, &Databag::new(), &units([(0, unit_bag.clone())]))
}

/// The error for a fault in `key` of the app bag.
pub fn app_error(key: &str, reason: Reason) -> RelationDataError {
    RelationDataError {
        relation: REL.to_owned(),
        owner: BagOwner::App,
        key: key.to_owned(),
        reason,
    }
}

/// The error for a fault in `key` of unit `ca-provider/{number}`'s bag.
pub fn unit_error(number: u32, key: &str, reason: Reason) -> RelationDataError {
    RelationDataError {
        relation: REL.to_owned(),
        owner: BagOwner::Unit(unit(number)),
        key: key.to_owned(),
        reason,
    }
}

/// A JSON list of strings as the library writes it (`json.dumps`).
pub fn json_list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    relation_data::to_python_json(&items)
}
