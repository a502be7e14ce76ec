//! The recorded real-library data in `../shared/interop-golden` (override: `INTEROP_GOLDEN_DIR`).
#![allow(dead_code)]

use std::path::PathBuf;

/// The golden directory.
pub fn dir() -> PathBuf {
    match std::env::var_os("INTEROP_GOLDEN_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/interop-golden"),
    }
}

/// Text of a golden file.
pub fn read(relative: &str) -> String {
    let path = dir().join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading golden file {}: {error}", path.display()))
}

/// The `app` bag of a golden databag file.
pub fn app_bag(file: &str) -> std::collections::BTreeMap<String, String> {
    let value: serde_json::Value = serde_json::from_str(&read(file)).expect("golden JSON");
    serde_json::from_value(value["app"].clone()).expect("app bag is string → string")
}
