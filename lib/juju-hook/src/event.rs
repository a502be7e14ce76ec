//! The event Juju dispatched this process for, parsed from the hook environment.
//!
//! `JUJU_DISPATCH_PATH` is the single source of truth for which event this is; the per-event
//! variables (juju-runtime.md §1.3) fill in the details. The parser is `HookContext::from_env`.

use std::path::PathBuf;

use crate::relation::RelationId;

/// Which stage of a relation's life a relation hook reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationEventKind {
    Created,
    Joined,
    Changed,
    Departed,
    Broken,
}

/// Which secret hook fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretEventKind {
    Changed,
    Expired,
    Remove,
    Rotate,
}

/// One Juju event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Install,
    Start,
    Stop,
    Remove,
    ConfigChanged,
    UpgradeCharm,
    LeaderElected,
    LeaderSettingsChanged,
    UpdateStatus,
    /// `<endpoint>-relation-<kind>`.
    Relation {
        kind: RelationEventKind,
        relation: RelationId,
        /// `JUJU_REMOTE_APP`.
        remote_app: String,
        /// `JUJU_REMOTE_UNIT`; empty for created/broken and app-databag changes.
        remote_unit: Option<String>,
        /// `JUJU_DEPARTING_UNIT`, departed only.
        departing_unit: Option<String>,
    },
    /// `secret-<kind>`.
    Secret {
        kind: SecretEventKind,
        /// `JUJU_SECRET_ID`.
        id: String,
        /// `JUJU_SECRET_LABEL` (None when empty).
        label: Option<String>,
        /// `JUJU_SECRET_REVISION` (remove and expired only).
        revision: Option<u64>,
    },
    /// `actions/<name>`.
    Action {
        name: String,
        /// `JUJU_ACTION_UUID`.
        id: String,
    },
}

/// The facts every hook gets, plus the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookContext {
    pub event: Event,
    /// `JUJU_UNIT_NAME`, e.g. `gateway-api-integrator/0`.
    pub unit_name: String,
    /// The application name: `unit_name` before the `/`.
    pub app_name: String,
    /// `JUJU_MODEL_NAME`.
    pub model_name: String,
    /// `JUJU_MODEL_UUID`.
    pub model_uuid: String,
    /// `JUJU_VERSION`.
    pub juju_version: String,
    /// `JUJU_CHARM_DIR`.
    pub charm_dir: PathBuf,
}
