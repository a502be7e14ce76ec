//! Process level: the binary against the real API server, whose admission is the CRDs'.

use super::*;
use crate::config::{bad_hostname, with_config};
use crate::gateway_route::{skipped_bad_route, v0_bag, with_bad_route};
use crate::ingress::{ingress_app, invalid_ingress};

/// Representative cases through the compiled binary on the real server: each hook exits 0 with
/// its exact status, so every object it sent was admitted (a 422 fails the hook), and at least
/// one object was sent.
#[test]
fn the_binary_never_sends_an_object_the_server_rejects() {
    let cases = vec![
        case(
            "ingress port 0",
            ingress_app("port", Some("0")),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "ingress name of 64 characters (once sent as a Service selector)",
            ingress_app(
                "name",
                Some(&json!(format!("a{}c", "-b".repeat(31))).to_string()),
            ),
            Hook::RelationChanged(INGRESS),
            invalid_ingress(),
        ),
        case(
            "external-hostname YAML injection",
            with_config("external-hostname", json!("a.com\nspec: x")),
            Hook::ConfigChanged,
            bad_hostname(
                "a.com\nspec: x",
                "it contains '\\n'; only a-z, 0-9, '-' and '.' are allowed",
            ),
        ),
        case(
            "gateway-route path //../ beside a valid sibling",
            with_bad_route(v0_bag(
                "\"bad.example.com\"",
                "[\"//a/../b\"]",
                "\"bad\"",
                "8080",
            )),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
    ];
    for Case {
        name,
        setup,
        hook,
        expected,
    } in cases
    {
        let Some(harness) = process_support::ProcessHarness::start(DISPATCH) else {
            return;
        };
        let state = setup(harness.deploy_http());
        let out = harness.run(&event_for(hook, &state), state);
        assert_eq!(out.exit_code, Some(0), "{name}: stderr {}", out.stderr);
        assert_eq!(out.state.unit_status, Some(expected), "{name}");
        let applied = harness
            .take_requests()
            .iter()
            .filter(|r| r.method == "PATCH")
            .count();
        assert!(applied > 0, "{name}: the binary sent no object");
    }
}
