//! Checking that a [`State`] and an [`Event`] could exist for a charm, before a test runs it:
//! the same idea as ops Scenario's consistency checker, so tests cannot pass on a world Juju
//! would never produce.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use juju_hook::{Event, RelationId};

use crate::metadata::{CharmMetadata, EndpointRole};
use crate::state::State;

/// One way a state/event pair contradicts the charm's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A relation in the state uses an endpoint the charm does not declare.
    UndeclaredEndpoint {
        /// The relation's endpoint.
        endpoint: String,
        /// The relation's id.
        relation_id: u64,
    },
    /// A relation's interface is not the endpoint's.
    InterfaceMismatch {
        /// The endpoint.
        endpoint: String,
        /// The interface the metadata declares.
        declared: String,
        /// The interface the relation has.
        found: String,
    },
    /// More relations on an endpoint than its `limit`.
    OverLimit {
        /// The endpoint.
        endpoint: String,
        /// Its declared `limit`.
        limit: u32,
        /// How many relations the state has on it.
        count: usize,
    },
    /// Two relations share an id.
    DuplicateRelationId {
        /// The shared id.
        id: u64,
    },
    /// A peer relation whose remote app is not this app.
    PeerRemoteApp {
        /// The peer endpoint.
        endpoint: String,
        /// The remote application the relation names instead.
        remote_app: String,
    },
    /// A config key the charm does not declare.
    UnknownConfigKey {
        /// The option's name.
        key: String,
    },
    /// A config value of the wrong type.
    ConfigType {
        /// The option's name.
        key: String,
        /// The declared type, as config.yaml spells it.
        expected: &'static str,
        /// The value the state sets, as JSON.
        found: String,
    },
    /// A relation event whose relation is not in the state.
    RelationNotInState {
        /// The event's relation.
        relation: RelationId,
    },
    /// A relation event whose remote unit is not in the relation.
    RemoteUnitNotInRelation {
        /// The event's relation.
        relation: RelationId,
        /// The event's remote unit.
        unit: String,
    },
    /// A secret event whose secret is not in the state.
    SecretNotInState {
        /// The event's secret URI.
        id: String,
    },
    /// An action the charm does not declare.
    UndeclaredAction {
        /// The action's name.
        name: String,
    },
    /// An action parameter the action does not declare (with `additionalProperties: false`).
    UnknownActionParam {
        /// The action's name.
        action: String,
        /// The parameter's name.
        param: String,
    },
    /// An action parameter of the wrong type.
    ActionParamType {
        /// The action's name.
        action: String,
        /// The parameter's name.
        param: String,
        /// The declared JSON-schema type.
        expected: String,
    },
    /// A required action parameter is missing.
    MissingActionParam {
        /// The action's name.
        action: String,
        /// The parameter's name.
        param: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UndeclaredEndpoint {
                endpoint,
                relation_id,
            } => {
                write!(
                    f,
                    "relation {relation_id} uses undeclared endpoint {endpoint:?}"
                )
            }
            Problem::InterfaceMismatch {
                endpoint,
                declared,
                found,
            } => write!(
                f,
                "endpoint {endpoint:?} speaks {declared:?}, the relation says {found:?}"
            ),
            Problem::OverLimit {
                endpoint,
                limit,
                count,
            } => {
                write!(
                    f,
                    "endpoint {endpoint:?} has {count} relations, limit {limit}"
                )
            }
            Problem::DuplicateRelationId { id } => write!(f, "relation id {id} is used twice"),
            Problem::PeerRemoteApp {
                endpoint,
                remote_app,
            } => write!(
                f,
                "peer relation {endpoint:?} has remote app {remote_app:?}, not this app"
            ),
            Problem::UnknownConfigKey { key } => write!(f, "config key {key:?} is not declared"),
            Problem::ConfigType {
                key,
                expected,
                found,
            } => {
                write!(f, "config {key:?} should be {expected}, got {found}")
            }
            Problem::RelationNotInState { relation } => {
                write!(f, "event relation {relation} is not in the state")
            }
            Problem::RemoteUnitNotInRelation { relation, unit } => {
                write!(f, "event unit {unit:?} is not a remote unit of {relation}")
            }
            Problem::SecretNotInState { id } => write!(f, "event secret {id} is not in the state"),
            Problem::UndeclaredAction { name } => write!(f, "action {name:?} is not declared"),
            Problem::UnknownActionParam { action, param } => {
                write!(f, "action {action:?} does not take parameter {param:?}")
            }
            Problem::ActionParamType {
                action,
                param,
                expected,
            } => {
                write!(
                    f,
                    "action {action:?} parameter {param:?} should be {expected}"
                )
            }
            Problem::MissingActionParam { action, param } => {
                write!(f, "action {action:?} needs parameter {param:?}")
            }
        }
    }
}

/// Every problem found; the test should fix its state or event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("inconsistent state: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct InconsistentState {
    /// Every problem, in the order the checks found them.
    pub problems: Vec<Problem>,
}

/// Check `state` and `event` against the charm's metadata, listing every problem.
pub fn check(meta: &CharmMetadata, state: &State, event: &Event) -> Result<(), InconsistentState> {
    let mut problems = Vec::new();
    check_relations(meta, state, &mut problems);
    check_config(meta, state, &mut problems);
    check_event(meta, state, event, &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InconsistentState { problems })
    }
}

fn check_relations(meta: &CharmMetadata, state: &State, problems: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    let mut per_endpoint: BTreeMap<&str, usize> = BTreeMap::new();
    for relation in &state.relations {
        if !seen.insert(relation.id) {
            problems.push(Problem::DuplicateRelationId { id: relation.id });
        }
        let Some(endpoint) = meta.endpoints.get(&relation.endpoint) else {
            problems.push(Problem::UndeclaredEndpoint {
                endpoint: relation.endpoint.clone(),
                relation_id: relation.id,
            });
            continue;
        };
        *per_endpoint.entry(&relation.endpoint).or_default() += 1;
        if endpoint.interface != relation.interface {
            problems.push(Problem::InterfaceMismatch {
                endpoint: relation.endpoint.clone(),
                declared: endpoint.interface.clone(),
                found: relation.interface.clone(),
            });
        }
        if endpoint.role == EndpointRole::Peers && relation.remote_app != state.app_name {
            problems.push(Problem::PeerRemoteApp {
                endpoint: relation.endpoint.clone(),
                remote_app: relation.remote_app.clone(),
            });
        }
    }
    for (name, count) in per_endpoint {
        if let Some(limit) = meta.endpoints[name].limit
            && count > limit as usize
        {
            problems.push(Problem::OverLimit {
                endpoint: name.to_owned(),
                limit,
                count,
            });
        }
    }
}

fn check_config(meta: &CharmMetadata, state: &State, problems: &mut Vec<Problem>) {
    for (key, value) in &state.config {
        match meta.config.get(key) {
            None => problems.push(Problem::UnknownConfigKey { key: key.clone() }),
            Some(option) if !option.kind.accepts(value) => problems.push(Problem::ConfigType {
                key: key.clone(),
                expected: option.kind.name(),
                found: value.to_string(),
            }),
            Some(_) => {}
        }
    }
}

fn check_event(meta: &CharmMetadata, state: &State, event: &Event, problems: &mut Vec<Problem>) {
    match event {
        Event::Relation {
            relation,
            remote_unit,
            departing_unit,
            ..
        } => {
            let found = state
                .relations
                .iter()
                .find(|r| r.id == relation.id && r.endpoint == relation.endpoint);
            let Some(found) = found else {
                problems.push(Problem::RelationNotInState {
                    relation: relation.clone(),
                });
                return;
            };
            // A departing unit has already left the relation's unit list.
            if let Some(unit) = remote_unit
                && departing_unit.as_ref() != Some(unit)
                && !found.remote_units_data.contains_key(unit)
            {
                problems.push(Problem::RemoteUnitNotInRelation {
                    relation: relation.clone(),
                    unit: unit.clone(),
                });
            }
        }
        Event::Secret { id, .. } if state.get_secret(id).is_none() => {
            problems.push(Problem::SecretNotInState { id: id.clone() });
        }
        Event::Action { name, .. } => check_action(meta, state, name, problems),
        _ => {}
    }
}

fn check_action(meta: &CharmMetadata, state: &State, name: &str, problems: &mut Vec<Problem>) {
    let Some(spec) = meta.actions.get(name) else {
        problems.push(Problem::UndeclaredAction {
            name: name.to_owned(),
        });
        return;
    };
    for (param, value) in &state.action_params {
        match spec.params.get(param) {
            None if !spec.additional_properties => problems.push(Problem::UnknownActionParam {
                action: name.to_owned(),
                param: param.clone(),
            }),
            Some(declared) if !declared.accepts(value) => problems.push(Problem::ActionParamType {
                action: name.to_owned(),
                param: param.clone(),
                expected: declared.kind.clone().unwrap_or_default(),
            }),
            _ => {}
        }
    }
    for param in &spec.required {
        if !state.action_params.contains_key(param) {
            problems.push(Problem::MissingActionParam {
                action: name.to_owned(),
                param: param.clone(),
            });
        }
    }
}
