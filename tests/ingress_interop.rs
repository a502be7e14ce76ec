//! The URLs we publish to ingress requirers pass the ingress v2 requirer's validation (pydantic
//! `AnyHttpUrl`, with the real pydantic in the interop venv) and are already in pydantic's
//! normal form, so the Python library would have written the same bytes. Every address kind
//! and several applications at once, one of them in another model. Skipped without the venv
//! (`scripts/python-venv.sh`) unless `INTEROP_REQUIRED` is set.

use integrator_fixtures::interop as harness;
use integrator_fixtures::{APP, cluster, leader_state, step};
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation, databag};
use serde_json::{Value, json};

fn ingress(id: u64, model: &str, app: &str) -> Relation {
    Relation::new("gateway", "ingress", id, app)
        .remote_app_data(databag([
            ("model", format!("\"{model}\"")),
            ("name", format!("\"{app}\"")),
            ("port", "8080".to_owned()),
        ]))
        .remote_unit(
            format!("{app}/0"),
            databag([
                ("host", format!("\"{app}-0.{model}.svc\"")),
                ("ip", "\"10.9.0.1\"".to_owned()),
            ]),
        )
}

#[test]
fn every_published_url_passes_the_requirer_validation_unchanged() {
    let Some(python) = harness::interop_python() else {
        return;
    };
    let mut bags = Vec::new();
    for (address, hostname) in [
        ("10.0.0.7", None),
        ("2001:db8::7", None),
        ("a1b2.elb.amazonaws.com", None),
        ("10.0.0.7", Some("www.example.com")),
    ] {
        let mut cluster = cluster();
        let mut state = leader_state()
            .config("gateway-class", "cilium")
            .config("enforce-https", false);
        if let Some(hostname) = hostname {
            state = state.config("external-hostname", hostname);
        }
        let state = step(Event::ConfigChanged, state, &mut cluster);
        assert!(cluster.set_gateway_address(APP, address));
        let mut state = state;
        for (id, model, app) in [(3, "testing", "flask"), (4, "other-model", "remote-app")] {
            let relation = ingress(id, model, app);
            state = state.relation(relation.clone());
            state = step(
                Event::relation_changed(&relation, None),
                state,
                &mut cluster,
            );
            bags.push(state.get_relation(id).unwrap().local_app_data.clone());
        }
    }
    assert_eq!(bags.len(), 8);
    let stdout = harness::run_harness(
        &python,
        harness::INGRESS_URL_CHECK,
        &json!({ "bags": bags }).to_string(),
    )
    .unwrap_or_else(|failure| panic!("{failure}"));
    let output: Value = serde_json::from_str(&stdout).expect("harness prints JSON");
    let results = output["results"].as_array().expect("results");
    let urls: Vec<&str> = results
        .iter()
        .map(|r| r["url"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        urls,
        [
            "http://10.0.0.7/testing-flask",
            "http://10.0.0.7/other-model-remote-app",
            "http://[2001:db8::7]/testing-flask",
            "http://[2001:db8::7]/other-model-remote-app",
            "http://a1b2.elb.amazonaws.com/testing-flask",
            "http://a1b2.elb.amazonaws.com/other-model-remote-app",
            "http://www.example.com/testing-flask",
            "http://www.example.com/other-model-remote-app",
        ]
    );
    for result in results {
        assert_eq!(result["accepted"], json!(true), "{result}");
        assert_eq!(result["unchanged"], json!(true), "{result}");
    }
}
