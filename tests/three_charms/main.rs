//! Three charms exchanging databags (seed 002's example end to end): a workload speaking
//! `ingress` (played by the test with the bags the Python ingress library writes,
//! `../shared/interop-golden/ingress_requirer.emit.json`), gateway-route-configurator and
//! gateway-api-integrator (over an in-memory cluster). A small [`Juju`] model copies databags
//! across relations and fires the hooks Juju would, until nothing changes any more.
//!
//! - [`juju`]: the model ([`juju::Juju`]) that runs the hooks and copies the bags;
//! - [`charm`], [`workload`]: the parties in it;
//! - [`expectations`]: the objects, bags and statuses the sequence expects.

mod charm;
mod expectations;
mod juju;
mod workload;

use charm_cluster::Kind;
use integrator_fixtures::APP;
use integrator_fixtures::objects::names;
use juju_hook::{Databag, Status};
use serde_json::json;

use charm::Charm;
use expectations::{
    MISSING_INGRESS, MISSING_ROUTE, assert_objects, blocked, integrator_active, request_bag,
    workload_bags,
};
use juju::Juju;

/// Everyone lives in the golden workload's model.
const MODEL: &str = "m";
const WORKLOAD: &str = "myapp";
const CONFIGURATOR: &str = "gateway-route-configurator";
const INGRESS_ID: u64 = 1;
const ROUTE_ID: u64 = 2;
const ADDRESS: &str = "10.0.0.7";

/// Deployed and configured as in the seed: `hostname=myapp.com`, `paths=/foo,/bar`; the
/// integrator on plain HTTP.
fn configured() -> Juju {
    let mut juju = Juju::deploy();
    juju.config(
        Charm::Configurator,
        &[
            ("hostname", json!("myapp.com")),
            ("paths", json!("/foo,/bar")),
        ],
    );
    juju.config(
        Charm::Integrator,
        &[
            ("gateway-class", json!("cilium")),
            ("enforce-https", json!(false)),
        ],
    );
    juju
}

#[test]
fn seed_example_across_three_charms() {
    let mut juju = configured();
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_INGRESS));

    // workload ↔ configurator: the request is complete except for the integrator.
    let from = juju.hooks.len();
    juju.relate_workload_to_configurator();
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-route-configurator/0: ingress-relation-created",
            "gateway-route-configurator/0: ingress-relation-joined",
            "gateway-route-configurator/0: ingress-relation-changed",
            "gateway-route-configurator/0: ingress-relation-joined",
            "gateway-route-configurator/0: ingress-relation-changed",
        ]
    );
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(juju.workload.received, Some(Databag::new()));

    // configurator ↔ integrator, then the Gateway gets its address.
    let from = juju.hooks.len();
    juju.relate_configurator_to_integrator();
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-route-configurator/0: gateway-route-relation-created",
            "gateway-api-integrator/0: gateway-route-relation-created",
            "gateway-route-configurator/0: gateway-route-relation-joined",
            "gateway-route-configurator/0: gateway-route-relation-changed",
            "gateway-api-integrator/0: gateway-route-relation-joined",
            // The integrator's changed hook sees the request the configurator wrote when the
            // integrator's unit joined and creates the objects, but publishes no endpoints
            // while the Gateway has no address (nothing would reach the routes).
            "gateway-api-integrator/0: gateway-route-relation-changed",
        ]
    );
    assert_objects(&juju, &["/foo", "/bar"], 8080);
    assert_eq!(
        juju.integrator.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
    assert_eq!(
        juju.integrator
            .get_relation(ROUTE_ID)
            .unwrap()
            .local_app_data,
        Databag::new()
    );
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Waiting(
            "Waiting for the integrator to answer the route request (if this lasts, its status says why: Blocked, waiting for a certificate, or the route is taken)".into()
        ))
    );
    assert_eq!(juju.workload.received, Some(Databag::new()));

    // The Gateway gets its address: the integrator's next hook answers, and the configurator
    // hands the first path's URL to the workload.
    let from = juju.hooks.len();
    juju.gateway_gets_address();
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-api-integrator/0: update-status",
            "gateway-route-configurator/0: gateway-route-relation-changed",
        ]
    );

    assert_eq!(
        juju.written_bags(),
        json!({
            WORKLOAD: workload_bags("8080"),
            CONFIGURATOR: {
                "ingress:1": {
                    "app": {"ingress": "{\"url\": \"http://myapp.com/foo\"}"},
                    "unit": {},
                },
                "gateway-route:2": {"app": request_bag("[\"/foo\", \"/bar\"]", "8080"), "unit": {}},
            },
            APP: {
                "gateway-route:2": {
                    "app": {"endpoints": "[\"http://myapp.com/foo\", \"http://myapp.com/bar\"]"},
                    "unit": {},
                },
            },
        })
    );
    assert_eq!(
        juju.workload.received,
        Some(Databag::from([(
            "ingress".to_owned(),
            "{\"url\": \"http://myapp.com/foo\"}".to_owned()
        )]))
    );
    assert_objects(&juju, &["/foo", "/bar"], 8080);
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Active("Serving http://myapp.com/foo".into()))
    );
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();

    // The workload moves to port 9090; the operator changes the paths.
    let from = juju.hooks.len();
    juju.workload_sets("port", "9090");
    // The integrator's answer to the new request is byte-identical to the old one, so Juju
    // fires no relation-changed on the configurator: the hook that sent the new request
    // already accepted the answer it had, which lists exactly the URLs the request implies.
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-route-configurator/0: ingress-relation-changed",
            "gateway-api-integrator/0: gateway-route-relation-changed",
        ]
    );
    assert_objects(&juju, &["/foo", "/bar"], 9090);
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Active("Serving http://myapp.com/foo".into()))
    );
    assert_eq!(
        juju.workload.received,
        Some(Databag::from([(
            "ingress".to_owned(),
            "{\"url\": \"http://myapp.com/foo\"}".to_owned()
        )]))
    );
    juju.assert_quiet();
    juju.config(Charm::Configurator, &[("paths", json!("/api,/foo"))]);
    assert_objects(&juju, &["/api", "/foo"], 9090);
    assert_eq!(
        juju.written_bags(),
        json!({
            WORKLOAD: workload_bags("9090"),
            CONFIGURATOR: {
                "ingress:1": {
                    "app": {"ingress": "{\"url\": \"http://myapp.com/api\"}"},
                    "unit": {},
                },
                "gateway-route:2": {"app": request_bag("[\"/api\", \"/foo\"]", "9090"), "unit": {}},
            },
            APP: {
                "gateway-route:2": {
                    "app": {"endpoints": "[\"http://myapp.com/api\", \"http://myapp.com/foo\"]"},
                    "unit": {},
                },
            },
        })
    );
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Active("Serving http://myapp.com/api".into()))
    );
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();

    // configurator ↛ integrator: the objects go, the workload's URL is withdrawn.
    juju.break_configurator_from_integrator();
    assert!(names(&juju.cluster, Kind::Service).is_empty());
    assert!(names(&juju.cluster, Kind::HttpRoute).is_empty());
    assert_eq!(juju.workload.received, Some(Databag::new()));
    assert_eq!(
        juju.written_bags(),
        json!({
            WORKLOAD: workload_bags("9090"),
            CONFIGURATOR: {"ingress:1": {"app": {}, "unit": {}}},
            APP: {},
        })
    );
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();

    // workload ↛ configurator.
    juju.break_workload_from_configurator();
    assert_eq!(
        juju.written_bags(),
        json!({WORKLOAD: {}, CONFIGURATOR: {}, APP: {}})
    );
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_INGRESS));
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();
}
