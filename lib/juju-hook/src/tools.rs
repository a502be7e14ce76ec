//! The [`HookTools`] trait: every Juju hook tool the charms use, typed.
//!
//! The real implementation (`ProcessHookTools`, in `process.rs`) runs the tools as processes; the
//! in-memory one lives in the `juju-hook-testing` crate. Charm code only ever sees this trait.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::ToolError;
use crate::relation::RelationId;
use crate::status::{Status, StatusScope};

/// A databag: string keys to string values, as Juju stores them.
pub type Databag = BTreeMap<String, String>;

/// Whose databag a `relation-get` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabagOwner {
    /// A unit's databag (local or remote), e.g. `ingress-requirer/0`.
    Unit(String),
    /// An application's databag (local or remote), e.g. `ingress-requirer`.
    App(String),
}

/// Which local databag a `relation-set` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabagScope {
    /// This unit's databag.
    Unit,
    /// This application's databag (leader only).
    App,
}

/// Log levels accepted by `juju-log --log-level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    /// `TRACE`: step-by-step detail.
    Trace,
    /// `DEBUG`: what a developer needs to follow a hook.
    Debug,
    /// `INFO`: what the charm did.
    Info,
    /// `WARNING`: something is off but the hook goes on.
    Warning,
    /// `ERROR`: the hook could not do its job.
    Error,
}

impl LogLevel {
    /// The spelling `juju-log --log-level` expects.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Trace => "TRACE",
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Warning => "WARNING",
            LogLevel::Error => "ERROR",
        }
    }
}

/// Owner of a new secret (`secret-add --owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretOwner {
    /// `--owner application`: the application's secret, managed by the leader.
    Application,
    /// `--owner unit`: this unit's own secret.
    Unit,
}

/// Options of `secret-add` / `secret-set`. `None` leaves a field out of argv.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretOptions {
    /// `--label`: the name this charm finds the secret by.
    pub label: Option<String>,
    /// `--description`: free text for the operator (`juju show-secret`).
    pub description: Option<String>,
    /// RFC 3339 timestamp or Go duration, as `--expire` takes it.
    pub expire: Option<String>,
    /// Rotation policy name (`hourly`, `daily`, …).
    pub rotate: Option<String>,
    /// `None` means the tool default (`application` for `secret-add`).
    pub owner: Option<SecretOwner>,
}

/// How to select a secret for `secret-get` / `secret-info-get`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSelector {
    /// By URI, e.g. `secret:cq2…`.
    Id(String),
    /// By the label this charm gave or saw it with.
    Label(String),
}

/// Which revision `secret-get` returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SecretRead {
    /// The revision this unit tracks.
    #[default]
    Tracked,
    /// Start tracking the latest revision and return it (`--refresh`).
    Refresh,
    /// Return the latest revision without tracking it (`--peek`).
    Peek,
}

/// What `secret-info-get` says of one secret (owner side).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretInfo {
    /// The secret's URI, `secret:<id>`.
    pub id: String,
    /// The latest revision.
    pub revision: u64,
    /// The label this charm gave it, if any.
    pub label: Option<String>,
    /// `application` or `unit`.
    pub owner: Option<String>,
    /// The description, if any.
    pub description: Option<String>,
    /// When the latest revision expires (RFC 3339), if it does.
    pub expiry: Option<String>,
    /// The rotation policy (`hourly`, `daily`, …), if any.
    pub rotation: Option<String>,
}

/// Every hook tool the charms call. One method = one process (one round trip to the unit agent)
/// in the real implementation, so callers read each thing once per hook.
pub trait HookTools {
    /// `config-get --all --format=json`: every option, unset ones as `null`.
    fn config_get(&mut self) -> Result<Map<String, Value>, ToolError>;
    /// `is-leader --format=json`.
    fn is_leader(&mut self) -> Result<bool, ToolError>;
    /// `goal-state --format=json`: this application's units and where Juju takes them.
    fn goal_state(&mut self) -> Result<crate::GoalState, ToolError>;
    /// `relation-ids <endpoint> --format=json`.
    fn relation_ids(&mut self, endpoint: &str) -> Result<Vec<RelationId>, ToolError>;
    /// `relation-list -r <id> --format=json`: the remote units.
    fn relation_list(&mut self, relation: &RelationId) -> Result<Vec<String>, ToolError>;
    /// `relation-list -r <id> --app --format=json`: the remote application's name.
    fn relation_remote_app(&mut self, relation: &RelationId) -> Result<Option<String>, ToolError>;
    /// `relation-get --format=json -r <id> [--app] - <owner>`: a whole databag.
    fn relation_get(
        &mut self,
        relation: &RelationId,
        owner: &DatabagOwner,
    ) -> Result<Databag, ToolError>;
    /// `relation-set -r <id> [--app] --file -` with a JSON map on stdin. An empty value deletes
    /// the key.
    fn relation_set(
        &mut self,
        relation: &RelationId,
        scope: DatabagScope,
        changes: &Databag,
    ) -> Result<(), ToolError>;
    /// `status-set [--application] <status> [-- <message>]`.
    fn status_set(&mut self, scope: StatusScope, status: &Status) -> Result<(), ToolError>;
    /// `action-get --format=json`: the action's parameters.
    fn action_get(&mut self) -> Result<Map<String, Value>, ToolError>;
    /// `action-set k=v …` (keys may be dotted).
    fn action_set(&mut self, results: &BTreeMap<String, String>) -> Result<(), ToolError>;
    /// `action-fail -- <message>`.
    fn action_fail(&mut self, message: &str) -> Result<(), ToolError>;
    /// `secret-add [options] key#file=<0600 file> …`; returns the new secret's URI.
    fn secret_add(
        &mut self,
        content: &BTreeMap<String, String>,
        options: &SecretOptions,
    ) -> Result<String, ToolError>;
    /// `secret-get --format=json (<id> | --label L) [--refresh | --peek]`.
    fn secret_get(
        &mut self,
        selector: &SecretSelector,
        read: SecretRead,
    ) -> Result<BTreeMap<String, String>, ToolError>;
    /// `secret-set <id> [options] key#file=<0600 file> …`: a new revision.
    fn secret_set(
        &mut self,
        id: &str,
        content: &BTreeMap<String, String>,
        options: &SecretOptions,
    ) -> Result<(), ToolError>;
    /// `secret-remove <id> [--revision N]`.
    fn secret_remove(&mut self, id: &str, revision: Option<u64>) -> Result<(), ToolError>;
    /// `secret-info-get --format=json (<id> | --label L)`.
    fn secret_info_get(&mut self, selector: &SecretSelector) -> Result<SecretInfo, ToolError>;
    /// `secret-ids --format=json`: the secrets this charm owns.
    fn secret_ids(&mut self) -> Result<Vec<String>, ToolError>;
}
