//! ingress v2: the requirer app and unit bags, readiness, and the provider bag.

use std::collections::BTreeMap;

use super::common::{app_bag, bag_of};
use relation_data::databag::MAX_VALUE_LEN;
use relation_data::ingress::{
    IngressProviderAppData, IngressRequest, IngressRequirerAppData, IngressRequirerUnitData,
};
use relation_data::validate::{NameError, UrlError};
use relation_data::{BagOwner, Databag, Reason, RelationDataError};

use super::{REL, app_error, with, without, wrong};

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
