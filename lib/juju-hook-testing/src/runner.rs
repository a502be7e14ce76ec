//! [`ProcessRunner`]: run a compiled charm binary as Juju would (hook environment, hook tools on
//! `PATH`), with the tools faked by the `fake-hook-tool` binary over a JSON state file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use juju_hook::Event;

use crate::calls::ToolCalls;
use crate::consistency::InconsistentState;
use crate::context::Context;
use crate::fake_tool::{STATE_FILE_ENV, StateFile, tool_names};
use crate::state::State;

/// The environment variable that names a prebuilt `fake-hook-tool` binary.
pub const FAKE_HOOK_TOOL_ENV: &str = "FAKE_HOOK_TOOL";

/// A process-level run could not be carried out (the charm's own failure is not one of these:
/// it is reported in [`ProcessOutput`]).
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    /// The state or event contradicts the charm's metadata; the charm was not started.
    #[error(transparent)]
    Inconsistent(#[from] InconsistentState),
    /// No `fake-hook-tool` binary was given, found or built.
    #[error("cannot find the fake-hook-tool binary: {0}")]
    FakeToolNotFound(String),
    /// The temporary directory, the tool links or the state file could not be created.
    #[error("cannot prepare the hook sandbox: {0}")]
    Sandbox(std::io::Error),
    /// The charm binary could not be started.
    #[error("cannot run {path}: {source}")]
    Spawn {
        /// The charm binary.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The state file could not be read back after the hook.
    #[error("state file after the hook: {0}")]
    StateFile(String),
}

/// What a charm process left behind.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessOutput {
    /// The state after Juju's transaction rule was applied.
    pub state: State,
    /// The exit code; `None` when a signal ended the process.
    pub exit_code: Option<i32>,
    /// What the charm printed on stdout.
    pub stdout: String,
    /// What the charm printed on stderr.
    pub stderr: String,
    /// Hook tools the charm ran (each is one process).
    pub calls: ToolCalls,
}

impl ProcessOutput {
    /// Whether the hook exited 0.
    pub fn success(&self) -> bool {
        self.exit_code == Some(0)
    }
}

/// Runs a charm binary for one event at a time.
#[derive(Debug, Clone)]
pub struct ProcessRunner {
    charm_binary: PathBuf,
    context: Context,
    fake_tool: Option<PathBuf>,
    extra_env: Vec<(String, String)>,
    unset_env: Vec<String>,
}

impl ProcessRunner {
    /// A runner for `charm_binary` in the charm described by `context`.
    pub fn new(charm_binary: impl Into<PathBuf>, context: Context) -> Self {
        Self {
            charm_binary: charm_binary.into(),
            context,
            fake_tool: None,
            extra_env: Vec::new(),
            unset_env: Vec::new(),
        }
    }

    /// Use this `fake-hook-tool` binary instead of looking for one ([`fake_hook_tool_path`]).
    pub fn fake_tool(mut self, path: impl Into<PathBuf>) -> Self {
        self.fake_tool = Some(path.into());
        self
    }

    /// Pass one more variable to the charm (e.g. `RUST_BACKTRACE`).
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_env.push((key.into(), value.into()));
        self
    }

    /// Leave a hook variable unset (e.g. `JUJU_REMOTE_UNIT`, which Juju exports empty but
    /// other runners may omit).
    pub fn unset(mut self, key: impl Into<String>) -> Self {
        self.unset_env.push(key.into());
        self
    }

    /// Run the charm for `event` on `state`. The process gets only the hook environment, `PATH`
    /// with the fake tools first, and [`STATE_FILE_ENV`]; on a non-zero exit Juju's transaction
    /// rule is applied as in [`Context::run`] (the action failure message is `exit status N`).
    pub fn run(&self, event: &Event, state: State) -> Result<ProcessOutput, RunnerError> {
        self.context.check(&state, event)?;
        let fake_tool = match &self.fake_tool {
            Some(path) => path.clone(),
            None => fake_hook_tool_path()?,
        };
        let sandbox = tempfile::Builder::new()
            .prefix("fake-juju-")
            .tempdir()
            .map_err(RunnerError::Sandbox)?;
        let tools_dir = sandbox.path().join("tools");
        link_tools(&fake_tool, &tools_dir).map_err(RunnerError::Sandbox)?;
        let state_path = sandbox.path().join("state.json");
        let file = StateFile {
            state: state.clone(),
            config_defaults: self.context.metadata().config_defaults(),
            calls: ToolCalls::default(),
        };
        file.write(&state_path)
            .map_err(|e| RunnerError::Sandbox(std::io::Error::other(e)))?;

        let hook = self.context.hook_context(event, &state);
        let path = match std::env::var_os("PATH") {
            Some(inherited) => {
                let mut dirs = vec![tools_dir.clone()];
                dirs.extend(std::env::split_paths(&inherited));
                std::env::join_paths(dirs)
                    .map_err(|e| RunnerError::Sandbox(std::io::Error::other(e)))?
            }
            None => tools_dir.clone().into_os_string(),
        };
        let output = Command::new(&self.charm_binary)
            .env_clear()
            .envs(
                hook.to_env()
                    .into_iter()
                    .filter(|(key, _)| !self.unset_env.iter().any(|unset| unset == key)),
            )
            .env("PATH", path)
            .env(STATE_FILE_ENV, &state_path)
            .envs(self.extra_env.iter().map(|(k, v)| (k, v)))
            .current_dir(sandbox.path())
            .stdin(Stdio::null())
            .output()
            .map_err(|source| RunnerError::Spawn {
                path: self.charm_binary.clone(),
                source,
            })?;

        let file = StateFile::read(&state_path).map_err(RunnerError::StateFile)?;
        let mut after = file.state;
        if !output.status.success() {
            after.discard_uncommitted(&state);
            if matches!(event, Event::Action { .. }) && after.action_failure.is_none() {
                after.action_failure = Some(match output.status.code() {
                    Some(code) => format!("exit status {code}"),
                    None => "killed by a signal".to_owned(),
                });
            }
        }
        Ok(ProcessOutput {
            state: after,
            exit_code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            calls: file.calls,
        })
    }
}

/// Create `dir` with one symlink per hook tool name ([`tool_names`]) to the fake binary.
pub fn link_tools(fake_tool: &Path, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for tool in tool_names() {
        std::os::unix::fs::symlink(fake_tool, dir.join(tool))?;
    }
    Ok(())
}

/// Where the `fake-hook-tool` binary is: [`FAKE_HOOK_TOOL_ENV`] if set; else next to the running
/// test executable (`target/<profile>/` when the test lives in `target/<profile>/deps/`); else
/// it is built with `$CARGO build -p juju-hook-testing --bin fake-hook-tool` (cargo sets `CARGO`
/// for tests) and the path cargo reports is used.
pub fn fake_hook_tool_path() -> Result<PathBuf, RunnerError> {
    if let Some(path) = std::env::var_os(FAKE_HOOK_TOOL_ENV) {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe().map_err(|e| RunnerError::FakeToolNotFound(e.to_string()))?;
    for dir in exe.ancestors().skip(1).take(2) {
        let candidate = dir.join("fake-hook-tool");
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    build_fake_hook_tool()
}

/// Build `fake-hook-tool` with `$CARGO` (or `cargo`) in the current target directory and return
/// the executable's path.
pub fn build_fake_hook_tool() -> Result<PathBuf, RunnerError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "-p",
            "juju-hook-testing",
            "--bin",
            "fake-hook-tool",
        ])
        .arg("--message-format=json")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| RunnerError::FakeToolNotFound(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(RunnerError::FakeToolNotFound(format!(
            "cargo build exited with {}",
            output.status
        )));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|msg| {
            msg["reason"] == "compiler-artifact" && msg["target"]["name"] == "fake-hook-tool"
        })
        .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| {
            RunnerError::FakeToolNotFound("cargo built no fake-hook-tool executable".into())
        })
}
