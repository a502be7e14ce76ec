//! DNS records (`dns-record` relation) are asked for every served hostname in every mode that
//! has hostnames, once the Gateway has its address; an empty list clears them.

use integrator_fixtures as support;

use charm_cluster::InMemoryCluster;
use juju_hook::Event;
use juju_hook_testing::{Relation, State, databag};
use relation_data::dns_record::DnsRecordRequest;
use relation_data::validate;
use support::{APP, MODEL, cluster, ingress_relation, leader_state, step};

const DNS: u64 = 9;
const ADDRESS: &str = "10.0.0.7";

fn dns_relation() -> Relation {
    Relation::new("dns-record", "dns_record", DNS, "bind")
}

/// `dns_entries` as the charm publishes it for `hostnames` at [`ADDRESS`].
fn entries(hostnames: &[&str]) -> String {
    let hostnames: Vec<validate::Hostname> = hostnames
        .iter()
        .map(|h| validate::hostname(h).unwrap())
        .collect();
    DnsRecordRequest::for_hostnames(&hostnames, ADDRESS.parse().unwrap()).to_databag()
        ["dns_entries"]
        .clone()
}

/// Deploy over plain HTTP with `extra`, give the Gateway its address, and return our bag on
/// the dns-record relation.
fn published(extra: impl Fn(State) -> State) -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let state = extra(
        leader_state()
            .config("gateway-class", "cilium")
            .config("enforce-https", false)
            .relation(dns_relation()),
    );
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(
        state.get_relation(DNS).unwrap().local_app_data.is_empty(),
        "nothing before the address is known"
    );
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    (step(Event::UpdateStatus, state, &mut cluster), cluster)
}

fn dns_entries(state: &State) -> Option<&String> {
    state
        .get_relation(DNS)
        .unwrap()
        .local_app_data
        .get("dns_entries")
}

#[test]
fn the_exact_bag_matches_the_python_library() {
    let (state, _) = published(|s| s.config("external-hostname", "example.com"));
    // The bytes of the golden `dns_record.emit.json`, with our address (uuid =
    // Python `uuid5(UUID("f8f206da-a7f8-4206-b044-30be3724a09d"), "example.com 10.0.0.7")`).
    assert_eq!(
        dns_entries(&state).map(String::as_str),
        Some(
            "[{\"domain\": \"example.com\", \"host_label\": \"@\", \"ttl\": 600, \
             \"record_class\": \"IN\", \"record_type\": \"A\", \"record_data\": \"10.0.0.7\", \
             \"uuid\": \"d234edd9-2e23-5a70-9eb3-2f12c2b86363\"}]"
        )
    );
}

#[test]
fn every_mode_with_hostnames_asks_for_records() {
    type Setup = Box<dyn Fn(State) -> State>;
    let cases: Vec<(&str, Setup, Vec<&str>)> = vec![
        (
            "no relation yet, external-hostname",
            Box::new(|s| s.config("external-hostname", "www.example.com")),
            vec!["www.example.com"],
        ),
        (
            "ingress, external-hostname",
            Box::new(|s| {
                s.config("external-hostname", "www.example.com")
                    .relation(ingress_relation(8080))
            }),
            vec!["www.example.com"],
        ),
        (
            "gateway-route v1",
            Box::new(|s| {
                s.relation(
                    Relation::new("gateway-route", "gateway-route", 5, "blog").remote_app_data(
                        databag([
                            ("additional_hostnames", "[\"www.blog.example.com\"]"),
                            ("hostname", "\"blog.example.com\""),
                        ]),
                    ),
                )
            }),
            vec!["blog.example.com", "www.blog.example.com"],
        ),
        (
            "gateway-route ISD259",
            Box::new(|s| {
                s.relation(
                    Relation::new("gateway-route", "gateway-route", 6, "configurator")
                        .remote_app_data(databag([
                            ("hostname", "\"shop.example.com\"".to_owned()),
                            ("model", format!("\"{MODEL}\"")),
                            ("name", "\"shop\"".to_owned()),
                            ("port", "8080".to_owned()),
                        ])),
                )
            }),
            vec!["shop.example.com"],
        ),
    ];
    for (name, setup, hostnames) in cases {
        let (state, _) = published(setup);
        assert_eq!(dns_entries(&state), Some(&entries(&hostnames)), "{name}");
    }
}

#[test]
fn unsetting_the_last_hostname_clears_the_records() {
    let (state, mut cluster) = published(|s| s.config("external-hostname", "example.com"));
    assert!(dns_entries(&state).is_some());
    let mut state = state;
    state.config.remove("external-hostname");
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(dns_entries(&state).map(String::as_str), Some("[]"));
}
