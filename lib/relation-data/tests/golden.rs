//! Golden tests against databags recorded from the real Python libraries
//! (`../shared/interop-golden`, overridable with `INTEROP_GOLDEN_DIR`) and the worked examples
//! of interfaces.md §1.4, §2.5, §3.1, §3.2 and anchor-charm.md §3.7. Both directions: our
//! readers accept the recorded bags, and our writers reproduce them byte for byte.

mod common;

use std::collections::BTreeMap;
use std::net::IpAddr;

use common::{app_bag, bag, bag_of, golden, unit_bags, written_key_order};
use relation_data::dns_record::{
    DnsEntry, DnsRecordProviderData, DnsRecordRequest, DnsRecordStatus, RecordClass, RecordType,
};
use relation_data::gateway_route::{
    GatewayRouteRequest, GatewayRouteV0Endpoints, GatewayRouteV0Request,
    GatewayRouteV1ProviderData, GatewayRouteV1Request, HttpsMode,
};
use relation_data::ingress::{
    HealthcheckParams, IngressProviderAppData, IngressRequest, IngressRequirerAppData,
    IngressRequirerUnitData, Scheme,
};
use relation_data::tls_certificates::{
    CertificateRequest, CollectedCertificateRequests, ProviderCertificate, ProviderCertificates,
    RequirerCertificateRequests,
};
use relation_data::validate::{application_name, hostname, model_name, path_prefix};
use relation_data::{BagOwner, Databag};

const REL: &str = "rel:1";

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

// ---------------------------------------------------------------- ingress

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

// ---------------------------------------------------------------- tls-certificates

fn assert_tls_requirer_file_round_trips(name: &str, owner: BagOwner, expected_requests: usize) {
    let file = golden(name);
    let (bag_json, other) = match owner {
        BagOwner::App => (&file["app"], &file["unit"]),
        BagOwner::Unit(_) => (&file["unit"], &file["app"]),
    };
    assert_eq!(bag(other), Databag::new(), "{name}: the other bag is empty");
    let written = bag(bag_json);
    let read = RequirerCertificateRequests::read(REL, owner, &written).unwrap();
    assert_eq!(read.requests.len(), expected_requests);
    for request in &read.requests {
        assert!(!request.ca);
        assert!(
            request
                .certificate_signing_request
                .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
        );
        assert!(
            request
                .certificate_signing_request
                .ends_with("\n-----END CERTIFICATE REQUEST-----")
        );
    }
    assert_eq!(read.to_databag(), written, "{name}: byte-identical rewrite");
}

#[test]
fn tls_requirer_bags_are_read_and_reproduced() {
    assert_tls_requirer_file_round_trips(
        "tls_requirer.emit-app-deterministic.json",
        BagOwner::App,
        1,
    );
    assert_tls_requirer_file_round_trips("tls_requirer.emit-app-ip.json", BagOwner::App, 2);
    assert_tls_requirer_file_round_trips("tls_requirer.emit-app.json", BagOwner::App, 1);
    assert_tls_requirer_file_round_trips(
        "tls_requirer.emit-unit.json",
        BagOwner::Unit("req/0".to_owned()),
        1,
    );
}

#[test]
fn tls_provider_side_collects_requests_from_app_and_unit_bags() {
    let app = bag(&golden("tls_requirer.emit-app.json")["app"]);
    let unit = bag(&golden("tls_requirer.emit-unit.json")["unit"]);
    let units = BTreeMap::from([
        ("req/0".to_owned(), unit.clone()),
        ("req/1".to_owned(), Databag::new()),
    ]);
    let collected = CollectedCertificateRequests::read(REL, &app, &units);
    assert_eq!(collected.rejected, vec![]);
    let from_app = RequirerCertificateRequests::read(REL, BagOwner::App, &app).unwrap();
    let from_unit = RequirerCertificateRequests::read(REL, BagOwner::App, &unit).unwrap();
    let expected: Vec<CertificateRequest> = from_app
        .requests
        .into_iter()
        .chain(from_unit.requests)
        .collect();
    assert_eq!(collected.requests, expected);
    assert_eq!(collected.requests.len(), 2);
}

#[test]
fn tls_provider_bags_are_read_and_reproduced() {
    let issued = app_bag("tls_provider.issue.json");
    let read = ProviderCertificates::read(REL, &issued).unwrap();
    assert_eq!(read.certificates.len(), 1);
    let cert = &read.certificates[0];
    assert!(!cert.revoked);
    assert_eq!(cert.chain.len(), 2);
    assert_eq!(cert.chain[0], cert.certificate);
    assert_eq!(cert.chain[1], cert.ca);
    let requested = RequirerCertificateRequests::read(
        REL,
        BagOwner::App,
        &app_bag("tls_requirer.emit-app.json"),
    )
    .unwrap();
    let csr = &requested.requests[0].certificate_signing_request;
    assert_eq!(read.for_csr(csr), Some(cert));
    assert_eq!(read.to_databag(), issued);

    let revoked = app_bag("tls_provider.issue-revoke.json");
    let read = ProviderCertificates::read(REL, &revoked).unwrap();
    assert!(read.certificates[0].revoked);
    assert_eq!(read.to_databag(), revoked);

    let denied = app_bag("tls_provider.issue-deny.json");
    let read = ProviderCertificates::read(REL, &denied).unwrap();
    assert_eq!(read.certificates, vec![]);
    let error = read.error_for_csr(csr).unwrap();
    assert_eq!(error.error.code, 102);
    assert_eq!(error.error.name, "DOMAIN_NOT_ALLOWED");
    assert_eq!(error.error.message, "denied (DOMAIN_NOT_ALLOWED)");
    assert_eq!(read.to_databag(), denied);
}

#[test]
fn tls_worked_example_interfaces_2_5() {
    let csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIICszCC\n-----END CERTIFICATE REQUEST-----";
    let ca = "-----BEGIN CERTIFICATE-----\nMIIDUjCC\n-----END CERTIFICATE-----";
    let leaf = "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----";
    let requests = RequirerCertificateRequests {
        requests: vec![CertificateRequest {
            certificate_signing_request: csr.to_owned(),
            ca: false,
        }],
    };
    assert_eq!(
        requests.to_databag(),
        bag_of(&[(
            "certificate_signing_requests",
            r#"[{"certificate_signing_request": "-----BEGIN CERTIFICATE REQUEST-----\nMIICszCC\n-----END CERTIFICATE REQUEST-----", "ca": false}]"#
        )])
    );
    let mut provided = ProviderCertificates {
        certificates: vec![ProviderCertificate {
            ca: ca.to_owned(),
            certificate_signing_request: csr.to_owned(),
            certificate: leaf.to_owned(),
            chain: vec![leaf.to_owned(), ca.to_owned()],
            revoked: false,
        }],
        ..Default::default()
    };
    let entry = r#"{"ca": "-----BEGIN CERTIFICATE-----\nMIIDUjCC\n-----END CERTIFICATE-----", "certificate_signing_request": "-----BEGIN CERTIFICATE REQUEST-----\nMIICszCC\n-----END CERTIFICATE REQUEST-----", "certificate": "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----", "chain": ["-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nMIIDUjCC\n-----END CERTIFICATE-----"]"#;
    assert_eq!(
        provided.to_databag(),
        bag_of(&[("certificates", &format!("[{entry}}}]"))])
    );
    provided.certificates[0].revoked = true;
    assert_eq!(
        provided.to_databag(),
        bag_of(&[("certificates", &format!("[{entry}, \"revoked\": true}}]"))])
    );
    // Clearing: with no certificates left, every owned key is deleted.
    assert_eq!(
        ProviderCertificates::default().to_changes(),
        bag_of(&[
            ("capabilities", ""),
            ("certificates", ""),
            ("request_errors", "")
        ])
    );
}

// ---------------------------------------------------------------- gateway-route

fn h(name: &str) -> relation_data::Hostname {
    hostname(name).unwrap()
}

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

// ---------------------------------------------------------------- dns_record

#[test]
fn dns_record_anchor_example_3_7() {
    let ip: IpAddr = "1.2.3.4".parse().unwrap();
    let request = DnsRecordRequest::for_hostnames([&h("example.com")], ip);
    assert_eq!(
        request.to_databag(),
        bag_of(&[(
            "dns_entries",
            r#"[{"domain": "example.com", "host_label": "@", "ttl": 600, "record_class": "IN", "record_type": "A", "record_data": "1.2.3.4", "uuid": "f6cb0ca1-3d64-5afc-9690-af437ff74415"}]"#
        )])
    );
    assert_eq!(request.to_databag(), app_bag("dns_record.emit.json"));
}

#[test]
fn dns_record_multi_is_sorted_and_reproduced() {
    let ip: IpAddr = "10.1.2.3".parse().unwrap();
    let request =
        DnsRecordRequest::for_hostnames([&h("www.example.com"), &h("api.example.com")], ip);
    let written = app_bag("dns_record.emit-multi.json");
    assert_eq!(request.to_databag(), written);
    assert_eq!(
        DnsRecordRequest::read(REL, &written).unwrap(),
        Some(request.clone())
    );
    assert_eq!(
        request.entries[0],
        DnsEntry {
            domain: "api.example.com".to_owned(),
            host_label: "@".to_owned(),
            ttl: 600,
            record_class: RecordClass::In,
            record_type: RecordType::A,
            record_data: "10.1.2.3".to_owned(),
            uuid: "09c6ebca-fc10-5a2a-848e-010f1a01b63c".parse().unwrap(),
        }
    );
}

#[test]
fn dns_record_provider_answer_is_read_and_reproduced() {
    let answer_bag = app_bag("dns_record.provide.json");
    let answer = DnsRecordProviderData::read(REL, &answer_bag)
        .unwrap()
        .unwrap();
    let request = DnsRecordRequest::read(REL, &app_bag("dns_record.emit-multi.json"))
        .unwrap()
        .unwrap();
    for entry in &request.entries {
        let a = answer.answer_for(entry.uuid).unwrap();
        assert_eq!(a.status, DnsRecordStatus::Approved);
        assert_eq!(a.description, None);
    }
    assert_eq!(answer.to_databag(), answer_bag);
}
