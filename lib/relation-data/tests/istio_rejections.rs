//! One rejection test per `istio_ingress_route` validation rule (the library's pydantic
//! models): the error names the relation, the bag, the field path inside `config` and the
//! reason. Each case starts from the real library's full bag (`istio_route.emit-full.json`)
//! and breaks one field.

mod common;

use common::{app_bag, bag_of};
use relation_data::databag::MAX_VALUE_LEN;
use relation_data::istio_ingress_route::{IstioIngressRouteProviderData, IstioIngressRouteRequest};
use relation_data::{BagOwner, Reason, RelationDataError};
use serde_json::{Value, json};

const REL: &str = "istio-ingress-route:4";

/// The full golden config as a JSON value.
fn full() -> Value {
    serde_json::from_str(&app_bag("istio_route.emit-full.json")["config"]).unwrap()
}

/// The error for `config` text.
fn err_text(config: &str) -> RelationDataError {
    IstioIngressRouteRequest::read(REL, &bag_of(&[("config", config)]))
        .expect_err("the bag must be rejected")
}

/// `full()` with the member at JSON pointer `parent` + `/name` set to `value` (or removed when
/// `value` is `None`), read back: the error.
fn err_with(parent: &str, name: &str, value: Option<Value>) -> RelationDataError {
    let mut config = full();
    let object = config
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"));
    match value {
        Some(value) => object.insert(name.to_owned(), value),
        None => object.remove(name),
    };
    err_text(&config.to_string())
}

fn error(key: &str, reason: Reason) -> RelationDataError {
    RelationDataError {
        relation: REL.to_owned(),
        owner: BagOwner::App,
        key: key.to_owned(),
        reason,
    }
}

fn wrong(expected: &'static str, found: &'static str) -> Reason {
    Reason::WrongType { expected, found }
}

fn range(min: i64, max: u64) -> Reason {
    Reason::OutOfRange { min, max }
}

const NOT_INT_TEXT: Reason = Reason::WrongType {
    expected: "an integer",
    found: "a string that is not an integer",
};

#[test]
fn config_must_be_a_json_object() {
    assert_eq!(
        err_text("{"),
        error(
            "config",
            Reason::InvalidJson("EOF while parsing an object at line 1 column 1".to_owned())
        )
    );
    assert_eq!(
        err_text("null"),
        error("config", wrong("an object", "null"))
    );
    assert_eq!(
        err_text("[]"),
        error("config", wrong("an object", "a list"))
    );
    let huge = format!(r#"{{"model":"{}"}}"#, "m".repeat(MAX_VALUE_LEN));
    assert_eq!(
        err_text(&huge),
        error("config", Reason::TooLong { max: MAX_VALUE_LEN })
    );
}

#[test]
fn model_is_a_required_string() {
    assert_eq!(
        err_with("", "model", None),
        error("config.model", Reason::Missing)
    );
    assert_eq!(
        err_with("", "model", Some(json!(1))),
        error("config.model", wrong("a string", "an integer"))
    );
}

#[test]
fn top_level_lists_may_be_absent_but_not_null() {
    for name in ["listeners", "http_routes", "grpc_routes"] {
        assert_eq!(
            err_with("", name, Some(Value::Null)),
            error(&format!("config.{name}"), wrong("a list", "null"))
        );
    }
}

#[test]
fn listener_port_and_protocol() {
    let at = "config.listeners[1]";
    assert_eq!(
        err_with("/listeners/1", "port", None),
        error(&format!("{at}.port"), Reason::Missing)
    );
    for port in [json!(0), json!(65536), json!(-1), json!(false)] {
        assert_eq!(
            err_with("/listeners/1", "port", Some(port)),
            error(&format!("{at}.port"), range(1, 65535))
        );
    }
    assert_eq!(
        err_with("/listeners/1", "port", Some(json!(80.5))),
        error(
            &format!("{at}.port"),
            wrong("an integer", "a decimal number")
        )
    );
    assert_eq!(
        err_with("/listeners/1", "port", Some(json!("0x50"))),
        error(&format!("{at}.port"), NOT_INT_TEXT)
    );
    let allowed: &[&str] = &["HTTP", "GRPC"];
    for protocol in [json!("grpc"), json!("TCP"), Value::Null] {
        assert_eq!(
            err_with("/listeners/1", "protocol", Some(protocol)),
            error(&format!("{at}.protocol"), Reason::NotOneOf { allowed })
        );
    }
    assert_eq!(
        err_text(r#"{"model":"m","listeners":[1]}"#),
        error("config.listeners[0]", wrong("an object", "an integer"))
    );
}

#[test]
fn route_required_fields() {
    for (routes, name) in [
        ("http_routes", "name"),
        ("http_routes", "listener"),
        ("http_routes", "backends"),
        ("grpc_routes", "name"),
        ("grpc_routes", "listener"),
        ("grpc_routes", "backends"),
    ] {
        assert_eq!(
            err_with(&format!("/{routes}/0"), name, None),
            error(&format!("config.{routes}[0].{name}"), Reason::Missing)
        );
    }
    assert_eq!(
        err_with("/http_routes/0/listener", "port", Some(json!(70000))),
        error("config.http_routes[0].listener.port", range(1, 65535))
    );
}

#[test]
fn backend_service_port_and_weight() {
    let at = "config.http_routes[0].backends[0]";
    let parent = "/http_routes/0/backends/0";
    assert_eq!(
        err_with(parent, "service", Some(json!(7))),
        error(&format!("{at}.service"), wrong("a string", "an integer"))
    );
    assert_eq!(
        err_with(parent, "port", Some(json!(0))),
        error(&format!("{at}.port"), range(1, 65535))
    );
    for weight in [json!(0), json!(101), json!("101")] {
        assert_eq!(
            err_with(parent, "weight", Some(weight)),
            error(&format!("{at}.weight"), range(1, 100))
        );
    }
    assert_eq!(
        err_with("/grpc_routes/0", "backends", Some(json!({}))),
        error(
            "config.grpc_routes[0].backends",
            wrong("a list", "an object")
        )
    );
}

#[test]
fn hostnames_are_a_list_of_strings() {
    assert_eq!(
        err_with("/http_routes/0", "hostnames", Some(json!("a.example.com"))),
        error(
            "config.http_routes[0].hostnames",
            wrong("a list", "a string")
        )
    );
    assert_eq!(
        err_with("/grpc_routes/0", "hostnames", Some(json!(["a", 1]))),
        error(
            "config.grpc_routes[0].hostnames[1]",
            wrong("a string", "an integer")
        )
    );
}

#[test]
fn http_match_headers_path_and_method() {
    let at = "config.http_routes[0].matches[0]";
    let parent = "/http_routes/0/matches/0";
    assert_eq!(
        err_with("/http_routes/0", "matches", Some(json!([[]]))),
        error(at, wrong("an object", "a list"))
    );
    assert_eq!(
        err_with(parent, "headers", Some(json!(["x"]))),
        error(&format!("{at}.headers"), wrong("an object", "a list"))
    );
    assert_eq!(
        err_with(parent, "headers", Some(json!({"x-tenant": 1}))),
        error(
            &format!("{at}.headers.x-tenant"),
            wrong("a string", "an integer")
        )
    );
    assert_eq!(
        err_with(&format!("{parent}/path"), "type", Some(json!("Prefix"))),
        error(
            &format!("{at}.path.type"),
            Reason::NotOneOf {
                allowed: &["Exact", "PathPrefix", "RegularExpression"]
            }
        )
    );
    assert_eq!(
        err_with(&format!("{parent}/path"), "value", None),
        error(&format!("{at}.path.value"), Reason::Missing)
    );
    assert_eq!(
        err_with(parent, "method", Some(json!("get"))),
        error(
            &format!("{at}.method"),
            Reason::NotOneOf {
                allowed: &[
                    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE"
                ]
            }
        )
    );
}

#[test]
fn grpc_match_method() {
    let at = "config.grpc_routes[0].matches[0].method";
    let parent = "/grpc_routes/0/matches/0";
    assert_eq!(
        err_with(parent, "method", Some(json!("myapp.MyService/GetData"))),
        error(at, wrong("an object", "a string"))
    );
    assert_eq!(
        err_with(&format!("{parent}/method"), "service", None),
        error(&format!("{at}.service"), Reason::Missing)
    );
    assert_eq!(
        err_with(
            &format!("{parent}/method"),
            "method",
            Some(json!(["GetData"]))
        ),
        error(&format!("{at}.method"), wrong("a string", "a list"))
    );
}

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
