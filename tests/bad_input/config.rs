//! Bad config: every malformed option ends in an exact status.

use super::*;

pub(crate) fn with_config(key: &'static str, value: Value) -> impl Fn(State) -> State {
    move |state| state.config(key, value.clone())
}

pub(crate) fn bad_hostname(value: &str, reason: &str) -> Status {
    blocked(format!(
        "invalid configuration: external-hostname {value:?} is not a valid hostname: {reason}"
    ))
}

fn config_cases() -> Vec<Case> {
    let hostname = |name, value: &str, reason: &str| {
        case(
            name,
            with_config("external-hostname", json!(value)),
            Hook::ConfigChanged,
            bad_hostname(value, reason),
        )
    };
    let long = format!("{}.com", "a.".repeat(125));
    let class = |name, value: &str| {
        case(
            name,
            with_config("gateway-class", json!(value)),
            Hook::ConfigChanged,
            blocked("Gateway class must be one of: [cilium]"),
        )
    };
    vec![
        hostname("hostname uppercase", "Example.COM", "it must be lowercase"),
        hostname(
            "hostname wildcard",
            "*.example.com",
            "wildcards are not supported",
        ),
        hostname("hostname IPv4", "10.0.0.1", "IP addresses are not allowed"),
        hostname("hostname IPv6", "::1", "IP addresses are not allowed"),
        hostname(
            "hostname trailing dot",
            "example.com.",
            "it has an empty label",
        ),
        hostname(
            "hostname 254 chars",
            &long,
            "it is longer than 253 characters",
        ),
        hostname(
            "hostname IDN",
            "bücher.example",
            "it contains 'ü'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname control char",
            "a\u{7}.example.com",
            "it contains '\\u{7}'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname YAML injection",
            "a.com\nspec: x",
            "it contains '\\n'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname spaces",
            "a b.example.com",
            "it contains ' '; only a-z, 0-9, '-' and '.' are allowed",
        ),
        hostname(
            "hostname label 64 chars",
            &format!("{}.com", "a".repeat(64)),
            "a label is longer than 63 characters",
        ),
        hostname(
            "hostname leading hyphen",
            "-a.example.com",
            "a label starts or ends with '-'",
        ),
        hostname(
            "hostname path",
            "a.com/../b",
            "it contains '/'; only a-z, 0-9, '-' and '.' are allowed",
        ),
        class("gateway-class empty", ""),
        class("gateway-class unknown", "nginx"),
        class("gateway-class 300 chars", &"c".repeat(300)),
        class("gateway-class injection", "cilium\nkind: Secret"),
        case(
            "hsts-max-age negative",
            with_config("hsts-max-age", json!(-1)),
            Hook::ConfigChanged,
            blocked("invalid configuration: hsts-max-age must be 0 or more"),
        ),
        case(
            "hsts-max-age i64::MAX",
            with_config("hsts-max-age", json!(i64::MAX)),
            Hook::ConfigChanged,
            active_http(""),
        ),
        case(
            "hsts-max-age u64::MAX",
            with_config("hsts-max-age", json!(u64::MAX)),
            Hook::ConfigChanged,
            active_http(""),
        ),
        case(
            "hsts-max-age string",
            with_config("hsts-max-age", json!("31536000")),
            Hook::ConfigChanged,
            blocked("invalid configuration: hsts-max-age must be an integer"),
        ),
        case(
            "hsts-max-age float",
            with_config("hsts-max-age", json!(1.5)),
            Hook::ConfigChanged,
            blocked("invalid configuration: hsts-max-age must be an integer"),
        ),
        case(
            "enforce-https string",
            with_config("enforce-https", json!("false")),
            Hook::ConfigChanged,
            blocked("invalid configuration: enforce-https must be a boolean"),
        ),
        case(
            "external-hostname number",
            with_config("external-hostname", json!(42)),
            Hook::ConfigChanged,
            blocked("invalid configuration: external-hostname must be a string"),
        ),
        case(
            "unknown option",
            with_config("no-such-option", json!("x")),
            Hook::ConfigChanged,
            active_http(""),
        ),
    ]
}

#[test]
fn bad_config_ends_in_an_exact_status() {
    run_corpus(config_cases());
}
