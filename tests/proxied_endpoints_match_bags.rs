//! `get-proxied-endpoints` reports exactly what the relation data says, in every mode, with the
//! certificate pending and issued: the action and the databags cannot disagree.

use integrator_fixtures as support;
use integrator_fixtures::ca as test_ca;
use integrator_fixtures::tls as tls_support;

use charm_cluster::InMemoryCluster;
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation, State, databag};
use serde_json::{Map, Value, json};
use support::{APP, MODEL, cluster, leader_state, run};
use test_ca::TestCa;
use tls_support::{
    ADDRESS, CERTS, HOST, certificates_relation, issued, key_secret, our_csrs, step, with_provider,
};

const ROUTE: u64 = 5;

/// Which requirer the integrator serves.
#[derive(Debug, Clone, Copy)]
enum Mode {
    Ingress,
    Isd259,
    V1,
}

fn requirer(mode: Mode) -> Relation {
    match mode {
        Mode::Ingress => tls_support::ingress_relation(),
        Mode::Isd259 => Relation::new("gateway-route", "gateway-route", ROUTE, "configurator")
            .remote_app_data(databag([
                ("hostname", format!("\"{HOST}\"")),
                ("paths", "[\"/api\"]".to_owned()),
                ("model", format!("\"{MODEL}\"")),
                ("name", "\"shop\"".to_owned()),
                ("port", "8080".to_owned()),
            ])),
        Mode::V1 => Relation::new(
            "gateway-route",
            "gateway-route",
            ROUTE,
            "ingress-configurator",
        )
        .remote_app_data(databag([
            ("additional_hostnames", "[]".to_owned()),
            ("hostname", format!("\"{HOST}\"")),
        ])),
    }
}

/// Deployed with `enforce-https: false`, the Gateway at its address, certificates related and
/// requested: the certificate is pending.
fn pending(mode: Mode) -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let relation = requirer(mode);
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .relation(relation.clone())
        .relation(certificates_relation())
        .secret(key_secret());
    if let Mode::Ingress = mode {
        state = state.config("external-hostname", HOST);
    }
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );
    assert_eq!(our_csrs(&state).len(), 1, "{mode:?}: one CSR");
    (state, cluster)
}

/// The provider issues the certificate.
fn issue(state: State, cluster: &mut InMemoryCluster) -> State {
    let csr = our_csrs(&state).remove(0);
    let state = with_provider(
        state,
        vec![issued(
            &TestCa::new(),
            &csr,
            tls_support::day(-1),
            tls_support::day(89),
        )],
    );
    let event = Event::relation_changed(state.get_relation(CERTS).unwrap(), None);
    step(event, state, cluster)
}

fn action(state: State, cluster: &mut InMemoryCluster) -> Value {
    let out = run(Event::action("get-proxied-endpoints"), state, cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.state.action_failure, None);
    serde_json::from_str(&out.state.action_results["proxied-endpoints"]).expect("JSON")
}

/// The workload's entry, derived from our databag on its relation only.
fn from_bags(mode: Mode, state: &State) -> (String, String) {
    let id = match mode {
        Mode::Ingress => tls_support::INGRESS,
        _ => ROUTE,
    };
    let bag = &state.get_relation(id).unwrap().local_app_data;
    let decode = |key: &str| -> Value {
        serde_json::from_str(bag.get(key).unwrap_or_else(|| panic!("{mode:?}: no {key}")))
            .expect("JSON value")
    };
    match mode {
        Mode::Ingress => (
            "flask".into(),
            decode("ingress")["url"].as_str().unwrap().into(),
        ),
        Mode::Isd259 => (
            "shop".into(),
            decode("endpoints")[0].as_str().unwrap().into(),
        ),
        Mode::V1 => {
            let scheme = match decode("https_mode").as_str().unwrap() {
                "disabled" => "http",
                _ => "https",
            };
            ("ingress-configurator".into(), format!("{scheme}://{HOST}"))
        }
    }
}

#[test]
fn the_action_reports_what_the_databags_say() {
    let cases = [
        (
            Mode::Ingress,
            "http://www.example.com/testing-flask",
            "https://www.example.com/testing-flask",
        ),
        (
            Mode::Isd259,
            "http://www.example.com/api",
            "https://www.example.com/api",
        ),
        // v1 requirers build their URL from `https_mode` (`enabled` from the start).
        (
            Mode::V1,
            "https://www.example.com",
            "https://www.example.com",
        ),
    ];
    for (mode, pending_url, issued_url) in cases {
        let (state, mut cluster) = pending(mode);
        for (phase, state, url) in [
            ("pending", state.clone(), pending_url),
            ("issued", issue(state, &mut cluster), issued_url),
        ] {
            let reported = action(state.clone(), &mut cluster);
            let (workload, published) = from_bags(mode, &state);
            assert_eq!(published, url, "{mode:?} {phase}: the bag");
            let own = match mode {
                Mode::Ingress if phase == "issued" => format!("https://{HOST}"),
                Mode::Ingress => format!("http://{HOST}"),
                _ => format!("http://{ADDRESS}"),
            };
            let mut expected = Map::new();
            expected.insert(APP.into(), json!({"url": own}));
            expected.insert(workload, json!({"url": published}));
            assert_eq!(
                reported,
                Value::Object(expected),
                "{mode:?} {phase}: the action"
            );
        }
    }
}
