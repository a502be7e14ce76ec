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
pub(crate) fn one_of(value: &Value, allowed: &'static [&'static str]) -> Result<usize, ValueError> {
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
