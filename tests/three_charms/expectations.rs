//! What the sequence expects: the Service and HTTPRoute of the seed's example, the bags each
//! party writes (v0 wire format, byte-exact), and the charms' statuses.

use charm_cluster::Kind;
use integrator_fixtures::APP;
use integrator_fixtures::objects::{names, rendered};
use juju_hook::Status;
use serde_json::{Value, json};

use crate::juju::Juju;
use crate::{ADDRESS, MODEL, ROUTE_ID, WORKLOAD};

const LABEL: &str = "gateway-api-integrator.charm.juju.is/managed-by";
/// The label naming the one relation an object serves.
const RELATION: &str = "gateway-api-integrator.charm.juju.is/relation";

fn service_name() -> String {
    format!("{APP}-{WORKLOAD}-service")
}

fn route_name() -> String {
    format!("{APP}-{WORKLOAD}-{ROUTE_ID}-http")
}

fn expected_service(port: u16) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": service_name(), "namespace": MODEL,
                     "labels": {LABEL: APP, RELATION: format!("gateway-route.{ROUTE_ID}")}},
        "spec": {
            "ports": [{"name": format!("tcp-{port}"), "port": port, "targetPort": port}],
            "selector": {"app.kubernetes.io/name": WORKLOAD},
        },
    })
}

fn expected_route(paths: &[&str], port: u16) -> Value {
    let matches: Vec<Value> = paths
        .iter()
        .map(|path| json!({"path": {"type": "PathPrefix", "value": path}}))
        .collect();
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": route_name(), "namespace": MODEL,
                     "labels": {LABEL: APP, RELATION: format!("gateway-route.{ROUTE_ID}")}},
        "spec": {
            "hostnames": ["myapp.com"],
            "parentRefs": [{
                "name": APP,
                "namespace": MODEL,
                "sectionName": format!("{APP}-http-myapp-com"),
            }],
            "rules": [{
                "matches": matches,
                "backendRefs": [{"name": service_name(), "port": port}],
            }],
        },
    })
}

/// The objects serving the workload are exactly the seed's Service and HTTPRoute.
pub fn assert_objects(juju: &Juju, paths: &[&str], port: u16) {
    assert_eq!(names(&juju.cluster, Kind::Service), vec![service_name()]);
    assert_eq!(
        rendered(&juju.cluster, Kind::Service, &service_name()),
        expected_service(port)
    );
    assert_eq!(names(&juju.cluster, Kind::HttpRoute), vec![route_name()]);
    assert_eq!(
        rendered(&juju.cluster, Kind::HttpRoute, &route_name()),
        expected_route(paths, port)
    );
}

/// The configurator's `gateway-route` request bag (v0 wire format).
pub fn request_bag(paths: &str, port: &str) -> Value {
    json!({
        "hostname": "\"myapp.com\"",
        "model": "\"m\"",
        "name": "\"myapp\"",
        "paths": paths,
        "port": port,
    })
}

pub fn workload_bags(port: &str) -> Value {
    json!({"ingress:1": {
        "app": {"model": "\"m\"", "name": "\"myapp\"", "port": port},
        "units": {
            "myapp/0": {
                "host": "\"myapp-0.myapp-endpoints.m.svc.cluster.local\"",
                "ip": "\"192.0.2.0\"",
            },
            "myapp/1": {
                "host": "\"myapp-1.myapp-endpoints.m.svc.cluster.local\"",
                "ip": "\"192.0.2.1\"",
            },
        },
    }})
}

pub fn integrator_active() -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
    )))
}

pub fn blocked(message: &str) -> Option<Status> {
    Some(Status::Blocked(message.to_owned()))
}

pub const MISSING_INGRESS: &str = "Missing 'ingress' relation: run `juju integrate \
                                   gateway-route-configurator:ingress <workload>`";
pub const MISSING_ROUTE: &str = "Missing 'gateway-route' relation: run `juju integrate \
                                 gateway-route-configurator:gateway-route gateway-api-integrator`";
