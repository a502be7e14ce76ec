//! `goal-state --format=json`: where Juju is taking this application's units. Only the units
//! part is read (the relations part is ignored): a leader's `remove` hook uses it to tell
//! scaling down (other units stay) from removing the application (every unit is dying).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The units of this application as `goal-state` lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GoalState {
    /// Unit name → its goal status.
    #[serde(default)]
    pub units: BTreeMap<String, GoalUnit>,
}

/// One unit's entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoalUnit {
    /// The unit's workload status (`active`, `waiting`, `blocked`, `maintenance`, `error`,
    /// `allocating`), or `dying` once the unit is being removed.
    pub status: String,
}

impl GoalState {
    /// The units that are not dying: ops's `planned_units()`.
    pub fn planned_units(&self) -> usize {
        self.units
            .values()
            .filter(|unit| unit.status != "dying")
            .count()
    }

    /// A goal state of `units`, each with its status.
    pub fn of<'a>(units: impl IntoIterator<Item = (&'a str, &'a str)>) -> GoalState {
        GoalState {
            units: units
                .into_iter()
                .map(|(name, status)| {
                    (
                        name.to_owned(),
                        GoalUnit {
                            status: status.to_owned(),
                        },
                    )
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_juju_output_and_counts_planned_units() {
        let text = r#"{"units":{"gai/0":{"status":"dying","since":"2026-12-02 10:00:00Z"},
            "gai/1":{"status":"active","since":"2026-12-02 10:00:00Z"}},
            "relations":{"gateway":{"flask":{"status":"joined","since":"x"}}}}"#;
        let goal: GoalState = serde_json::from_str(text).unwrap();
        assert_eq!(
            goal,
            GoalState::of([("gai/0", "dying"), ("gai/1", "active")])
        );
        assert_eq!(goal.planned_units(), 1);
        let all_dying = GoalState::of([("gai/0", "dying"), ("gai/1", "dying")]);
        assert_eq!(all_dying.planned_units(), 0);
        let empty: GoalState = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.planned_units(), 0);
    }
}
