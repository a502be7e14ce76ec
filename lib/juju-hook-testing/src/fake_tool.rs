//! The fake hook tools behind the `fake-hook-tool` multi-call binary: parse the argv the real
//! tool accepts, run the same [`StateTools`] logic the in-memory harness uses against a JSON
//! [`StateFile`], and answer as Juju does (JSON on stdout, `ERROR …` on stderr, exit 2 for
//! flag/`Init` errors such as an unknown relation id, 1 for `Run` errors).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use juju_hook::{
    DatabagOwner, DatabagScope, HookTools, LogLevel, RelationId, SecretOptions, SecretOwner,
    SecretRead, SecretSelector, Status, StatusScope, ToolError,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::argv::{self, Args, Flag, switch, value};
use crate::calls::ToolCalls;
use crate::state::{State, strip_secret_prefix};
use crate::tools::{StateTools, exit_code, relation_not_found, stderr_of};

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

impl ToolRun<'_, '_, '_, '_> {
    fn dispatch(&mut self, tool: &str, argv: &[String]) -> Outcome {
        match tool {
            "config-get" => self.config_get(argv),
            "is-leader" => {
                let a = parse(argv, &[FORMAT])?;
                no_positionals(&a)?;
                Ok(render(&a, &json!(self.tools.is_leader()?)))
            }
            "relation-ids" => self.relation_ids(argv),
            "relation-list" => self.relation_list(argv),
            "relation-get" => self.relation_get(argv),
            "relation-set" => self.relation_set(argv),
            "status-set" => self.status_set(argv),
            "juju-log" => self.juju_log(argv),
            "action-get" => self.action_get(argv),
            "action-set" => {
                let a = parse(argv, &[])?;
                let results = key_values(&a.positionals)?;
                if results.is_empty() {
                    return Err(Failure::Usage("no key=value pairs specified".into()));
                }
                self.tools.action_set(&results)?;
                Ok(String::new())
            }
            "action-fail" => {
                let a = parse(argv, &[])?;
                self.tools.action_fail(&a.positionals.join(" "))?;
                Ok(String::new())
            }
            "secret-add" => self.secret_add(argv),
            "secret-get" => self.secret_get(argv),
            "secret-set" => self.secret_set(argv),
            "secret-remove" => {
                let a = parse(argv, &[value(&["revision"])])?;
                let id = one_positional(&a, "<ID>")?;
                let revision = a
                    .value("revision")
                    .map(|r| {
                        r.parse::<u64>()
                            .map_err(|_| Failure::Usage(format!("invalid revision {r:?}")))
                    })
                    .transpose()?;
                self.tools.secret_remove(id, revision)?;
                Ok(String::new())
            }
            "secret-info-get" => self.secret_info_get(argv),
            "secret-ids" => {
                let a = parse(argv, &[FORMAT])?;
                no_positionals(&a)?;
                Ok(render(&a, &json!(self.tools.secret_ids()?)))
            }
            other => Err(Failure::Run(format!(
                "fake-hook-tool: unknown hook tool {other:?}"
            ))),
        }
    }

    fn config_get(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &[FORMAT, switch(&["a", "all"])])?;
        let mut config = self.tools.config_get()?;
        match a.positionals.as_slice() {
            [] => {
                if !a.is_set("a") {
                    config.retain(|_, v| !v.is_null());
                }
                Ok(render(&a, &Value::Object(config)))
            }
            [key] => Ok(render(&a, config.get(key).unwrap_or(&Value::Null))),
            _ => Err(unrecognized(&a.positionals[1..])),
        }
    }

    fn relation_ids(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &[FORMAT])?;
        let endpoint = match a.positionals.as_slice() {
            [endpoint] => endpoint.clone(),
            [] => self
                .env
                .relation
                .clone()
                .ok_or_else(|| Failure::Usage("no endpoint name specified".into()))?,
            more => return Err(unrecognized(&more[1..])),
        };
        let ids: Vec<String> = self
            .tools
            .relation_ids(&endpoint)?
            .iter()
            .map(ToString::to_string)
            .collect();
        Ok(render(&a, &json!(ids)))
    }

    fn relation_list(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &[FORMAT, RELATION, switch(&["app"])])?;
        no_positionals(&a)?;
        let relation = self.relation(&a, "relation-list")?;
        if a.is_set("app") {
            Ok(render(
                &a,
                &json!(self.tools.relation_remote_app(&relation)?),
            ))
        } else {
            Ok(render(&a, &json!(self.tools.relation_list(&relation)?)))
        }
    }

    fn relation_get(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &[FORMAT, RELATION, switch(&["app"])])?;
        let relation = self.relation(&a, "relation-get")?;
        let app = a.is_set("app");
        let (key, owner) = match a.positionals.as_slice() {
            [] => (None, None),
            [key] => (Some(key.as_str()), None),
            [key, owner] => (Some(key.as_str()), Some(owner.clone())),
            more => return Err(unrecognized(&more[2..])),
        };
        let default_owner = if app {
            &self.env.remote_app
        } else {
            &self.env.remote_unit
        };
        let owner = owner
            .or_else(|| default_owner.clone())
            .ok_or_else(|| Failure::Usage("no unit or application specified".into()))?;
        let owner = if app {
            DatabagOwner::App(owner)
        } else {
            DatabagOwner::Unit(owner)
        };
        let data = self.tools.relation_get(&relation, &owner)?;
        match key.filter(|k| *k != "-") {
            None => Ok(render(&a, &json!(data))),
            Some(key) => Ok(render(&a, &json!(data.get(key)))),
        }
    }

    fn relation_set(&mut self, argv: &[String]) -> Outcome {
        let a = parse(
            argv,
            &[FORMAT, RELATION, switch(&["app"]), value(&["file"])],
        )?;
        let relation = self.relation(&a, "relation-set")?;
        let mut changes = match a.value("file") {
            Some(path) => self.read_settings(path)?,
            None => BTreeMap::new(),
        };
        changes.extend(key_values(&a.positionals)?);
        let scope = if a.is_set("app") {
            DatabagScope::App
        } else {
            DatabagScope::Unit
        };
        self.tools.relation_set(&relation, scope, &changes)?;
        Ok(String::new())
    }

    fn status_set(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &[switch(&["application"])])?;
        let (name, message) = match a.positionals.as_slice() {
            [name] => (name, ""),
            [name, message] => (name, message.as_str()),
            [] => {
                return Err(Failure::Usage(
                    "invalid args, require <status> [message]".into(),
                ));
            }
            more => return Err(unrecognized(&more[2..])),
        };
        let status = Status::from_parts(name, message).ok_or_else(|| {
            Failure::Usage(format!(
                "invalid status {name:?}, expected one of [maintenance blocked waiting active]"
            ))
        })?;
        let scope = if a.is_set("application") {
            StatusScope::Application
        } else {
            StatusScope::Unit
        };
        self.tools.status_set(scope, &status)?;
        Ok(String::new())
    }

    fn juju_log(&mut self, argv: &[String]) -> Outcome {
        let a = parse(
            argv,
            &[value(&["l", "log-level"]), switch(&["debug"]), FORMAT],
        )?;
        if a.positionals.is_empty() {
            return Err(Failure::Usage("no message specified".into()));
        }
        let level = match a.value("l") {
            None if a.is_set("debug") => LogLevel::Debug,
            None => LogLevel::Info,
            Some(level) => parse_level(level)
                .ok_or_else(|| Failure::Usage(format!("invalid log level {level:?}")))?,
        };
        self.tools.juju_log(level, &a.positionals.join(" "));
        Ok(String::new())
    }

    fn action_get(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &[FORMAT])?;
        let params = Value::Object(self.tools.action_get()?);
        match a.positionals.as_slice() {
            [] => Ok(render(&a, &params)),
            [key] => {
                let found = key.split('.').try_fold(&params, |v, part| v.get(part));
                Ok(render(&a, found.unwrap_or(&Value::Null)))
            }
            more => Err(unrecognized(&more[1..])),
        }
    }

    fn secret_add(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &SECRET_OPTIONS)?;
        let options = secret_options(&a)?;
        let content = self.secret_content(&a, &a.positionals)?;
        let id = self.tools.secret_add(&content, &options)?;
        Ok(format!("{id}\n"))
    }

    fn secret_get(&mut self, argv: &[String]) -> Outcome {
        let a = parse(
            argv,
            &[
                FORMAT,
                value(&["label"]),
                switch(&["refresh"]),
                switch(&["peek"]),
            ],
        )?;
        let read = match (a.is_set("refresh"), a.is_set("peek")) {
            (true, true) => {
                return Err(Failure::Usage(
                    "specify one of --peek or --refresh but not both".into(),
                ));
            }
            (true, false) => SecretRead::Refresh,
            (false, true) => SecretRead::Peek,
            (false, false) => SecretRead::Tracked,
        };
        let id = match a.positionals.as_slice() {
            [] => None,
            [id] => Some(id.clone()),
            more => return Err(unrecognized(&more[1..])),
        };
        let content = match (id, a.value("label")) {
            (Some(id), label) => {
                let content = self
                    .tools
                    .secret_get(&SecretSelector::Id(id.clone()), read)?;
                if let Some(label) = label {
                    self.tools.secret_set_label(&id, label)?;
                }
                content
            }
            (None, Some(label)) => self
                .tools
                .secret_get(&SecretSelector::Label(label.to_owned()), read)?,
            (None, None) => {
                return Err(Failure::Usage(
                    "require either a secret URI or label".into(),
                ));
            }
        };
        Ok(render(&a, &json!(content)))
    }

    fn secret_set(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &SECRET_OPTIONS)?;
        let Some((id, content_args)) = a.positionals.split_first() else {
            return Err(Failure::Usage("missing secret URI".into()));
        };
        let options = secret_options(&a)?;
        let content = self.secret_content(&a, content_args)?;
        self.tools.secret_set(id, &content, &options)?;
        Ok(String::new())
    }

    fn secret_info_get(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &[FORMAT, value(&["label"])])?;
        let selector = match (a.positionals.as_slice(), a.value("label")) {
            ([id], None) => SecretSelector::Id(id.clone()),
            ([], Some(label)) => SecretSelector::Label(label.to_owned()),
            _ => {
                return Err(Failure::Usage(
                    "require either a secret URI or label".into(),
                ));
            }
        };
        let info = self.tools.secret_info_get(&selector)?;
        let mut entry = Map::new();
        entry.insert("revision".into(), json!(info.revision));
        for (key, value) in [
            ("label", info.label),
            ("owner", info.owner),
            ("description", info.description),
            ("expiry", info.expiry),
            ("rotation", info.rotation),
        ] {
            if let Some(value) = value {
                entry.insert(key.into(), json!(value));
            }
        }
        // Juju keys the answer by the bare secret ID, without the `secret:` scheme.
        let out = json!({ strip_secret_prefix(&info.id): entry });
        Ok(render(&a, &out))
    }

    /// The relation `-r` (or `JUJU_RELATION_ID`) names: `<endpoint>:<id>` or a bare id.
    fn relation(&self, a: &Args, tool: &str) -> Result<RelationId, Failure> {
        let raw = a
            .value("r")
            .map(str::to_owned)
            .or_else(|| self.env.relation_id.clone())
            .ok_or_else(|| Failure::Usage("no relation id specified".into()))?;
        let (endpoint, number) = match raw.rsplit_once(':') {
            Some((endpoint, number)) => (Some(endpoint), number),
            None => (None, raw.as_str()),
        };
        let id: u64 = number.parse().map_err(|_| {
            Failure::Usage(format!(
                "invalid value {raw:?} for option -r: invalid relation id"
            ))
        })?;
        self.tools
            .state()
            .get_relation(id)
            .filter(|r| endpoint.is_none_or(|e| e == r.endpoint))
            .map(|r| r.relation_id())
            .ok_or_else(|| Failure::Tool(relation_not_found(tool, &raw)))
    }

    /// A `--file` of settings (`-` for stdin): a JSON/YAML map of string values.
    fn read_settings(&mut self, path: &str) -> Result<BTreeMap<String, String>, Failure> {
        let text = if path == "-" {
            let mut text = String::new();
            self.stdin
                .read_to_string(&mut text)
                .map_err(|e| Failure::Run(format!("cannot read stdin: {e}")))?;
            text
        } else {
            std::fs::read_to_string(path)
                .map_err(|e| Failure::Run(format!("cannot read {path}: {e}")))?
        };
        if text.trim().is_empty() {
            return Ok(BTreeMap::new());
        }
        let map: BTreeMap<String, Value> = serde_json::from_str(&text)
            .or_else(|_| serde_saphyr::from_str(&text))
            .map_err(|e| Failure::Run(format!("cannot parse settings: {e}")))?;
        map.into_iter()
            .map(|(key, value)| match value {
                Value::String(s) => Ok((key, s)),
                other => Err(Failure::Run(format!(
                    "cannot parse settings: value of key {key:?} is {other}, not a string"
                ))),
            })
            .collect()
    }

    /// `key=value`, `key#file=<path>` arguments and `--file <yaml>`.
    fn secret_content(
        &mut self,
        a: &Args,
        positionals: &[String],
    ) -> Result<BTreeMap<String, String>, Failure> {
        let mut content = match a.value("file") {
            Some(path) => self.read_settings(path)?,
            None => BTreeMap::new(),
        };
        for arg in positionals {
            let (key, value) = split_key_value(arg)?;
            if let Some(key) = key.strip_suffix("#file") {
                let value = std::fs::read_to_string(&value)
                    .map_err(|e| Failure::Usage(format!("cannot read {value}: {e}")))?;
                content.insert(key.to_owned(), value);
            } else if key.ends_with("#base64") {
                return Err(Failure::Usage(
                    "fake-hook-tool: #base64 values are not supported".into(),
                ));
            } else {
                content.insert(key, value);
            }
        }
        Ok(content)
    }
}

fn parse(argv: &[String], flags: &[Flag]) -> Result<Args, Failure> {
    argv::parse(argv, flags).map_err(Failure::Usage)
}

fn unrecognized(extra: &[String]) -> Failure {
    Failure::Usage(format!("unrecognized args: {extra:?}"))
}

fn no_positionals(a: &Args) -> Result<(), Failure> {
    if a.positionals.is_empty() {
        Ok(())
    } else {
        Err(unrecognized(&a.positionals))
    }
}

fn one_positional<'a>(a: &'a Args, what: &str) -> Result<&'a str, Failure> {
    match a.positionals.as_slice() {
        [only] => Ok(only),
        [] => Err(Failure::Usage(format!("missing {what}"))),
        more => Err(unrecognized(&more[1..])),
    }
}

fn split_key_value(arg: &str) -> Result<(String, String), Failure> {
    arg.split_once('=')
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| Failure::Usage(format!("expected \"key=value\", got {arg:?}")))
}

fn key_values(args: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    args.iter().map(|arg| split_key_value(arg)).collect()
}

fn secret_options(a: &Args) -> Result<SecretOptions, Failure> {
    let owner = match a.value("owner") {
        None => None,
        Some("application") => Some(SecretOwner::Application),
        Some("unit") => Some(SecretOwner::Unit),
        Some(other) => {
            return Err(Failure::Usage(format!(
                "secret owner {other:?} not valid, expected \"application\" or \"unit\""
            )));
        }
    };
    let get = |name: &str| a.value(name).map(str::to_owned);
    Ok(SecretOptions {
        label: get("label"),
        description: get("description"),
        expire: get("expire"),
        rotate: get("rotate"),
        owner,
    })
}

fn parse_level(level: &str) -> Option<LogLevel> {
    Some(match level.to_ascii_uppercase().as_str() {
        "TRACE" => LogLevel::Trace,
        "DEBUG" => LogLevel::Debug,
        "INFO" => LogLevel::Info,
        "WARNING" | "WARN" => LogLevel::Warning,
        "ERROR" => LogLevel::Error,
        _ => return None,
    })
}

/// `--format=json` prints JSON; the default (smart) format prints strings bare and booleans
/// as `True`/`False`, and anything else as JSON (which is valid YAML).
fn render(a: &Args, value: &Value) -> String {
    let text = match (a.value("format"), value) {
        (Some("json"), v) => v.to_string(),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Bool(true)) => "True".to_owned(),
        (_, Value::Bool(false)) => "False".to_owned(),
        (_, Value::Null) => String::new(),
        (_, v) => v.to_string(),
    };
    format!("{text}\n")
}
