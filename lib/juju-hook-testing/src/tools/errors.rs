//! Tool errors as the real tools word them (`ERROR …` on stderr) and the exit codes they exit
//! with.

use juju_hook::{SecretSelector, ToolError};

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

pub(super) fn other(tool: &str, code: i32, message: &str) -> ToolError {
    ToolError::Other {
        tool: tool.to_owned(),
        code,
        stderr: format!("ERROR {message}"),
    }
}

pub(super) fn not_leader(tool: &str, message: &str) -> ToolError {
    ToolError::NotLeader {
        tool: tool.to_owned(),
        stderr: format!("ERROR {message}"),
    }
}

pub(super) fn secret_not_found(tool: &str, selector: &SecretSelector) -> ToolError {
    let what = match selector {
        SecretSelector::Id(id) => id.clone(),
        SecretSelector::Label(label) => format!("with label {label:?}"),
    };
    ToolError::SecretNotFound {
        tool: tool.to_owned(),
        stderr: format!("ERROR secret {what} not found"),
    }
}
