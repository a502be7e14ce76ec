//! `certificate_transfer` against the real charmlibs library (1.1.0, pinned in
//! `.ci/python-requirements-tls.txt`), through the `tests/interop/certificate_transfer_*.py`
//! harnesses. Skipped with a message when the venv is missing, unless `$INTEROP_REQUIRED` is
//! set.
//!
//! - the recorded golden files still hold: the library writes the same bags for the same
//!   input, reads the same certificates back, and writes the same version hint;
//! - the library still gives the recorded verdict on every `cases.rs` bag;
//! - the real requirer reads our provider bags (v1, v0, v0 unit bag alone) as we mean them,
//!   and the real provider writes, for random certificates over random previous bags, exactly
//!   what our change sets make;
//! - on mutations of the recorded bags, our reader and the real requirer agree (up to our PEM
//!   rule); with several v0 units the library reads the first of a Python set, we the union.

mod certificate_transfer_support;
mod common;

use std::collections::{BTreeMap, BTreeSet};

use certificate_transfer_support::cases::{P1, P2, P3, cases, v0};
use certificate_transfer_support::harness::{PROVIDER_EMIT, REQUIRER_CHECK};
use certificate_transfer_support::recorded::{self, PROVIDE};
use certificate_transfer_support::strategies::{certificates, text};
use certificate_transfer_support::{REL, unit};
use common::{apply, bag, harness};
use proptest::collection::{btree_map, btree_set};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use relation_data::certificate_transfer::InterfaceVersion::{V0, V1};
use relation_data::certificate_transfer::{
    CertificateTransferProviderData, InterfaceVersion, RequirerAppData, TransferredCertificates,
};
use relation_data::{Databag, Reason};
use serde_json::{Value, json};

/// `count` values of `strategy`, the same on every run.
fn samples<S: Strategy>(strategy: S, count: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// The harness input for a requirer reading `app` and unit bags `{n: bag}`.
fn requirer_case(app: &Databag, units: &[(u32, Databag)]) -> Value {
    let units: BTreeMap<String, &Databag> = units.iter().map(|(n, b)| (n.to_string(), b)).collect();
    json!({ "provider_app_data": app, "provider_units_data": units })
}

/// The library's certificates, `None` when it logged an error (it then reads nothing).
fn library_read(result: &Value) -> Option<Vec<String>> {
    let errors = result["errors"].as_array().expect("errors is a list");
    let read = serde_json::from_value(result["certificates"].clone()).expect("a list");
    errors.is_empty().then_some(read)
}

fn sorted(set: &BTreeSet<String>) -> Vec<String> {
    set.iter().cloned().collect()
}

#[test]
fn recorded_golden_files_still_hold() {
    let Some(python) = harness::python() else {
        return;
    };
    let inputs = PROVIDE
        .iter()
        .map(|s| recorded::file(s)["input"].clone())
        .collect();
    let written = harness::run(&python, PROVIDER_EMIT, inputs);
    let mut reads = Vec::new();
    for (situation, result) in PROVIDE.iter().zip(&written) {
        assert_eq!(
            bag(&result["provider_app_data"]),
            recorded::app(situation),
            "{situation}"
        );
        assert_eq!(
            bag(&result["provider_unit_data"]),
            recorded::unit(situation),
            "{situation}"
        );
        reads.push(requirer_case(
            &recorded::app(situation),
            &[(0, recorded::unit(situation))],
        ));
    }
    let results = harness::run(&python, REQUIRER_CHECK, reads);
    for (situation, result) in PROVIDE.iter().zip(&results) {
        assert_eq!(
            library_read(result),
            Some(recorded::read(situation)),
            "{situation}"
        );
    }
    // The requirer's version hint: the leader writes it on relation-created, others nothing.
    let created = harness::run(
        &python,
        REQUIRER_CHECK,
        vec![
            json!({ "hook": "relation-created" }),
            json!({ "hook": "relation-created", "leader": false }),
            json!({ "hook": "relation-created", "requirer_app_data": { "x": "y" } }),
        ],
    );
    assert_eq!(
        bag(&created[0]["requirer_app_data"]),
        recorded::app("requirer-created")
    );
    assert_eq!(
        bag(&created[0]["requirer_app_data"]),
        RequirerAppData::to_changes()
    );
    assert_eq!(bag(&created[1]["requirer_app_data"]), Databag::new());
    let merged = apply(
        common::bag_of(&[("x", "y")]),
        &RequirerAppData::to_changes(),
    );
    assert_eq!(bag(&created[2]["requirer_app_data"]), merged);
}

#[test]
fn real_library_still_gives_the_recorded_verdicts() {
    let Some(python) = harness::python() else {
        return;
    };
    let cases = cases();
    let inputs = cases
        .iter()
        .map(|c| requirer_case(&c.app, &c.units))
        .collect();
    let results = harness::run(&python, REQUIRER_CHECK, inputs);
    for (case, result) in cases.iter().zip(&results) {
        assert_eq!(
            library_read(result),
            case.library,
            "case {:?}: {}",
            case.name,
            result["errors"]
        );
    }
}

/// Any previous bag content the library cannot read as its own (values are lowercase words,
/// never a JSON list or string), so its read-modify-write starts from nothing.
fn previous() -> impl Strategy<Value = Databag> {
    let keys = select(
        &[
            "certificates",
            "version",
            "ca",
            "chain",
            "other",
            "ingress-address",
        ][..],
    );
    btree_map(keys.prop_map(str::to_owned), "[a-z]{1,6}", 0..4)
}

#[test]
fn real_provider_writes_what_our_change_sets_make() {
    let Some(python) = harness::python() else {
        return;
    };
    let sets = samples(btree_set(text(), 0..4), 40);
    let befores = samples((previous(), previous()), 40);
    let requirers = [common::bag_of(&[("version", "1")]), Databag::new()];
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for (i, (set, (app_before, unit_before))) in sets.iter().zip(&befores).enumerate() {
        let requirer = &requirers[i % 2];
        let mut add: Vec<&String> = set.iter().collect();
        add.reverse();
        cases.push(json!({
            "requirer_app_data": requirer,
            "provider_app_data": app_before,
            "provider_unit_data": unit_before,
            "operations": [{ "add": add }],
        }));
        let data = CertificateTransferProviderData {
            certificates: set.clone(),
        };
        let app = apply(app_before.clone(), &data.to_app_changes(app_before));
        let unit = match InterfaceVersion::requested_by(requirer) {
            V1 => unit_before.clone(),
            V0 => match data.to_v0_unit_changes(unit_before) {
                Some(changes) => apply(unit_before.clone(), &changes),
                None => unit_before.clone(),
            },
        };
        expected.push((app, unit));
    }
    let results = harness::run(&python, PROVIDER_EMIT, cases);
    for ((set, (app, unit)), result) in sets.iter().zip(&expected).zip(&results) {
        assert_eq!(&bag(&result["provider_app_data"]), app, "{set:?}");
        assert_eq!(&bag(&result["provider_unit_data"]), unit, "{set:?}");
    }
}

#[test]
fn real_requirer_reads_our_provider_bags_as_we_mean_them() {
    let Some(python) = harness::python() else {
        return;
    };
    // Certificates, and any text: the library carries both, we refuse the latter.
    let mut sets = samples(certificates(), 30);
    sets.extend(samples(btree_set(text(), 0..4), 30));
    let mut cases = Vec::new();
    let mut bags = Vec::new();
    for set in &sets {
        let data = CertificateTransferProviderData {
            certificates: set.clone(),
        };
        let app = data.to_app_databag();
        let unit = data.to_v0_unit_databag().unwrap_or_default();
        // v1; v0 as charmlibs writes it (both bags); a v0 unit bag alone.
        for (app, unit) in [
            (app.clone(), Databag::new()),
            (app, unit.clone()),
            (Databag::new(), unit),
        ] {
            cases.push(requirer_case(&app, &[(0, unit.clone())]));
            bags.push((set, app, unit));
        }
    }
    let results = harness::run(&python, REQUIRER_CHECK, cases);
    let mut refused = 0;
    for ((set, app, unit), result) in bags.iter().zip(&results) {
        let ours = TransferredCertificates::read(
            REL,
            app,
            &certificate_transfer_support::units([(0, unit.clone())]),
        );
        if app.is_empty() && set.is_empty() {
            // Nothing written at all: the library logs about the empty unit bag.
            assert_eq!(library_read(result), None);
            assert_eq!(ours, Ok(TransferredCertificates::default()));
            continue;
        }
        assert_eq!(library_read(result), Some(sorted(set)), "{set:?}");
        match ours {
            Ok(read) => assert_eq!(&read.certificates, *set),
            Err(error) => {
                refused += 1;
                assert_eq!(error.reason, Reason::Pem("CERTIFICATE"), "{set:?}");
            }
        }
    }
    assert!(
        (20..60).contains(&refused),
        "{refused} of {} refused",
        bags.len()
    );
}

/// Fragments that move a bag value across the library's rules.
const FRAGMENTS: &[&str] = &[
    "",
    "null",
    "0",
    "1",
    "true",
    "1.5",
    "[]",
    "{}",
    "\"x\"",
    "\"1\"",
    "[1]",
    ",",
    "]",
    "[",
    "\"",
    "\\n",
    "\\u00e9",
    "\"\\ud800\"",
    "NaN",
    "-----",
    " ",
    "\\\"",
    "=",
];

/// `text` (ASCII) with one span of up to 8 bytes replaced by one of [`FRAGMENTS`].
fn mutated(text: String) -> impl Strategy<Value = String> {
    assert!(text.is_ascii(), "spans are cut at byte offsets");
    let len = text.len();
    (0..=len, 0..8usize, select(FRAGMENTS)).prop_map(move |(start, width, fragment)| {
        let end = (start + width).min(len);
        format!("{}{fragment}{}", &text[..start], &text[end..])
    })
}

/// A recorded bag with the value of one of `keys` mutated.
fn mutated_bag(bag: Databag, keys: &'static [&'static str]) -> impl Strategy<Value = Databag> {
    select(keys).prop_flat_map(move |key| {
        let bag = bag.clone();
        mutated(bag[key].clone()).prop_map(move |value| {
            let mut bag = bag.clone();
            bag.insert(key.to_owned(), value);
            bag
        })
    })
}

#[test]
fn reader_agrees_with_the_real_requirer_on_mutated_bags() {
    let Some(python) = harness::python() else {
        return;
    };
    let app_keys = TransferredCertificates::APP_KEYS;
    let unit_keys = TransferredCertificates::UNIT_KEYS;
    let mut pairs: Vec<(Databag, Databag)> = samples(
        mutated_bag(recorded::app("provide-v1-three"), app_keys),
        150,
    )
    .into_iter()
    .map(|app| (app, Databag::new()))
    .collect();
    pairs.extend(
        samples(mutated_bag(recorded::unit("provide-v0"), unit_keys), 150)
            .into_iter()
            .map(|unit| (Databag::new(), unit)),
    );
    let cases = pairs
        .iter()
        .map(|(app, unit)| requirer_case(app, &[(0, unit.clone())]))
        .collect();
    let results = harness::run(&python, REQUIRER_CHECK, cases);
    let (mut read, mut pem, mut refused) = (0, 0, 0);
    for ((app, unit), result) in pairs.iter().zip(&results) {
        let units = certificate_transfer_support::units([(0, unit.clone())]);
        let ours = TransferredCertificates::read(REL, app, &units);
        match (library_read(result), ours) {
            (Some(theirs), Ok(ours)) => {
                read += 1;
                assert_eq!(sorted(&ours.certificates), theirs, "{app:?} {unit:?}");
            }
            (Some(_), Err(error)) if error.reason == Reason::Pem("CERTIFICATE") => pem += 1,
            (None, Err(error)) => {
                refused += 1;
                assert_ne!(error.reason, Reason::Pem("CERTIFICATE"));
            }
            (theirs, ours) => {
                panic!("{app:?} {unit:?}: the library gave {theirs:?}, we gave {ours:?}")
            }
        }
    }
    // Every verdict is exercised.
    assert!(
        read >= 50 && pem >= 50 && refused >= 50,
        "{read} read, {pem} not PEM, {refused} refused by both"
    );
}

#[test]
fn with_several_v0_units_the_library_reads_one_we_read_all() {
    let Some(python) = harness::python() else {
        return;
    };
    let unit_bags = vec![
        (0, v0(&[P1])),
        (1, v0(&[P2, P1])),
        (2, Databag::new()),
        (3, v0(&[P3])),
    ];
    let cases = (0..12)
        .map(|_| requirer_case(&Databag::new(), &unit_bags))
        .collect();
    let results = harness::run(&python, REQUIRER_CHECK, cases);
    let all = certificate_transfer_support::units(unit_bags.clone());
    let ours = TransferredCertificates::read(REL, &Databag::new(), &all).unwrap();
    assert_eq!(sorted(&ours.certificates), [P1, P2, P3]);
    assert_eq!(ours.version, Some(V0));
    for result in &results {
        // The library's answer is our reading of the one unit it picked.
        let first = result["first_unit"].as_str().expect("a unit name");
        let picked = certificate_transfer_support::units(
            unit_bags.iter().filter(|(n, _)| unit(*n) == first).cloned(),
        );
        let one = TransferredCertificates::read(REL, &Databag::new(), &picked).unwrap();
        let expected = one.version.is_some().then(|| sorted(&one.certificates));
        assert_eq!(library_read(result), expected, "first unit {first}");
    }
}
