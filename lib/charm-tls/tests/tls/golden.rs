//! Access to the recorded real-library databags in `../shared/interop-golden`.

use std::path::PathBuf;

use charm_tls::{ProviderCertificate, ProviderRequestError};
use serde_json::Value;

/// The golden directory: `$INTEROP_GOLDEN_DIR`, else `<workspace>/../shared/interop-golden`.
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

/// The JSON list stored (JSON-encoded) under `key` in the `app` bag of a golden file.
pub fn app_list(file: &str, key: &str) -> Vec<Value> {
    let bag: Value = serde_json::from_str(&read(file)).expect("golden file is JSON");
    let encoded = bag["app"][key]
        .as_str()
        .unwrap_or_else(|| panic!("{file}: app bag has no {key}"));
    serde_json::from_str(encoded).expect("databag value is JSON")
}

/// The `certificate_signing_request` strings of a requirer golden file, in order.
pub fn requirer_csrs(file: &str) -> Vec<String> {
    app_list(file, "certificate_signing_requests")
        .iter()
        .map(|entry| {
            assert_eq!(entry["ca"], Value::Bool(false), "{file}: ca flag");
            entry["certificate_signing_request"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The provider `certificates` list of a golden provider file.
pub fn provider_certificates(file: &str) -> Vec<ProviderCertificate> {
    app_list(file, "certificates")
        .iter()
        .map(|entry| ProviderCertificate {
            certificate_signing_request: text(&entry["certificate_signing_request"]),
            certificate: text(&entry["certificate"]),
            ca: text(&entry["ca"]),
            chain: entry["chain"]
                .as_array()
                .unwrap()
                .iter()
                .map(text)
                .collect(),
            revoked: entry
                .get("revoked")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
        .collect()
}

/// The provider `request_errors` list of a golden provider file.
pub fn provider_request_errors(file: &str) -> Vec<ProviderRequestError> {
    app_list(file, "request_errors")
        .iter()
        .map(|entry| ProviderRequestError {
            csr: text(&entry["csr"]),
            code: entry["error"]["code"].as_i64().unwrap(),
            name: text(&entry["error"]["name"]),
            message: text(&entry["error"]["message"]),
            reason: entry["error"]
                .get("reason")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
        .collect()
}

fn text(value: &Value) -> String {
    value.as_str().expect("string field").to_owned()
}
