//! The databags the real Python libraries wrote (`../shared/interop-golden`, or
//! `$INTEROP_GOLDEN_DIR`), and databags written out by hand.

use std::path::PathBuf;

use juju_hook::Databag;
use serde_json::Value;

/// Where the golden files are.
fn golden_dir() -> PathBuf {
    match std::env::var_os("INTEROP_GOLDEN_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/interop-golden"),
    }
}

/// The golden file `name`, as JSON.
pub fn golden(name: &str) -> Value {
    let path = golden_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read golden file {}: {e}", path.display()));
    serde_json::from_str(&text).expect("golden files are JSON")
}

/// A databag recorded as a JSON object of strings.
pub fn bag(value: &Value) -> Databag {
    value
        .as_object()
        .expect("a databag is an object")
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().expect("values are strings").to_owned(),
            )
        })
        .collect()
}

/// A databag of `pairs`.
pub fn pairs(pairs: &[(&str, &str)]) -> Databag {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
