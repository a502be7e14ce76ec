use super::*;
use crate::state::{IngressUnit, RelationRef};

fn isd259(id: u64, hosts: &[&str], paths: &[&str]) -> GatewayRouteRequirer {
    GatewayRouteRequirer {
        relation_id: id,
        hostname: hosts.first().map(|h| (*h).to_owned()),
        additional_hostnames: hosts.iter().skip(1).map(|h| (*h).to_owned()).collect(),
        route: Some(RouteRequest {
            application: format!("app{id}"),
            port: 8080,
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
        }),
    }
}

fn v1(id: u64, host: Option<&str>) -> GatewayRouteRequirer {
    GatewayRouteRequirer {
        relation_id: id,
        hostname: host.map(str::to_owned),
        additional_hostnames: vec![],
        route: None,
    }
}

fn ingress(id: u64, model: &str, app: &str, ips: &[Option<&str>]) -> IngressRequirer {
    IngressRequirer {
        relation_id: id,
        remote_app: app.to_owned(),
        app_name: app.to_owned(),
        model: model.to_owned(),
        port: 8080,
        strip_prefix: false,
        redirect_https: false,
        units: ips
            .iter()
            .enumerate()
            .map(|(n, ip)| IngressUnit {
                name: format!("{app}/{n}"),
                ip: ip.map(|ip| ip.parse().unwrap()),
            })
            .collect(),
        scheme: relation_data::ingress::Scheme::Http,
    }
}

fn resolve_with(
    external_hostname: Option<&str>,
    ingress: &[IngressRequirer],
    routes: &[GatewayRouteRequirer],
    certificates_related: bool,
    ip_listener: bool,
) -> Routing {
    resolve(&RoutingInputs {
        model: "m",
        external_hostname,
        ingress,
        gateway_route: routes,
        certificates_related,
        ip_listener,
        istio: &[],
        istio_tls: false,
        subdomains: Subdomains::Off,
    })
}

fn relation(endpoint: &'static str, id: u64) -> RelationRef {
    RelationRef { endpoint, id }
}

#[test]
fn lowest_relation_id_wins_a_contested_hostname_and_path() {
    // Given in reverse order: the order of the input does not matter.
    let requirers = [
        isd259(9, &["b.com", "a.com"], &["/x"]),
        isd259(4, &["a.com"], &["/x", "/y"]),
        isd259(6, &["a.com"], &["/z"]),
    ];
    let routing = resolve_with(None, &[], &requirers, false, false);
    assert_eq!(
        routing
            .routes
            .iter()
            .map(|r| r.relation_id)
            .collect::<Vec<_>>(),
        vec![4, 6]
    );
    assert_eq!(
        routing.issues,
        vec![RoutingIssue::Conflict {
            loser: relation("gateway-route", 9),
            winner: relation("gateway-route", 4),
            hostname: Some("a.com".into()),
            port: None,
            path: "/x".into()
        }]
    );
    // The loser's other hostname gets no listener either.
    assert_eq!(routing.hostnames, BTreeSet::from(["a.com".to_owned()]));
    assert!(!routing.bare_listener);
    assert_eq!(
        routing.issues[0].to_string(),
        "gateway-route:9 not routed: a.com/x is taken by gateway-route:4"
    );
}

#[test]
fn a_collision_across_interfaces_goes_to_the_lowest_relation_id() {
    // Ingress app `shop` of model `m` under www.example.com claims /m-shop, as does ISD259
    // requirer 5 on the same hostname: the ingress relation (3) came first.
    let apps = [ingress(3, "m", "shop", &[None])];
    let routes = [isd259(5, &["www.example.com"], &["/m-shop", "/other"])];
    let routing = resolve_with(Some("www.example.com"), &apps, &routes, false, false);
    assert_eq!(routing.ingress.len(), 1);
    assert!(routing.routes.is_empty());
    assert_eq!(
        routing.issues[0].to_string(),
        "gateway-route:5 not routed: www.example.com/m-shop is taken by gateway:3"
    );
    // The other way round (the route requirer related first), the ingress app loses.
    let apps = [ingress(8, "m", "shop", &[None])];
    let routing = resolve_with(Some("www.example.com"), &apps, &routes, false, false);
    assert!(routing.ingress.is_empty());
    assert_eq!(routing.routes.len(), 1);
    assert_eq!(
        routing.issues[0].to_string(),
        "gateway:8 not routed: www.example.com/m-shop is taken by gateway-route:5"
    );
}

#[test]
fn ingress_prefixes_that_coincide_collide() {
    // Model `a-b` app `c` and model `a` app `b-c` both publish /a-b-c.
    let apps = [
        ingress(4, "a", "b-c", &[Some("10.1.0.4")]),
        ingress(2, "a-b", "c", &[Some("10.1.0.2")]),
    ];
    let routing = resolve_with(None, &apps, &[], false, false);
    assert_eq!(routing.ingress.len(), 1);
    assert_eq!(routing.ingress[0].requirer.relation_id, 2);
    assert_eq!(
        routing.issues,
        vec![RoutingIssue::Conflict {
            loser: relation("gateway", 4),
            winner: relation("gateway", 2),
            hostname: None,
            port: None,
            path: "/a-b-c".into(),
        }]
    );
    assert_eq!(
        routing.issues[0].to_string(),
        "gateway:4 not routed: /a-b-c is taken by gateway:2"
    );
}

#[test]
fn many_ingress_apps_add_no_listener() {
    let apps: Vec<IngressRequirer> = (0..100)
        .map(|i| ingress(10 + i, "m", &format!("app{i}"), &[None]))
        .collect();
    let with_hostname = resolve_with(Some("www.example.com"), &apps, &[], true, false);
    assert_eq!(with_hostname.ingress.len(), 100);
    assert_eq!(
        with_hostname.hostnames,
        BTreeSet::from(["www.example.com".to_owned()])
    );
    assert!(!with_hostname.bare_listener);
    let without = resolve_with(None, &apps, &[], false, false);
    assert!(without.hostnames.is_empty());
    assert!(without.bare_listener);
    assert!(without.issues.is_empty());
}

#[test]
fn cross_model_apps_are_served_by_their_units_addresses() {
    let apps = [
        ingress(3, "m", "local", &[None]),
        ingress(
            4,
            "other",
            "remote",
            &[Some("10.9.0.2"), None, Some("10.9.0.1")],
        ),
    ];
    let routing = resolve_with(Some("www.example.com"), &apps, &[], false, false);
    assert_eq!(routing.ingress[0].endpoints, None);
    assert_eq!(
        routing.ingress[1].endpoints,
        Some(vec![
            "10.9.0.1".parse().unwrap(),
            "10.9.0.2".parse().unwrap()
        ])
    );
    assert_eq!(
        routing.issues,
        vec![RoutingIssue::UnitWithoutAddress {
            relation: relation("gateway", 4),
            unit: "remote/1".into(),
        }]
    );
    assert_eq!(
        routing.issues[0].to_string(),
        "remote/1 (gateway:4) not served: it published no ip"
    );
}

#[test]
fn only_v1_hostnames_are_limited_to_the_gateways_listeners() {
    // 40 ISD259 hostnames with TLS need 80 listeners: all served (the rest go to
    // ListenerSets).
    let mut requirers: Vec<GatewayRouteRequirer> = (0..40)
        .map(|i| isd259(i + 10, &[&format!("h{:02}.com", 39 - i)], &["/"]))
        .collect();
    requirers.push(v1(1, Some("late.com")));
    requirers.push(v1(2, None));
    let routing = resolve_with(None, &[], &requirers, true, true);
    assert!(routing.bare_listener);
    assert_eq!(routing.hostnames.len(), 41);
    assert_eq!(routing.issues, []);
    assert_eq!(
        routing.v1_hostnames,
        BTreeSet::from(["late.com".to_owned()])
    );
    assert_eq!(routing.routes.len(), 40);

    // v1 requirers attach to the Gateway's own listeners: with TLS and the hostname-less pair,
    // 31 of their hostnames fit; the others are named.
    let requirers: Vec<GatewayRouteRequirer> = (0..40)
        .map(|i| v1(i + 10, Some(&format!("v{i:02}.com"))))
        .chain([v1(2, None)])
        .collect();
    let routing = resolve_with(None, &[], &requirers, true, true);
    assert_eq!(routing.v1_hostnames.len(), 31);
    let left_out: Vec<String> = routing.issues.iter().map(ToString::to_string).collect();
    assert_eq!(left_out.len(), 9);
    assert_eq!(
        left_out[0],
        "v31.com not served: the Gateway is at its 64-listener limit for v1 gateway-route requirers"
    );
}

#[test]
fn external_hostname_takes_its_listeners_first() {
    let requirers: Vec<GatewayRouteRequirer> = (0..64)
        .map(|i| v1(i, Some(&format!("h{i:02}.com"))))
        .collect();
    let routing = resolve_with(Some("www.example.com"), &[], &requirers, false, false);
    assert_eq!(routing.hostnames.len(), 64);
    assert!(routing.hostnames.contains("www.example.com"));
    assert_eq!(
        routing.issues,
        vec![RoutingIssue::ListenerLimit {
            hostname: "h63.com".into()
        }]
    );
}

#[test]
fn an_isd259_requirer_is_served_past_the_gateways_listeners() {
    let mut requirers: Vec<GatewayRouteRequirer> = (0..63)
        .map(|i| v1(i, Some(&format!("h{i:02}.com"))))
        .collect();
    requirers.push(isd259(100, &["main.com", "extra.com"], &["/"]));
    let routing = resolve_with(None, &[], &requirers, false, false);
    assert_eq!(
        routing.routes[0].hostnames,
        vec!["main.com".to_owned(), "extra.com".to_owned()]
    );
    assert_eq!(routing.issues, []);
    assert_eq!(routing.v1_hostnames.len(), 63);
}

#[test]
fn nothing_related_still_listens_without_hostname() {
    let routing = resolve_with(None, &[], &[], false, false);
    assert!(routing.bare_listener);
    assert!(routing.hostnames.is_empty());
    let routing = resolve_with(Some("www.example.com"), &[], &[], false, false);
    assert!(!routing.bare_listener);
}

#[test]
fn hostnames_whose_listener_names_collide_serve_the_first_only() {
    let routing = resolve_with(
        Some("a-b.example.com"),
        &[],
        &[v1(4, Some("a.b.example.com")), v1(5, Some("c.example.com"))],
        false,
        false,
    );
    assert_eq!(
        routing.hostnames.iter().collect::<Vec<_>>(),
        ["a-b.example.com", "c.example.com"]
    );
    assert_eq!(
        routing.issues,
        [RoutingIssue::ListenerNameTaken {
            hostname: "a.b.example.com".into(),
            taken_by: "a-b.example.com".into(),
        }]
    );
    assert_eq!(
        routing.issues[0].to_string(),
        "a.b.example.com not served: its listener name is the one of a-b.example.com"
    );
}
