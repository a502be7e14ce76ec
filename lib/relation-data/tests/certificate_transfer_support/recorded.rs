//! The golden files recorded from the real library into `tests/golden/recorded`
//! (`tests/interop/certificate_transfer_record.py`; see the README there).

use std::path::PathBuf;

use relation_data::Databag;
use serde_json::Value;

use crate::common::bag;

/// Every recorded provider situation, in recording order.
pub const PROVIDE: &[&str] = &[
    "provide-v1",
    "provide-v1-three",
    "provide-v1-remove",
    "provide-v1-removed-all",
    "provide-v0",
    "provide-v0-removed-all",
];

/// `tests/golden/recorded` of this crate.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/recorded")
}

/// Test CA `n` (1, 2 or 3), verbatim (`ca-2` has no final newline).
pub fn ca(n: u32) -> String {
    let path = dir().join(format!("certs/ca-{n}.pem"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `certificate_transfer.<situation>.json`, parsed.
pub fn file(situation: &str) -> Value {
    let path = dir().join(format!("certificate_transfer.{situation}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("golden files are JSON")
}

/// The provider app bag the library wrote.
pub fn app(situation: &str) -> Databag {
    bag(&file(situation)["app"])
}

/// The provider leader's unit bag the library wrote (empty in v1).
pub fn unit(situation: &str) -> Databag {
    bag(&file(situation)["unit"])
}

/// A bag of the harness input (`provider_app_data`, …), empty when absent.
pub fn input_bag(situation: &str, key: &str) -> Databag {
    match &file(situation)["input"][key] {
        Value::Null => Databag::new(),
        value => bag(value),
    }
}

/// What the real requirer read from `app` and `unit`.
pub fn read(situation: &str) -> Vec<String> {
    serde_json::from_value(file(situation)["read"].clone()).expect("read is a list of strings")
}
