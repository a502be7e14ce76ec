//! The simulated model: the integrator and the configurator as real charm code on in-memory
//! Juju state, an in-memory cluster with a pretend Gateway controller, a local CA as the
//! certificates provider, and workloads as plain ingress requirer databags.

use charm_cluster::InMemoryCluster;
use juju_hook::Event;
use juju_hook_testing::{CharmMetadata, Context, EventExt, Relation, State, databag};

use crate::DemoError;
use crate::local_ca::LocalCa;

/// The model (and namespace) of the demo.
pub const MODEL: &str = "demo";
/// The integrator's application name.
pub const INTEGRATOR: &str = "gateway-api-integrator";
/// The configurator's application name.
pub const CONFIGURATOR: &str = "blog-route";
/// The certificates provider's application name.
pub const PROVIDER: &str = "self-signed-certificates";
/// The address the pretend Gateway controller assigns.
pub const GATEWAY_ADDRESS: &str = "10.43.45.0";
/// The GatewayClass the cluster offers.
pub const GATEWAY_CLASS: &str = "cilium";

/// Relation ids (model-wide in Juju, so both sides use the same id).
pub mod ids {
    /// integrator:gateway ↔ flask:ingress.
    pub const FLASK_INGRESS: u64 = 3;
    /// integrator:certificates ↔ self-signed-certificates.
    pub const CERTIFICATES: u64 = 4;
    /// integrator:gateway-route ↔ blog-route:gateway-route.
    pub const GATEWAY_ROUTE: u64 = 5;
    /// blog-route:ingress ↔ blog:ingress.
    pub const BLOG_INGRESS: u64 = 6;
    /// The integrator's peer relation.
    pub const PEERS: u64 = 1;
}

const MODEL_UUID: &str = "6d3a8e0c-2b1f-4c5e-9a7d-0f1e2d3c4b5a";

/// Everything the demo simulates.
pub struct World {
    integrator_ctx: Context,
    configurator_ctx: Context,
    /// The integrator's Juju state (leader unit 0).
    pub integrator: State,
    /// The configurator's Juju state, once deployed.
    pub configurator: Option<State>,
    /// The cluster.
    pub cluster: InMemoryCluster,
    pub(crate) ca: Option<LocalCa>,
    /// Hooks and notes of the current step, for the report.
    pub log: Vec<String>,
    /// The model (and namespace) the integrator runs in.
    pub model: String,
    /// The address the pretend Gateway controller assigns.
    pub gateway_address: String,
}

fn metadata_error(error: impl std::fmt::Display) -> DemoError {
    DemoError::Setup(error.to_string())
}

impl World {
    /// A fresh model [`MODEL`] with an empty cluster offering [`GATEWAY_CLASS`].
    pub fn new() -> Result<World, DemoError> {
        World::in_model(MODEL, GATEWAY_CLASS, GATEWAY_ADDRESS)
    }

    /// A fresh model `model` with an empty cluster offering `gateway_class`, whose pretend
    /// controller gives the Gateway `gateway_address`.
    pub fn in_model(
        model: &str,
        gateway_class: &str,
        gateway_address: &str,
    ) -> Result<World, DemoError> {
        let integrator_meta = CharmMetadata::parse(
            include_str!("../../charmcraft.yaml"),
            Some(include_str!("../../config.yaml")),
            Some(include_str!("../../actions.yaml")),
        )
        .map_err(metadata_error)?;
        let configurator_meta = CharmMetadata::parse(
            include_str!("../../configurator/charmcraft.yaml"),
            Some(include_str!("../../configurator/config.yaml")),
            None,
        )
        .map_err(metadata_error)?;
        let mut cluster = InMemoryCluster::new(model);
        cluster.add_gateway_class(gateway_class);
        // Juju creates the peer relation on deploy; its bag keeps the integrator's hook record.
        let peers = Relation::new(
            "integrator-peers",
            "gateway_api_integrator_peers",
            ids::PEERS,
            INTEGRATOR,
        );
        Ok(World {
            integrator_ctx: Context::from_metadata(integrator_meta, "."),
            configurator_ctx: Context::from_metadata(configurator_meta, "."),
            integrator: State::new(INTEGRATOR)
                .leader(true)
                .model(model, MODEL_UUID)
                .relation(peers),
            configurator: None,
            cluster,
            ca: None,
            log: Vec::new(),
            model: model.to_owned(),
            gateway_address: gateway_address.to_owned(),
        })
    }

    /// Run one integrator hook with the real charm code.
    pub fn integrator_hook(&mut self, event: Event) -> Result<(), DemoError> {
        let label = describe(&event);
        let cluster = &mut self.cluster;
        let out = self
            .integrator_ctx
            .run(event, self.integrator.clone(), |ctx, tools| {
                gateway_api_integrator::charm::run(ctx, tools, cluster)
            })
            .map_err(|e| DemoError::Inconsistent(e.to_string()))?;
        self.log.push(format!("{INTEGRATOR}: {label}"));
        if let Err(error) = out.exit {
            return Err(DemoError::Hook {
                charm: INTEGRATOR,
                event: label,
                message: error.to_string(),
            });
        }
        self.integrator = out.state;
        Ok(())
    }

    /// Run one configurator hook with the real charm code.
    pub fn configurator_hook(&mut self, event: Event) -> Result<(), DemoError> {
        let Some(state) = self.configurator.clone() else {
            return Ok(());
        };
        let label = describe(&event);
        let out = self
            .configurator_ctx
            .run(event, state, gateway_route_configurator::charm::run)
            .map_err(|e| DemoError::Inconsistent(e.to_string()))?;
        self.log.push(format!("{CONFIGURATOR}: {label}"));
        if let Err(error) = out.exit {
            return Err(DemoError::Hook {
                charm: CONFIGURATOR,
                event: label,
                message: error.to_string(),
            });
        }
        self.configurator = Some(out.state);
        Ok(())
    }

    /// Run an integrator action; returns its results or its failure message.
    pub fn integrator_action(
        &mut self,
        name: &str,
        params: &[(&str, &str)],
    ) -> Result<Result<Vec<(String, String)>, String>, DemoError> {
        let mut state = self.integrator.clone();
        for (key, value) in params {
            state = state.action_param(*key, *value);
        }
        let cluster = &mut self.cluster;
        let out = self
            .integrator_ctx
            .run(Event::action(name), state, |ctx, tools| {
                gateway_api_integrator::charm::run(ctx, tools, cluster)
            })
            .map_err(|e| DemoError::Inconsistent(e.to_string()))?;
        self.log.push(format!("{INTEGRATOR}: action {name}"));
        if let Some(failure) = out.state.action_failure {
            return Ok(Err(failure));
        }
        if let Err(error) = out.exit {
            return Ok(Err(error.to_string()));
        }
        Ok(Ok(out.state.action_results.into_iter().collect()))
    }

    /// Deploy the configurator with its config (install, leader-elected, config-changed, start).
    pub fn deploy_configurator(&mut self, config: &[(&str, &str)]) -> Result<(), DemoError> {
        self.deploy_configurator_as(CONFIGURATOR, config)
    }

    /// [`World::deploy_configurator`] under the application name `app`.
    pub fn deploy_configurator_as(
        &mut self,
        app: &str,
        config: &[(&str, &str)],
    ) -> Result<(), DemoError> {
        let mut state = State::new(app).leader(true).model(&self.model, MODEL_UUID);
        for (key, value) in config {
            state = state.config(*key, *value);
        }
        self.configurator = Some(state);
        for event in [
            Event::Install,
            Event::LeaderElected,
            Event::ConfigChanged,
            Event::Start,
        ] {
            self.configurator_hook(event)?;
        }
        Ok(())
    }

    /// Add a relation to the configurator's state and run its created/joined/changed hooks.
    pub fn relate_configurator(
        &mut self,
        relation: Relation,
        unit: Option<&str>,
    ) -> Result<(), DemoError> {
        let Some(state) = self.configurator.take() else {
            return Ok(());
        };
        self.configurator = Some(state.relation(relation.clone()));
        self.configurator_hook(Event::relation_created(&relation))?;
        if let Some(unit) = unit {
            self.configurator_hook(Event::relation_joined(&relation, unit))?;
        }
        self.configurator_hook(Event::relation_changed(&relation, unit))
    }

    /// Add a relation to the integrator's state and run its created/joined/changed hooks.
    pub fn relate_integrator(
        &mut self,
        relation: Relation,
        unit: Option<&str>,
    ) -> Result<(), DemoError> {
        self.integrator = self.integrator.clone().relation(relation.clone());
        self.integrator_hook(Event::relation_created(&relation))?;
        if let Some(unit) = unit {
            self.integrator_hook(Event::relation_joined(&relation, unit))?;
        }
        self.integrator_hook(Event::relation_changed(&relation, unit))
    }

    /// `juju remove-relation`: departed for each remote unit, broken, then gone.
    pub fn break_integrator_relation(&mut self, id: u64) -> Result<(), DemoError> {
        let Some(relation) = self.integrator.get_relation(id).cloned() else {
            return Ok(());
        };
        let units: Vec<String> = relation.remote_units_data.keys().cloned().collect();
        for unit in &units {
            self.integrator_hook(Event::relation_departed(&relation, unit, unit))?;
        }
        self.integrator_hook(Event::relation_broken(&relation))?;
        self.integrator.relations.retain(|r| r.id != id);
        Ok(())
    }
}

/// A workload's ingress requirer data (ingress v2, as the charm library writes it).
pub fn workload_ingress(endpoint: &str, id: u64, app: &str, model: &str, port: u16) -> Relation {
    Relation::new(endpoint, "ingress", id, app)
        .remote_app_data(databag([
            ("model", format!("\"{model}\"")),
            ("name", format!("\"{app}\"")),
            ("port", port.to_string()),
        ]))
        .remote_unit(
            format!("{app}/0"),
            databag([(
                "host",
                format!("\"{app}-0.{app}-endpoints.{model}.svc.cluster.local\""),
            )]),
        )
}

/// `install`, `gateway-relation-changed`, … for the report.
fn describe(event: &Event) -> String {
    match event {
        Event::Relation { kind, relation, .. } => {
            format!("{}-relation-{}", relation.endpoint, kind_name(kind))
        }
        Event::Action { name, .. } => format!("action {name}"),
        other => format!("{other:?}")
            .chars()
            .fold(String::new(), |mut out, c| {
                if c.is_uppercase() && !out.is_empty() {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
                out
            }),
    }
}

fn kind_name(kind: &juju_hook::RelationEventKind) -> String {
    format!("{kind:?}").to_lowercase()
}
