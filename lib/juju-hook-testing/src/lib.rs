//! A state-in/state-out test harness for charms built on `juju-hook`, after ops Scenario and
//! goops' `goopstest`.
//!
//! - [`State`] (with [`Relation`], [`Secret`], …): everything the hook tools see, serde-ready.
//! - [`StateTools`]: an in-memory [`juju_hook::HookTools`] over a `State` that enforces Juju's
//!   rules (leadership, relation ids, databag and secret semantics) and counts calls.
//! - [`CharmMetadata`] and [`consistency::check`]: reject states and events Juju could not
//!   produce for the charm.
//! - [`Context::run`]: run a charm function in-process and apply Juju's transaction rule.
//! - [`ProcessRunner`]: run a compiled charm binary against the `fake-hook-tool` binary, which
//!   runs the same `StateTools` code over a JSON state file.
//! - [`EventExt`]: short event constructors (`Event::relation_changed(&rel, Some("app/0"))`).
#![warn(missing_docs)]

pub mod argv;
pub mod calls;
pub mod consistency;
pub mod context;
pub mod events;
pub mod example;
pub mod fake_tool;
pub mod metadata;
pub mod runner;
pub mod state;
mod status_serde;
pub mod tools;

pub use calls::ToolCalls;
pub use consistency::{InconsistentState, Problem};
pub use context::{Context, Output};
pub use events::EventExt;
pub use fake_tool::{STATE_FILE_ENV, StateFile, tool_names};
pub use metadata::{CharmMetadata, MetadataError};
pub use runner::{
    FAKE_HOOK_TOOL_ENV, ProcessOutput, ProcessRunner, RunnerError, fake_hook_tool_path, link_tools,
};
pub use state::{JujuLogLine, Model, Relation, Secret, SecretOwnership, State, databag};
pub use tools::StateTools;
