//! A cluster whose Gateway API does not serve BackendTLSPolicy (its LIST answers 404): the
//! HTTPS backend is named in the status, nothing of the kind is sent, and the other backends
//! are served as usual.

use charm_cluster::{Fault, FaultKind, FaultTrigger, Kind, Verb};
use integrator_fixtures::step;
use juju_hook::Event;
use serde_json::json;

use crate::{CA, INGRESS, SERVICE, active, app, app_protocols, ca_relation, deployed, golden};

#[test]
fn an_unserved_policy_kind_names_the_https_backend_and_serves_the_others() {
    let mut cluster = crate::new_cluster();
    cluster.inject(Fault {
        trigger: FaultTrigger::Kind(Kind::BackendTlsPolicy),
        kind: FaultKind::Status(404),
    });
    let state = deployed(
        &mut cluster,
        &[
            app(INGRESS, "flask", Some("https")),
            app(INGRESS + 1, "blog", Some("h2c")),
            ca_relation(CA, &golden("provide-v1")),
        ],
    );
    let note = "; the cluster does not serve BackendTLSPolicy: no TLS to the backend of gateway:3";
    assert_eq!(state.unit_status, active(note));
    assert_eq!(cluster.names(Kind::BackendTlsPolicy), Vec::<&str>::new());
    assert_eq!(cluster.names(Kind::ConfigMap), Vec::<&str>::new());
    // Both applications are routed and published; each Service says what its pods speak.
    assert_eq!(app_protocols(&cluster), [json!("https")]);
    let blog = cluster
        .object(Kind::Service, "gateway-api-integrator-blog-service")
        .unwrap();
    assert_eq!(blog["spec"]["ports"][0]["appProtocol"], "kubernetes.io/h2c");
    for (id, name) in [(INGRESS, "flask"), (INGRESS + 1, "blog")] {
        assert_eq!(
            state.get_relation(id).unwrap().local_app_data["ingress"],
            format!("{{\"url\": \"http://10.0.0.7/testing-{name}\"}}")
        );
    }
    assert!(cluster.object(Kind::Service, SERVICE).is_some());
    // Nothing but LISTs about the kind.
    let about_policies: Vec<Verb> = cluster
        .calls()
        .iter()
        .filter(|call| call.kind == Some(Kind::BackendTlsPolicy))
        .map(|call| call.verb)
        .collect();
    assert!(about_policies.iter().all(|verb| *verb == Verb::List));

    // The next reconcile says the same and writes nothing.
    let from = cluster.calls().len();
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(state.unit_status, active(note));
    assert_eq!(crate::writes(&cluster, from), Vec::<String>::new());
}
