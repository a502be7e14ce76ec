//! `docs/how-to/custom-domain-with-configurator.md`: an integrator already serving an ingress
//! application under `external-hostname`, then flask-k8s on its own domain through the
//! configurator, while the certificate is pending and once it is issued.

use std::collections::BTreeMap;

use serde_json::json;

use gateway_api_demo::world::{INTEGRATOR, World, ids, workload_ingress};

use crate::configurator_readme::{CONFIGURATOR, relate_to_integrator, relate_workload};
use crate::shown::{check, juju_status};
use crate::tutorial::{deploy, relate_certificates};

fn statuses(world: &World) -> String {
    let configurator = world.configurator.as_ref().expect("deployed");
    juju_status(&[
        (INTEGRATOR, &world.integrator.unit_status),
        (CONFIGURATOR, &configurator.unit_status),
    ])
}

#[test]
fn custom_domain_statuses_are_what_the_charms_say() {
    let mut world = World::in_model("testing", "cilium", "10.43.45.0").expect("world");
    deploy(
        &mut world,
        &[
            ("gateway-class", json!("cilium")),
            ("external-hostname", json!("gateway.example.com")),
        ],
    );
    relate_certificates(&mut world);
    let other = workload_ingress("gateway", ids::FLASK_INGRESS, "indico", "testing", 8080);
    world
        .relate_integrator(other, Some("indico/0"))
        .expect("hooks");
    world.settle().expect("settles");

    world
        .deploy_configurator_as(
            CONFIGURATOR,
            &[("hostname", "myapp.example.com"), ("paths", "/,/api")],
        )
        .expect("hooks");
    relate_workload(&mut world, "flask-k8s", 8080);
    relate_to_integrator(&mut world, CONFIGURATOR);
    while world.exchange_gateway_route().expect("hooks") {}
    let mut produced = BTreeMap::new();
    produced.insert("pending".to_owned(), statuses(&world));
    world.settle().expect("settles");
    produced.insert("served".to_owned(), statuses(&world));
    check("docs/how-to/custom-domain-with-configurator.md", &produced);
}
