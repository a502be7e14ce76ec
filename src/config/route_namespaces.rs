//! `allowed-route-namespaces`: which namespaces may attach routes to the Gateway's listeners.

use std::collections::BTreeMap;

use super::key_values::{self, KeyValueError, Values};

/// The namespaces whose routes may attach to every listener.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AllowedRouteNamespaces {
    /// Every namespace (`all`, the default): what v1 gateway-route requirers in other models
    /// need, since they create their routes in their own namespace.
    #[default]
    All,
    /// Only the Gateway's own namespace (`same`).
    Same,
    /// Namespaces whose labels match all of these (`k=v,k=v`).
    Selector(BTreeMap<String, String>),
}

impl AllowedRouteNamespaces {
    /// Parse the option: `all`, `same`, or a `k=v,k=v` label selector (at most 8 labels).
    pub fn parse(text: &str) -> Result<AllowedRouteNamespaces, KeyValueError> {
        match text.trim() {
            "" | "all" => Ok(AllowedRouteNamespaces::All),
            "same" => Ok(AllowedRouteNamespaces::Same),
            selector => {
                let labels = key_values::parse(selector, Values::Labels, 8)?;
                if labels.is_empty() {
                    return Ok(AllowedRouteNamespaces::All);
                }
                Ok(AllowedRouteNamespaces::Selector(labels))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_form() {
        assert_eq!(
            AllowedRouteNamespaces::parse("all"),
            Ok(AllowedRouteNamespaces::All)
        );
        assert_eq!(
            AllowedRouteNamespaces::parse(""),
            Ok(AllowedRouteNamespaces::All)
        );
        assert_eq!(
            AllowedRouteNamespaces::parse(" same "),
            Ok(AllowedRouteNamespaces::Same)
        );
        assert_eq!(
            AllowedRouteNamespaces::parse("team=web,env=prod"),
            Ok(AllowedRouteNamespaces::Selector(BTreeMap::from([
                ("env".to_owned(), "prod".to_owned()),
                ("team".to_owned(), "web".to_owned()),
            ])))
        );
        assert_eq!(
            AllowedRouteNamespaces::parse("everything")
                .unwrap_err()
                .to_string(),
            "\"everything\" is not key=value"
        );
    }
}
