//! The relation tools: `relation-ids`, `relation-list`, `relation-get`, `relation-set`.

use std::collections::BTreeMap;

use juju_hook::{DatabagOwner, DatabagScope, HookTools};
use serde_json::json;

use crate::argv::{switch, value};

use super::cli::{key_values, no_positionals, parse, render, unrecognized};
use super::{FORMAT, Failure, Outcome, RELATION, ToolRun};

impl ToolRun<'_, '_, '_, '_> {
    pub(super) fn relation_ids(&mut self, argv: &[String]) -> Outcome {
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

    pub(super) fn relation_list(&mut self, argv: &[String]) -> Outcome {
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

    pub(super) fn relation_get(&mut self, argv: &[String]) -> Outcome {
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

    pub(super) fn relation_set(&mut self, argv: &[String]) -> Outcome {
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
}
