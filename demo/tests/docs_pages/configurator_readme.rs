//! `configurator/README.md`'s usage, as typed: the integrator with its default
//! `enforce-https`, a certificates provider, one configurator and one workload.

use std::collections::BTreeMap;

use gateway_api_demo::world::{INTEGRATOR, World, ids, workload_ingress};
use juju_hook_testing::{Relation, databag};
use serde_json::json;

use crate::shown::{check, juju_status};
use crate::tutorial::{deploy, relate_certificates};

pub const CONFIGURATOR: &str = "gateway-route-configurator";

/// `juju integrate <configurator>:gateway-route gateway-api-integrator`: both sides' hooks.
pub fn relate_to_integrator(world: &mut World, configurator: &str) {
    let integrator_unit = format!("{INTEGRATOR}/0");
    let to_integrator = Relation::new(
        "gateway-route",
        "gateway-route",
        ids::GATEWAY_ROUTE,
        INTEGRATOR,
    )
    .remote_unit(integrator_unit.clone(), databag::<&str, &str>([]));
    world
        .relate_configurator(to_integrator, Some(&integrator_unit))
        .expect("hooks");
    let configurator_unit = format!("{configurator}/0");
    let to_configurator = Relation::new(
        "gateway-route",
        "gateway-route",
        ids::GATEWAY_ROUTE,
        configurator,
    )
    .remote_unit(configurator_unit.clone(), databag::<&str, &str>([]));
    world
        .relate_integrator(to_configurator, Some(&configurator_unit))
        .expect("hooks");
}

/// `juju integrate <workload>:ingress <configurator>:ingress`.
pub fn relate_workload(world: &mut World, workload: &str, port: u16) {
    let model = world.model.clone();
    let relation = workload_ingress("ingress", ids::BLOG_INGRESS, workload, &model, port);
    world
        .relate_configurator(relation, Some(&format!("{workload}/0")))
        .expect("hooks");
}

#[test]
fn configurator_usage_reaches_active() {
    let mut world = World::in_model("testing", "cilium", "10.43.45.0").expect("world");
    deploy(&mut world, &[("gateway-class", json!("cilium"))]);
    relate_certificates(&mut world);
    world
        .deploy_configurator_as(
            CONFIGURATOR,
            &[("hostname", "myapp.example.com"), ("paths", "/api,/static")],
        )
        .expect("hooks");
    relate_to_integrator(&mut world, CONFIGURATOR);
    relate_workload(&mut world, "my-app", 8080);
    world.settle().expect("settles");
    let configurator = world.configurator.as_ref().expect("deployed");
    let produced: BTreeMap<String, String> = [(
        "usage-status".to_owned(),
        juju_status(&[(CONFIGURATOR, &configurator.unit_status)]),
    )]
    .into();
    check("configurator/README.md", &produced);
}
