//! The Juju side of a hook's plan, as data, and the one executor that carries it out.
//!
//! A charm decides everything in a pure function and hands the result here: databag writes
//! ([`BagWrite`], computed by [`bag_write`] against what gather read), secret operations
//! ([`SecretOp`]), log lines ([`Note`]), at most one status and at most one action outcome.
//! [`execute`] performs them in a fixed order and decides nothing.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::ToolError;
use crate::relation::RelationId;
use crate::status::{Status, StatusScope};
use crate::tools::{Databag, DatabagScope, HookTools, LogLevel, SecretOptions, SecretSelector};

/// One `relation-set --app`: new values, and `""` for each key to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BagWrite {
    /// Where to write.
    pub relation: RelationId,
    /// The change set.
    pub changes: Databag,
}

/// The write that makes the `owned` keys of `current` (our application databag as gathered)
/// hold exactly `wanted`, or `None` when they already do. Keys outside `owned` are never
/// touched; an owned key we hold but no longer want is deleted. `wanted` keys outside `owned`
/// are written too (callers pass their model's full key list).
pub fn bag_write(
    relation: &RelationId,
    current: &Databag,
    wanted: &Databag,
    owned: &[&str],
) -> Option<BagWrite> {
    let held: Databag = current
        .iter()
        .filter(|(key, _)| owned.contains(&key.as_str()) || wanted.contains_key(*key))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let wanted: Databag = wanted
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if held == wanted {
        return None;
    }
    let mut changes = wanted;
    for key in held.into_keys() {
        changes.entry(key).or_default();
    }
    Some(BagWrite {
        relation: relation.clone(),
        changes,
    })
}

/// Secret content. `Debug` shows the keys only: values may be private keys.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SecretContent(pub BTreeMap<String, String>);

impl fmt::Debug for SecretContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|key| (key, "<redacted>")))
            .finish()
    }
}

/// One secret operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretOp {
    /// `secret-add`.
    Add {
        /// The content.
        content: SecretContent,
        /// Label, expiry, owner…
        options: SecretOptions,
    },
    /// `secret-set <id>`: a new revision (or a metadata update).
    Set {
        /// The secret's URI.
        id: String,
        /// The content.
        content: SecretContent,
        /// Label, expiry…
        options: SecretOptions,
    },
    /// `secret-remove <id> [--revision N]`; a secret that is already gone is not an error.
    Remove {
        /// The secret's URI.
        id: String,
        /// One revision, or every revision when `None`.
        revision: Option<u64>,
    },
    /// Remove every revision of the secret this charm labelled `label`, if there is one: its
    /// URI is looked up with `secret-info-get --label` (Juju removes secrets by URI only).
    RemoveByLabel {
        /// The label.
        label: String,
    },
}

/// A log line decided by the plan, written through `tracing` (hence `juju-log`) by the executor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Its level.
    pub level: LogLevel,
    /// The text (never key material).
    pub message: String,
}

impl Note {
    /// An INFO line.
    pub fn info(message: impl Into<String>) -> Note {
        Note {
            level: LogLevel::Info,
            message: message.into(),
        }
    }

    /// A WARNING line.
    pub fn warning(message: impl Into<String>) -> Note {
        Note {
            level: LogLevel::Warning,
            message: message.into(),
        }
    }
}

/// How an action ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome {
    /// `action-set` with these results.
    Results(BTreeMap<String, String>),
    /// `action-fail` with this message.
    Failed(String),
}

/// Everything a hook does on the Juju side, in execution order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JujuEffects {
    /// Log lines.
    pub notes: Vec<Note>,
    /// Secret operations, in order.
    pub secrets: Vec<SecretOp>,
    /// Databag writes, in order.
    pub bags: Vec<BagWrite>,
    /// The unit status (none for actions).
    pub status: Option<Status>,
    /// The action's outcome (actions only).
    pub action: Option<ActionOutcome>,
}

/// Carry out `effects`: notes, secret operations, databag writes, status, action outcome.
///
/// The notes of one level go out as one log line (lines joined with `; `), so a hook logs at
/// most one `juju-log` per level however many relations or objects its notes are about.
pub fn execute(tools: &mut dyn HookTools, effects: &JujuEffects) -> Result<(), ToolError> {
    for note in merged_notes(&effects.notes) {
        log_note(&note);
    }
    for op in &effects.secrets {
        execute_secret_op(tools, op)?;
    }
    for write in &effects.bags {
        tools.relation_set(&write.relation, DatabagScope::App, &write.changes)?;
    }
    if let Some(status) = &effects.status {
        tools.status_set(StatusScope::Unit, status)?;
    }
    match &effects.action {
        Some(ActionOutcome::Results(results)) => tools.action_set(results)?,
        Some(ActionOutcome::Failed(message)) => tools.action_fail(message)?,
        None => {}
    }
    Ok(())
}

/// One note per level, in the order levels first appear, the messages joined with `; `.
fn merged_notes(notes: &[Note]) -> Vec<Note> {
    let mut merged: Vec<Note> = Vec::new();
    for note in notes {
        match merged.iter_mut().find(|m| m.level == note.level) {
            Some(line) => {
                line.message.push_str("; ");
                line.message.push_str(&note.message);
            }
            None => merged.push(note.clone()),
        }
    }
    merged
}

fn log_note(note: &Note) {
    let message = note.message.as_str();
    match note.level {
        LogLevel::Trace => tracing::trace!("{message}"),
        LogLevel::Debug => tracing::debug!("{message}"),
        LogLevel::Info => tracing::info!("{message}"),
        LogLevel::Warning => tracing::warn!("{message}"),
        LogLevel::Error => tracing::error!("{message}"),
    }
}

fn execute_secret_op(tools: &mut dyn HookTools, op: &SecretOp) -> Result<(), ToolError> {
    let absent_ok = |result: Result<(), ToolError>| match result {
        Err(ToolError::SecretNotFound { .. }) => Ok(()),
        other => other,
    };
    match op {
        SecretOp::Add { content, options } => tools.secret_add(&content.0, options).map(drop),
        SecretOp::Set {
            id,
            content,
            options,
        } => tools.secret_set(id, &content.0, options),
        SecretOp::Remove { id, revision } => absent_ok(tools.secret_remove(id, *revision)),
        SecretOp::RemoveByLabel { label } => {
            match tools.secret_info_get(&SecretSelector::Label(label.clone())) {
                Ok(info) => absent_ok(tools.secret_remove(&info.id, None)),
                Err(ToolError::SecretNotFound { .. }) => Ok(()),
                Err(error) => Err(error),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag(pairs: &[(&str, &str)]) -> Databag {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const OWNED: &[&str] = &["a", "b"];

    #[test]
    fn nothing_is_written_when_the_owned_keys_already_match() {
        let id = RelationId::new("x", 1);
        let current = bag(&[("a", "1"), ("foreign", "f")]);
        assert_eq!(bag_write(&id, &current, &bag(&[("a", "1")]), OWNED), None);
    }

    #[test]
    fn changed_and_dropped_owned_keys_are_written_and_foreign_keys_left_alone() {
        let id = RelationId::new("x", 1);
        let current = bag(&[("a", "1"), ("b", "2"), ("foreign", "f")]);
        assert_eq!(
            bag_write(&id, &current, &bag(&[("a", "9")]), OWNED),
            Some(BagWrite {
                relation: id.clone(),
                changes: bag(&[("a", "9"), ("b", "")]),
            })
        );
        // An empty wanted value means "absent".
        assert_eq!(
            bag_write(&id, &bag(&[("a", "1")]), &bag(&[("a", "")]), OWNED),
            Some(BagWrite {
                relation: id,
                changes: bag(&[("a", "")]),
            })
        );
    }

    #[test]
    fn notes_of_one_level_make_one_line() {
        let notes = [
            Note::warning("a"),
            Note::info("i"),
            Note::warning("b"),
            Note::warning("c"),
        ];
        assert_eq!(
            merged_notes(&notes),
            vec![Note::warning("a; b; c"), Note::info("i")]
        );
    }

    #[test]
    fn secret_content_debug_hides_values() {
        let content = SecretContent(BTreeMap::from([("private-key".into(), "SECRET".into())]));
        let debug = format!("{content:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains("private-key"), "{debug}");
    }
}
