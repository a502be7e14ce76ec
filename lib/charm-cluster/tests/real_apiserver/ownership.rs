//! The charm never writes to or deletes an object it does not own, on the real server.

use charm_cluster::{Cluster, ClusterError, ForeignObject, Kind, ManagedObject};
use kube_test_env::Resource;
use serde_json::json;

use crate::{APP, env, gateway, http_listener, route};

#[test]
fn an_unlabelled_object_with_our_name_is_never_modified_or_deleted() {
    let Some(mut env) = env("own-unlabelled") else {
        return;
    };
    let mut theirs = gateway(&[http_listener("their.example.com")]);
    theirs["metadata"]["labels"] = json!({"team": "web"});
    env.ns
        .create(Resource::GATEWAYS, &theirs, "kubectl-create")
        .unwrap();
    let before = env.ns.get(Resource::GATEWAYS, APP).unwrap().unwrap();

    // The LIST shows the name taken by someone else: the plan applies nothing to it.
    let listed = env.cluster.list_split(Kind::Gateway, APP).unwrap();
    assert_eq!(listed.managed, []);
    assert_eq!(
        listed.foreign,
        [ForeignObject {
            namespace: env.ns.name().to_owned(),
            name: APP.to_owned(),
            managed_by: None,
        }]
    );
    let after = env.ns.get(Resource::GATEWAYS, APP).unwrap().unwrap();
    assert_eq!(after, before);
    let counts = env.cluster.request_counts();
    assert_eq!((counts.list, counts.get, counts.writes()), (1, 0, 0));
    // No deletion token can be made for it, so no delete can be sent.
    assert!(matches!(
        ManagedObject::from_cluster(Kind::Gateway, after, APP),
        Err(ClusterError::NotOurs { .. })
    ));
}

#[test]
fn a_delete_carries_the_listed_uid_and_spares_a_replacement() {
    let Some(mut env) = env("own-uid") else {
        return;
    };
    env.cluster
        .apply(Kind::HttpRoute, &route("r", None, &["/"]), APP)
        .unwrap();
    let listed = env.cluster.list_managed(Kind::HttpRoute, APP).unwrap();
    let listed_uid = listed[0].uid().unwrap().to_owned();
    // Between our LIST and our DELETE someone replaces the route under the same name.
    env.ns.delete(Resource::HTTPROUTES, "r").unwrap();
    let replacement = env
        .ns
        .create(Resource::HTTPROUTES, &route("r", None, &["/x"]), "someone")
        .unwrap();

    let error = env.cluster.delete(&listed[0]).unwrap_err();

    let replacement_uid = replacement["metadata"]["uid"].as_str().unwrap();
    assert_eq!(
        error,
        ClusterError::Conflict {
            verb: "DELETE".to_owned(),
            target: "httproutes/r".to_owned(),
            message: format!(
                "Operation cannot be fulfilled on HTTPRoute.gateway.networking.k8s.io \"r\": the \
                 UID in the precondition ({listed_uid}) does not match the UID in record \
                 ({replacement_uid}). The object might have been deleted and then recreated"
            ),
        }
    );
    let live = env.ns.get(Resource::HTTPROUTES, "r").unwrap().unwrap();
    assert_eq!(live["metadata"]["uid"], replacement_uid);
}
