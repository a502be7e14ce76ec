//! Admission by the real API server: objects the charm renders, sent as a server-side apply
//! with `dryRun=All` (full admission: OpenAPI schema, CEL rules, the core types' validation,
//! defaulting; nothing is stored) into a fresh namespace of `kube-test-env`'s server.
//!
//! [`DryRun::start`] is `None` when the real-server tier is skipped (one loud `SKIPPED` line; a
//! failure with `KUBE_APISERVER_REQUIRED=1`).

use charm_cluster::{InMemoryCluster, Kind, managed_by};
use kube_test_env::{Resource, TestNamespace};
use serde_json::{Value, json};

use crate::APP;

/// The `kube-test-env` resource of a kind the charm manages.
pub fn resource(kind: Kind) -> Resource {
    Resource::new(kind.api_version(), kind.plural())
}

/// A namespace to dry-run objects in, and what happened to them.
#[derive(Debug)]
pub struct DryRun {
    ns: TestNamespace,
    checked: usize,
    rejected: Vec<String>,
}

impl DryRun {
    /// A fresh namespace named `<prefix>-…`, or `None` when the tier is skipped.
    pub fn start(prefix: &str) -> Option<DryRun> {
        let ns = kube_test_env::fresh_namespace(prefix)?;
        Some(DryRun {
            ns,
            checked: 0,
            rejected: Vec::new(),
        })
    }

    /// Dry-run `object` (as the charm sends it) in the namespace, as the field manager its
    /// managed-by label names (else [`APP`]); a rejection is recorded with `label`.
    pub fn check(&mut self, label: &str, kind: Kind, object: &Value) {
        let mut object = object.clone();
        object["metadata"]["namespace"] = json!(self.ns.name());
        let manager = managed_by(&object).unwrap_or(APP).to_owned();
        self.checked += 1;
        if let Err(error) = self.ns.dry_run_apply(resource(kind), &object, &manager) {
            let name = object["metadata"]["name"].as_str().unwrap_or_default();
            self.rejected
                .push(format!("{label}: {kind} {name}: {error}"));
        }
    }

    /// Dry-run every object `cluster` holds, as the charm applied it: the in-memory cluster's
    /// own fields (uid, revisions, managed fields) and any `status` are left out. Returns how
    /// many objects it checked.
    pub fn check_stored(&mut self, label: &str, cluster: &InMemoryCluster) -> usize {
        let mut count = 0;
        for kind in Kind::ALL {
            for name in cluster.names(kind) {
                let stored = cluster.object(kind, name).expect("a listed object");
                self.check(label, kind, &as_applied(stored));
                count += 1;
            }
        }
        count
    }

    /// How many objects were sent.
    pub fn checked(&self) -> usize {
        self.checked
    }

    /// The rejections, one line each (`label: Kind name: the server's answer`).
    pub fn rejected(&self) -> &[String] {
        &self.rejected
    }

    /// Panic unless exactly `expected` objects were checked and none was rejected.
    pub fn assert_admitted(&self, expected: usize) {
        assert_eq!(
            self.rejected,
            Vec::<String>::new(),
            "the real server rejected {} of {} objects",
            self.rejected.len(),
            self.checked
        );
        assert_eq!(self.checked, expected, "objects dry-run on the real server");
    }
}

/// A stored in-memory object as the charm applied it.
pub fn as_applied(stored: &Value) -> Value {
    let mut object = stored.clone();
    if let Some(map) = object.as_object_mut() {
        map.remove("status");
    }
    if let Some(metadata) = object["metadata"].as_object_mut() {
        for field in ["uid", "resourceVersion", "generation", "managedFields"] {
            metadata.remove(field);
        }
    }
    object
}
