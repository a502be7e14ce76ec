//! The Kubernetes kinds the charm manages.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A namespaced kind the charm creates, reads or deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// `gateway.networking.k8s.io/v1` Gateway: one, named after the application.
    Gateway,
    /// `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute,
    /// `v1` Service.
    Service,
    /// `v1` Secret (TLS).
    Secret,
    /// `discovery.k8s.io/v1`: the endpoints of a selector-less Service (cross-model backends).
    EndpointSlice,
    /// `gateway.networking.k8s.io/v1` GRPCRoute (istio-ingress-route requirers).
    GrpcRoute,
    /// `gateway.networking.k8s.io/v1beta1` ReferenceGrant: placed in a requirer's namespace so
    /// our routes may reference its Services.
    ReferenceGrant,
    /// `gateway.networking.k8s.io/v1` ListenerSet: listeners past the Gateway's 64.
    ListenerSet,
    /// `gateway.networking.k8s.io/v1` BackendTLSPolicy: TLS from the Gateway to a backend.
    BackendTlsPolicy,
    /// `v1` ConfigMap (CA certificates for BackendTLSPolicies).
    ConfigMap,
}

/// How a kind is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Whole objects: the charm reads their `status` (the controller's verdict, the address).
    Full,
    /// Metadata only (`PartialObjectMetadataList`): names, labels, annotations and
    /// `managedFields` are all the charm needs, and a Secret's data never leaves the server.
    Metadata,
}

impl Kind {
    /// Every managed kind, in the order stale objects are deleted (routes before what they use).
    pub const ALL: [Kind; 10] = [
        Kind::HttpRoute,
        Kind::GrpcRoute,
        Kind::ReferenceGrant,
        Kind::BackendTlsPolicy,
        Kind::ListenerSet,
        Kind::EndpointSlice,
        Kind::Service,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::Gateway,
    ];

    /// The kinds a reconcile lists when no Gateway of the charm's records what it holds (and
    /// the kinds `remove` always lists); every cluster serves them. The others are optional:
    /// listed only when the Gateway records that the charm has objects of them, or when one is
    /// wanted, so a cluster whose Gateway API predates a kind never sees a request for it
    /// unless it is needed.
    pub const CORE: [Kind; 5] = [
        Kind::HttpRoute,
        Kind::EndpointSlice,
        Kind::Service,
        Kind::Secret,
        Kind::Gateway,
    ];

    /// Whether this kind is one of [`Kind::CORE`].
    pub fn is_core(self) -> bool {
        Kind::CORE.contains(&self)
    }

    /// How the kind is listed.
    pub fn listing(self) -> Listing {
        match self {
            Kind::Gateway | Kind::HttpRoute | Kind::GrpcRoute | Kind::ListenerSet => Listing::Full,
            _ => Listing::Metadata,
        }
    }

    /// Whether the charm places objects of this kind in other namespaces (requirers'), so it
    /// lists them in every namespace.
    pub fn in_other_namespaces(self) -> bool {
        self == Kind::ReferenceGrant
    }

    /// The API group (`""` for core).
    pub fn group(self) -> &'static str {
        match self {
            Kind::Gateway
            | Kind::HttpRoute
            | Kind::GrpcRoute
            | Kind::ReferenceGrant
            | Kind::ListenerSet
            | Kind::BackendTlsPolicy => "gateway.networking.k8s.io",
            Kind::EndpointSlice => "discovery.k8s.io",
            Kind::Service | Kind::Secret | Kind::ConfigMap => "",
        }
    }

    /// The API version (without group).
    pub fn version(self) -> &'static str {
        match self {
            Kind::ReferenceGrant => "v1beta1",
            _ => "v1",
        }
    }

    /// `apiVersion` as written in objects.
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Gateway
            | Kind::HttpRoute
            | Kind::GrpcRoute
            | Kind::ListenerSet
            | Kind::BackendTlsPolicy => "gateway.networking.k8s.io/v1",
            Kind::ReferenceGrant => "gateway.networking.k8s.io/v1beta1",
            Kind::EndpointSlice => "discovery.k8s.io/v1",
            Kind::Service | Kind::Secret | Kind::ConfigMap => "v1",
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
            Kind::GrpcRoute => "GRPCRoute",
            Kind::ReferenceGrant => "ReferenceGrant",
            Kind::ListenerSet => "ListenerSet",
            Kind::BackendTlsPolicy => "BackendTLSPolicy",
            Kind::ConfigMap => "ConfigMap",
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
            Kind::GrpcRoute => "grpcroutes",
            Kind::ReferenceGrant => "referencegrants",
            Kind::ListenerSet => "listenersets",
            Kind::BackendTlsPolicy => "backendtlspolicies",
            Kind::ConfigMap => "configmaps",
        }
    }

    /// The kind named by an object's `kind` field.
    pub fn from_kind(kind: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.kind() == kind)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_core_kinds_come_first_in_nothing_but_order() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_kind(kind.kind()), Some(kind));
            assert!(kind.api_version().ends_with(kind.version()));
            assert!(kind.api_version().starts_with(kind.group()));
        }
        assert_eq!(Kind::from_kind("Pod"), None);
        assert!(Kind::CORE.iter().all(|kind| Kind::ALL.contains(kind)));
        // Routes are deleted before what they use, the Gateway last.
        assert_eq!(Kind::ALL[0], Kind::HttpRoute);
        assert_eq!(Kind::ALL[9], Kind::Gateway);
    }
}
