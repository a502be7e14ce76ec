//! Property tests for `certificate_transfer`: what our provider writes (app bag, v0 unit bags,
//! change sets over any previous content) reads back as the same certificates; order and
//! duplicates in a bag do not matter; a broken certificate is refused wherever it is.

mod certificate_transfer_support;
mod common;

use std::collections::BTreeMap;

use certificate_transfer_support::strategies::{
    broken_pem, certificates, pem, some_certificates, text,
};
use certificate_transfer_support::{REL, json_list, read_app, read_unit, units};
use common::apply;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::Index;
use relation_data::certificate_transfer::InterfaceVersion::{V0, V1};
use relation_data::certificate_transfer::{
    CertificateTransferProviderData, TransferredCertificates, is_certificate_pem,
};
use relation_data::{Databag, Reason};

/// Any previous bag content: our keys with anything in them, and other keys.
fn previous() -> impl Strategy<Value = Databag> {
    btree_map(
        prop_oneof![
            Just("certificates".to_owned()),
            Just("version".to_owned()),
            Just("ca".to_owned()),
            Just("chain".to_owned()),
            "[a-z-]{1,8}",
        ],
        "[ -~]{1,8}",
        0..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_certificates_are_pem(pem in pem()) {
        prop_assert!(is_certificate_pem(&pem), "{pem:?}");
    }

    #[test]
    fn broken_certificates_are_not(pem in broken_pem()) {
        prop_assert!(!is_certificate_pem(&pem), "{pem:?}");
    }

    #[test]
    fn app_bag_round_trips_over_any_previous_content(
        certs in certificates(),
        before in previous(),
    ) {
        let data = CertificateTransferProviderData { certificates: certs.clone() };
        let bag = apply(before.clone(), &data.to_app_changes(&before));
        prop_assert_eq!(&bag, &data.to_app_databag());
        let read = read_app(&bag).unwrap();
        prop_assert_eq!(read, TransferredCertificates { certificates: certs, version: Some(V1) });
    }

    #[test]
    fn v0_unit_bags_round_trip_and_unite(
        sets in vec(some_certificates(), 1..4),
        before in previous(),
    ) {
        let mut unit_bags = BTreeMap::new();
        for (n, certs) in sets.iter().enumerate() {
            let data = CertificateTransferProviderData { certificates: certs.clone() };
            let bag = apply(before.clone(), &data.to_v0_unit_changes(&before).unwrap());
            prop_assert_eq!(&bag, &data.to_v0_unit_databag().unwrap());
            prop_assert_eq!(&read_unit(&bag).unwrap().certificates, certs);
            unit_bags.insert(certificate_transfer_support::unit(n as u32), bag);
        }
        let read = TransferredCertificates::read(REL, &Databag::new(), &unit_bags).unwrap();
        let union = sets.into_iter().flatten().collect();
        prop_assert_eq!(read, TransferredCertificates { certificates: union, version: Some(V0) });
    }

    /// The library stores a set: order and repetition in the bag are not information.
    #[test]
    fn order_and_duplicates_do_not_matter(
        certs in some_certificates(),
        picks in vec(any::<Index>(), 1..8),
    ) {
        let items: Vec<&String> = certs.iter().collect();
        let mut listed: Vec<&str> = picks.iter().map(|i| i.get(&items).as_str()).collect();
        listed.extend(items.iter().map(|s| s.as_str()));
        let bag = Databag::from([("certificates".to_owned(), json_list(&listed))]);
        prop_assert_eq!(read_app(&bag).unwrap().certificates, certs);
    }

    #[test]
    fn one_broken_certificate_rejects_the_bag(
        certs in certificates(),
        broken in broken_pem(),
        at in any::<Index>(),
    ) {
        let mut items: Vec<String> = certs.into_iter().collect();
        let index = at.index(items.len() + 1);
        items.insert(index, broken);
        let key = format!("certificates[{index}]");
        let bag = Databag::from([("certificates".to_owned(), json_list(&items))]);
        let error = read_app(&bag).unwrap_err();
        prop_assert_eq!((error.key, error.reason), (key, Reason::Pem("CERTIFICATE")));
        let unit = Databag::from([
            ("ca".to_owned(), "\"x\"".to_owned()),
            ("certificate".to_owned(), "\"x\"".to_owned()),
            ("chain".to_owned(), json_list(&items)),
        ]);
        let error = read_unit(&unit).unwrap_err();
        prop_assert_eq!(error.key, format!("chain[{index}]"));
    }

    /// The writer carries any text as the library does, and the reader refuses what is not a
    /// certificate, never anything else: the bag is valid JSON of the right shape.
    #[test]
    fn any_text_is_written_and_judged_only_as_pem(items in vec(text(), 0..4)) {
        let data = CertificateTransferProviderData::new(items.clone());
        let written = data.to_app_databag();
        prop_assert!(written["certificates"].is_ascii());
        match read_app(&written) {
            Ok(read) => {
                prop_assert!(items.iter().all(|i| is_certificate_pem(i)));
                prop_assert_eq!(&read.certificates, &data.certificates);
            }
            Err(error) => prop_assert_eq!(error.reason, Reason::Pem("CERTIFICATE")),
        }
        let unit_bags = units(data.to_v0_unit_databag().map(|b| (0, b)));
        let read = TransferredCertificates::read(REL, &Databag::new(), &unit_bags);
        if let Err(error) = read {
            prop_assert_eq!(error.reason, Reason::Pem("CERTIFICATE"));
        }
    }
}
