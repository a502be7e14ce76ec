//! The ingress requirer (`gateway` endpoint, interface `ingress` v2) as the plan sees it.

/// What the ingress requirer asked for, already validated by the relation layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRequirer {
    /// The requirer application's name (selects its pods and names the Service and path).
    pub app_name: String,
    /// The requirer's model (part of the published path `/{model}-{app}`).
    pub model: String,
    /// The port the requirer's pods listen on.
    pub port: u16,
    /// Strip the `/{model}-{app}` prefix before forwarding.
    pub strip_prefix: bool,
    /// Requested but ignored, as by the Python charm (HTTPS is driven by `enforce-https`).
    pub redirect_https: bool,
    /// Requested backend scheme; ignored, as by the Python charm.
    pub scheme: String,
}

impl IngressRequirer {
    /// The path prefix routed to this requirer: `/{model}-{app}`.
    pub fn path_prefix(&self) -> String {
        format!("/{}-{}", self.model, self.app_name)
    }
}

/// The state of the ingress relation, as gathered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IngressRelation {
    /// No `gateway` relation.
    #[default]
    NotRelated,
    /// Related, but the requirer has not (completely) written its data yet.
    AwaitingData,
    /// Related, and the requirer's data failed validation (the reason goes to the log).
    Invalid(String),
    /// Related with valid data.
    Ready(IngressRequirer),
}

impl IngressRelation {
    /// Whether the `gateway` endpoint has a relation at all.
    pub fn is_related(&self) -> bool {
        !matches!(self, IngressRelation::NotRelated)
    }
}
