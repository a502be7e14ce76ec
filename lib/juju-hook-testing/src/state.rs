//! The world a hook sees and leaves behind: config, relations, secrets, statuses, logs.
//!
//! `State` is plain data (serde round-trips it through the fake hook tools' JSON file). Builders
//! keep tests short:
//!
//! ```
//! use juju_hook_testing::{Relation, State};
//! let state = State::new("gateway-api-integrator")
//!     .leader(true)
//!     .config("external-hostname", "www.example.com")
//!     .relation(
//!         Relation::new("gateway", "ingress", 1, "flask")
//!             .remote_app_data([("name", "\"flask\"")])
//!             .remote_unit("flask/0", [("host", "\"10.0.0.1\"")]),
//!     );
//! assert_eq!(state.unit_name(), "gateway-api-integrator/0");
//! ```

mod relation;
mod secret;

use std::collections::BTreeMap;

use juju_hook::{Databag, Status};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::status_serde;
pub use relation::Relation;
pub(crate) use secret::strip_secret_prefix;
pub use secret::{Secret, SecretOwnership};

/// Collect `(key, value)` pairs into a [`Databag`].
pub fn databag<K: Into<String>, V: Into<String>>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Databag {
    pairs
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect()
}

/// The model the unit lives in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    /// `JUJU_MODEL_NAME`.
    pub name: String,
    /// `JUJU_MODEL_UUID`.
    pub uuid: String,
}

impl Default for Model {
    fn default() -> Self {
        Self {
            name: "test-model".into(),
            uuid: "00000000-0000-4000-8000-000000000000".into(),
        }
    }
}
/// One `juju-log` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JujuLogLine {
    /// `TRACE`, `DEBUG`, `INFO`, `WARNING` or `ERROR`.
    pub level: String,
    /// The logged text.
    pub message: String,
}

/// Everything the hook tools read and write for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The application name.
    pub app_name: String,
    /// The unit number (`<app>/<unit_id>`).
    pub unit_id: u32,
    /// The model the unit is in.
    pub model: Model,
    /// Whether this unit is the leader (`is-leader`).
    pub leader: bool,
    /// This application's units and their goal status (`goal-state`); empty means this unit
    /// alone, `active`.
    #[serde(default)]
    pub goal_units: BTreeMap<String, String>,
    /// Options the user set (`juju config`). Defaults come from the charm's config.yaml.
    #[serde(default)]
    pub config: Map<String, Value>,
    /// The unit's relations.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Secrets the unit owns or can read.
    #[serde(default)]
    pub secrets: Vec<Secret>,
    /// The current unit status; `None` until one is set.
    #[serde(default, with = "status_serde::option")]
    pub unit_status: Option<Status>,
    /// The current application status; `None` until one is set.
    #[serde(default, with = "status_serde::option")]
    pub app_status: Option<Status>,
    /// Parameters of the running action (`action-get`).
    #[serde(default)]
    pub action_params: Map<String, Value>,
    /// What the action `action-set`.
    #[serde(default)]
    pub action_results: BTreeMap<String, String>,
    /// The `action-fail` message (or the error of a failed action hook).
    #[serde(default)]
    pub action_failure: Option<String>,
    /// `juju-log` lines.
    #[serde(default)]
    pub juju_log: Vec<JujuLogLine>,
    /// Every unit status set, in order.
    #[serde(default, with = "status_serde::list")]
    pub unit_status_history: Vec<Status>,
    /// Every application status set, in order.
    #[serde(default, with = "status_serde::list")]
    pub app_status_history: Vec<Status>,
}

impl State {
    /// A fresh state for unit 0 of `app_name`: not leader, nothing set.
    pub fn new(app_name: impl Into<String>) -> Self {
        Self {
            app_name: app_name.into(),
            unit_id: 0,
            model: Model::default(),
            leader: false,
            goal_units: BTreeMap::new(),
            config: Map::new(),
            relations: Vec::new(),
            secrets: Vec::new(),
            unit_status: None,
            app_status: None,
            action_params: Map::new(),
            action_results: BTreeMap::new(),
            action_failure: None,
            juju_log: Vec::new(),
            unit_status_history: Vec::new(),
            app_status_history: Vec::new(),
        }
    }

    /// Set the goal status of `unit` (`goal-state`), e.g. `dying` while it is being removed.
    pub fn goal_unit(mut self, unit: impl Into<String>, status: impl Into<String>) -> Self {
        self.goal_units.insert(unit.into(), status.into());
        self
    }

    /// `<app>/<unit id>`.
    pub fn unit_name(&self) -> String {
        format!("{}/{}", self.app_name, self.unit_id)
    }

    /// Set leadership.
    pub fn leader(mut self, leader: bool) -> Self {
        self.leader = leader;
        self
    }

    /// Set the unit number.
    pub fn unit_id(mut self, unit_id: u32) -> Self {
        self.unit_id = unit_id;
        self
    }

    /// Set the model.
    pub fn model(mut self, name: impl Into<String>, uuid: impl Into<String>) -> Self {
        self.model = Model {
            name: name.into(),
            uuid: uuid.into(),
        };
        self
    }

    /// Set one config option.
    pub fn config(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.config.insert(key.into(), value.into());
        self
    }

    /// Add a relation.
    pub fn relation(mut self, relation: Relation) -> Self {
        self.relations.push(relation);
        self
    }

    /// Add a secret.
    pub fn secret(mut self, secret: Secret) -> Self {
        self.secrets.push(secret);
        self
    }

    /// Set one parameter of the action about to run.
    pub fn action_param(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.action_params.insert(key.into(), value.into());
        self
    }

    /// Set the unit status as it was before the hook.
    pub fn unit_status(mut self, status: Status) -> Self {
        self.unit_status = Some(status);
        self
    }

    /// Set the application status as it was before the hook.
    pub fn app_status(mut self, status: Status) -> Self {
        self.app_status = Some(status);
        self
    }

    /// The relation with this id, if any.
    pub fn get_relation(&self, id: u64) -> Option<&Relation> {
        self.relations.iter().find(|r| r.id == id)
    }

    /// Mutable access to the relation with this id.
    pub fn get_relation_mut(&mut self, id: u64) -> Option<&mut Relation> {
        self.relations.iter_mut().find(|r| r.id == id)
    }

    /// The secret with this URI, if any. Accepts the id with or without the `secret:` prefix.
    pub fn get_secret(&self, id: &str) -> Option<&Secret> {
        let wanted = strip_secret_prefix(id);
        self.secrets
            .iter()
            .find(|s| strip_secret_prefix(&s.id) == wanted)
    }

    /// The secret with this label, if any.
    pub fn get_secret_by_label(&self, label: &str) -> Option<&Secret> {
        self.secrets
            .iter()
            .find(|s| s.label.as_deref() == Some(label))
    }

    /// Juju's transaction rule for a hook that exited non-zero: relation data and secrets go
    /// back to what they were in `pre_hook`; statuses, logs and action output stay as the hook
    /// left them.
    pub fn discard_uncommitted(&mut self, pre_hook: &State) {
        self.relations = pre_hook.relations.clone();
        self.secrets = pre_hook.secrets.clone();
    }
}
