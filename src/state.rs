//! Validated facts the plan is computed from.
//!
//! [`CharmState::build`] takes everything gather read ([`Inputs`]) and applies the Python
//! charm's validation rules in its order; the first failing rule is the [`StateError`], whose
//! `Display` is the Blocked status message.

mod gateway_address;
mod gateway_route;
mod ingress;
mod targets;
mod tls;

use std::collections::BTreeSet;

use juju_hook::Status;
use serde_json::{Map, Value};

use crate::config::{CharmConfig, ConfigError};

pub use gateway_address::GatewayAddress;
pub use gateway_route::{
    GatewayRouteIssue, GatewayRouteRelations, GatewayRouteRequirer, GatewayRouteResolution,
    MAX_GATEWAY_LISTENERS, MAX_ROUTE_HOSTNAMES, MAX_ROUTE_PATHS, RouteRequest, ServedRoute,
};
pub use ingress::{IngressRelation, IngressRequirer};
pub use targets::certificate_targets;
pub use tls::{CertificateTarget, CertificatesInput, TlsMaterial, TlsState};

/// Everything read during one hook, unvalidated except for what the relation layer checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// This application's name (names the Gateway and prefixes every object).
    pub app_name: String,
    /// The model name, which is the Kubernetes namespace of every object.
    pub model_name: String,
    /// `config-get --format=json`.
    pub config: Map<String, Value>,
    /// Names of the GatewayClasses in the cluster.
    pub gateway_classes: Vec<String>,
    /// The `gateway` (ingress) endpoint.
    pub ingress: IngressRelation,
    /// The `gateway-route` endpoint.
    pub gateway_route: GatewayRouteRelations,
    /// The `certificates` endpoint and the certificates issued on it.
    pub certificates: CertificatesInput,
    /// The Gateway's reported address.
    pub gateway_address: GatewayAddress,
}

/// Which relation drives the routing (mutually exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An ingress requirer is related: the charm creates its Service and HTTPRoutes.
    Ingress,
    /// gateway-route requirers are related: they create their own routes.
    GatewayRoute,
    /// Neither: only the Gateway (with `external-hostname`'s listeners and TLS Secret, so the
    /// first application related is served over HTTPS at once) exists.
    Inactive,
}

/// A rule the inputs break. `Display` is the exact Blocked message of the Python charm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// The configuration cannot be parsed or validated.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `enforce-https` without a `certificates` relation.
    #[error("Certificates relation is needed if enforce-https is enabled.")]
    CertificatesRelationMissing,
    /// Both `gateway` (ingress) and `gateway-route` are related.
    #[error("Both Ingress and Gateway Route integrations are established. Only one is allowed.")]
    IngressAndGatewayRoute,
    /// `external-hostname` set while in gateway-route mode.
    #[error(
        "external-hostname must only be set when related via ingress, not when integrating via gateway-route."
    )]
    ExternalHostnameInGatewayRouteMode,
    /// `gateway-class` is unset or not a GatewayClass of the cluster.
    #[error("Gateway class must be one of: [{}]", available.join(","))]
    GatewayClassUnavailable {
        /// The GatewayClasses the cluster has.
        available: Vec<String>,
    },
    /// Ingress mode with certificates but no `external-hostname`.
    #[error("external-hostname must be set in when related to ingress and certificates")]
    ExternalHostnameMissing,
    /// The ingress requirer's data failed validation.
    #[error("Validation of ingress relation data failed.")]
    InvalidIngressData {
        /// Why (for the log, not the status).
        reason: String,
    },
}

impl StateError {
    /// The status to set: always Blocked with the error's message.
    pub fn status(&self) -> Status {
        Status::Blocked(self.to_string())
    }
}

/// Validated facts for one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharmState {
    /// This application's name: the Gateway's name and the `managed-by` label value.
    pub app_name: String,
    /// The namespace of every object (the model name).
    pub namespace: String,
    /// The validated configuration.
    pub config: CharmConfig,
    /// The GatewayClass, known to exist in the cluster.
    pub gateway_class: String,
    /// Which relation drives routing.
    pub mode: Mode,
    /// Hostnames served: `external-hostname` in ingress and inactive mode, the requirers'
    /// hostnames in gateway-route mode.
    pub hostnames: BTreeSet<String>,
    /// The ingress requirer, in ingress mode once its data is valid.
    pub ingress: Option<IngressRequirer>,
    /// Valid gateway-route requirers (gateway-route mode only).
    pub gateway_route_requirers: Vec<GatewayRouteRequirer>,
    /// ISD259 requirers the integrator routes to (gateway-route mode only).
    pub gateway_routes: Vec<ServedRoute>,
    /// gateway-route requests left out (conflicts, listener limit), named in the status.
    pub gateway_route_issues: Vec<GatewayRouteIssue>,
    /// Whether the `certificates` relation exists.
    pub certificates_related: bool,
    /// Whether a certificate for the gateway IP is needed (certificates related, gateway-route
    /// mode, and a requirer with no hostname at all).
    pub requires_ip_certificate: bool,
    /// TLS material for the certificate targets, all or nothing.
    pub tls: TlsState,
    /// The Gateway's address.
    pub gateway_address: GatewayAddress,
}

impl CharmState {
    /// Validate `inputs` with the Python charm's rules, in its order (after parsing config):
    /// enforce-https needs certificates; ingress and gateway-route exclude each other;
    /// no external-hostname in gateway-route mode; the GatewayClass must exist; ingress with
    /// certificates needs external-hostname; ingress data must be valid.
    pub fn build(inputs: &Inputs) -> Result<CharmState, StateError> {
        let config = CharmConfig::from_juju(&inputs.config)?;
        let certificates_related = inputs.certificates.related;

        if config.enforce_https && !certificates_related {
            return Err(StateError::CertificatesRelationMissing);
        }
        let mode = match (
            inputs.ingress.is_related(),
            inputs.gateway_route.is_related(),
        ) {
            (true, true) => return Err(StateError::IngressAndGatewayRoute),
            (true, false) => Mode::Ingress,
            (false, true) => Mode::GatewayRoute,
            (false, false) => Mode::Inactive,
        };
        if mode == Mode::GatewayRoute && config.external_hostname.is_some() {
            return Err(StateError::ExternalHostnameInGatewayRouteMode);
        }
        let gateway_class = match &config.gateway_class {
            Some(class) if inputs.gateway_classes.contains(class) => class.clone(),
            _ => {
                return Err(StateError::GatewayClassUnavailable {
                    available: inputs.gateway_classes.clone(),
                });
            }
        };
        if mode == Mode::Ingress && certificates_related && config.external_hostname.is_none() {
            return Err(StateError::ExternalHostnameMissing);
        }
        let ingress = match (&inputs.ingress, mode) {
            (IngressRelation::Invalid(reason), _) => {
                return Err(StateError::InvalidIngressData {
                    reason: reason.clone(),
                });
            }
            (IngressRelation::Ready(requirer), Mode::Ingress) => Some(requirer.clone()),
            _ => None,
        };

        let gateway_route_requirers = match mode {
            Mode::GatewayRoute => inputs.gateway_route.requirers.clone(),
            _ => Vec::new(),
        };
        let requires_ip_certificate = certificates_related
            && mode == Mode::GatewayRoute
            && gateway_route_requirers
                .iter()
                .any(|requirer| requirer.hostnames().next().is_none());
        let resolution = match mode {
            Mode::GatewayRoute => gateway_route::resolve(
                &gateway_route_requirers,
                certificates_related,
                requires_ip_certificate,
            ),
            _ => GatewayRouteResolution::default(),
        };
        let hostnames: BTreeSet<String> = match mode {
            Mode::Ingress | Mode::Inactive => config.external_hostname.iter().cloned().collect(),
            Mode::GatewayRoute => resolution.hostnames,
        };

        let mut state = CharmState {
            app_name: inputs.app_name.clone(),
            namespace: inputs.model_name.clone(),
            config,
            gateway_class,
            mode,
            hostnames,
            ingress,
            gateway_route_requirers,
            gateway_routes: resolution.routes,
            gateway_route_issues: resolution.issues,
            certificates_related,
            requires_ip_certificate,
            tls: TlsState::NotRelated,
            gateway_address: inputs.gateway_address.clone(),
        };
        state.tls = TlsState::resolve(&inputs.certificates, &state.certificate_targets());
        Ok(state)
    }

    /// The certificates to request: one per hostname (sorted), plus the gateway IP when
    /// [`requires_ip_certificate`](Self::requires_ip_certificate) and the address is known.
    /// Empty without a `certificates` relation.
    pub fn certificate_targets(&self) -> BTreeSet<CertificateTarget> {
        if !self.certificates_related {
            return BTreeSet::new();
        }
        let mut targets: BTreeSet<CertificateTarget> = self
            .hostnames
            .iter()
            .cloned()
            .map(CertificateTarget::Dns)
            .collect();
        if self.requires_ip_certificate
            && let Some(address) = self.gateway_address.ready()
        {
            targets.insert(CertificateTarget::Ip(address.into()));
        }
        targets
    }
}

#[cfg(test)]
mod tests;
