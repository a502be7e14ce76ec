//! Reader of dns_record requirer bags (what a bind provider receives).
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::dns_record::DnsRecordRequest;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(request)) = DnsRecordRequest::read("fuzz:0", &bags.app) {
        let again = DnsRecordRequest::read("fuzz:0", &apply(bags.app, &request.to_changes()));
        assert_eq!(again, Ok(Some(request)));
    }
});
