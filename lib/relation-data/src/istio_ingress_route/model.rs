//! The library's pydantic models as Rust types. Field order is declaration order, which is the
//! order `model_dump_json` writes; `Serialize` reproduces that JSON exactly.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every wire spelling, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($wire),+];
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                Self::NAMES[self as usize]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

wire_enum!(
    /// `ProtocolType`: the application protocol of a listener.
    Protocol {
        /// `HTTP`.
        Http = "HTTP",
        /// `GRPC` (HTTP/2; still an `HTTP`/`HTTPS` Gateway listener).
        Grpc = "GRPC",
    }
);

wire_enum!(
    /// `HTTPMethod`: the methods an HTTP route may match.
    HttpMethod {
        /// `GET`.
        Get = "GET",
        /// `POST`.
        Post = "POST",
        /// `PUT`.
        Put = "PUT",
        /// `DELETE`.
        Delete = "DELETE",
        /// `PATCH`.
        Patch = "PATCH",
        /// `HEAD`.
        Head = "HEAD",
        /// `OPTIONS`.
        Options = "OPTIONS",
        /// `CONNECT`.
        Connect = "CONNECT",
        /// `TRACE`.
        Trace = "TRACE",
    }
);

wire_enum!(
    /// `HTTPPathMatchType`.
    PathMatchType {
        /// The whole path equals the value.
        Exact = "Exact",
        /// The path starts with the value, element-wise (Gateway API semantics).
        PathPrefix = "PathPrefix",
        /// The value is a regular expression (not checked by the library).
        RegularExpression = "RegularExpression",
    }
);

wire_enum!(
    /// `PathModifierType`: how a URLRewrite or RequestRedirect changes the path.
    PathModifierType {
        /// Replace the whole path.
        ReplaceFullPath = "ReplaceFullPath",
        /// Replace the part matched by a `PathPrefix` match.
        ReplacePrefixMatch = "ReplacePrefixMatch",
    }
);

/// `Listener`: a Gateway port the requirer wants, with its application protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Listener {
    /// 1..=65535.
    pub port: u16,
    /// `HTTP` or `GRPC`.
    pub protocol: Protocol,
}

/// `BackendRef`: a Service in the requirer's model.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct BackendRef {
    /// Service name (not validated by the library).
    pub service: String,
    /// 1..=65535.
    pub port: u16,
    /// Traffic weight, 1..=100; `None` writes `null`.
    pub weight: Option<u8>,
}

/// `HTTPPathMatch`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct HttpPathMatch {
    /// Defaults to `PathPrefix` when the bag omits it.
    #[serde(rename = "type")]
    pub match_type: PathMatchType,
    /// The path or regular expression (not validated by the library).
    pub value: String,
}

/// Header matches (`dict[str, str]`): exact-value matches, names unique, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct HeaderMatches(Vec<(String, String)>);

impl HeaderMatches {
    /// No header match (`{}`, which is not the same as `null`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Set `name` to `value` as a Python `dict` would: a known name keeps its place.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The value for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Number of header matches.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for HeaderMatches {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        let mut headers = Self::new();
        for (name, value) in iter {
            headers.insert(name, value);
        }
        headers
    }
}

impl Serialize for HeaderMatches {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// `HTTPRouteMatch`: every field optional; all given ones must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct HttpRouteMatch {
    /// Header matches.
    pub headers: Option<HeaderMatches>,
    /// Path match.
    pub path: Option<HttpPathMatch>,
    /// Method match.
    pub method: Option<HttpMethod>,
}

/// `GRPCMethodMatch`: `/service/method`, or every method of `service`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct GrpcMethodMatch {
    /// e.g. `package.Service` (not validated by the library).
    pub service: String,
    /// e.g. `GetUser`; `None` matches every method of the service.
    pub method: Option<String>,
}

/// `GRPCRouteMatch`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct GrpcRouteMatch {
    /// Header matches.
    pub headers: Option<HeaderMatches>,
    /// Method match.
    pub method: Option<GrpcMethodMatch>,
}

/// `PathModifier`, written Gateway-API style: `{"type": …, "replaceFullPath"|"replacePrefixMatch": value}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathModifier {
    /// Which replacement.
    pub modifier_type: PathModifierType,
    /// The replacement path (not validated by the library).
    pub value: String,
}

impl Serialize for PathModifier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The library's `model_serializer` names the value after the type.
        let mut map = s.serialize_struct("PathModifier", 2)?;
        map.serialize_field("type", &self.modifier_type)?;
        match self.modifier_type {
            PathModifierType::ReplaceFullPath => {
                map.serialize_field("replaceFullPath", &self.value)
            }
            PathModifierType::ReplacePrefixMatch => {
                map.serialize_field("replacePrefixMatch", &self.value)
            }
        }?;
        map.end()
    }
}

/// `URLRewriteSpec`. The library's docstring asks for a hostname or a path but does not check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct UrlRewrite {
    /// Host to rewrite to (not validated).
    pub hostname: Option<String>,
    /// Path rewrite.
    pub path: Option<PathModifier>,
}

/// `RequestRedirectSpec`. No field is validated beyond its type, except `port` (1..=65535).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RequestRedirect {
    /// Scheme (the library means `http`/`https` but accepts any string).
    pub scheme: Option<String>,
    /// Host to redirect to.
    pub hostname: Option<String>,
    /// Path change.
    pub path: Option<PathModifier>,
    /// Port to redirect to, 1..=65535.
    pub port: Option<u16>,
    /// Status code, any integer (default 301; Gateway API v1.6.1 only admits 301 and 302).
    #[serde(rename = "statusCode")]
    pub status_code: i64,
}

impl RequestRedirect {
    /// `statusCode` when the bag omits it.
    pub const DEFAULT_STATUS_CODE: i64 = 301;
}

impl Default for RequestRedirect {
    fn default() -> Self {
        Self {
            scheme: None,
            hostname: None,
            path: None,
            port: None,
            status_code: Self::DEFAULT_STATUS_CODE,
        }
    }
}

/// An HTTP route filter: `URLRewriteFilter | RequestRedirectFilter`, written as
/// `{"urlRewrite": {…}, "type": "URLRewrite"}` / `{"requestRedirect": {…}, "type": "RequestRedirect"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HttpRouteFilter {
    /// `URLRewrite`.
    UrlRewrite(UrlRewrite),
    /// `RequestRedirect`.
    RequestRedirect(RequestRedirect),
}

impl Serialize for HttpRouteFilter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::UrlRewrite(spec) => serialize_filter(s, "urlRewrite", spec, "URLRewrite"),
            Self::RequestRedirect(spec) => redirect_filter(spec, s),
        }
    }
}

fn serialize_filter<S: Serializer, T: Serialize>(
    s: S,
    member: &'static str,
    spec: &T,
    filter_type: &'static str,
) -> Result<S::Ok, S::Error> {
    // `type` is a pydantic computed field: written after the declared one, ignored on input.
    let mut map = s.serialize_struct("Filter", 2)?;
    map.serialize_field(member, spec)?;
    map.serialize_field("type", filter_type)?;
    map.end()
}

fn redirect_filter<S: Serializer>(spec: &RequestRedirect, s: S) -> Result<S::Ok, S::Error> {
    serialize_filter(s, "requestRedirect", spec, "RequestRedirect")
}

/// `HTTPRoute`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct HttpRoute {
    /// Route name (not validated by the library; may be empty).
    pub name: String,
    /// The listener, repeated in full (the library does not check it is in `listeners`).
    pub listener: Listener,
    /// Backends (may be empty).
    pub backends: Vec<BackendRef>,
    /// Hostnames to match (not validated; `None` and `[]` are written differently).
    pub hostnames: Option<Vec<String>>,
    /// Matches (any of them).
    pub matches: Option<Vec<HttpRouteMatch>>,
    /// Filters (absent in LIBPATCH-2 bags, read as `None`).
    pub filters: Option<Vec<HttpRouteFilter>>,
}

/// `GRPCRoute`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct GrpcRoute {
    /// Route name (not validated by the library; may be empty).
    pub name: String,
    /// The listener, repeated in full (the library does not check it is in `listeners`).
    pub listener: Listener,
    /// Backends (may be empty).
    pub backends: Vec<BackendRef>,
    /// Hostnames to match (not validated).
    pub hostnames: Option<Vec<String>>,
    /// Matches (any of them).
    pub matches: Option<Vec<GrpcRouteMatch>>,
    /// `RequestRedirect` filters, the only kind the library allows here. Gateway API v1.6.1
    /// `GRPCRoute` has no such filter, so a provider cannot serve these as written and must
    /// say so rather than drop them.
    #[serde(serialize_with = "redirect_filters")]
    pub filters: Option<Vec<RequestRedirect>>,
}

fn redirect_filters<S: Serializer>(
    filters: &Option<Vec<RequestRedirect>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    struct Filter<'a>(&'a RequestRedirect);
    impl Serialize for Filter<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            redirect_filter(self.0, s)
        }
    }
    match filters {
        None => s.serialize_none(),
        Some(filters) => {
            let mut seq = s.serialize_seq(Some(filters.len()))?;
            for filter in filters {
                seq.serialize_element(&Filter(filter))?;
            }
            seq.end()
        }
    }
}

/// `IstioIngressRouteConfig`: the whole request, the `config` key of the requirer app bag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IstioIngressRouteRequest {
    /// The requirer's model: the namespace its Services live in (not validated by the library).
    pub model: String,
    /// Listeners requested (default empty).
    pub listeners: Vec<Listener>,
    /// HTTP routes (default empty).
    pub http_routes: Vec<HttpRoute>,
    /// gRPC routes (default empty).
    pub grpc_routes: Vec<GrpcRoute>,
}
