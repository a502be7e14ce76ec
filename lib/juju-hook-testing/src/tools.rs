//! [`StateTools`]: an in-memory [`HookTools`](juju_hook::HookTools) over a [`State`], enforcing
//! Juju's rules.
//!
//! Errors carry the `stderr` text the real tools print (`ERROR …`), so the fake hook-tool binary
//! (which runs this same code) prints exactly what the in-memory harness reports, and
//! `ProcessHookTools`' stderr classification sees realistic input.

mod checks;
mod errors;
mod hook_tools;

use juju_hook::{LogLevel, RelationId, SecretSelector, ToolError};
use serde_json::{Map, Value};

use crate::calls::ToolCalls;
use crate::state::{JujuLogLine, Relation, Secret, SecretOwnership, State, strip_secret_prefix};
pub(crate) use errors::relation_not_found;
pub use errors::{exit_code, stderr_of};
use errors::{not_leader, other, secret_not_found};

/// In-memory hook tools for one hook run.
pub struct StateTools<'a> {
    state: &'a mut State,
    config_defaults: Map<String, Value>,
    action_running: bool,
    calls: ToolCalls,
}

impl<'a> StateTools<'a> {
    /// Tools over `state`, outside an action, with no config defaults.
    pub fn new(state: &'a mut State) -> Self {
        Self {
            state,
            config_defaults: Map::new(),
            action_running: false,
            calls: ToolCalls::default(),
        }
    }

    /// What `config-get --all` reports for options the user did not set (`null` for options
    /// without a default), e.g. [`crate::CharmMetadata::config_defaults`].
    pub fn with_config_defaults(mut self, defaults: Map<String, Value>) -> Self {
        self.config_defaults = defaults;
        self
    }

    /// Whether an action is running (`action-*` tools fail outside one).
    pub fn in_action(mut self, running: bool) -> Self {
        self.action_running = running;
        self
    }

    /// The calls made so far.
    pub fn calls(&self) -> &ToolCalls {
        &self.calls
    }

    /// Give the counts back.
    pub fn into_calls(self) -> ToolCalls {
        self.calls
    }

    /// The state as the hook left it so far.
    pub fn state(&self) -> &State {
        self.state
    }

    /// `juju-log`: record one log line. Not a [`HookTools`](juju_hook::HookTools) method:
    /// charms log through `tracing`, whose layer runs the `juju-log` tool directly; this answers
    /// it in the fake hook-tool binary.
    pub fn juju_log(&mut self, level: LogLevel, message: &str) {
        self.calls.record("juju-log");
        self.state.juju_log.push(JujuLogLine {
            level: level.as_str().to_owned(),
            message: message.to_owned(),
        });
    }

    /// `secret-get <id> --label L`: a consumer names a secret it reads by id.
    pub fn secret_set_label(&mut self, id: &str, label: &str) -> Result<(), ToolError> {
        let secret = self.secret_mut(&SecretSelector::Id(id.to_owned()), "secret-get")?;
        secret.label = Some(label.to_owned());
        Ok(())
    }

    fn relation(&self, tool: &str, id: &RelationId) -> Result<&Relation, ToolError> {
        self.state
            .relations
            .iter()
            .find(|r| r.id == id.id && r.endpoint == id.endpoint)
            .ok_or_else(|| relation_not_found(tool, &id.to_string()))
    }

    fn relation_mut(&mut self, tool: &str, id: &RelationId) -> Result<&mut Relation, ToolError> {
        self.state
            .relations
            .iter_mut()
            .find(|r| r.id == id.id && r.endpoint == id.endpoint)
            .ok_or_else(|| relation_not_found(tool, &id.to_string()))
    }

    fn secret_index(&self, selector: &SecretSelector, tool: &str) -> Result<usize, ToolError> {
        let found = match selector {
            SecretSelector::Id(id) => {
                let wanted = strip_secret_prefix(id);
                self.state
                    .secrets
                    .iter()
                    .position(|s| strip_secret_prefix(&s.id) == wanted)
            }
            SecretSelector::Label(label) => self
                .state
                .secrets
                .iter()
                .position(|s| s.label.as_deref() == Some(label)),
        };
        found.ok_or_else(|| secret_not_found(tool, selector))
    }

    fn secret_mut(
        &mut self,
        selector: &SecretSelector,
        tool: &str,
    ) -> Result<&mut Secret, ToolError> {
        let index = self.secret_index(selector, tool)?;
        Ok(&mut self.state.secrets[index])
    }

    /// A secret this unit may manage (set/remove): owned, and leader for app-owned ones.
    fn managed_secret_mut(&mut self, id: &str, tool: &str) -> Result<&mut Secret, ToolError> {
        let leader = self.state.leader;
        let secret = self.secret_mut(&SecretSelector::Id(id.to_owned()), tool)?;
        match secret.owner {
            None => Err(ToolError::PermissionDenied {
                tool: tool.to_owned(),
                stderr: format!("ERROR secret {:?}: permission denied", secret.id),
            }),
            Some(SecretOwnership::App) if !leader => {
                Err(not_leader(tool, "this unit is not the leader"))
            }
            Some(_) => Ok(secret),
        }
    }

    fn require_action(&self, tool: &str) -> Result<(), ToolError> {
        if self.action_running {
            Ok(())
        } else {
            Err(other(tool, 1, "not running an action"))
        }
    }

    fn fresh_secret_id(&self) -> String {
        (self.state.secrets.len() + 1..)
            .map(|n| format!("secret:d0fake{n:015}"))
            .find(|id| self.state.get_secret(id).is_none())
            .expect("an unused id exists")
    }
}
