//! The request verbs the charm uses, and a per-verb request counter.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One kind of request against the Kubernetes API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Verb {
    /// GET of one object.
    Get,
    /// GET of a collection (optionally with a label selector).
    List,
    /// PATCH with `application/apply-patch+yaml` (server-side apply).
    Apply,
    /// DELETE of one object.
    Delete,
    /// PATCH with `application/json-patch+json` (the `managedFields` takeover).
    Patch,
}

impl Verb {
    /// The word used in error targets and logs (`GET`, `LIST`, `PATCH`, `DELETE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::List => "LIST",
            Verb::Apply => "PATCH",
            Verb::Delete => "DELETE",
            Verb::Patch => "PATCH",
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many requests of each verb a cluster handle has sent (failed ones included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCounts {
    /// GETs of one object.
    pub get: usize,
    /// LISTs.
    pub list: usize,
    /// Server-side applies.
    pub apply: usize,
    /// DELETEs.
    pub delete: usize,
    /// JSON patches (`managedFields` takeovers).
    #[serde(default)]
    pub patch: usize,
}

impl RequestCounts {
    /// Count one request of `verb`.
    pub fn record(&mut self, verb: Verb) {
        match verb {
            Verb::Get => self.get += 1,
            Verb::List => self.list += 1,
            Verb::Apply => self.apply += 1,
            Verb::Delete => self.delete += 1,
            Verb::Patch => self.patch += 1,
        }
    }

    /// All requests together.
    pub fn total(&self) -> usize {
        self.get + self.list + self.apply + self.delete + self.patch
    }

    /// Requests that change the cluster (applies, deletes and takeover patches).
    pub fn writes(&self) -> usize {
        self.apply + self.delete + self.patch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_verb_separately() {
        let mut counts = RequestCounts::default();
        for verb in [
            Verb::Get,
            Verb::List,
            Verb::List,
            Verb::Apply,
            Verb::Delete,
            Verb::Delete,
            Verb::Patch,
        ] {
            counts.record(verb);
        }
        assert_eq!(
            counts,
            RequestCounts {
                get: 1,
                list: 2,
                apply: 1,
                delete: 2,
                patch: 1,
            }
        );
        assert_eq!(counts.total(), 7);
        assert_eq!(counts.writes(), 4);
    }
}
