//! Ingress over plain HTTP: with a hostname, without one (the Gateway's IP in the URL, an
//! address pending or unsupported), and an ingress relation that has sent no data yet.

use integrator_fixtures::plan as plan_fixtures;

use charm_cluster::Kind;
use gateway_api_integrator::state::{GatewayAddress, IngressRelation};
use juju_hook::Status;
use plan_fixtures::{IngressCase, ingress_inputs};
use serde_json::json;

use crate::expected::{forward_rule, listener, parent, strip_prefix};
use crate::{names, object, plan, url};

#[test]
fn plain_http_with_hostname() {
    let plan = plan(&ingress_inputs(&IngressCase {
        enforce_https: false,
        tls_issued: None,
        hostname: Some("example.com"),
        strip_prefix: true,
    }));
    assert_eq!(
        names(&plan),
        [
            (Kind::Gateway, "gai".to_owned()),
            (Kind::Service, "gai-flask-service".to_owned()),
            (Kind::HttpRoute, "gai-flask-3-http".to_owned()),
        ]
    );
    assert_eq!(
        object(&plan, Kind::HttpRoute, "gai-flask-3-http")["spec"],
        json!({
            "hostnames": ["example.com"],
            "parentRefs": [parent("gai-http-example-com")],
            "rules": [forward_rule(Some(json!([strip_prefix()])))],
        })
    );
    assert_eq!(url(&plan), Some("http://example.com/testing-flask"));
}

#[test]
fn plain_http_without_hostname_uses_the_gateway_ip() {
    let mut inputs = ingress_inputs(&IngressCase {
        enforce_https: false,
        tls_issued: None,
        hostname: None,
        strip_prefix: false,
    });
    let plan_with_address = plan(&inputs);
    assert_eq!(
        object(&plan_with_address, Kind::Gateway, "gai")["spec"],
        json!({"gatewayClassName": "cilium", "listeners": [listener("gai-http", None, false)]})
    );
    assert_eq!(
        object(&plan_with_address, Kind::HttpRoute, "gai-flask-3-http")["spec"],
        json!({"parentRefs": [parent("gai-http")], "rules": [forward_rule(None)]})
    );
    assert_eq!(
        url(&plan_with_address),
        Some("http://10.0.0.1/testing-flask")
    );

    inputs.gateway_address = GatewayAddress::Pending;
    let plan_without_address = plan(&inputs);
    assert_eq!(url(&plan_without_address), None);
    assert_eq!(
        plan_without_address.status,
        Status::Waiting("Waiting for gateway address".into())
    );

    inputs.gateway_address = GatewayAddress::Unsupported("two addresses".into());
    let plan_unsupported = plan(&inputs);
    assert_eq!(url(&plan_unsupported), None);
    assert_eq!(
        plan_unsupported.status,
        Status::Blocked("Gateway reported unsupported address".into())
    );
    // Objects are still applied: the address problem is the controller's, not ours.
    assert_eq!(plan_unsupported.desired, plan_with_address.desired);
}

#[test]
fn ingress_awaiting_data_renders_only_the_gateway() {
    let mut inputs = ingress_inputs(&IngressCase {
        enforce_https: false,
        tls_issued: None,
        hostname: Some("example.com"),
        strip_prefix: false,
    });
    inputs.ingress = vec![IngressRelation::AwaitingData { relation_id: 3 }];
    let plan = plan(&inputs);
    assert_eq!(names(&plan), [(Kind::Gateway, "gai".to_owned())]);
    assert_eq!(url(&plan), None);
}
