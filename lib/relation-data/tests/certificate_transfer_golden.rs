//! Golden tests for `certificate_transfer` against the bags recorded from the real library
//! (charmlibs-interfaces-certificate-transfer 1.1.0, `tests/golden/recorded`), both ways: our
//! reader gives what the real requirer read, our writers reproduce the bytes.

mod certificate_transfer_support;
mod common;

use std::collections::{BTreeMap, BTreeSet};

use certificate_transfer_support::recorded::{self, PROVIDE, ca};
use certificate_transfer_support::{REL, read_app, read_unit, units};
use common::{apply, bag_of};
use relation_data::Databag;
use relation_data::certificate_transfer::InterfaceVersion::{V0, V1};
use relation_data::certificate_transfer::{
    CertificateTransferProviderData, InterfaceVersion, RequirerAppData, TransferredCertificates,
};

fn set(items: &[String]) -> BTreeSet<String> {
    items.iter().cloned().collect()
}

#[test]
fn test_certificates_sort_as_python_sorts_them() {
    // ca-2 ("MIIBVTCB…") sorts before ca-1 ("MIIBVzCB…"): the order is the text's, not the
    // file names'. ca-2 has no final newline.
    let cas = [ca(1), ca(2), ca(3)];
    assert!(cas[1] < cas[0] && cas[0] < cas[2], "{cas:?}");
    assert!(cas[0].ends_with("-----END CERTIFICATE-----\n"));
    assert!(cas[1].ends_with("-----END CERTIFICATE-----"));
    assert_eq!(recorded::read("provide-v1"), [ca(2), ca(1)]);
    assert_eq!(recorded::read("provide-v1-three"), [ca(2), ca(1), ca(3)]);
    assert_eq!(recorded::read("provide-v1-remove"), [ca(1), ca(3)]);
    assert_eq!(
        recorded::read("provide-v1-removed-all"),
        Vec::<String>::new()
    );
    assert_eq!(recorded::read("provide-v0"), [ca(2), ca(1)]);
    assert_eq!(
        recorded::read("provide-v0-removed-all"),
        Vec::<String>::new()
    );
}

#[test]
fn requirer_writes_the_library_version_hint() {
    assert_eq!(
        RequirerAppData::to_changes(),
        recorded::app("requirer-created")
    );
    assert_eq!(RequirerAppData::to_changes(), bag_of(&[("version", "1")]));
    assert_eq!(RequirerAppData::KEYS, ["version"]);
    // Merged into the bag: other keys stay.
    let bag = apply(bag_of(&[("x", "y")]), &RequirerAppData::to_changes());
    assert_eq!(bag, bag_of(&[("version", "1"), ("x", "y")]));
    assert_eq!(InterfaceVersion::requested_by(&bag), V1);
}

#[test]
fn provider_version_follows_the_requirer_hint_text() {
    for (situation, version) in [("provide-v1", V1), ("provide-v0", V0)] {
        let requirer = recorded::input_bag(situation, "requirer_app_data");
        assert_eq!(InterfaceVersion::requested_by(&requirer), version);
    }
    for text in ["1.0", " 1", "true", "\"1\"", "0", "2", ""] {
        let requirer = bag_of(&[("version", text)]);
        assert_eq!(InterfaceVersion::requested_by(&requirer), V0, "{text:?}");
    }
}

#[test]
fn recorded_bags_read_as_the_real_requirer_read_them() {
    for situation in PROVIDE {
        let app = recorded::app(situation);
        let unit = recorded::unit(situation);
        let read = TransferredCertificates::read(REL, &app, &units([(0, unit)])).unwrap();
        assert_eq!(
            read,
            TransferredCertificates {
                certificates: set(&recorded::read(situation)),
                // charmlibs writes the app bag in v0 too, so the requirer reads it there.
                version: Some(V1),
            },
            "{situation}"
        );
    }
}

#[test]
fn v0_unit_bag_alone_reads_as_its_chain() {
    let read = read_unit(&recorded::unit("provide-v0")).unwrap();
    assert_eq!(read.certificates, BTreeSet::from([ca(1), ca(2)]));
    assert_eq!(read.version, Some(V0));
    // After remove_all the unit bag is stale, but the app bag says "1" with no certificate:
    // nothing is read.
    let stale = recorded::unit("provide-v0-removed-all");
    assert_eq!(stale, recorded::unit("provide-v0"));
    let app = recorded::app("provide-v0-removed-all");
    let read = TransferredCertificates::read(REL, &app, &units([(0, stale)])).unwrap();
    assert!(read.is_empty());
    assert_eq!(read.version, Some(V1));
}

#[test]
fn provider_bags_are_reproduced_byte_for_byte() {
    for situation in PROVIDE {
        let data = CertificateTransferProviderData::new(recorded::read(situation));
        assert_eq!(
            data.to_app_databag(),
            recorded::app(situation),
            "{situation}"
        );
        let before_app = recorded::input_bag(situation, "provider_app_data");
        let app = apply(before_app.clone(), &data.to_app_changes(&before_app));
        assert_eq!(app, recorded::app(situation), "{situation}");

        let requirer = recorded::input_bag(situation, "requirer_app_data");
        let before_unit = recorded::input_bag(situation, "provider_unit_data");
        let unit = match InterfaceVersion::requested_by(&requirer) {
            V1 => before_unit,
            V0 => match data.to_v0_unit_changes(&before_unit) {
                Some(changes) => apply(before_unit, &changes),
                None => before_unit,
            },
        };
        assert_eq!(unit, recorded::unit(situation), "{situation}");
    }
}

#[test]
fn v0_unit_bag_spelling() {
    let data = CertificateTransferProviderData::new([ca(2), ca(1)]);
    let first = relation_data::to_python_json(&ca(2));
    let unit = data.to_v0_unit_databag().unwrap();
    assert_eq!(unit["ca"], first);
    assert_eq!(unit["certificate"], first);
    assert_eq!(unit["chain"], recorded::app("provide-v0")["certificates"]);
    assert_eq!(unit["version"], "0");
    assert_eq!(unit, recorded::unit("provide-v0"));
    assert_eq!(
        CertificateTransferProviderData::default().to_v0_unit_databag(),
        None
    );
    assert_eq!(
        CertificateTransferProviderData::default().to_app_databag(),
        recorded::app("provide-v1-removed-all")
    );
}

#[test]
fn change_sets_clear_every_other_key_as_the_library_does() {
    let data = CertificateTransferProviderData::new([ca(3)]);
    let current = bag_of(&[("junk", "x"), ("version", "1"), ("certificates", "[]")]);
    let changes = data.to_app_changes(&current);
    let mut expected = data.to_app_databag();
    expected.insert("junk".to_owned(), String::new());
    assert_eq!(changes, expected);
    assert_eq!(apply(current, &changes), data.to_app_databag());

    let juju = bag_of(&[
        ("ingress-address", "10.1.2.3"),
        ("private-address", "10.1.2.3"),
    ]);
    let unit = apply(juju.clone(), &data.to_v0_unit_changes(&juju).unwrap());
    assert_eq!(unit, data.to_v0_unit_databag().unwrap());
    assert_eq!(
        CertificateTransferProviderData::default().to_v0_unit_changes(&juju),
        None
    );
}

#[test]
fn nothing_published_yet() {
    let juju = bag_of(&[
        ("ingress-address", "10.1.2.3"),
        ("egress-subnets", "10.1.2.3/32"),
    ]);
    for (app, unit_bags) in [
        (Databag::new(), BTreeMap::new()),
        (
            Databag::new(),
            units([(0, juju.clone()), (1, Databag::new())]),
        ),
        (bag_of(&[("other", "{")]), units([(0, juju)])),
    ] {
        assert_eq!(
            TransferredCertificates::read(REL, &app, &unit_bags),
            Ok(TransferredCertificates::default())
        );
    }
    assert_eq!(
        read_app(&bag_of(&[("version", "1")])),
        Ok(TransferredCertificates {
            certificates: BTreeSet::new(),
            version: Some(V1),
        })
    );
}

#[test]
fn v0_unit_bags_are_united() {
    // The library reads one unit, the first of a Python set; we read them all.
    let one = CertificateTransferProviderData::new([ca(1), ca(2)]);
    let other = CertificateTransferProviderData::new([ca(3), ca(1)]);
    let unit_bags = units([
        (0, one.to_v0_unit_databag().unwrap()),
        (1, bag_of(&[("ingress-address", "10.1.2.4")])),
        (2, other.to_v0_unit_databag().unwrap()),
    ]);
    let read = TransferredCertificates::read(REL, &Databag::new(), &unit_bags).unwrap();
    assert_eq!(read.certificates, BTreeSet::from([ca(1), ca(2), ca(3)]));
    assert_eq!(read.version, Some(V0));
}
