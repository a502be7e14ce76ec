//! Requirer-side reader of the ingress provider's URL.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::ingress::IngressProviderAppData;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(published)) = IngressProviderAppData::read("fuzz:0", &bags.app) {
        let again =
            IngressProviderAppData::read("fuzz:0", &apply(bags.app, &published.to_changes()));
        assert_eq!(again, Ok(Some(published)));
    }
});
