//! `impl HookTools for StateTools`: each tool over the in-memory `State`, with Juju's rules.

use std::collections::BTreeMap;

use juju_hook::{
    DatabagOwner, DatabagScope, GoalState, HookTools, RelationId, SecretInfo, SecretOptions,
    SecretOwner, SecretRead, SecretSelector, Status, StatusScope, ToolError,
};
use serde_json::{Map, Value};

use crate::state::{Relation, Secret, SecretOwnership, strip_secret_prefix};

use super::StateTools;
use super::checks::{check_action_key, check_secret_content};
use super::errors::{not_leader, other, secret_not_found};

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

    fn goal_state(&mut self) -> Result<GoalState, ToolError> {
        self.calls.record("goal-state");
        if self.state.goal_units.is_empty() {
            return Ok(GoalState::of([(self.state.unit_name().as_str(), "active")]));
        }
        Ok(GoalState::of(
            self.state
                .goal_units
                .iter()
                .map(|(unit, status)| (unit.as_str(), status.as_str())),
        ))
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
