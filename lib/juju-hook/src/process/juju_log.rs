//! [`JujuLogSink`]: `juju-log` alone, for the `tracing` layer, with long messages split.

use std::path::PathBuf;

use super::argv::args;
use super::run::run_tool;
use crate::error::ToolError;
use crate::tools::LogLevel;

/// The longest message one `juju-log` call carries; longer ones are split (as ops does, which
/// also keeps each argv entry under Linux's per-argument limit).
pub const MAX_LOG_LINE_LEN: usize = 131_071;

pub(super) const JUJU_LOG: &str = "juju-log";

/// Runs `juju-log` only; cheap to clone and safe to share between threads.
#[derive(Debug, Clone)]
pub struct JujuLogSink {
    pub(super) program: PathBuf,
}

impl JujuLogSink {
    /// `juju-log` through `PATH`.
    pub fn new() -> Self {
        Self {
            program: PathBuf::from(JUJU_LOG),
        }
    }

    /// `juju-log --log-level <LEVEL> -- <message>`, split into several calls when longer than
    /// [`MAX_LOG_LINE_LEN`].
    pub fn log(&self, level: LogLevel, message: &str) -> Result<(), ToolError> {
        for chunk in split_log_message(message) {
            run_tool(&self.program, JUJU_LOG, &juju_log_args(level, chunk), None)?;
        }
        Ok(())
    }
}

impl Default for JujuLogSink {
    fn default() -> Self {
        Self::new()
    }
}

pub(super) fn juju_log_args(level: LogLevel, message: &str) -> Vec<String> {
    args(["--log-level", level.as_str(), "--", message])
}

/// `message` in pieces of at most [`MAX_LOG_LINE_LEN`] bytes, cut on character boundaries.
/// An empty message is one empty piece.
pub(super) fn split_log_message(message: &str) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut rest = message;
    while rest.len() > MAX_LOG_LINE_LEN {
        let mut cut = MAX_LOG_LINE_LEN;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        chunks.push(head);
        rest = tail;
    }
    chunks.push(rest);
    chunks
}
