//! ingress v2: requirer and provider bags, URL normalisation, the interfaces.md §1.4 example.

use std::collections::BTreeMap;

use super::common::{app_bag, bag_of, unit_bags, written_key_order};
use relation_data::ingress::{
    HealthcheckParams, IngressProviderAppData, IngressRequest, IngressRequirerAppData,
    IngressRequirerUnitData, Scheme,
};
use relation_data::validate::{application_name, model_name};

use super::REL;

fn unit_data(host: &str, ip: &str) -> IngressRequirerUnitData {
    IngressRequirerUnitData {
        host: host.to_owned(),
        ip: Some(ip.parse().unwrap()),
    }
}

fn myapp_8080() -> IngressRequirerAppData {
    IngressRequirerAppData::new(
        model_name("m").unwrap(),
        application_name("myapp").unwrap(),
        8080,
    )
}

#[test]
fn ingress_requirer_emit_is_read_and_reproduced() {
    let name = "ingress_requirer.emit.json";
    let request = IngressRequest::read(REL, &app_bag(name), &unit_bags(name))
        .unwrap()
        .unwrap();
    let expected = IngressRequest {
        app: myapp_8080(),
        units: BTreeMap::from([
            (
                "myapp/0".to_owned(),
                unit_data("myapp-0.myapp-endpoints.m.svc.cluster.local", "192.0.2.0"),
            ),
            (
                "myapp/1".to_owned(),
                unit_data("myapp-1.myapp-endpoints.m.svc.cluster.local", "192.0.2.1"),
            ),
        ]),
    };
    assert_eq!(request, expected);
    assert_eq!(expected.app.to_databag(), app_bag(name));
    for (unit, data) in &expected.units {
        assert_eq!(&data.to_databag(), &unit_bags(name)[unit]);
    }
}

#[test]
fn ingress_requirer_emit_full_is_read_and_reproduced() {
    let name = "ingress_requirer.emit-full.json";
    let request = IngressRequest::read(REL, &app_bag(name), &unit_bags(name))
        .unwrap()
        .unwrap();
    let expected_app = IngressRequirerAppData {
        is_port_open: true,
        healthcheck_params: Some(HealthcheckParams::for_path("/health")),
        strip_prefix: true,
        redirect_https: true,
        scheme: Scheme::Https,
        ..myapp_8080()
    };
    assert_eq!(request.app, expected_app);
    assert_eq!(expected_app.to_databag(), app_bag(name));
    // The library writes the keys in declaration order; so do our KEYS.
    let order = written_key_order(name, IngressRequirerAppData::KEYS);
    assert_eq!(order, IngressRequirerAppData::KEYS);
}

#[test]
fn ingress_provider_publish_is_reproduced_and_read() {
    let published = IngressProviderAppData::new("http://www.example.com/m-myapp").unwrap();
    assert_eq!(
        published.to_databag(),
        app_bag("ingress_provider.publish.json")
    );
    let read = IngressProviderAppData::read(REL, &app_bag("ingress_provider.publish.json"));
    assert_eq!(read.unwrap(), Some(published));
}

#[test]
fn ingress_provider_url_is_normalised_like_pydantic() {
    let published = IngressProviderAppData::new("HTTP://WWW.Example.com:80").unwrap();
    assert_eq!(
        published.to_databag(),
        app_bag("ingress_provider.publish-normalised.json")
    );
}

#[test]
fn ingress_worked_example_interfaces_1_4() {
    let app = myapp_8080();
    assert_eq!(
        app.to_databag(),
        bag_of(&[("model", "\"m\""), ("name", "\"myapp\""), ("port", "8080")])
    );
    let unit = unit_data("myapp-0.myapp-endpoints.m.svc.cluster.local", "192.0.2.0");
    assert_eq!(
        unit.to_databag(),
        bag_of(&[
            ("host", "\"myapp-0.myapp-endpoints.m.svc.cluster.local\""),
            ("ip", "\"192.0.2.0\""),
        ])
    );
    let provider = IngressProviderAppData::new("http://foo.bar/m-myapp").unwrap();
    assert_eq!(
        provider.to_databag(),
        bag_of(&[("ingress", "{\"url\": \"http://foo.bar/m-myapp\"}")])
    );
    let full = IngressRequirerAppData {
        strip_prefix: true,
        redirect_https: true,
        scheme: Scheme::Https,
        healthcheck_params: Some(HealthcheckParams::for_path("/health")),
        ..myapp_8080()
    };
    assert_eq!(
        full.to_databag(),
        bag_of(&[
            ("model", "\"m\""),
            ("name", "\"myapp\""),
            ("port", "8080"),
            ("strip-prefix", "true"),
            ("redirect-https", "true"),
            ("scheme", "\"https\""),
            ("healthcheck_params", "{\"path\": \"/health\"}"),
        ])
    );
    // §1.2: `http://foo.bar:80/x` → `http://foo.bar/x`; `http://foo.bar` → `http://foo.bar/`.
    assert_eq!(
        IngressProviderAppData::new("http://foo.bar:80/x")
            .unwrap()
            .url
            .as_str(),
        "http://foo.bar/x"
    );
    assert_eq!(
        IngressProviderAppData::new("http://foo.bar")
            .unwrap()
            .url
            .as_str(),
        "http://foo.bar/"
    );
}
