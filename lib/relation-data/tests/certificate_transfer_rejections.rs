//! One rejection test per `certificate_transfer` reading rule: the error names the relation,
//! the bag (application or unit), the key (with the index of a faulty certificate) and the
//! reason.

mod certificate_transfer_support;
mod common;

use certificate_transfer_support::cases::{P1, P2, v0};
use certificate_transfer_support::recorded::{self, ca};
use certificate_transfer_support::{
    REL, app_error, json_list, read_app, read_unit, unit_error, units,
};
use common::bag_of;
use relation_data::Reason;
use relation_data::certificate_transfer::TransferredCertificates;
use relation_data::databag::MAX_VALUE_LEN;

const NOT_PEM: Reason = Reason::Pem("CERTIFICATE");

fn wrong(expected: &'static str, found: &'static str) -> Reason {
    Reason::WrongType { expected, found }
}

fn invalid_json(message: &str) -> Reason {
    Reason::InvalidJson(message.to_owned())
}

fn app(certificates: &str) -> relation_data::Databag {
    bag_of(&[("certificates", certificates), ("version", "1")])
}

#[test]
fn certificates_must_be_json() {
    assert_eq!(
        read_app(&app("[")),
        Err(app_error(
            "certificates",
            invalid_json("EOF while parsing a list at line 1 column 1")
        ))
    );
    assert_eq!(
        read_app(&app(P1)),
        Err(app_error(
            "certificates",
            invalid_json("invalid number at line 1 column 2")
        ))
    );
    assert_eq!(
        read_app(&app("NaN")),
        Err(app_error(
            "certificates",
            invalid_json("expected value at line 1 column 1")
        ))
    );
}

#[test]
fn certificates_must_be_a_list() {
    for (text, found) in [
        ("null", "null"),
        (r#"{"a": 1}"#, "an object"),
        (r#""x""#, "a string"),
        ("1", "an integer"),
    ] {
        assert_eq!(
            read_app(&app(text)),
            Err(app_error("certificates", wrong("a list", found))),
            "{text}"
        );
    }
}

#[test]
fn certificates_must_be_strings() {
    let text = format!("[{}, 1, null]", relation_data::to_python_json(P1));
    assert_eq!(
        read_app(&app(&text)),
        Err(app_error(
            "certificates[1]",
            wrong("a string", "an integer")
        ))
    );
}

#[test]
fn certificates_must_be_pem_certificates() {
    for (items, index) in [
        (vec![P1, "x"], 1),
        (vec![""], 0),
        (
            vec![
                P1,
                P2,
                "-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----",
            ],
            2,
        ),
    ] {
        assert_eq!(
            read_app(&app(&json_list(&items))),
            Err(app_error(&format!("certificates[{index}]"), NOT_PEM)),
            "{items:?}"
        );
    }
    let bundle = format!("{}{}", ca(1), ca(3));
    assert_eq!(
        read_app(&app(&json_list(&[bundle]))),
        Err(app_error("certificates[0]", NOT_PEM))
    );
    let csr = ca(1).replace("CERTIFICATE", "CERTIFICATE REQUEST");
    assert_eq!(
        read_app(&app(&json_list(&[ca(2), csr]))),
        Err(app_error("certificates[1]", NOT_PEM))
    );
}

#[test]
fn version_must_be_an_integer() {
    let bag = |version| bag_of(&[("certificates", "[]"), ("version", version)]);
    assert_eq!(
        read_app(&bag("1.5")),
        Err(app_error(
            "version",
            wrong("an integer", "a decimal number")
        ))
    );
    assert_eq!(
        read_app(&bag("null")),
        Err(app_error("version", wrong("an integer", "null")))
    );
    assert_eq!(
        read_app(&bag(r#""abc""#)),
        Err(app_error(
            "version",
            wrong("an integer", "a string that is not an integer")
        ))
    );
    assert_eq!(
        read_app(&bag("one")),
        Err(app_error(
            "version",
            invalid_json("expected value at line 1 column 1")
        ))
    );
    // Checked after `certificates`, as pydantic checks fields in declaration order.
    let both = bag_of(&[("certificates", "[1]"), ("version", "null")]);
    assert_eq!(
        read_app(&both),
        Err(app_error(
            "certificates[0]",
            wrong("a string", "an integer")
        ))
    );
}

#[test]
fn values_are_limited_in_size() {
    let huge = json_list(&["A".repeat(MAX_VALUE_LEN)]);
    let too_long = Reason::TooLong { max: MAX_VALUE_LEN };
    assert_eq!(
        read_app(&app(&huge)),
        Err(app_error("certificates", too_long.clone()))
    );
    let mut unit = v0(&[P1]);
    unit.insert("ca".to_owned(), huge);
    assert_eq!(read_unit(&unit), Err(unit_error(0, "ca", too_long)));
}

#[test]
fn an_invalid_app_bag_is_not_replaced_by_the_unit_bags() {
    let bad = bag_of(&[("certificates", "[1]"), ("version", "0")]);
    let unit_bags = units([(0, recorded::unit("provide-v0"))]);
    assert_eq!(
        TransferredCertificates::read(REL, &bad, &unit_bags),
        Err(app_error(
            "certificates[0]",
            wrong("a string", "an integer")
        ))
    );
}

#[test]
fn v0_ca_and_certificate_are_required_json_strings() {
    for key in ["ca", "certificate"] {
        let mut unit = v0(&[P1]);
        unit.remove(key);
        assert_eq!(read_unit(&unit), Err(unit_error(0, key, Reason::Missing)));
        unit.insert(key.to_owned(), "1".to_owned());
        assert_eq!(
            read_unit(&unit),
            Err(unit_error(0, key, wrong("a string", "an integer")))
        );
        // As the Charmhub v0 library writes them: raw PEM text, not JSON.
        unit.insert(key.to_owned(), P1.to_owned());
        assert_eq!(
            read_unit(&unit),
            Err(unit_error(
                0,
                key,
                invalid_json("invalid number at line 1 column 2")
            ))
        );
    }
}

#[test]
fn v0_chain_must_be_a_list_of_pem_certificates() {
    let with_chain = |chain: &str| {
        let mut unit = v0(&[P1]);
        unit.insert("chain".to_owned(), chain.to_owned());
        unit
    };
    assert_eq!(
        read_unit(&with_chain(r#""x""#)),
        Err(unit_error(0, "chain", wrong("a list", "a string")))
    );
    assert_eq!(
        read_unit(&with_chain("[true]")),
        Err(unit_error(0, "chain[0]", wrong("a string", "a boolean")))
    );
    assert_eq!(
        read_unit(&with_chain(&json_list(&[P1, "not pem"]))),
        Err(unit_error(0, "chain[1]", NOT_PEM))
    );
}

#[test]
fn v0_version_must_be_an_integer() {
    let mut unit = v0(&[P1]);
    unit.insert("version".to_owned(), "[]".to_owned());
    assert_eq!(
        read_unit(&unit),
        Err(unit_error(0, "version", wrong("an integer", "a list")))
    );
}

#[test]
fn the_first_invalid_unit_bag_in_name_order_is_named() {
    let unit_bags = units([
        (0, v0(&[P1])),
        (2, bag_of(&[("chain", "[]")])),
        (1, bag_of(&[("ca", "x")])),
    ]);
    assert_eq!(
        TransferredCertificates::read(REL, &Default::default(), &unit_bags),
        Err(unit_error(
            1,
            "ca",
            invalid_json("expected value at line 1 column 1")
        ))
    );
}

#[test]
fn errors_read_as_status_messages() {
    let err = read_app(&app(&json_list(&[P1, "x"]))).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"receive-ca-cert:7 application data: "certificates[1]" is not a PEM CERTIFICATE"#
    );
    let err = read_unit(&bag_of(&[("chain", "[]")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"receive-ca-cert:7 unit ca-provider/0 data: "ca" is missing"#
    );
}
