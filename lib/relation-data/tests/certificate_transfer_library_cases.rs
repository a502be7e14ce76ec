//! Our reader against the real library's recorded verdicts (`certificate_transfer_support/
//! cases.rs`): the same certificates read, and a refusal exactly where the library refuses,
//! except for our own PEM rule and for bags with nothing written yet.

mod certificate_transfer_support;
mod common;

use certificate_transfer_support::cases::{Ours, cases};
use certificate_transfer_support::{REL, unit};
use relation_data::certificate_transfer::TransferredCertificates;
use relation_data::{BagOwner, Reason};

#[test]
fn reader_agrees_with_the_library_on_every_recorded_case() {
    for case in cases() {
        let units = case
            .units
            .iter()
            .map(|(n, b)| (unit(*n), b.clone()))
            .collect();
        let ours = TransferredCertificates::read(REL, &case.app, &units);
        let name = &case.name;
        match (&case.ours, ours) {
            (Ours::Reads(version), Ok(read)) => {
                let library = case.library.clone().unwrap_or_default();
                let ours: Vec<String> = read.certificates.into_iter().collect();
                assert_eq!(ours, library, "case {name:?}");
                assert_eq!(read.version, *version, "case {name:?}");
            }
            (Ours::Refuses(number, key), Err(error)) => {
                let owner = number.map_or(BagOwner::App, |n| BagOwner::Unit(unit(n)));
                assert_eq!(
                    (&error.owner, error.key.as_str()),
                    (&owner, *key),
                    "case {name:?}"
                );
                // Our PEM rule refuses only what the library reads.
                let pem = matches!(error.reason, Reason::Pem(_));
                assert_eq!(pem, case.library.is_some(), "case {name:?}: {error}");
            }
            (expected, ours) => panic!("case {name:?}: expected {expected:?}, got {ours:?}"),
        }
    }
}

#[test]
fn recorded_cases_cover_every_verdict() {
    let cases = cases();
    let count = |f: &dyn Fn(&certificate_transfer_support::cases::Case) -> bool| {
        cases.iter().filter(|c| f(c)).count()
    };
    let read = count(&|c| matches!(c.ours, Ours::Reads(_)) && c.library.is_some());
    let refused = count(&|c| matches!(c.ours, Ours::Refuses(..)) && c.library.is_none());
    let pem = count(&|c| matches!(c.ours, Ours::Refuses(..)) && c.library.is_some());
    let nothing = count(&|c| matches!(c.ours, Ours::Reads(_)) && c.library.is_none());
    assert_eq!(
        (read, refused, pem, nothing),
        (38, 33, 5, 3),
        "{} cases",
        cases.len()
    );
}
