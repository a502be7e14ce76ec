//! The fake hook tools behind the `fake-hook-tool` multi-call binary: parse the argv the real
//! tool accepts, run the same [`StateTools`] logic the in-memory harness uses against a JSON
//! [`StateFile`], and answer as Juju does (JSON on stdout, `ERROR …` on stderr, exit 2 for
//! flag/`Init` errors such as an unknown relation id, 1 for `Run` errors).

mod cli;
mod dispatch;
mod relation_tools;
mod secret_tools;

use std::io::Read;
use std::path::Path;

use juju_hook::ToolError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::argv::{Flag, value};
use crate::calls::ToolCalls;
use crate::state::State;
use crate::tools::{StateTools, exit_code, stderr_of};

/// The environment variable naming the [`StateFile`].
pub const STATE_FILE_ENV: &str = "FAKE_JUJU_STATE";

/// Every tool name the fake answers to: [`juju_hook::TOOL_NAMES`], those the real hook tools
/// may run (the runner symlinks each to the binary).
pub fn tool_names() -> impl Iterator<Item = &'static str> {
    juju_hook::TOOL_NAMES.iter().copied()
}

/// What the fake tools share between runs: the state, the config defaults `config-get --all`
/// fills in, and the call counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateFile {
    /// The unit's state, read and written by every tool run.
    pub state: State,
    /// What `config-get --all` reports for options the state does not set.
    #[serde(default)]
    pub config_defaults: Map<String, Value>,
    /// Every tool run so far, counted by name.
    #[serde(default)]
    pub calls: ToolCalls,
}

impl StateFile {
    /// A file for `state` with no defaults and no calls yet.
    pub fn new(state: State) -> Self {
        Self {
            state,
            config_defaults: Map::new(),
            calls: ToolCalls::default(),
        }
    }

    /// Read a state file.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))
    }

    /// Write a state file.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// The hook variables the tools consult for their defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolEnv {
    /// `JUJU_RELATION_ID`: the default `-r`.
    pub relation_id: Option<String>,
    /// `JUJU_RELATION`: the default endpoint of `relation-ids`.
    pub relation: Option<String>,
    /// `JUJU_REMOTE_UNIT`: the default `relation-get` unit.
    pub remote_unit: Option<String>,
    /// `JUJU_REMOTE_APP`: the default `relation-get --app` application.
    pub remote_app: Option<String>,
    /// `JUJU_ACTION_NAME` is set: the `action-*` tools work.
    pub action_running: bool,
}

impl ToolEnv {
    /// Read the variables through `lookup`; empty counts as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |var: &str| lookup(var).filter(|v| !v.is_empty());
        Self {
            relation_id: get("JUJU_RELATION_ID"),
            relation: get("JUJU_RELATION"),
            remote_unit: get("JUJU_REMOTE_UNIT"),
            remote_app: get("JUJU_REMOTE_APP"),
            action_running: get("JUJU_ACTION_NAME").is_some(),
        }
    }
}

/// What one tool run printed and how it exited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolOutput {
    /// The exit code: 0, 1 for run errors, 2 for usage errors.
    pub code: i32,
    /// What the tool prints on stdout.
    pub stdout: String,
    /// What the tool prints on stderr (`ERROR …` lines).
    pub stderr: String,
}

impl ToolOutput {
    fn ok(stdout: String) -> Self {
        Self {
            code: 0,
            stdout,
            stderr: String::new(),
        }
    }

    fn error(code: i32, message: &str) -> Self {
        Self {
            code,
            stdout: String::new(),
            stderr: format!("ERROR {message}\n"),
        }
    }

    fn from_tool_error(error: &ToolError) -> Self {
        Self {
            code: exit_code(error),
            stdout: String::new(),
            stderr: format!("{}\n", stderr_of(error)),
        }
    }
}

/// Run `tool` with `args` (argv without the program name) against `file`, counting the call.
pub fn run_tool(
    tool: &str,
    args: &[String],
    stdin: &mut dyn Read,
    env: &ToolEnv,
    file: &mut StateFile,
) -> ToolOutput {
    file.calls.record(tool);
    let mut tools = StateTools::new(&mut file.state)
        .with_config_defaults(file.config_defaults.clone())
        .in_action(env.action_running);
    let mut run = ToolRun {
        tools: &mut tools,
        env,
        stdin,
    };
    match run.dispatch(tool, args) {
        Ok(stdout) => ToolOutput::ok(stdout),
        Err(Failure::Usage(message)) => ToolOutput::error(2, &message),
        Err(Failure::Run(message)) => ToolOutput::error(1, &message),
        Err(Failure::Tool(error)) => ToolOutput::from_tool_error(&error),
    }
}

/// The binary's `main`: tool name from `argv[0]`, state file from [`STATE_FILE_ENV`] (locked
/// for the run), output to stdout/stderr. Returns the exit code.
pub fn main_from_process() -> i32 {
    let mut argv = std::env::args();
    let program = argv.next().unwrap_or_default();
    let tool = Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let args: Vec<String> = argv.collect();
    let output = run_with_state_file(&tool, &args);
    print!("{}", output.stdout);
    eprint!("{}", output.stderr);
    output.code
}

fn run_with_state_file(tool: &str, args: &[String]) -> ToolOutput {
    if !tool_names().any(|name| name == tool) {
        return ToolOutput::error(1, &format!("fake-hook-tool: unknown hook tool {tool:?}"));
    }
    let Some(path) = std::env::var_os(STATE_FILE_ENV) else {
        return ToolOutput::error(1, &format!("{STATE_FILE_ENV} is not set"));
    };
    let path = Path::new(&path);
    let lock_path = path.with_extension("lock");
    let lock = match std::fs::File::create(&lock_path).and_then(|f| f.lock().map(|()| f)) {
        Ok(lock) => lock,
        Err(e) => {
            return ToolOutput::error(1, &format!("cannot lock {}: {e}", lock_path.display()));
        }
    };
    let mut file = match StateFile::read(path) {
        Ok(file) => file,
        Err(e) => return ToolOutput::error(1, &e),
    };
    let env = ToolEnv::from_lookup(|var| std::env::var(var).ok());
    let output = run_tool(tool, args, &mut std::io::stdin(), &env, &mut file);
    let output = match file.write(path) {
        Ok(()) => output,
        Err(e) => ToolOutput::error(1, &e),
    };
    drop(lock);
    output
}

enum Failure {
    /// Flag or argument error: exit 2.
    Usage(String),
    /// Any other error the fake itself detects: exit 1.
    Run(String),
    /// An error from the shared tool logic.
    Tool(ToolError),
}

impl From<ToolError> for Failure {
    fn from(error: ToolError) -> Self {
        Failure::Tool(error)
    }
}

type Outcome = Result<String, Failure>;

const FORMAT: Flag = value(&["format"]);
const RELATION: Flag = value(&["r", "relation"]);
const SECRET_OPTIONS: [Flag; 6] = [
    value(&["label"]),
    value(&["description"]),
    value(&["expire"]),
    value(&["rotate"]),
    value(&["owner"]),
    value(&["file"]),
];

struct ToolRun<'t, 's, 'e, 'i> {
    tools: &'t mut StateTools<'s>,
    env: &'e ToolEnv,
    stdin: &'i mut dyn Read,
}
