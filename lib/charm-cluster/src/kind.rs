//! The Kubernetes kinds the charm manages.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A namespaced kind the charm creates, reads or deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    Gateway,
    HttpRoute,
    Service,
    Secret,
    /// `discovery.k8s.io/v1`: the endpoints of a selector-less Service (cross-model backends).
    EndpointSlice,
}

impl Kind {
    /// Every managed kind, in the order stale objects are deleted (routes before what they use).
    pub const ALL: [Kind; 5] = [
        Kind::HttpRoute,
        Kind::EndpointSlice,
        Kind::Service,
        Kind::Secret,
        Kind::Gateway,
    ];

    /// The API group (`""` for core).
    pub fn group(self) -> &'static str {
        match self {
            Kind::Gateway | Kind::HttpRoute => "gateway.networking.k8s.io",
            Kind::EndpointSlice => "discovery.k8s.io",
            Kind::Service | Kind::Secret => "",
        }
    }

    /// `apiVersion` as written in objects.
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Gateway | Kind::HttpRoute => "gateway.networking.k8s.io/v1",
            Kind::EndpointSlice => "discovery.k8s.io/v1",
            Kind::Service | Kind::Secret => "v1",
        }
    }

    /// `kind` as written in objects.
    pub fn kind(self) -> &'static str {
        match self {
            Kind::Gateway => "Gateway",
            Kind::HttpRoute => "HTTPRoute",
            Kind::Service => "Service",
            Kind::Secret => "Secret",
            Kind::EndpointSlice => "EndpointSlice",
        }
    }

    /// The plural resource name used in URLs.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Gateway => "gateways",
            Kind::HttpRoute => "httproutes",
            Kind::Service => "services",
            Kind::Secret => "secrets",
            Kind::EndpointSlice => "endpointslices",
        }
    }

    /// The kind named by an object's `kind` field.
    pub fn from_kind(kind: &str) -> Option<Kind> {
        Some(match kind {
            "Gateway" => Kind::Gateway,
            "HTTPRoute" => Kind::HttpRoute,
            "Service" => Kind::Service,
            "Secret" => Kind::Secret,
            "EndpointSlice" => Kind::EndpointSlice,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind())
    }
}
