//! A loopback stand-in for the Kubernetes API server, for tests and process-level runs.
//!
//! It serves the resources the charm uses (Services, Secrets, Gateways, HTTPRoutes,
//! GatewayClasses) over HTTP/1.1 on `127.0.0.1`: GET, LIST with `labelSelector`, PATCH with
//! `application/apply-patch+yaml` (server-side apply; `fieldManager` required, `force` honoured),
//! and DELETE with uid preconditions. Errors carry `Status` bodies worded like the real server.
//! It records every request, can be told to fail chosen requests (status codes, slow answers,
//! closed connections), and can run an admission [`Validator`] (e.g. CRD schema checks).
//!
//! ```no_run
//! let standin = apiserver_standin::StandIn::start().unwrap();
//! let url = standin.url(); // hand it to the client under test
//! # let _ = url;
//! ```
#![warn(missing_docs)]

pub mod api;
pub mod fault;
pub mod kubeconfig;
pub mod persist;
pub mod recorded;
pub mod resources;
mod server;
pub mod status;
pub mod store;

pub use api::{ApiServer, Outcome, Validator};
pub use fault::{FaultAction, FaultMatch, FaultRule};
pub use recorded::RecordedRequest;
pub use store::Store;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::resources::Resource;

/// A [`Validator`] that checks every applied object against the CRDs (and built-in kinds) in
/// `dir`, e.g. `../shared/gateway-api-crds`. A rejected object answers 422 Invalid and lists
/// every problem.
#[cfg(feature = "crds")]
pub fn crd_validator(dir: &Path) -> Result<Validator, String> {
    let validator = crd_validation::Validator::from_dir(dir).map_err(|e| e.to_string())?;
    Ok(Box::new(move |_plural, object| {
        validator
            .validate(object)
            .map_err(|errors| errors.join("; "))
    }))
}

/// How to start a [`StandIn`].
#[derive(Debug, Clone, Default)]
pub struct StandInOptions {
    /// Port to listen on (0: any free port).
    pub port: u16,
    /// Initial objects.
    pub store: Store,
    /// Where to save the store after every non-GET request.
    pub state_file: Option<PathBuf>,
}

/// A running stand-in; stops when dropped.
pub struct StandIn {
    address: SocketAddr,
    server: Arc<Mutex<ApiServer>>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl StandIn {
    /// Start on a free loopback port with an empty store.
    pub fn start() -> std::io::Result<StandIn> {
        StandIn::start_with(StandInOptions::default())
    }

    /// Start with `options`.
    pub fn start_with(options: StandInOptions) -> std::io::Result<StandIn> {
        let listener = TcpListener::bind(("127.0.0.1", options.port))?;
        let address = listener.local_addr()?;
        let server = Arc::new(Mutex::new(ApiServer {
            store: options.store,
            ..ApiServer::default()
        }));
        let (shutdown, on_shutdown) = oneshot::channel();
        let thread = {
            let server = Arc::clone(&server);
            let state_file = options.state_file;
            std::thread::Builder::new()
                .name("apiserver-standin".to_owned())
                .spawn(move || server::serve(listener, server, state_file, on_shutdown))?
        };
        Ok(StandIn {
            address,
            server,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Write a kubeconfig for this stand-in to `path` (current context namespace `namespace`).
    pub fn write_kubeconfig(&self, path: &Path, namespace: &str) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(&kubeconfig::kubeconfig(&self.url(), namespace))?;
        std::fs::write(path, text)
    }

    /// Lock the server state (store, faults, validator, request log) for direct access.
    pub fn server(&self) -> MutexGuard<'_, ApiServer> {
        self.server
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.server().requests.clone()
    }

    /// Forget the recorded requests (fault indexes keep counting from the log length, so they
    /// restart at 0 too).
    pub fn clear_requests(&self) {
        self.server().requests.clear();
    }

    /// Add a fault rule.
    pub fn inject(&self, rule: FaultRule) {
        self.server().faults.push(rule);
    }

    /// Install an admission validator (422 Invalid when it returns `Err`).
    pub fn set_validator(&self, validator: Validator) {
        self.server().validator = Some(validator);
    }

    /// Add a GatewayClass named `name`.
    pub fn add_gateway_class(&self, name: &str) {
        let resource = Resource::find(resources::GATEWAY_GROUP, "gatewayclasses").expect("served");
        let class = json!({
            "apiVersion": resource.api_version(), "kind": "GatewayClass",
            "metadata": {"name": name},
            "spec": {"controllerName": "example.com/gateway-controller"},
        });
        self.server().store.apply(&resource, "", class, "kubectl");
    }

    /// Store `object` as field manager `manager` created it (e.g. an unlabelled object of
    /// someone else). `plural` names the resource. Panics for a resource the stand-in does not serve.
    pub fn insert(&self, plural: &str, namespace: &str, object: Value, manager: &str) {
        let resource = resources::RESOURCES
            .into_iter()
            .find(|r| r.plural == plural)
            .expect("a resource the stand-in serves");
        self.server()
            .store
            .apply(&resource, namespace, object, manager);
    }

    /// The stored object, if any.
    pub fn object(&self, plural: &str, namespace: &str, name: &str) -> Option<Value> {
        self.server()
            .store
            .get(plural, namespace, name)
            .map(|s| s.object.clone())
    }

    /// Names of the stored objects of `plural` in `namespace`, sorted.
    pub fn names(&self, plural: &str, namespace: &str) -> Vec<String> {
        self.server()
            .store
            .list(plural, Some(namespace))
            .into_iter()
            .filter_map(|o| {
                o.pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect()
    }

    /// Set Gateway `namespace/name`'s address (now, and whenever it is created later).
    pub fn set_gateway_address(&self, namespace: &str, name: &str, address: &str) {
        self.server()
            .store
            .set_gateway_address(namespace, name, address);
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
