//! The `config` value as pydantic 2 sees it: an order-preserving JSON tree and the lax (JSON
//! mode) conversions `IstioIngressRouteConfig.model_validate_json` applies to its fields.
//!
//! Checked against pydantic 2.14.3 / pydantic-core 2.50.4 (the pinned interop venv):
//!
//! - objects keep their member order (header matches are written back in it) and a repeated
//!   member keeps its first position with its last value, as a Python `dict` does;
//! - `int` fields take a JSON integer, `true`/`false` (1/0), a float without fractional part
//!   strictly between `i64::MIN` and `i64::MAX`, or a string that, trimmed of Unicode white
//!   space, is `[+-]digits` with single `_` between digits, optionally followed by `.` and one
//!   or more `0`;
//! - `str` fields take JSON strings only; enum fields take exactly one of their values.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::{Reason, ValueError};

/// A JSON value whose objects keep their member order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// Any integer `serde_json` reads as one (those beyond `u64` arrive as [`Json::Float`]).
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Int(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Int(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members: Vec<(String, Json)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        while let Some((name, value)) = map.next_entry::<String, Json>()? {
            match index.get(&name) {
                Some(&at) => members[at].1 = value,
                None => {
                    index.insert(name.clone(), members.len());
                    members.push((name, value));
                }
            }
        }
        Ok(Json::Object(members))
    }
}

/// How a value's type is named in error messages.
pub(crate) fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Int(_) => "an integer",
        Json::Float(_) => "a decimal number",
        Json::Str(_) => "a string",
        Json::List(_) => "a list",
        Json::Object(_) => "an object",
    }
}

pub(crate) fn wrong(expected: &'static str, value: &Json) -> ValueError {
    Reason::WrongType {
        expected,
        found: kind(value),
    }
    .into()
}

/// The members of a JSON object (a pydantic model or `dict`).
pub(crate) struct Object<'a>(&'a [(String, Json)]);

impl<'a> Object<'a> {
    /// `value` as an object, or a type error.
    pub(crate) fn of(value: &'a Json) -> Result<Self, ValueError> {
        match value {
            Json::Object(members) => Ok(Self(members)),
            other => Err(wrong("an object", other)),
        }
    }

    /// Member `name`, if present (`null` included).
    pub(crate) fn get(&self, name: &str) -> Option<&'a Json> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Whether member `name` is present.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every member, in order.
    pub(crate) fn members(&self) -> &'a [(String, Json)] {
        self.0
    }

    /// A field without a default: absent → [`Reason::Missing`].
    pub(crate) fn required<T>(
        &self,
        name: &str,
        convert: impl FnOnce(&'a Json) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        match self.get(name) {
            Some(value) => convert(value).map_err(|e| e.in_field(name)),
            None => Err(ValueError::from(Reason::Missing).in_field(name)),
        }
    }

    /// A field typed `X | None = None`: absent or `null` → `None`.
    pub(crate) fn optional<T>(
        &self,
        name: &str,
        convert: impl FnOnce(&'a Json) -> Result<T, ValueError>,
    ) -> Result<Option<T>, ValueError> {
        match self.get(name) {
            None | Some(Json::Null) => Ok(None),
            Some(value) => convert(value).map(Some).map_err(|e| e.in_field(name)),
        }
    }

    /// A field with a non-`None` default: absent → `default`; `null` goes to `convert`.
    pub(crate) fn defaulted<T>(
        &self,
        name: &str,
        default: T,
        convert: impl FnOnce(&'a Json) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        match self.get(name) {
            None => Ok(default),
            Some(value) => convert(value).map_err(|e| e.in_field(name)),
        }
    }
}

/// A `str` field: JSON strings only.
pub(crate) fn string(value: &Json) -> Result<String, ValueError> {
    match value {
        Json::Str(text) => Ok(text.clone()),
        other => Err(wrong("a string", other)),
    }
}

/// A `list[...]` field: a JSON array whose items all convert (errors name the index).
pub(crate) fn list<'a, T>(
    value: &'a Json,
    mut item: impl FnMut(&'a Json) -> Result<T, ValueError>,
) -> Result<Vec<T>, ValueError> {
    match value {
        Json::List(items) => items
            .iter()
            .enumerate()
            .map(|(index, v)| item(v).map_err(|e| e.at_index(index)))
            .collect(),
        other => Err(wrong("a list", other)),
    }
}

/// A `str` enum field: exactly one of `allowed` (anything else, `null` included, is rejected
/// with the list of values, as pydantic does); returns the index into `allowed`.
pub(crate) fn one_of(value: &Json, allowed: &'static [&'static str]) -> Result<usize, ValueError> {
    match value {
        Json::Str(text) => allowed.iter().position(|a| a == text),
        _ => None,
    }
    .ok_or_else(|| Reason::NotOneOf { allowed }.into())
}

/// An `int` field constrained to `min..=max` (`Field(ge=min, le=max)`), with pydantic's lax
/// JSON-mode coercions (module docs).
pub(crate) fn int(value: &Json, min: i64, max: i64) -> Result<i64, ValueError> {
    let out_of_range = || {
        ValueError::from(Reason::OutOfRange {
            min,
            max: max as u64,
        })
    };
    let number: i128 = match value {
        Json::Int(n) => *n,
        Json::Bool(b) => i128::from(*b),
        Json::Float(f) if f.fract() != 0.0 => return Err(wrong("an integer", value)),
        // pydantic: only floats strictly inside the i64 range become integers.
        Json::Float(f) if *f <= i64::MIN as f64 || *f >= i64::MAX as f64 => {
            return Err(out_of_range());
        }
        Json::Float(f) => *f as i128,
        Json::Str(text) => parse_int_text(text).ok_or_else(|| {
            ValueError::from(Reason::WrongType {
                expected: "an integer",
                found: "a string that is not an integer",
            })
        })?,
        other => return Err(wrong("an integer", other)),
    };
    if !(i128::from(min)..=i128::from(max)).contains(&number) {
        return Err(out_of_range());
    }
    Ok(number as i64)
}

/// pydantic's `str` → `int` rule (module docs). Values too large for `i128` saturate, so they
/// fail every range check rather than parse as something else.
fn parse_int_text(text: &str) -> Option<i128> {
    let text = text.trim();
    let digits = match text.split_once('.') {
        Some((whole, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => whole,
        Some(_) => return None,
        None => text,
    };
    let (negative, digits) = match digits.as_bytes().first() {
        Some(b'-') => (true, &digits[1..]),
        Some(b'+') => (false, &digits[1..]),
        _ => (false, digits),
    };
    // Digits with single underscores between them: no leading, trailing or double `_`.
    if digits.is_empty() || digits.split('_').any(|group| group.is_empty()) {
        return None;
    }
    let mut number: i128 = 0;
    for byte in digits.bytes().filter(|b| *b != b'_') {
        if !byte.is_ascii_digit() {
            return None;
        }
        number = number
            .saturating_mul(10)
            .saturating_add(i128::from(byte - b'0'));
    }
    Some(if negative { -number } else { number })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn objects_keep_order_and_a_repeated_member_keeps_its_first_place() {
        assert_eq!(
            parse(r#"{"b":"1","a":"2","b":"3"}"#),
            Json::Object(vec![
                ("b".to_owned(), Json::Str("3".to_owned())),
                ("a".to_owned(), Json::Str("2".to_owned())),
            ])
        );
    }

    #[test]
    fn int_accepts_what_pydantic_accepts() {
        // Each case was checked against pydantic 2.14.3 with a `Field(ge=1, le=65535)` int.
        for (text, expected) in [
            ("3200", 3200),
            ("3200.0", 3200),
            ("1e3", 1000),
            ("true", 1),
            (r#""3200""#, 3200),
            (r#"" 3200 ""#, 3200),
            (r#""3_200""#, 3200),
            (r#""+3200""#, 3200),
            (r#""03200""#, 3200),
            (r#""3200.0""#, 3200),
            (r#""32_00.00""#, 3200),
            (r#""\t32\n""#, 32),
            (r#""\u300032\u0085""#, 32),
        ] {
            assert_eq!(int(&parse(text), 1, 65535), Ok(expected), "{text}");
        }
    }

    #[test]
    fn int_rejects_what_pydantic_rejects() {
        let not_int = ValueError::from(Reason::WrongType {
            expected: "an integer",
            found: "a string that is not an integer",
        });
        for text in [
            r#""0x10""#,
            r#""1e3""#,
            r#""3200.""#,
            r#""32.5""#,
            r#"".0""#,
            r#""+_32""#,
            r#""_32""#,
            r#""32_""#,
            r#""3__2""#,
            r#""32.0_0""#,
            r#""1 2""#,
            r#""+ 32""#,
            r#""""#,
            r#""  ""#,
            r#""\u0663\u0662""#,
            r#""\u200b32""#,
            r#""\u001f32""#,
            r#""1.0.0""#,
        ] {
            assert_eq!(int(&parse(text), 1, 65535), Err(not_int.clone()), "{text}");
        }
        let range = ValueError::from(Reason::OutOfRange { min: 1, max: 65535 });
        for text in [
            "0",
            "false",
            "-1",
            "65536",
            "-0.0",
            r#""-0""#,
            r#""00""#,
            "99999999999999999999999",
        ] {
            assert_eq!(int(&parse(text), 1, 65535), Err(range.clone()), "{text}");
        }
        assert_eq!(
            int(&parse("3200.5"), 1, 65535),
            Err(wrong("an integer", &Json::Float(0.5)))
        );
        assert_eq!(
            int(&parse("null"), 1, 65535),
            Err(wrong("an integer", &Json::Null))
        );
        // Floats at or beyond the i64 limits are rejected even for an unbounded field.
        assert!(int(&parse("9.3e18"), i64::MIN, i64::MAX).is_err());
        assert_eq!(
            int(&parse("9.2e18"), i64::MIN, i64::MAX),
            Ok(9_200_000_000_000_000_000)
        );
    }

    #[test]
    fn strings_and_enums_are_strict() {
        assert_eq!(string(&parse("1")), Err(wrong("a string", &Json::Int(1))));
        let allowed: &'static [&'static str] = &["HTTP", "GRPC"];
        assert_eq!(one_of(&parse(r#""GRPC""#), allowed), Ok(1));
        for text in [r#""http""#, r#""HTTP ""#, "1", "null"] {
            assert_eq!(
                one_of(&parse(text), allowed),
                Err(Reason::NotOneOf { allowed }.into()),
                "{text}"
            );
        }
    }
}
