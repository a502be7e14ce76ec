//! Helpers of the `istio_*rejections` tests: break one field of the real library's full bag
//! (`istio_route.emit-full.json`) and get the error.

use relation_data::istio_ingress_route::IstioIngressRouteRequest;
use relation_data::{BagOwner, Reason, RelationDataError};
use serde_json::Value;

use crate::common::{app_bag, bag_of};

/// The relation every rejection names.
pub const REL: &str = "istio-ingress-route:4";

/// The full golden config as a JSON value.
pub fn full() -> Value {
    serde_json::from_str(&app_bag("istio_route.emit-full.json")["config"]).unwrap()
}

/// The error for `config` text.
pub fn err_text(config: &str) -> RelationDataError {
    IstioIngressRouteRequest::read(REL, &bag_of(&[("config", config)]))
        .expect_err("the bag must be rejected")
}

/// `full()` with the member at JSON pointer `parent` + `/name` set to `value` (or removed when
/// `value` is `None`), read back: the error.
pub fn err_with(parent: &str, name: &str, value: Option<Value>) -> RelationDataError {
    let mut config = full();
    let object = config
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"));
    match value {
        Some(value) => object.insert(name.to_owned(), value),
        None => object.remove(name),
    };
    err_text(&config.to_string())
}

pub fn error(key: &str, reason: Reason) -> RelationDataError {
    RelationDataError {
        relation: REL.to_owned(),
        owner: BagOwner::App,
        key: key.to_owned(),
        reason,
    }
}

pub fn wrong(expected: &'static str, found: &'static str) -> Reason {
    Reason::WrongType { expected, found }
}

pub fn range(min: i64, max: u64) -> Reason {
    Reason::OutOfRange { min, max }
}

pub const NOT_INT_TEXT: Reason = Reason::WrongType {
    expected: "an integer",
    found: "a string that is not an integer",
};
