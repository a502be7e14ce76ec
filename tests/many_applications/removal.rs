//! Removing one application (of this model or another) removes only its objects and leaves
//! the other relations' bags as they were.

use charm_cluster::Kind;
use integrator_fixtures::objects::names;
use integrator_fixtures::{APP, step};
use juju_hook::Event;
use juju_hook_testing::EventExt;

use crate::{bag, deployed};

#[test]
fn removing_one_application_removes_only_its_objects() {
    let (state, mut cluster) = deployed();
    let before = |kind| names(&cluster, kind);
    let (routes, services, slices) = (
        before(Kind::HttpRoute),
        before(Kind::Service),
        before(Kind::EndpointSlice),
    );
    for (id, app) in [(4_u64, "blog"), (5, "remote")] {
        let mut cluster = cluster.clone();
        let relation = state.get_relation(id).unwrap().clone();
        let mut after = step(
            Event::relation_broken(&relation),
            state.clone(),
            &mut cluster,
        );
        after.relations.retain(|r| r.id != id);
        let gone = |names: &[String]| -> Vec<String> {
            names
                .iter()
                .filter(|name| !name.contains(&format!("-{app}-")))
                .cloned()
                .collect()
        };
        assert_eq!(names(&cluster, Kind::HttpRoute), gone(&routes), "{app}");
        assert_eq!(names(&cluster, Kind::Service), gone(&services), "{app}");
        assert_eq!(names(&cluster, Kind::EndpointSlice), gone(&slices), "{app}");
        for other in [3, 6]
            .into_iter()
            .chain([4, 5].into_iter().filter(|o| *o != id))
        {
            assert_eq!(
                bag(&after, other),
                bag(&state, other),
                "{app}: relation {other}"
            );
        }
    }
    // The Gateway is the same for all of them.
    assert!(cluster.object(Kind::Gateway, APP).is_some());
    let _ = &mut cluster;
}
