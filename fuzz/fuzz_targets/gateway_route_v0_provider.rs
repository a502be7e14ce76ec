//! Requirer-side reader of the gateway-route v0 provider's endpoints.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::gateway_route::GatewayRouteV0Endpoints;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(endpoints)) = GatewayRouteV0Endpoints::read("fuzz:0", &bags.app) {
        let again =
            GatewayRouteV0Endpoints::read("fuzz:0", &apply(bags.app, &endpoints.to_changes()));
        assert_eq!(again, Ok(Some(endpoints)));
    }
});
