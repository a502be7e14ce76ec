//! Relation data the charm would reject, said in terms of the input file: the path of the value
//! and, for a value that is not JSON, what to write instead.

use juju_hook::RelationSnapshot;
use relation_data::error::{BagOwner, Reason, RelationDataError};
use relation_data::gateway_route::GatewayRouteRequest;
use relation_data::ingress::IngressRequest;
use serde_json::Value;

use crate::input::{RelationInput, Syntax};

/// Why a relation's data is rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelationError {
    /// A databag value is not JSON text: `hint` is the value JSON-encoded, in the input's syntax.
    #[error("{path}: databag values are JSON; write {hint}")]
    NotJson {
        /// The value's path, e.g. `relations.gateway.app_data.model`.
        path: String,
        /// What to write, e.g. `model: '"testing"'`.
        hint: String,
    },
    /// Any other reason, as the relation-data model states it.
    #[error("{path}: {reason}")]
    Invalid {
        /// The path of the value or the databag.
        path: String,
        /// Why.
        reason: String,
    },
}

/// The ingress relation at `relations.gateway` is invalid for `reason` (the library's words).
pub fn ingress(
    input: &RelationInput,
    snapshot: &RelationSnapshot,
    reason: &str,
    syntax: Syntax,
) -> RelationError {
    let typed = IngressRequest::read(
        &snapshot.id,
        &snapshot.remote_app_data,
        &snapshot.remote_units,
    )
    .err();
    explain("relations.gateway", input, typed, reason, syntax)
}

/// The gateway-route relation at `relations.gateway-route[index]` is skipped for `reason`.
pub fn gateway_route(
    index: usize,
    input: &RelationInput,
    snapshot: &RelationSnapshot,
    reason: &str,
    syntax: Syntax,
) -> RelationError {
    let typed = GatewayRouteRequest::read(&snapshot.id, &snapshot.remote_app_data).err();
    let path = format!("relations.gateway-route[{index}]");
    explain(&path, input, typed, reason, syntax)
}

fn explain(
    path: &str,
    input: &RelationInput,
    typed: Option<RelationDataError>,
    reason: &str,
    syntax: Syntax,
) -> RelationError {
    let Some(error) = typed else {
        // A rule of the charm's rather than of the interface (e.g. a cross-model route).
        return RelationError::Invalid {
            path: format!("{path}.app_data"),
            reason: reason.to_owned(),
        };
    };
    let (bag_path, bag) = match &error.owner {
        BagOwner::App => (format!("{path}.app_data"), Some(&input.app_data)),
        BagOwner::Unit(unit) => (format!("{path}.units.{unit}"), input.units.get(unit)),
    };
    let value_path = format!("{bag_path}.{}", error.key);
    if let Reason::InvalidJson(_) = &error.reason
        && let Some(Value::String(text)) = bag.and_then(|bag| bag.get(&error.key))
    {
        return RelationError::NotJson {
            path: value_path,
            hint: hint(&error.key, text, syntax),
        };
    }
    RelationError::Invalid {
        path: value_path,
        reason: error.reason.to_string(),
    }
}

/// `key: '"text"'` (YAML) or `"key": "\"text\""` (JSON): `text` JSON-encoded, as a databag
/// value of the input file.
pub fn hint(key: &str, text: &str, syntax: Syntax) -> String {
    let encoded = Value::String(text.to_owned()).to_string();
    match syntax {
        Syntax::Yaml => format!("{key}: '{}'", encoded.replace('\'', "''")),
        Syntax::Json => format!(
            "{}: {}",
            Value::String(key.to_owned()),
            Value::String(encoded)
        ),
    }
}
