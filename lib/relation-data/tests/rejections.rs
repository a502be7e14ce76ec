//! One rejection test per validation rule: the error names the relation, bag, key and reason,
//! and the whole bag is rejected.

mod common;

use std::collections::BTreeMap;

use common::{app_bag, bag_of};
use relation_data::databag::MAX_VALUE_LEN;
use relation_data::dns_record::{DnsRecordProviderData, DnsRecordRequest};
use relation_data::gateway_route::{
    GatewayRouteRequest, GatewayRouteV0Endpoints, GatewayRouteV1ProviderData, MAX_LIST_LEN,
};
use relation_data::ingress::{
    IngressProviderAppData, IngressRequest, IngressRequirerAppData, IngressRequirerUnitData,
};
use relation_data::tls_certificates::{
    CollectedCertificateRequests, ProviderCertificates, RequirerCertificateRequests,
};
use relation_data::validate::{HostnameError, NameError, PathError, UrlError};
use relation_data::{BagOwner, Databag, Reason, RelationDataError};

const REL: &str = "gateway:7";

fn with(mut bag: Databag, key: &str, value: &str) -> Databag {
    bag.insert(key.to_owned(), value.to_owned());
    bag
}

fn without(mut bag: Databag, key: &str) -> Databag {
    bag.remove(key);
    bag
}

fn app_error(key: &str, reason: Reason) -> RelationDataError {
    RelationDataError {
        relation: REL.to_owned(),
        owner: BagOwner::App,
        key: key.to_owned(),
        reason,
    }
}

fn wrong(expected: &'static str, found: &'static str) -> Reason {
    Reason::WrongType { expected, found }
}

// ---------------------------------------------------------------- ingress requirer app

fn ingress_app() -> Databag {
    app_bag("ingress_requirer.emit.json")
}

fn ingress_app_err(bag: &Databag) -> RelationDataError {
    IngressRequirerAppData::read(REL, bag).unwrap_err()
}

#[test]
fn ingress_app_missing_required_keys() {
    for key in ["model", "name", "port"] {
        assert_eq!(
            ingress_app_err(&without(ingress_app(), key)),
            app_error(key, Reason::Missing)
        );
    }
}

#[test]
fn ingress_app_invalid_json_rejects_the_bag() {
    // An unquoted string, as in the CRI interface test.
    let err = ingress_app_err(&with(ingress_app(), "model", "m"));
    assert_eq!(err.key, "model");
    assert!(matches!(err.reason, Reason::InvalidJson(_)), "{err}");
}

#[test]
fn ingress_app_port_must_be_a_json_integer_in_range() {
    let cases = [
        ("\"8080\"", wrong("an integer", "a string")),
        ("8080.5", wrong("an integer", "a decimal number")),
        ("true", wrong("an integer", "a boolean")),
        ("0", Reason::OutOfRange { min: 1, max: 65534 }),
        ("65535", Reason::OutOfRange { min: 1, max: 65534 }),
        ("-1", Reason::OutOfRange { min: 1, max: 65534 }),
        (
            "99999999999999999999999",
            wrong("an integer", "a decimal number"),
        ),
    ];
    for (value, reason) in cases {
        assert_eq!(
            ingress_app_err(&with(ingress_app(), "port", value)),
            app_error("port", reason),
            "{value}"
        );
    }
    assert!(IngressRequirerAppData::read(REL, &with(ingress_app(), "port", "65534")).is_ok());
}

#[test]
fn ingress_app_wrong_types_and_values() {
    let cases = [
        ("model", "1", wrong("a string", "an integer")),
        ("model", "\"M\"", Reason::Name(NameError::Syntax)),
        ("model", "\"m\\u00f6\"", Reason::Name(NameError::Syntax)),
        ("name", "\"\"", Reason::Name(NameError::Empty)),
        ("name", "[\"myapp\"]", wrong("a string", "a list")),
        (
            "strip-prefix",
            "\"true\"",
            wrong("true or false", "a string"),
        ),
        ("strip-prefix", "null", wrong("true or false", "null")),
        ("redirect-https", "1", wrong("true or false", "an integer")),
        ("is_port_open", "{}", wrong("true or false", "an object")),
        (
            "scheme",
            "\"ftp\"",
            Reason::NotOneOf {
                allowed: &["http", "https", "h2c"],
            },
        ),
        (
            "scheme",
            "\"HTTP\"",
            Reason::NotOneOf {
                allowed: &["http", "https", "h2c"],
            },
        ),
        (
            "healthcheck_params",
            "\"/health\"",
            wrong("an object", "a string"),
        ),
    ];
    for (key, value, reason) in cases {
        assert_eq!(
            ingress_app_err(&with(ingress_app(), key, value)),
            app_error(key, reason),
            "{key}={value}"
        );
    }
    let err = ingress_app_err(&with(
        ingress_app(),
        "healthcheck_params",
        "{\"interval\": \"1s\"}",
    ));
    assert_eq!(err, app_error("healthcheck_params.path", Reason::Missing));
    let err = ingress_app_err(&with(
        ingress_app(),
        "healthcheck_params",
        "{\"path\": \"/\", \"port\": 0}",
    ));
    assert_eq!(
        err,
        app_error(
            "healthcheck_params.port",
            Reason::OutOfRange { min: 1, max: 65535 }
        )
    );
}

#[test]
fn ingress_app_oversized_values() {
    let long_name = format!("\"{}\"", "a".repeat(2000));
    assert_eq!(
        ingress_app_err(&with(ingress_app(), "name", &long_name)),
        app_error("name", Reason::TooLong { max: 1024 })
    );
    let huge = format!("\"{}\"", "a".repeat(MAX_VALUE_LEN));
    assert_eq!(
        ingress_app_err(&with(ingress_app(), "model", &huge)),
        app_error("model", Reason::TooLong { max: MAX_VALUE_LEN })
    );
}

#[test]
fn ingress_app_unknown_keys_are_ignored_and_empty_bag_is_not_ready() {
    let bag = with(ingress_app(), "egress-subnets", "not json at all");
    assert!(IngressRequirerAppData::read(REL, &bag).unwrap().is_some());
    let only_juju = bag_of(&[
        ("ingress-address", "10.0.0.1"),
        ("private-address", "10.0.0.1"),
    ]);
    assert_eq!(IngressRequirerAppData::read(REL, &only_juju).unwrap(), None);
}

#[test]
fn error_message_is_fit_for_a_status() {
    let err = ingress_app_err(&with(ingress_app(), "port", "\"8080\""));
    assert_eq!(
        err.to_string(),
        "gateway:7 application data: \"port\" must be an integer, not a string"
    );
    let err = ingress_app_err(&without(ingress_app(), "model"));
    assert_eq!(
        err.to_string(),
        "gateway:7 application data: \"model\" is missing"
    );
}

// ---------------------------------------------------------------- ingress units and readiness

fn unit_err(bag: &Databag) -> RelationDataError {
    IngressRequirerUnitData::read(REL, "myapp/0", bag).unwrap_err()
}

fn unit_error(key: &str, reason: Reason) -> RelationDataError {
    RelationDataError {
        relation: REL.to_owned(),
        owner: BagOwner::Unit("myapp/0".to_owned()),
        key: key.to_owned(),
        reason,
    }
}

#[test]
fn ingress_unit_rules() {
    let unit = bag_of(&[("host", "\"h.example\""), ("ip", "\"192.0.2.0\"")]);
    assert_eq!(
        unit_err(&without(unit.clone(), "host")),
        unit_error("host", Reason::Missing)
    );
    assert_eq!(
        unit_err(&with(unit.clone(), "host", "\"\"")),
        unit_error("host", Reason::Empty)
    );
    assert_eq!(
        unit_err(&with(unit.clone(), "host", "5")),
        unit_error("host", wrong("a string", "an integer"))
    );
    let long = format!("\"{}\"", "h".repeat(254));
    assert_eq!(
        unit_err(&with(unit.clone(), "host", &long)),
        unit_error("host", Reason::TooLong { max: 253 })
    );
    for bad_ip in ["\"not-an-ip\"", "\"192.0.2.256\"", "\"192.0.2.1\\u00e9\""] {
        assert_eq!(
            unit_err(&with(unit.clone(), "ip", bad_ip)),
            unit_error("ip", Reason::IpAddress),
            "{bad_ip}"
        );
    }
    let v6 =
        IngressRequirerUnitData::read(REL, "myapp/0", &with(unit.clone(), "ip", "\"2001:db8::1\""));
    assert_eq!(
        v6.unwrap().unwrap().ip,
        Some("2001:db8::1".parse().unwrap())
    );
    let no_ip = IngressRequirerUnitData::read(REL, "myapp/0", &with(unit, "ip", "null"));
    assert_eq!(no_ip.unwrap().unwrap().ip, None);
}

#[test]
fn ingress_request_is_not_ready_until_every_unit_has_written() {
    let units = BTreeMap::from([
        ("myapp/0".to_owned(), bag_of(&[("host", "\"a\"")])),
        (
            "myapp/1".to_owned(),
            bag_of(&[("egress-subnets", "10.0.0.0/24")]),
        ),
    ]);
    assert_eq!(
        IngressRequest::read(REL, &ingress_app(), &units).unwrap(),
        None
    );
    assert_eq!(
        IngressRequest::read(REL, &Databag::new(), &BTreeMap::new()).unwrap(),
        None
    );
}

#[test]
fn ingress_request_with_one_invalid_unit_is_rejected_whole() {
    let units = BTreeMap::from([
        ("myapp/0".to_owned(), bag_of(&[("host", "\"a\"")])),
        (
            "myapp/1".to_owned(),
            bag_of(&[("host", "\"b\""), ("ip", "\"x\"")]),
        ),
    ]);
    let err = IngressRequest::read(REL, &ingress_app(), &units).unwrap_err();
    assert_eq!(err.owner, BagOwner::Unit("myapp/1".to_owned()));
    assert_eq!(err.key, "ip");
}

#[test]
fn ingress_provider_rules() {
    let cases = [
        (
            "\"http://x/\"",
            app_error("ingress", wrong("an object", "a string")),
        ),
        ("{}", app_error("ingress.url", Reason::Missing)),
        (
            "{\"url\": 1}",
            app_error("ingress.url", wrong("a string", "an integer")),
        ),
        (
            "{\"url\": \"ftp://x/\"}",
            app_error("ingress.url", Reason::Url(UrlError::Scheme)),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(
            IngressProviderAppData::read(REL, &bag_of(&[("ingress", value)])).unwrap_err(),
            expected
        );
    }
    let err = IngressProviderAppData::read(REL, &bag_of(&[("ingress", "{\"url\": \"nope\"}")]))
        .unwrap_err();
    assert!(matches!(err.reason, Reason::Url(UrlError::Parse(_))));
    let long = format!("{{\"url\": \"http://a/{}\"}}", "x".repeat(2100));
    let err = IngressProviderAppData::read(REL, &bag_of(&[("ingress", &long)])).unwrap_err();
    assert_eq!(err.reason, Reason::TooLong { max: 2083 });
    assert_eq!(
        IngressProviderAppData::read(REL, &Databag::new()).unwrap(),
        None
    );
    assert!(matches!(
        IngressProviderAppData::new("http://"),
        Err(UrlError::Parse(_))
    ));
}

// ---------------------------------------------------------------- tls-certificates

const CSR: &str = "-----BEGIN CERTIFICATE REQUEST-----\\nMIIB\\n-----END CERTIFICATE REQUEST-----";
const CERT: &str = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----";

fn csr_bag(list: &str) -> Databag {
    bag_of(&[("certificate_signing_requests", list)])
}

#[test]
fn tls_requirer_rules() {
    let read = |b: &Databag| RequirerCertificateRequests::read(REL, BagOwner::App, b);
    let ok = read(&csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\"}}]"
    )))
    .unwrap();
    assert!(!ok.requests[0].ca, "missing ca reads as false");
    let ok = read(&csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\", \"ca\": null}}]"
    )))
    .unwrap();
    assert!(!ok.requests[0].ca, "null ca reads as false");
    let key = "certificate_signing_requests";
    let cases = [
        (
            "{}".to_owned(),
            app_error(key, wrong("a list", "an object")),
        ),
        (
            "[1]".to_owned(),
            app_error(&format!("{key}[0]"), wrong("an object", "an integer")),
        ),
        (
            "[{}]".to_owned(),
            app_error(
                &format!("{key}[0].certificate_signing_request"),
                Reason::Missing,
            ),
        ),
        (
            "[{\"certificate_signing_request\": \"MIIB\"}]".to_owned(),
            app_error(
                &format!("{key}[0].certificate_signing_request"),
                Reason::Pem("CERTIFICATE REQUEST"),
            ),
        ),
        (
            format!("[{{\"certificate_signing_request\": \"{CERT}\"}}]"),
            app_error(
                &format!("{key}[0].certificate_signing_request"),
                Reason::Pem("CERTIFICATE REQUEST"),
            ),
        ),
        (
            format!("[{{\"certificate_signing_request\": \"{CSR}\", \"ca\": \"yes\"}}]"),
            app_error(&format!("{key}[0].ca"), wrong("true or false", "a string")),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(read(&csr_bag(&value)).unwrap_err(), expected, "{value}");
    }
    assert_eq!(read(&Databag::new()).unwrap().requests, vec![]);
}

#[test]
fn tls_provider_collection_skips_invalid_bags_whole() {
    let good = csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\", \"ca\": false}}]"
    ));
    let bad = csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\"}}, 3]"
    ));
    let units = BTreeMap::from([("r/0".to_owned(), bad), ("r/1".to_owned(), good.clone())]);
    let collected = CollectedCertificateRequests::read(REL, &good, &units);
    assert_eq!(
        collected.requests.len(),
        1,
        "duplicates collapse, the bad bag contributes nothing"
    );
    assert_eq!(collected.rejected.len(), 1);
    assert_eq!(
        collected.rejected[0].owner,
        BagOwner::Unit("r/0".to_owned())
    );
    assert_eq!(collected.rejected[0].key, "certificate_signing_requests[1]");
}

#[test]
fn tls_provider_rules() {
    let entry = |extra: &str| {
        format!(
            "[{{\"ca\": \"{CERT}\", \"certificate_signing_request\": \"{CSR}\", \"certificate\": \"{CERT}\", \"chain\": [\"{CERT}\"]{extra}}}]"
        )
    };
    let read = |v: &str| ProviderCertificates::read(REL, &bag_of(&[("certificates", v)]));
    assert!(read(&entry("")).is_ok());
    assert!(
        read(&entry(", \"recommended_expiry_notification_time\": null")).is_ok(),
        "v3 extra key tolerated"
    );
    assert_eq!(
        read(&entry(", \"revoked\": 1")).unwrap_err().key,
        "certificates[0].revoked"
    );
    let bad_chain = entry("").replace("\"chain\": [", "\"chain\": [\"junk\", ");
    assert_eq!(
        read(&bad_chain).unwrap_err(),
        app_error("certificates[0].chain[0]", Reason::Pem("CERTIFICATE"))
    );
    let no_cert = entry("").replace("\"certificate\": ", "\"certificat\": ");
    assert_eq!(
        read(&no_cert).unwrap_err(),
        app_error("certificates[0].certificate", Reason::Missing)
    );
    let errors = |v: &str| ProviderCertificates::read(REL, &bag_of(&[("request_errors", v)]));
    let err = errors(&format!(
        "[{{\"csr\": \"{CSR}\", \"error\": {{\"code\": \"102\", \"name\": \"x\", \"message\": \"y\"}}}}]"
    ));
    assert_eq!(
        err.unwrap_err(),
        app_error(
            "request_errors[0].error.code",
            wrong("an integer", "a string")
        )
    );
    let caps = ProviderCertificates::read(
        REL,
        &bag_of(&[("capabilities", "{\"supports_ip_sans\": \"no\"}")]),
    );
    assert_eq!(
        caps.unwrap_err(),
        app_error(
            "capabilities.supports_ip_sans",
            wrong("true or false", "a string")
        )
    );
}

// ---------------------------------------------------------------- gateway-route

fn route_err(bag: &Databag) -> RelationDataError {
    GatewayRouteRequest::read(REL, bag).unwrap_err()
}

#[test]
fn gateway_route_classification() {
    assert_eq!(
        GatewayRouteRequest::read(REL, &Databag::new()).unwrap(),
        GatewayRouteRequest::NotReady
    );
    let juju_only = bag_of(&[("egress-subnets", "10.0.0.0/24")]);
    assert_eq!(
        GatewayRouteRequest::read(REL, &juju_only).unwrap(),
        GatewayRouteRequest::NotReady
    );
    let hostname_only = bag_of(&[("hostname", "\"a.example\"")]);
    assert!(matches!(
        GatewayRouteRequest::read(REL, &hostname_only).unwrap(),
        GatewayRouteRequest::V1(_)
    ));
    // Any v0-only key makes it a v0 request, which then needs all of its required keys.
    assert_eq!(
        route_err(&bag_of(&[("port", "8080")])),
        app_error("name", Reason::Missing)
    );
    assert_eq!(
        route_err(&bag_of(&[("port", "8080"), ("name", "\"a\"")])),
        app_error("model", Reason::Missing)
    );
    assert_eq!(
        route_err(&bag_of(&[("name", "\"a\""), ("model", "\"m\"")])),
        app_error("port", Reason::Missing)
    );
}

#[test]
fn gateway_route_v0_rules() {
    let v0 = app_bag("gateway_route.emit-v0.json");
    let cases = [
        (
            "hostname",
            "\"*.example.com\"",
            "hostname",
            Reason::Hostname(HostnameError::Wildcard),
        ),
        (
            "hostname",
            "\"10.1.2.3\"",
            "hostname",
            Reason::Hostname(HostnameError::IpAddress),
        ),
        (
            "hostname",
            "\"My.example.com\"",
            "hostname",
            Reason::Hostname(HostnameError::Uppercase),
        ),
        (
            "hostname",
            "\"b\\u00fccher.de\"",
            "hostname",
            Reason::Hostname(HostnameError::InvalidCharacter('ü')),
        ),
        ("hostname", "1", "hostname", wrong("a string", "an integer")),
        (
            "additional_hostnames",
            "[\"ok.example\", \"-bad\"]",
            "additional_hostnames[1]",
            Reason::Hostname(HostnameError::HyphenAtLabelEdge),
        ),
        (
            "additional_hostnames",
            "\"a.example\"",
            "additional_hostnames",
            wrong("a list", "a string"),
        ),
        (
            "additional_hostnames",
            "null",
            "additional_hostnames",
            wrong("a list", "null"),
        ),
        (
            "paths",
            "[\"/a\", \"b\"]",
            "paths[1]",
            Reason::Path(PathError::NotAbsolute),
        ),
        (
            "paths",
            "[\"/a//b\"]",
            "paths[0]",
            Reason::Path(PathError::ForbiddenSequence("//")),
        ),
        (
            "paths",
            "[\"/a b\"]",
            "paths[0]",
            Reason::Path(PathError::InvalidCharacter(' ')),
        ),
        (
            "paths",
            "[\"/caf\\u00e9\"]",
            "paths[0]",
            Reason::Path(PathError::InvalidCharacter('é')),
        ),
        (
            "paths",
            "[\"/x/..\"]",
            "paths[0]",
            Reason::Path(PathError::ForbiddenSuffix("/..")),
        ),
        (
            "paths",
            "[\"/%2F\"]",
            "paths[0]",
            Reason::Path(PathError::ForbiddenSequence("%2F")),
        ),
        ("paths", "[1]", "paths[0]", wrong("a string", "an integer")),
        (
            "port",
            "0",
            "port",
            Reason::OutOfRange { min: 1, max: 65535 },
        ),
        (
            "port",
            "65536",
            "port",
            Reason::OutOfRange { min: 1, max: 65535 },
        ),
        ("port", "\"8080\"", "port", wrong("an integer", "a string")),
        (
            "model",
            "\"Model\"",
            "model",
            Reason::Name(NameError::Syntax),
        ),
        (
            "name",
            "\"my_app\"",
            "name",
            Reason::Name(NameError::Syntax),
        ),
    ];
    for (key, value, at, reason) in cases {
        assert_eq!(
            route_err(&with(v0.clone(), key, value)),
            app_error(at, reason),
            "{key}={value}"
        );
    }
    let long_path = format!("[\"/{}\"]", "a".repeat(1024));
    assert_eq!(
        route_err(&with(v0.clone(), "paths", &long_path)),
        app_error("paths[0]", Reason::TooLong { max: 1024 })
    );
    let long_host = format!("\"{}\"", "a".repeat(300));
    assert_eq!(
        route_err(&with(v0.clone(), "hostname", &long_host)),
        app_error("hostname", Reason::TooLong { max: 253 })
    );
    let many = format!("[{}]", vec!["\"/a\""; MAX_LIST_LEN + 1].join(", "));
    assert_eq!(
        route_err(&with(v0.clone(), "paths", &many)),
        app_error("paths", Reason::TooLong { max: MAX_LIST_LEN })
    );
    assert!(matches!(
        route_err(&with(v0.clone(), "paths", "[\"/a\"")).reason,
        Reason::InvalidJson(_)
    ));
}

#[test]
fn gateway_route_v0_name_and_application() {
    let base = bag_of(&[("model", "\"m\""), ("port", "80")]);
    let by_app = with(base.clone(), "application", "\"svc\"");
    let GatewayRouteRequest::V0(request) = GatewayRouteRequest::read(REL, &by_app).unwrap() else {
        panic!("v0 expected");
    };
    assert_eq!(request.name.as_str(), "svc");
    assert_eq!(request.hostname, None);
    let same = with(by_app.clone(), "name", "\"svc\"");
    assert!(GatewayRouteRequest::read(REL, &same).is_ok());
    let conflict = with(by_app, "name", "\"other\"");
    assert_eq!(
        route_err(&conflict),
        app_error("application", Reason::Conflict("name"))
    );
}

#[test]
fn gateway_route_v1_rules() {
    let v1 = app_bag("gateway_route.emit-v1.json");
    assert_eq!(
        route_err(&with(v1.clone(), "hostname", "\"foo..bar\"")),
        app_error("hostname", Reason::Hostname(HostnameError::EmptyLabel))
    );
    assert_eq!(
        route_err(&with(v1.clone(), "additional_hostnames", "[null]")),
        app_error("additional_hostnames[0]", wrong("a string", "null"))
    );
    assert!(matches!(
        route_err(&with(v1, "hostname", "myapp.example.com")).reason,
        Reason::InvalidJson(_)
    ));
}

#[test]
fn gateway_route_provider_rules() {
    let v1 = app_bag("gateway_route.provide-v1-enforced.json");
    let read = |b: &Databag| GatewayRouteV1ProviderData::read(REL, b).unwrap_err();
    for key in ["gateway_name", "gateway_model", "https_mode"] {
        assert_eq!(
            read(&without(v1.clone(), key)),
            app_error(key, Reason::Missing)
        );
    }
    assert_eq!(
        read(&with(v1.clone(), "https_mode", "\"on\"")),
        app_error(
            "https_mode",
            Reason::NotOneOf {
                allowed: &["disabled", "enabled", "enforced"]
            }
        )
    );
    assert_eq!(
        read(&with(v1.clone(), "hsts_max_age", "-1")),
        app_error(
            "hsts_max_age",
            Reason::OutOfRange {
                min: 0,
                max: u64::MAX
            }
        )
    );
    assert_eq!(
        read(&with(v1.clone(), "gateway_name", "\"\"")),
        app_error("gateway_name", Reason::Empty)
    );
    assert_eq!(
        GatewayRouteV1ProviderData::read(REL, &Databag::new()).unwrap(),
        None
    );

    let v0 =
        |v: &str| GatewayRouteV0Endpoints::read(REL, &bag_of(&[("endpoints", v)])).unwrap_err();
    assert_eq!(
        v0("[\"ftp://x/\"]"),
        app_error("endpoints[0]", Reason::Url(UrlError::Scheme))
    );
    assert_eq!(
        v0("{}"),
        app_error("endpoints", wrong("a list", "an object"))
    );
}

// ---------------------------------------------------------------- dns_record

#[test]
fn dns_record_rules() {
    let multi = app_bag("dns_record.emit-multi.json")["dns_entries"].clone();
    let read = |v: &str| DnsRecordRequest::read(REL, &bag_of(&[("dns_entries", v)])).unwrap_err();
    let cases = [
        (
            multi.replace("\"record_data\": \"10.1.2.3\"", "\"record_data\": \"ten\""),
            "dns_entries[0].record_data",
            Reason::IpAddress,
        ),
        (
            multi.replace("\"ttl\": 600", "\"ttl\": \"600\""),
            "dns_entries[0].ttl",
            wrong("an integer", "a string"),
        ),
        (
            multi.replace("\"record_type\": \"A\"", "\"record_type\": \"Z\""),
            "dns_entries[0].record_type",
            Reason::NotOneOf {
                allowed: &[
                    "A", "AAAA", "CNAME", "MX", "DKIM", "SPF", "DMARC", "TXT", "CAA", "SRV",
                    "SVCB", "HTTPS", "PTR", "SOA", "NS", "DS", "DNSKEY",
                ],
            },
        ),
        (
            multi.replace("09c6ebca-fc10", "zzzz"),
            "dns_entries[0].uuid",
            Reason::Uuid,
        ),
        (
            multi.replace("\"domain\": \"api.example.com\"", "\"domain\": \"\""),
            "dns_entries[0].domain",
            Reason::Empty,
        ),
    ];
    for (value, key, reason) in cases {
        assert_eq!(read(&value), app_error(key, reason), "{value}");
    }
    let answer = |v: &str| DnsRecordProviderData::read(REL, &bag_of(&[("dns_entries", v)]));
    assert_eq!(
        answer("[{\"status\": \"approved\"}]").unwrap_err(),
        app_error("dns_entries[0].uuid", Reason::Missing)
    );
    let unknown =
        answer("[{\"uuid\": \"09c6ebca-fc10-5a2a-848e-010f1a01b63c\", \"status\": \"weird\"}]");
    assert_eq!(
        unknown.unwrap().unwrap().entries[0].status,
        relation_data::dns_record::DnsRecordStatus::Unknown
    );
}
