//! Interoperability with the real Python tls-certificates library (charmlibs v4): its provider
//! sees our CSRs as outstanding requests and signs them, we accept what it issued, and its
//! requirer takes our bag as the one it would write itself. Skipped without the venv
//! (`scripts/python-venv.sh`) unless `INTEROP_REQUIRED` is set.

use integrator_fixtures as support;
use integrator_fixtures::golden;
use integrator_fixtures::interop as harness;
use integrator_fixtures::tls as tls_support;

use std::collections::BTreeMap;
use std::path::Path;

use juju_hook::Event;
use juju_hook_testing::EventExt;
use serde_json::{Value, json};
use tls_support::*;

fn run(python: &Path, script: &str, input: &Value) -> Value {
    let stdout = harness::run_harness(python, script, &input.to_string())
        .unwrap_or_else(|failure| panic!("{failure}"));
    serde_json::from_str(&stdout).expect("harness prints JSON")
}

#[test]
fn real_provider_signs_our_csrs_and_we_serve_its_certificates() {
    let Some(python) = harness::interop_python() else {
        return;
    };
    let (state, mut cluster) = related();
    let our_bag = state.get_relation(CERTS).unwrap().local_app_data.clone();
    let csrs = our_csrs(&state);

    // The real provider lists our CSR as outstanding and signs it.
    let provider = run(
        &python,
        harness::TLS_PROVIDER,
        &json!({
            "requirer_app_data": our_bag,
            "ca_cert_pem": golden::read("tls/ca.pem"),
            "ca_key_pem": golden::read("tls/ca.key"),
            "validity_days": 90,
        }),
    );
    let outstanding: Vec<String> = serde_json::from_value(provider["outstanding"].clone()).unwrap();
    assert_eq!(
        outstanding,
        csrs.iter().map(|c| c.trim().to_owned()).collect::<Vec<_>>()
    );
    let provider_bag: BTreeMap<String, String> =
        serde_json::from_value(provider["provider_app_data"].clone()).unwrap();

    // We accept it: TLS Secret, HTTPS listener, Active; our bag is unchanged.
    let mut state = state;
    state.get_relation_mut(CERTS).unwrap().remote_app_data = provider_bag.clone();
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    let (crt, tls_key) = tls_secret(&cluster, HOST).expect("TLS Secret created");
    assert_eq!(tls_key, key_pem());
    let issued = relation_data::tls_certificates::ProviderCertificates::read(
        "certificates:7",
        &provider_bag,
    )
    .unwrap();
    assert_eq!(crt, issued.certificates[0].chain.join("\n\n"));
    assert!(crt.starts_with(issued.certificates[0].certificate.trim()));
    assert_eq!(
        https_listeners(&cluster),
        vec![(
            format!("{}-https-www-example-com", support::APP),
            HOST.to_owned(),
            format!("{}-secret-{HOST}", support::APP),
        )]
    );
    assert_eq!(state.unit_status, Some(active()));
    assert_eq!(state.get_relation(CERTS).unwrap().local_app_data, our_bag);

    // The real requirer, configured as the Python charm configures it, keeps our bag as is
    // (same key, same attributes) and accepts the same certificate.
    let check = run(
        &python,
        harness::TLS_REQUIRER_CHECK,
        &json!({
            "requirer_app_data": our_bag,
            "provider_app_data": provider_bag,
            "private_key_pem": key_pem(),
            "certificate_requests": [{"common_name": HOST, "sans_dns": [HOST]}],
        }),
    );
    assert_eq!(check["requirer_app_data_changed"], json!(false), "{check}");
    assert_eq!(check["accepted"].as_array().unwrap().len(), 1, "{check}");
    assert_eq!(
        check["accepted"][0]["certificate"].as_str().unwrap().trim(),
        issued.certificates[0].certificate.trim()
    );
}

#[test]
fn real_provider_revocation_is_re_requested() {
    let Some(python) = harness::interop_python() else {
        return;
    };
    let (state, mut cluster) = related();
    let our_bag = state.get_relation(CERTS).unwrap().local_app_data.clone();
    let csrs = our_csrs(&state);
    let provider = run(
        &python,
        harness::TLS_PROVIDER,
        &json!({
            "requirer_app_data": our_bag,
            "ca_cert_pem": golden::read("tls/ca.pem"),
            "ca_key_pem": golden::read("tls/ca.key"),
            "revoke": true,
        }),
    );
    let mut state = state;
    state.get_relation_mut(CERTS).unwrap().remote_app_data =
        serde_json::from_value(provider["provider_app_data"].clone()).unwrap();
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    assert!(secret_names(&cluster).is_empty());
    assert_eq!(state.unit_status, Some(waiting_for(HOST)));
    let now = our_csrs(&state);
    assert_eq!(now.len(), 1);
    assert_ne!(now, csrs);

    // The real provider sees the new CSR as outstanding.
    let again = run(
        &python,
        harness::TLS_PROVIDER,
        &json!({
            "requirer_app_data": state.get_relation(CERTS).unwrap().local_app_data,
            "provider_app_data": state.get_relation(CERTS).unwrap().remote_app_data,
            "ca_cert_pem": golden::read("tls/ca.pem"),
            "ca_key_pem": golden::read("tls/ca.key"),
        }),
    );
    assert_eq!(again["outstanding"], json!([now[0].trim()]));
}
