//! A `tracing` layer that forwards every event to `juju-log`.
//!
//! The layer is backed by a callback, so it can write through any sink: the lightweight
//! [`JujuLogSink`] in a real hook, a recorder in tests. While the callback runs, events raised on
//! the same thread (for example by a sink that logs its own failure) are dropped, so a log line
//! can never recurse into another `juju-log` call. A failing sink is reported once on stderr,
//! which Juju also captures, and never through `tracing`.

use std::cell::Cell;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicBool, Ordering};

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};

use crate::error::ToolError;
use crate::process::JujuLogSink;
use crate::tools::LogLevel;

thread_local! {
    /// Set while this thread is inside a layer's sink.
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

/// The `juju-log` level for a `tracing` level.
pub fn juju_level(level: &Level) -> LogLevel {
    match *level {
        Level::TRACE => LogLevel::Trace,
        Level::DEBUG => LogLevel::Debug,
        Level::INFO => LogLevel::Info,
        Level::WARN => LogLevel::Warning,
        Level::ERROR => LogLevel::Error,
    }
}

/// A [`Layer`] that hands each event, rendered as `message key=value …`, to `sink`.
pub struct JujuLogLayer<F> {
    sink: F,
    reported_failure: AtomicBool,
}

impl<F> JujuLogLayer<F>
where
    F: Fn(LogLevel, &str) -> Result<(), ToolError> + Send + Sync + 'static,
{
    /// A layer writing through `sink` (for instance `move |l, m| sink.log(l, m)`).
    pub fn new(sink: F) -> Self {
        Self {
            sink,
            reported_failure: AtomicBool::new(false),
        }
    }
}

impl<S, F> Layer<S> for JujuLogLayer<F>
where
    S: Subscriber,
    F: Fn(LogLevel, &str) -> Result<(), ToolError> + Send + Sync + 'static,
{
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if IN_SINK.with(Cell::get) {
            return;
        }
        let mut line = LineVisitor::default();
        event.record(&mut line);
        let level = juju_level(event.metadata().level());

        IN_SINK.with(|flag| flag.set(true));
        let result = (self.sink)(level, &line.finish());
        IN_SINK.with(|flag| flag.set(false));

        if let Err(error) = result
            && !self.reported_failure.swap(true, Ordering::Relaxed)
        {
            eprintln!("juju-log failed, further failures are not reported: {error}");
        }
    }
}

/// Renders an event's `message` followed by its other fields as `key=value`.
#[derive(Default)]
struct LineVisitor {
    message: String,
    fields: String,
}

impl LineVisitor {
    fn finish(self) -> String {
        match (self.message.is_empty(), self.fields.is_empty()) {
            (_, true) => self.message,
            (true, false) => self.fields,
            (false, false) => format!("{} {}", self.message, self.fields),
        }
    }

    fn push_field(&mut self, field: &Field, value: fmt::Arguments<'_>) {
        if !self.fields.is_empty() {
            self.fields.push(' ');
        }
        let _ = write!(self.fields, "{}={}", field.name(), value);
    }
}

impl Visit for LineVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.push_field(field, format_args!("{value:?}"));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            self.push_field(field, format_args!("{value:?}"));
        }
    }
}

/// Installing a global subscriber failed (one was already set).
#[derive(Debug, thiserror::Error)]
#[error("cannot install the log subscriber: {0}")]
pub struct LogInitError(#[from] TryInitError);

/// Install the global subscriber of a hook: every event at or above `max_level` goes to
/// `juju-log` (found through `PATH`).
pub fn init_hook_logging(max_level: LevelFilter) -> Result<(), LogInitError> {
    let sink = JujuLogSink::new();
    init_hook_logging_with(max_level, move |level, message| sink.log(level, message))
}

/// Like [`init_hook_logging`], writing through any sink.
pub fn init_hook_logging_with<F>(max_level: LevelFilter, sink: F) -> Result<(), LogInitError>
where
    F: Fn(LogLevel, &str) -> Result<(), ToolError> + Send + Sync + 'static,
{
    tracing_subscriber::registry()
        .with(JujuLogLayer::new(sink).with_filter(max_level))
        .try_init()?;
    Ok(())
}

/// Install a plain stderr subscriber at `max_level`, for running outside a hook.
pub fn init_stderr_logging(max_level: LevelFilter) -> Result<(), LogInitError> {
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(max_level),
        )
        .try_init()?;
    Ok(())
}
