//! The encoding shared by the Canonical charm libraries (interfaces.md §0).
//!
//! Writing: each field goes under its own key as JSON text formatted as Python's `json.dumps`
//! formats it — `", "` and `": "` separators, everything outside printable ASCII escaped as
//! `\uXXXX` (surrogate pairs above U+FFFF), object members in declaration order.
//!
//! Reading: only known keys are parsed; any JSON formatting is accepted; unknown keys are
//! ignored; a known key holding invalid JSON (or an invalid value) rejects the whole bag.

use std::collections::BTreeMap;
use std::fmt;
use std::io;

use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{CharEscape, Formatter};

use crate::error::{BagOwner, Reason, RelationDataError, ValueError};

/// A Juju databag: every key and value is a string. In a change set (what writers return for
/// `relation-set`), an empty value deletes the key.
pub type Databag = BTreeMap<String, String>;

/// Largest databag value any reader accepts, in bytes.
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// Longest free-form string field (host names from peers, health-check settings, names).
pub const MAX_TEXT_LEN: usize = 1024;

/// Serialise `value` exactly as Python's `json.dumps(value)` would with default arguments.
pub fn to_python_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    value
        .serialize(&mut serializer)
        .expect("serialising a databag model to JSON cannot fail");
    String::from_utf8(out).expect("ensure_ascii output is ASCII")
}

/// `serde_json` formatter reproducing `json.dumps` defaults (`ensure_ascii=True`).
struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for c in fragment.chars() {
            if (' '..='~').contains(&c) {
                w.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        match escape {
            CharEscape::Quote => w.write_all(b"\\\""),
            CharEscape::ReverseSolidus => w.write_all(b"\\\\"),
            CharEscape::Solidus => w.write_all(b"/"),
            CharEscape::Backspace => w.write_all(b"\\b"),
            CharEscape::FormFeed => w.write_all(b"\\f"),
            CharEscape::LineFeed => w.write_all(b"\\n"),
            CharEscape::CarriageReturn => w.write_all(b"\\r"),
            CharEscape::Tab => w.write_all(b"\\t"),
            CharEscape::AsciiControl(byte) => write!(w, "\\u{byte:04x}"),
        }
    }
}

/// Builds a databag key by key, in the model's declaration order.
#[derive(Debug, Default)]
pub(crate) struct BagWriter {
    bag: Databag,
}

impl BagWriter {
    /// Write `value` under `key` as Python-formatted JSON.
    pub(crate) fn put<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        self.bag.insert(key.to_owned(), to_python_json(value));
        self
    }

    /// Write `value` under `key` unless it is `None` (default-valued fields are omitted).
    pub(crate) fn put_some<T: Serialize>(&mut self, key: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.put(key, value);
        }
        self
    }

    /// Write `value` under `key` unless it equals the field default.
    pub(crate) fn put_unless_default<T: Serialize + PartialEq>(
        &mut self,
        key: &str,
        value: &T,
        default: &T,
    ) -> &mut Self {
        if value != default {
            self.put(key, value);
        }
        self
    }

    pub(crate) fn finish(self) -> Databag {
        self.bag
    }
}

/// `content` plus an empty value for every key in `owned` that `content` does not set: the
/// change set that makes the bag hold exactly `content` among the owned keys.
pub(crate) fn with_clears(mut content: Databag, owned: &[&str]) -> Databag {
    for key in owned {
        content.entry((*key).to_owned()).or_default();
    }
    content
}

/// The known keys of one databag, parsed as JSON; the source of every reader.
pub(crate) struct BagReader {
    relation: String,
    owner: BagOwner,
    values: BTreeMap<&'static str, Value>,
}

impl BagReader {
    /// Parse every key of `known` present in `bag`. Unknown keys are ignored.
    pub(crate) fn parse(
        relation: impl fmt::Display,
        owner: BagOwner,
        bag: &Databag,
        known: &[&'static str],
    ) -> Result<Self, RelationDataError> {
        let mut reader = Self {
            relation: relation.to_string(),
            owner,
            values: BTreeMap::new(),
        };
        for key in known {
            let Some(text) = bag.get(*key) else { continue };
            if text.len() > MAX_VALUE_LEN {
                return Err(reader.error(key, Reason::TooLong { max: MAX_VALUE_LEN }.into()));
            }
            match serde_json::from_str::<Value>(text) {
                Ok(value) => {
                    reader.values.insert(key, value);
                }
                Err(e) => {
                    let reason = Reason::InvalidJson(e.to_string());
                    return Err(reader.error(key, reason.into()));
                }
            }
        }
        Ok(reader)
    }

    /// No known key is present (the peer has not written yet).
    pub(crate) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether `key` is present.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    /// The relation-level error for a fault in `key`.
    pub(crate) fn error(&self, key: &str, fault: ValueError) -> RelationDataError {
        RelationDataError {
            relation: self.relation.clone(),
            owner: self.owner.clone(),
            key: format!("{key}{}", fault.path),
            reason: fault.reason,
        }
    }

    /// A key without a default: absent → [`Reason::Missing`].
    pub(crate) fn required<T>(
        &self,
        key: &str,
        convert: impl FnOnce(&Value) -> Result<T, ValueError>,
    ) -> Result<T, RelationDataError> {
        match self.values.get(key) {
            Some(value) => convert(value).map_err(|e| self.error(key, e)),
            None => Err(self.error(key, Reason::Missing.into())),
        }
    }

    /// A key whose default is `None`: absent or `null` → `None`.
    pub(crate) fn optional<T>(
        &self,
        key: &str,
        convert: impl FnOnce(&Value) -> Result<T, ValueError>,
    ) -> Result<Option<T>, RelationDataError> {
        match self.values.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => convert(value).map(Some).map_err(|e| self.error(key, e)),
        }
    }

    /// A key with a non-`None` default: absent → `default`, `null` is a type error.
    pub(crate) fn defaulted<T>(
        &self,
        key: &str,
        default: T,
        convert: impl FnOnce(&Value) -> Result<T, ValueError>,
    ) -> Result<T, RelationDataError> {
        match self.values.get(key) {
            None => Ok(default),
            Some(value) => convert(value).map_err(|e| self.error(key, e)),
        }
    }
}

/// Typed extraction from parsed JSON values, with errors a person can act on.
pub(crate) mod json;

#[cfg(test)]
mod tests;
