//! One rejection test per validation rule: the error names the relation, bag, key and reason,
//! and the whole bag is rejected.

#[path = "../common/mod.rs"]
mod common;
mod dns_record;
mod gateway_route;
mod ingress;
mod tls_certificates;

use relation_data::{BagOwner, Databag, Reason, RelationDataError};

const REL: &str = "gateway:7";

fn with(mut bag: Databag, key: &str, value: &str) -> Databag {
    bag.insert(key.to_owned(), value.to_owned());
    bag
}

fn without(mut bag: Databag, key: &str) -> Databag {
    bag.remove(key);
    bag
}

fn app_error(key: &str, reason: Reason) -> RelationDataError {
    RelationDataError {
        relation: REL.to_owned(),
        owner: BagOwner::App,
        key: key.to_owned(),
        reason,
    }
}

fn wrong(expected: &'static str, found: &'static str) -> Reason {
    Reason::WrongType { expected, found }
}
