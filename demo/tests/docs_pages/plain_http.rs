//! `docs/how-to/plain-http.md`: what an ingress application gets in each combination of
//! `enforce-https`, certificates and `external-hostname`.

use std::collections::BTreeMap;

use gateway_api_demo::world::{World, ids, workload_ingress};
use juju_hook::Status;
use serde_json::json;

use crate::shown::check;
use crate::tutorial::{deploy, relate_certificates};

#[derive(Clone, Copy, PartialEq)]
enum Certificates {
    None,
    Pending,
    Issued,
}

/// One deployment: the URL flask receives and the integrator's status.
fn outcome(enforce: bool, certificates: Certificates, hostname: Option<&str>) -> (String, String) {
    let mut world = World::in_model("testing", "cilium", "10.43.45.0").expect("world");
    let mut config = vec![
        ("gateway-class", json!("cilium")),
        ("enforce-https", json!(enforce)),
    ];
    if let Some(hostname) = hostname {
        config.push(("external-hostname", json!(hostname)));
    }
    deploy(&mut world, &config);
    let flask = workload_ingress("gateway", ids::FLASK_INGRESS, "flask", "testing", 8080);
    world
        .relate_integrator(flask, Some("flask/0"))
        .expect("hooks");
    world.settle().expect("settles");
    if certificates != Certificates::None {
        relate_certificates(&mut world);
    }
    if certificates == Certificates::Issued {
        world.settle().expect("settles");
    }
    let bag = &world
        .integrator
        .get_relation(ids::FLASK_INGRESS)
        .expect("the relation")
        .local_app_data;
    let url = bag.get("ingress").map_or("(none)".to_owned(), |value| {
        let value: serde_json::Value = serde_json::from_str(value).expect("JSON");
        value["url"].as_str().expect("a URL").to_owned()
    });
    let status = match &world.integrator.unit_status {
        Some(Status::Active(m)) => format!("active: {m}"),
        Some(Status::Blocked(m)) => format!("blocked: {m}"),
        Some(Status::Waiting(m)) => format!("waiting: {m}"),
        other => format!("{other:?}"),
    };
    (url, status)
}

#[test]
fn plain_http_matrix_is_what_the_charm_publishes() {
    let mut lines = Vec::new();
    for enforce in [true, false] {
        for (certificates, label) in [
            (Certificates::None, "none"),
            (Certificates::Pending, "pending"),
            (Certificates::Issued, "issued"),
        ] {
            for hostname in [Some("app.example.com"), None] {
                let (url, status) = outcome(enforce, certificates, hostname);
                lines.push(format!(
                    "enforce-https={enforce:<5}  certificates: {label:<7}  external-hostname: {}\n  URL:    {url}\n  status: {status}",
                    hostname.unwrap_or("unset")
                ));
            }
        }
    }
    let produced: BTreeMap<String, String> = [("matrix".to_owned(), lines.join("\n"))].into();
    check("docs/how-to/plain-http.md", &produced);
}
