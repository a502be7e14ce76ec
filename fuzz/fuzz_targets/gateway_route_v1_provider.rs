//! Requirer-side reader of the gateway-route v1 provider bag.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::gateway_route::GatewayRouteV1ProviderData;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(provided)) = GatewayRouteV1ProviderData::read("fuzz:0", &bags.app) {
        let again =
            GatewayRouteV1ProviderData::read("fuzz:0", &apply(bags.app, &provided.to_changes()));
        assert_eq!(again, Ok(Some(provided)));
    }
});
