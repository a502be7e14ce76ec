//! Provider-side reader of istio_ingress_route requirer bags (the `config` key).
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::istio_ingress_route::IstioIngressRouteRequest;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(request)) = IstioIngressRouteRequest::read("fuzz:0", &bags.app) {
        let changes = request.to_changes();
        let again = IstioIngressRouteRequest::read("fuzz:0", &apply(bags.app, &changes));
        assert_eq!(again, Ok(Some(request.clone())));
        // Our own bytes are a fixed point: read back and written again, they do not change.
        assert_eq!(request.to_config_json(), changes["config"]);
    }
});
