//! Property tests for `istio_ingress_route`: write → read gives back the same value, and the
//! provider's change sets leave exactly what the requirer should see.

mod common;
mod istio_support;

use common::{apply, bag_of};
use istio_support::strategies::{provider_data, request};
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
