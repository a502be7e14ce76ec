//! [`Relation`]: one relation and its four kinds of databag, with builders.

use std::collections::BTreeMap;

use juju_hook::{Databag, RelationId};
use serde::{Deserialize, Serialize};

use super::databag;

/// One relation, seen from the local unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// The local endpoint name.
    pub endpoint: String,
    /// The interface name the relation speaks.
    pub interface: String,
    /// Juju's numeric relation id.
    pub id: u64,
    /// The remote application's name (the local app for a peer relation).
    pub remote_app: String,
    /// This application's databag (written by the leader).
    #[serde(default)]
    pub local_app_data: Databag,
    /// This unit's databag.
    #[serde(default)]
    pub local_unit_data: Databag,
    /// The remote application's databag.
    #[serde(default)]
    pub remote_app_data: Databag,
    /// Remote unit name (`app/N`) → its databag.
    #[serde(default)]
    pub remote_units_data: BTreeMap<String, Databag>,
}

impl Relation {
    /// A relation with empty databags and no remote units.
    pub fn new(
        endpoint: impl Into<String>,
        interface: impl Into<String>,
        id: u64,
        remote_app: impl Into<String>,
    ) -> Self {
        Self {
            endpoint: endpoint.into(),
            interface: interface.into(),
            id,
            remote_app: remote_app.into(),
            local_app_data: Databag::new(),
            local_unit_data: Databag::new(),
            remote_app_data: Databag::new(),
            remote_units_data: BTreeMap::new(),
        }
    }

    /// `<endpoint>:<id>`.
    pub fn relation_id(&self) -> RelationId {
        RelationId::new(self.endpoint.clone(), self.id)
    }

    /// Replace the remote application databag.
    pub fn remote_app_data<K: Into<String>, V: Into<String>>(
        mut self,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.remote_app_data = databag(data);
        self
    }

    /// Add (or replace) a remote unit with its databag.
    pub fn remote_unit<K: Into<String>, V: Into<String>>(
        mut self,
        unit: impl Into<String>,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.remote_units_data.insert(unit.into(), databag(data));
        self
    }

    /// Replace the local application databag.
    pub fn local_app_data<K: Into<String>, V: Into<String>>(
        mut self,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.local_app_data = databag(data);
        self
    }

    /// Replace the local unit databag.
    pub fn local_unit_data<K: Into<String>, V: Into<String>>(
        mut self,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.local_unit_data = databag(data);
        self
    }
}
