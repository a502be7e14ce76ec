//! Requirers that are not served: a hostname and path another relation has, invalid data (a
//! cross-model workload, a port that is not one). Each is named in the status; the rest is
//! served.

use integrator_fixtures::objects::{listener_names, names};
use integrator_fixtures::{APP, cluster, step};

use charm_cluster::Kind;
use juju_hook::Event;
use juju_hook_testing::EventExt;

use crate::requirers::{isd259, isd259_in};
use crate::{active_with, endpoints, ready, with_relations};

#[test]
fn conflicting_hostname_and_path_goes_to_the_lowest_relation_id() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let first = isd259(3, "myapp.com", &["/foo"], "alpha", 8080);
    let second = isd259(8, "myapp.com", &["/bar", "/foo"], "beta", 9090);
    // The loser had endpoints before (stale): they are cleared, not left behind.
    let second = second.local_app_data([("endpoints", "[\"http://myapp.com/bar\"]")]);
    let state = with_relations(state, &[first.clone(), second.clone()]);
    let state = step(Event::relation_changed(&second, None), state, &mut cluster);

    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        vec![format!("{APP}-alpha-3-http")]
    );
    assert_eq!(
        names(&cluster, Kind::Service),
        vec![format!("{APP}-alpha-service")]
    );
    assert_eq!(
        endpoints(&state, 3),
        Some(vec!["http://myapp.com/foo".to_owned()])
    );
    assert_eq!(endpoints(&state, 8), None);
    assert_eq!(
        state.unit_status,
        active_with("; gateway-route:8 not routed: myapp.com/foo is taken by gateway-route:3")
    );
}

#[test]
fn invalid_requirers_are_skipped_and_named_the_rest_is_served() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let good = isd259(3, "good.example.com", &["/"], "good", 8080);
    let cross_model = isd259_in(4, "other.example.com", &["/"], "elsewhere", "w", 80);
    let mut broken = isd259(5, "broken.example.com", &["/"], "broken", 80);
    broken
        .remote_app_data
        .insert("port".into(), "\"not a port\"".into());
    let state = with_relations(state, &[good, cross_model, broken.clone()]);
    let state = step(Event::relation_changed(&broken, None), state, &mut cluster);

    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        vec![format!("{APP}-good-3-http")]
    );
    assert_eq!(
        listener_names(&cluster),
        vec![format!("{APP}-http-good-example-com")]
    );
    assert_eq!(
        endpoints(&state, 3),
        Some(vec!["http://good.example.com/".to_owned()])
    );
    assert_eq!(endpoints(&state, 4), None);
    assert_eq!(endpoints(&state, 5), None);
    assert_eq!(
        state.unit_status,
        active_with("; ignoring invalid data on gateway-route:4, gateway-route:5")
    );
}
