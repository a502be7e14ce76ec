//! The pure decision: from config and the two relations' remote data, what the configurator
//! wants published (the ISD259 request, the workload's URL) and which status it shows.
//!
//! Checks run in this order and the first failing one decides the status: config, `ingress`
//! relation, the workload's data, same model, backend scheme, `gateway-route` relation, the
//! integrator's answer.

use juju_hook::{Databag, RelationId, Status};
use relation_data::gateway_route::{GatewayRouteV0Endpoints, GatewayRouteV0Request};
use relation_data::ingress::{IngressRequirerAppData, Scheme};
use relation_data::{Hostname, RelationDataError, Url};

use crate::config::{ConfigError, ConfiguratorConfig};
use crate::gather::Inputs;

/// Why the workload is not (yet) served. `Display` is the status message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Condition {
    /// The configuration is missing or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No workload is related.
    #[error("Missing 'ingress' relation: run `juju integrate {app}:ingress <workload>`")]
    MissingIngressRelation {
        /// This application's name.
        app: String,
    },
    /// The workload is related but has not sent its ingress request yet.
    #[error("Waiting for the workload's ingress data")]
    WaitingForWorkload,
    /// The workload's ingress request is malformed.
    #[error("Invalid ingress data from the workload: {0}")]
    InvalidIngressData(RelationDataError),
    /// The workload lives in another model (spec ISD259, "Cross-Model Relations").
    #[error(
        "Cross-model relations are not supported: the workload is in model '{workload_model}', \
         not '{model}'; deploy this charm in the workload's model"
    )]
    CrossModel {
        /// The model the workload says it is in.
        workload_model: String,
        /// This charm's model.
        model: String,
    },
    /// The workload's backend speaks a protocol gateway-route cannot route to.
    #[error(
        "The workload asks for backend scheme '{}', but gateway-route only routes to 'http' \
         backends",
        .0.as_str()
    )]
    UnsupportedScheme(Scheme),
    /// No integrator is related.
    #[error(
        "Missing 'gateway-route' relation: run `juju integrate {app}:gateway-route \
         gateway-api-integrator`"
    )]
    MissingGatewayRouteRelation {
        /// This application's name.
        app: String,
    },
    /// The request is published; the integrator has not answered with a URL for our hostname.
    #[error("Waiting for gateway route endpoints")]
    WaitingForEndpoints,
    /// The integrator's answer is malformed.
    #[error("Invalid gateway-route data from the integrator: {0}")]
    InvalidEndpoints(RelationDataError),
}

impl Condition {
    /// The status this condition shows: Waiting for what others will do by themselves, Blocked
    /// for what needs the operator.
    pub fn status(&self) -> Status {
        match self {
            Condition::WaitingForWorkload | Condition::WaitingForEndpoints => {
                Status::Waiting(self.to_string())
            }
            _ => Status::Blocked(self.to_string()),
        }
    }
}

/// What to do with the URL in the workload's `ingress` databag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlUpdate {
    /// Publish this URL.
    Publish(Url),
    /// Remove any URL.
    Withdraw,
    /// Leave the databag as it is: the request is changing in this hook and the integrator has
    /// not answered the new one yet (the old URL stays served until it does).
    Keep,
}

/// What this unit wants the world to look like after the hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desired {
    /// Our `gateway-route` application databag content; `None` withdraws the request.
    pub request: Option<GatewayRouteV0Request>,
    /// The workload's URL.
    pub url: UrlUpdate,
    /// The unit status.
    pub status: Status,
}

/// The facts of the hook the decision needs beyond [`Inputs`].
#[derive(Debug, Clone, Copy)]
pub struct Identity<'a> {
    /// This application's name (for operator hints).
    pub app: &'a str,
    /// This charm's model name (the workload must be in it).
    pub model: &'a str,
}

/// Decide. Pure. The integrator's answer is used when it was read (see
/// [`crate::gather::read_answer`]); when it was not, the URL is kept.
pub fn decide(inputs: &Inputs, identity: Identity<'_>) -> Desired {
    let request = match request(inputs, identity) {
        Ok(request) => request,
        Err(condition) => {
            return Desired {
                request: None,
                url: UrlUpdate::Withdraw,
                status: condition.status(),
            };
        }
    };
    let answer = inputs
        .gateway_route
        .as_ref()
        .and_then(|relation| Some((&relation.id, relation.remote_app_data.as_ref()?)));
    let (url, status) = match answer {
        None => (UrlUpdate::Keep, Condition::WaitingForEndpoints.status()),
        Some((id, bag)) => match url_for(id, bag, &request) {
            Ok(url) => {
                let status = Status::Active(format!("Serving {url}"));
                (UrlUpdate::Publish(url), status)
            }
            Err(condition) => (UrlUpdate::Withdraw, condition.status()),
        },
    };
    Desired {
        request: Some(request),
        url,
        status,
    }
}

/// The ISD259 request: config plus the workload's model, application and port, or the first
/// condition that prevents it. Pure.
pub fn request(
    inputs: &Inputs,
    identity: Identity<'_>,
) -> Result<GatewayRouteV0Request, Condition> {
    let config = ConfiguratorConfig::from_options(&inputs.config, identity.app)?;
    let ingress = inputs
        .ingress
        .as_ref()
        .ok_or_else(|| Condition::MissingIngressRelation {
            app: identity.app.to_owned(),
        })?;
    let empty = Databag::new();
    let remote = ingress.remote_app_data.as_ref().unwrap_or(&empty);
    let workload = IngressRequirerAppData::read(&ingress.id, remote)
        .map_err(Condition::InvalidIngressData)?
        .ok_or(Condition::WaitingForWorkload)?;
    if workload.model.as_str() != identity.model {
        return Err(Condition::CrossModel {
            workload_model: workload.model.into_string(),
            model: identity.model.to_owned(),
        });
    }
    if workload.scheme != Scheme::Http {
        return Err(Condition::UnsupportedScheme(workload.scheme));
    }
    if inputs.gateway_route.is_none() {
        return Err(Condition::MissingGatewayRouteRelation {
            app: identity.app.to_owned(),
        });
    }
    Ok(GatewayRouteV0Request {
        hostname: Some(config.hostname),
        additional_hostnames: Vec::new(),
        paths: config.paths,
        model: workload.model,
        name: workload.name,
        port: workload.port,
    })
}

/// The URL to hand to the workload: the first endpoint the integrator lists on our hostname
/// (it lists one per path, in our order, so this is the first path's URL).
fn url_for(
    relation: &RelationId,
    answer: &Databag,
    request: &GatewayRouteV0Request,
) -> Result<Url, Condition> {
    let endpoints =
        GatewayRouteV0Endpoints::read(relation, answer).map_err(Condition::InvalidEndpoints)?;
    let hostname = request.hostname.as_ref();
    endpoints
        .into_iter()
        .flat_map(|answer| answer.endpoints)
        .find(|url| on_hostname(url, hostname))
        .ok_or(Condition::WaitingForEndpoints)
}

/// Whether `url` is served on `hostname` (an answer to an older request may name another).
fn on_hostname(url: &Url, hostname: Option<&Hostname>) -> bool {
    hostname.is_some_and(|h| url.host_str() == Some(h.as_str()))
}
