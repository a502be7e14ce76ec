//! [`Secret`]: a secret's revisions, tracking and owner-set metadata, with builders.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::databag;

/// Who owns a secret, from this unit's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretOwnership {
    /// Owned by this application (managed by the leader).
    App,
    /// Owned by this unit.
    Unit,
}

/// A secret this unit owns or has been granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secret {
    /// The URI, `secret:<id>`.
    pub id: String,
    /// The label this charm knows the secret by.
    #[serde(default)]
    pub label: Option<String>,
    /// `None`: this charm is a consumer.
    #[serde(default)]
    pub owner: Option<SecretOwnership>,
    /// Revision number → content.
    pub revisions: BTreeMap<u64, BTreeMap<String, String>>,
    /// The revision this unit tracks (what a plain `secret-get` returns).
    pub tracked: u64,
    /// The owner's description (`--description`).
    #[serde(default)]
    pub description: Option<String>,
    /// The expiry the owner set (`--expire`).
    #[serde(default)]
    pub expire: Option<String>,
    /// The rotation policy the owner set (`--rotate`).
    #[serde(default)]
    pub rotate: Option<String>,
}

impl Secret {
    /// A secret with one revision (1), tracked, with no owner (this charm consumes it).
    pub fn new<K: Into<String>, V: Into<String>>(
        id: impl Into<String>,
        content: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            id: id.into(),
            label: None,
            owner: None,
            revisions: BTreeMap::from([(1, databag(content))]),
            tracked: 1,
            description: None,
            expire: None,
            rotate: None,
        }
    }

    /// Set the label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Set the owner.
    pub fn owner(mut self, owner: SecretOwnership) -> Self {
        self.owner = Some(owner);
        self
    }

    /// Add a newer revision without tracking it (what the owner did since we last looked).
    pub fn with_revision<K: Into<String>, V: Into<String>>(
        mut self,
        revision: u64,
        content: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.revisions.insert(revision, databag(content));
        self
    }

    /// The newest revision number (0 when there is none).
    pub fn latest_revision(&self) -> u64 {
        self.revisions.keys().next_back().copied().unwrap_or(0)
    }

    /// Content of the newest revision.
    pub fn latest_content(&self) -> Option<&BTreeMap<String, String>> {
        self.revisions.values().next_back()
    }

    /// Content of the tracked revision.
    pub fn tracked_content(&self) -> Option<&BTreeMap<String, String>> {
        self.revisions.get(&self.tracked)
    }
}
/// `secret:abc` and `abc` name the same secret.
pub(crate) fn strip_secret_prefix(id: &str) -> &str {
    id.strip_prefix("secret:").unwrap_or(id)
}
