//! The private key never appears in logs, relation data, statuses or action output: every TLS
//! path (key generation, issue, refusals, garbage data, revocation, the action) runs with all
//! `tracing` output captured at TRACE, and the captured text is searched for the key.

use integrator_fixtures as support;
use integrator_fixtures::ca as test_ca;
use integrator_fixtures::tls as tls_support;

use std::sync::{Arc, Mutex};

use charm_tls::secret_label;
use juju_hook::Event;
use juju_hook_testing::{EventExt, State};
use relation_data::tls_certificates::ProviderCertificate;
use support::cluster;
use test_ca::TestCa;
use tls_support::*;
use tracing::level_filters::LevelFilter;

/// Everything a unit shows outside its secrets: relation data, statuses, action output.
fn visible(state: &State) -> String {
    let mut out = String::new();
    for relation in &state.relations {
        out.push_str(&format!(
            "{:?}{:?}",
            relation.local_app_data, relation.local_unit_data
        ));
    }
    out.push_str(&format!(
        "{:?}{:?}{:?}{:?}{:?}",
        state.unit_status_history,
        state.app_status_history,
        state.action_results,
        state.action_failure,
        state.juju_log
    ));
    out
}

/// The base64 body lines of a PKCS#1 RSA-2048 key that encode private values. The first lines
/// hold the public modulus (48 bytes a line; the modulus ends before byte 280), which CSRs and
/// certificates carry too, so they are skipped; any later line leaking is a leak.
fn private_key_lines(pem: &str) -> Vec<String> {
    let body: Vec<&str> = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    assert!(body.len() > 20, "an RSA-2048 PEM has about 25 body lines");
    body[6..].iter().map(|line| (*line).to_owned()).collect()
}

#[test]
fn private_key_never_leaves_the_secret_store() {
    let logs = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&logs);
    juju_hook::init_hook_logging_with(LevelFilter::TRACE, move |level, message| {
        sink.lock()
            .unwrap()
            .push(format!("{} {message}", level.as_str()));
        Ok(())
    })
    .expect("the only subscriber of this test binary");
    let mut seen = String::new();
    let ca = TestCa::new();

    // Key generation.
    let mut generated_cluster = cluster();
    let relation = certificates_relation();
    let mut fresh = base_state().relation(relation.clone());
    fresh.secrets.clear();
    let fresh = step(
        Event::relation_created(&relation),
        fresh,
        &mut generated_cluster,
    );
    seen.push_str(&visible(&fresh));
    let generated = fresh
        .get_secret_by_label(&secret_label::private_key("certificates"))
        .unwrap()
        .latest_content()
        .unwrap()["private-key"]
        .clone();

    // Golden key: issue, refusals, garbage, revocation, action.
    let (state, mut cluster) = related();
    seen.push_str(&visible(&state));
    let csrs = our_csrs(&state);
    let good = issued(&ca, &csrs[0], day(-1), day(89));
    let garbage = ProviderCertificate {
        certificate:
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----"
                .to_owned(),
        ..good.clone()
    };
    let expired = issued(&ca, &csrs[0], day(-100), day(-10));
    let revoked = ProviderCertificate {
        revoked: true,
        ..good.clone()
    };
    let mut state = state;
    for entries in [
        vec![good.clone(), garbage],
        vec![good.clone()],
        vec![expired],
        vec![revoked],
    ] {
        state = with_provider(state, entries);
        state = step(
            Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
            state,
            &mut cluster,
        );
        seen.push_str(&visible(&state));
    }
    let pending = our_csrs(&state)[0].clone();
    let state = with_provider(state, vec![issued(&ca, &pending, day(-1), day(89))]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    assert_eq!(
        state.unit_status,
        Some(active()),
        "the last step served a certificate"
    );
    let out = support::run(
        Event::action("get-certificate"),
        state.action_param("hostname", HOST),
        &mut cluster,
    );
    assert!(out.state.action_failure.is_none());
    seen.push_str(&visible(&out.state));

    let logs = logs.lock().unwrap().join("\n");
    assert!(
        logs.contains("generating the application private key"),
        "logs were captured: {logs}"
    );
    assert!(logs.contains("refusing"), "refusals were logged: {logs}");
    let everything = format!("{logs}\n{seen}");
    assert!(!everything.contains("PRIVATE KEY"), "a key PEM leaked");
    for line in private_key_lines(&key_pem())
        .iter()
        .chain(&private_key_lines(&generated))
    {
        if let Some(at) = everything.find(line.as_str()) {
            let context = &everything[at.saturating_sub(200)..at];
            panic!("key material leaked: {line} after {context}");
        }
    }
}
