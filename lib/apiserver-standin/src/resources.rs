//! The resources the stand-in serves.

/// One served resource type (all at version `v1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// API group, `""` for core.
    pub group: &'static str,
    /// `kind` of one object.
    pub kind: &'static str,
    /// Plural name used in paths.
    pub plural: &'static str,
    /// Whether objects live in a namespace.
    pub namespaced: bool,
}

/// Every resource the stand-in serves.
pub const RESOURCES: [Resource; 6] = [
    Resource {
        group: "",
        kind: "Service",
        plural: "services",
        namespaced: true,
    },
    Resource {
        group: "",
        kind: "Secret",
        plural: "secrets",
        namespaced: true,
    },
    Resource {
        group: GATEWAY_GROUP,
        kind: "Gateway",
        plural: "gateways",
        namespaced: true,
    },
    Resource {
        group: GATEWAY_GROUP,
        kind: "HTTPRoute",
        plural: "httproutes",
        namespaced: true,
    },
    Resource {
        group: "discovery.k8s.io",
        kind: "EndpointSlice",
        plural: "endpointslices",
        namespaced: true,
    },
    Resource {
        group: GATEWAY_GROUP,
        kind: "GatewayClass",
        plural: "gatewayclasses",
        namespaced: false,
    },
];

/// The Gateway API group.
pub const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

impl Resource {
    /// The resource served under `group` with name `plural`.
    pub fn find(group: &str, plural: &str) -> Option<Resource> {
        RESOURCES
            .into_iter()
            .find(|r| r.group == group && r.plural == plural)
    }

    /// `apiVersion` of its objects.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            "v1".to_owned()
        } else {
            format!("{}/v1", self.group)
        }
    }

    /// `plural.group` (just `plural` for core), as the server names it in messages.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_owned()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `Kind.group` (just `Kind` for core), as used in "is invalid" messages.
    pub fn qualified_kind(&self) -> String {
        if self.group.is_empty() {
            self.kind.to_owned()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }
}
