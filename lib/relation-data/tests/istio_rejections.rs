//! One rejection test per `istio_ingress_route` validation rule of the config's structure
//! (top level, listeners, routes, backends, hostnames, matches): the error names the relation,
//! the bag, the field path inside `config` and the reason. Filters and the provider bag are in
//! `istio_filter_rejections.rs`.

mod common;
mod istio_support;

use istio_support::rejection::{NOT_INT_TEXT, err_text, err_with, error, range, wrong};
use relation_data::Reason;
use relation_data::databag::MAX_VALUE_LEN;
use serde_json::{Value, json};

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
