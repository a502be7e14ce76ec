//! Self-test of the Python interop harnesses (tests/interop/): the real charmlibs TLS provider
//! signs the golden requirer bag recorded from the real requirer, and the real requirer accepts
//! the result. Guards the harnesses and their pins; tests of our own bags build on them.

use integrator_fixtures::interop as harness;

use std::path::PathBuf;

use serde_json::{Value, json};

fn golden_dir() -> PathBuf {
    harness::repo_root().join("../shared/interop-golden")
}

fn golden_text(name: &str) -> String {
    let path = golden_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn golden_app_bag(name: &str) -> Value {
    let file: Value = serde_json::from_str(&golden_text(name)).expect("golden file is JSON");
    file["app"].clone()
}

fn run(python: &std::path::Path, script: &str, input: &Value) -> Value {
    let stdout = harness::run_harness(python, script, &input.to_string())
        .unwrap_or_else(|failure| panic!("{failure}"));
    serde_json::from_str(&stdout).expect("harness prints JSON")
}

/// The single CSR in a golden requirer bag, as written there.
fn golden_csr(bag: &Value) -> String {
    let list: Value = serde_json::from_str(bag["certificate_signing_requests"].as_str().unwrap())
        .expect("CSR list is JSON");
    list[0]["certificate_signing_request"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn real_provider_signs_golden_csr_and_real_requirer_accepts_it() {
    let Some(python) = harness::interop_python() else {
        return;
    };
    let requirer_bag = golden_app_bag("tls_requirer.emit-app.json");
    let csr = golden_csr(&requirer_bag);
    let ca = golden_text("tls/ca.pem");

    let provider = run(
        &python,
        harness::TLS_PROVIDER,
        &json!({
            "requirer_app_data": requirer_bag,
            "ca_cert_pem": ca,
            "ca_key_pem": golden_text("tls/ca.key"),
            "validity_days": 3650,
        }),
    );
    assert_eq!(provider["outstanding"], json!([csr]));
    assert_eq!(provider["ca_generated"], json!(false));
    let provider_bag = &provider["provider_app_data"];
    let keys: Vec<&String> = provider_bag.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["certificates"]);
    let certificates: Value =
        serde_json::from_str(provider_bag["certificates"].as_str().unwrap()).unwrap();
    let entry = certificates.as_array().unwrap();
    assert_eq!(entry.len(), 1);
    let entry = entry[0].as_object().unwrap();
    // serde_json's map is sorted, so compare key sets here; order is checked in the golden tests.
    let mut entry_keys: Vec<&str> = entry.keys().map(String::as_str).collect();
    entry_keys.sort_unstable();
    assert_eq!(
        entry_keys,
        ["ca", "certificate", "certificate_signing_request", "chain"]
    );
    assert_eq!(entry["certificate_signing_request"], json!(csr));
    assert_eq!(entry["ca"], json!(ca.trim_end()));
    assert_eq!(entry["chain"], json!([entry["certificate"], entry["ca"]]));

    let requirer = run(
        &python,
        harness::TLS_REQUIRER_CHECK,
        &json!({
            "requirer_app_data": requirer_bag,
            "provider_app_data": provider_bag,
            "private_key_pem": golden_text("tls/requirer-key.pem"),
        }),
    );
    assert_eq!(
        requirer["accepted"],
        json!([{
            "certificate_signing_request": csr,
            "certificate": entry["certificate"],
            "ca": entry["ca"],
            "chain": entry["chain"],
            "revoked": false,
        }])
    );
    assert_eq!(
        requirer["events"],
        json!([{"event": "certificate_available", "certificate_signing_request": csr}])
    );
    assert_eq!(requirer["requirer_app_data_changed"], json!(false));
}

#[test]
fn real_provider_denies_with_the_golden_error_bag() {
    let Some(python) = harness::interop_python() else {
        return;
    };
    let provider = run(
        &python,
        harness::TLS_PROVIDER,
        &json!({
            "requirer_app_data": golden_app_bag("tls_requirer.emit-app.json"),
            "deny_code": 102,
        }),
    );
    // Denial involves no random parts, so the bag is byte-identical to the recording.
    assert_eq!(
        provider["provider_app_data"],
        golden_app_bag("tls_provider.issue-deny.json")
    );
}

#[test]
fn real_provider_fails_on_a_csr_that_is_not_pem() {
    let Some(python) = harness::interop_python() else {
        return;
    };
    let input = json!({
        "requirer_app_data": {
            "certificate_signing_requests":
                r#"[{"certificate_signing_request": "not a csr", "ca": false}]"#,
        },
    });
    let failure = harness::run_harness(&python, harness::TLS_PROVIDER, &input.to_string())
        .expect_err("the real provider raises on a malformed CSR");
    assert_eq!(failure.status.code(), Some(1));
    assert!(
        failure
            .stderr
            .contains("the provider hook failed: TLSCertificatesError: Could not load CSR"),
        "{failure}"
    );
}
