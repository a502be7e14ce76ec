//! The event Juju dispatched this process for, parsed from the hook environment.
//!
//! `JUJU_DISPATCH_PATH` is the single source of truth for which event this is; the per-event
//! variables (juju-runtime.md §1.3) fill in the details. The parser is `HookContext::from_env`
//! (in `event/environment.rs`).

mod environment;

use std::path::PathBuf;

use crate::relation::RelationId;

/// Which stage of a relation's life a relation hook reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationEventKind {
    /// `-relation-created`: the relation exists, before any remote unit joined.
    Created,
    /// `-relation-joined`: a remote unit entered the relation.
    Joined,
    /// `-relation-changed`: a remote databag changed (also right after each join).
    Changed,
    /// `-relation-departed`: a remote unit left the relation.
    Departed,
    /// `-relation-broken`: the relation is being removed.
    Broken,
}

/// Which secret hook fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretEventKind {
    /// `secret-changed` (consumer): the owner published a new revision.
    Changed,
    /// `secret-expired` (owner): a revision reached its expiry time.
    Expired,
    /// `secret-remove` (owner): no consumer tracks a revision any more.
    Remove,
    /// `secret-rotate` (owner): the rotation policy says it is time for new content.
    Rotate,
}

/// One Juju event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `install`: the first hook of a unit.
    Install,
    /// `start`: after install (and after a restart of the unit's machine or pod).
    Start,
    /// `stop`: the unit is about to be removed or its machine shut down.
    Stop,
    /// `remove`: the last hook of a unit.
    Remove,
    /// `config-changed`: after install, upgrades and every change of `juju config`.
    ConfigChanged,
    /// `upgrade-charm`: a new charm revision was deployed.
    UpgradeCharm,
    /// `leader-elected`: this unit became the leader.
    LeaderElected,
    /// `leader-settings-changed`: the (deprecated) leader settings changed.
    LeaderSettingsChanged,
    /// `update-status`: the periodic health check.
    UpdateStatus,
    /// `<endpoint>-relation-<kind>`.
    Relation {
        /// Which relation hook.
        kind: RelationEventKind,
        /// `JUJU_RELATION_ID`, as `<endpoint>:<id>`.
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
        /// Which secret hook.
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
        /// The action's name, as in `actions/<name>` (`JUJU_ACTION_NAME`).
        name: String,
        /// `JUJU_ACTION_UUID`.
        id: String,
    },
}

/// The facts every hook gets, plus the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookContext {
    /// The event being handled.
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

/// Why the hook environment could not be turned into a [`HookContext`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    /// A variable this event needs is unset (or empty where emptiness makes no sense).
    #[error("missing required environment variable {var}")]
    MissingVar {
        /// The variable's name.
        var: &'static str,
    },
    /// A variable is set but its value cannot be parsed.
    #[error("environment variable {var}={value:?} is malformed: {reason}")]
    MalformedVar {
        /// The variable's name.
        var: &'static str,
        /// Its value.
        value: String,
        /// What is wrong with the value.
        reason: &'static str,
    },
    /// `JUJU_DISPATCH_PATH` names a hook this runtime does not know (e.g. a pebble or storage hook).
    #[error("unknown hook {name:?} in JUJU_DISPATCH_PATH")]
    UnknownHook {
        /// The hook name, the last part of `JUJU_DISPATCH_PATH`.
        name: String,
    },
    /// `JUJU_RELATION_ID` (or `JUJU_RELATION`) belongs to another endpoint than the hook's.
    #[error("{var}={value:?} does not belong to endpoint {endpoint:?} of this hook")]
    EndpointMismatch {
        /// `JUJU_RELATION_ID` or `JUJU_RELATION`.
        var: &'static str,
        /// Its value.
        value: String,
        /// The endpoint in the hook name (`<endpoint>-relation-<kind>`).
        endpoint: String,
    },
    /// `JUJU_ACTION_NAME` differs from the action named by `JUJU_DISPATCH_PATH`.
    #[error("JUJU_ACTION_NAME={value:?} does not match dispatched action {action:?}")]
    ActionNameMismatch {
        /// The value of `JUJU_ACTION_NAME`.
        value: String,
        /// The action `JUJU_DISPATCH_PATH` names.
        action: String,
    },
}
impl RelationEventKind {
    /// The hook-name suffix after `-relation-`.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationEventKind::Created => "created",
            RelationEventKind::Joined => "joined",
            RelationEventKind::Changed => "changed",
            RelationEventKind::Departed => "departed",
            RelationEventKind::Broken => "broken",
        }
    }

    const ALL: [RelationEventKind; 5] = [
        RelationEventKind::Created,
        RelationEventKind::Joined,
        RelationEventKind::Changed,
        RelationEventKind::Departed,
        RelationEventKind::Broken,
    ];
}

impl SecretEventKind {
    /// The hook-name suffix after `secret-`.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretEventKind::Changed => "changed",
            SecretEventKind::Expired => "expired",
            SecretEventKind::Remove => "remove",
            SecretEventKind::Rotate => "rotate",
        }
    }

    const ALL: [SecretEventKind; 4] = [
        SecretEventKind::Changed,
        SecretEventKind::Expired,
        SecretEventKind::Remove,
        SecretEventKind::Rotate,
    ];
}

/// Hooks without per-event variables, by hook name.
const SIMPLE_HOOKS: [(&str, Event); 9] = [
    ("install", Event::Install),
    ("start", Event::Start),
    ("stop", Event::Stop),
    ("remove", Event::Remove),
    ("config-changed", Event::ConfigChanged),
    ("upgrade-charm", Event::UpgradeCharm),
    ("leader-elected", Event::LeaderElected),
    ("leader-settings-changed", Event::LeaderSettingsChanged),
    ("update-status", Event::UpdateStatus),
];

impl Event {
    /// The `JUJU_DISPATCH_PATH` Juju uses for this event: `hooks/<name>` or `actions/<name>`.
    pub fn dispatch_path(&self) -> String {
        match self {
            Event::Action { name, .. } => format!("actions/{name}"),
            _ => format!("hooks/{}", self.hook_name()),
        }
    }

    /// `JUJU_HOOK_NAME`: the hook's name, empty for actions (as Juju sets it).
    pub fn hook_name(&self) -> String {
        match self {
            Event::Relation { kind, relation, .. } => {
                format!("{}-relation-{}", relation.endpoint, kind.as_str())
            }
            Event::Secret { kind, .. } => format!("secret-{}", kind.as_str()),
            Event::Action { .. } => String::new(),
            simple => SIMPLE_HOOKS
                .iter()
                .find(|(_, event)| event == simple)
                .map(|(name, _)| (*name).to_owned())
                .unwrap_or_default(),
        }
    }
}
