//! Every valid ingress case renders the same plan twice.

use integrator_fixtures::plan as plan_fixtures;

use plan_fixtures::ingress_inputs;

use crate::plan;

#[test]
fn every_valid_case_renders_idempotently() {
    for case in plan_fixtures::all_ingress_cases() {
        let inputs = ingress_inputs(&case);
        assert_eq!(plan(&inputs), plan(&inputs), "{case:?}");
    }
}
