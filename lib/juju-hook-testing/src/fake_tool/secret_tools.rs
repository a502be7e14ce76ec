//! The secret tools: `secret-add`, `secret-get`, `secret-set`, `secret-info-get`, and the
//! content and options they take.

use std::collections::BTreeMap;

use juju_hook::{HookTools, SecretOptions, SecretOwner, SecretRead, SecretSelector};
use serde_json::{Map, json};

use crate::argv::{Args, switch, value};
use crate::state::strip_secret_prefix;

use super::cli::{parse, render, split_key_value, unrecognized};
use super::{FORMAT, Failure, Outcome, SECRET_OPTIONS, ToolRun};

impl ToolRun<'_, '_, '_, '_> {
    pub(super) fn secret_add(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &SECRET_OPTIONS)?;
        let options = secret_options(&a)?;
        let content = self.secret_content(&a, &a.positionals)?;
        let id = self.tools.secret_add(&content, &options)?;
        Ok(format!("{id}\n"))
    }

    pub(super) fn secret_get(&mut self, argv: &[String]) -> Outcome {
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

    pub(super) fn secret_set(&mut self, argv: &[String]) -> Outcome {
        let a = parse(argv, &SECRET_OPTIONS)?;
        let Some((id, content_args)) = a.positionals.split_first() else {
            return Err(Failure::Usage("missing secret URI".into()));
        };
        let options = secret_options(&a)?;
        let content = self.secret_content(&a, content_args)?;
        self.tools.secret_set(id, &content, &options)?;
        Ok(String::new())
    }

    pub(super) fn secret_info_get(&mut self, argv: &[String]) -> Outcome {
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

    /// `key=value`, `key#file=<path>` arguments and `--file <yaml>`.
    pub(super) fn secret_content(
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
