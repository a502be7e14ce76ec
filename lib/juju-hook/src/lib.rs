//! A small Juju hook runtime for charms whose `dispatch` is a compiled binary.
//!
//! - [`event`]: which event this process was dispatched for ([`HookContext`]).
//! - [`tools`]: the [`HookTools`] trait over Juju's hook tools; [`process`] runs the real ones.
//! - [`status`]: the four settable statuses and ops's priority rule.
//! - [`log`]: a `tracing` layer that sends log lines to `juju-log`.
//! - [`dispatch`]: the binary's edge (environment → event → charm → exit code).
//! - [`snapshot`]: gather helpers (each relation's databags, read once).
//! - [`record`]: what the leader last saw and published, kept in a peer relation.
//! - [`effects`]: the Juju side of a plan as data, and the executor that carries it out.
#![warn(missing_docs)]

pub mod dispatch;
pub mod effects;
pub mod error;
pub mod event;
pub mod goal_state;
pub mod log;
pub mod process;
pub mod record;
pub mod relation;
pub mod snapshot;
pub mod status;
pub mod tools;

pub use effects::{ActionOutcome, BagWrite, JujuEffects, Note, SecretContent, SecretOp, bag_write};
pub use error::ToolError;
pub use event::{Event, EventError, HookContext, RelationEventKind, SecretEventKind};
pub use goal_state::{GoalState, GoalUnit};
pub use log::{JujuLogLayer, init_hook_logging, init_hook_logging_with, init_stderr_logging};
pub use process::{JujuLogSink, ProcessHookTools, TOOL_NAMES};
pub use record::{HookRecord, PeerRecord};
pub use relation::RelationId;
pub use snapshot::{Reads, RelationSnapshot};
pub use status::{Status, StatusScope};
pub use tools::{
    Databag, DatabagOwner, DatabagScope, HookTools, LogLevel, SecretInfo, SecretOptions,
    SecretOwner, SecretRead, SecretSelector,
};
