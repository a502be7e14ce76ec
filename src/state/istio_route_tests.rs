use integrator_fixtures::golden;
use relation_data::istio_ingress_route::IstioIngressRouteRequest;
use serde_json::{Value, json};

use super::*;
use crate::state::IstioClaim;

/// The real library's full example (HTTP + gRPC listeners, PathPrefix + GET + header match,
/// URLRewrite, RequestRedirect, weights, hostnames) as its requirer wrote it.
fn full_example() -> Value {
    let bag = golden::app_bag("istio_route.emit-full.json");
    serde_json::from_str(&bag["config"]).unwrap()
}

fn requirer(config: &Value) -> Result<IstioRouteRequirer, String> {
    let bag = [("config".to_owned(), config.to_string())].into();
    let request = IstioIngressRouteRequest::read("istio-ingress-route:5", &bag)
        .map_err(|e| e.to_string())?
        .expect("a config");
    IstioRouteRequirer::new(5, "myapp", request)
}

fn with(path: &str, value: Value) -> Value {
    let mut config = full_example();
    *config.pointer_mut(path).unwrap_or_else(|| panic!("{path}")) = value;
    config
}

#[test]
fn the_librarys_full_example_is_valid_and_claims_its_matches() {
    let requirer = requirer(&full_example()).unwrap();
    assert_eq!(requirer.ports(), [3200, 9096].into());
    assert_eq!(
        requirer.claims(),
        [
            IstioClaim {
                port: 3200,
                hostname: Some("myapp.example.com".into()),
                grpc: false,
                matcher: "/api GET [x-tenant=blue]".into(),
            },
            IstioClaim {
                port: 9096,
                hostname: None,
                grpc: true,
                matcher: "grpc myapp.MyService/GetData [x-tenant=blue]".into(),
            },
        ]
    );
}

#[test]
fn what_the_gateway_api_refuses_skips_the_relation_naming_the_field() {
    let cases = [
        (
            "/model",
            json!("Not_A_Namespace"),
            "model: it must be lowercase letters, digits and single hyphens, as Juju names are",
        ),
        (
            "/http_routes/0/name",
            json!("Route One"),
            "http_routes[0].name: \"Route One\" must be lowercase letters, digits and '-' (a DNS label of at most 63 characters)",
        ),
        (
            "/http_routes/0/listener/port",
            json!(8080),
            "http_routes[0].listener: http-8080 is not among the listeners asked for",
        ),
        (
            "/http_routes/0/backends",
            json!([]),
            "http_routes[0].backends: 0 backends, 1 to 16 are supported",
        ),
        (
            "/http_routes/0/backends/0/service",
            json!("My.Service"),
            "http_routes[0].backends[0].service: \"My.Service\" is not a Service name (lowercase letters, digits and '-', starting with a letter, at most 63)",
        ),
        (
            "/http_routes/0/hostnames/0",
            json!("10.0.0.1"),
            "http_routes[0].hostnames[0]: IP addresses are not allowed",
        ),
        (
            "/http_routes/0/matches/0/path/value",
            json!("api"),
            "http_routes[0].matches[0].path.value: it must start with '/'",
        ),
        (
            "/http_routes/0/matches/0/path/value",
            json!("/a//b"),
            "http_routes[0].matches[0].path.value: it must not contain \"//\"",
        ),
        (
            "/http_routes/0/matches/0/headers",
            json!({"x tenant": "blue"}),
            "http_routes[0].matches[0].headers: \"x tenant\" is not a header name",
        ),
        (
            "/http_routes/0/matches/0/headers",
            json!({"x-tenant": ""}),
            "http_routes[0].matches[0].headers.x-tenant: the value must have 1 to 4096 characters",
        ),
        (
            "/http_routes/0/filters/0/urlRewrite/hostname",
            json!("*.example.com"),
            "http_routes[0].filters[0].hostname: wildcards are not supported",
        ),
        (
            "/grpc_routes/0/matches/0/method/service",
            json!("my-app.Service"),
            "grpc_routes[0].matches[0].method.service: \"my-app.Service\" is not a gRPC service name",
        ),
        (
            "/grpc_routes/0/matches/0/method/method",
            json!("Get/Data"),
            "grpc_routes[0].matches[0].method.method: \"Get/Data\" is not a gRPC method name",
        ),
    ];
    for (path, value, reason) in cases {
        assert_eq!(
            requirer(&with(path, value)),
            Err(reason.to_owned()),
            "{path}"
        );
    }
}

#[test]
fn filters_must_be_expressible() {
    let redirect = json!({"requestRedirect": {"scheme": "https", "hostname": null, "path": null,
                                              "port": null, "statusCode": 301},
                          "type": "RequestRedirect"});
    let rewrite = full_example()["http_routes"][0]["filters"][0].clone();
    let both = with("/http_routes/0/filters", json!([rewrite, redirect]));
    assert_eq!(
        requirer(&both),
        Err(
            "http_routes[0].filters: at most one URLRewrite or one RequestRedirect, not both"
                .into()
        )
    );
    let mut bad_code = redirect.clone();
    bad_code["requestRedirect"]["statusCode"] = json!(418);
    assert_eq!(
        requirer(&with("/http_routes/0/filters", json!([bad_code]))),
        Err(
            "http_routes[0].filters[0].statusCode: 418 is not one of 301, 302, 303, 307, 308"
                .into()
        )
    );
    let mut scheme = redirect.clone();
    scheme["requestRedirect"]["scheme"] = json!("ftp");
    assert_eq!(
        requirer(&with("/http_routes/0/filters", json!([scheme]))),
        Err("http_routes[0].filters[0].scheme: \"ftp\" is not http or https".into())
    );
    // ReplacePrefixMatch needs exactly one PathPrefix match.
    let exact = with(
        "/http_routes/0/matches/0/path",
        json!({"type": "Exact", "value": "/api"}),
    );
    assert_eq!(
        requirer(&exact),
        Err(
            "http_routes[0].filters[0]: ReplacePrefixMatch needs exactly one match, a PathPrefix"
                .into()
        )
    );
    // A regular expression is passed on as written (the controller decides).
    let mut regex = with(
        "/http_routes/0/matches/0/path",
        json!({"type": "RegularExpression", "value": "^/api/v[0-9]+$"}),
    );
    regex["http_routes"][0]["filters"] = Value::Null;
    assert!(requirer(&regex).is_ok());
}

#[test]
fn one_requirer_may_not_claim_a_match_twice_or_mix_protocols_on_a_listener() {
    let mut twice = full_example();
    let mut copy = twice["http_routes"][0].clone();
    copy["name"] = json!("copy");
    twice["http_routes"].as_array_mut().unwrap().push(copy);
    assert_eq!(
        requirer(&twice),
        Err("two routes on port 3200 match /api GET [x-tenant=blue]".into())
    );
    let mut mixed = full_example();
    mixed["grpc_routes"][0]["listener"] = json!({"port": 3200, "protocol": "HTTP"});
    mixed["grpc_routes"][0]["hostnames"] = json!(["myapp.example.com"]);
    assert_eq!(
        requirer(&mixed),
        Err("HTTP and gRPC routes share port 3200 and hostname myapp.example.com: the Gateway API serves only the HTTP ones".into())
    );
}
