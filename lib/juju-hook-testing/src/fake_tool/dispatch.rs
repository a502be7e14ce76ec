//! Which tool runs: the dispatch on the tool name, the tools outside the relation and secret
//! families, and the relation id and settings-file readers they share.

use std::collections::BTreeMap;

use juju_hook::{HookTools, LogLevel, RelationId, Status, StatusScope};
use serde_json::{Value, json};

use crate::argv::{Args, switch, value};
use crate::tools::relation_not_found;

use super::cli::{key_values, no_positionals, one_positional, parse, render, unrecognized};
use super::{FORMAT, Failure, Outcome, ToolRun};

impl ToolRun<'_, '_, '_, '_> {
    pub(super) fn dispatch(&mut self, tool: &str, argv: &[String]) -> Outcome {
        match tool {
            "config-get" => self.config_get(argv),
            "is-leader" => {
                let a = parse(argv, &[FORMAT])?;
                no_positionals(&a)?;
                Ok(render(&a, &json!(self.tools.is_leader()?)))
            }
            "goal-state" => {
                let a = parse(argv, &[FORMAT])?;
                no_positionals(&a)?;
                let goal = self.tools.goal_state()?;
                let units: serde_json::Map<String, Value> = goal
                    .units
                    .iter()
                    .map(|(unit, entry)| {
                        let since = "2026-01-01 00:00:00Z";
                        (
                            unit.clone(),
                            json!({"status": entry.status, "since": since}),
                        )
                    })
                    .collect();
                Ok(render(&a, &json!({"units": units, "relations": {}})))
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

    pub(super) fn config_get(&mut self, argv: &[String]) -> Outcome {
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

    pub(super) fn status_set(&mut self, argv: &[String]) -> Outcome {
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

    pub(super) fn juju_log(&mut self, argv: &[String]) -> Outcome {
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

    pub(super) fn action_get(&mut self, argv: &[String]) -> Outcome {
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

    /// The relation `-r` (or `JUJU_RELATION_ID`) names: `<endpoint>:<id>` or a bare id.
    pub(super) fn relation(&self, a: &Args, tool: &str) -> Result<RelationId, Failure> {
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
    pub(super) fn read_settings(
        &mut self,
        path: &str,
    ) -> Result<BTreeMap<String, String>, Failure> {
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
