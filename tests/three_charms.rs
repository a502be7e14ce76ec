//! Three charms exchanging databags (seed 002's example end to end): a workload speaking
//! `ingress` (played by the test with the bags the Python ingress library writes,
//! `../shared/interop-golden/ingress_requirer.emit.json`), gateway-route-configurator and
//! gateway-api-integrator (over an in-memory cluster). A small [`Juju`] model copies databags
//! across relations and fires the hooks Juju would, until nothing changes any more.

use integrator_fixtures as support;

use std::collections::BTreeMap;

use charm_cluster::{InMemoryCluster, Kind, Verb};
use gateway_api_integrator::charm as integrator;
use gateway_route_configurator::charm as configurator;
use juju_hook::{Databag, Event, Status};
use juju_hook_testing::{Context, EventExt, Relation, State};
use serde_json::{Value, json};
use support::APP;

/// Everyone lives in the golden workload's model.
const MODEL: &str = "m";
const MODEL_UUID: &str = "9b112ac5-74a7-421f-8a54-c5e17df42337";
const WORKLOAD: &str = "myapp";
const CONFIGURATOR: &str = "gateway-route-configurator";
const INGRESS_ID: u64 = 1;
const ROUTE_ID: u64 = 2;
const ADDRESS: &str = "10.0.0.7";
const LABEL: &str = "gateway-api-integrator.charm.juju.is/managed-by";
/// The label naming the one relation an object serves.
const RELATION: &str = "gateway-api-integrator.charm.juju.is/relation";
/// Rounds of relation-changed a step may take before it must have settled.
const MAX_ROUNDS: usize = 10;

// ---------------------------------------------------------------- the model

/// A charm the model runs hooks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charm {
    Configurator,
    Integrator,
}

impl Charm {
    fn unit(self) -> String {
        match self {
            Charm::Configurator => format!("{CONFIGURATOR}/0"),
            Charm::Integrator => format!("{APP}/0"),
        }
    }
}

/// The workload's side of the `ingress` relation: what it wrote and what it sees.
#[derive(Debug, Default)]
struct Workload {
    /// Its application bag.
    app: Databag,
    /// Its units' bags.
    units: BTreeMap<String, Databag>,
    /// The configurator's application bag as the workload sees it (`None`: not related).
    received: Option<Databag>,
}

/// Juju between the three applications: each charm's [`State`], the workload's bags, the
/// cluster, and the hooks fired so far.
struct Juju {
    workload: Workload,
    configurator: State,
    integrator: State,
    cluster: InMemoryCluster,
    /// `<unit>: <hook>` for every hook run, in order.
    hooks: Vec<String>,
}

/// The golden bags of the Python ingress requirer (`myapp` in model `m`, port 8080, two units).
fn golden_workload() -> (Databag, BTreeMap<String, Databag>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/interop-golden/ingress_requirer.emit.json"
    );
    let golden: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let bag = |value: &Value| -> Databag {
        value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect()
    };
    let units = golden["units"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(unit, data)| (unit.clone(), bag(data)))
        .collect();
    (bag(&golden["app"]), units)
}

impl Juju {
    /// `juju deploy` of the three applications: install, leader-elected, config-changed, start
    /// on the two charms.
    fn deploy() -> Self {
        let mut cluster = InMemoryCluster::new(MODEL);
        cluster.add_gateway_class("cilium");
        let mut juju = Juju {
            workload: Workload::default(),
            configurator: State::new(CONFIGURATOR)
                .leader(true)
                .model(MODEL, MODEL_UUID),
            integrator: State::new(APP).leader(true).model(MODEL, MODEL_UUID),
            cluster,
            hooks: Vec::new(),
        };
        for charm in [Charm::Configurator, Charm::Integrator] {
            for event in [
                Event::Install,
                Event::LeaderElected,
                Event::ConfigChanged,
                Event::Start,
            ] {
                juju.fire(charm, event);
            }
        }
        juju.settle();
        juju
    }

    fn state(&self, charm: Charm) -> &State {
        match charm {
            Charm::Configurator => &self.configurator,
            Charm::Integrator => &self.integrator,
        }
    }

    fn state_mut(&mut self, charm: Charm) -> &mut State {
        match charm {
            Charm::Configurator => &mut self.configurator,
            Charm::Integrator => &mut self.integrator,
        }
    }

    /// Run one hook of `charm`; it must succeed.
    fn fire(&mut self, charm: Charm, event: Event) {
        self.hooks
            .push(format!("{}: {}", charm.unit(), event.hook_name()));
        let state = self.state(charm).clone();
        let (state, exit) = match charm {
            Charm::Configurator => {
                let context = Context::new(concat!(env!("CARGO_MANIFEST_DIR"), "/configurator"))
                    .expect("the configurator's metadata loads");
                let out = context
                    .run(event.clone(), state, configurator::run)
                    .expect("consistent state");
                (out.state, out.exit.map_err(|e| e.to_string()))
            }
            Charm::Integrator => {
                let cluster = &mut self.cluster;
                let out = support::context()
                    .run(event.clone(), state, |ctx, tools| {
                        integrator::run(ctx, tools, cluster)
                    })
                    .expect("consistent state");
                (out.state, out.exit.map_err(|e| e.to_string()))
            }
        };
        if let Err(error) = exit {
            panic!("{} {} failed: {error}", charm.unit(), event.hook_name());
        }
        *self.state_mut(charm) = state;
    }

    /// `juju config`: set options and fire config-changed, then settle.
    fn config(&mut self, charm: Charm, options: &[(&str, Value)]) {
        for (key, value) in options {
            let state = self.state_mut(charm);
            state.config.insert((*key).to_owned(), value.clone());
        }
        self.fire(charm, Event::ConfigChanged);
        self.settle();
    }

    /// Copy every bag to the other side of every relation; return the relation-changed events
    /// Juju would fire for the views that changed (app bags without a remote unit, unit bags
    /// with it). The workload runs no hooks: it only looks at what it receives.
    fn propagate(&mut self) -> Vec<(Charm, Event)> {
        let mut events = Vec::new();
        if let Some(relation) = self.configurator.get_relation(INGRESS_ID) {
            self.workload.received = Some(relation.local_app_data.clone());
        }
        if let Some(relation) = self.configurator.get_relation_mut(INGRESS_ID) {
            events.extend(copy_into(
                Charm::Configurator,
                relation,
                &self.workload.app,
                &self.workload.units,
            ));
        }
        let pair = (
            self.configurator.get_relation(ROUTE_ID).cloned(),
            self.integrator.get_relation(ROUTE_ID).cloned(),
        );
        if let (Some(from_configurator), Some(from_integrator)) = pair {
            let units = |charm: Charm, relation: &Relation| {
                BTreeMap::from([(charm.unit(), relation.local_unit_data.clone())])
            };
            let relation = self.integrator.get_relation_mut(ROUTE_ID).unwrap();
            events.extend(copy_into(
                Charm::Integrator,
                relation,
                &from_configurator.local_app_data,
                &units(Charm::Configurator, &from_configurator),
            ));
            let relation = self.configurator.get_relation_mut(ROUTE_ID).unwrap();
            events.extend(copy_into(
                Charm::Configurator,
                relation,
                &from_integrator.local_app_data,
                &units(Charm::Integrator, &from_integrator),
            ));
        }
        events
    }

    /// Fire relation-changed until no bag changes; fail when that takes over [`MAX_ROUNDS`].
    fn settle(&mut self) {
        for _ in 0..MAX_ROUNDS {
            let events = self.propagate();
            if events.is_empty() {
                return;
            }
            for (charm, event) in events {
                self.fire(charm, event);
            }
        }
        panic!(
            "no settlement after {MAX_ROUNDS} rounds; hooks: {:#?}",
            self.hooks
        );
    }

    /// A remote unit joins `charm`'s side of `relation`: the hook sees the current bags, then
    /// relation-joined and relation-changed run for that unit.
    fn join(&mut self, charm: Charm, relation_id: u64, unit: &str) {
        let relation = self.state_mut(charm).get_relation_mut(relation_id).unwrap();
        relation
            .remote_units_data
            .insert(unit.to_owned(), Databag::new());
        // The joined and changed hooks below see the copied bags; the changed events the copy
        // yields are those hooks, and may only concern this relation.
        for (_, event) in self.propagate() {
            assert!(
                matches!(&event, Event::Relation { relation, .. } if relation.id == relation_id),
                "a step left {event:?} pending"
            );
        }
        let relation = self.state(charm).get_relation(relation_id).unwrap().clone();
        self.fire(charm, Event::relation_joined(&relation, unit));
        self.fire(charm, Event::relation_changed(&relation, Some(unit)));
    }

    /// `juju integrate myapp configurator:ingress`.
    fn relate_workload_to_configurator(&mut self) {
        let relation = Relation::new("ingress", "ingress", INGRESS_ID, WORKLOAD);
        self.configurator.relations.push(relation.clone());
        self.fire(Charm::Configurator, Event::relation_created(&relation));
        // The workload's ingress library publishes its request on its own relation hooks.
        (self.workload.app, self.workload.units) = golden_workload();
        self.workload.received = Some(Databag::new());
        let units: Vec<String> = self.workload.units.keys().cloned().collect();
        for unit in units {
            self.join(Charm::Configurator, INGRESS_ID, &unit);
        }
        self.settle();
    }

    /// `juju integrate configurator:gateway-route gateway-api-integrator`.
    fn relate_configurator_to_integrator(&mut self) {
        let sides = [
            (Charm::Configurator, APP, Charm::Integrator),
            (Charm::Integrator, CONFIGURATOR, Charm::Configurator),
        ];
        for (charm, remote_app, _) in sides {
            let relation = Relation::new("gateway-route", "gateway-route", ROUTE_ID, remote_app);
            self.state_mut(charm).relations.push(relation.clone());
            self.fire(charm, Event::relation_created(&relation));
        }
        for (charm, _, remote) in sides {
            self.join(charm, ROUTE_ID, &remote.unit());
        }
        self.settle();
    }

    /// The remote units depart `charm`'s side of `relation_id`, then relation-broken runs and
    /// the relation is gone.
    fn break_side(&mut self, charm: Charm, relation_id: u64) {
        let units: Vec<String> = self
            .state(charm)
            .get_relation(relation_id)
            .unwrap()
            .remote_units_data
            .keys()
            .cloned()
            .collect();
        for unit in units {
            let relation = self.state_mut(charm).get_relation_mut(relation_id).unwrap();
            relation.remote_units_data.remove(&unit);
            let relation = relation.clone();
            self.fire(charm, Event::relation_departed(&relation, &unit, &unit));
        }
        let relation = self.state(charm).get_relation(relation_id).unwrap().clone();
        self.fire(charm, Event::relation_broken(&relation));
        self.state_mut(charm)
            .relations
            .retain(|relation| relation.id != relation_id);
    }

    /// `juju remove-relation configurator gateway-api-integrator`.
    fn break_configurator_from_integrator(&mut self) {
        self.break_side(Charm::Configurator, ROUTE_ID);
        self.break_side(Charm::Integrator, ROUTE_ID);
        self.settle();
    }

    /// `juju remove-relation myapp configurator`.
    fn break_workload_from_configurator(&mut self) {
        self.break_side(Charm::Configurator, INGRESS_ID);
        self.workload.received = None;
        self.settle();
    }

    /// The workload changes its request (its app bag) and Juju tells the configurator.
    fn workload_sets(&mut self, key: &str, value: &str) {
        self.workload.app.insert(key.to_owned(), value.to_owned());
        self.settle();
    }

    /// The Gateway gets its address; update-status on the integrator notices it.
    fn gateway_gets_address(&mut self) {
        assert!(self.cluster.set_gateway_address(APP, ADDRESS));
        self.fire(Charm::Integrator, Event::UpdateStatus);
        self.settle();
    }

    /// Hooks fired since `from`.
    fn hooks_since(&self, from: usize) -> Vec<&str> {
        self.hooks[from..].iter().map(String::as_str).collect()
    }

    /// Every bag every party wrote, as JSON (values are the exact databag strings).
    fn written_bags(&self) -> Value {
        let relations = |state: &State| -> Value {
            state
                .relations
                .iter()
                .map(|r| {
                    let key = format!("{}:{}", r.endpoint, r.id);
                    (
                        key,
                        json!({"app": r.local_app_data, "unit": r.local_unit_data}),
                    )
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        let workload = match self.workload.received {
            Some(_) => {
                json!({"ingress:1": {"app": self.workload.app, "units": self.workload.units}})
            }
            None => json!({}),
        };
        json!({
            WORKLOAD: workload,
            CONFIGURATOR: relations(&self.configurator),
            APP: relations(&self.integrator),
        })
    }

    /// Run update-status on both charms: a settled model must neither write a bag nor touch
    /// the cluster.
    fn assert_quiet(&mut self) {
        let before = self.cluster.calls().len();
        let bags = self.written_bags();
        self.fire(Charm::Configurator, Event::UpdateStatus);
        self.fire(Charm::Integrator, Event::UpdateStatus);
        assert_eq!(self.propagate(), vec![], "update-status changed a bag");
        assert_eq!(self.written_bags(), bags);
        let writes = self.cluster.calls()[before..]
            .iter()
            .filter(|call| matches!(call.verb, Verb::Apply | Verb::Delete))
            .count();
        assert_eq!(writes, 0, "update-status wrote to the cluster");
    }
}

/// Make `relation`'s remote views equal `app` and the `units` that have joined; the events
/// for the views that changed.
fn copy_into(
    charm: Charm,
    relation: &mut Relation,
    app: &Databag,
    units: &BTreeMap<String, Databag>,
) -> Vec<(Charm, Event)> {
    let mut events = Vec::new();
    for (unit, bag) in units {
        if let Some(view) = relation.remote_units_data.get_mut(unit)
            && view != bag
        {
            view.clone_from(bag);
            events.push((charm, Event::relation_changed(relation, Some(unit))));
        }
    }
    if &relation.remote_app_data != app {
        relation.remote_app_data.clone_from(app);
        events.push((charm, Event::relation_changed(relation, None)));
    }
    events
}

// ---------------------------------------------------------------- expectations

fn service_name() -> String {
    format!("{APP}-{WORKLOAD}-service")
}

fn route_name() -> String {
    format!("{APP}-{WORKLOAD}-{ROUTE_ID}-http")
}

/// The object as we rendered it: the server's and the fingerprint's additions left out.
fn rendered(cluster: &InMemoryCluster, kind: Kind, name: &str) -> Value {
    let object = cluster
        .object(kind, name)
        .unwrap_or_else(|| panic!("{kind} {name} missing"));
    json!({
        "apiVersion": object["apiVersion"],
        "kind": object["kind"],
        "metadata": {
            "name": object["metadata"]["name"],
            "namespace": object["metadata"]["namespace"],
            "labels": object["metadata"]["labels"],
        },
        "spec": object["spec"],
    })
}

fn names(cluster: &InMemoryCluster, kind: Kind) -> Vec<String> {
    cluster.names(kind).into_iter().map(str::to_owned).collect()
}

fn expected_service(port: u16) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": service_name(), "namespace": MODEL,
                     "labels": {LABEL: APP, RELATION: format!("gateway-route.{ROUTE_ID}")}},
        "spec": {
            "ports": [{"name": format!("tcp-{port}"), "port": port, "targetPort": port}],
            "selector": {"app.kubernetes.io/name": WORKLOAD},
        },
    })
}

fn expected_route(paths: &[&str], port: u16) -> Value {
    let matches: Vec<Value> = paths
        .iter()
        .map(|path| json!({"path": {"type": "PathPrefix", "value": path}}))
        .collect();
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": route_name(), "namespace": MODEL,
                     "labels": {LABEL: APP, RELATION: format!("gateway-route.{ROUTE_ID}")}},
        "spec": {
            "hostnames": ["myapp.com"],
            "parentRefs": [{
                "name": APP,
                "namespace": MODEL,
                "sectionName": format!("{APP}-http-myapp-com"),
            }],
            "rules": [{
                "matches": matches,
                "backendRefs": [{"name": service_name(), "port": port}],
            }],
        },
    })
}

/// The objects serving the workload are exactly the seed's Service and HTTPRoute.
fn assert_objects(juju: &Juju, paths: &[&str], port: u16) {
    assert_eq!(names(&juju.cluster, Kind::Service), vec![service_name()]);
    assert_eq!(
        rendered(&juju.cluster, Kind::Service, &service_name()),
        expected_service(port)
    );
    assert_eq!(names(&juju.cluster, Kind::HttpRoute), vec![route_name()]);
    assert_eq!(
        rendered(&juju.cluster, Kind::HttpRoute, &route_name()),
        expected_route(paths, port)
    );
}

/// The configurator's `gateway-route` request bag (v0 wire format).
fn request_bag(paths: &str, port: &str) -> Value {
    json!({
        "hostname": "\"myapp.com\"",
        "model": "\"m\"",
        "name": "\"myapp\"",
        "paths": paths,
        "port": port,
    })
}

fn workload_bags(port: &str) -> Value {
    json!({"ingress:1": {
        "app": {"model": "\"m\"", "name": "\"myapp\"", "port": port},
        "units": {
            "myapp/0": {
                "host": "\"myapp-0.myapp-endpoints.m.svc.cluster.local\"",
                "ip": "\"192.0.2.0\"",
            },
            "myapp/1": {
                "host": "\"myapp-1.myapp-endpoints.m.svc.cluster.local\"",
                "ip": "\"192.0.2.1\"",
            },
        },
    }})
}

fn integrator_active() -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
    )))
}

fn blocked(message: &str) -> Option<Status> {
    Some(Status::Blocked(message.to_owned()))
}

const MISSING_INGRESS: &str = "Missing 'ingress' relation: run `juju integrate \
                               gateway-route-configurator:ingress <workload>`";
const MISSING_ROUTE: &str = "Missing 'gateway-route' relation: run `juju integrate \
                             gateway-route-configurator:gateway-route gateway-api-integrator`";

/// Deployed and configured as in the seed: `hostname=myapp.com`, `paths=/foo,/bar`; the
/// integrator on plain HTTP.
fn configured() -> Juju {
    let mut juju = Juju::deploy();
    juju.config(
        Charm::Configurator,
        &[
            ("hostname", json!("myapp.com")),
            ("paths", json!("/foo,/bar")),
        ],
    );
    juju.config(
        Charm::Integrator,
        &[
            ("gateway-class", json!("cilium")),
            ("enforce-https", json!(false)),
        ],
    );
    juju
}

// ---------------------------------------------------------------- the sequence

#[test]
fn seed_example_across_three_charms() {
    let mut juju = configured();
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_INGRESS));

    // workload ↔ configurator: the request is complete except for the integrator.
    let from = juju.hooks.len();
    juju.relate_workload_to_configurator();
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-route-configurator/0: ingress-relation-created",
            "gateway-route-configurator/0: ingress-relation-joined",
            "gateway-route-configurator/0: ingress-relation-changed",
            "gateway-route-configurator/0: ingress-relation-joined",
            "gateway-route-configurator/0: ingress-relation-changed",
        ]
    );
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(juju.workload.received, Some(Databag::new()));

    // configurator ↔ integrator, then the Gateway gets its address.
    let from = juju.hooks.len();
    juju.relate_configurator_to_integrator();
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-route-configurator/0: gateway-route-relation-created",
            "gateway-api-integrator/0: gateway-route-relation-created",
            "gateway-route-configurator/0: gateway-route-relation-joined",
            "gateway-route-configurator/0: gateway-route-relation-changed",
            "gateway-api-integrator/0: gateway-route-relation-joined",
            // The integrator's changed hook sees the request the configurator wrote when the
            // integrator's unit joined and creates the objects, but publishes no endpoints
            // while the Gateway has no address (nothing would reach the routes).
            "gateway-api-integrator/0: gateway-route-relation-changed",
        ]
    );
    assert_objects(&juju, &["/foo", "/bar"], 8080);
    assert_eq!(
        juju.integrator.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
    assert_eq!(
        juju.integrator
            .get_relation(ROUTE_ID)
            .unwrap()
            .local_app_data,
        Databag::new()
    );
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Waiting(
            "Waiting for gateway route endpoints".into()
        ))
    );
    assert_eq!(juju.workload.received, Some(Databag::new()));

    // The Gateway gets its address: the integrator's next hook answers, and the configurator
    // hands the first path's URL to the workload.
    let from = juju.hooks.len();
    juju.gateway_gets_address();
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-api-integrator/0: update-status",
            "gateway-route-configurator/0: gateway-route-relation-changed",
        ]
    );

    assert_eq!(
        juju.written_bags(),
        json!({
            WORKLOAD: workload_bags("8080"),
            CONFIGURATOR: {
                "ingress:1": {
                    "app": {"ingress": "{\"url\": \"http://myapp.com/foo\"}"},
                    "unit": {},
                },
                "gateway-route:2": {"app": request_bag("[\"/foo\", \"/bar\"]", "8080"), "unit": {}},
            },
            APP: {
                "gateway-route:2": {
                    "app": {"endpoints": "[\"http://myapp.com/foo\", \"http://myapp.com/bar\"]"},
                    "unit": {},
                },
            },
        })
    );
    assert_eq!(
        juju.workload.received,
        Some(Databag::from([(
            "ingress".to_owned(),
            "{\"url\": \"http://myapp.com/foo\"}".to_owned()
        )]))
    );
    assert_objects(&juju, &["/foo", "/bar"], 8080);
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Active("Serving http://myapp.com/foo".into()))
    );
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();

    // The workload moves to port 9090; the operator changes the paths.
    let from = juju.hooks.len();
    juju.workload_sets("port", "9090");
    // The integrator's answer to the new request is byte-identical to the old one, so Juju
    // fires no relation-changed on the configurator: the hook that sent the new request
    // already accepted the answer it had, which lists exactly the URLs the request implies.
    assert_eq!(
        juju.hooks_since(from),
        [
            "gateway-route-configurator/0: ingress-relation-changed",
            "gateway-api-integrator/0: gateway-route-relation-changed",
        ]
    );
    assert_objects(&juju, &["/foo", "/bar"], 9090);
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Active("Serving http://myapp.com/foo".into()))
    );
    assert_eq!(
        juju.workload.received,
        Some(Databag::from([(
            "ingress".to_owned(),
            "{\"url\": \"http://myapp.com/foo\"}".to_owned()
        )]))
    );
    juju.assert_quiet();
    juju.config(Charm::Configurator, &[("paths", json!("/api,/foo"))]);
    assert_objects(&juju, &["/api", "/foo"], 9090);
    assert_eq!(
        juju.written_bags(),
        json!({
            WORKLOAD: workload_bags("9090"),
            CONFIGURATOR: {
                "ingress:1": {
                    "app": {"ingress": "{\"url\": \"http://myapp.com/api\"}"},
                    "unit": {},
                },
                "gateway-route:2": {"app": request_bag("[\"/api\", \"/foo\"]", "9090"), "unit": {}},
            },
            APP: {
                "gateway-route:2": {
                    "app": {"endpoints": "[\"http://myapp.com/api\", \"http://myapp.com/foo\"]"},
                    "unit": {},
                },
            },
        })
    );
    assert_eq!(
        juju.configurator.unit_status,
        Some(Status::Active("Serving http://myapp.com/api".into()))
    );
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();

    // configurator ↛ integrator: the objects go, the workload's URL is withdrawn.
    juju.break_configurator_from_integrator();
    assert!(names(&juju.cluster, Kind::Service).is_empty());
    assert!(names(&juju.cluster, Kind::HttpRoute).is_empty());
    assert_eq!(juju.workload.received, Some(Databag::new()));
    assert_eq!(
        juju.written_bags(),
        json!({
            WORKLOAD: workload_bags("9090"),
            CONFIGURATOR: {"ingress:1": {"app": {}, "unit": {}}},
            APP: {},
        })
    );
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();

    // workload ↛ configurator.
    juju.break_workload_from_configurator();
    assert_eq!(
        juju.written_bags(),
        json!({WORKLOAD: {}, CONFIGURATOR: {}, APP: {}})
    );
    assert_eq!(juju.configurator.unit_status, blocked(MISSING_INGRESS));
    assert_eq!(juju.integrator.unit_status, integrator_active());
    juju.assert_quiet();
}
