//! `DatabagModel.load` of charmlibs-interfaces-certificate-transfer 1.1.0 (pydantic 2.14.3),
//! rule for rule: each known key present is `json.loads`-ed (invalid JSON rejects the bag),
//! then the model validates in lax JSON mode, fields in declaration order; other keys are
//! ignored. Two phases, so a PEM fault (our own rule) is reported only for bags the library
//! accepts.

use std::collections::BTreeSet;

use super::pem::is_certificate_pem;
use crate::databag::{Databag, MAX_VALUE_LEN};
use crate::error::{Reason, ValueError};
use crate::istio_ingress_route::json::{self, Json};

/// The label [`Reason::Pem`] names.
pub(super) const CERTIFICATE: &str = "CERTIFICATE";

/// The known keys of one bag, parsed; a fault comes with the key it is in.
pub(super) struct Parsed<'a> {
    values: Vec<(&'static str, &'a str, Json)>,
}

/// A fault in one key: the key and what is wrong (the path inside the value included).
pub(super) type KeyFault = (&'static str, ValueError);

impl<'a> Parsed<'a> {
    /// `json.loads` of every key of `known` present in `bag`, in `known` order.
    pub(super) fn load(bag: &'a Databag, known: &[&'static str]) -> Result<Self, KeyFault> {
        let mut values = Vec::new();
        for key in known {
            let Some(text) = bag.get(*key) else { continue };
            if text.len() > MAX_VALUE_LEN {
                return Err((key, Reason::TooLong { max: MAX_VALUE_LEN }.into()));
            }
            let value = serde_json::from_str(text)
                .map_err(|e| (*key, Reason::InvalidJson(e.to_string()).into()))?;
            values.push((*key, text.as_str(), value));
        }
        Ok(Self { values })
    }

    /// Whether no known key is present.
    pub(super) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    fn get(&self, key: &str) -> Option<(&'a str, &Json)> {
        self.values
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, text, value)| (*text, value))
    }

    /// A `str` field without a default.
    pub(super) fn required_str(&self, key: &'static str) -> Result<(), KeyFault> {
        match self.get(key) {
            Some((_, value)) => json::string(value).map(drop).map_err(|e| (key, e)),
            None => Err((key, Reason::Missing.into())),
        }
    }

    /// An `int` field with a default (`version`): absent is fine, else pydantic's lax `int`.
    pub(super) fn defaulted_int(&self, key: &'static str) -> Result<(), KeyFault> {
        match self.get(key) {
            None => Ok(()),
            Some((text, value)) => lax_int(text, value).map_err(|e| (key, e)),
        }
    }

    /// A `set[str]` (default empty) or `list[str] | None` (default `None`) field: the strings,
    /// in bag order, duplicates kept. `null` is accepted only when `nullable`.
    pub(super) fn strings(
        &self,
        key: &'static str,
        nullable: bool,
    ) -> Result<Vec<String>, KeyFault> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some((_, Json::Null)) if nullable => Ok(Vec::new()),
            Some((_, value)) => json::list(value, json::string).map_err(|e| (key, e)),
        }
    }
}

/// pydantic's lax `int`, unbounded as a Python `int` is: any JSON integer (`json.loads` gives
/// a Python `int` of any size, which `serde_json` turns into a float beyond `u64`, hence the
/// look at the text), `true`/`false`, a float without fraction strictly inside the `i64`
/// range, or an integer string (a range fault on a string means "too large", which pydantic
/// accepts too).
fn lax_int(text: &str, value: &Json) -> Result<(), ValueError> {
    let literal = text.trim_matches([' ', '\t', '\n', '\r']);
    let digits = literal.strip_prefix('-').unwrap_or(literal);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    match (value, json::int(value, i64::MIN, i64::MAX)) {
        (_, Ok(_)) => Ok(()),
        (Json::Str(_), Err(e)) if matches!(e.reason, Reason::OutOfRange { .. }) => Ok(()),
        (_, Err(e)) => Err(e),
    }
}

/// Our own rule on a list the library accepted: every item one PEM `CERTIFICATE` block
/// (the fault names the item's index). Returns them deduplicated and sorted.
pub(super) fn certificates(
    key: &'static str,
    items: Vec<String>,
) -> Result<BTreeSet<String>, KeyFault> {
    for (index, item) in items.iter().enumerate() {
        if !is_certificate_pem(item) {
            return Err((
                key,
                ValueError::from(Reason::Pem(CERTIFICATE)).at_index(index),
            ));
        }
    }
    Ok(items.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_ok(text: &str) -> bool {
        let value: Json = serde_json::from_str(text).unwrap();
        lax_int(text, &value).is_ok()
    }

    #[test]
    fn version_is_a_lax_unbounded_int() {
        // Each verdict was checked against the real library (tests/interop harnesses).
        for text in [
            "1",
            " 1",
            "-1",
            "0",
            "99999999999999999999999",
            r#""99999999999999999999999""#,
            r#""1.0""#,
            r#"" 1 ""#,
            "1e0",
            "1.0",
            "true",
            "false",
        ] {
            assert!(int_ok(text), "{text}");
        }
        for text in [
            "1.5", r#""abc""#, "null", "9.3e18", "[]", "{}", r#""1e3""#, r#""""#,
        ] {
            assert!(!int_ok(text), "{text}");
        }
    }
}
