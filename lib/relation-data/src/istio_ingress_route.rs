//! `istio_ingress_route`: rich routing requests (listeners, HTTP and gRPC routes, matches,
//! filters, weighted backends), as spoken by charmlibs-interfaces-istio-ingress-route 1.0.2
//! (the PyPI successor of the Charmhub library `istio_ingress_k8s.v0.istio_ingress_route`).
//!
//! - **Requirer** app bag: one key, `config`, holding `IstioIngressRouteConfig.model_dump_json()`
//!   — compact pydantic JSON (no spaces, non-ASCII unescaped, `null` for unset fields, every
//!   field written). [`IstioIngressRouteRequest::read`] applies the library's validation
//!   exactly as `IstioIngressRouteProvider.get_config` does (pydantic's lax JSON mode included,
//!   see the `json` submodule); [`IstioIngressRouteRequest::to_databag`] writes the library's
//!   bytes. LIBPATCH-2 bags (Charmhub library, no `filters`) read the same, with
//!   `filters: None`.
//! - **Provider** app bag: `external_host` (raw text, **not** JSON) and `tls_enabled` (the
//!   Python `str(bool)`: `"True"` / `"False"`). See [`IstioIngressRouteProviderData`].
//!
//! What the library does **not** check, and a provider therefore must: `model`, route names,
//! service names, hostnames, header names, path values and regular expressions are any
//! strings (empty included); a route's `listener` need not be in `listeners`; `backends` may be
//! empty; `statusCode` is any integer; `scheme` any string; a gRPC route may carry
//! `RequestRedirect` filters, which Gateway API v1.6.1 `GRPCRoute` cannot express.
//!
//! Known divergences from pydantic, all on input the library itself never writes: a
//! `statusCode` outside the `i64` range is rejected (Python ints are unbounded); `NaN`,
//! `Infinity` and numbers beyond `f64` are invalid JSON here even in ignored members; nesting
//! deeper than 128 levels is rejected (pydantic allows about 200); values over
//! [`MAX_VALUE_LEN`] bytes are rejected.

pub(crate) mod json; // also the pydantic rules of `certificate_transfer`
mod model;
mod parse;

use std::fmt;

pub use model::{
    BackendRef, GrpcMethodMatch, GrpcRoute, GrpcRouteMatch, HeaderMatches, HttpMethod,
    HttpPathMatch, HttpRoute, HttpRouteFilter, HttpRouteMatch, IstioIngressRouteRequest, Listener,
    PathMatchType, PathModifier, PathModifierType, Protocol, RequestRedirect, UrlRewrite,
};

use crate::databag::{Databag, MAX_VALUE_LEN};
use crate::error::{BagOwner, Reason, RelationDataError, ValueError};

/// The Gateway API listener protocol a route listener becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GatewayProtocol {
    /// `HTTP` (gRPC in cleartext is h2c on an `HTTP` listener).
    Http,
    /// `HTTPS` (TLS terminated at the Gateway).
    Https,
}

impl GatewayProtocol {
    /// `"HTTP"` or `"HTTPS"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "HTTP",
            Self::Https => "HTTPS",
        }
    }
}

impl fmt::Display for GatewayProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The library's `to_gateway_protocol`: `HTTPS` when TLS is enabled, else `HTTP`, for HTTP and
/// gRPC alike (the route kind, not the listener, tells them apart).
pub fn to_gateway_protocol(protocol: Protocol, tls_enabled: bool) -> GatewayProtocol {
    // Exhaustive on purpose: an L4 protocol (the library's TODO) would need its own mapping.
    match (protocol, tls_enabled) {
        (Protocol::Http | Protocol::Grpc, true) => GatewayProtocol::Https,
        (Protocol::Http | Protocol::Grpc, false) => GatewayProtocol::Http,
    }
}

impl Listener {
    /// The library's `Listener.name`: `{protocol lowercased}-{port}`, e.g. `http-8080`,
    /// `grpc-9090`.
    pub fn name(&self) -> String {
        format!(
            "{}-{}",
            self.protocol.as_str().to_ascii_lowercase(),
            self.port
        )
    }

    /// [`to_gateway_protocol`] for this listener.
    pub fn gateway_protocol(&self, tls_enabled: bool) -> GatewayProtocol {
        to_gateway_protocol(self.protocol, tls_enabled)
    }
}

impl GrpcRoute {
    /// Whether this route carries a `RequestRedirect` filter (which a Gateway API v1.6.1
    /// `GRPCRoute` cannot express).
    pub fn has_request_redirect(&self) -> bool {
        self.filters.as_ref().is_some_and(|f| !f.is_empty())
    }
}

impl IstioIngressRouteRequest {
    /// The only key a requirer writes.
    pub const KEYS: &'static [&'static str] = &["config"];

    /// A request for `model` with nothing in it (what `IstioIngressRouteConfig(model=…)` is).
    pub fn new(model: impl Into<String>) -> Self {
        Self {
            model: model.into(),
            listeners: Vec::new(),
            http_routes: Vec::new(),
            grpc_routes: Vec::new(),
        }
    }

    /// Read the requirer app bag. `Ok(None)` when `config` is absent or empty (the library's
    /// `get_config` returns `None` then, without an error); an invalid `config` is an error
    /// whose key is the path of the first fault, e.g. `config.http_routes[0].backends[1].weight`
    /// (where the library logs and returns `None`). Other keys are ignored.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let text = match bag.get("config") {
            None => return Ok(None),
            Some(text) if text.is_empty() => return Ok(None),
            Some(text) => text,
        };
        let error = |fault: ValueError| RelationDataError {
            relation: relation.to_string(),
            owner: BagOwner::App,
            key: format!("config{}", fault.path),
            reason: fault.reason,
        };
        if text.len() > MAX_VALUE_LEN {
            return Err(error(Reason::TooLong { max: MAX_VALUE_LEN }.into()));
        }
        let value: json::Json = serde_json::from_str(text)
            .map_err(|e| error(Reason::InvalidJson(e.to_string()).into()))?;
        parse::config(&value).map(Some).map_err(error)
    }

    /// `model_dump_json()`: the exact text the library writes under `config`.
    pub fn to_config_json(&self) -> String {
        serde_json::to_string(self).expect("serialising a request to JSON cannot fail")
    }

    /// The bag content as the library's `submit_config` writes it.
    pub fn to_databag(&self) -> Databag {
        Databag::from([("config".to_owned(), self.to_config_json())])
    }

    /// The `relation-set` change set (the single key is always written).
    pub fn to_changes(&self) -> Databag {
        self.to_databag()
    }

    /// The gRPC routes carrying `RequestRedirect` filters (see [`GrpcRoute::filters`]).
    pub fn grpc_routes_with_redirects(&self) -> impl Iterator<Item = &GrpcRoute> {
        self.grpc_routes.iter().filter(|r| r.has_request_redirect())
    }
}

/// The provider's answer, in its app bag: where the routes are served and whether over TLS.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IstioIngressRouteProviderData {
    /// Host (or address) clients use, without scheme or port; written raw.
    pub external_host: String,
    /// Whether the Gateway terminates TLS (written `"True"` / `"False"`).
    pub tls_enabled: bool,
}

impl IstioIngressRouteProviderData {
    /// Every key the provider owns, in the library's write order.
    pub const KEYS: &'static [&'static str] = &["external_host", "tls_enabled"];

    /// What the library's `update_ingress_address` writes: `external_host` raw and
    /// `tls_enabled` as `str(bool)`. As a change set, an empty `external_host` deletes the key,
    /// exactly as ops does for the library (the requirer then reports no host).
    pub fn to_databag(&self) -> Databag {
        let tls = if self.tls_enabled { "True" } else { "False" };
        Databag::from([
            ("external_host".to_owned(), self.external_host.clone()),
            ("tls_enabled".to_owned(), tls.to_owned()),
        ])
    }

    /// The `relation-set` change set (both keys are always written).
    pub fn to_changes(&self) -> Databag {
        self.to_databag()
    }

    /// The library's `wipe_ingress_data`: the change set deleting both keys.
    pub fn wipe() -> Databag {
        Self::KEYS
            .iter()
            .map(|key| ((*key).to_owned(), String::new()))
            .collect()
    }

    /// Read the provider app bag as the library's requirer does. `Ok(None)` when
    /// `external_host` is absent or empty (the requirer's `external_host` is then `""`);
    /// a missing `tls_enabled` means `false`. Unlike the requirer, which takes anything but
    /// `"True"` as `false`, any value other than `"True"` / `"False"` is an error here.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let error = |key: &str, reason: Reason| RelationDataError {
            relation: relation.to_string(),
            owner: BagOwner::App,
            key: key.to_owned(),
            reason,
        };
        let tls_enabled = match bag.get("tls_enabled").map(String::as_str) {
            None | Some("False") => false,
            Some("True") => true,
            Some(_) => {
                let allowed = &["True", "False"];
                return Err(error("tls_enabled", Reason::NotOneOf { allowed }));
            }
        };
        match bag.get("external_host") {
            None => Ok(None),
            Some(host) if host.is_empty() => Ok(None),
            Some(host) if host.len() > MAX_VALUE_LEN => Err(error(
                "external_host",
                Reason::TooLong { max: MAX_VALUE_LEN },
            )),
            Some(host) => Ok(Some(Self {
                external_host: host.clone(),
                tls_enabled,
            })),
        }
    }

    /// The URL the library's documentation tells requirers to build:
    /// `{https if tls_enabled else http}://{external_host}`.
    pub fn url(&self) -> String {
        let scheme = if self.tls_enabled { "https" } else { "http" };
        format!("{scheme}://{}", self.external_host)
    }
}
