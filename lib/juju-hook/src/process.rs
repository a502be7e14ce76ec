//! [`ProcessHookTools`]: the real [`HookTools`], running Juju's hook tools as processes.
//!
//! Every call builds the argv ops builds (juju-runtime.md §2.2), inherits this process's
//! environment untouched (the tools need `JUJU_CONTEXT_ID` and the agent socket variables),
//! pipes JSON on stdin where the tool reads a file from `-`, and classifies failures as ops does
//! ([`classify_failure`]). Secret values are written to 0600 files in a private temporary
//! directory and passed as `key#file=<path>`, never in argv.

mod argv;
mod juju_log;
mod run;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ToolError;
use crate::relation::RelationId;
use crate::status::{Status, StatusScope};
use crate::tools::{
    Databag, DatabagOwner, DatabagScope, HookTools, SecretInfo, SecretOptions, SecretRead,
    SecretSelector,
};
use argv::{SecretFiles, args, json_stdin, secret_option_args, selector_args};
use juju_log::JUJU_LOG;
pub use juju_log::{JujuLogSink, MAX_LOG_LINE_LEN};
pub use run::classify_failure;
use run::{RawSecretInfo, bad_output, parse_json, parse_json_or_default, run_tool};

/// Every hook tool [`ProcessHookTools`] (and, for `juju-log`, [`JujuLogSink`]) may run; test
/// doubles answer to these.
pub const TOOL_NAMES: &[&str] = &[
    "config-get",
    "is-leader",
    "goal-state",
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

const IS_LEADER: &str = "is-leader";
impl HookTools for ProcessHookTools {
    fn config_get(&mut self) -> Result<Map<String, Value>, ToolError> {
        self.run_json("config-get", &args(["--all", "--format=json"]))
    }

    fn is_leader(&mut self) -> Result<bool, ToolError> {
        let stdout = self.run(IS_LEADER, &args(["--format=json"]))?;
        parse_json(IS_LEADER, &stdout)?.ok_or_else(|| bad_output(IS_LEADER, "empty output"))
    }

    fn goal_state(&mut self) -> Result<crate::GoalState, ToolError> {
        self.run_json("goal-state", &args(["--format=json"]))
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
