use super::*;
use serde_json::json;

fn parse(value: Value) -> Result<CharmConfig, ConfigError> {
    CharmConfig::from_juju(value.as_object().expect("object"))
}

#[test]
fn empty_config_takes_the_defaults() {
    assert_eq!(parse(json!({})), Ok(CharmConfig::default()));
    assert_eq!(
        CharmConfig::default(),
        CharmConfig {
            external_hostname: None,
            gateway_class: None,
            enforce_https: true,
            hsts_max_age: 31_536_000,
            infrastructure_labels: BTreeMap::new(),
            infrastructure_annotations: BTreeMap::new(),
            allowed_route_namespaces: AllowedRouteNamespaces::All,
            cert_manager_issuer: None,
            tls_secret_name: None,
            routing_mode: RoutingMode::Path,
        }
    );
}

#[test]
fn every_option_is_read() {
    let config = json!({
        "external-hostname": "www.example.com",
        "gateway-class": "cilium",
        "enforce-https": false,
        "hsts-max-age": 0,
    });
    assert_eq!(
        parse(config),
        Ok(CharmConfig {
            external_hostname: Some("www.example.com".into()),
            gateway_class: Some("cilium".into()),
            enforce_https: false,
            hsts_max_age: 0,
            ..CharmConfig::default()
        })
    );
}

#[test]
fn empty_strings_are_unset() {
    let config = parse(json!({"external-hostname": "", "gateway-class": ""})).unwrap();
    assert_eq!(config.external_hostname, None);
    assert_eq!(config.gateway_class, None);
}

#[test]
fn a_bad_hostname_is_a_status_ready_error() {
    let err = parse(json!({"external-hostname": "Example.COM"})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid configuration: external-hostname \"Example.COM\" is not a valid hostname: \
         it must be lowercase"
    );
    assert!(matches!(
        parse(json!({"external-hostname": "10.0.0.1"})),
        Err(ConfigError::InvalidHostname { .. })
    ));
}

#[test]
fn wrong_types_are_rejected() {
    assert_eq!(
        parse(json!({"enforce-https": "yes"}))
            .unwrap_err()
            .to_string(),
        "invalid configuration: enforce-https must be a boolean"
    );
    assert_eq!(
        parse(json!({"hsts-max-age": "1"})),
        Err(ConfigError::WrongType {
            option: "hsts-max-age",
            expected: "an integer"
        })
    );
    assert_eq!(
        parse(json!({"hsts-max-age": 1.5})),
        Err(ConfigError::WrongType {
            option: "hsts-max-age",
            expected: "an integer"
        })
    );
    assert_eq!(
        parse(json!({"gateway-class": 3})),
        Err(ConfigError::WrongType {
            option: "gateway-class",
            expected: "a string"
        })
    );
}

#[test]
fn negative_hsts_max_age_is_rejected() {
    assert_eq!(
        parse(json!({"hsts-max-age": -1})).unwrap_err().to_string(),
        "invalid configuration: hsts-max-age must be 0 or more"
    );
}

#[test]
fn infrastructure_and_route_namespaces_are_read_and_checked() {
    let config = parse(json!({
        "gateway-infrastructure-labels": "team=web,example.com/tier=front",
        "gateway-infrastructure-annotations": "service.beta.kubernetes.io/aws-load-balancer-scheme=internet-facing",
        "allowed-route-namespaces": "same",
    }))
    .unwrap();
    assert_eq!(
        config.infrastructure_labels,
        BTreeMap::from([
            ("example.com/tier".to_owned(), "front".to_owned()),
            ("team".to_owned(), "web".to_owned()),
        ])
    );
    assert_eq!(
        config.infrastructure_annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"],
        "internet-facing"
    );
    assert_eq!(
        config.allowed_route_namespaces,
        AllowedRouteNamespaces::Same
    );
    assert_eq!(
        parse(json!({"gateway-infrastructure-labels": "team=web app"}))
            .unwrap_err()
            .to_string(),
        "invalid configuration: gateway-infrastructure-labels: the value \"web app\" of \"team\" \
         is not a valid label value: it must start and end with a letter or digit and contain \
         only letters, digits, '-', '_' and '.'"
    );
    assert_eq!(
        parse(json!({"allowed-route-namespaces": "mine"}))
            .unwrap_err()
            .to_string(),
        "invalid configuration: allowed-route-namespaces: \"mine\" is not key=value"
    );
}
