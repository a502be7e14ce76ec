//! Dev/test only: the real-API-server test tier.
//!
//! * [`TestServer::shared`] starts (or reuses) a real kube-apiserver + etcd with the Gateway
//!   API CRDs, through `../shared/k8s/start.sh`, once per target dir. It skips loudly (one
//!   `SKIPPED real-apiserver tier: …` line) when the server cannot start, or panics when
//!   `KUBE_APISERVER_REQUIRED=1`.
//! * [`fresh_namespace`] gives each test its own namespace, an admin [`RawClient`] for set-up
//!   and assertions, and a kubeconfig for the code under test (`KUBECONFIG`).
//! * [`TestNamespace::service_account_kubeconfig`] makes a token allowed only chosen verbs.
//! * [`FaultProxy`] sits in front of the real server for what it cannot do on demand (429,
//!   5xx, timeouts, dropped connections).
//!
//! ```no_run
//! let Some(ns) = kube_test_env::fresh_namespace("ssa") else { return };
//! // Connect the code under test with ns.kubeconfig(), in namespace ns.name().
//! let stored = ns.get(kube_test_env::Resource::GATEWAYS, "gw").unwrap();
//! # let _ = stored;
//! ```
//!
//! The server keeps running after the tests. Stop it with
//! `../shared/k8s/stop.sh target/kube-test-env/state`.
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod error;
pub mod kubeconfig;
pub mod namespace;
pub mod proxy;
pub mod raw;
pub mod rbac;
pub mod server;

pub use error::TestEnvError;
pub use namespace::{APPLY_PATCH, JSON_PATCH, MERGE_PATCH, TestNamespace};
pub use proxy::{FaultAction, FaultMatch, FaultProxy, FaultRule, RecordedRequest};
pub use raw::{RawClient, RawResponse, Resource, with_query};
pub use rbac::Rule;
pub use server::{REQUIRED_ENV, TestServer};

/// A fresh namespace on the shared server whose name starts with `prefix-`, or `None` when the
/// tier is skipped (see [`TestServer::shared`]). Panics when the server is up but the
/// namespace cannot be made.
pub fn fresh_namespace(prefix: &str) -> Option<TestNamespace> {
    let server = TestServer::shared()?;
    match TestNamespace::new(server, prefix) {
        Ok(namespace) => Some(namespace),
        Err(error) => panic!(
            "cannot create a test namespace on {}: {error}",
            server.url()
        ),
    }
}
