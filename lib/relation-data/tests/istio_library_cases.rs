//! Our reader against the real library's recorded verdicts (`istio_support/cases.rs`): the
//! same configs accepted, normalised to the same bytes, and the same ones refused.

mod common;
mod istio_support;

use istio_support::cases::CASES;
use relation_data::Databag;
use relation_data::istio_ingress_route::IstioIngressRouteRequest;

#[test]
fn reader_agrees_with_the_library_on_every_recorded_case() {
    for case in CASES {
        let bag = Databag::from([("config".to_owned(), case.config.to_owned())]);
        let ours = IstioIngressRouteRequest::read("istio-ingress-route:1", &bag);
        match (case.library, ours) {
            (Some(library), Ok(Some(request))) => {
                assert_eq!(request.to_config_json(), library, "case {:?}", case.name);
            }
            (None, Err(_)) => {}
            (library, ours) => panic!(
                "case {:?}: the library gave {library:?}, we gave {ours:?}",
                case.name
            ),
        }
    }
}

#[test]
fn recorded_cases_cover_both_verdicts() {
    let refused = CASES.iter().filter(|c| c.library.is_none()).count();
    assert!(
        refused >= 15 && CASES.len() - refused >= 30,
        "{refused} of {}",
        CASES.len()
    );
}
