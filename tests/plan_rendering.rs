//! The plan for each mode, compared object by object with exact JSON.

use integrator_fixtures::plan as plan_fixtures;

use charm_cluster::{Kind, MANAGED_BY_LABEL};
use gateway_api_integrator::plan::{Desired, GatewayRoutePublication, HttpsMode};
use gateway_api_integrator::state::{Address, CharmState, GatewayAddress, IngressRelation, Inputs};
use juju_hook::Status;
use plan_fixtures::{ADDRESS, IngressCase, gateway_route_inputs, ingress_inputs};
use serde_json::{Value, json};

fn plan(inputs: &Inputs) -> Desired {
    Desired::compute(&CharmState::build(inputs).expect("valid inputs"))
}

fn object(plan: &Desired, kind: Kind, name: &str) -> Value {
    plan.desired_of(kind)
        .find(|object| object.name() == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in {:#?}", plan.desired))
        .object
        .clone()
}

fn names(plan: &Desired) -> Vec<(Kind, String)> {
    plan.desired
        .iter()
        .map(|object| (object.kind, object.name().to_owned()))
        .collect()
}

fn metadata(name: &str) -> Value {
    json!({"name": name, "namespace": "testing", "labels": {MANAGED_BY_LABEL: "gai"}})
}

/// Metadata of an object serving the ingress relation 3 only.
fn flask_metadata(name: &str) -> Value {
    json!({"name": name, "namespace": "testing", "labels": {
        MANAGED_BY_LABEL: "gai",
        "gateway-api-integrator.charm.juju.is/relation": "gateway.3",
    }})
}

/// The URL published to the ingress relation 3.
fn url(plan: &Desired) -> Option<&str> {
    plan.ingress_urls.get(&3).and_then(|url| url.as_deref())
}

fn listener(name: &str, hostname: Option<&str>, https: bool) -> Value {
    let mut listener = json!({
        "name": name,
        "port": if https { 443 } else { 80 },
        "protocol": if https { "HTTPS" } else { "HTTP" },
        "allowedRoutes": {"namespaces": {"from": "All"}},
    });
    if let Some(hostname) = hostname {
        listener["hostname"] = json!(hostname);
        if https {
            listener["tls"] = json!({"certificateRefs": [{"kind": "Secret", "name": format!("gai-secret-{hostname}")}]});
        }
    }
    listener
}

fn parent(section: &str) -> Value {
    json!({"name": "gai", "namespace": "testing", "sectionName": section})
}

fn forward_rule(filters: Option<Value>) -> Value {
    let mut rule = json!({
        "matches": [{"path": {"type": "PathPrefix", "value": "/testing-flask"}}],
        "backendRefs": [{"name": "gai-flask-service", "port": 8080}],
    });
    if let Some(filters) = filters {
        rule["filters"] = filters;
    }
    rule
}

fn hsts(max_age: u64) -> Value {
    json!({"type": "ResponseHeaderModifier", "responseHeaderModifier": {
        "add": [{"name": "Strict-Transport-Security", "value": format!("max-age={max_age}")}]}})
}

fn strip_prefix() -> Value {
    json!({"type": "URLRewrite", "urlRewrite": {
        "path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}})
}

const REDIRECT: &str = "RequestRedirect";

#[test]
fn enforced_https_with_tls_renders_everything() {
    let plan = plan(&ingress_inputs(&IngressCase {
        enforce_https: true,
        tls_issued: Some(true),
        hostname: Some("example.com"),
        strip_prefix: false,
    }));
    let expected = vec![
        json!({
            "apiVersion": "v1", "kind": "Secret", "metadata": metadata("gai-secret-example.com"),
            "type": "kubernetes.io/tls",
            "data": {"tls.crt": "TEVBRgoKQ0E=", "tls.key": "S0VZ"},
        }),
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": metadata("gai"),
            "spec": {"gatewayClassName": "cilium", "listeners": [
                listener("gai-http-example-com", Some("example.com"), false),
                listener("gai-https-example-com", Some("example.com"), true),
            ]},
        }),
        json!({
            "apiVersion": "v1", "kind": "Service", "metadata": flask_metadata("gai-flask-service"),
            "spec": {
                "ports": [{"name": "tcp-8080", "port": 8080, "targetPort": 8080}],
                "selector": {"app.kubernetes.io/name": "flask"},
            },
        }),
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": metadata("gai-http"),
            "spec": {
                "hostnames": ["example.com"],
                "parentRefs": [parent("gai-http-example-com")],
                "rules": [{"filters": [{"type": REDIRECT,
                    "requestRedirect": {"scheme": "https", "statusCode": 301}}]}],
            },
        }),
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": flask_metadata("gai-flask-3-https-example-com"),
            "spec": {
                "hostnames": ["example.com"],
                "parentRefs": [parent("gai-https-example-com")],
                "rules": [forward_rule(Some(json!([hsts(31_536_000)])))],
            },
        }),
    ];
    let actual: Vec<Value> = plan.desired.iter().map(|o| o.object.clone()).collect();
    assert_eq!(actual, expected);
    assert_eq!(
        plan.desired.iter().map(|o| o.kind).collect::<Vec<_>>(),
        [
            Kind::Secret,
            Kind::Gateway,
            Kind::Service,
            Kind::HttpRoute,
            Kind::HttpRoute
        ]
    );
    assert_eq!(url(&plan), Some("https://example.com/testing-flask"));
    assert_eq!(plan.gateway_route, None);
    assert_eq!(
        plan.status,
        Status::Active("Gateway addresses: 10.0.0.1".into())
    );
}

#[test]
fn strip_prefix_adds_the_url_rewrite_before_hsts() {
    let mut inputs = ingress_inputs(&IngressCase {
        enforce_https: true,
        tls_issued: Some(true),
        hostname: Some("example.com"),
        strip_prefix: true,
    });
    inputs.config.insert("hsts-max-age".into(), json!(0));
    let plan = plan(&inputs);
    assert_eq!(
        object(&plan, Kind::HttpRoute, "gai-flask-3-https-example-com")["spec"]["rules"],
        json!([forward_rule(Some(json!([strip_prefix(), hsts(0)])))])
    );
    // The shared redirect route never carries the rewrite or HSTS.
    assert_eq!(
        object(&plan, Kind::HttpRoute, "gai-http")["spec"]["rules"],
        json!([{"filters": [{"type": REDIRECT,
            "requestRedirect": {"scheme": "https", "statusCode": 301}}]}])
    );
}

#[test]
fn enforced_https_waiting_for_certificates() {
    let plan = plan(&ingress_inputs(&IngressCase {
        enforce_https: true,
        tls_issued: Some(false),
        hostname: Some("example.com"),
        strip_prefix: false,
    }));
    // No Secret, no HTTPS listener and so no HTTPS route yet: only the redirect.
    assert_eq!(
        names(&plan),
        [
            (Kind::Gateway, "gai".to_owned()),
            (Kind::Service, "gai-flask-service".to_owned()),
            (Kind::HttpRoute, "gai-http".to_owned()),
        ]
    );
    assert_eq!(
        object(&plan, Kind::Gateway, "gai")["spec"]["listeners"],
        json!([listener("gai-http-example-com", Some("example.com"), false)])
    );
    assert_eq!(url(&plan), Some("https://example.com/testing-flask"));
    assert_eq!(
        plan.status,
        Status::Waiting("Waiting for TLS certificates to be issued for: example.com.".into())
    );
}

#[test]
fn https_not_enforced_with_tls_serves_both_without_hsts() {
    let plan = plan(&ingress_inputs(&IngressCase {
        enforce_https: false,
        tls_issued: Some(true),
        hostname: Some("example.com"),
        strip_prefix: false,
    }));
    assert_eq!(
        object(&plan, Kind::HttpRoute, "gai-flask-3-http")["spec"],
        json!({
            "hostnames": ["example.com"],
            "parentRefs": [parent("gai-http-example-com")],
            "rules": [forward_rule(None)],
        })
    );
    assert_eq!(
        object(&plan, Kind::HttpRoute, "gai-flask-3-https-example-com")["spec"],
        json!({
            "hostnames": ["example.com"],
            "parentRefs": [parent("gai-https-example-com")],
            "rules": [forward_rule(None)],
        })
    );
    assert_eq!(url(&plan), Some("https://example.com/testing-flask"));
    assert_eq!(
        plan.status,
        Status::Active("Gateway addresses: 10.0.0.1 (enforce-https is set to false)".into())
    );
}

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
fn long_names_are_truncated_with_a_hash() {
    let hostname = "a-rather-long-subdomain-name.of-an-even-longer-domain.example.com";
    let mut inputs = ingress_inputs(&IngressCase {
        enforce_https: true,
        tls_issued: Some(true),
        hostname: Some(hostname),
        strip_prefix: false,
    });
    let requirer_name = "a-requirer-application-with-a-really-long-name-indeed";
    if let IngressRelation::Ready(requirer) = &mut inputs.ingress[0] {
        requirer.app_name = requirer_name.into();
    }
    let plan = plan(&inputs);
    let https_listener =
        "gai-https-a-rather-long-subdomain-name-of-an-even-longer-domain-example-com";
    // Python: truncate_k8s_resource_name("gai-" + requirer + "-3-https-" + dashed hostname)
    // and ("gai-" + requirer + "-service").
    let https_route = "gai-a-requirer-application-with-a-really-long-name-ind-eec95fb5";
    let service = "gai-a-requirer-application-with-a-really-long-name-ind-7322a150";
    assert_eq!(
        names(&plan),
        [
            (Kind::Secret, format!("gai-secret-{hostname}")),
            (Kind::Gateway, "gai".to_owned()),
            (Kind::Service, service.to_owned()),
            (Kind::HttpRoute, "gai-http".to_owned()),
            (Kind::HttpRoute, https_route.to_owned()),
        ]
    );
    // The listener (section) name is not truncated below 253 characters.
    assert_eq!(
        object(&plan, Kind::HttpRoute, https_route)["spec"]["parentRefs"],
        json!([parent(https_listener)])
    );
    assert_eq!(
        object(&plan, Kind::HttpRoute, https_route)["spec"]["rules"][0]["backendRefs"],
        json!([{"name": service, "port": 8080}])
    );
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

#[test]
fn every_valid_case_renders_idempotently() {
    for case in plan_fixtures::all_ingress_cases() {
        let inputs = ingress_inputs(&case);
        assert_eq!(plan(&inputs), plan(&inputs), "{case:?}");
    }
}
