//! The hook environment: [`HookContext::from_env`] reads an event and its facts from Juju's
//! variables, [`HookContext::to_env`] writes them back out for the test harness.

use std::path::PathBuf;

use super::{Event, EventError, HookContext, RelationEventKind, SIMPLE_HOOKS, SecretEventKind};
use crate::relation::RelationId;

const DISPATCH_PATH: &str = "JUJU_DISPATCH_PATH";
const HOOK_NAME: &str = "JUJU_HOOK_NAME";
const UNIT_NAME: &str = "JUJU_UNIT_NAME";
const MODEL_NAME: &str = "JUJU_MODEL_NAME";
const MODEL_UUID: &str = "JUJU_MODEL_UUID";
const VERSION: &str = "JUJU_VERSION";
const CHARM_DIR: &str = "JUJU_CHARM_DIR";
const LEGACY_CHARM_DIR: &str = "CHARM_DIR";
const RELATION: &str = "JUJU_RELATION";
const RELATION_ID: &str = "JUJU_RELATION_ID";
const REMOTE_APP: &str = "JUJU_REMOTE_APP";
const REMOTE_UNIT: &str = "JUJU_REMOTE_UNIT";
const DEPARTING_UNIT: &str = "JUJU_DEPARTING_UNIT";
const SECRET_ID: &str = "JUJU_SECRET_ID";
const SECRET_LABEL: &str = "JUJU_SECRET_LABEL";
const SECRET_REVISION: &str = "JUJU_SECRET_REVISION";
const ACTION_NAME: &str = "JUJU_ACTION_NAME";
const ACTION_UUID: &str = "JUJU_ACTION_UUID";
/// The hook an event path names, before the per-event variables are read.
enum HookKind<'a> {
    Simple(Event),
    Relation {
        endpoint: &'a str,
        kind: RelationEventKind,
    },
    Secret(SecretEventKind),
    Action(&'a str),
}

/// Split `JUJU_DISPATCH_PATH` into the hook it names.
fn parse_dispatch_path(path: &str) -> Result<HookKind<'_>, EventError> {
    let malformed = |reason| EventError::MalformedVar {
        var: DISPATCH_PATH,
        value: path.to_owned(),
        reason,
    };
    let (dir, name) = path
        .split_once('/')
        .ok_or_else(|| malformed("expected hooks/<name> or actions/<name>"))?;
    if name.is_empty() || name.contains('/') {
        return Err(malformed("expected hooks/<name> or actions/<name>"));
    }
    match dir {
        "actions" => Ok(HookKind::Action(name)),
        "hooks" => parse_hook_name(name),
        _ => Err(malformed("expected hooks/<name> or actions/<name>")),
    }
}

fn parse_hook_name(name: &str) -> Result<HookKind<'_>, EventError> {
    if let Some((_, event)) = SIMPLE_HOOKS.iter().find(|(n, _)| *n == name) {
        return Ok(HookKind::Simple(event.clone()));
    }
    for kind in RelationEventKind::ALL {
        let suffix = format!("-relation-{}", kind.as_str());
        if let Some(endpoint) = name.strip_suffix(suffix.as_str())
            && !endpoint.is_empty()
        {
            return Ok(HookKind::Relation { endpoint, kind });
        }
    }
    if let Some(kind) = name.strip_prefix("secret-").and_then(|rest| {
        SecretEventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == rest)
    }) {
        return Ok(HookKind::Secret(kind));
    }
    Err(EventError::UnknownHook {
        name: name.to_owned(),
    })
}

impl HookContext {
    /// Parse the hook environment, reading variables through `lookup` (sans-IO: pass a map's
    /// getter in tests, the process environment in production).
    ///
    /// Follows ops's `JujuContext.from_environ`: `JUJU_DISPATCH_PATH`, `JUJU_UNIT_NAME`,
    /// `JUJU_MODEL_NAME`, `JUJU_MODEL_UUID` and `JUJU_VERSION` are required; `JUJU_CHARM_DIR`
    /// falls back to the legacy `CHARM_DIR`; `JUJU_HOOK_NAME` is not consulted (the dispatch path
    /// decides the event).
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<HookContext, EventError> {
        let env = Env(&lookup);
        let dispatch_path = env.required(DISPATCH_PATH)?;
        let hook = parse_dispatch_path(&dispatch_path)?;

        let unit_name = env.required(UNIT_NAME)?;
        let app_name = match unit_name.split_once('/') {
            Some((app, n)) if !app.is_empty() && n.parse::<u64>().is_ok() => app.to_owned(),
            _ => {
                return Err(EventError::MalformedVar {
                    var: UNIT_NAME,
                    value: unit_name,
                    reason: "expected <application>/<number>",
                });
            }
        };
        let model_name = env.required(MODEL_NAME)?;
        let model_uuid = env.required(MODEL_UUID)?;
        let juju_version = env.required(VERSION)?;
        let charm_dir = env
            .non_empty(CHARM_DIR)
            .or_else(|| env.non_empty(LEGACY_CHARM_DIR))
            .ok_or(EventError::MissingVar { var: CHARM_DIR })?;

        let event = match hook {
            HookKind::Simple(event) => event,
            HookKind::Relation { endpoint, kind } => relation_event(&env, endpoint, kind)?,
            HookKind::Secret(kind) => secret_event(&env, kind)?,
            HookKind::Action(name) => action_event(&env, name)?,
        };

        Ok(HookContext {
            event,
            unit_name,
            app_name,
            model_name,
            model_uuid,
            juju_version,
            charm_dir: PathBuf::from(charm_dir),
        })
    }

    /// [`HookContext::from_env`] over this process's environment. When neither
    /// `JUJU_CHARM_DIR` nor `CHARM_DIR` is set, the directory of the running executable is used
    /// (the binary is the charm's `dispatch`, at the charm root), as ops falls back to its own
    /// location.
    pub fn from_process_env() -> Result<HookContext, EventError> {
        HookContext::from_env(|var| {
            let value = std::env::var(var).ok();
            if var == CHARM_DIR
                && value.as_deref().is_none_or(str::is_empty)
                && std::env::var(LEGACY_CHARM_DIR).is_err()
            {
                return std::env::current_exe()
                    .ok()
                    .and_then(|exe| exe.parent().map(|dir| dir.to_string_lossy().into_owned()));
            }
            value
        })
    }

    /// The variables Juju would set for this event (the inverse of [`HookContext::from_env`]).
    /// The test harness uses it to run the real binary.
    pub fn to_env(&self) -> Vec<(String, String)> {
        let mut env: Vec<(&str, String)> = vec![
            (DISPATCH_PATH, self.event.dispatch_path()),
            (HOOK_NAME, self.event.hook_name()),
            (UNIT_NAME, self.unit_name.clone()),
            (MODEL_NAME, self.model_name.clone()),
            (MODEL_UUID, self.model_uuid.clone()),
            (VERSION, self.juju_version.clone()),
            (CHARM_DIR, self.charm_dir.to_string_lossy().into_owned()),
        ];
        match &self.event {
            Event::Relation {
                kind,
                relation,
                remote_app,
                remote_unit,
                departing_unit,
            } => {
                env.push((RELATION, relation.endpoint.clone()));
                env.push((RELATION_ID, relation.to_string()));
                env.push((REMOTE_APP, remote_app.clone()));
                env.push((REMOTE_UNIT, remote_unit.clone().unwrap_or_default()));
                if *kind == RelationEventKind::Departed {
                    env.push((DEPARTING_UNIT, departing_unit.clone().unwrap_or_default()));
                }
            }
            Event::Secret {
                id,
                label,
                revision,
                ..
            } => {
                env.push((SECRET_ID, id.clone()));
                env.push((SECRET_LABEL, label.clone().unwrap_or_default()));
                if let Some(revision) = revision {
                    env.push((SECRET_REVISION, revision.to_string()));
                }
            }
            Event::Action { name, id } => {
                env.push((ACTION_NAME, name.clone()));
                env.push((ACTION_UUID, id.clone()));
                env.push(("JUJU_ACTION_TAG", format!("action-{id}")));
            }
            _ => {}
        }
        env.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }
}

/// Variable access with the "missing" and "empty means unset" rules in one place.
struct Env<'a, F: Fn(&str) -> Option<String>>(&'a F);

impl<F: Fn(&str) -> Option<String>> Env<'_, F> {
    /// The value, `None` when unset (an empty value is returned as is).
    fn get(&self, var: &str) -> Option<String> {
        (self.0)(var)
    }

    /// The value, `None` when unset or empty.
    fn non_empty(&self, var: &str) -> Option<String> {
        self.get(var).filter(|v| !v.is_empty())
    }

    /// The value; unset or empty is [`EventError::MissingVar`].
    fn required(&self, var: &'static str) -> Result<String, EventError> {
        self.non_empty(var).ok_or(EventError::MissingVar { var })
    }

    /// The value, which must be set but may be empty (empty becomes `None`).
    fn present(&self, var: &'static str) -> Result<Option<String>, EventError> {
        self.get(var)
            .map(|v| Some(v).filter(|v| !v.is_empty()))
            .ok_or(EventError::MissingVar { var })
    }
}

fn relation_event<F: Fn(&str) -> Option<String>>(
    env: &Env<'_, F>,
    endpoint: &str,
    kind: RelationEventKind,
) -> Result<Event, EventError> {
    let raw_id = env.required(RELATION_ID)?;
    let relation: RelationId = raw_id.parse().map_err(|_| EventError::MalformedVar {
        var: RELATION_ID,
        value: raw_id.clone(),
        reason: "expected <endpoint>:<number>",
    })?;
    if relation.endpoint != endpoint {
        return Err(EventError::EndpointMismatch {
            var: RELATION_ID,
            value: raw_id,
            endpoint: endpoint.to_owned(),
        });
    }
    if let Some(name) = env.non_empty(RELATION)
        && name != endpoint
    {
        return Err(EventError::EndpointMismatch {
            var: RELATION,
            value: name,
            endpoint: endpoint.to_owned(),
        });
    }
    let remote_app = env
        .get(REMOTE_APP)
        .ok_or(EventError::MissingVar { var: REMOTE_APP })?;
    // Juju exports `JUJU_REMOTE_UNIT` (empty for app-level events); ops accepts it unset too,
    // and so does this parser: an unset or empty value is an app-level event.
    let remote_unit = env.non_empty(REMOTE_UNIT);
    let departing_unit = if kind == RelationEventKind::Departed {
        env.present(DEPARTING_UNIT)?
    } else {
        None
    };
    Ok(Event::Relation {
        kind,
        relation,
        remote_app,
        remote_unit,
        departing_unit,
    })
}

fn secret_event<F: Fn(&str) -> Option<String>>(
    env: &Env<'_, F>,
    kind: SecretEventKind,
) -> Result<Event, EventError> {
    let id = env.required(SECRET_ID)?;
    let label = env.non_empty(SECRET_LABEL);
    let revision = env
        .non_empty(SECRET_REVISION)
        .map(|raw| {
            raw.parse::<u64>().map_err(|_| EventError::MalformedVar {
                var: SECRET_REVISION,
                value: raw,
                reason: "expected a non-negative integer",
            })
        })
        .transpose()?;
    Ok(Event::Secret {
        kind,
        id,
        label,
        revision,
    })
}

fn action_event<F: Fn(&str) -> Option<String>>(
    env: &Env<'_, F>,
    name: &str,
) -> Result<Event, EventError> {
    let env_name = env.required(ACTION_NAME)?;
    if env_name != name {
        return Err(EventError::ActionNameMismatch {
            value: env_name,
            action: name.to_owned(),
        });
    }
    let id = env.required(ACTION_UUID)?;
    Ok(Event::Action {
        name: name.to_owned(),
        id,
    })
}
