//! `k=v,k=v` options: Gateway infrastructure labels and annotations, and the label selector of
//! `allowed-route-namespaces`. Keys and values are checked with the Kubernetes rules (and the
//! Gateway API's limits), so nothing the API server would reject is ever half-applied.

use std::collections::BTreeMap;

/// Why a `k=v,k=v` value is unusable. The option's name is added by the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyValueError {
    /// An entry is not `key=value`.
    #[error("{entry:?} is not key=value")]
    NotKeyValue {
        /// The entry.
        entry: String,
    },
    /// A key appears twice.
    #[error("{key:?} is given twice")]
    Duplicate {
        /// The key.
        key: String,
    },
    /// A key is not a Kubernetes qualified name (optional DNS-subdomain prefix and `/`, then
    /// a name of at most 63 characters).
    #[error("{key:?} is not a valid key: {reason}")]
    Key {
        /// The key.
        key: String,
        /// Why.
        reason: &'static str,
    },
    /// A label value is not valid.
    #[error("the value {value:?} of {key:?} is not a valid label value: {reason}")]
    LabelValue {
        /// The key.
        key: String,
        /// The value.
        value: String,
        /// Why.
        reason: &'static str,
    },
    /// An annotation value is too long.
    #[error("the value of {key:?} is longer than 4096 characters")]
    AnnotationValue {
        /// The key.
        key: String,
    },
    /// More entries than the Gateway API allows.
    #[error("{count} entries, at most {max} are allowed")]
    TooMany {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
}

/// What the values are checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Label values (at most 63 characters, alphanumerics at both ends, `-_.` inside).
    Labels,
    /// Annotation values (any text up to 4096 characters, but no `,`).
    Annotations,
}

/// Parse `text` (`k=v,k=v`; blanks around entries ignored; empty: no entries) into a map,
/// checking keys as qualified names, values as `values` says, and at most `max` entries.
pub fn parse(
    text: &str,
    values: Values,
    max: usize,
) -> Result<BTreeMap<String, String>, KeyValueError> {
    let mut map = BTreeMap::new();
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (key, value) = entry
            .split_once('=')
            .ok_or_else(|| KeyValueError::NotKeyValue {
                entry: entry.to_owned(),
            })?;
        let (key, value) = (key.trim(), value.trim());
        check_key(key)?;
        match values {
            Values::Labels => check_label_value(key, value)?,
            Values::Annotations if value.len() > 4096 => {
                return Err(KeyValueError::AnnotationValue {
                    key: key.to_owned(),
                });
            }
            Values::Annotations => {}
        }
        if map.insert(key.to_owned(), value.to_owned()).is_some() {
            return Err(KeyValueError::Duplicate {
                key: key.to_owned(),
            });
        }
    }
    if map.len() > max {
        return Err(KeyValueError::TooMany {
            count: map.len(),
            max,
        });
    }
    Ok(map)
}

/// A Kubernetes qualified name: `[prefix/]name`, the prefix a DNS subdomain of at most 253
/// characters, the name 1–63 characters of `[A-Za-z0-9-_.]` with alphanumerics at both ends.
pub fn check_key(key: &str) -> Result<(), KeyValueError> {
    let invalid = |reason| KeyValueError::Key {
        key: key.to_owned(),
        reason,
    };
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix
        && !is_dns_subdomain(prefix)
    {
        return Err(invalid(
            "its prefix must be a lowercase DNS subdomain of at most 253 characters",
        ));
    }
    if name.is_empty() || name.len() > 63 {
        return Err(invalid("its name must have 1 to 63 characters"));
    }
    if !is_label_like(name) {
        return Err(invalid(
            "its name must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'",
        ));
    }
    Ok(())
}

fn check_label_value(key: &str, value: &str) -> Result<(), KeyValueError> {
    let invalid = |reason| KeyValueError::LabelValue {
        key: key.to_owned(),
        value: value.to_owned(),
        reason,
    };
    if value.len() > 63 {
        return Err(invalid("at most 63 characters"));
    }
    if !value.is_empty() && !is_label_like(value) {
        return Err(invalid(
            "it must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'",
        ));
    }
    Ok(())
}

/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`.
fn is_label_like(text: &str) -> bool {
    let bytes = text.as_bytes();
    let edge = |b: &u8| b.is_ascii_alphanumeric();
    !bytes.is_empty()
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A lowercase RFC 1123 DNS subdomain of at most 253 characters.
fn is_dns_subdomain(text: &str) -> bool {
    text.len() <= 253
        && text.split('.').all(|label| {
            let bytes = label.as_bytes();
            let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
            !bytes.is_empty()
                && bytes.len() <= 63
                && bytes.first().is_some_and(edge)
                && bytes.last().is_some_and(edge)
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_and_checks_them() {
        let map = parse(
            " team=web , example.com/tier=front,empty=",
            Values::Labels,
            8,
        )
        .unwrap();
        assert_eq!(
            map,
            BTreeMap::from([
                ("empty".to_owned(), String::new()),
                ("example.com/tier".to_owned(), "front".to_owned()),
                ("team".to_owned(), "web".to_owned()),
            ])
        );
        assert_eq!(parse("", Values::Labels, 8), Ok(BTreeMap::new()));
        assert_eq!(parse("a=b=c", Values::Annotations, 16).unwrap()["a"], "b=c");
    }

    #[test]
    fn rejects_what_kubernetes_rejects() {
        let err = |text: &str, values| parse(text, values, 8).unwrap_err().to_string();
        assert_eq!(err("team", Values::Labels), "\"team\" is not key=value");
        assert_eq!(err("a=1,a=2", Values::Labels), "\"a\" is given twice");
        assert_eq!(
            err("Example.com/x=1", Values::Labels),
            "\"Example.com/x\" is not a valid key: its prefix must be a lowercase DNS subdomain of at most 253 characters"
        );
        assert_eq!(
            err("-x=1", Values::Labels),
            "\"-x\" is not a valid key: its name must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'"
        );
        assert_eq!(
            err("x=a b", Values::Labels),
            "the value \"a b\" of \"x\" is not a valid label value: it must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'"
        );
        assert_eq!(
            err(&format!("x={}", "a".repeat(64)), Values::Labels),
            format!(
                "the value \"{}\" of \"x\" is not a valid label value: at most 63 characters",
                "a".repeat(64)
            )
        );
        let nine: Vec<String> = (0..9).map(|i| format!("k{i}=v")).collect();
        assert_eq!(
            err(&nine.join(","), Values::Labels),
            "9 entries, at most 8 are allowed"
        );
        assert!(parse("x=a b", Values::Annotations, 8).is_ok());
    }
}
