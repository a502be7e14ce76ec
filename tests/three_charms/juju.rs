//! The small Juju model between the three applications: it deploys, configures, relates and
//! breaks them, copies databags across relations and fires the hooks Juju would, until nothing
//! changes any more.

use integrator_fixtures as support;

use std::collections::BTreeMap;

use charm_cluster::{InMemoryCluster, Verb};
use gateway_api_integrator::charm as integrator;
use gateway_route_configurator::charm as configurator;
use juju_hook::{Databag, Event};
use juju_hook_testing::{Context, EventExt, Relation, State};
use serde_json::{Value, json};
use support::APP;

use crate::charm::Charm;
use crate::workload::{Workload, golden_bags};
use crate::{ADDRESS, CONFIGURATOR, INGRESS_ID, MODEL, ROUTE_ID, WORKLOAD};

const MODEL_UUID: &str = "9b112ac5-74a7-421f-8a54-c5e17df42337";
/// Rounds of relation-changed a step may take before it must have settled.
const MAX_ROUNDS: usize = 10;

/// Juju between the three applications: each charm's [`State`], the workload's bags, the
/// cluster, and the hooks fired so far.
pub struct Juju {
    pub workload: Workload,
    pub configurator: State,
    pub integrator: State,
    pub cluster: InMemoryCluster,
    /// `<unit>: <hook>` for every hook run, in order.
    pub hooks: Vec<String>,
}

impl Juju {
    /// `juju deploy` of the three applications: install, leader-elected, config-changed, start
    /// on the two charms.
    pub fn deploy() -> Self {
        let mut cluster = InMemoryCluster::new(MODEL);
        cluster.add_gateway_class("cilium");
        let mut juju = Juju {
            workload: Workload::default(),
            configurator: State::new(CONFIGURATOR)
                .leader(true)
                .model(MODEL, MODEL_UUID),
            integrator: State::new(APP)
                .leader(true)
                .model(MODEL, MODEL_UUID)
                .relation(integrator_fixtures::peer_relation()),
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
    pub fn config(&mut self, charm: Charm, options: &[(&str, Value)]) {
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
    pub fn relate_workload_to_configurator(&mut self) {
        let relation = Relation::new("ingress", "ingress", INGRESS_ID, WORKLOAD);
        self.configurator.relations.push(relation.clone());
        self.fire(Charm::Configurator, Event::relation_created(&relation));
        // The workload's ingress library publishes its request on its own relation hooks.
        (self.workload.app, self.workload.units) = golden_bags();
        self.workload.received = Some(Databag::new());
        let units: Vec<String> = self.workload.units.keys().cloned().collect();
        for unit in units {
            self.join(Charm::Configurator, INGRESS_ID, &unit);
        }
        self.settle();
    }

    /// `juju integrate configurator:gateway-route gateway-api-integrator`.
    pub fn relate_configurator_to_integrator(&mut self) {
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
    pub fn break_configurator_from_integrator(&mut self) {
        self.break_side(Charm::Configurator, ROUTE_ID);
        self.break_side(Charm::Integrator, ROUTE_ID);
        self.settle();
    }

    /// `juju remove-relation myapp configurator`.
    pub fn break_workload_from_configurator(&mut self) {
        self.break_side(Charm::Configurator, INGRESS_ID);
        self.workload.received = None;
        self.settle();
    }

    /// The workload changes its request (its app bag) and Juju tells the configurator.
    pub fn workload_sets(&mut self, key: &str, value: &str) {
        self.workload.app.insert(key.to_owned(), value.to_owned());
        self.settle();
    }

    /// The Gateway gets its address; update-status on the integrator notices it.
    pub fn gateway_gets_address(&mut self) {
        assert!(self.cluster.set_gateway_address(APP, ADDRESS));
        self.fire(Charm::Integrator, Event::UpdateStatus);
        self.settle();
    }

    /// Hooks fired since `from`.
    pub fn hooks_since(&self, from: usize) -> Vec<&str> {
        self.hooks[from..].iter().map(String::as_str).collect()
    }

    /// Every bag every party wrote, as JSON (values are the exact databag strings).
    pub fn written_bags(&self) -> Value {
        let relations = |state: &State| -> Value {
            // The integrator's peer relation holds its hook record, not data for a peer.
            state
                .relations
                .iter()
                .filter(|r| r.endpoint != "integrator-peers")
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
    pub fn assert_quiet(&mut self) {
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
