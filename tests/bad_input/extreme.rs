//! Valid but extreme input: served, and every object still admissible.

use super::*;
use crate::gateway_route::{skipped_bad_route, v0_bag, with_bad_route};
use crate::ingress::{ingress_app, invalid_ingress};

/// A valid 253-character hostname (four labels of 63, 63, 63 and 61 characters).
fn longest_hostname() -> String {
    format!(
        "{}.{}.{}.{}",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(61)
    )
}

fn extreme_cases() -> Vec<Case> {
    let longest_app = json!(format!("a{}", "-b".repeat(126))).to_string();
    let longest_label_app = json!(format!("a{}", "-b".repeat(31))).to_string();
    let too_long_label_app = json!(format!("a{}", "-b".repeat(31) + "c")).to_string();
    let many_hosts: Vec<String> = (0..100).map(|i| format!("h{i}.example.com")).collect();
    let many_paths: Vec<String> = (0..100).map(|i| format!("/p{i}")).collect();
    vec![
        case(
            "ingress: 253-character external-hostname",
            |state: State| {
                state
                    .config("external-hostname", longest_hostname())
                    .relation(ingress_relation(8080))
            },
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        // Found by this corpus: a requirer name longer than 63 characters made a Service
        // selector the apiserver rejects; such names are now invalid relation data.
        case(
            "ingress: 63-character application name",
            ingress_app("name", Some(&longest_label_app)),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        case(
            "ingress: 64-character application name",
            ingress_app("name", Some(&too_long_label_app)),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "ingress: 253-character application name",
            ingress_app("name", Some(&longest_app)),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "ingress: port 65534",
            ingress_app("port", Some("65534")),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        case(
            "gateway-route v0: 253-character hostname, 63-character application name",
            with_bad_route(v0_bag(
                &json!(longest_hostname()).to_string(),
                "[\"/\"]",
                &longest_label_app,
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            active_http(""),
        ),
        case(
            "gateway-route v0: 64-character application name",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                "[\"/\"]",
                &too_long_label_app,
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
        case(
            "gateway-route v0: 1024-character path",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                &json!([format!("/{}", "a".repeat(1023))]).to_string(),
                "\"bad\"",
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            active_http(""),
        ),
        case(
            "gateway-route v0: 100 paths",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                &json!(many_paths).to_string(),
                "\"bad\"",
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
        case(
            "gateway-route v1: 100 additional hostnames",
            with_bad_route(databag([
                ("additional_hostnames", json!(many_hosts).to_string()),
                ("hostname", "\"bad.example.com\"".to_owned()),
            ])),
            Hook::RelationChanged(BAD_ROUTE),
            // Sorted, the v1 hostnames fill the Gateway's 64 listeners (the ISD259 sibling's
            // goes to a ListenerSet); the rest are named, ten at most.
            active_http(&format!(
                "{}; and 27 more (see the log)",
                [
                    "h66", "h67", "h68", "h69", "h7", "h70", "h71", "h72", "h73", "h74"
                ]
                .map(|h| format!(
                    "; {h}.example.com not served: the Gateway is at its 64-listener limit for v1 gateway-route requirers"
                ))
                .concat()
            )),
        ),
    ]
}

#[test]
fn extreme_valid_input_is_served_with_admissible_objects() {
    run_corpus(extreme_cases());
}
