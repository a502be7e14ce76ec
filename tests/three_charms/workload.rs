//! The workload speaking `ingress`: it runs no hooks, it only publishes the bags the Python
//! ingress library writes (`../shared/interop-golden/ingress_requirer.emit.json`) and looks at
//! what it receives.

use std::collections::BTreeMap;

use juju_hook::Databag;
use serde_json::Value;

/// The workload's side of the `ingress` relation: what it wrote and what it sees.
#[derive(Debug, Default)]
pub struct Workload {
    /// Its application bag.
    pub app: Databag,
    /// Its units' bags.
    pub units: BTreeMap<String, Databag>,
    /// The configurator's application bag as the workload sees it (`None`: not related).
    pub received: Option<Databag>,
}

/// The golden bags of the Python ingress requirer (`myapp` in model `m`, port 8080, two units).
pub fn golden_bags() -> (Databag, BTreeMap<String, Databag>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/interop-golden/ingress_requirer.emit.json"
    );
    let golden: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let bag = |value: &Value| -> Databag {
        value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect()
    };
    let units = golden["units"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(unit, data)| (unit.clone(), bag(data)))
        .collect();
    (bag(&golden["app"]), units)
}
