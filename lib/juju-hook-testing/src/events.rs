//! Short constructors for the events tests dispatch, e.g.
//! `Event::relation_changed(&relation, Some("flask/0"))` with [`EventExt`] in scope.

use juju_hook::{Event, RelationEventKind, SecretEventKind};

use crate::state::{Relation, Secret};

/// Event constructors from harness objects (an extension trait, since `Event` lives in
/// `juju-hook`).
pub trait EventExt {
    /// `<endpoint>-relation-created` (no remote unit).
    fn relation_created(relation: &Relation) -> Event;
    /// `<endpoint>-relation-joined` for `unit`.
    fn relation_joined(relation: &Relation, unit: &str) -> Event;
    /// `<endpoint>-relation-changed`; `unit` is `None` for a remote app databag change.
    fn relation_changed(relation: &Relation, unit: Option<&str>) -> Event;
    /// `<endpoint>-relation-departed`: `unit` (usually the departing one) left.
    fn relation_departed(relation: &Relation, unit: &str, departing: &str) -> Event;
    /// `<endpoint>-relation-broken` (no remote unit).
    fn relation_broken(relation: &Relation) -> Event;
    /// `secret-changed` for a secret this charm consumes.
    fn secret_changed(secret: &Secret) -> Event;
    /// `secret-rotate` for a secret this charm owns.
    fn secret_rotate(secret: &Secret) -> Event;
    /// `secret-expired` for `revision` of a secret this charm owns.
    fn secret_expired(secret: &Secret, revision: u64) -> Event;
    /// `secret-remove` for `revision` of a secret this charm owns.
    fn secret_remove(secret: &Secret, revision: u64) -> Event;
    /// `actions/<name>` with action id `1`; parameters come from `State::action_params`.
    fn action(name: &str) -> Event;
}

fn relation_event(
    relation: &Relation,
    kind: RelationEventKind,
    remote_unit: Option<&str>,
    departing: Option<&str>,
) -> Event {
    Event::Relation {
        kind,
        relation: relation.relation_id(),
        remote_app: relation.remote_app.clone(),
        remote_unit: remote_unit.map(str::to_owned),
        departing_unit: departing.map(str::to_owned),
    }
}

fn secret_event(secret: &Secret, kind: SecretEventKind, revision: Option<u64>) -> Event {
    Event::Secret {
        kind,
        id: secret.id.clone(),
        label: secret.label.clone(),
        revision,
    }
}

impl EventExt for Event {
    fn relation_created(relation: &Relation) -> Event {
        relation_event(relation, RelationEventKind::Created, None, None)
    }

    fn relation_joined(relation: &Relation, unit: &str) -> Event {
        relation_event(relation, RelationEventKind::Joined, Some(unit), None)
    }

    fn relation_changed(relation: &Relation, unit: Option<&str>) -> Event {
        relation_event(relation, RelationEventKind::Changed, unit, None)
    }

    fn relation_departed(relation: &Relation, unit: &str, departing: &str) -> Event {
        relation_event(
            relation,
            RelationEventKind::Departed,
            Some(unit),
            Some(departing),
        )
    }

    fn relation_broken(relation: &Relation) -> Event {
        relation_event(relation, RelationEventKind::Broken, None, None)
    }

    fn secret_changed(secret: &Secret) -> Event {
        secret_event(secret, SecretEventKind::Changed, None)
    }

    fn secret_rotate(secret: &Secret) -> Event {
        secret_event(secret, SecretEventKind::Rotate, None)
    }

    fn secret_expired(secret: &Secret, revision: u64) -> Event {
        secret_event(secret, SecretEventKind::Expired, Some(revision))
    }

    fn secret_remove(secret: &Secret, revision: u64) -> Event {
        secret_event(secret, SecretEventKind::Remove, Some(revision))
    }

    fn action(name: &str) -> Event {
        Event::Action {
            name: name.to_owned(),
            id: "1".to_owned(),
        }
    }
}
