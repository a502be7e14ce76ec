//! Hook-tool failures, classified as ops classifies them (juju-runtime.md §2.1).

/// Why a hook tool failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolError {
    /// `-r` named a relation that does not exist (`relation not found`).
    #[error("{tool}: relation not found: {stderr}")]
    RelationNotFound { tool: String, stderr: String },
    /// A leader-only operation on a non-leader (`not the leader`, `cannot write relation settings`).
    #[error("{tool}: this unit is not the leader: {stderr}")]
    NotLeader { tool: String, stderr: String },
    /// A `secret-*` tool could not find the secret.
    #[error("{tool}: secret not found: {stderr}")]
    SecretNotFound { tool: String, stderr: String },
    /// `permission denied` / `access denied`.
    #[error("{tool}: permission denied: {stderr}")]
    PermissionDenied { tool: String, stderr: String },
    /// The tool could not be started at all (not on `PATH`, not executable).
    #[error("{tool}: could not run: {reason}")]
    Spawn { tool: String, reason: String },
    /// The tool's output was not what its `--format=json` promises.
    #[error("{tool}: unexpected output: {reason}")]
    BadOutput { tool: String, reason: String },
    /// Any other non-zero exit.
    #[error("{tool} exited with {code}: {stderr}")]
    Other {
        tool: String,
        code: i32,
        stderr: String,
    },
}
