//! ListenerSets: the listeners past the Gateway's 64 (see [`ListenerLayout`]), each set
//! attached to our Gateway (`spec.parentRef`), which accepts them (`spec.allowedListeners`).

use charm_cluster::Kind;
use serde_json::{Value, json};

use crate::state::CharmState;

use super::listener_layout::ListenerLayout;
use super::{DesiredObject, object_meta};

/// One ListenerSet per set of `layout`.
pub(super) fn render_all(state: &CharmState, layout: &ListenerLayout) -> Vec<DesiredObject> {
    layout
        .sets
        .iter()
        .map(|(name, listeners)| {
            let metadata = object_meta(&state.app_name, &state.namespace, name.clone());
            let listeners: Vec<Value> = listeners
                .iter()
                .map(|listener| serde_json::to_value(listener).expect("listeners serialise"))
                .collect();
            let kind = Kind::ListenerSet;
            DesiredObject::new(
                kind,
                json!({
                    "apiVersion": kind.api_version(), "kind": kind.kind(),
                    "metadata": metadata,
                    "spec": {
                        "parentRef": {"group": "gateway.networking.k8s.io", "kind": "Gateway",
                                      "name": state.app_name},
                        "listeners": listeners,
                    },
                }),
            )
        })
        .collect()
}
