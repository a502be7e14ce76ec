//! Provider-side readers of tls-certificates requirer bags (one bag, and app + units).
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::BagOwner;
use relation_data::tls_certificates::{CollectedCertificateRequests, RequirerCertificateRequests};
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(requests) = RequirerCertificateRequests::read("fuzz:0", BagOwner::App, &bags.app) {
        let written = apply(bags.app.clone(), &requests.to_changes());
        assert_eq!(
            RequirerCertificateRequests::read("fuzz:0", BagOwner::App, &written),
            Ok(requests)
        );
    }
    let collected = CollectedCertificateRequests::read("fuzz:0", &bags.app, &bags.units);
    assert!(collected.rejected.len() <= bags.units.len() + 1);
});
