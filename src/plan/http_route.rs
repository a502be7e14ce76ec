//! HTTPRoutes: per backend an HTTP route (forwarding, or a 301 redirect to HTTPS) and one HTTPS
//! route per hostname when HTTPS is served; and the ingress applications' shared redirect.

use charm_cluster::Kind;
use gateway_api::httproutes::{
    HttpRoute as HttpRouteObject, HttpRouteParentRefs, HttpRouteRules, HttpRouteRulesBackendRefs,
    HttpRouteRulesFilters, HttpRouteRulesFiltersRequestRedirect,
    HttpRouteRulesFiltersRequestRedirectScheme, HttpRouteRulesFiltersResponseHeaderModifier,
    HttpRouteRulesFiltersResponseHeaderModifierAdd, HttpRouteRulesFiltersType,
    HttpRouteRulesFiltersUrlRewrite, HttpRouteRulesFiltersUrlRewritePath,
    HttpRouteRulesFiltersUrlRewritePathType, HttpRouteRulesMatches, HttpRouteRulesMatchesPath,
    HttpRouteRulesMatchesPathType, HttpRouteSpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::state::CharmState;

use super::listener_layout::{ListenerLayout, Parent, listener_host};
use super::{Backend, DesiredObject, HttpRoute, desired, names, object_meta, relation_object_meta};

/// The header carrying the HSTS policy on HTTPS routes.
pub const HSTS_HEADER: &str = "Strict-Transport-Security";
/// Status code of the HTTP→HTTPS redirect.
pub const REDIRECT_STATUS_CODE: i64 = 301;

fn parent_ref(state: &CharmState, layout: &ListenerLayout, section: String) -> HttpRouteParentRefs {
    match layout.parent(&section) {
        Parent::Gateway => HttpRouteParentRefs {
            name: state.app_name.clone(),
            namespace: Some(state.namespace.clone()),
            section_name: Some(section),
            ..Default::default()
        },
        Parent::ListenerSet(set) => HttpRouteParentRefs {
            group: Some("gateway.networking.k8s.io".to_owned()),
            kind: Some("ListenerSet".to_owned()),
            name: set,
            namespace: Some(state.namespace.clone()),
            section_name: Some(section),
            ..Default::default()
        },
    }
}

fn route(
    metadata: ObjectMeta,
    parent_refs: Vec<HttpRouteParentRefs>,
    hostnames: Vec<String>,
    rule: HttpRouteRules,
) -> DesiredObject {
    let route = HttpRouteObject {
        metadata,
        spec: HttpRouteSpec {
            hostnames: (!hostnames.is_empty()).then_some(hostnames),
            parent_refs: Some(parent_refs),
            rules: Some(vec![rule]),
        },
        status: None,
    };
    desired(Kind::HttpRoute, &route)
}

/// A rule redirecting to HTTPS with a 301: every request on the listener, or only `paths`.
fn redirect_rule(paths: &[String]) -> HttpRouteRules {
    HttpRouteRules {
        matches: (!paths.is_empty()).then(|| path_matches(paths)),
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

fn path_matches(paths: &[String]) -> Vec<HttpRouteRulesMatches> {
    paths
        .iter()
        .map(|path| HttpRouteRulesMatches {
            path: Some(HttpRouteRulesMatchesPath {
                r#type: Some(HttpRouteRulesMatchesPathType::PathPrefix),
                value: Some(path.clone()),
            }),
            ..Default::default()
        })
        .collect()
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
        matches: Some(path_matches(&backend.paths)),
        filters: (!filters.is_empty()).then_some(filters),
        backend_refs: Some(vec![HttpRouteRulesBackendRefs {
            name: backend.service.name.clone(),
            port: Some(i32::from(backend.service.port)),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

/// The HTTP listeners `hostnames` are on (the hostname-less one for none).
fn http_parents(
    state: &CharmState,
    layout: &ListenerLayout,
    hostnames: &[String],
) -> Vec<HttpRouteParentRefs> {
    let gateway = &state.app_name;
    if hostnames.is_empty() {
        return vec![parent_ref(
            state,
            layout,
            names::http_listener_name(gateway, None),
        )];
    }
    let mut parents: Vec<HttpRouteParentRefs> = Vec::new();
    for host in hostnames {
        let listener = listener_host(state, host);
        let section = names::http_listener_name(gateway, Some(&listener));
        let parent = parent_ref(state, layout, section);
        if !parents.contains(&parent) {
            parents.push(parent);
        }
    }
    parents
}

/// The ingress applications' shared redirect, `{app}-http`: with `enforce-https`, every plain
/// HTTP request under `external-hostname` is redirected (the Python charm's route of that
/// name). `None` without `enforce-https` or without a served ingress application.
pub(super) fn ingress_redirect(
    state: &CharmState,
    layout: &ListenerLayout,
) -> Option<DesiredObject> {
    let subdomains = state.routing.ingress.iter().any(|i| i.hostname.is_some());
    if !state.config.enforce_https || state.routing.ingress.is_empty() || subdomains {
        return None;
    }
    let hostnames: Vec<String> = state.config.external_hostname.iter().cloned().collect();
    let metadata = object_meta(
        &state.app_name,
        &state.namespace,
        names::http_route_name(&state.app_name),
    );
    Some(route(
        metadata,
        http_parents(state, layout, &hostnames),
        hostnames,
        redirect_rule(&[]),
    ))
}

/// The routes of `backend`:
///
/// | enforce-https | HTTPS served | HTTP route | HTTPS routes |
/// |---|---|---|---|
/// | true  | any | ISD259: redirect (301) of its hostnames; ingress: the shared redirect | forwarding with HSTS, per issued hostname |
/// | false | yes | forwarding (an ingress application with `redirect-https`: redirect of its prefix) | forwarding, no HSTS |
/// | false | no  | forwarding | none |
///
/// HTTPS routes exist per hostname whose certificate is issued, as its HTTPS listener does.
pub(super) fn render(
    state: &CharmState,
    layout: &ListenerLayout,
    backend: &Backend,
) -> Vec<DesiredObject> {
    let gateway = &state.app_name;
    let enforce_https = state.config.enforce_https;
    let certificates = state.certificates();
    let https_hosts: Vec<Option<&str>> = match certificates.is_empty() {
        true => Vec::new(),
        false if backend.hostnames.is_empty() => vec![None],
        false => backend
            .hostnames
            .iter()
            .filter(|host| certificates.contains_key(&listener_host(state, host)))
            .map(|host| Some(host.as_str()))
            .collect(),
    };
    let meta = |name: String| {
        relation_object_meta(&state.app_name, &state.namespace, name, &backend.relation)
    };

    let http_rule = match backend.http {
        HttpRoute::Route if enforce_https => Some(redirect_rule(&[])),
        // On its own hostname (subdomain mode) an application redirects its whole hostname;
        // under external-hostname the shared redirect covers it.
        HttpRoute::Ingress {
            own_hostname: true, ..
        } if enforce_https => Some(redirect_rule(&[])),
        HttpRoute::Ingress { .. } if enforce_https => None,
        HttpRoute::Ingress {
            redirect_https: true,
            ..
        } if !https_hosts.is_empty() => Some(redirect_rule(&backend.paths)),
        _ => Some(forward_rule(backend, None)),
    };
    let mut routes: Vec<DesiredObject> = http_rule
        .map(|rule| {
            route(
                meta(names::http_route_name(&backend.route_prefix)),
                http_parents(state, layout, &backend.hostnames),
                backend.hostnames.clone(),
                rule,
            )
        })
        .into_iter()
        .collect();

    // An HTTPS route only where its HTTPS listener exists: for hostnames whose certificate
    // is issued (a route naming a missing listener would sit unattached).
    let hsts = enforce_https.then_some(state.config.hsts_max_age);
    for host in https_hosts {
        routes.push(route(
            meta(names::https_route_name(&backend.route_prefix, host)),
            vec![parent_ref(
                state,
                layout,
                names::https_listener_name(
                    gateway,
                    host.map(|host| listener_host(state, host)).as_deref(),
                ),
            )],
            host.map(str::to_owned).into_iter().collect(),
            forward_rule(backend, hsts),
        ));
    }
    routes
}
