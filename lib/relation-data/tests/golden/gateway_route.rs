//! gateway-route v0 and v1: requirer and provider bags, the interfaces.md §3.1/§3.2 examples,
//! the ISD259 seed example.

use super::common::{app_bag, bag_of, golden, written_key_order};
use relation_data::gateway_route::{
    GatewayRouteRequest, GatewayRouteV0Endpoints, GatewayRouteV0Request,
    GatewayRouteV1ProviderData, GatewayRouteV1Request, HttpsMode,
};
use relation_data::validate::{application_name, model_name, path_prefix};

use super::{REL, h};

fn v0_request(paths: &[&str], additional: &[&str]) -> GatewayRouteV0Request {
    GatewayRouteV0Request {
        hostname: Some(h("myapp.example.com")),
        additional_hostnames: additional.iter().map(|a| h(a)).collect(),
        paths: paths.iter().map(|p| path_prefix(p).unwrap()).collect(),
        model: model_name("m").unwrap(),
        name: application_name("myapp").unwrap(),
        port: 8080,
    }
}

#[test]
fn gateway_route_v0_requirer_bags_are_classified_and_reproduced() {
    let cases = [
        ("gateway_route.emit-v0.json", v0_request(&["/a", "/b"], &[])),
        ("gateway_route.emit-v0-minimal.json", v0_request(&[], &[])),
        (
            "gateway_route.emit-v0-additional.json",
            v0_request(&[], &["b.example.com"]),
        ),
    ];
    for (name, expected) in cases {
        let written = app_bag(name);
        assert_eq!(
            GatewayRouteRequest::read(REL, &written).unwrap(),
            GatewayRouteRequest::V0(expected.clone()),
            "{name}"
        );
        assert_eq!(expected.to_databag(), written, "{name}");
        let order = written_key_order(name, GatewayRouteV0Request::KEYS);
        let declared: Vec<&str> = GatewayRouteV0Request::KEYS
            .iter()
            .copied()
            .filter(|k| written.contains_key(*k))
            .collect();
        assert_eq!(order, declared, "{name}: key order");
    }
    assert_eq!(
        v0_request(&[], &[]).effective_paths(),
        vec![path_prefix("/").unwrap()]
    );
}

#[test]
fn gateway_route_v0_provider_reference_is_reproduced() {
    let file = golden("gateway_route.provide-v0.json");
    // The requirer the recording answered is what we read from emit-v0.json.
    let GatewayRouteRequest::V0(request) =
        GatewayRouteRequest::read(REL, &app_bag("gateway_route.emit-v0.json")).unwrap()
    else {
        panic!("emit-v0 is a v0 request");
    };
    let recorded = &file["requirer"];
    assert_eq!(
        recorded["hostname"],
        request.hostname.as_ref().unwrap().as_str()
    );
    assert_eq!(recorded["paths"], serde_json::json!(["/a", "/b"]));
    assert_eq!(recorded["port"], request.port);
    assert_eq!(recorded["name"], request.name.as_str());
    assert_eq!(recorded["model"], request.model.as_str());
    let endpoints = GatewayRouteV0Endpoints::new([
        "https://myapp.example.com/a",
        "https://myapp.example.com/b",
    ])
    .unwrap();
    assert_eq!(
        endpoints.to_databag(),
        app_bag("gateway_route.provide-v0.json")
    );
    assert_eq!(
        GatewayRouteV0Endpoints::read(REL, &app_bag("gateway_route.provide-v0.json")).unwrap(),
        Some(endpoints)
    );
}

#[test]
fn gateway_route_v1_requirer_bags_are_classified_and_reproduced() {
    let cases = [
        (
            "gateway_route.emit-v1.json",
            GatewayRouteV1Request {
                hostname: Some(h("myapp.example.com")),
                additional_hostnames: vec![],
            },
        ),
        (
            "gateway_route.emit-v1-additional.json",
            GatewayRouteV1Request {
                hostname: Some(h("myapp.example.com")),
                additional_hostnames: vec![h("b.example.com"), h("c.example.com")],
            },
        ),
        (
            "gateway_route.emit-v1-nohost.json",
            GatewayRouteV1Request {
                hostname: None,
                additional_hostnames: vec![],
            },
        ),
    ];
    for (name, expected) in cases {
        let written = app_bag(name);
        assert_eq!(
            GatewayRouteRequest::read(REL, &written).unwrap(),
            GatewayRouteRequest::V1(expected.clone()),
            "{name}"
        );
        assert_eq!(expected.to_databag(), written, "{name}");
        assert_eq!(
            written_key_order(name, &["hostname", "additional_hostnames"]),
            ["additional_hostnames", "hostname"]
        );
    }
}

#[test]
fn gateway_route_v1_provider_references_are_reproduced() {
    let enforced = GatewayRouteV1ProviderData {
        gateway_name: "gateway-api-integrator".to_owned(),
        gateway_model: model_name("m").unwrap(),
        https_mode: HttpsMode::Enforced,
        gateway_address: Some("10.1.2.3".to_owned()),
        hsts_max_age: Some(31_536_000),
    };
    let disabled = GatewayRouteV1ProviderData {
        https_mode: HttpsMode::Disabled,
        gateway_address: None,
        hsts_max_age: None,
        ..enforced.clone()
    };
    for (name, expected) in [
        ("gateway_route.provide-v1-enforced.json", enforced),
        ("gateway_route.provide-v1-disabled.json", disabled),
    ] {
        let written = app_bag(name);
        assert_eq!(expected.to_databag(), written, "{name}");
        assert_eq!(
            GatewayRouteV1ProviderData::read(REL, &written).unwrap(),
            Some(expected),
            "{name}"
        );
    }
}

#[test]
fn gateway_route_worked_examples_interfaces_3_1_and_3_2() {
    let v1 = GatewayRouteV1Request {
        hostname: Some(h("myapp.example.com")),
        additional_hostnames: vec![],
    };
    assert_eq!(
        v1.to_databag(),
        bag_of(&[
            ("additional_hostnames", "[]"),
            ("hostname", "\"myapp.example.com\"")
        ])
    );
    let provider = GatewayRouteV1ProviderData {
        gateway_name: "gw".to_owned(),
        gateway_model: model_name("m").unwrap(),
        https_mode: HttpsMode::Enforced,
        gateway_address: Some("10.1.2.3".to_owned()),
        hsts_max_age: Some(31_536_000),
    };
    assert_eq!(
        provider.to_databag(),
        bag_of(&[
            ("gateway_address", "\"10.1.2.3\""),
            ("gateway_model", "\"m\""),
            ("gateway_name", "\"gw\""),
            ("hsts_max_age", "31536000"),
            ("https_mode", "\"enforced\""),
        ])
    );
    assert_eq!(
        v0_request(&[], &[]).to_databag(),
        bag_of(&[
            ("hostname", "\"myapp.example.com\""),
            ("model", "\"m\""),
            ("name", "\"myapp\""),
            ("port", "8080"),
        ])
    );
    let endpoints = GatewayRouteV0Endpoints::new(["https://myapp.example.com"]).unwrap();
    assert_eq!(
        endpoints.to_databag(),
        bag_of(&[("endpoints", "[\"https://myapp.example.com/\"]")])
    );
}

#[test]
fn gateway_route_isd259_seed_example_is_read() {
    // Seed 002 "Example integration data", each value JSON-encoded as on the wire.
    let seed = bag_of(&[
        ("paths", r#"["/foo", "/bar"]"#),
        ("hostname", r#""myapp.com""#),
        ("port", "8080"),
        ("application", r#""my-service""#),
        ("model", r#""juju-model""#),
    ]);
    let expected = GatewayRouteV0Request {
        hostname: Some(h("myapp.com")),
        additional_hostnames: vec![],
        paths: vec![path_prefix("/foo").unwrap(), path_prefix("/bar").unwrap()],
        model: model_name("juju-model").unwrap(),
        name: application_name("my-service").unwrap(),
        port: 8080,
    };
    assert_eq!(
        GatewayRouteRequest::read(REL, &seed).unwrap(),
        GatewayRouteRequest::V0(expected)
    );
}
