//! HTTPRoutes of a backend: an HTTP route (forwarding, or a 301 redirect to HTTPS when
//! `enforce-https`) and one HTTPS route per hostname when HTTPS is served.

use charm_cluster::Kind;
use gateway_api::httproutes::{
    HttpRoute, HttpRouteParentRefs, HttpRouteRules, HttpRouteRulesBackendRefs,
    HttpRouteRulesFilters, HttpRouteRulesFiltersRequestRedirect,
    HttpRouteRulesFiltersRequestRedirectScheme, HttpRouteRulesFiltersResponseHeaderModifier,
    HttpRouteRulesFiltersResponseHeaderModifierAdd, HttpRouteRulesFiltersType,
    HttpRouteRulesFiltersUrlRewrite, HttpRouteRulesFiltersUrlRewritePath,
    HttpRouteRulesFiltersUrlRewritePathType, HttpRouteRulesMatches, HttpRouteRulesMatchesPath,
    HttpRouteRulesMatchesPathType, HttpRouteSpec,
};

use crate::state::CharmState;

use super::{Backend, DesiredObject, desired, names, object_meta};

/// The header carrying the HSTS policy on HTTPS routes.
pub const HSTS_HEADER: &str = "Strict-Transport-Security";
/// Status code of the HTTP→HTTPS redirect.
pub const REDIRECT_STATUS_CODE: i64 = 301;

fn parent_ref(state: &CharmState, section_name: String) -> HttpRouteParentRefs {
    HttpRouteParentRefs {
        name: state.app_name.clone(),
        namespace: Some(state.namespace.clone()),
        section_name: Some(section_name),
        ..Default::default()
    }
}

fn route(
    state: &CharmState,
    name: String,
    parent_refs: Vec<HttpRouteParentRefs>,
    hostnames: Vec<String>,
    rule: HttpRouteRules,
) -> DesiredObject {
    let route = HttpRoute {
        metadata: object_meta(&state.app_name, &state.namespace, name),
        spec: HttpRouteSpec {
            hostnames: (!hostnames.is_empty()).then_some(hostnames),
            parent_refs: Some(parent_refs),
            rules: Some(vec![rule]),
        },
        status: None,
    };
    desired(Kind::HttpRoute, &route)
}

/// A rule redirecting every request on the listener to HTTPS with a 301.
fn redirect_rule() -> HttpRouteRules {
    HttpRouteRules {
        filters: Some(vec![HttpRouteRulesFilters {
            r#type: HttpRouteRulesFiltersType::RequestRedirect,
            request_redirect: Some(HttpRouteRulesFiltersRequestRedirect {
                scheme: Some(HttpRouteRulesFiltersRequestRedirectScheme::Https),
                status_code: Some(REDIRECT_STATUS_CODE),
                ..Default::default()
            }),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

/// A rule forwarding the backend's paths to its Service; `hsts_max_age` adds the HSTS header.
fn forward_rule(backend: &Backend, hsts_max_age: Option<u64>) -> HttpRouteRules {
    let mut filters = Vec::new();
    if backend.strip_prefix {
        filters.push(HttpRouteRulesFilters {
            r#type: HttpRouteRulesFiltersType::UrlRewrite,
            url_rewrite: Some(HttpRouteRulesFiltersUrlRewrite {
                path: Some(HttpRouteRulesFiltersUrlRewritePath {
                    r#type: HttpRouteRulesFiltersUrlRewritePathType::ReplacePrefixMatch,
                    replace_prefix_match: Some("/".to_owned()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    if let Some(max_age) = hsts_max_age {
        filters.push(HttpRouteRulesFilters {
            r#type: HttpRouteRulesFiltersType::ResponseHeaderModifier,
            response_header_modifier: Some(HttpRouteRulesFiltersResponseHeaderModifier {
                add: Some(vec![HttpRouteRulesFiltersResponseHeaderModifierAdd {
                    name: HSTS_HEADER.to_owned(),
                    value: format!("max-age={max_age}"),
                }]),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    HttpRouteRules {
        matches: Some(
            backend
                .paths
                .iter()
                .map(|path| HttpRouteRulesMatches {
                    path: Some(HttpRouteRulesMatchesPath {
                        r#type: Some(HttpRouteRulesMatchesPathType::PathPrefix),
                        value: Some(path.clone()),
                    }),
                    ..Default::default()
                })
                .collect(),
        ),
        filters: (!filters.is_empty()).then_some(filters),
        backend_refs: Some(vec![HttpRouteRulesBackendRefs {
            name: backend.service.name.clone(),
            port: Some(i32::from(backend.service.port)),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

/// The routes of `backend`:
///
/// | enforce-https | TLS ready | routes |
/// |---|---|---|
/// | true  | yes | HTTP redirect (301) + HTTPS forwarding with HSTS |
/// | true  | no  | HTTP redirect (301) only, until the certificate is issued |
/// | false | yes | HTTP forwarding + HTTPS forwarding (no HSTS) |
/// | false | no  | HTTP forwarding |
///
/// HTTPS routes exist per hostname whose certificate is issued, as its HTTPS listener does.
pub(super) fn render(state: &CharmState, backend: &Backend) -> Vec<DesiredObject> {
    let gateway = &state.app_name;
    let enforce_https = state.config.enforce_https;

    let http_parents = if backend.hostnames.is_empty() {
        vec![parent_ref(state, names::http_listener_name(gateway, None))]
    } else {
        backend
            .hostnames
            .iter()
            .map(|host| parent_ref(state, names::http_listener_name(gateway, Some(host))))
            .collect()
    };
    let http_rule = if enforce_https {
        redirect_rule()
    } else {
        forward_rule(backend, None)
    };
    let mut routes = vec![route(
        state,
        names::http_route_name(&backend.route_prefix),
        http_parents,
        backend.hostnames.clone(),
        http_rule,
    )];

    // An HTTPS route only where its HTTPS listener exists: for hostnames whose certificate
    // is issued (a route naming a missing listener would sit unattached).
    if let Some(issued) = state.tls.ready() {
        let hsts = enforce_https.then_some(state.config.hsts_max_age);
        let hosts: Vec<Option<&str>> = if backend.hostnames.is_empty() {
            vec![None]
        } else {
            backend
                .hostnames
                .iter()
                .filter(|host| issued.contains_key(host.as_str()))
                .map(|host| Some(host.as_str()))
                .collect()
        };
        for host in hosts {
            routes.push(route(
                state,
                names::https_route_name(&backend.route_prefix, host),
                vec![parent_ref(state, names::https_listener_name(gateway, host))],
                host.map(str::to_owned).into_iter().collect(),
                forward_rule(backend, hsts),
            ));
        }
    }
    routes
}
