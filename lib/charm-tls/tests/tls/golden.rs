//! Access to the recorded real-library databags in `../shared/interop-golden`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use charm_tls::{ProviderCertificate, RequestError};
use relation_data::tls_certificates::ProviderCertificates;
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

/// The provider's application bag of a golden provider file, read as the charm reads it.
fn provider(file: &str) -> ProviderCertificates {
    let bag: Value = serde_json::from_str(&read(file)).expect("golden file is JSON");
    let app: BTreeMap<String, String> =
        serde_json::from_value(bag["app"].clone()).expect("app bag of strings");
    ProviderCertificates::read("certificates:0", &app).expect("the golden provider bag reads")
}

/// The provider `certificates` list of a golden provider file.
pub fn provider_certificates(file: &str) -> Vec<ProviderCertificate> {
    provider(file).certificates
}

/// The provider `request_errors` list of a golden provider file.
pub fn provider_request_errors(file: &str) -> Vec<RequestError> {
    provider(file).request_errors
}
