//! The ISD259 gateway-route requirers the tests relate, with the configurator's v0 wire bag as
//! recorded from the real library (v1 requirers are the fixtures' [`v1_requirer`]).
//!
//! [`v1_requirer`]: integrator_fixtures::v1_requirer

use integrator_fixtures::MODEL;

use juju_hook_testing::{Relation, databag};
use serde_json::{Value, json};

/// The configurator's app bag as recorded from the real v0 library
/// (`../shared/interop-golden/gateway_route.emit-v0.json`), with the given values.
fn wire_bag(hostname: &str, paths: &[&str], model: &str, workload: &str, port: u16) -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/interop-golden/gateway_route.emit-v0.json"
    );
    let golden: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut bag = golden["app"].clone();
    let keys: Vec<&str> = bag
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["hostname", "model", "name", "paths", "port"]);
    bag["hostname"] = json!(json!(hostname).to_string());
    bag["paths"] = json!(json!(paths).to_string());
    bag["model"] = json!(json!(model).to_string());
    bag["name"] = json!(json!(workload).to_string());
    bag["port"] = json!(port.to_string());
    bag
}

pub fn isd259(id: u64, hostname: &str, paths: &[&str], workload: &str, port: u16) -> Relation {
    isd259_in(id, hostname, paths, MODEL, workload, port)
}

pub fn isd259_in(
    id: u64,
    hostname: &str,
    paths: &[&str],
    model: &str,
    workload: &str,
    port: u16,
) -> Relation {
    let bag = wire_bag(hostname, paths, model, workload, port);
    let remote = format!("configurator-{id}");
    Relation::new("gateway-route", "gateway-route", id, remote.clone())
        .remote_app_data(
            bag.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
        )
        .remote_unit(format!("{remote}/0"), databag::<&str, &str>([]))
}
