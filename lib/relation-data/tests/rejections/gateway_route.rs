//! gateway-route v0 and v1: classification, requirer rules, provider rules.

use super::common::{app_bag, bag_of};
use relation_data::gateway_route::{
    GatewayRouteRequest, GatewayRouteV0Endpoints, GatewayRouteV1ProviderData, MAX_LIST_LEN,
};
use relation_data::validate::{HostnameError, NameError, PathError, UrlError};
use relation_data::{Databag, Reason, RelationDataError};

use super::{REL, app_error, with, without, wrong};

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
