//! Access to the recorded real-library databags in `../shared/interop-golden`.

use charm_tls::{ProviderCertificate, RequestError};
use relation_data::tls_certificates::ProviderCertificates;
use serde_json::Value;

pub use test_support::golden::{app_bag, app_list, read};

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
    ProviderCertificates::read("certificates:0", &app_bag(file))
        .expect("the golden provider bag reads")
}

/// The provider `certificates` list of a golden provider file.
pub fn provider_certificates(file: &str) -> Vec<ProviderCertificate> {
    provider(file).certificates
}

/// The provider `request_errors` list of a golden provider file.
pub fn provider_request_errors(file: &str) -> Vec<RequestError> {
    provider(file).request_errors
}
