//! `docs/how-to/tls-with-a-real-ca.md`, "Use cert-manager instead": the Gateway's annotation
//! and listener references, Waiting until cert-manager creates the Secret, then Active.

use std::collections::BTreeMap;

use charm_cluster::Kind;
use gateway_api_demo::world::{INTEGRATOR, World};
use juju_hook::Event;
use serde_json::json;

use crate::shown::{check, juju_status};
use crate::tutorial::deploy;

#[test]
fn cert_manager_section_shows_what_the_charm_does() {
    let mut world = World::in_model("testing", "cilium", "10.43.45.0").expect("world");
    deploy(
        &mut world,
        &[
            ("gateway-class", json!("cilium")),
            ("external-hostname", json!("www.example.com")),
            (
                "cert-manager-issuer",
                json!("ClusterIssuer/letsencrypt-prod"),
            ),
        ],
    );
    let mut produced = BTreeMap::new();
    let status = |world: &World| juju_status(&[(INTEGRATOR, &world.integrator.unit_status)]);
    produced.insert("cert-manager-waiting".to_owned(), status(&world));

    let gateway = world
        .cluster
        .object(Kind::Gateway, INTEGRATOR)
        .expect("the Gateway");
    let mut lines: Vec<String> = gateway["metadata"]["annotations"]
        .as_object()
        .expect("annotations")
        .iter()
        .filter(|(key, _)| key.starts_with("cert-manager.io/"))
        .map(|(key, value)| format!("annotation {key}: {}", value.as_str().unwrap_or_default()))
        .collect();
    for listener in gateway["spec"]["listeners"].as_array().expect("listeners") {
        let refs: Vec<&str> = listener["tls"]["certificateRefs"]
            .as_array()
            .map(|refs| refs.iter().filter_map(|r| r["name"].as_str()).collect())
            .unwrap_or_default();
        lines.push(format!(
            "listener {} (port {}): {}",
            listener["name"].as_str().unwrap_or_default(),
            listener["port"],
            if refs.is_empty() {
                "no certificate".to_owned()
            } else {
                format!("certificate from Secret {}", refs.join(", "))
            }
        ));
    }
    produced.insert("cert-manager-gateway".to_owned(), lines.join("\n"));

    // cert-manager creates the Secret; the next hook sees it.
    let secret = format!("{INTEGRATOR}-cert-manager-www.example.com");
    world.cluster.insert(
        Kind::Secret,
        json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "type": "kubernetes.io/tls",
            "metadata": {"name": secret, "namespace": "testing",
                         "annotations": {"cert-manager.io/certificate-name": "www"}},
        }),
    );
    world.integrator_hook(Event::UpdateStatus).expect("hook");
    produced.insert("cert-manager-active".to_owned(), status(&world));
    check("docs/how-to/tls-with-a-real-ca.md", &produced);
}
