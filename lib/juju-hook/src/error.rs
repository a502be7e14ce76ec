//! Hook-tool failures, classified as ops classifies them (juju-runtime.md §2.1).

/// Why a hook tool failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolError {
    /// `-r` named a relation that does not exist (`relation not found`).
    #[error("{tool}: relation not found: {stderr}")]
    RelationNotFound {
        /// The hook tool that failed, e.g. `relation-get`.
        tool: String,
        /// What the tool printed on stderr.
        stderr: String,
    },
    /// A leader-only operation on a non-leader (`not the leader`, `cannot write relation settings`).
    #[error("{tool}: this unit is not the leader: {stderr}")]
    NotLeader {
        /// The hook tool that failed, e.g. `relation-set`.
        tool: String,
        /// What the tool printed on stderr.
        stderr: String,
    },
    /// A `secret-*` tool could not find the secret.
    #[error("{tool}: secret not found: {stderr}")]
    SecretNotFound {
        /// The hook tool that failed, e.g. `secret-get`.
        tool: String,
        /// What the tool printed on stderr.
        stderr: String,
    },
    /// `permission denied` / `access denied`.
    #[error("{tool}: permission denied: {stderr}")]
    PermissionDenied {
        /// The hook tool that failed.
        tool: String,
        /// What the tool printed on stderr.
        stderr: String,
    },
    /// The tool could not be started at all (not on `PATH`, not executable).
    #[error("{tool}: could not run: {reason}")]
    Spawn {
        /// The hook tool that failed.
        tool: String,
        /// Why it could not be run (the operating-system error, or staging secret files).
        reason: String,
    },
    /// The tool's output was not what its `--format=json` promises.
    #[error("{tool}: unexpected output: {reason}")]
    BadOutput {
        /// The hook tool that failed.
        tool: String,
        /// What was wrong with the output.
        reason: String,
    },
    /// Any other non-zero exit.
    #[error("{tool} exited with {code}: {stderr}")]
    Other {
        /// The hook tool that failed.
        tool: String,
        /// The exit code (`-1` when a signal ended the process).
        code: i32,
        /// What the tool printed on stderr.
        stderr: String,
    },
}
