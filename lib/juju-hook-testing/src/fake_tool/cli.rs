//! The tools' command-line conventions: argument checks and `--format` rendering.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::argv::{self, Args, Flag};

use super::Failure;

pub(super) fn parse(argv: &[String], flags: &[Flag]) -> Result<Args, Failure> {
    argv::parse(argv, flags).map_err(Failure::Usage)
}

pub(super) fn unrecognized(extra: &[String]) -> Failure {
    Failure::Usage(format!("unrecognized args: {extra:?}"))
}

pub(super) fn no_positionals(a: &Args) -> Result<(), Failure> {
    if a.positionals.is_empty() {
        Ok(())
    } else {
        Err(unrecognized(&a.positionals))
    }
}

pub(super) fn one_positional<'a>(a: &'a Args, what: &str) -> Result<&'a str, Failure> {
    match a.positionals.as_slice() {
        [only] => Ok(only),
        [] => Err(Failure::Usage(format!("missing {what}"))),
        more => Err(unrecognized(&more[1..])),
    }
}

pub(super) fn split_key_value(arg: &str) -> Result<(String, String), Failure> {
    arg.split_once('=')
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| Failure::Usage(format!("expected \"key=value\", got {arg:?}")))
}

pub(super) fn key_values(args: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    args.iter().map(|arg| split_key_value(arg)).collect()
}

/// `--format=json` prints JSON; the default (smart) format prints strings bare and booleans
/// as `True`/`False`, and anything else as JSON (which is valid YAML).
pub(super) fn render(a: &Args, value: &Value) -> String {
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
