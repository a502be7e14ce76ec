//! Requirer-side reader of the dns_record provider's answer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::dns_record::DnsRecordProviderData;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(answer)) = DnsRecordProviderData::read("fuzz:0", &bags.app) {
        let again = DnsRecordProviderData::read("fuzz:0", &apply(bags.app, &answer.to_changes()));
        assert_eq!(again, Ok(Some(answer)));
    }
});
