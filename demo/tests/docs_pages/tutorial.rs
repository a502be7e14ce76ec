//! `docs/tutorial/deploy.md`, step by step.

use std::collections::BTreeMap;

use charm_cluster::Kind;
use gateway_api_demo::world::{INTEGRATOR, PROVIDER, World, ids, workload_ingress};
use juju_hook::Event;
use juju_hook_testing::{Relation, databag};
use serde_json::{Value, json};

use crate::shown::{check, juju_status, kubectl_names, listener_names};

const MODEL: &str = "gateway-demo";

fn status(world: &World) -> String {
    juju_status(&[(INTEGRATOR, &world.integrator.unit_status)])
}

/// `juju deploy ./gateway-api-integrator_amd64.charm --trust --config …`: install,
/// leader-elected, config-changed, start, then whatever the cluster and the relations do.
pub fn deploy(world: &mut World, config: &[(&str, Value)]) {
    for (key, value) in config {
        world.integrator = world.integrator.clone().config(*key, value.clone());
    }
    for event in [
        Event::Install,
        Event::LeaderElected,
        Event::ConfigChanged,
        Event::Start,
    ] {
        world.integrator_hook(event).expect("hook");
    }
    world.settle().expect("settles");
}

/// `juju integrate gateway-api-integrator:certificates self-signed-certificates`, without
/// letting the provider answer yet.
pub fn relate_certificates(world: &mut World) {
    let unit = format!("{PROVIDER}/0");
    let relation = Relation::new(
        "certificates",
        "tls-certificates",
        ids::CERTIFICATES,
        PROVIDER,
    )
    .remote_unit(unit.clone(), databag::<&str, &str>([]));
    world
        .relate_integrator(relation, Some(&unit))
        .expect("hooks");
}

#[test]
fn tutorial_shows_what_the_charm_does() {
    let mut world = World::in_model(MODEL, "ck-gateway", "10.43.45.0").expect("world");
    let mut produced = BTreeMap::new();
    let mut show = |key: &str, text: String| produced.insert(key.to_owned(), text);

    // 2. Pack and deploy the integrator.
    deploy(
        &mut world,
        &[
            ("gateway-class", json!("ck-gateway")),
            ("external-hostname", json!("gateway.internal")),
        ],
    );
    show("deploy-status", status(&world));

    // 3. Add a certificate provider: Waiting until it answers, then Active.
    relate_certificates(&mut world);
    show("certificates-waiting", status(&world));
    world.settle().expect("settles");
    show("certificates-status", status(&world));
    show(
        "certificates-objects",
        kubectl_names(&world.cluster, &[Kind::Gateway, Kind::Secret]),
    );
    show("listeners", listener_names(&world.cluster, INTEGRATOR));

    // 4. Deploy a workload and expose it.
    let flask = workload_ingress("gateway", ids::FLASK_INGRESS, "flask-k8s", MODEL, 8080);
    world
        .relate_integrator(flask, Some("flask-k8s/0"))
        .expect("hooks");
    world.settle().expect("settles");
    show(
        "ingress-objects",
        kubectl_names(&world.cluster, &[Kind::Service, Kind::HttpRoute]),
    );
    let bag = &world
        .integrator
        .get_relation(ids::FLASK_INGRESS)
        .expect("the relation")
        .local_app_data;
    show("ingress-url", format!("ingress: '{}'", bag["ingress"]));
    show("ingress-status", status(&world));

    check("docs/tutorial/deploy.md", &produced);
}
