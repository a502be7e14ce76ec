//! The Gateway's address, whatever its form: a load balancer's hostname, an IPv6 or an IPv4
//! address, in the ingress URL and in the DNS record (CNAME, AAAA, A).

use charm_cluster::InMemoryCluster;
use integrator_fixtures::{self as support, APP, cluster, leader_state, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{Relation, State, databag};
use serde_json::{Value, json};

use crate::{HOST, bag};

/// Deploy with `flask` and a dns-record relation, no external-hostname unless `hostname`, the
/// Gateway reporting `address`.
fn served_at(address: &str, hostname: Option<&str>) -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .relation(support::ingress_relation(8080))
        .relation(Relation::new("dns-record", "dns_record", 9, "bind"));
    if let Some(hostname) = hostname {
        state = state.config("external-hostname", hostname);
    }
    state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, address));
    (step(Event::UpdateStatus, state, &mut cluster), cluster)
}

fn dns_entry(state: &State, field: &str) -> Value {
    let entries: Value =
        serde_json::from_str(&bag(state, 9)["dns_entries"]).expect("dns_entries JSON");
    entries[0][field].clone()
}

#[test]
fn a_load_balancer_hostname_or_an_ipv6_address_is_served() {
    for (address, url_host, record_type) in [
        ("a1b2.elb.amazonaws.com", "a1b2.elb.amazonaws.com", "CNAME"),
        ("2001:db8::7", "[2001:db8::7]", "AAAA"),
        ("10.0.0.7", "10.0.0.7", "A"),
    ] {
        let (state, _) = served_at(address, None);
        assert_eq!(
            state.unit_status,
            Some(Status::Active(format!(
                "Gateway addresses: {address} (enforce-https is set to false)"
            ))),
            "{address}"
        );
        assert_eq!(
            bag(&state, 3),
            databag([(
                "ingress",
                format!("{{\"url\": \"http://{url_host}/testing-flask\"}}")
            )]),
            "{address}"
        );
        let (state, _) = served_at(address, Some(HOST));
        assert_eq!(
            dns_entry(&state, "record_type"),
            json!(record_type),
            "{address}"
        );
        assert_eq!(
            dns_entry(&state, "record_data"),
            json!(address),
            "{address}"
        );
        assert_eq!(dns_entry(&state, "domain"), json!(HOST), "{address}");
    }
}
