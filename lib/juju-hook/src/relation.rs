//! Relation identifiers (`<endpoint>:<id>`).

use std::fmt;
use std::str::FromStr;

/// A relation as Juju names it in `JUJU_RELATION_ID` and `relation-ids`: `<endpoint>:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationId {
    /// The local endpoint, e.g. `gateway`.
    pub endpoint: String,
    /// The numeric id Juju gives the relation.
    pub id: u64,
}

impl RelationId {
    /// `<endpoint>:<id>`.
    pub fn new(endpoint: impl Into<String>, id: u64) -> Self {
        Self {
            endpoint: endpoint.into(),
            id,
        }
    }
}

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.endpoint, self.id)
    }
}

/// `<endpoint>:<id>` could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed relation id {0:?}: expected <endpoint>:<number>")]
pub struct RelationIdError(pub String);

impl FromStr for RelationId {
    type Err = RelationIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (endpoint, id) = s
            .rsplit_once(':')
            .ok_or_else(|| RelationIdError(s.to_owned()))?;
        let id = id.parse().map_err(|_| RelationIdError(s.to_owned()))?;
        if endpoint.is_empty() {
            return Err(RelationIdError(s.to_owned()));
        }
        Ok(Self::new(endpoint, id))
    }
}
