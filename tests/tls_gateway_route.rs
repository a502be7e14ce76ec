//! TLS in gateway-route mode: one CSR per requirer hostname plus an IP-SAN CSR for the gateway
//! address when a v1 requirer gives no hostname; HTTPS listeners only for targets whose
//! certificate arrived, the rest of the gateway keeps working meanwhile.

use integrator_fixtures as support;
use integrator_fixtures::ca as test_ca;
use integrator_fixtures::tls as tls_support;

use std::net::{IpAddr, Ipv4Addr};

use charm_cluster::Kind;
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, databag};
use support::{APP, cluster, leader_state};
use test_ca::TestCa;
use tls_support::*;

fn v1(id: u64, hostname: Option<&str>) -> Relation {
    let remote = format!("v1-requirer-{id}");
    let hostname = match hostname {
        Some(hostname) => format!("\"{hostname}\""),
        None => "null".to_owned(),
    };
    Relation::new("gateway-route", "gateway-route", id, remote.clone())
        .remote_app_data(databag([
            ("additional_hostnames", "[]".to_owned()),
            ("hostname", hostname),
        ]))
        .remote_unit(format!("{remote}/0"), databag::<&str, &str>([]))
}

#[test]
fn hostname_and_ip_certificates_are_served_as_they_arrive() {
    let ca = TestCa::new();
    let mut cluster = cluster();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .secret(key_secret())
        .relation(v1(11, Some("a.example.com")))
        .relation(v1(12, None));
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let state = state.relation(certificates_relation());
    let state = step(
        Event::relation_created(&certificates_relation()),
        state,
        &mut cluster,
    );

    // One CSR per target: the hostname, then the gateway IP (CN and IP SAN).
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 2);
    let ip: Ipv4Addr = ADDRESS.parse().unwrap();
    assert!(csr(&csrs[0]).is_request_for(
        &charm_tls::CertificateTarget::Dns("a.example.com".into()),
        &key(),
        true
    ));
    let ip_csr = csr(&csrs[1]);
    assert!(ip_csr.is_request_for(
        &charm_tls::CertificateTarget::Ip(IpAddr::V4(ip)),
        &key(),
        true
    ));
    assert_eq!(ip_csr.common_name(), Some(ADDRESS));
    assert_eq!(ip_csr.ip_addresses(), [IpAddr::V4(ip)]);
    assert_eq!(
        state.unit_status,
        Some(waiting_for(&format!("a.example.com, {ADDRESS}")))
    );
    // Plain HTTP keeps working meanwhile.
    assert!(cluster.object(Kind::Gateway, APP).is_some());
    assert!(https_listeners(&cluster).is_empty());

    // Only the hostname's certificate arrives: its listener and Secret, still waiting for the IP.
    let host_entry = issued(&ca, &csrs[0], day(-1), day(89));
    let state = with_provider(state, vec![host_entry.clone()]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    assert_eq!(
        https_listeners(&cluster),
        vec![(
            format!("{APP}-https-a-example-com"),
            "a.example.com".to_owned(),
            format!("{APP}-secret-a.example.com"),
        )]
    );
    assert_eq!(
        secret_names(&cluster),
        vec![format!("{APP}-secret-a.example.com")]
    );
    assert_eq!(state.unit_status, Some(waiting_for(ADDRESS)));

    // The IP certificate arrives: a hostname-less HTTPS listener with the IP's Secret; Active.
    let ip_entry = issued(&ca, &csrs[1], day(-1), day(89));
    let state = with_provider(state, vec![host_entry, ip_entry.clone()]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    let mut listeners = https_listeners(&cluster);
    listeners.sort();
    let ip_listener = listeners
        .iter()
        .find(|(_, hostname, _)| hostname.is_empty())
        .expect("an HTTPS listener without hostname for the IP");
    assert_eq!(ip_listener.2, format!("{APP}-secret-{ADDRESS}"));
    assert_eq!(listeners.len(), 2);
    assert_eq!(
        tls_secret(&cluster, ADDRESS),
        Some((
            format!("{}\n\n{}", ip_entry.certificate, ca.pem()),
            key_pem()
        ))
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
        )))
    );
}
