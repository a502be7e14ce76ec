//! Turns fuzz input into relation databags (and, for `event_env`, hook environments).
//!
//! Input format (UTF-8, invalid bytes replaced): one `key<TAB>value` per line goes into the
//! current bag; a line `@app` switches to the application bag (the initial one), any other
//! line starting with `@` switches to the unit bag of that name. Lines without a tab are
//! ignored. The seed corpus (`scripts/fuzz.sh`) writes the golden databags in this format.
#![deny(unsafe_code)]

use std::collections::BTreeMap;

use relation_data::Databag;

/// An application bag and unit bags, as a provider sees one relation.
#[derive(Debug, Default)]
pub struct Bags {
    /// The application databag.
    pub app: Databag,
    /// Unit databags by unit name.
    pub units: BTreeMap<String, Databag>,
}

/// Parse fuzz input into bags.
pub fn bags(data: &[u8]) -> Bags {
    let text = String::from_utf8_lossy(data);
    let mut bags = Bags::default();
    let mut current: Option<String> = None;
    for line in text.split('\n') {
        if let Some(owner) = line.strip_prefix('@') {
            current = (owner != "app").then(|| owner.to_owned());
            if let Some(unit) = &current {
                bags.units.entry(unit.clone()).or_default();
            }
            continue;
        }
        let Some((key, value)) = line.split_once('\t') else {
            continue;
        };
        let bag = match &current {
            None => &mut bags.app,
            Some(unit) => bags.units.entry(unit.clone()).or_default(),
        };
        bag.insert(key.to_owned(), value.to_owned());
    }
    bags
}

/// Apply a `relation-set` change set (an empty value deletes the key).
pub fn apply(mut bag: Databag, changes: &Databag) -> Databag {
    for (key, value) in changes {
        if value.is_empty() {
            bag.remove(key);
        } else {
            bag.insert(key.clone(), value.clone());
        }
    }
    bag
}

/// Parse fuzz input into a hook environment: one `NAME=VALUE` per line (split at the first
/// `=`), invalid UTF-8 replaced; lines without `=` are ignored and the last line for a name
/// wins, as in a shell environment.
pub fn environment(data: &[u8]) -> BTreeMap<String, String> {
    String::from_utf8_lossy(data)
        .split('\n')
        .filter_map(|line| line.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}
