//! Requirer-side reader of the istio_ingress_route provider's answer, and its wipe.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::istio_ingress_route::IstioIngressRouteProviderData;
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(answer)) = IstioIngressRouteProviderData::read("fuzz:0", &bags.app) {
        let written = apply(bags.app.clone(), &answer.to_changes());
        assert_eq!(
            IstioIngressRouteProviderData::read("fuzz:0", &written),
            Ok(Some(answer))
        );
        let wiped = apply(written, &IstioIngressRouteProviderData::wipe());
        assert_eq!(
            IstioIngressRouteProviderData::read("fuzz:0", &wiped),
            Ok(None)
        );
    }
});
