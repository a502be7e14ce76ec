//! Objects written exactly the way the Python charm (lightkube, `field_manager=<app>`) wrote
//! them, per `../shared/research/anchor-charm.md` §2:
//!
//! * every object was first created with `POST …?fieldManager=<app>` (the server records an
//!   `Update` entry of `<app>`);
//! * the Gateway was then patched on every reconcile with a JSON merge patch
//!   (`application/merge-patch+json`, `?fieldManager=<app>`): the charm passed `force=True`,
//!   but lightkube sends `force` only for apply patches (the server refuses it on a merge patch
//!   with 422 "force: Forbidden: may not be specified for non-apply patch");
//! * HTTPRoutes, Secrets and Services were then server-side applied with `force=true` (an
//!   `Apply` entry of `<app>` beside the `Update` one). Secrets carried `stringData`.

use kube_test_env::{Resource, TestNamespace};
use serde_json::{Value, json};

use crate::APP;

/// The object with `metadata.namespace` set, as lightkube's resources carry it.
fn in_namespace(ns: &TestNamespace, object: &Value) -> Value {
    let mut object = object.clone();
    object["metadata"]["namespace"] = json!(ns.name());
    object
}

/// The Gateway as created by one reconcile and merge-patched by the next.
pub fn gateway(ns: &TestNamespace, gateway: &Value) -> Value {
    let gateway = in_namespace(ns, gateway);
    ns.create(Resource::GATEWAYS, &gateway, APP).unwrap();
    ns.merge_patch(Resource::GATEWAYS, APP, &gateway, APP)
        .unwrap()
}

/// An object created by one reconcile and server-side applied (forced) by the next.
pub fn created_then_applied(ns: &TestNamespace, resource: Resource, object: &Value) -> Value {
    let object = in_namespace(ns, object);
    ns.create(resource, &object, APP).unwrap();
    ns.apply(resource, &object, APP, true).unwrap()
}

/// The TLS Secret with `stringData`, created then applied.
pub fn secret(ns: &TestNamespace, name: &str, entries: &[(&str, &str)]) -> Value {
    let string_data: serde_json::Map<String, Value> = entries
        .iter()
        .map(|(key, value)| ((*key).to_owned(), json!(value)))
        .collect();
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
        "metadata": {"name": name, "labels": crate::labels()}, "stringData": string_data});
    created_then_applied(ns, Resource::SECRETS, &secret)
}
