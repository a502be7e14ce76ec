//! One tool run: spawn it, feed its stdin, wait, and turn what it answered into a value or a
//! classified [`ToolError`].

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde::de::DeserializeOwned;

use crate::error::ToolError;

/// The most input written straight into a tool's stdin: a pipe holds 64 KiB on Linux (and at
/// least 4 KiB anywhere), so a write this long never blocks on an empty pipe.
const INLINE_STDIN_MAX: usize = 4096;

/// Run one tool to completion; stdout on success, a classified error otherwise.
pub(super) fn run_tool(
    program: &Path,
    tool: &str,
    args: &[String],
    stdin: Option<&[u8]>,
) -> Result<String, ToolError> {
    let spawn_error = |e: std::io::Error| ToolError::Spawn {
        tool: tool.to_owned(),
        reason: e.to_string(),
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(spawn_error)?;
    // Input that fits in the empty pipe is written at once, without a writer thread (a
    // thread costs more of the hook's CPU than most tool runs).
    let stdin = match (stdin, child.stdin.take()) {
        (Some(input), Some(mut pipe)) if input.len() <= INLINE_STDIN_MAX => {
            let _ = pipe.write_all(input);
            None
        }
        (input, pipe) => {
            child.stdin = pipe;
            input
        }
    };
    let output = std::thread::scope(|scope| {
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // A separate writer keeps a tool that answers before reading all its input from
            // deadlocking against us. A tool that exits without reading closes the pipe; its
            // exit status then says what happened, so the write error itself is not reported.
            scope.spawn(move || {
                let _ = pipe.write_all(input);
            });
        }
        child.wait_with_output()
    })
    .map_err(spawn_error)?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(classify_failure(tool, output.status.code(), &stderr))
    }
}

/// Classify a failed tool run by its stderr, as ops's `_ModelBackend` does: `relation not found`
/// first, then a `secret-*` tool's `not found`, then the leadership and permission markers.
/// A process killed by a signal has no exit code and is reported with code `-1`.
pub fn classify_failure(tool: &str, code: Option<i32>, stderr: &str) -> ToolError {
    let tool = tool.to_owned();
    let stderr = stderr.trim().to_owned();
    let lower = stderr.to_lowercase();
    if lower.contains("relation not found") {
        ToolError::RelationNotFound { tool, stderr }
    } else if tool.starts_with("secret-") && lower.contains("not found") {
        ToolError::SecretNotFound { tool, stderr }
    } else if lower.contains("not the leader") || lower.contains("cannot write relation settings") {
        ToolError::NotLeader { tool, stderr }
    } else if lower.contains("permission denied") || lower.contains("access denied") {
        ToolError::PermissionDenied { tool, stderr }
    } else {
        ToolError::Other {
            tool,
            code: code.unwrap_or(-1),
            stderr,
        }
    }
}

/// Parse `--format=json` output; empty output and `null` give `T::default()`.
pub(super) fn parse_json_or_default<T: DeserializeOwned + Default>(
    tool: &str,
    stdout: &str,
) -> Result<T, ToolError> {
    let value: Option<T> = parse_json(tool, stdout)?;
    Ok(value.unwrap_or_default())
}

/// Parse `--format=json` output; empty output and `null` give `None`.
pub(super) fn parse_json<T: DeserializeOwned>(
    tool: &str,
    stdout: &str,
) -> Result<Option<T>, ToolError> {
    if stdout.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(stdout).map_err(|e| ToolError::BadOutput {
        tool: tool.to_owned(),
        reason: e.to_string(),
    })
}

/// One entry of `secret-info-get --format=json`.
#[derive(serde::Deserialize)]
pub(super) struct RawSecretInfo {
    pub(super) revision: u64,
    pub(super) label: Option<String>,
    pub(super) owner: Option<String>,
    pub(super) description: Option<String>,
    pub(super) expiry: Option<String>,
    pub(super) rotation: Option<String>,
}

pub(super) fn bad_output(tool: &str, reason: impl Into<String>) -> ToolError {
    ToolError::BadOutput {
        tool: tool.to_owned(),
        reason: reason.into(),
    }
}
