//! A hostname and path asked for over both interfaces: the first relation (ingress) gets it,
//! the later ISD259 requirer gets nothing and is named in the status.

use charm_cluster::Kind;
use integrator_fixtures::objects::names;
use integrator_fixtures::{APP, MODEL};
use juju_hook::Status;
use juju_hook_testing::databag;

use crate::requirers::{ingress, isd259};
use crate::{ADDRESS, HOST, bag, deployed_with};

#[test]
fn a_collision_across_interfaces_goes_to_the_first_relation() {
    // The ingress app `shop` of `testing` owns www.example.com/testing-shop (relation 3); an
    // ISD259 requirer asking for the same hostname and path later (relation 7) gets nothing.
    let app = ingress(3, MODEL, "shop", &["10.1.0.3"]);
    let late = isd259(7, HOST, "[\"/testing-shop\", \"/extra\"]", "other");
    let (state, cluster) = deployed_with(vec![app, late]);
    assert_eq!(
        bag(&state, 3),
        databag([(
            "ingress",
            format!("{{\"url\": \"http://{HOST}/testing-shop\"}}")
        )])
    );
    assert_eq!(bag(&state, 7), databag::<&str, &str>([]));
    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        [format!("{APP}-shop-3-http")]
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false); \
             gateway-route:7 not routed: {HOST}/testing-shop is taken by gateway:3"
        )))
    );
}
