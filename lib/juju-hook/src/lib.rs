//! A small Juju hook runtime for charms whose `dispatch` is a compiled binary.
//!
//! - [`event`]: which event this process was dispatched for ([`HookContext`]).
//! - [`tools`]: the [`HookTools`] trait over Juju's hook tools; [`process`] runs the real ones.
//! - [`status`]: the four settable statuses and ops's priority rule.
//! - [`log`]: a `tracing` layer that sends log lines to `juju-log`.
#![deny(unsafe_code)]

pub mod error;
pub mod event;
pub mod log;
pub mod process;
pub mod relation;
pub mod status;
pub mod tools;

pub use error::ToolError;
pub use event::{Event, EventError, HookContext, RelationEventKind, SecretEventKind};
pub use log::{JujuLogLayer, init_hook_logging, init_hook_logging_with, init_stderr_logging};
pub use process::{JujuLogSink, ProcessHookTools, TOOL_NAMES};
pub use relation::RelationId;
pub use status::{Status, StatusScope};
pub use tools::{
    Databag, DatabagOwner, DatabagScope, HookTools, LogLevel, NetworkInfo, SecretInfo,
    SecretOptions, SecretOwner, SecretRead, SecretSelector,
};
