//! Validated facts the plan is computed from.
//!
//! [`CharmState::build`] takes everything gather read ([`Inputs`]) and applies the validation
//! rules in order; the first failing rule is the [`StateError`], whose `Display` is the Blocked
//! status message. Every interface is served at once: the claims of ingress applications and
//! gateway-route requirers are settled by [`routing::resolve`].

mod backend_tls;
mod certificate_source;
mod claims;
mod gateway_address;
mod gateway_route;
mod https;
mod ingress;
mod istio_claim;
mod istio_route;
mod operator_secret;
mod participant;
pub mod routing;
mod routing_issue;
mod targets;
mod tls;

use std::collections::{BTreeMap, BTreeSet};

use juju_hook::Status;
use serde_json::{Map, Value};

use crate::config::{CharmConfig, ConfigError, RoutingMode};

pub use backend_tls::{BackendCaInput, BackendTls};
pub use certificate_source::{ServedCertificate, Source, Sources, cert_manager_secret};
pub use gateway_address::{Address, GatewayAddress};
pub use gateway_route::{
    GatewayRouteRelations, GatewayRouteRequirer, MAX_GATEWAY_LISTENERS, MAX_ROUTE_HOSTNAMES,
    MAX_ROUTE_PATHS, RouteRequest, ServedRoute,
};
pub use ingress::{IngressRelation, IngressRequirer, IngressUnit, ServedIngress};
pub use istio_claim::IstioClaim;
pub use istio_route::IstioRouteRequirer;
pub use operator_secret::OperatorSecret;
pub use routing::{Routing, RoutingInputs, Subdomains};
pub use routing_issue::{RelationRef, RoutingIssue};
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
    /// The `gateway` (ingress) relations whose data is valid or not yet written, by id.
    pub ingress: Vec<IngressRelation>,
    /// The `gateway-route` endpoint.
    pub gateway_route: GatewayRouteRelations,
    /// The istio-ingress-route requirers whose data is valid, by id.
    pub istio: Vec<IstioRouteRequirer>,
    /// The `certificates` endpoint and the certificates issued on it.
    pub certificates: CertificatesInput,
    /// The Gateway's reported address.
    pub gateway_address: GatewayAddress,
    /// The `tls-secret-name` Secret, when that option is set: what it covers, or why it is
    /// unusable.
    pub tls_secret: Option<Result<OperatorSecret, TlsSecretError>>,
    /// Names of the namespace's Secrets that are not the charm's (cert-manager's, the
    /// operator's).
    pub foreign_secrets: BTreeSet<String>,
    /// The CA certificates the `receive-ca-cert` relations transferred.
    pub backend_ca: BackendCaInput,
    /// Whether the cluster answered BackendTLSPolicy's LIST with 404 (its Gateway API does
    /// not serve the kind).
    pub backend_tls_policy_not_served: bool,
}

/// Why the `tls-secret-name` Secret cannot serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSecretError {
    /// The Secret's name.
    pub name: String,
    /// What is wrong.
    pub reason: String,
}

impl Inputs {
    /// The ingress requirers whose data is complete and valid.
    pub fn ready_ingress(&self) -> Vec<IngressRequirer> {
        self.ingress
            .iter()
            .filter_map(|relation| match relation {
                IngressRelation::Ready(requirer) => Some(requirer.clone()),
                IngressRelation::AwaitingData { .. } => None,
            })
            .collect()
    }

    /// Whether something is served on the Gateway's address rather than a hostname, which
    /// then needs a certificate of its own: a valid v1 gateway-route requirer without hostname,
    /// or istio-ingress-route requirers without `external-hostname`.
    pub fn needs_ip_listener(&self, external_hostname: Option<&str>) -> bool {
        let hostless_v1 = self
            .gateway_route
            .requirers
            .iter()
            .any(|requirer| requirer.route.is_none() && requirer.hostnames().next().is_none());
        hostless_v1 || (!self.istio.is_empty() && external_hostname.is_none())
    }

    /// How ingress applications are served: on subdomains with `routing-mode=subdomain`, all
    /// under one wildcard listener when the operator's Secret covers
    /// `*.{external-hostname}`.
    pub fn subdomains(&self, config: &CharmConfig) -> Subdomains {
        let (RoutingMode::Subdomain, Some(external)) =
            (config.routing_mode, &config.external_hostname)
        else {
            return Subdomains::Off;
        };
        let wildcard = format!("*.{external}");
        match self.operator_secret() {
            Some(secret) if secret.dns_names.contains(&wildcard) => Subdomains::Wildcard,
            _ => Subdomains::PerApplication,
        }
    }

    /// The usable `tls-secret-name` Secret, if any.
    pub fn operator_secret(&self) -> Option<&OperatorSecret> {
        self.tls_secret
            .as_ref()
            .and_then(|secret| secret.as_ref().ok())
    }

    /// Whether the istio-ingress-route listeners serve HTTPS: there are requirers, and the
    /// certificate their listeners use — `external-hostname`'s, else the Gateway IP's — is
    /// there, from whatever source (see [`Sources`]).
    pub fn istio_tls(&self, app: &str, config: &CharmConfig) -> bool {
        if self.istio.is_empty() {
            return false;
        }
        let target = match (&config.external_hostname, self.gateway_address.ip()) {
            (Some(hostname), _) => CertificateTarget::Dns(hostname.clone()),
            (None, Some(ip)) => CertificateTarget::Ip(ip),
            (None, None) => return false,
        };
        let common_name = target.common_name();
        let operator = self.operator_secret();
        let sources = Sources::resolve(app, config, operator, &self.foreign_secrets, [target]);
        match sources.external.get(&common_name) {
            Some(served) => served.ready,
            None => {
                self.certificates.related && self.certificates.issued.contains_key(&common_name)
            }
        }
    }
}

/// A rule the inputs break. `Display` is the exact Blocked message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// The configuration cannot be parsed or validated.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `enforce-https` without a `certificates` relation, `cert-manager-issuer` or
    /// `tls-secret-name`.
    #[error("Certificates relation is needed if enforce-https is enabled.")]
    CertificatesRelationMissing,
    /// The `tls-secret-name` Secret cannot serve.
    #[error("tls-secret-name {name}: {reason}")]
    TlsSecret {
        /// The Secret's name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// `gateway-class` is unset or not a GatewayClass of the cluster.
    #[error("Gateway class must be one of: [{}]", available.join(","))]
    GatewayClassUnavailable {
        /// The GatewayClasses the cluster has.
        available: Vec<String>,
    },
    /// Ingress applications with certificates but no `external-hostname`.
    #[error("external-hostname must be set in when related to ingress and certificates")]
    ExternalHostnameMissing,
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
    /// Who is served, on which listeners, and what is left out.
    pub routing: Routing,
    /// `gateway` relations whose requirer has not written its data yet, by id.
    pub awaiting_ingress: Vec<u64>,
    /// Whether the `certificates` relation exists.
    pub certificates_related: bool,
    /// Whether a certificate for the Gateway's IP is needed (certificates related and a v1
    /// gateway-route requirer without hostname).
    pub requires_ip_certificate: bool,
    /// TLS material for the certificate targets.
    pub tls: TlsState,
    /// The Gateway's address.
    pub gateway_address: GatewayAddress,
    /// The certificates the operator's Secret or cert-manager serve, by common name.
    pub external_certificates: BTreeMap<String, ServedCertificate>,
    /// The certificate targets left to the `certificates` relation.
    pub relation_targets: BTreeSet<CertificateTarget>,
    /// How HTTPS backends are validated.
    pub backend_tls: BackendTls,
}

impl CharmState {
    /// Validate `inputs`, in order: the configuration parses; `enforce-https` needs
    /// certificates; the GatewayClass exists; ingress applications with certificates need
    /// `external-hostname`. Then settle who is served ([`routing::resolve`]).
    pub fn build(inputs: &Inputs) -> Result<CharmState, StateError> {
        let config = CharmConfig::from_juju(&inputs.config)?;
        let certificates_related = inputs.certificates.related;
        if let Some(Err(error)) = &inputs.tls_secret {
            return Err(StateError::TlsSecret {
                name: error.name.clone(),
                reason: error.reason.clone(),
            });
        }
        let other_source = config.cert_manager_issuer.is_some() || config.tls_secret_name.is_some();
        if config.enforce_https && !certificates_related && !other_source {
            return Err(StateError::CertificatesRelationMissing);
        }
        let gateway_class = match &config.gateway_class {
            Some(class) if inputs.gateway_classes.contains(class) => class.clone(),
            _ => {
                return Err(StateError::GatewayClassUnavailable {
                    available: inputs.gateway_classes.clone(),
                });
            }
        };
        if !inputs.ingress.is_empty() && certificates_related && config.external_hostname.is_none()
        {
            return Err(StateError::ExternalHostnameMissing);
        }
        let external_hostname = config.external_hostname.as_deref();
        let requires_ip_certificate =
            certificates_related && inputs.needs_ip_listener(external_hostname);
        let istio_tls = inputs.istio_tls(&inputs.app_name, &config);
        let ingress = inputs.ready_ingress();
        let routing = routing::resolve(&RoutingInputs {
            model: &inputs.model_name,
            external_hostname: config.external_hostname.as_deref(),
            ingress: &ingress,
            gateway_route: &inputs.gateway_route.requirers,
            certificates_related,
            ip_listener: requires_ip_certificate,
            istio: &inputs.istio,
            istio_tls,
            subdomains: inputs.subdomains(&config),
        });
        let awaiting_ingress = inputs
            .ingress
            .iter()
            .filter_map(|relation| match relation {
                IngressRelation::AwaitingData { relation_id } => Some(*relation_id),
                IngressRelation::Ready(_) => None,
            })
            .collect();
        let mut state = CharmState {
            app_name: inputs.app_name.clone(),
            namespace: inputs.model_name.clone(),
            config,
            gateway_class,
            routing,
            awaiting_ingress,
            certificates_related,
            requires_ip_certificate,
            tls: TlsState::NotRelated,
            gateway_address: inputs.gateway_address.clone(),
            external_certificates: BTreeMap::new(),
            relation_targets: BTreeSet::new(),
            backend_tls: BackendTls {
                ca_certificates: inputs.backend_ca.certificates.clone(),
                policy_served: !inputs.backend_tls_policy_not_served,
            },
        };
        let sources = Sources::resolve(
            &state.app_name,
            &state.config,
            inputs.operator_secret(),
            &inputs.foreign_secrets,
            state.all_targets(),
        );
        state.external_certificates = sources.external;
        state.relation_targets = sources.relation;
        state.tls = TlsState::resolve(&inputs.certificates, &state.certificate_targets());
        Ok(state)
    }
}

#[cfg(test)]
mod tests;
