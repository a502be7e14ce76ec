//! Process-level harness: the compiled `dispatch` binary run as Juju runs it (hook environment,
//! `fake-hook-tool` on `PATH`), talking to the loopback apiserver stand-in via `KUBECONFIG`.

use apiserver_standin::{RecordedRequest, StandIn, StandInOptions, Store};
use juju_hook::Event;
use juju_hook_testing::{Context, ProcessOutput, ProcessRunner, State, fake_hook_tool_path};
use serde_json::{Value, json};

use crate::{MODEL, charm_dir};

/// The managed-by label the charm puts on every object it owns.
pub const MANAGED_BY: &str = "gateway-api-integrator.charm.juju.is/managed-by";
/// The client timeout the binary gets in these tests, so a slow answer fails fast.
pub const TEST_KUBE_TIMEOUT_MS: &str = "2000";

/// A stand-in apiserver with the `cilium` GatewayClass, and a runner for the integrator binary
/// pointed at it.
pub struct ProcessHarness {
    /// The loopback apiserver.
    pub standin: StandIn,
    runner: ProcessRunner,
    _kubeconfig_dir: tempfile::TempDir,
}

impl ProcessHarness {
    /// Start a stand-in and prepare a runner for `binary` (the integrator's dispatch).
    pub fn with_binary(binary: &str) -> ProcessHarness {
        let standin = StandIn::start().expect("the stand-in starts");
        standin.add_gateway_class("cilium");
        ProcessHarness::over(standin, binary)
    }

    /// A harness for `binary` over a stand-in started with `store`.
    pub fn with_binary_and_store(binary: &str, store: Store) -> ProcessHarness {
        let options = StandInOptions {
            store,
            ..StandInOptions::default()
        };
        let standin = StandIn::start_with(options).expect("the stand-in starts");
        ProcessHarness::over(standin, binary)
    }

    /// A copy of the stand-in's objects.
    pub fn store(&self) -> Store {
        self.standin.server().store.clone()
    }

    fn over(standin: StandIn, binary: &str) -> ProcessHarness {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let kubeconfig = dir.path().join("kubeconfig");
        standin
            .write_kubeconfig(&kubeconfig, MODEL)
            .expect("kubeconfig written");
        let context = Context::new(charm_dir()).expect("the integrator's metadata loads");
        let runner = ProcessRunner::new(binary, context)
            .fake_tool(fake_hook_tool_path().expect("fake-hook-tool is available"))
            .env("KUBECONFIG", kubeconfig.to_string_lossy())
            .env(
                "GATEWAY_API_INTEGRATOR_KUBE_TIMEOUT_MS",
                TEST_KUBE_TIMEOUT_MS,
            );
        ProcessHarness {
            standin,
            runner,
            _kubeconfig_dir: dir,
        }
    }

    /// The runner, e.g. to add variables.
    pub fn runner(&self) -> &ProcessRunner {
        &self.runner
    }

    /// Run one hook as a process.
    pub fn run(&self, event: &Event, state: State) -> ProcessOutput {
        self.runner
            .run(event, state)
            .expect("the hook process runs")
    }

    /// Run one hook that must succeed; returns the state after it.
    pub fn step(&self, event: &Event, state: State) -> State {
        let out = self.run(event, state);
        assert_eq!(
            out.exit_code,
            Some(0),
            "hook {event:?} failed; stderr: {}",
            out.stderr
        );
        out.state
    }

    /// Names of the stored objects of `plural` in `MODEL`.
    pub fn names(&self, plural: &str) -> Vec<String> {
        self.standin.names(plural, MODEL)
    }

    /// The stored object `plural/name` in `MODEL`.
    pub fn object(&self, plural: &str, name: &str) -> Option<Value> {
        self.standin.object(plural, MODEL, name)
    }

    /// Requests since the last [`Self::take_requests`] (or the start).
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        let requests = self.standin.requests();
        self.standin.clear_requests();
        requests
    }

    /// Seed an unlabelled Service whose name collides with one the charm would create for the
    /// ingress application `flask`, and an unrelated unlabelled Service.
    pub fn seed_foreign_objects(&self) {
        for name in [FOREIGN_COLLIDING, FOREIGN_UNRELATED] {
            self.standin.insert(
                "services",
                MODEL,
                json!({
                    "apiVersion": "v1", "kind": "Service",
                    "metadata": {"name": name, "namespace": MODEL, "labels": {"owner": "someone-else"}},
                    "spec": {"ports": [{"name": "web", "port": 80}], "selector": {"app": "other"}},
                }),
                "kubectl",
            );
        }
    }

    /// The two foreign objects, as stored now (compare before/after byte for byte).
    pub fn foreign_objects(&self) -> String {
        let objects: Vec<Option<Value>> = [FOREIGN_COLLIDING, FOREIGN_UNRELATED]
            .iter()
            .map(|n| self.object("services", n))
            .collect();
        serde_json::to_string(&objects).expect("serialisable")
    }
}

/// An unlabelled Service named like the gateway-route Service the charm would want for an
/// application called `other` (a name collision the charm must not touch).
pub const FOREIGN_COLLIDING: &str = "gateway-api-integrator-other-service";
/// An unrelated unlabelled Service.
pub const FOREIGN_UNRELATED: &str = "database";

/// Write requests (PATCH/POST/PUT/DELETE) among `requests`, as `METHOD path`.
pub fn writes(requests: &[RecordedRequest]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}
