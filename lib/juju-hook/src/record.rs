//! The hook record: what the leader last saw and published, kept in the application databag of
//! a peer relation so that a hook need not ask Juju again for what cannot have changed.
//!
//! Per relation it holds the remote application's name (fixed for the relation's life), the
//! remote units in scope (when the charm reads unit bags), and our application bag as the hook
//! left it (the keys we wrote). Per endpoint it says the endpoint was read, so its relation ids
//! are known too. With it, a hook reads each remote bag once and nothing else per relation:
//! no `relation-ids` for endpoints the event is not about, no `relation-list`, no `relation-get`
//! of our own bags.
//!
//! What may be trusted, and when ([`HookRecord::trusted`]): only a record written by this unit
//! (a new leader reads everything once, and writes its own), never in `leader-elected` or
//! `upgrade-charm`, and for the endpoint the event is about its relation ids and, for the
//! event's relation, its units are asked again (Juju changes them only in that relation's
//! hooks). Without a record, or when a read through it fails (a relation gone meanwhile), the
//! charm reads everything as before ([`read_endpoint`](crate::snapshot::read_endpoint)); a
//! refresh from a charm without the record starts that way.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::effects::BagWrite;
use crate::event::{Event, HookContext};
use crate::relation::RelationId;
use crate::snapshot::RelationSnapshot;
use crate::tools::Databag;

/// The key of the peer application databag that holds the record.
pub const RECORD_KEY: &str = "hook-record";

/// What the record keeps of one relation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationRecord {
    /// The remote application's name, when known.
    pub app: Option<String>,
    /// The remote units in scope, when the charm reads unit bags.
    pub units: Option<Vec<String>>,
    /// Our application bag after the hook's writes.
    pub bag: Databag,
}

/// The record (see the module's documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HookRecord {
    /// The unit that wrote it.
    pub unit: String,
    /// The endpoints whose every relation is recorded.
    pub endpoints: BTreeSet<String>,
    /// The relations, by id.
    pub relations: BTreeMap<RelationId, RelationRecord>,
}

impl HookRecord {
    /// The record in the peer application bag `bag`, if it holds a readable one.
    pub fn from_bag(bag: &Databag) -> Option<HookRecord> {
        let value: Value = serde_json::from_str(bag.get(RECORD_KEY)?).ok()?;
        let unit = value.get("unit")?.as_str()?.to_owned();
        let endpoints = value
            .get("endpoints")?
            .as_array()?
            .iter()
            .map(|e| e.as_str().map(str::to_owned))
            .collect::<Option<_>>()?;
        let mut relations = BTreeMap::new();
        for (id, entry) in value.get("relations")?.as_object()? {
            let id: RelationId = id.parse().ok()?;
            let app = entry.get("app").and_then(Value::as_str).map(str::to_owned);
            let units = match entry.get("units") {
                Some(units) => Some(
                    units
                        .as_array()?
                        .iter()
                        .map(|u| u.as_str().map(str::to_owned))
                        .collect::<Option<_>>()?,
                ),
                None => None,
            };
            let bag = entry
                .get("bag")?
                .as_object()?
                .iter()
                .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect::<Option<_>>()?;
            relations.insert(id, RelationRecord { app, units, bag });
        }
        Some(HookRecord {
            unit,
            endpoints,
            relations,
        })
    }

    /// The record as the peer bag's value, serialised without an intermediate JSON tree (at a
    /// few hundred relations the tree was the hook's largest transient allocation). Keys in
    /// sorted order, as a `serde_json::Map` writes them.
    pub fn to_value(&self) -> String {
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            app: Option<&'a str>,
            bag: &'a Databag,
            #[serde(skip_serializing_if = "Option::is_none")]
            units: Option<&'a Vec<String>>,
        }
        #[derive(serde::Serialize)]
        struct Record<'a> {
            endpoints: &'a BTreeSet<String>,
            relations: BTreeMap<String, Entry<'a>>,
            unit: &'a str,
        }
        let record = Record {
            endpoints: &self.endpoints,
            relations: self
                .relations
                .iter()
                .map(|(id, entry)| {
                    let entry = Entry {
                        app: entry.app.as_deref(),
                        bag: &entry.bag,
                        units: entry.units.as_ref(),
                    };
                    (id.to_string(), entry)
                })
                .collect(),
            unit: &self.unit,
        };
        serde_json::to_string(&record).expect("strings and maps serialise")
    }

    /// The record when this hook may rely on it: written by this unit, and the event is not
    /// one after which this unit's view may differ from the record's (`leader-elected`,
    /// `upgrade-charm`).
    pub fn trusted(self, ctx: &HookContext) -> Option<HookRecord> {
        let fresh_start = matches!(ctx.event, Event::LeaderElected | Event::UpgradeCharm);
        (self.unit == ctx.unit_name && !fresh_start).then_some(self)
    }

    /// The recorded relation ids of `endpoint`, unless the record does not cover it.
    pub fn relation_ids(&self, endpoint: &str) -> Option<Vec<RelationId>> {
        self.endpoints.contains(endpoint).then(|| {
            self.relations
                .keys()
                .filter(|id| id.endpoint == endpoint)
                .cloned()
                .collect()
        })
    }

    /// The record after a hook that read `snapshots` (every relation of `endpoints`) and wrote
    /// `writes`, written by `unit`.
    pub fn after(
        unit: &str,
        endpoints: &[&str],
        snapshots: &[&RelationSnapshot],
        writes: &[BagWrite],
    ) -> HookRecord {
        let relations = snapshots
            .iter()
            .map(|snapshot| {
                let mut bag = snapshot.local_app_data.clone();
                for write in writes.iter().filter(|w| w.relation == snapshot.id) {
                    for (key, value) in &write.changes {
                        if value.is_empty() {
                            bag.remove(key);
                        } else {
                            bag.insert(key.clone(), value.clone());
                        }
                    }
                }
                let units = snapshot
                    .units_read
                    .then(|| snapshot.remote_units.keys().cloned().collect());
                let entry = RelationRecord {
                    app: snapshot.remote_app.clone(),
                    units,
                    bag,
                };
                (snapshot.id.clone(), entry)
            })
            .collect();
        HookRecord {
            unit: unit.to_owned(),
            endpoints: endpoints.iter().map(|e| (*e).to_owned()).collect(),
            relations,
        }
    }
}

/// The peer relation that holds the record, and the record read from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerRecord {
    /// The peer relation (none before Juju has created it).
    pub relation: Option<RelationId>,
    /// The record as read (any writer), if the bag holds one.
    pub stored: Option<HookRecord>,
    /// The raw value of [`RECORD_KEY`], to write only when it changes.
    pub raw: Option<String>,
    /// The whole bag as read (a charm may keep other values next to the record).
    pub bag: Databag,
}

impl PeerRecord {
    /// The write that stores `record`, when it differs from what the bag holds. A record that
    /// differs only by its writer is not written (a leadership move writes nothing): the new
    /// leader reads everything until its first change, which it records.
    pub fn write(&self, record: &HookRecord) -> Option<BagWrite> {
        let relation = self.relation.clone()?;
        if let Some(stored) = &self.stored
            && stored.endpoints == record.endpoints
            && stored.relations == record.relations
        {
            return None;
        }
        let value = record.to_value();
        (self.raw.as_deref() != Some(value.as_str())).then(|| BagWrite {
            relation,
            changes: Databag::from([(RECORD_KEY.to_owned(), value)]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> HookRecord {
        HookRecord {
            unit: "app/0".into(),
            endpoints: ["gateway".to_owned(), "dns-record".to_owned()].into(),
            relations: BTreeMap::from([
                (
                    RelationId::new("gateway", 3),
                    RelationRecord {
                        app: Some("flask".into()),
                        units: Some(vec!["flask/0".into(), "flask/1".into()]),
                        bag: Databag::from([("url".into(), "\"http://x/\"".into())]),
                    },
                ),
                (RelationId::new("dns-record", 7), RelationRecord::default()),
            ]),
        }
    }

    #[test]
    fn the_record_reads_back_what_was_written() {
        let bag = Databag::from([(RECORD_KEY.to_owned(), record().to_value())]);
        assert_eq!(HookRecord::from_bag(&bag), Some(record()));
    }

    #[test]
    fn the_record_is_written_with_sorted_keys() {
        let expected = serde_json::json!({
            "unit": "app/0",
            "endpoints": ["dns-record", "gateway"],
            "relations": {
                "gateway:3": {"app": "flask", "units": ["flask/0", "flask/1"], "bag": {"url": "\"http://x/\""}},
                "dns-record:7": {"bag": {}},
            },
        });
        assert_eq!(record().to_value(), expected.to_string());
    }

    #[test]
    fn an_unreadable_record_is_none() {
        for value in ["", "{}", "{\"unit\":\"a/0\"}", "[1]"] {
            let bag = Databag::from([(RECORD_KEY.to_owned(), value.to_owned())]);
            assert_eq!(HookRecord::from_bag(&bag), None, "{value}");
        }
    }

    #[test]
    fn relation_ids_only_for_recorded_endpoints() {
        let record = record();
        assert_eq!(
            record.relation_ids("gateway"),
            Some(vec![RelationId::new("gateway", 3)])
        );
        assert_eq!(
            record.relation_ids("dns-record").map(|ids| ids.len()),
            Some(1)
        );
        assert_eq!(record.relation_ids("gateway-route"), None);
    }

    #[test]
    fn unchanged_records_are_not_written() {
        let peer = PeerRecord {
            relation: Some(RelationId::new("peers", 1)),
            stored: Some(record()),
            raw: Some(record().to_value()),
            bag: Databag::new(),
        };
        assert_eq!(peer.write(&record()), None);
        // A new writer alone is no change.
        let mut other = record();
        other.unit = "app/1".into();
        assert_eq!(peer.write(&other), None);
        other.relations.remove(&RelationId::new("dns-record", 7));
        assert_eq!(
            peer.write(&other).map(|w| w.relation),
            Some(RelationId::new("peers", 1))
        );
        assert_eq!(PeerRecord::default().write(&record()), None);
    }
}
