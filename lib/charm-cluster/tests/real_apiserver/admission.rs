//! Rendered objects pass the real server's admission (OpenAPI schema, CEL rules, defaulting).
//!
//! `examples/*.expected.yaml` hold what `gateway-api-integrator render` prints for the example
//! inputs (`tests/cli_render.rs` keeps them in step with the renderer): Gateways, Services and
//! HTTPRoutes in ingress and gateway-route set-ups. `render` leaves TLS out (no Secrets, no
//! HTTPS listeners); the other modules apply those shapes by hand.

use std::path::{Path, PathBuf};

use charm_cluster::{Cluster, Kind, managed_by};
use kube_test_env::Resource;
use serde_json::{Value, json};

use crate::env;

/// Each example file's objects (its YAML documents), by file.
fn rendered_examples() -> Vec<(PathBuf, Vec<Value>)> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".expected.yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let documents: Vec<Value> = serde_saphyr::from_multiple(&text).unwrap();
            let objects = documents.into_iter().filter(Value::is_object).collect();
            (path, objects)
        })
        .collect()
}

fn resource(kind: Kind) -> Resource {
    Resource::new(kind.api_version(), kind.plural())
}

#[test]
fn every_rendered_example_object_is_admitted_and_reapplying_it_writes_nothing() {
    let examples = rendered_examples();
    let mut kinds: Vec<&str> = examples
        .iter()
        .flat_map(|(_, objects)| objects.iter().filter_map(|o| o["kind"].as_str()))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "BackendTLSPolicy",
            "GRPCRoute",
            "Gateway",
            "HTTPRoute",
            "Secret",
            "Service"
        ]
    );

    for (path, objects) in &examples {
        // One namespace per example: the examples reuse names.
        let Some(mut env) = env("admission") else {
            return;
        };
        for object in objects {
            let kind = Kind::from_kind(object["kind"].as_str().unwrap()).unwrap();
            let app = managed_by(object).unwrap().to_owned();
            let mut object = object.clone();
            object["metadata"]["namespace"] = json!(env.ns.name());
            let name = object["metadata"]["name"].as_str().unwrap().to_owned();

            let dry_run = env.ns.dry_run_apply(resource(kind), &object, &app);
            assert!(dry_run.is_ok(), "{}: {name}: {dry_run:?}", path.display());
            assert_eq!(env.ns.get(resource(kind), &name).unwrap(), None);

            let first = env.cluster.apply(kind, &object, &app).unwrap();
            let second = env.cluster.apply(kind, &object, &app).unwrap();
            let third = env.cluster.apply(kind, &object, &app).unwrap();
            // The first re-apply of a Gateway still writes once: the server persists the
            // status the CRD defaults (never the spec: the generation stays).
            assert_eq!(
                second["metadata"]["generation"],
                first["metadata"]["generation"],
                "{}: {name}: re-applying the same object changed its spec",
                path.display()
            );
            assert_eq!(
                third["metadata"]["resourceVersion"],
                second["metadata"]["resourceVersion"],
                "{}: {name}: re-applying the same object wrote it again",
                path.display()
            );
        }
    }
}
