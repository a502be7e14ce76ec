//! What the tests expect: the statuses' messages, our `ingress` bag once served, and the
//! hook-tool calls of a hook that writes one bag.

use juju_hook::Status;

/// The hook-tool calls of a hook that reads both relations (the event names one, so one
/// `relation-list`) and writes one bag.
pub const ONE_WRITE_CALLS: [(&str, u64); 7] = [
    ("config-get", 1),
    ("is-leader", 1),
    ("relation-get", 4),
    ("relation-ids", 2),
    ("relation-list", 1),
    ("relation-set", 1),
    ("status-set", 1),
];

/// Blocked with `message`.
pub fn blocked(message: &str) -> Option<Status> {
    Some(Status::Blocked(message.to_owned()))
}

pub const MISSING_INGRESS: &str = "Missing 'ingress' relation: run `juju integrate \
                                   gateway-route-configurator:ingress <workload>`";
pub const MISSING_ROUTE: &str = "Missing 'gateway-route' relation: run `juju integrate \
                                 gateway-route-configurator:gateway-route gateway-api-integrator`";
pub const WAITING_ENDPOINTS: &str = "Waiting for the integrator to answer the route request (if this lasts, its status says why: Blocked, waiting for a certificate, or the route is taken)";
/// The integrator's answer is to the request this hook replaced.
pub fn waiting_reroute(hostname: &str) -> String {
    format!(
        "Waiting for the integrator to route {hostname}: its answer is for the previous request"
    )
}
pub const SERVING: &str = "Serving https://myapp.example.com/a";
/// What our `ingress` app bag holds once served: the first path's URL.
pub const INGRESS_URL_BAG: &[(&str, &str)] =
    &[("ingress", "{\"url\": \"https://myapp.example.com/a\"}")];
