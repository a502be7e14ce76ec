//! [`Context`]: run a charm function in-process on a [`State`] and an [`Event`], the way Juju
//! would run the hook, and get the new state back.

use std::fmt;
use std::path::{Path, PathBuf};

use juju_hook::{Event, HookContext, HookTools};

use crate::calls::ToolCalls;
use crate::consistency::{self, InconsistentState};
use crate::metadata::{CharmMetadata, MetadataError};
use crate::state::State;
use crate::tools::StateTools;

/// The Juju version the harness reports by default.
pub const DEFAULT_JUJU_VERSION: &str = "3.6.4";

/// What a hook run left behind.
#[derive(Debug)]
pub struct Output<E> {
    /// The state after Juju's transaction rule was applied.
    pub state: State,
    /// What the charm returned (an `Err` is a non-zero exit).
    pub exit: Result<(), E>,
    /// Hook tools the charm ran.
    pub calls: ToolCalls,
}

/// A charm under test: its metadata and where it lives. The unit's identity (application name,
/// unit number, model) is part of the [`State`].
#[derive(Debug, Clone)]
pub struct Context {
    metadata: CharmMetadata,
    charm_dir: PathBuf,
    juju_version: String,
}

impl Context {
    /// Load the metadata in `charm_dir` (`charmcraft.yaml`, and `config.yaml`/`actions.yaml`
    /// when present).
    pub fn new(charm_dir: impl AsRef<Path>) -> Result<Self, MetadataError> {
        let charm_dir = charm_dir.as_ref();
        Ok(Self::from_metadata(
            CharmMetadata::load(charm_dir)?,
            charm_dir,
        ))
    }

    /// A context over already-parsed metadata.
    pub fn from_metadata(metadata: CharmMetadata, charm_dir: impl Into<PathBuf>) -> Self {
        Self {
            metadata,
            charm_dir: charm_dir.into(),
            juju_version: DEFAULT_JUJU_VERSION.into(),
        }
    }

    /// Report another `JUJU_VERSION`.
    pub fn juju_version(mut self, version: impl Into<String>) -> Self {
        self.juju_version = version.into();
        self
    }

    /// The charm's metadata.
    pub fn metadata(&self) -> &CharmMetadata {
        &self.metadata
    }

    /// The charm directory (`JUJU_CHARM_DIR`).
    pub fn charm_dir(&self) -> &Path {
        &self.charm_dir
    }

    /// Check `state` and `event` against the metadata.
    pub fn check(&self, state: &State, event: &Event) -> Result<(), InconsistentState> {
        consistency::check(&self.metadata, state, event)
    }

    /// The hook context Juju would give the unit in `state` for `event`.
    pub fn hook_context(&self, event: &Event, state: &State) -> HookContext {
        HookContext {
            event: event.clone(),
            unit_name: state.unit_name(),
            app_name: state.app_name.clone(),
            model_name: state.model.name.clone(),
            model_uuid: state.model.uuid.clone(),
            juju_version: self.juju_version.clone(),
            charm_dir: self.charm_dir.clone(),
        }
    }

    /// Run `charm` for `event` on `state`: check consistency, run it over in-memory hook tools,
    /// then apply Juju's transaction rule: on `Err` (a non-zero exit) relation data and secrets
    /// revert to `state`, while statuses, logs and action output stay; a failed action without an
    /// `action-fail` message gets the error's text.
    pub fn run<E, F>(
        &self,
        event: Event,
        state: State,
        charm: F,
    ) -> Result<Output<E>, InconsistentState>
    where
        E: fmt::Display,
        F: FnOnce(&HookContext, &mut dyn HookTools) -> Result<(), E>,
    {
        self.check(&state, &event)?;
        let hook = self.hook_context(&event, &state);
        let mut after = state.clone();
        let mut tools = StateTools::new(&mut after)
            .with_config_defaults(self.metadata.config_defaults())
            .in_action(matches!(event, Event::Action { .. }));
        let exit = charm(&hook, &mut tools);
        let calls = tools.into_calls();
        if let Err(error) = &exit {
            after.discard_uncommitted(&state);
            if matches!(event, Event::Action { .. }) && after.action_failure.is_none() {
                after.action_failure = Some(error.to_string());
            }
        }
        Ok(Output {
            state: after,
            exit,
            calls,
        })
    }
}
