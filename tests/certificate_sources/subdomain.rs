//! routing-mode=subdomain: each ingress application at `{model}-{app}.{external-hostname}/`
//! with its own listeners and certificate; with a wildcard `tls-secret-name`, all of them on
//! one wildcard listener pair.

use charm_cluster::Kind;
use integrator_fixtures::ca::TestCa;
use integrator_fixtures::tls::{certificates_relation, key_secret, our_csrs};
use integrator_fixtures::{APP, MODEL, cluster, leader_state, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, databag};
use serde_json::json;

use crate::{ADDRESS, certificate, https_listeners, tls_secret};

fn app(id: u64, name: &str) -> Relation {
    Relation::new("gateway", "ingress", id, name)
        .remote_app_data(databag([
            ("model", format!("\"{MODEL}\"")),
            ("name", format!("\"{name}\"")),
            ("port", "8080".to_owned()),
        ]))
        .remote_unit(
            format!("{name}/0"),
            databag([("host", format!("\"{name}-0\""))]),
        )
}

fn url(state: &juju_hook_testing::State, id: u64) -> String {
    state.get_relation(id).unwrap().local_app_data["ingress"].clone()
}

#[test]
fn each_application_gets_its_own_hostname_listeners_and_certificate() {
    let mut cluster = cluster();
    let certificates = certificates_relation();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", "example.com")
        .config("routing-mode", "subdomain")
        .config("enforce-https", false)
        .secret(key_secret())
        .relation(certificates.clone())
        .relation(app(3, "flask"))
        .relation(app(4, "blog"));
    let state = step(Event::relation_created(&certificates), state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let state = step(Event::UpdateStatus, state, &mut cluster);

    // One CSR per hostname: example.com and each application's.
    assert_eq!(our_csrs(&state).len(), 3);
    assert_eq!(
        url(&state, 3),
        "{\"url\": \"http://testing-flask.example.com/\"}"
    );
    assert_eq!(
        url(&state, 4),
        "{\"url\": \"http://testing-blog.example.com/\"}"
    );
    let gateway = cluster.object(Kind::Gateway, APP).unwrap();
    let listeners: Vec<&str> = gateway["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        listeners,
        [
            format!("{APP}-http-example-com"),
            format!("{APP}-http-testing-blog-example-com"),
            format!("{APP}-http-testing-flask-example-com"),
        ]
    );
    let route = cluster
        .object(Kind::HttpRoute, &format!("{APP}-flask-3-http"))
        .unwrap();
    assert_eq!(
        route["spec"]["hostnames"],
        json!(["testing-flask.example.com"])
    );
    assert_eq!(
        route["spec"]["rules"][0]["matches"],
        json!([{"path": {"type": "PathPrefix", "value": "/"}}])
    );
    assert_eq!(
        route["spec"]["parentRefs"][0]["sectionName"],
        format!("{APP}-http-testing-flask-example-com")
    );
}

#[test]
fn a_wildcard_secret_puts_every_application_on_one_listener_pair() {
    let mut cluster = cluster();
    let ca = TestCa::new();
    cluster.insert(
        Kind::Secret,
        tls_secret("wildcard-tls", &certificate(&ca, "*.example.com")),
    );
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", "example.com")
        .config("routing-mode", "subdomain")
        .config("enforce-https", false)
        .config("tls-secret-name", "wildcard-tls");
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let mut state = state;
    for (id, name) in [(3, "flask"), (4, "blog")] {
        let relation = app(id, name);
        state = state.relation(relation.clone());
        state = step(
            Event::relation_changed(&relation, None),
            state,
            &mut cluster,
        );
    }
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
        )))
    );
    // HTTPS through the wildcard certificate, without any CSR.
    assert_eq!(
        url(&state, 3),
        "{\"url\": \"https://testing-flask.example.com/\"}"
    );
    assert_eq!(
        url(&state, 4),
        "{\"url\": \"https://testing-blog.example.com/\"}"
    );
    let gateway = cluster.object(Kind::Gateway, APP).unwrap();
    let listeners: Vec<(String, String)> = gateway["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["hostname"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        listeners,
        [
            (
                format!("{APP}-http-wildcard-example-com"),
                "*.example.com".to_owned()
            ),
            (format!("{APP}-http-example-com"), "example.com".to_owned()),
            (
                format!("{APP}-https-wildcard-example-com"),
                "*.example.com".to_owned()
            ),
        ]
    );
    assert_eq!(
        https_listeners(&cluster),
        [(
            format!("{APP}-https-wildcard-example-com"),
            "*.example.com".to_owned(),
            "wildcard-tls".to_owned()
        )]
    );
    // Each application's routes: its own hostname, on the wildcard listeners.
    let http = cluster
        .object(Kind::HttpRoute, &format!("{APP}-blog-4-http"))
        .unwrap();
    assert_eq!(
        http["spec"]["hostnames"],
        json!(["testing-blog.example.com"])
    );
    assert_eq!(
        http["spec"]["parentRefs"][0]["sectionName"],
        format!("{APP}-http-wildcard-example-com")
    );
    let https = cluster
        .object(
            Kind::HttpRoute,
            &format!("{APP}-blog-4-https-testing-blog-example-com"),
        )
        .unwrap();
    assert_eq!(
        https["spec"]["parentRefs"][0]["sectionName"],
        format!("{APP}-https-wildcard-example-com")
    );
}
