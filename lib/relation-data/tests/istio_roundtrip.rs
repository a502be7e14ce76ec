//! Property tests for `istio_ingress_route`: write → read gives back the same value, and the
//! provider's change sets leave exactly what the requirer should see.

mod common;
mod istio_support;

use common::{app_bag, apply, bag_of};
use istio_support::strategies::{mutated, provider_data, request};
use proptest::prelude::*;
use relation_data::istio_ingress_route::{IstioIngressRouteProviderData, IstioIngressRouteRequest};

const REL: &str = "istio-ingress-route:9";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn request_round_trips(request in request()) {
        let bag = request.to_databag();
        prop_assert_eq!(IstioIngressRouteRequest::read(REL, &bag), Ok(Some(request.clone())));
        // Compact JSON, as pydantic writes it: no separator spaces outside strings.
        let reparsed: serde_json::Value = serde_json::from_str(&bag["config"]).unwrap();
        prop_assert_eq!(serde_json::to_string(&reparsed).unwrap().len(), bag["config"].len());
    }

    #[test]
    fn request_change_set_replaces_any_previous_request(
        old in request(),
        new in request(),
    ) {
        let bag = apply(apply(bag_of(&[("other", "x")]), &old.to_changes()), &new.to_changes());
        prop_assert_eq!(IstioIngressRouteRequest::read(REL, &bag), Ok(Some(new)));
    }

    /// What the fuzz target checks, on mutations of the real bag: no panic, and an accepted
    /// config reads back equal from our bytes, which are a fixed point.
    #[test]
    fn mutated_configs_are_rejected_or_round_trip(
        config in mutated(app_bag("istio_route.emit-full.json")["config"].clone())
    ) {
        let bag = bag_of(&[("config", &config)]);
        if let Ok(Some(request)) = IstioIngressRouteRequest::read(REL, &bag) {
            let written = request.to_databag();
            prop_assert_eq!(IstioIngressRouteRequest::read(REL, &written), Ok(Some(request.clone())));
            prop_assert_eq!(request.to_config_json(), written["config"].clone());
        }
    }

    #[test]
    fn provider_data_round_trips_and_wipes(
        old in provider_data(),
        new in provider_data(),
    ) {
        let bag = apply(apply(Default::default(), &old.to_changes()), &new.to_changes());
        let expected = (!new.external_host.is_empty()).then(|| new.clone());
        prop_assert_eq!(IstioIngressRouteProviderData::read(REL, &bag), Ok(expected));
        let wiped = apply(bag, &IstioIngressRouteProviderData::wipe());
        prop_assert!(wiped.is_empty());
        prop_assert_eq!(IstioIngressRouteProviderData::read(REL, &wiped), Ok(None));
    }
}
