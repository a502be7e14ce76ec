//! Admission by the Gateway API CRD schemas (only with `--features crds`).
#![cfg(feature = "crds")]

use apiserver_standin::{RecordedRequest, StandIn};
use serde_json::json;

/// The stand-in rejects what the Gateway API CRDs reject (`--features crds`).
#[test]
fn crd_validator_rejects_what_the_schema_rejects() {
    let default =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gateway-api-crds");
    let crds = crd_validation::Validator::crds_dir_from_env(default);
    let validator = apiserver_standin::crd_validator(&crds).unwrap();
    let standin = StandIn::start().unwrap();
    standin.set_validator(validator);
    let apply = |listener_name: &str| {
        let gateway = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": {"name": "gw"},
            "spec": {"gatewayClassName": "cilium",
                     "listeners": [{"name": listener_name, "port": 80, "protocol": "HTTP"}]}});
        let request = RecordedRequest::from_parts(
            "PATCH",
            "/apis/gateway.networking.k8s.io/v1/namespaces/m/gateways/gw?fieldManager=gai&force=true",
            Some("application/apply-patch+yaml"),
            gateway.to_string(),
        );
        standin.server().handle(&request)
    };
    assert_eq!(apply("http").code, 201);
    let rejected = apply("BAD_NAME");
    assert_eq!(
        (rejected.code, &rejected.body["reason"]),
        (422, &json!("Invalid"))
    );
    assert!(
        rejected.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Gateway.gateway.networking.k8s.io \"gw\" is invalid: "),
        "{}",
        rejected.body
    );
}
