//! The plan for ISD259 gateway-route requirers with HTTPS: route names stay unique per
//! requirer and per hostname, redirects and HSTS apply as in ingress mode.

use integrator_fixtures::plan as plan_fixtures;

use std::collections::BTreeSet;

use charm_cluster::Kind;
use gateway_api_integrator::plan::Desired;
use gateway_api_integrator::state::{CertificateTarget, CharmState};
use juju_hook::Status;
use plan_fixtures::{isd259_inputs, isd259_requirer};
use serde_json::{Value, json};

fn object(plan: &Desired, kind: Kind, name: &str) -> Value {
    plan.desired_of(kind)
        .find(|object| object.name() == name)
        .unwrap_or_else(|| panic!("{kind} {name} not rendered"))
        .object()
}

fn names(plan: &Desired, kind: Kind) -> Vec<&str> {
    plan.desired_of(kind).map(|object| object.name()).collect()
}

#[test]
fn https_routes_are_unique_per_requirer_and_hostname() {
    let inputs = isd259_inputs(vec![
        isd259_requirer(4, &["c.example.com"], &["/x"], "shop", 81),
        isd259_requirer(3, &["a.example.com", "b.example.com"], &["/"], "shop", 80),
    ]);
    let state = CharmState::build(&inputs).unwrap();
    let plan = Desired::compute(&state);

    // Every hostname of every requirer keeps its own HTTPS route (a peer implementation names
    // them all `…-https`, so only the last hostname would keep HTTPS).
    let routes = names(&plan, Kind::HttpRoute);
    assert_eq!(
        routes,
        [
            "gai-shop-3-http",
            "gai-shop-3-https-a-example-com",
            "gai-shop-3-https-b-example-com",
            "gai-shop-4-http",
            "gai-shop-4-https-c-example-com",
        ]
    );
    assert_eq!(routes.iter().collect::<BTreeSet<_>>().len(), routes.len());

    let hsts = json!([{
        "type": "ResponseHeaderModifier",
        "responseHeaderModifier": {
            "add": [{"name": "Strict-Transport-Security", "value": "max-age=31536000"}]
        },
    }]);
    for (route, host, section, path, port) in [
        (
            "gai-shop-3-https-a-example-com",
            "a.example.com",
            "gai-https-a-example-com",
            "/",
            80,
        ),
        (
            "gai-shop-3-https-b-example-com",
            "b.example.com",
            "gai-https-b-example-com",
            "/",
            80,
        ),
        (
            "gai-shop-4-https-c-example-com",
            "c.example.com",
            "gai-https-c-example-com",
            "/x",
            81,
        ),
    ] {
        assert_eq!(
            object(&plan, Kind::HttpRoute, route)["spec"],
            json!({
                "hostnames": [host],
                "parentRefs": [{"name": "gai", "namespace": "testing", "sectionName": section}],
                "rules": [{
                    "matches": [{"path": {"type": "PathPrefix", "value": path}}],
                    "filters": hsts,
                    "backendRefs": [{"name": "gai-shop-service", "port": port}],
                }],
            }),
            "{route}"
        );
    }
    // enforce-https: the HTTP route of each requirer redirects on each of its hostnames.
    assert_eq!(
        object(&plan, Kind::HttpRoute, "gai-shop-3-http")["spec"],
        json!({
            "hostnames": ["a.example.com", "b.example.com"],
            "parentRefs": [
                {"name": "gai", "namespace": "testing", "sectionName": "gai-http-a-example-com"},
                {"name": "gai", "namespace": "testing", "sectionName": "gai-http-b-example-com"},
            ],
            "rules": [{"filters": [{
                "type": "RequestRedirect",
                "requestRedirect": {"scheme": "https", "statusCode": 301},
            }]}],
        })
    );

    // One Service for the workload, with both ports.
    assert_eq!(names(&plan, Kind::Service), ["gai-shop-service"]);
    assert_eq!(
        object(&plan, Kind::Service, "gai-shop-service")["spec"]["ports"],
        json!([
            {"name": "tcp-80", "port": 80, "targetPort": 80},
            {"name": "tcp-81", "port": 81, "targetPort": 81},
        ])
    );

    let gateway = object(&plan, Kind::Gateway, "gai");
    let listeners: Vec<&str> = gateway["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        listeners,
        [
            "gai-http-a-example-com",
            "gai-http-b-example-com",
            "gai-http-c-example-com",
            "gai-https-a-example-com",
            "gai-https-b-example-com",
            "gai-https-c-example-com",
        ]
    );
    assert_eq!(
        state.certificate_targets(),
        ["a.example.com", "b.example.com", "c.example.com"]
            .map(|h| CertificateTarget::Dns(h.into()))
            .into()
    );
    assert_eq!(
        plan.gateway_route_endpoints,
        [
            (3, vec!["https://a.example.com/".to_owned()]),
            (4, vec!["https://c.example.com/x".to_owned()]),
        ]
        .into()
    );
    // ISD259 requirers get `endpoints`, not the v1 provider data.
    assert_eq!(plan.gateway_route, None);
    assert_eq!(
        plan.status,
        Status::Active("Gateway addresses: 10.0.0.1".into())
    );
}

#[test]
fn plain_http_until_certificates_are_issued() {
    let mut inputs = isd259_inputs(vec![isd259_requirer(
        3,
        &["a.example.com"],
        &["/"],
        "shop",
        80,
    )]);
    inputs.config.insert("enforce-https".into(), json!(false));
    inputs.certificates.issued.clear();
    let plan = Desired::compute(&CharmState::build(&inputs).unwrap());
    assert_eq!(names(&plan, Kind::HttpRoute), ["gai-shop-3-http"]);
    assert_eq!(
        plan.gateway_route_endpoints,
        [(3, vec!["http://a.example.com/".to_owned()])].into()
    );
    assert_eq!(
        plan.status,
        Status::Waiting("Waiting for TLS certificates to be issued for: a.example.com.".into())
    );
}

#[test]
fn external_hostname_and_gateway_route_requirers_are_served_together() {
    let mut inputs = isd259_inputs(vec![isd259_requirer(
        3,
        &["a.example.com"],
        &["/"],
        "shop",
        80,
    )]);
    inputs
        .config
        .insert("external-hostname".into(), json!("example.com"));
    let state = CharmState::build(&inputs).expect("no longer exclusive");
    assert_eq!(
        state.hostnames().iter().collect::<Vec<_>>(),
        ["a.example.com", "example.com"]
    );
    assert_eq!(
        state.certificate_targets(),
        BTreeSet::from([
            CertificateTarget::Dns("a.example.com".into()),
            CertificateTarget::Dns("example.com".into()),
        ])
    );
    let plan = Desired::compute(&state);
    let gateway = object(&plan, Kind::Gateway, "gai");
    let listeners: Vec<&str> = gateway["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        listeners,
        [
            "gai-http-a-example-com",
            "gai-http-example-com",
            "gai-https-a-example-com",
        ]
    );
    assert_eq!(
        plan.status,
        Status::Waiting("Waiting for TLS certificates to be issued for: example.com.".into())
    );
}
