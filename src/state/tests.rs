use std::net::Ipv4Addr;

use serde_json::json;

use super::*;

fn requirer() -> IngressRequirer {
    IngressRequirer {
        relation_id: 3,
        remote_app: "flask".into(),
        app_name: "flask".into(),
        model: "testing".into(),
        port: 8080,
        strip_prefix: false,
        redirect_https: false,
        units: vec![IngressUnit {
            name: "flask/0".into(),
            ip: None,
        }],
        scheme: relation_data::ingress::Scheme::Http,
    }
}

fn address() -> GatewayAddress {
    GatewayAddress::Ready(Address::Ip(Ipv4Addr::new(10, 0, 0, 1).into()))
}

fn tls(common_name: &str) -> (String, TlsMaterial) {
    (
        common_name.to_owned(),
        TlsMaterial::from_provider("CERT", &[], "KEY"),
    )
}

/// Ingress mode, certificates issued for example.com, Gateway at 10.0.0.1: valid.
fn valid_ingress() -> Inputs {
    Inputs {
        app_name: "gai".into(),
        model_name: "testing".into(),
        config: json!({"gateway-class": "cilium", "external-hostname": "example.com"})
            .as_object()
            .cloned()
            .unwrap(),
        gateway_classes: vec!["cilium".into(), "ck-gateway".into()],
        ingress: vec![IngressRelation::Ready(requirer())],
        gateway_route: GatewayRouteRelations::default(),
        istio: Vec::new(),
        certificates: CertificatesInput {
            related: true,
            issued: [tls("example.com")].into(),
        },
        gateway_address: address(),
        ..Inputs::default()
    }
}

fn set(inputs: &mut Inputs, option: &str, value: serde_json::Value) {
    inputs.config.insert(option.to_owned(), value);
}

fn error(inputs: &Inputs) -> String {
    CharmState::build(inputs).unwrap_err().to_string()
}

#[test]
fn valid_ingress_inputs_give_the_full_state() {
    let state = CharmState::build(&valid_ingress()).unwrap();
    assert_eq!(
        state,
        CharmState {
            app_name: "gai".into(),
            namespace: "testing".into(),
            config: CharmConfig {
                external_hostname: Some("example.com".into()),
                gateway_class: Some("cilium".into()),
                enforce_https: true,
                hsts_max_age: 31_536_000,
                ..CharmConfig::default()
            },
            gateway_class: "cilium".into(),
            routing: Routing {
                hostnames: ["example.com".to_owned()].into(),
                bare_listener: false,
                ingress: vec![ServedIngress {
                    requirer: requirer(),
                    endpoints: None,
                    hostname: None,
                }],
                routes: vec![],
                v1: vec![],
                issues: vec![],
                ..Routing::default()
            },
            awaiting_ingress: vec![],
            certificates_related: true,
            requires_ip_certificate: false,
            tls: TlsState::Ready([tls("example.com")].into()),
            gateway_address: address(),
            external_certificates: Default::default(),
            relation_targets: [CertificateTarget::Dns("example.com".into())].into(),
            backend_tls: BackendTls {
                ca_certificates: BTreeSet::new(),
                policy_served: true,
            },
        }
    );
    assert_eq!(
        state.certificate_targets(),
        [CertificateTarget::Dns("example.com".into())].into()
    );
}

#[test]
fn enforce_https_needs_the_certificates_relation() {
    let mut inputs = valid_ingress();
    inputs.certificates = CertificatesInput::default();
    assert_eq!(
        error(&inputs),
        "Certificates relation is needed if enforce-https is enabled."
    );
    assert_eq!(
        CharmState::build(&inputs).unwrap_err().status(),
        Status::Blocked("Certificates relation is needed if enforce-https is enabled.".into())
    );
}

#[test]
fn ingress_and_gateway_route_are_served_together() {
    let mut inputs = valid_ingress();
    inputs.gateway_route = GatewayRouteRelations {
        relation_count: 1,
        requirers: vec![GatewayRouteRequirer {
            relation_id: 4,
            hostname: Some("b.example.com".into()),
            additional_hostnames: vec![],
            route: None,
        }],
    };
    inputs.certificates.issued.extend([tls("b.example.com")]);
    let state = CharmState::build(&inputs).unwrap();
    assert_eq!(state.routing.ingress.len(), 1);
    assert_eq!(state.routing.v1, vec![4]);
    assert_eq!(
        state.hostnames(),
        &["b.example.com".to_owned(), "example.com".to_owned()].into()
    );
}

#[test]
fn gateway_class_must_exist_in_the_cluster() {
    let mut inputs = valid_ingress();
    set(&mut inputs, "gateway-class", json!("nope"));
    assert_eq!(
        error(&inputs),
        "Gateway class must be one of: [cilium,ck-gateway]"
    );
    inputs.config.remove("gateway-class");
    assert_eq!(
        error(&inputs),
        "Gateway class must be one of: [cilium,ck-gateway]"
    );
    inputs.gateway_classes.clear();
    assert_eq!(
        CharmState::build(&inputs).unwrap_err(),
        StateError::GatewayClassUnavailable { available: vec![] }
    );
    assert_eq!(error(&inputs), "Gateway class must be one of: []");
}

#[test]
fn ingress_with_certificates_needs_external_hostname() {
    let mut inputs = valid_ingress();
    inputs.config.remove("external-hostname");
    assert_eq!(
        error(&inputs),
        "external-hostname must be set in when related to ingress and certificates"
    );
}

#[test]
fn a_bad_external_hostname_blocks_instead_of_crashing() {
    let mut inputs = valid_ingress();
    set(&mut inputs, "external-hostname", json!("*.example.com"));
    assert_eq!(
        error(&inputs),
        "invalid configuration: external-hostname \"*.example.com\" is not a valid hostname: \
         wildcards are not supported"
    );
}

#[test]
fn ingress_awaiting_data_is_named_and_not_served() {
    let mut inputs = valid_ingress();
    inputs.ingress = vec![IngressRelation::AwaitingData { relation_id: 3 }];
    let state = CharmState::build(&inputs).unwrap();
    assert_eq!(state.awaiting_ingress, vec![3]);
    assert!(state.routing.ingress.is_empty());
    assert_eq!(state.hostnames(), &["example.com".to_owned()].into());
}

#[test]
fn inactive_mode_serves_the_external_hostname_before_any_relation() {
    let mut inputs = valid_ingress();
    inputs.ingress = Vec::new();
    let state = CharmState::build(&inputs).unwrap();
    assert_eq!(state.hostnames(), &["example.com".to_owned()].into());
    assert!(!state.routing.bare_listener);
    assert_eq!(
        state.certificate_targets(),
        [CertificateTarget::Dns("example.com".into())].into()
    );
    assert_eq!(state.tls, TlsState::Ready([tls("example.com")].into()));

    inputs.config.remove("external-hostname");
    let state = CharmState::build(&inputs).unwrap();
    assert!(state.hostnames().is_empty());
    assert!(state.routing.bare_listener);
    assert!(state.certificate_targets().is_empty());
    assert_eq!(state.tls, TlsState::Ready(Default::default()));
}

#[test]
fn gateway_route_hostnames_and_ip_certificate() {
    let mut inputs = valid_ingress();
    inputs.ingress = Vec::new();
    inputs.config.remove("external-hostname");
    inputs.gateway_route = GatewayRouteRelations {
        relation_count: 3,
        requirers: vec![
            GatewayRouteRequirer {
                relation_id: 4,
                hostname: Some("b.example.com".into()),
                additional_hostnames: vec!["a.example.com".into()],
                route: None,
            },
            GatewayRouteRequirer {
                relation_id: 5,
                hostname: None,
                additional_hostnames: vec![],
                route: None,
            },
        ],
    };
    inputs.certificates.issued = [tls("a.example.com"), tls("b.example.com")].into();
    let state = CharmState::build(&inputs).unwrap();
    assert_eq!(
        state.hostnames(),
        &["a.example.com".to_owned(), "b.example.com".to_owned()].into()
    );
    assert!(state.routing.bare_listener);
    assert!(state.requires_ip_certificate);
    assert_eq!(
        state.certificate_targets(),
        [
            CertificateTarget::Dns("a.example.com".into()),
            CertificateTarget::Dns("b.example.com".into()),
            CertificateTarget::Ip(Ipv4Addr::new(10, 0, 0, 1).into()),
        ]
        .into()
    );
    assert_eq!(
        state.tls,
        TlsState::Pending {
            missing: vec!["10.0.0.1".into()],
            issued: [tls("a.example.com"), tls("b.example.com")].into(),
        }
    );

    inputs.certificates.issued.extend([tls("10.0.0.1")]);
    let state = CharmState::build(&inputs).unwrap();
    assert_eq!(
        state.tls.ready().unwrap().keys().collect::<Vec<_>>(),
        ["10.0.0.1", "a.example.com", "b.example.com"]
    );
}

#[test]
fn no_ip_certificate_without_certificates_relation() {
    let mut inputs = valid_ingress();
    inputs.ingress = Vec::new();
    inputs.config.remove("external-hostname");
    set(&mut inputs, "enforce-https", json!(false));
    inputs.certificates = CertificatesInput::default();
    inputs.gateway_route = GatewayRouteRelations {
        relation_count: 1,
        requirers: vec![GatewayRouteRequirer {
            relation_id: 4,
            hostname: None,
            additional_hostnames: vec![],
            route: None,
        }],
    };
    let state = CharmState::build(&inputs).unwrap();
    assert!(!state.requires_ip_certificate);
    assert!(state.certificate_targets().is_empty());
    assert_eq!(state.tls, TlsState::NotRelated);
}

#[test]
fn the_ip_certificate_follows_the_address_type() {
    let mut inputs = valid_ingress();
    inputs.ingress = Vec::new();
    inputs.config.remove("external-hostname");
    inputs.gateway_route = GatewayRouteRelations {
        relation_count: 1,
        requirers: vec![GatewayRouteRequirer {
            relation_id: 4,
            hostname: None,
            additional_hostnames: vec![],
            route: None,
        }],
    };
    let v6: std::net::IpAddr = "2001:db8::7".parse().unwrap();
    inputs.gateway_address = GatewayAddress::Ready(Address::Ip(v6));
    let state = CharmState::build(&inputs).unwrap();
    assert!(state.requires_ip_certificate);
    assert_eq!(
        state.certificate_targets(),
        [CertificateTarget::Ip(v6)].into()
    );
    // A load balancer's hostname gets no IP certificate (there is no IP to certify).
    inputs.gateway_address = GatewayAddress::Ready(Address::Hostname("lb.example.com".into()));
    let state = CharmState::build(&inputs).unwrap();
    assert!(state.certificate_targets().is_empty());
}
