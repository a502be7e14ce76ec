//! [`StateTools`]: an in-memory [`HookTools`] over a [`State`], enforcing Juju's rules.
//!
//! Errors carry the `stderr` text the real tools print (`ERROR …`), so the fake hook-tool binary
//! (which runs this same code) prints exactly what the in-memory harness reports, and
//! `ProcessHookTools`' stderr classification sees realistic input.

use std::collections::BTreeMap;

use juju_hook::{
    DatabagOwner, DatabagScope, HookTools, LogLevel, RelationId, SecretInfo, SecretOptions,
    SecretOwner, SecretRead, SecretSelector, Status, StatusScope, ToolError,
};
use serde_json::{Map, Value};

use crate::calls::ToolCalls;
use crate::state::{JujuLogLine, Relation, Secret, SecretOwnership, State, strip_secret_prefix};

/// Top-level `action-set` keys Juju reserves for itself.
const RESERVED_ACTION_KEYS: [&str; 4] = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];

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

    /// `juju-log`: record one log line. Not a [`HookTools`] method: charms log through
    /// `tracing`, whose layer runs the `juju-log` tool directly; this answers it in the fake
    /// hook-tool binary.
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

impl HookTools for StateTools<'_> {
    fn config_get(&mut self) -> Result<Map<String, Value>, ToolError> {
        self.calls.record("config-get");
        let mut config = self.config_defaults.clone();
        config.extend(
            self.state
                .config
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        Ok(config)
    }

    fn is_leader(&mut self) -> Result<bool, ToolError> {
        self.calls.record("is-leader");
        Ok(self.state.leader)
    }

    fn relation_ids(&mut self, endpoint: &str) -> Result<Vec<RelationId>, ToolError> {
        self.calls.record("relation-ids");
        let mut ids: Vec<RelationId> = self
            .state
            .relations
            .iter()
            .filter(|r| r.endpoint == endpoint)
            .map(Relation::relation_id)
            .collect();
        ids.sort();
        Ok(ids)
    }

    fn relation_list(&mut self, relation: &RelationId) -> Result<Vec<String>, ToolError> {
        self.calls.record("relation-list");
        Ok(self
            .relation("relation-list", relation)?
            .remote_units_data
            .keys()
            .cloned()
            .collect())
    }

    fn relation_remote_app(&mut self, relation: &RelationId) -> Result<Option<String>, ToolError> {
        self.calls.record("relation-list");
        Ok(Some(
            self.relation("relation-list", relation)?.remote_app.clone(),
        ))
    }

    fn relation_get(
        &mut self,
        relation: &RelationId,
        owner: &DatabagOwner,
    ) -> Result<BTreeMap<String, String>, ToolError> {
        const TOOL: &str = "relation-get";
        self.calls.record(TOOL);
        let leader = self.state.leader;
        let app_name = self.state.app_name.clone();
        let unit_name = self.state.unit_name();
        let rel = self.relation(TOOL, relation)?;
        match owner {
            DatabagOwner::App(name) if *name == app_name => {
                // Peer relations: every unit reads the shared app databag.
                let peer = rel.remote_app == app_name;
                if leader || peer {
                    Ok(rel.local_app_data.clone())
                } else {
                    Err(ToolError::PermissionDenied {
                        tool: TOOL.to_owned(),
                        stderr: "ERROR permission denied".to_owned(),
                    })
                }
            }
            DatabagOwner::App(name) if *name == rel.remote_app => Ok(rel.remote_app_data.clone()),
            DatabagOwner::App(name) => Err(other(
                TOOL,
                1,
                &format!(
                    "cannot read settings for application {name:?} in relation {:?}: application not found",
                    relation.to_string()
                ),
            )),
            DatabagOwner::Unit(name) if *name == unit_name => Ok(rel.local_unit_data.clone()),
            DatabagOwner::Unit(name) => rel.remote_units_data.get(name).cloned().ok_or_else(|| {
                other(
                    TOOL,
                    1,
                    &format!(
                        "cannot read settings for unit {name:?} in relation {:?}: unit {name:?}: settings not found",
                        relation.to_string()
                    ),
                )
            }),
        }
    }

    fn relation_set(
        &mut self,
        relation: &RelationId,
        scope: DatabagScope,
        changes: &BTreeMap<String, String>,
    ) -> Result<(), ToolError> {
        const TOOL: &str = "relation-set";
        self.calls.record(TOOL);
        let leader = self.state.leader;
        let rel = self.relation_mut(TOOL, relation)?;
        let bag = match scope {
            DatabagScope::App if !leader => {
                return Err(not_leader(TOOL, "cannot write relation settings"));
            }
            DatabagScope::App => &mut rel.local_app_data,
            DatabagScope::Unit => &mut rel.local_unit_data,
        };
        for (key, value) in changes {
            if value.is_empty() {
                bag.remove(key);
            } else {
                bag.insert(key.clone(), value.clone());
            }
        }
        Ok(())
    }

    fn status_set(&mut self, scope: StatusScope, status: &Status) -> Result<(), ToolError> {
        self.calls.record("status-set");
        match scope {
            StatusScope::Application if !self.state.leader => Err(not_leader(
                "status-set",
                "setting application status: this unit is not the leader",
            )),
            StatusScope::Application => {
                self.state.app_status = Some(status.clone());
                self.state.app_status_history.push(status.clone());
                Ok(())
            }
            StatusScope::Unit => {
                self.state.unit_status = Some(status.clone());
                self.state.unit_status_history.push(status.clone());
                Ok(())
            }
        }
    }

    fn action_get(&mut self) -> Result<Map<String, Value>, ToolError> {
        self.calls.record("action-get");
        self.require_action("action-get")?;
        Ok(self.state.action_params.clone())
    }

    fn action_set(&mut self, results: &BTreeMap<String, String>) -> Result<(), ToolError> {
        self.calls.record("action-set");
        self.require_action("action-set")?;
        for key in results.keys() {
            check_action_key(key)?;
        }
        self.state
            .action_results
            .extend(results.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(())
    }

    fn action_fail(&mut self, message: &str) -> Result<(), ToolError> {
        self.calls.record("action-fail");
        self.require_action("action-fail")?;
        let message = if message.is_empty() {
            "action failed without reason given"
        } else {
            message
        };
        self.state.action_failure = Some(message.to_owned());
        Ok(())
    }

    fn secret_add(
        &mut self,
        content: &BTreeMap<String, String>,
        options: &SecretOptions,
    ) -> Result<String, ToolError> {
        const TOOL: &str = "secret-add";
        self.calls.record(TOOL);
        let owner = match options.owner.unwrap_or(SecretOwner::Application) {
            SecretOwner::Application => SecretOwnership::App,
            SecretOwner::Unit => SecretOwnership::Unit,
        };
        if owner == SecretOwnership::App && !self.state.leader {
            return Err(not_leader(TOOL, "this unit is not the leader"));
        }
        check_secret_content(TOOL, content)?;
        if let Some(label) = &options.label
            && self.state.get_secret_by_label(label).is_some()
        {
            return Err(other(
                TOOL,
                1,
                &format!("secret with label {label:?} already exists"),
            ));
        }
        let id = self.fresh_secret_id();
        self.state.secrets.push(Secret {
            id: id.clone(),
            label: options.label.clone(),
            owner: Some(owner),
            revisions: BTreeMap::from([(1, content.clone())]),
            tracked: 1,
            description: options.description.clone(),
            expire: options.expire.clone(),
            rotate: options.rotate.clone(),
        });
        Ok(id)
    }

    fn secret_get(
        &mut self,
        selector: &SecretSelector,
        read: SecretRead,
    ) -> Result<BTreeMap<String, String>, ToolError> {
        const TOOL: &str = "secret-get";
        self.calls.record(TOOL);
        let secret = self.secret_mut(selector, TOOL)?;
        let content = match read {
            SecretRead::Tracked => secret.tracked_content().cloned(),
            SecretRead::Peek => secret.latest_content().cloned(),
            SecretRead::Refresh => {
                secret.tracked = secret.latest_revision();
                secret.latest_content().cloned()
            }
        };
        content.ok_or_else(|| secret_not_found(TOOL, selector))
    }

    fn secret_set(
        &mut self,
        id: &str,
        content: &BTreeMap<String, String>,
        options: &SecretOptions,
    ) -> Result<(), ToolError> {
        const TOOL: &str = "secret-set";
        self.calls.record(TOOL);
        if !content.is_empty() {
            check_secret_content(TOOL, content)?;
        }
        let secret = self.managed_secret_mut(id, TOOL)?;
        if !content.is_empty() {
            let revision = secret.latest_revision() + 1;
            secret.revisions.insert(revision, content.clone());
        }
        let SecretOptions {
            label,
            description,
            expire,
            rotate,
            owner: _,
        } = options;
        for (field, value) in [
            (&mut secret.label, label),
            (&mut secret.description, description),
            (&mut secret.expire, expire),
            (&mut secret.rotate, rotate),
        ] {
            if value.is_some() {
                field.clone_from(value);
            }
        }
        Ok(())
    }

    fn secret_remove(&mut self, id: &str, revision: Option<u64>) -> Result<(), ToolError> {
        const TOOL: &str = "secret-remove";
        self.calls.record(TOOL);
        let secret = self.managed_secret_mut(id, TOOL)?;
        let remove_whole = match revision {
            Some(revision) => {
                if secret.revisions.remove(&revision).is_none() {
                    return Err(ToolError::SecretNotFound {
                        tool: TOOL.to_owned(),
                        stderr: format!("ERROR secret revision {revision} not found"),
                    });
                }
                secret.revisions.is_empty()
            }
            None => true,
        };
        if remove_whole {
            let wanted = strip_secret_prefix(id).to_owned();
            self.state
                .secrets
                .retain(|s| strip_secret_prefix(&s.id) != wanted);
        }
        Ok(())
    }

    fn secret_info_get(&mut self, selector: &SecretSelector) -> Result<SecretInfo, ToolError> {
        const TOOL: &str = "secret-info-get";
        self.calls.record(TOOL);
        let leader = self.state.leader;
        let secret = &self.state.secrets[self.secret_index(selector, TOOL)?];
        let owner = match secret.owner {
            Some(SecretOwnership::App) if leader => "application",
            Some(SecretOwnership::Unit) => "unit",
            _ => return Err(secret_not_found(TOOL, selector)),
        };
        Ok(SecretInfo {
            id: secret.id.clone(),
            revision: secret.latest_revision(),
            label: secret.label.clone(),
            owner: Some(owner.to_owned()),
            description: secret.description.clone(),
            expiry: secret.expire.clone(),
            rotation: secret.rotate.clone(),
        })
    }

    fn secret_ids(&mut self) -> Result<Vec<String>, ToolError> {
        self.calls.record("secret-ids");
        let leader = self.state.leader;
        Ok(self
            .state
            .secrets
            .iter()
            .filter(|s| match s.owner {
                Some(SecretOwnership::Unit) => true,
                Some(SecretOwnership::App) => leader,
                None => false,
            })
            .map(|s| s.id.clone())
            .collect())
    }
}

/// The exit code the real tool exits with for this error: 2 for flag/`Init` errors (an unknown
/// `-r` relation among them), 1 for `Run` errors.
pub fn exit_code(error: &ToolError) -> i32 {
    match error {
        ToolError::RelationNotFound { .. } => 2,
        ToolError::Other { code, .. } => *code,
        _ => 1,
    }
}

/// The `stderr` text of an error, as the real tool prints it.
pub fn stderr_of(error: &ToolError) -> String {
    match error {
        ToolError::RelationNotFound { stderr, .. }
        | ToolError::NotLeader { stderr, .. }
        | ToolError::SecretNotFound { stderr, .. }
        | ToolError::PermissionDenied { stderr, .. }
        | ToolError::Other { stderr, .. } => stderr.clone(),
        ToolError::Spawn { .. } | ToolError::BadOutput { .. } => format!("ERROR {error}"),
    }
}

pub(crate) fn relation_not_found(tool: &str, relation: &str) -> ToolError {
    ToolError::RelationNotFound {
        tool: tool.to_owned(),
        stderr: format!("ERROR invalid value {relation:?} for option -r: relation not found"),
    }
}

pub(crate) fn other(tool: &str, code: i32, message: &str) -> ToolError {
    ToolError::Other {
        tool: tool.to_owned(),
        code,
        stderr: format!("ERROR {message}"),
    }
}

fn not_leader(tool: &str, message: &str) -> ToolError {
    ToolError::NotLeader {
        tool: tool.to_owned(),
        stderr: format!("ERROR {message}"),
    }
}

fn secret_not_found(tool: &str, selector: &SecretSelector) -> ToolError {
    let what = match selector {
        SecretSelector::Id(id) => id.clone(),
        SecretSelector::Label(label) => format!("with label {label:?}"),
    };
    ToolError::SecretNotFound {
        tool: tool.to_owned(),
        stderr: format!("ERROR secret {what} not found"),
    }
}

/// `action-set` keys: dotted segments of lowercase alphanumerics and inner hyphens; a few
/// top-level keys are Juju's own.
pub(crate) fn check_action_key(key: &str) -> Result<(), ToolError> {
    let segment_ok = |s: &str| {
        let bytes = s.as_bytes();
        !bytes.is_empty()
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    };
    if !key.split('.').all(segment_ok) {
        return Err(other(
            "action-set",
            2,
            &format!(
                "key {key:?} must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods"
            ),
        ));
    }
    let top = key.split('.').next().unwrap_or(key);
    if RESERVED_ACTION_KEYS.contains(&top) {
        return Err(other(
            "action-set",
            2,
            &format!("cannot set reserved action key {top:?}"),
        ));
    }
    Ok(())
}

/// Secret content: at least one key; keys as Juju's `^([a-z](?:-?[a-z0-9]){2,})$`.
fn check_secret_content(tool: &str, content: &BTreeMap<String, String>) -> Result<(), ToolError> {
    if content.is_empty() {
        return Err(other(tool, 2, "missing secret value"));
    }
    for key in content.keys() {
        if !is_valid_secret_key(key) {
            return Err(other(tool, 2, &format!("invalid key {key:?}")));
        }
    }
    Ok(())
}

fn is_valid_secret_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let Some((first, rest)) = bytes.split_first() else {
        return false;
    };
    if !first.is_ascii_lowercase() {
        return false;
    }
    // `(?:-?[a-z0-9]){2,}`: at least two alphanumerics, each optionally preceded by one hyphen.
    let mut alnum = 0;
    let mut after_hyphen = false;
    for b in rest {
        match b {
            b'-' if !after_hyphen => after_hyphen = true,
            b if b.is_ascii_lowercase() || b.is_ascii_digit() => {
                alnum += 1;
                after_hyphen = false;
            }
            _ => return false,
        }
    }
    !after_hyphen && alnum >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys_follow_juju_pattern() {
        for good in ["abc", "tls-key", "a1b", "ca-cert2"] {
            assert!(is_valid_secret_key(good), "{good}");
        }
        for bad in ["", "ab", "1ab", "a--b", "ab-", "Abc", "a_bc"] {
            assert!(!is_valid_secret_key(bad), "{bad}");
        }
    }

    #[test]
    fn action_keys() {
        assert_eq!(check_action_key("result.sub-key"), Ok(()));
        assert_eq!(exit_code(&check_action_key("Bad").unwrap_err()), 2);
        assert_eq!(
            check_action_key("stdout").unwrap_err(),
            other("action-set", 2, "cannot set reserved action key \"stdout\"")
        );
    }
}
