//! gateway-route requirers: a listener per hostname and one for the IP, and the HTTPS mode
//! and HSTS the plan publishes to them.

use integrator_fixtures::plan as plan_fixtures;

use charm_cluster::Kind;
use gateway_api_integrator::plan::{GatewayRoutePublication, HttpsMode};
use gateway_api_integrator::state::{Address, GatewayAddress};
use juju_hook::Status;
use plan_fixtures::{ADDRESS, gateway_route_inputs};
use serde_json::json;

use crate::expected::listener;
use crate::{names, object, plan, url};

#[test]
fn gateway_route_mode_renders_listeners_per_hostname_and_for_the_ip() {
    let plan = plan(&gateway_route_inputs());
    assert_eq!(
        names(&plan),
        [
            (Kind::Secret, "gai-secret-10.0.0.1".to_owned()),
            (Kind::Secret, "gai-secret-api.example.com".to_owned()),
            (Kind::Secret, "gai-secret-www.example.com".to_owned()),
            (Kind::Gateway, "gai".to_owned()),
        ]
    );
    let mut ip_listener = listener("gai-https-10-0-0-1", None, true);
    ip_listener["tls"] =
        json!({"certificateRefs": [{"kind": "Secret", "name": "gai-secret-10.0.0.1"}]});
    assert_eq!(
        object(&plan, Kind::Gateway, "gai")["spec"]["listeners"],
        // The hostname-less requirer's listener exists although others have hostnames (the
        // Python charm left it out, so that requirer's routes attached to nothing).
        json!([
            listener("gai-http", None, false),
            listener("gai-http-api-example-com", Some("api.example.com"), false),
            listener("gai-http-www-example-com", Some("www.example.com"), false),
            ip_listener,
            listener("gai-https-api-example-com", Some("api.example.com"), true),
            listener("gai-https-www-example-com", Some("www.example.com"), true),
        ])
    );
    assert_eq!(
        plan.gateway_route,
        Some(GatewayRoutePublication {
            relation_ids: vec![7, 8],
            gateway_name: "gai".into(),
            gateway_model: "testing".into(),
            https_mode: HttpsMode::Enforced,
            gateway_address: Address::Ip(ADDRESS.into()),
            hsts_max_age: Some(31_536_000),
        })
    );
    assert_eq!(url(&plan), None);
    assert_eq!(
        plan.status,
        Status::Active("Gateway addresses: 10.0.0.1".into())
    );
}

#[test]
fn gateway_route_https_modes() {
    let mut inputs = gateway_route_inputs();
    inputs.config.insert("enforce-https".into(), json!(false));
    let enabled = plan(&inputs).gateway_route.unwrap();
    assert_eq!(
        (enabled.https_mode, enabled.hsts_max_age),
        (HttpsMode::Enabled, None)
    );
    assert_eq!(HttpsMode::Enabled.as_str(), "enabled");

    inputs.certificates = Default::default();
    let disabled = plan(&inputs).gateway_route.unwrap();
    assert_eq!(
        (disabled.https_mode, disabled.hsts_max_age),
        (HttpsMode::Disabled, None)
    );

    inputs.gateway_address = GatewayAddress::Pending;
    assert_eq!(plan(&inputs).gateway_route, None);
}
