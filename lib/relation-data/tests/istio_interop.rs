//! `istio_ingress_route` against the real charmlibs library (1.0.2, pinned in
//! `.ci/python-requirements-tls.txt`), through the `tests/interop/istio_route_*.py` harnesses.
//! Skipped with a message when the venv is missing, unless `$INTEROP_REQUIRED` is set.
//!
//! - the real requirer writes, for random configs, exactly the bytes our writer produces, and
//!   our reader gives back the config;
//! - the real provider still gives the recorded verdict on every `istio_support/cases.rs`
//!   config (which `istio_library_cases.rs` holds our reader to);
//! - the real requirer reads our provider bags as we mean them, and the real provider writes
//!   (and wipes) its bag exactly as our change sets do.

mod common;
mod istio_support;

use common::{app_bag, apply, bag_of};
use istio_support::cases::CASES;
use istio_support::harness::{self, PROVIDER_CHECK, REQUIRER_CHECK, REQUIRER_EMIT};
use istio_support::strategies::{mutated, provider_data, request};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use relation_data::Databag;
use relation_data::istio_ingress_route::{IstioIngressRouteProviderData, IstioIngressRouteRequest};
use serde_json::{Value, json};

const REL: &str = "istio-ingress-route:1";

/// `count` values of `strategy`, the same on every run.
fn samples<S: Strategy>(strategy: S, count: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

fn databag(value: &Value) -> Databag {
    serde_json::from_value(value.clone()).expect("a databag is an object of strings")
}

#[test]
fn real_requirer_writes_our_bytes_for_random_configs() {
    let Some(python) = harness::python() else {
        return;
    };
    let requests = samples(request(), 60);
    // As text: header matches must reach the library in our order.
    let cases = requests
        .iter()
        .map(|r| format!(r#"{{"config": {}}}"#, r.to_config_json()))
        .collect();
    let results = harness::run_texts(&python, REQUIRER_EMIT, cases);
    for (request, result) in requests.iter().zip(&results) {
        assert_eq!(result["error"], Value::Null, "refused {request:?}");
        let bag = databag(&result["requirer_app_data"]);
        assert_eq!(bag, request.to_databag(), "for {request:?}");
        assert_eq!(
            IstioIngressRouteRequest::read(REL, &bag),
            Ok(Some(request.clone()))
        );
    }
}

#[test]
fn real_provider_still_gives_the_recorded_verdicts() {
    let Some(python) = harness::python() else {
        return;
    };
    let cases = CASES
        .iter()
        .map(|c| json!({ "requirer_app_data": { "config": c.config } }))
        .collect();
    let results = harness::run(&python, PROVIDER_CHECK, cases);
    for (case, result) in CASES.iter().zip(&results) {
        assert_eq!(
            result["config"].as_str(),
            case.library,
            "case {:?}: {}",
            case.name,
            result["config_error"]
        );
        // The library answers with its address even when it refuses the config.
        assert_eq!(result["ready_event"], true, "case {:?}", case.name);
    }
}

#[test]
fn reader_agrees_with_the_real_provider_on_mutated_configs() {
    let Some(python) = harness::python() else {
        return;
    };
    let base = app_bag("istio_route.emit-full.json")["config"].clone();
    let configs = samples(mutated(base), 300);
    let cases = configs
        .iter()
        .map(|c| json!({ "requirer_app_data": { "config": c } }))
        .collect();
    let results = harness::run(&python, PROVIDER_CHECK, cases);
    let mut accepted = 0;
    for (config, result) in configs.iter().zip(&results) {
        let bag = bag_of(&[("config", config)]);
        let ours = IstioIngressRouteRequest::read(REL, &bag);
        match (result["config"].as_str(), &ours) {
            (Some(theirs), Ok(Some(request))) => {
                accepted += 1;
                assert_eq!(request.to_config_json(), theirs, "config {config}");
            }
            (None, Err(_)) => {}
            (theirs, ours) => panic!(
                "config {config}: the library gave {theirs:?} ({}), we gave {ours:?}",
                result["config_error"]
            ),
        }
    }
    // Both verdicts are exercised.
    assert!((30..270).contains(&accepted), "{accepted} of 300 accepted");
}

#[test]
fn real_requirer_reads_our_provider_bag_as_we_mean_it() {
    let Some(python) = harness::python() else {
        return;
    };
    let mut answers = vec![
        IstioIngressRouteProviderData {
            external_host: "gw.example.com".to_owned(),
            tls_enabled: true,
        },
        IstioIngressRouteProviderData {
            external_host: "10.1.2.3".to_owned(),
            tls_enabled: false,
        },
        IstioIngressRouteProviderData {
            external_host: String::new(),
            tls_enabled: true,
        },
    ];
    answers.extend(samples(provider_data(), 20));
    let mut bags: Vec<Databag> = answers
        .iter()
        .map(|a| apply(Databag::new(), &a.to_changes()))
        .collect();
    // A wiped bag: what the requirer sees after wipe().
    bags.push(apply(
        bags[0].clone(),
        &IstioIngressRouteProviderData::wipe(),
    ));
    let cases = bags
        .iter()
        .map(|b| json!({ "provider_app_data": b }))
        .collect();
    let results = harness::run(&python, REQUIRER_CHECK, cases);
    for (bag, result) in bags.iter().zip(&results) {
        let ours = IstioIngressRouteProviderData::read(REL, bag).unwrap();
        let host = ours.as_ref().map_or("", |a| a.external_host.as_str());
        assert_eq!(result["external_host"], host, "bag {bag:?}");
        // Without a host the requirer still reports the TLS flag; we report nothing.
        if let Some(answer) = &ours {
            assert_eq!(result["tls_enabled"], answer.tls_enabled, "bag {bag:?}");
            assert_eq!(result["url"], answer.url(), "bag {bag:?}");
        } else {
            assert_eq!(result["url"], Value::Null, "bag {bag:?}");
        }
        assert_eq!(result["ready_event"], true);
        assert_eq!(result["is_ready"], true);
    }
}

#[test]
fn real_provider_writes_and_wipes_like_our_change_sets() {
    let Some(python) = harness::python() else {
        return;
    };
    let requirer = app_bag("istio_route.emit-full.json");
    let answers = [
        IstioIngressRouteProviderData {
            external_host: "gw.example.com".to_owned(),
            tls_enabled: true,
        },
        IstioIngressRouteProviderData {
            external_host: String::new(),
            tls_enabled: false,
        },
    ];
    let stale = bag_of(&[
        ("external_host", "old.example.com"),
        ("tls_enabled", "True"),
    ]);
    let mut cases = Vec::new();
    for answer in &answers {
        for wipe in [false, true] {
            cases.push(json!({
                "requirer_app_data": requirer,
                "provider_app_data": stale,
                "external_host": answer.external_host,
                "tls_enabled": answer.tls_enabled,
                "wipe": wipe,
            }));
        }
    }
    let results = harness::run(&python, PROVIDER_CHECK, cases);
    let ours = IstioIngressRouteRequest::read(REL, &requirer)
        .unwrap()
        .unwrap();
    let mut results = results.iter();
    for answer in &answers {
        for wipe in [false, true] {
            let result = results.next().unwrap();
            let mut expected = apply(stale.clone(), &answer.to_changes());
            if wipe {
                expected = apply(expected, &IstioIngressRouteProviderData::wipe());
            }
            assert_eq!(
                databag(&result["provider_app_data"]),
                expected,
                "{answer:?}, wipe {wipe}"
            );
            assert_eq!(result["config"], ours.to_config_json());
        }
    }
}
