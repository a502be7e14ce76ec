//! Equality-based label selectors (`k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-joined), as the
//! in-memory cluster evaluates them.

use serde_json::{Map, Value};

/// A selector string that is not an equality-based selector.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported label selector term {0:?}")]
pub struct LabelSelectorError(pub String);

/// One term of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    Exists(String),
    Absent(String),
}

/// A parsed selector; the empty selector matches everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// Parse `selector`.
    pub fn parse(selector: &str) -> Result<LabelSelector, LabelSelectorError> {
        let requirements = selector
            .split(',')
            .map(str::trim)
            .filter(|term| !term.is_empty())
            .map(parse_term)
            .collect::<Result<_, _>>()?;
        Ok(LabelSelector { requirements })
    }

    /// Whether an object with `labels` (its `metadata.labels`, if any) is selected.
    pub fn matches(&self, labels: Option<&Map<String, Value>>) -> bool {
        let label = |key: &str| labels.and_then(|l| l.get(key)).and_then(Value::as_str);
        self.requirements
            .iter()
            .all(|requirement| match requirement {
                Requirement::Equals(key, value) => label(key) == Some(value.as_str()),
                Requirement::NotEquals(key, value) => label(key) != Some(value.as_str()),
                Requirement::Exists(key) => label(key).is_some(),
                Requirement::Absent(key) => label(key).is_none(),
            })
    }

    /// Whether `object` (a whole Kubernetes object) is selected.
    pub fn matches_object(&self, object: &Value) -> bool {
        self.matches(
            object
                .pointer("/metadata/labels")
                .and_then(Value::as_object),
        )
    }
}

fn parse_term(term: &str) -> Result<Requirement, LabelSelectorError> {
    let unsupported = || LabelSelectorError(term.to_owned());
    let valid = |s: &str| !s.is_empty() && !s.contains([' ', '(', ')', '=', '!']);
    let requirement = if let Some((key, value)) = term.split_once("!=") {
        Requirement::NotEquals(key.trim().to_owned(), value.trim().to_owned())
    } else if let Some((key, value)) = term.split_once("==").or_else(|| term.split_once('=')) {
        Requirement::Equals(key.trim().to_owned(), value.trim().to_owned())
    } else if let Some(key) = term.strip_prefix('!') {
        Requirement::Absent(key.trim().to_owned())
    } else {
        Requirement::Exists(term.to_owned())
    };
    let (key, value) = match &requirement {
        Requirement::Equals(k, v) | Requirement::NotEquals(k, v) => (k, Some(v)),
        Requirement::Exists(k) | Requirement::Absent(k) => (k, None),
    };
    if !valid(key) || value.is_some_and(|v| v.contains([' ', '(', ')', '=', '!'])) {
        return Err(unsupported());
    }
    Ok(requirement)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(labels: Value) -> Value {
        json!({"metadata": {"name": "x", "labels": labels}})
    }

    #[test]
    fn equality_terms_are_anded() {
        let selector = LabelSelector::parse("a=1,b==2").unwrap();
        assert!(selector.matches_object(&object(json!({"a": "1", "b": "2", "c": "3"}))));
        assert!(!selector.matches_object(&object(json!({"a": "1"}))));
        assert!(!selector.matches_object(&json!({"metadata": {"name": "x"}})));
    }

    #[test]
    fn inequality_existence_and_absence() {
        let selector = LabelSelector::parse("a!=1, b, !c").unwrap();
        assert!(selector.matches_object(&object(json!({"b": ""}))));
        assert!(!selector.matches_object(&object(json!({"a": "1", "b": ""}))));
        assert!(!selector.matches_object(&object(json!({"b": "", "c": "x"}))));
    }

    #[test]
    fn empty_selector_matches_everything_and_set_syntax_is_refused() {
        assert!(LabelSelector::parse("").unwrap().matches(None));
        assert_eq!(
            LabelSelector::parse("env in (a,b)"),
            Err(LabelSelectorError("env in (a".to_owned()))
        );
    }
}
