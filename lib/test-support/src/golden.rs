//! The recorded real-library data in `../shared/interop-golden` beside the repository
//! (override the directory with `INTEROP_GOLDEN_DIR`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// The golden directory: `$INTEROP_GOLDEN_DIR`, else `<repository>/../shared/interop-golden`.
pub fn dir() -> PathBuf {
    match std::env::var_os("INTEROP_GOLDEN_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/interop-golden"),
    }
}

/// Text of a golden file.
pub fn read(relative: &str) -> String {
    let path = dir().join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading golden file {}: {error}", path.display()))
}

/// The `app` bag of a golden databag file.
pub fn app_bag(file: &str) -> BTreeMap<String, String> {
    let value: Value = serde_json::from_str(&read(file)).expect("golden JSON");
    serde_json::from_value(value["app"].clone()).expect("app bag is string → string")
}

/// The JSON list stored (JSON-encoded) under `key` in the `app` bag of a golden file.
pub fn app_list(file: &str, key: &str) -> Vec<Value> {
    let bag = app_bag(file);
    let encoded = bag
        .get(key)
        .unwrap_or_else(|| panic!("{file}: app bag has no {key}"));
    serde_json::from_str(encoded).expect("databag value is JSON")
}
