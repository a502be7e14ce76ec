//! Every rendered object must be admitted by the Gateway API v1.6.1 CRD schemas (structural
//! schema and CEL rules) and the apiserver's core rules. The CRDs are read from
//! `$GATEWAY_API_CRDS_DIR`, by default `../shared/gateway-api-crds` beside the repository.

use integrator_fixtures::plan as plan_fixtures;

use std::sync::LazyLock;

use crd_validation::Validator;
use gateway_api_integrator::plan::Desired;
use gateway_api_integrator::state::{CharmState, Inputs};
use serde_json::{Value, json};

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gateway-api-crds");
    let dir = Validator::crds_dir_from_env(default);
    Validator::from_dir(&dir).unwrap_or_else(|err| panic!("loading CRDs from {dir:?}: {err}"))
});

fn assert_all_valid(inputs: &Inputs, label: &str) -> usize {
    let plan = Desired::compute(&CharmState::build(inputs).expect("valid inputs"));
    for desired in &plan.desired {
        if let Err(errors) = VALIDATOR.validate(&desired.object()) {
            panic!(
                "{label}: {} {} rejected:\n  {}\n{:#}",
                desired.kind,
                desired.name(),
                errors.join("\n  "),
                desired.object()
            );
        }
    }
    plan.desired.len()
}

#[test]
fn gateway_api_schemas_are_loaded() {
    for kind in ["Gateway", "HTTPRoute", "GatewayClass"] {
        assert!(
            VALIDATOR.has_schema("gateway.networking.k8s.io/v1", kind),
            "{kind}"
        );
    }
}

#[test]
fn every_ingress_case_renders_admissible_objects() {
    let mut checked = 0;
    for case in plan_fixtures::all_ingress_cases() {
        checked += assert_all_valid(&plan_fixtures::ingress_inputs(&case), &format!("{case:?}"));
    }
    // 10 valid cases, 1–5 objects each.
    assert!(checked >= 30, "only {checked} objects checked");
}

#[test]
fn long_names_render_admissible_objects() {
    let hostname = "a-rather-long-subdomain-name.of-an-even-longer-domain.example.com";
    let mut inputs = plan_fixtures::ingress_inputs(&plan_fixtures::IngressCase {
        enforce_https: true,
        tls_issued: Some(true),
        hostname: Some(hostname),
        strip_prefix: true,
    });
    if let gateway_api_integrator::state::IngressRelation::Ready(requirer) = &mut inputs.ingress[0]
    {
        requirer.app_name = "a-requirer-application-with-a-really-long-name-indeed".into();
    }
    assert_eq!(assert_all_valid(&inputs, "long names"), 5);
}

#[test]
fn gateway_route_mode_renders_admissible_objects() {
    assert_eq!(
        assert_all_valid(&plan_fixtures::gateway_route_inputs(), "gateway-route"),
        4
    );
}

fn rendered(kind: &str) -> Value {
    let inputs = plan_fixtures::ingress_inputs(&plan_fixtures::IngressCase {
        enforce_https: true,
        tls_issued: Some(true),
        hostname: Some("example.com"),
        strip_prefix: false,
    });
    let plan = Desired::compute(&CharmState::build(&inputs).unwrap());
    plan.desired
        .iter()
        .find(|object| object.object()["kind"] == kind)
        .expect("rendered")
        .object()
}

fn rejection(object: &Value) -> String {
    VALIDATOR
        .validate(object)
        .expect_err("the object must be rejected")
        .join("\n")
}

#[test]
fn duplicate_listener_names_are_rejected_by_cel() {
    let mut gateway = rendered("Gateway");
    let name = gateway["spec"]["listeners"][0]["name"].clone();
    gateway["spec"]["listeners"][1]["name"] = name;
    let errors = rejection(&gateway);
    assert!(
        errors.contains("Listener name must be unique within the Gateway"),
        "{errors}"
    );
}

#[test]
fn out_of_range_port_is_rejected_by_the_schema() {
    let mut gateway = rendered("Gateway");
    gateway["spec"]["listeners"][0]["port"] = json!(99999);
    let errors = rejection(&gateway);
    assert!(
        errors.contains("/spec/listeners/0/port") && errors.contains("65535"),
        "{errors}"
    );
}

#[test]
fn path_prefix_without_leading_slash_is_rejected_by_cel() {
    // Plain HTTP: the HTTP route forwards (rather than redirects) and has a path match.
    let inputs = plan_fixtures::ingress_inputs(&plan_fixtures::IngressCase {
        enforce_https: false,
        tls_issued: None,
        hostname: None,
        strip_prefix: false,
    });
    let plan = Desired::compute(&CharmState::build(&inputs).unwrap());
    let mut route = plan.desired.last().unwrap().object();
    assert_eq!(route["kind"], "HTTPRoute");
    route["spec"]["rules"][0]["matches"][0]["path"]["value"] = json!("testing-flask");
    let errors = rejection(&route);
    assert!(
        errors.contains("must be an absolute path and start with '/'"),
        "{errors}"
    );
}

#[test]
fn bad_core_objects_are_rejected() {
    let mut service = rendered("Service");
    service["metadata"]["name"] = json!("9-starts-with-a-digit");
    service["spec"]["ports"][0]["port"] = json!(0);
    let errors = rejection(&service);
    assert!(errors.contains("metadata.name"), "{errors}");
    assert!(errors.contains("spec.ports[0].port"), "{errors}");

    let mut secret = rendered("Secret");
    secret["data"].as_object_mut().unwrap().remove("tls.key");
    assert_eq!(rejection(&secret), "data[tls.key]: Required value");
}

#[test]
fn unknown_kinds_are_rejected() {
    let object =
        json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}});
    assert_eq!(
        rejection(&object),
        "no schema for apiVersion \"example.com/v1\" kind \"Widget\""
    );
}

#[test]
fn isd259_routes_render_admissible_objects() {
    let long_host = "a-rather-long-subdomain-name.of-an-even-longer-domain.example.com";
    let max_hosts: Vec<String> = (0..16).map(|i| format!("h{i}.example.com")).collect();
    let max_hosts: Vec<&str> = max_hosts.iter().map(String::as_str).collect();
    let max_paths: Vec<String> = (0..64).map(|i| format!("/p{i}")).collect();
    let max_paths: Vec<&str> = max_paths.iter().map(String::as_str).collect();
    let inputs = plan_fixtures::isd259_inputs(vec![
        plan_fixtures::isd259_requirer(3, &["a.example.com", "b.example.com"], &["/"], "shop", 80),
        plan_fixtures::isd259_requirer(
            4,
            &[long_host],
            &["/x", "/y"],
            "a-requirer-application-with-a-really-long-name-indeed",
            8080,
        ),
        plan_fixtures::isd259_requirer(5, &max_hosts, &max_paths, "big", 9000),
    ]);
    // Secrets and Gateway, a Service per workload, HTTP + HTTPS-per-host routes per requirer.
    assert_eq!(
        assert_all_valid(&inputs, "isd259"),
        19 + 1 + 3 + (3 + 2 + 17)
    );
}

#[test]
fn gateway_at_the_listener_limit_is_admissible() {
    // With TLS each hostname costs two listeners: 32 of the 40 hostnames fit, 64 listeners.
    let requirers = (0..40)
        .map(|i| {
            plan_fixtures::isd259_requirer(i, &[&format!("h{i:02}.example.com")], &["/"], "w", 80)
        })
        .collect();
    let inputs = plan_fixtures::isd259_inputs(requirers);
    let plan = Desired::compute(&CharmState::build(&inputs).unwrap());
    let gateway = &plan
        .desired_of(charm_cluster::Kind::Gateway)
        .next()
        .unwrap()
        .object();
    assert_eq!(gateway["spec"]["listeners"].as_array().unwrap().len(), 64);
    assert_all_valid(&inputs, "listener limit");
}
