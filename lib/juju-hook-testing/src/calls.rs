//! Counting hook-tool round trips.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How many times each hook tool ran (one entry per tool name, e.g. `relation-get`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ToolCalls(BTreeMap<String, u64>);

impl ToolCalls {
    /// Count one run of `tool`.
    pub fn record(&mut self, tool: &str) {
        *self.0.entry(tool.to_owned()).or_default() += 1;
    }

    /// Runs of one tool.
    pub fn get(&self, tool: &str) -> u64 {
        self.0.get(tool).copied().unwrap_or(0)
    }

    /// Runs of all tools together.
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }

    /// Tool name → runs.
    pub fn by_tool(&self) -> &BTreeMap<String, u64> {
        &self.0
    }
}
