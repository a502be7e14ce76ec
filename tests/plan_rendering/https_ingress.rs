//! Ingress over HTTPS: HTTPS enforced with certificates issued (every object, exact JSON), the
//! strip-prefix rewrite before HSTS, waiting for certificates, and HTTPS not enforced.

use integrator_fixtures::plan as plan_fixtures;

use charm_cluster::Kind;
use juju_hook::Status;
use plan_fixtures::{IngressCase, ingress_inputs};
use serde_json::{Value, json};

use crate::expected::{
    REDIRECT, flask_metadata, forward_rule, hsts, listener, metadata, parent, strip_prefix,
};
use crate::{names, object, plan, url};

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
    let actual: Vec<Value> = plan.desired.iter().map(|o| o.object()).collect();
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
