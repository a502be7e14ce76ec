//! Helpers shared by the integration tests, and the runner of the Python interop harnesses
//! ([`harness`]).
#![allow(dead_code)]

pub mod harness;

use std::collections::BTreeMap;
use std::path::PathBuf;

use relation_data::Databag;
use serde_json::Value;

/// `INTEROP_GOLDEN_DIR`, or `shared/interop-golden` beside the repository.
pub fn golden_dir() -> PathBuf {
    match std::env::var_os("INTEROP_GOLDEN_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/interop-golden"),
    }
}

/// The raw text of a golden file.
pub fn golden_text(name: &str) -> String {
    let path = golden_dir().join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read golden file {}: {e}", path.display()))
}

/// A golden file, parsed.
pub fn golden(name: &str) -> Value {
    serde_json::from_str(&golden_text(name)).expect("golden files are JSON")
}

/// A JSON object of strings as a databag.
pub fn bag(value: &Value) -> Databag {
    value
        .as_object()
        .expect("a databag is an object")
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().expect("databag values are strings").to_owned(),
            )
        })
        .collect()
}

/// The `app` bag of a golden file.
pub fn app_bag(name: &str) -> Databag {
    bag(&golden(name)["app"])
}

/// The `units` bags of a golden file.
pub fn unit_bags(name: &str) -> BTreeMap<String, Databag> {
    golden(name)["units"]
        .as_object()
        .expect("units is an object")
        .iter()
        .map(|(unit, b)| (unit.clone(), bag(b)))
        .collect()
}

/// The order in which `keys` appear as databag keys in a golden file's text (the order the
/// library wrote them).
pub fn written_key_order(name: &str, keys: &[&str]) -> Vec<String> {
    let text = golden_text(name);
    let mut found: Vec<(usize, String)> = keys
        .iter()
        .filter_map(|k| {
            text.find(&format!("\n    \"{k}\": "))
                .map(|i| (i, (*k).to_owned()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, k)| k).collect()
}

/// Build a databag from literal pairs.
pub fn bag_of(pairs: &[(&str, &str)]) -> Databag {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Apply a `relation-set` change set to a bag (an empty value deletes the key).
pub fn apply(mut bag: Databag, changes: &Databag) -> Databag {
    for (key, value) in changes {
        if value.is_empty() {
            bag.remove(key);
        } else {
            bag.insert(key.clone(), value.clone());
        }
    }
    bag
}
