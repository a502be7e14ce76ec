//! Unit and application status, with ops's priority rule.

use std::fmt;

/// The statuses a charm may set (`status-set` accepts these four).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Working as intended; the message may be empty.
    Active(String),
    /// Needs a human to act (config, a missing relation); the message says what.
    Blocked(String),
    /// Busy with work of its own that will end without help.
    Maintenance(String),
    /// Waiting for something outside the unit (a remote application, the cluster).
    Waiting(String),
}

/// Which status `status-set` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusScope {
    /// This unit's status.
    Unit,
    /// `--application`: leader only.
    Application,
}

impl Status {
    /// The status name as `status-set` takes it.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Active(_) => "active",
            Status::Blocked(_) => "blocked",
            Status::Maintenance(_) => "maintenance",
            Status::Waiting(_) => "waiting",
        }
    }

    /// The message shown next to the status.
    pub fn message(&self) -> &str {
        match self {
            Status::Active(m)
            | Status::Blocked(m)
            | Status::Maintenance(m)
            | Status::Waiting(m) => m,
        }
    }

    /// ops's priority: blocked > maintenance > waiting > active.
    pub fn priority(&self) -> u8 {
        match self {
            Status::Blocked(_) => 4,
            Status::Maintenance(_) => 3,
            Status::Waiting(_) => 2,
            Status::Active(_) => 1,
        }
    }

    /// The higher-priority of two statuses (the first on a tie), as ops's `StatusBase` orders
    /// them when several conditions are collected.
    pub fn most_severe(self, other: Status) -> Status {
        if other.priority() > self.priority() {
            other
        } else {
            self
        }
    }

    /// Parse a status name and message back (used by the test harness).
    pub fn from_parts(name: &str, message: impl Into<String>) -> Option<Status> {
        let message = message.into();
        Some(match name {
            "active" => Status::Active(message),
            "blocked" => Status::Blocked(message),
            "maintenance" => Status::Maintenance(message),
            "waiting" => Status::Waiting(message),
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message().is_empty() {
            f.write_str(self.name())
        } else {
            write!(f, "{}: {}", self.name(), self.message())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> [Status; 4] {
        [
            Status::Active("a".into()),
            Status::Blocked("b".into()),
            Status::Maintenance("m".into()),
            Status::Waiting("w".into()),
        ]
    }

    #[test]
    fn blocked_beats_maintenance_beats_waiting_beats_active() {
        let order = [
            Status::Blocked("b".into()),
            Status::Maintenance("m".into()),
            Status::Waiting("w".into()),
            Status::Active("a".into()),
        ];
        for (i, higher) in order.iter().enumerate() {
            for lower in &order[i + 1..] {
                assert_eq!(higher.clone().most_severe(lower.clone()), *higher);
                assert_eq!(lower.clone().most_severe(higher.clone()), *higher);
            }
        }
    }

    #[test]
    fn ties_keep_the_first() {
        let first = Status::Blocked("first".into());
        let second = Status::Blocked("second".into());
        assert_eq!(first.clone().most_severe(second), first);
    }

    #[test]
    fn folding_conditions_picks_the_most_severe() {
        let collected = [
            Status::Active(String::new()),
            Status::Waiting("waiting for certificates".into()),
            Status::Blocked("missing config 'external-hostname'".into()),
            Status::Maintenance("reconciling".into()),
        ];
        let result = collected.into_iter().reduce(Status::most_severe).unwrap();
        assert_eq!(
            result,
            Status::Blocked("missing config 'external-hostname'".into())
        );
    }

    #[test]
    fn names_round_trip_through_from_parts() {
        for status in all() {
            assert_eq!(
                Status::from_parts(status.name(), status.message()),
                Some(status.clone())
            );
        }
        assert_eq!(Status::from_parts("error", "x"), None);
        assert_eq!(Status::from_parts("unknown", ""), None);
    }

    #[test]
    fn display_includes_the_message_when_present() {
        assert_eq!(Status::Active(String::new()).to_string(), "active");
        assert_eq!(
            Status::Waiting("certificates".into()).to_string(),
            "waiting: certificates"
        );
    }
}
