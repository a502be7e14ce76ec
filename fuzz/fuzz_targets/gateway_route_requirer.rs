//! Provider-side reader and classifier of gateway-route requirer bags (v0/ISD259 vs v1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::gateway_route::GatewayRouteRequest;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    let changes = match GatewayRouteRequest::read("fuzz:0", &bags.app) {
        Ok(GatewayRouteRequest::V0(request)) => request.to_changes(),
        Ok(GatewayRouteRequest::V1(request)) => request.to_changes(),
        Ok(GatewayRouteRequest::NotReady) | Err(_) => return,
    };
    let before = GatewayRouteRequest::read("fuzz:0", &bags.app);
    let after = GatewayRouteRequest::read("fuzz:0", &apply(bags.app, &changes));
    assert_eq!(after, before);
});
