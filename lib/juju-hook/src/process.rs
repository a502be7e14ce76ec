//! [`ProcessHookTools`]: the real [`HookTools`], running Juju's hook tools as processes.
//!
//! Every call builds the argv ops builds (juju-runtime.md §2.2), inherits this process's
//! environment untouched (the tools need `JUJU_CONTEXT_ID` and the agent socket variables),
//! pipes JSON on stdin where the tool reads a file from `-`, and classifies failures as ops does
//! ([`classify_failure`]). Secret values are written to 0600 files in a private temporary
//! directory and passed as `key#file=<path>`, never in argv.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ToolError;
use crate::relation::RelationId;
use crate::status::{Status, StatusScope};
use crate::tools::{
    Databag, DatabagOwner, DatabagScope, HookTools, LogLevel, SecretInfo, SecretOptions,
    SecretOwner, SecretRead, SecretSelector,
};

/// The longest message one `juju-log` call carries; longer ones are split (as ops does, which
/// also keeps each argv entry under Linux's per-argument limit).
pub const MAX_LOG_LINE_LEN: usize = 131_071;

/// Every hook tool [`ProcessHookTools`] (and, for `juju-log`, [`JujuLogSink`]) may run; test
/// doubles answer to these.
pub const TOOL_NAMES: &[&str] = &[
    "config-get",
    "is-leader",
    "relation-ids",
    "relation-list",
    "relation-get",
    "relation-set",
    "status-set",
    "juju-log",
    "action-get",
    "action-set",
    "action-fail",
    "secret-add",
    "secret-get",
    "secret-set",
    "secret-remove",
    "secret-info-get",
    "secret-ids",
];

/// Where hook tools are found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum ToolLocation {
    /// Resolve the bare tool name through `PATH` (Juju puts its tools dir first).
    #[default]
    Path,
    /// Run `<dir>/<tool>` (tests, benchmarks).
    Dir(PathBuf),
}

impl ToolLocation {
    fn program(&self, tool: &str) -> PathBuf {
        match self {
            ToolLocation::Path => PathBuf::from(tool),
            ToolLocation::Dir(dir) => dir.join(tool),
        }
    }
}

/// Runs Juju's hook tools as child processes and counts how many it ran.
#[derive(Debug, Clone, Default)]
pub struct ProcessHookTools {
    location: ToolLocation,
    calls: BTreeMap<&'static str, usize>,
}

impl ProcessHookTools {
    /// Tools resolved through `PATH`, as in a real hook.
    pub fn new() -> Self {
        Self::default()
    }

    /// Tools taken from `dir` (e.g. a directory of fake tools in tests).
    pub fn with_tool_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            location: ToolLocation::Dir(dir.into()),
            calls: BTreeMap::new(),
        }
    }

    /// How many tool processes this instance has started (successful or not).
    pub fn calls(&self) -> usize {
        self.calls.values().sum()
    }

    /// How many times `tool` (e.g. `"relation-get"`) was started.
    pub fn calls_of(&self, tool: &str) -> usize {
        self.calls.get(tool).copied().unwrap_or(0)
    }

    /// A `Send + Sync` runner of `juju-log` alone, finding the tool where this instance does;
    /// back the tracing layer with it ([`crate::log::JujuLogLayer`]).
    pub fn juju_log_sink(&self) -> JujuLogSink {
        JujuLogSink {
            program: self.location.program(JUJU_LOG),
        }
    }

    fn run(&mut self, tool: &'static str, args: &[String]) -> Result<String, ToolError> {
        self.run_with_stdin(tool, args, None)
    }

    fn run_with_stdin(
        &mut self,
        tool: &'static str,
        args: &[String],
        stdin: Option<&[u8]>,
    ) -> Result<String, ToolError> {
        *self.calls.entry(tool).or_default() += 1;
        run_tool(&self.location.program(tool), tool, args, stdin)
    }

    fn run_json<T: DeserializeOwned + Default>(
        &mut self,
        tool: &'static str,
        args: &[String],
    ) -> Result<T, ToolError> {
        let stdout = self.run(tool, args)?;
        parse_json_or_default(tool, &stdout)
    }
}

const JUJU_LOG: &str = "juju-log";
const IS_LEADER: &str = "is-leader";

/// Runs `juju-log` only; cheap to clone and safe to share between threads.
#[derive(Debug, Clone)]
pub struct JujuLogSink {
    program: PathBuf,
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

fn juju_log_args(level: LogLevel, message: &str) -> Vec<String> {
    args(["--log-level", level.as_str(), "--", message])
}

/// `message` in pieces of at most [`MAX_LOG_LINE_LEN`] bytes, cut on character boundaries.
/// An empty message is one empty piece.
fn split_log_message(message: &str) -> Vec<&str> {
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

/// Run one tool to completion; stdout on success, a classified error otherwise.
fn run_tool(
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
fn parse_json_or_default<T: DeserializeOwned + Default>(
    tool: &str,
    stdout: &str,
) -> Result<T, ToolError> {
    let value: Option<T> = parse_json(tool, stdout)?;
    Ok(value.unwrap_or_default())
}

/// Parse `--format=json` output; empty output and `null` give `None`.
fn parse_json<T: DeserializeOwned>(tool: &str, stdout: &str) -> Result<Option<T>, ToolError> {
    if stdout.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(stdout).map_err(|e| ToolError::BadOutput {
        tool: tool.to_owned(),
        reason: e.to_string(),
    })
}

fn args<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn owner_flag(owner: SecretOwner) -> &'static str {
    match owner {
        SecretOwner::Application => "application",
        SecretOwner::Unit => "unit",
    }
}

/// `[--label L] [--description D] [--expire E] [--rotate R] [--owner O]`.
fn secret_option_args(options: &SecretOptions) -> Vec<String> {
    let mut out = Vec::new();
    let flags = [
        ("--label", options.label.as_deref()),
        ("--description", options.description.as_deref()),
        ("--expire", options.expire.as_deref()),
        ("--rotate", options.rotate.as_deref()),
        ("--owner", options.owner.map(owner_flag)),
    ];
    for (flag, value) in flags {
        if let Some(value) = value {
            out.push(flag.to_owned());
            out.push(value.to_owned());
        }
    }
    out
}

/// Secret content written to 0600 files in a private (0700) temporary directory, which is
/// removed when this value is dropped.
struct SecretFiles {
    _dir: tempfile::TempDir,
    args: Vec<String>,
}

impl SecretFiles {
    fn write(tool: &str, content: &BTreeMap<String, String>) -> Result<Self, ToolError> {
        let io_error = |e: std::io::Error| ToolError::Spawn {
            tool: tool.to_owned(),
            reason: format!("cannot stage secret content: {e}"),
        };
        let dir = tempfile::Builder::new()
            .prefix("juju-secret-")
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir()
            .map_err(io_error)?;
        let mut args = Vec::with_capacity(content.len());
        for (index, (key, value)) in content.iter().enumerate() {
            // Files are named by position so that no key can escape the directory.
            let path = dir.path().join(format!("value-{index}"));
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(io_error)?;
            file.write_all(value.as_bytes()).map_err(io_error)?;
            args.push(format!("{key}#file={}", path.display()));
        }
        Ok(Self { _dir: dir, args })
    }
}

fn selector_args(selector: &SecretSelector) -> Vec<String> {
    match selector {
        SecretSelector::Id(id) => vec![id.clone()],
        SecretSelector::Label(label) => args(["--label", label]),
    }
}

fn json_stdin(tool: &str, map: &BTreeMap<String, String>) -> Result<Vec<u8>, ToolError> {
    serde_json::to_vec(map).map_err(|e| ToolError::BadOutput {
        tool: tool.to_owned(),
        reason: format!("cannot encode input: {e}"),
    })
}

/// One entry of `secret-info-get --format=json`.
#[derive(serde::Deserialize)]
struct RawSecretInfo {
    revision: u64,
    label: Option<String>,
    owner: Option<String>,
    description: Option<String>,
    expiry: Option<String>,
    rotation: Option<String>,
}

fn bad_output(tool: &str, reason: impl Into<String>) -> ToolError {
    ToolError::BadOutput {
        tool: tool.to_owned(),
        reason: reason.into(),
    }
}

impl HookTools for ProcessHookTools {
    fn config_get(&mut self) -> Result<Map<String, Value>, ToolError> {
        self.run_json("config-get", &args(["--all", "--format=json"]))
    }

    fn is_leader(&mut self) -> Result<bool, ToolError> {
        let stdout = self.run(IS_LEADER, &args(["--format=json"]))?;
        parse_json(IS_LEADER, &stdout)?.ok_or_else(|| bad_output(IS_LEADER, "empty output"))
    }

    fn relation_ids(&mut self, endpoint: &str) -> Result<Vec<RelationId>, ToolError> {
        let raw: Vec<String> = self.run_json("relation-ids", &args([endpoint, "--format=json"]))?;
        raw.iter()
            .map(|id| {
                id.parse()
                    .map_err(|e| bad_output("relation-ids", format!("{e}")))
            })
            .collect()
    }

    fn relation_list(&mut self, relation: &RelationId) -> Result<Vec<String>, ToolError> {
        let id = relation.to_string();
        self.run_json("relation-list", &args(["-r", &id, "--format=json"]))
    }

    fn relation_remote_app(&mut self, relation: &RelationId) -> Result<Option<String>, ToolError> {
        let id = relation.to_string();
        let app: Option<String> = self.run_json(
            "relation-list",
            &args(["-r", &id, "--app", "--format=json"]),
        )?;
        Ok(app.filter(|a| !a.is_empty()))
    }

    fn relation_get(
        &mut self,
        relation: &RelationId,
        owner: &DatabagOwner,
    ) -> Result<Databag, ToolError> {
        let id = relation.to_string();
        let mut argv = args(["--format=json", "-r", &id]);
        let name = match owner {
            DatabagOwner::Unit(unit) => unit,
            DatabagOwner::App(app) => {
                argv.push("--app".to_owned());
                app
            }
        };
        argv.push("-".to_owned());
        argv.push(name.clone());
        self.run_json("relation-get", &argv)
    }

    fn relation_set(
        &mut self,
        relation: &RelationId,
        scope: DatabagScope,
        changes: &Databag,
    ) -> Result<(), ToolError> {
        let id = relation.to_string();
        let mut argv = args(["-r", &id]);
        if scope == DatabagScope::App {
            argv.push("--app".to_owned());
        }
        argv.extend(args(["--file", "-"]));
        let input = json_stdin("relation-set", changes)?;
        self.run_with_stdin("relation-set", &argv, Some(&input))
            .map(drop)
    }

    fn status_set(&mut self, scope: StatusScope, status: &Status) -> Result<(), ToolError> {
        let mut argv = Vec::new();
        if scope == StatusScope::Application {
            argv.push("--application".to_owned());
        }
        argv.extend(args([status.name(), "--", status.message()]));
        self.run("status-set", &argv).map(drop)
    }

    fn action_get(&mut self) -> Result<Map<String, Value>, ToolError> {
        self.run_json("action-get", &args(["--format=json"]))
    }

    fn action_set(&mut self, results: &BTreeMap<String, String>) -> Result<(), ToolError> {
        let argv: Vec<String> = results.iter().map(|(k, v)| format!("{k}={v}")).collect();
        self.run("action-set", &argv).map(drop)
    }

    fn action_fail(&mut self, message: &str) -> Result<(), ToolError> {
        self.run("action-fail", &args(["--", message])).map(drop)
    }

    fn secret_add(
        &mut self,
        content: &BTreeMap<String, String>,
        options: &SecretOptions,
    ) -> Result<String, ToolError> {
        let files = SecretFiles::write("secret-add", content)?;
        let mut argv = secret_option_args(options);
        argv.extend(files.args.iter().cloned());
        let stdout = self.run("secret-add", &argv)?;
        let id = stdout.trim();
        if id.is_empty() {
            return Err(bad_output("secret-add", "no secret id printed"));
        }
        Ok(id.to_owned())
    }

    fn secret_get(
        &mut self,
        selector: &SecretSelector,
        read: SecretRead,
    ) -> Result<BTreeMap<String, String>, ToolError> {
        let mut argv = args(["--format=json"]);
        argv.extend(selector_args(selector));
        match read {
            SecretRead::Tracked => {}
            SecretRead::Refresh => argv.push("--refresh".to_owned()),
            SecretRead::Peek => argv.push("--peek".to_owned()),
        }
        self.run_json("secret-get", &argv)
    }

    fn secret_set(
        &mut self,
        id: &str,
        content: &BTreeMap<String, String>,
        options: &SecretOptions,
    ) -> Result<(), ToolError> {
        let files = SecretFiles::write("secret-set", content)?;
        let mut argv = vec![id.to_owned()];
        argv.extend(secret_option_args(options));
        argv.extend(files.args.iter().cloned());
        self.run("secret-set", &argv).map(drop)
    }

    fn secret_remove(&mut self, id: &str, revision: Option<u64>) -> Result<(), ToolError> {
        let mut argv = vec![id.to_owned()];
        if let Some(revision) = revision {
            argv.extend(["--revision".to_owned(), revision.to_string()]);
        }
        self.run("secret-remove", &argv).map(drop)
    }

    fn secret_info_get(&mut self, selector: &SecretSelector) -> Result<SecretInfo, ToolError> {
        const TOOL: &str = "secret-info-get";
        let mut argv = args(["--format=json"]);
        argv.extend(selector_args(selector));
        let infos: BTreeMap<String, RawSecretInfo> = self.run_json(TOOL, &argv)?;
        let mut infos = infos.into_iter();
        let (id, raw) = match (infos.next(), infos.next()) {
            (Some(only), None) => only,
            (None, _) => return Err(bad_output(TOOL, "no secret in output")),
            (Some(_), Some(_)) => return Err(bad_output(TOOL, "more than one secret in output")),
        };
        // Juju keys the output by the bare id; ops (and our in-memory tools) use the URI form.
        let id = if id.starts_with("secret:") {
            id
        } else {
            format!("secret:{id}")
        };
        Ok(SecretInfo {
            id,
            revision: raw.revision,
            label: raw.label.filter(|s| !s.is_empty()),
            owner: raw.owner.filter(|s| !s.is_empty()),
            description: raw.description.filter(|s| !s.is_empty()),
            expiry: raw.expiry.filter(|s| !s.is_empty()),
            rotation: raw.rotation.filter(|s| !s.is_empty()),
        })
    }

    fn secret_ids(&mut self) -> Result<Vec<String>, ToolError> {
        self.run_json("secret-ids", &args(["--format=json"]))
    }
}
