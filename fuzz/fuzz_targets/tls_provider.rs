//! Requirer-side reader of the tls-certificates provider bag.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::tls_certificates::ProviderCertificates;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(provided) = ProviderCertificates::read("fuzz:0", &bags.app) {
        let again = ProviderCertificates::read("fuzz:0", &apply(bags.app, &provided.to_changes()));
        assert_eq!(again, Ok(provided));
    }
});
