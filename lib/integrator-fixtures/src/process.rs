//! Process-level harness: the compiled `dispatch` binary run as Juju runs it (hook environment,
//! `fake-hook-tool` on `PATH`), talking to a real kube-apiserver (`kube-test-env`) through a
//! [`FaultProxy`], which records every request and injects the faults the real server cannot
//! make on demand.
//!
//! Each harness works in a fresh namespace and runs the unit in a Juju model of the same name
//! (a Juju model is a namespace of that name): [`ProcessHarness::run`] moves the state from
//! [`MODEL`] into that model before each hook ([`ProcessHarness::in_model`]). [`ProcessHarness::start`] is `None` when the
//! real-server tier is skipped (one loud `SKIPPED real-apiserver tier` line; a failure with
//! `KUBE_APISERVER_REQUIRED=1`).

use std::path::Path;

use juju_hook::{Event, Status};
use juju_hook_testing::{
    Context, ProcessOutput, ProcessRunner, Relation, State, fake_hook_tool_path,
};
use kube_test_env::proxy::status::Subject;
use kube_test_env::{FaultProxy, FaultRule, RecordedRequest, Resource, TestNamespace};
use serde_json::{Value, json};

use crate::{APP, MODEL, charm_dir, leader_state};

/// The managed-by label the charm puts on every object it owns.
pub const MANAGED_BY: &str = "gateway-api-integrator.charm.juju.is/managed-by";
/// The client timeout the binary gets in these tests, so a slow answer fails fast.
pub const TEST_KUBE_TIMEOUT_MS: &str = "2000";
/// The address the tests' Gateway controller gives our Gateway.
pub const ADDRESS: &str = "10.0.0.7";
/// The field manager the tests write the Gateway's status with (playing its controller).
pub const CONTROLLER: &str = "gateway-controller";
/// Every kind the charm manages, in the charm's order.
pub const MANAGED_KINDS: [Resource; 4] = [
    Resource::SECRETS,
    Resource::GATEWAYS,
    Resource::SERVICES,
    Resource::HTTPROUTES,
];

/// A leader configured for plain HTTP (`enforce-https=false`) with the `cilium` class.
pub fn http_state() -> State {
    leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
}

/// A fresh namespace with the `cilium` GatewayClass, a fault proxy in front of the real server,
/// and a runner for the integrator binary pointed at the proxy.
pub struct ProcessHarness {
    ns: TestNamespace,
    proxy: FaultProxy,
    runner: ProcessRunner,
}

impl ProcessHarness {
    /// A harness for `binary` (the integrator's dispatch) with admin credentials, or `None`
    /// when the real-server tier is skipped.
    pub fn start(binary: &str) -> Option<ProcessHarness> {
        let ns = kube_test_env::fresh_namespace("process")?;
        let upstream = ns.server().kubeconfig().to_owned();
        Some(ProcessHarness::in_namespace(ns, binary, &upstream))
    }

    /// A harness for `binary` in `ns` whose proxy forwards with the credentials of
    /// `upstream_kubeconfig` (admin, or a restricted ServiceAccount token).
    pub fn in_namespace(ns: TestNamespace, binary: &str, upstream_kubeconfig: &Path) -> Self {
        ns.ensure_gateway_class("cilium")
            .expect("the cilium GatewayClass");
        let proxy = FaultProxy::start(upstream_kubeconfig).expect("the fault proxy starts");
        let kubeconfig = ns.dir().join("charm-kubeconfig");
        proxy
            .write_kubeconfig(&kubeconfig, ns.name())
            .expect("kubeconfig written");
        let context = Context::new(charm_dir()).expect("the integrator's metadata loads");
        let runner = ProcessRunner::new(binary, context)
            .fake_tool(fake_hook_tool_path().expect("fake-hook-tool is available"))
            .env("KUBECONFIG", kubeconfig.to_string_lossy())
            .env(
                "GATEWAY_API_INTEGRATOR_KUBE_TIMEOUT_MS",
                TEST_KUBE_TIMEOUT_MS,
            );
        ProcessHarness { ns, proxy, runner }
    }

    /// The namespace (and the unit's model name).
    pub fn namespace(&self) -> &str {
        self.ns.name()
    }

    /// The namespace, for admin set-up and assertions.
    pub fn ns(&self) -> &TestNamespace {
        &self.ns
    }

    /// The proxy the binary talks to.
    pub fn proxy(&self) -> &FaultProxy {
        &self.proxy
    }

    /// Add a fault rule to the proxy.
    pub fn inject(&self, rule: FaultRule) {
        self.proxy.inject(rule);
    }

    /// The runner, e.g. to add variables.
    pub fn runner(&self) -> &ProcessRunner {
        &self.runner
    }

    /// `state` in this harness's model (named after its namespace) instead of [`MODEL`]; the
    /// ingress and gateway-route requirers in [`MODEL`] move with it (they stay in our model,
    /// so an ingress application keeps its selector Service and its URL path is
    /// `/{namespace}-{app}`). Requirers in other models stay where they are.
    pub fn in_model(&self, mut state: State) -> State {
        let (ours, model) = (format!("\"{MODEL}\""), format!("\"{}\"", self.namespace()));
        state.model.name = self.namespace().to_owned();
        for relation in &mut state.relations {
            if (relation.endpoint == "gateway-route" || relation.endpoint == "gateway")
                && let Some(value) = relation.remote_app_data.get_mut("model")
                && *value == ours
            {
                value.clone_from(&model);
            }
        }
        state
    }

    /// `relations` with this harness's model name replaced by [`MODEL`] in every databag
    /// value, so runs in different namespaces compare (an ingress URL's path names the model).
    pub fn model_neutral(&self, relations: &[Relation]) -> Vec<Relation> {
        let neutral = |bag: &mut juju_hook::Databag| {
            for value in bag.values_mut() {
                *value = value.replace(self.namespace(), MODEL);
            }
        };
        let mut relations = relations.to_vec();
        for relation in &mut relations {
            neutral(&mut relation.local_app_data);
            neutral(&mut relation.local_unit_data);
            neutral(&mut relation.remote_app_data);
            for bag in relation.remote_units_data.values_mut() {
                neutral(bag);
            }
        }
        relations
    }

    /// Run one hook as a process, in this harness's model.
    pub fn run(&self, event: &Event, state: State) -> ProcessOutput {
        self.runner
            .run(event, self.in_model(state))
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

    /// Give our Gateway `address`, as its controller would (`status.addresses`, through the
    /// status subresource). The Gateway must exist.
    pub fn set_gateway_address(&self, address: &str) {
        let status = json!({"addresses": [{"type": "IPAddress", "value": address}]});
        self.ns
            .write_status(Resource::GATEWAYS, APP, &status, CONTROLLER)
            .expect("the Gateway exists and takes its status");
    }

    /// Deploy [`http_state`]: config-changed creates the Gateway (Waiting for its address),
    /// the controller gives it [`ADDRESS`], update-status makes the unit Active. The state
    /// after.
    pub fn deploy_http(&self) -> State {
        let state = self.step(&Event::ConfigChanged, http_state());
        assert_eq!(
            state.unit_status,
            Some(Status::Waiting("Waiting for gateway address".into()))
        );
        self.set_gateway_address(ADDRESS);
        let state = self.step(&Event::UpdateStatus, state);
        assert_eq!(
            state.unit_status,
            Some(Status::Active(format!(
                "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
            )))
        );
        state
    }

    /// The listener names of our Gateway, in order (it must exist).
    pub fn listeners(&self) -> Vec<String> {
        let gateway = self.object(Resource::GATEWAYS, APP).expect("our Gateway");
        gateway["spec"]["listeners"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l["name"].as_str().map(str::to_owned))
            .collect()
    }

    /// Names of the objects of `resource` in the namespace, sorted (one admin LIST).
    pub fn names(&self, resource: Resource) -> Vec<String> {
        self.list(resource, None)
            .iter()
            .filter_map(|o| o.pointer("/metadata/name")?.as_str().map(str::to_owned))
            .collect()
    }

    /// The objects of `resource` in the namespace (admin LIST), optionally by label selector.
    pub fn list(&self, resource: Resource, selector: Option<&str>) -> Vec<Value> {
        let path = kube_test_env::with_query(
            &resource.collection_path(self.namespace()),
            &[("labelSelector", selector.unwrap_or_default())],
        );
        let list = self
            .ns
            .admin()
            .json("GET", &path, None, None)
            .expect("admin LIST");
        list["items"].as_array().cloned().unwrap_or_default()
    }

    /// `(plural, name)` of every object labelled as managed by the app, over every kind the
    /// charm manages.
    pub fn labelled(&self) -> Vec<(String, String)> {
        let selector = format!("{MANAGED_BY}={APP}");
        MANAGED_KINDS
            .iter()
            .flat_map(|resource| {
                self.list(*resource, Some(&selector))
                    .into_iter()
                    .map(move |o| (resource.plural.to_owned(), name_of(&o)))
            })
            .collect()
    }

    /// The object `name` of `resource`, if it exists.
    pub fn object(&self, resource: Resource, name: &str) -> Option<Value> {
        self.ns.get(resource, name).expect("admin GET")
    }

    /// The object's JSON exactly as the server sends it (for byte-for-byte comparisons).
    pub fn raw(&self, resource: Resource, name: &str) -> String {
        let path = resource.object_path(self.namespace(), name);
        let answer = self
            .ns
            .admin()
            .send("GET", &path, None, None)
            .expect("admin GET");
        format!("{} {}", answer.code, answer.body)
    }

    /// Requests since the last [`Self::take_requests`] (or the start).
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        let requests = self.proxy.requests();
        self.proxy.clear_requests();
        requests
    }

    /// Seed an unlabelled Service whose name collides with one the charm would create for the
    /// gateway-route application `other`, and an unrelated unlabelled Service.
    pub fn seed_foreign_objects(&self) {
        for name in [FOREIGN_COLLIDING, FOREIGN_UNRELATED] {
            let service = json!({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": name, "labels": {"owner": "someone-else"}},
                "spec": {"ports": [{"name": "web", "port": 80}], "selector": {"app": "other"}},
            });
            self.ns
                .create(Resource::SERVICES, &service, "kubectl")
                .expect("foreign Service created");
        }
    }

    /// The two foreign objects, as the server sends them now (compare before/after byte for
    /// byte).
    pub fn foreign_objects(&self) -> String {
        [FOREIGN_COLLIDING, FOREIGN_UNRELATED]
            .map(|name| self.raw(Resource::SERVICES, name))
            .join("\n")
    }

    /// Every object of the kinds the charm manages, with what the server assigns (uid,
    /// revisions, timestamps, managed fields, the Service's cluster IPs) removed, and the
    /// namespace's name replaced by `<namespace>`: comparable across harnesses. The
    /// fingerprint annotation is dropped too: it hashes the rendered object, namespace
    /// included.
    pub fn comparable_objects(&self) -> Vec<Value> {
        let mut objects = Vec::new();
        for resource in MANAGED_KINDS {
            for mut object in self.list(resource, None) {
                if let Some(metadata) = object["metadata"].as_object_mut() {
                    for field in [
                        "uid",
                        "resourceVersion",
                        "generation",
                        "managedFields",
                        "creationTimestamp",
                    ] {
                        metadata.remove(field);
                    }
                    if let Some(annotations) = metadata
                        .get_mut("annotations")
                        .and_then(Value::as_object_mut)
                    {
                        annotations.remove(gateway_api_integrator::plan::FINGERPRINT_ANNOTATION);
                    }
                }
                if let Some(spec) = object["spec"].as_object_mut() {
                    spec.remove("clusterIP");
                    spec.remove("clusterIPs");
                }
                let text = object.to_string().replace(self.namespace(), "<namespace>");
                objects.push(serde_json::from_str(&text).expect("still JSON"));
            }
        }
        objects
    }
}

fn name_of(object: &Value) -> String {
    object["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
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

/// What a request addresses: `(verb, plural, name)`, with `LIST` for a GET of a collection
/// (as the charm's error messages name calls).
pub fn call(request: &RecordedRequest) -> (String, String, Option<String>) {
    let subject = Subject::parse(&request.method, &request.path, "");
    let verb = match subject.verb {
        "list" => "LIST".to_owned(),
        _ => request.method.clone(),
    };
    (verb, subject.plural.unwrap_or_default(), subject.name)
}
