//! One rejection test per `istio_ingress_route` rule on filters (URLRewrite, RequestRedirect,
//! path modifiers, the gRPC filter) and on the provider bag, plus the error's display.

mod common;
mod istio_support;

use common::bag_of;
use istio_support::rejection::{REL, err_with, error, range, wrong};
use relation_data::Reason;
use relation_data::databag::MAX_VALUE_LEN;
use relation_data::istio_ingress_route::IstioIngressRouteProviderData;
use serde_json::{Value, json};

#[test]
fn http_filter_must_be_a_url_rewrite_or_a_request_redirect() {
    let at = "config.http_routes[0].filters[0]";
    let neither = |found| wrong(r#"an object with "urlRewrite" or "requestRedirect""#, found);
    assert_eq!(
        err_with(
            "/http_routes/0",
            "filters",
            Some(json!([{"type": "URLRewrite"}]))
        ),
        error(at, neither("an object with neither"))
    );
    assert_eq!(
        err_with("/http_routes/0", "filters", Some(json!(["URLRewrite"]))),
        error(at, neither("a string"))
    );
    // The member present explains the failure.
    assert_eq!(
        err_with("/http_routes/0/filters/0", "urlRewrite", Some(Value::Null)),
        error(&format!("{at}.urlRewrite"), wrong("an object", "null"))
    );
    assert_eq!(
        err_with(
            "/http_routes/0",
            "filters",
            Some(json!([{"requestRedirect": {"port": 0}}]))
        ),
        error(&format!("{at}.requestRedirect.port"), range(1, 65535))
    );
    // Both present and both invalid: URLRewrite's fault, as pydantic lists it first.
    assert_eq!(
        err_with(
            "/http_routes/0",
            "filters",
            Some(json!([{"requestRedirect": {"port": 0}, "urlRewrite": {"hostname": 1}}]))
        ),
        error(
            &format!("{at}.urlRewrite.hostname"),
            wrong("a string", "an integer")
        )
    );
}

#[test]
fn path_modifier_forms() {
    let at = "config.http_routes[0].filters[0].urlRewrite.path";
    let parent = "/http_routes/0/filters/0/urlRewrite";
    let allowed: &[&str] = &["ReplaceFullPath", "ReplacePrefixMatch"];
    assert_eq!(
        err_with(parent, "path", Some(json!({"value": "/v"}))),
        error(&format!("{at}.type"), Reason::Missing)
    );
    assert_eq!(
        err_with(parent, "path", Some(json!({"type": "ReplaceFullPath"}))),
        error(&format!("{at}.value"), Reason::Missing)
    );
    assert_eq!(
        err_with(
            parent,
            "path",
            Some(json!({"type": "Bad", "replacePrefixMatch": "/"}))
        ),
        error(&format!("{at}.type"), Reason::NotOneOf { allowed })
    );
    assert_eq!(
        err_with(
            parent,
            "path",
            Some(json!({"type": null, "replaceFullPath": "/"}))
        ),
        error(&format!("{at}.type"), Reason::NotOneOf { allowed })
    );
    assert_eq!(
        err_with(parent, "path", Some(json!({"replacePrefixMatch": null}))),
        error(
            &format!("{at}.replacePrefixMatch"),
            wrong("a string", "null")
        )
    );
    assert_eq!(
        err_with(parent, "path", Some(json!("/"))),
        error(at, wrong("an object", "a string"))
    );
}

#[test]
fn request_redirect_fields() {
    let at = "config.grpc_routes[0].filters[0].requestRedirect";
    let parent = "/grpc_routes/0/filters/0/requestRedirect";
    assert_eq!(
        err_with(parent, "statusCode", Some(Value::Null)),
        error(&format!("{at}.statusCode"), wrong("an integer", "null"))
    );
    assert_eq!(
        err_with(parent, "statusCode", Some(json!(301.5))),
        error(
            &format!("{at}.statusCode"),
            wrong("an integer", "a decimal number")
        )
    );
    assert_eq!(
        err_with(parent, "statusCode", Some(json!(1e19))),
        error(
            &format!("{at}.statusCode"),
            range(i64::MIN, i64::MAX as u64)
        )
    );
    assert_eq!(
        err_with(parent, "port", Some(json!(65536))),
        error(&format!("{at}.port"), range(1, 65535))
    );
    for (name, value, found) in [
        ("scheme", json!(1), "an integer"),
        ("hostname", json!(true), "a boolean"),
    ] {
        assert_eq!(
            err_with(parent, name, Some(value)),
            error(&format!("{at}.{name}"), wrong("a string", found))
        );
    }
}

#[test]
fn grpc_filter_must_be_a_request_redirect() {
    assert_eq!(
        err_with(
            "/grpc_routes/0",
            "filters",
            Some(json!([{"urlRewrite": {"hostname": "h"}, "type": "URLRewrite"}]))
        ),
        error(
            "config.grpc_routes[0].filters[0].requestRedirect",
            Reason::Missing
        )
    );
}

#[test]
fn errors_display_relation_bag_path_and_reason() {
    let err = err_with("/http_routes/0/backends/0", "weight", Some(json!(0)));
    assert_eq!(
        err.to_string(),
        r#"istio-ingress-route:4 application data: "config.http_routes[0].backends[0].weight" must be between 1 and 100"#
    );
}

#[test]
fn provider_tls_enabled_is_the_python_bool_spelling() {
    for tls in ["true", "1", ""] {
        let bag = bag_of(&[("external_host", "gw.example.com"), ("tls_enabled", tls)]);
        assert_eq!(
            IstioIngressRouteProviderData::read(REL, &bag),
            Err(error(
                "tls_enabled",
                Reason::NotOneOf {
                    allowed: &["True", "False"]
                }
            ))
        );
    }
    let bag = bag_of(&[("external_host", &"h".repeat(MAX_VALUE_LEN + 1))]);
    assert_eq!(
        IstioIngressRouteProviderData::read(REL, &bag),
        Err(error(
            "external_host",
            Reason::TooLong { max: MAX_VALUE_LEN }
        ))
    );
}
