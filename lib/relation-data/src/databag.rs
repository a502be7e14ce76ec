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
pub(crate) mod json {
    use serde_json::{Map, Value};

    use crate::error::{Reason, ValueError};

    /// How a JSON value's type is named in error messages.
    pub(crate) fn kind(value: &Value) -> &'static str {
        match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if n.is_f64() => "a decimal number",
            Value::Number(_) => "an integer",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    fn wrong(expected: &'static str, value: &Value) -> ValueError {
        Reason::WrongType {
            expected,
            found: kind(value),
        }
        .into()
    }

    /// A string of at most `max` characters.
    pub(crate) fn string(value: &Value, max: usize) -> Result<String, ValueError> {
        let text = value.as_str().ok_or_else(|| wrong("a string", value))?;
        if text.chars().count() > max {
            return Err(Reason::TooLong { max }.into());
        }
        Ok(text.to_owned())
    }

    /// A non-empty string of at most `max` characters.
    pub(crate) fn non_empty_string(value: &Value, max: usize) -> Result<String, ValueError> {
        let text = string(value, max)?;
        if text.is_empty() {
            return Err(Reason::Empty.into());
        }
        Ok(text)
    }

    /// A JSON boolean.
    pub(crate) fn boolean(value: &Value) -> Result<bool, ValueError> {
        value.as_bool().ok_or_else(|| wrong("true or false", value))
    }

    /// A JSON integer in `min..=max`.
    pub(crate) fn integer(value: &Value, min: i64, max: u64) -> Result<i128, ValueError> {
        let number = match value {
            Value::Number(n) if n.is_i64() => n.as_i64().map(i128::from),
            Value::Number(n) if n.is_u64() => n.as_u64().map(i128::from),
            _ => None,
        };
        let number = number.ok_or_else(|| wrong("an integer", value))?;
        if !(i128::from(min)..=i128::from(max)).contains(&number) {
            return Err(Reason::OutOfRange { min, max }.into());
        }
        Ok(number)
    }

    /// A TCP port as the ingress library checks it: a JSON integer with `0 < port < 65535`.
    pub(crate) fn port(value: &Value, max: u16) -> Result<u16, ValueError> {
        integer(value, 1, u64::from(max)).map(|p| p as u16)
    }

    /// A JSON list whose items all convert.
    pub(crate) fn list<T>(
        value: &Value,
        mut item: impl FnMut(&Value) -> Result<T, ValueError>,
    ) -> Result<Vec<T>, ValueError> {
        let items = value.as_array().ok_or_else(|| wrong("a list", value))?;
        items
            .iter()
            .enumerate()
            .map(|(index, v)| item(v).map_err(|e| e.at_index(index)))
            .collect()
    }

    /// A JSON object.
    pub(crate) fn object(value: &Value) -> Result<&Map<String, Value>, ValueError> {
        value.as_object().ok_or_else(|| wrong("an object", value))
    }

    /// A string from a fixed set, returned as the matching index.
    pub(crate) fn one_of(
        value: &Value,
        allowed: &'static [&'static str],
    ) -> Result<usize, ValueError> {
        let text = value.as_str().ok_or_else(|| wrong("a string", value))?;
        allowed
            .iter()
            .position(|a| *a == text)
            .ok_or_else(|| Reason::NotOneOf { allowed }.into())
    }

    /// Member `name` of an object, required.
    pub(crate) fn member<T>(
        map: &Map<String, Value>,
        name: &str,
        convert: impl FnOnce(&Value) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        match map.get(name) {
            Some(value) => convert(value).map_err(|e| e.in_field(name)),
            None => Err(ValueError::from(Reason::Missing).in_field(name)),
        }
    }

    /// Member `name` of an object whose default is `None`: absent or `null` → `None`.
    pub(crate) fn optional_member<T>(
        map: &Map<String, Value>,
        name: &str,
        convert: impl FnOnce(&Value) -> Result<T, ValueError>,
    ) -> Result<Option<T>, ValueError> {
        match map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => convert(value).map(Some).map_err(|e| e.in_field(name)),
        }
    }

    /// Member `name` of an object with a non-`None` default.
    pub(crate) fn defaulted_member<T>(
        map: &Map<String, Value>,
        name: &str,
        default: T,
        convert: impl FnOnce(&Value) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        match map.get(name) {
            None => Ok(default),
            Some(value) => convert(value).map_err(|e| e.in_field(name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn separators_and_order_match_json_dumps() {
        #[derive(Serialize)]
        struct Entry {
            zeta: u32,
            alpha: Vec<&'static str>,
            mid: Option<bool>,
        }
        let entry = Entry {
            zeta: 1,
            alpha: vec!["a", "b"],
            mid: None,
        };
        assert_eq!(
            to_python_json(&entry),
            r#"{"zeta": 1, "alpha": ["a", "b"], "mid": null}"#
        );
        assert_eq!(to_python_json(&Vec::<u8>::new()), "[]");
        assert_eq!(to_python_json(&json!({})), "{}");
        assert_eq!(to_python_json(&true), "true");
        assert_eq!(to_python_json("m"), r#""m""#);
    }

    #[test]
    fn escapes_match_ensure_ascii() {
        // Values checked against CPython 3.11 `json.dumps`.
        assert_eq!(to_python_json("a\"b\\c/d"), r#""a\"b\\c/d""#);
        assert_eq!(to_python_json("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
        assert_eq!(
            to_python_json("\u{1}\u{1f}\u{7f}"),
            r#""\u0001\u001f\u007f""#
        );
        assert_eq!(to_python_json("é"), r#""\u00e9""#);
        assert_eq!(to_python_json("€"), r#""\u20ac""#);
        assert_eq!(to_python_json("😀"), r#""\ud83d\ude00""#);
    }

    #[test]
    fn with_clears_adds_empty_values_for_unset_owned_keys() {
        let content = Databag::from([("a".to_owned(), "1".to_owned())]);
        let changes = with_clears(content, &["a", "b"]);
        assert_eq!(
            changes,
            Databag::from([
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), String::new())
            ])
        );
    }

    #[test]
    fn reader_rejects_invalid_json_and_oversized_values() {
        let bag = Databag::from([("k".to_owned(), "not json".to_owned())]);
        let err = BagReader::parse("r:1", BagOwner::App, &bag, &["k"])
            .err()
            .unwrap();
        assert_eq!(err.key, "k");
        assert!(matches!(err.reason, Reason::InvalidJson(_)));

        let huge = format!("\"{}\"", "a".repeat(MAX_VALUE_LEN));
        let bag = Databag::from([("k".to_owned(), huge)]);
        let err = BagReader::parse("r:1", BagOwner::App, &bag, &["k"])
            .err()
            .unwrap();
        assert_eq!(err.reason, Reason::TooLong { max: MAX_VALUE_LEN });
    }

    #[test]
    fn reader_ignores_unknown_keys_even_when_not_json() {
        let bag = Databag::from([
            ("egress-subnets".to_owned(), "10.0.0.0/24".to_owned()),
            ("k".to_owned(), "1".to_owned()),
        ]);
        let reader = BagReader::parse("r:1", BagOwner::App, &bag, &["k"]).unwrap();
        assert!(reader.has("k"));
        assert!(!reader.is_empty());
    }

    #[test]
    fn error_display_names_relation_bag_key_and_reason() {
        let bag = Databag::from([("port".to_owned(), "\"8080\"".to_owned())]);
        let reader = BagReader::parse("ingress:3", BagOwner::App, &bag, &["port"]).unwrap();
        let err = reader
            .required("port", |v| json::port(v, 65534))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"ingress:3 application data: "port" must be an integer, not a string"#
        );
    }
}
