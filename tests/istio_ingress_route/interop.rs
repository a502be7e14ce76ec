//! The real istio-ingress-route requirer (charmlibs-interfaces-istio-ingress-route 1.0.2)
//! reading the answers the charm published: plain HTTP, TLS, and a wiped collision loser.
//! Skipped without the interop venv, unless `INTEROP_REQUIRED` is set.

use integrator_fixtures::interop as harness;
use integrator_fixtures::tls::key_secret;
use serde_json::{Value, json};

use crate::{ISTIO, bag, deployed, full_example, istio, relate, with_certificate};

#[test]
fn the_real_requirer_reads_the_published_answers() {
    let Some(python) = harness::interop_python() else {
        return;
    };
    let (state, mut cluster) = deployed();
    let state = relate(
        state.secret(key_secret()),
        istio(ISTIO, "myapp", &full_example()),
        &mut cluster,
    );
    let plain = bag(&state, ISTIO);
    // A second requirer with the same example loses every claim: wiped (it never had data;
    // the real requirer then reports no host).
    let state = relate(state, istio(6, "copy", &full_example()), &mut cluster);
    let loser = bag(&state, 6);
    let state = with_certificate(state, &mut cluster);
    let tls = bag(&state, ISTIO);

    let cases: Vec<Value> = [plain, tls, loser]
        .iter()
        .map(|bag| json!({"provider_app_data": bag}))
        .collect();
    let stdout = harness::run_harness(
        &python,
        harness::ISTIO_REQUIRER_CHECK,
        &json!({ "cases": cases }).to_string(),
    )
    .unwrap_or_else(|failure| panic!("{failure}"));
    let output: Value = serde_json::from_str(&stdout).expect("the harness prints JSON");
    let seen: Vec<(Value, Value, Value)> = output["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["external_host"].clone(),
                r["tls_enabled"].clone(),
                r["url"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                json!("myapp.example.com"),
                json!(false),
                json!("http://myapp.example.com")
            ),
            (
                json!("myapp.example.com"),
                json!(true),
                json!("https://myapp.example.com")
            ),
            (json!(""), json!(false), Value::Null),
        ]
    );
}
