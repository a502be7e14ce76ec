//! The juju-log tracing layer.

mod support;

use std::sync::{Arc, Mutex};

use juju_hook::{JujuLogLayer, LogLevel, ProcessHookTools, ToolError};
use support::{FakeTools, argv};
use tracing_subscriber::layer::SubscriberExt;

type Lines = Arc<Mutex<Vec<(LogLevel, String)>>>;

/// Run `body` with a subscriber whose only layer records into the returned lines.
fn record(body: impl FnOnce()) -> Vec<(LogLevel, String)> {
    let lines: Lines = Arc::default();
    let sink_lines = Arc::clone(&lines);
    let layer = JujuLogLayer::new(move |level, message: &str| {
        sink_lines.lock().unwrap().push((level, message.to_owned()));
        Ok(())
    });
    tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), body);
    Arc::try_unwrap(lines).unwrap().into_inner().unwrap()
}

#[test]
fn levels_and_messages_are_forwarded() {
    let lines = record(|| {
        tracing::trace!("t");
        tracing::debug!("d");
        tracing::info!("i {}", 1);
        tracing::warn!("w");
        tracing::error!("e");
    });
    assert_eq!(
        lines,
        vec![
            (LogLevel::Trace, "t".to_owned()),
            (LogLevel::Debug, "d".to_owned()),
            (LogLevel::Info, "i 1".to_owned()),
            (LogLevel::Warning, "w".to_owned()),
            (LogLevel::Error, "e".to_owned()),
        ]
    );
}

#[test]
fn fields_follow_the_message() {
    let lines = record(|| {
        tracing::info!(relation = "gateway:1", count = 3, "published");
        tracing::warn!(hostname = "a.example");
    });
    assert_eq!(
        lines,
        vec![
            (
                LogLevel::Info,
                r#"published relation="gateway:1" count=3"#.to_owned()
            ),
            (LogLevel::Warning, r#"hostname="a.example""#.to_owned()),
        ]
    );
}

#[test]
fn a_sink_that_logs_does_not_recurse() {
    let lines: Lines = Arc::default();
    let sink_lines = Arc::clone(&lines);
    let layer = JujuLogLayer::new(move |level, message: &str| {
        tracing::error!("sink saw {message}");
        sink_lines.lock().unwrap().push((level, message.to_owned()));
        Err(ToolError::Spawn {
            tool: "juju-log".into(),
            reason: "gone".into(),
        })
    });
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!("one");
        tracing::info!("two");
    });
    assert_eq!(
        *lines.lock().unwrap(),
        vec![
            (LogLevel::Info, "one".to_owned()),
            (LogLevel::Info, "two".to_owned())
        ]
    );
}

#[test]
fn the_process_sink_runs_juju_log() {
    let fake = FakeTools::new();
    let sink = ProcessHookTools::with_tool_dir(fake.path()).juju_log_sink();
    let layer = JujuLogLayer::new(move |level, message: &str| sink.log(level, message));
    tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
        tracing::warn!("trust missing");
        tracing::debug!(key = "v", "detail");
    });
    assert_eq!(
        fake.calls("juju-log"),
        vec![
            argv(&["--log-level", "WARNING", "--", "trust missing"]),
            argv(&["--log-level", "DEBUG", "--", r#"detail key="v""#]),
        ]
    );
}
