//! The pure decision: from config and the two relations' remote data, what the configurator
//! wants published (the ISD259 request, the workload's URL) and which status it shows.
//!
//! Checks run in this order and the first failing one decides the status: config, `ingress`
//! relation, the workload's data, same model, backend scheme, `gateway-route` relation, the
//! integrator's answer.

use juju_hook::{Databag, RelationId, Status};
use relation_data::gateway_route::{GatewayRouteV0Endpoints, GatewayRouteV0Request};
use relation_data::ingress::{IngressRequirerAppData, Scheme};
use relation_data::{RelationDataError, Url, validate};

use crate::config::{ConfigError, ConfiguratorConfig};
use crate::gather::Inputs;
use crate::plan::request_is_published;

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
    /// The request is published; the integrator has written no endpoints yet. It answers once
    /// it serves the route: while it is Blocked (bad config, no certificate source), waits for
    /// a certificate or has given the hostname and path to another requirer, it does not.
    #[error(
        "Waiting for the integrator to answer the route request (if this lasts, its status says \
         why: Blocked, waiting for a certificate, or the route is taken)"
    )]
    WaitingForIntegrator,
    /// The integrator answered, but for another request: the one this hook replaces, until it
    /// catches up.
    #[error(
        "Waiting for the integrator to route {hostname}: its answer is for the previous request"
    )]
    WaitingForReroute {
        /// The hostname now requested.
        hostname: String,
    },
    /// The integrator's answer is malformed.
    #[error("Invalid gateway-route data from the integrator: {0}")]
    InvalidEndpoints(RelationDataError),
}

impl Condition {
    /// The status this condition shows: Waiting for what others will do by themselves, Blocked
    /// for what needs the operator.
    pub fn status(&self) -> Status {
        match self {
            Condition::WaitingForWorkload
            | Condition::WaitingForIntegrator
            | Condition::WaitingForReroute { .. } => Status::Waiting(self.to_string()),
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
    /// Leave the databag as it is: the request is changing in this hook and the integrator's
    /// answer is to the previous one (the old URL stays served until the new one is answered).
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

/// Decide. Pure. The integrator's answer (see [`crate::gather::read_answer`]) is accepted only
/// when it lists exactly the URLs the current request implies ([`accepted_url`]). When it does
/// not, the status is Waiting, and the URL is kept while this hook changes the request (the
/// answer is to the old one) and withdrawn once the request stands published unanswered.
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
    let waiting = |answer: &Databag| match answer.is_empty() {
        true => Condition::WaitingForIntegrator.status(),
        false => Condition::WaitingForReroute {
            hostname: request
                .hostname
                .as_ref()
                .map(|h| h.as_str().to_owned())
                .unwrap_or_default(),
        }
        .status(),
    };
    let (url, status) = match &inputs.gateway_route {
        Some(relation) => match accepted_url(&relation.id, &relation.remote_app_data, &request) {
            Ok(Some(url)) => {
                let status = Status::Active(format!("Serving {url}"));
                (UrlUpdate::Publish(url), status)
            }
            Ok(None) if request_is_published(relation, &request) => {
                (UrlUpdate::Withdraw, waiting(&relation.remote_app_data))
            }
            Ok(None) => (UrlUpdate::Keep, waiting(&relation.remote_app_data)),
            Err(condition) => (UrlUpdate::Withdraw, condition.status()),
        },
        None => (UrlUpdate::Keep, Condition::WaitingForIntegrator.status()),
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
    let workload = IngressRequirerAppData::read(&ingress.id, &ingress.remote_app_data)
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

/// The URL to hand to the workload when the integrator's `answer` is to `request`: its
/// `endpoints` are exactly `{scheme}://{hostname}{path}` for each requested path, in order, with
/// one scheme, `http` or `https`; the URL is the first path's. `Ok(None)` when the answer is
/// absent or to another request (another hostname, other paths). Pure.
pub fn accepted_url(
    relation: &RelationId,
    answer: &Databag,
    request: &GatewayRouteV0Request,
) -> Result<Option<Url>, Condition> {
    let endpoints = GatewayRouteV0Endpoints::read(relation, answer)
        .map_err(Condition::InvalidEndpoints)?
        .map(|answer| answer.endpoints)
        .unwrap_or_default();
    let Some(hostname) = request.hostname.as_ref() else {
        return Ok(None);
    };
    let implied = |scheme: &str| -> Option<Vec<Url>> {
        request
            .paths
            .iter()
            .map(|path| validate::http_url(&format!("{scheme}://{hostname}{path}")).ok())
            .collect()
    };
    let answers_request = !endpoints.is_empty()
        && ["http", "https"]
            .into_iter()
            .any(|scheme| implied(scheme).as_ref() == Some(&endpoints));
    if !answers_request {
        return Ok(None);
    }
    Ok(endpoints.into_iter().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(paths: &[&str]) -> GatewayRouteV0Request {
        GatewayRouteV0Request {
            hostname: Some(validate::hostname("myapp.com").unwrap()),
            additional_hostnames: Vec::new(),
            paths: paths
                .iter()
                .map(|path| validate::path_prefix(path).unwrap())
                .collect(),
            model: validate::model_name("m").unwrap(),
            name: validate::application_name("myapp").unwrap(),
            port: 9090,
        }
    }

    fn answer(endpoints: &str) -> Databag {
        Databag::from([("endpoints".to_owned(), endpoints.to_owned())])
    }

    fn accepted(paths: &[&str], bag: &Databag) -> Result<Option<String>, Condition> {
        let relation = RelationId::new("gateway-route", 2);
        accepted_url(&relation, bag, &request(paths)).map(|url| url.map(String::from))
    }

    #[test]
    fn an_answer_listing_exactly_our_urls_is_accepted_with_either_scheme() {
        for scheme in ["http", "https"] {
            let bag = answer(&format!(
                "[\"{scheme}://myapp.com/foo\", \"{scheme}://myapp.com/bar\"]"
            ));
            assert_eq!(
                accepted(&["/foo", "/bar"], &bag),
                Ok(Some(format!("{scheme}://myapp.com/foo")))
            );
        }
    }

    #[test]
    fn an_answer_to_another_request_is_not_accepted() {
        let cases = [
            // Other paths, or ours in another order, or only some of them.
            "[\"http://myapp.com/foo\", \"http://myapp.com/bar\"]",
            "[\"http://myapp.com/foo\", \"http://myapp.com/api\"]",
            "[\"http://myapp.com/api\"]",
            // Another hostname.
            "[\"http://old.com/api\", \"http://old.com/foo\"]",
            // Mixed schemes, another scheme's port, extra URLs.
            "[\"http://myapp.com/api\", \"https://myapp.com/foo\"]",
            "[\"http://myapp.com:8080/api\", \"http://myapp.com:8080/foo\"]",
            "[\"http://myapp.com/api\", \"http://myapp.com/foo\", \"http://myapp.com/x\"]",
            "[]",
        ];
        for endpoints in cases {
            assert_eq!(
                accepted(&["/api", "/foo"], &answer(endpoints)),
                Ok(None),
                "{endpoints}"
            );
        }
        assert_eq!(accepted(&["/api"], &Databag::new()), Ok(None));
    }

    #[test]
    fn a_malformed_answer_is_a_condition() {
        assert!(matches!(
            accepted(&["/api"], &answer("[\"not a url\"]")),
            Err(Condition::InvalidEndpoints(_))
        ));
    }
}
