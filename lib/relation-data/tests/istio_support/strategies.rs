//! proptest strategies for every `istio_ingress_route` model, covering what the library
//! accepts: any text (control, non-ASCII and astral characters included) where it checks
//! nothing, every enum value, the integer ranges, `None` vs empty lists.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use relation_data::istio_ingress_route::{
    BackendRef, GrpcMethodMatch, GrpcRoute, GrpcRouteMatch, HeaderMatches, HttpMethod,
    HttpPathMatch, HttpRoute, HttpRouteFilter, HttpRouteMatch, IstioIngressRouteProviderData,
    IstioIngressRouteRequest, Listener, PathMatchType, PathModifier, PathModifierType, Protocol,
    RequestRedirect, UrlRewrite,
};

/// Any text of up to `max` characters.
pub fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9./_-]{0,12}",
        1 => vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect()),
    ]
}

fn lists<T: std::fmt::Debug>(
    item: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<Vec<T>>> {
    option::of(vec(item, 0..3))
}

pub fn listener() -> impl Strategy<Value = Listener> {
    (1..=65535u16, select(Protocol::ALL)).prop_map(|(port, protocol)| Listener { port, protocol })
}

fn backend() -> impl Strategy<Value = BackendRef> {
    (text(8), 1..=65535u16, option::of(1..=100u8)).prop_map(|(service, port, weight)| BackendRef {
        service,
        port,
        weight,
    })
}

fn headers() -> impl Strategy<Value = Option<HeaderMatches>> {
    option::of(vec((text(6), text(6)), 0..3).prop_map(|pairs| pairs.into_iter().collect()))
}

fn path_modifier() -> impl Strategy<Value = PathModifier> {
    (select(PathModifierType::ALL), text(8)).prop_map(|(modifier_type, value)| PathModifier {
        modifier_type,
        value,
    })
}

fn redirect() -> impl Strategy<Value = RequestRedirect> {
    (
        option::of(text(6)),
        option::of(text(8)),
        option::of(path_modifier()),
        option::of(1..=65535u16),
        prop_oneof![Just(301i64), Just(302), any::<i64>()],
    )
        .prop_map(
            |(scheme, hostname, path, port, status_code)| RequestRedirect {
                scheme,
                hostname,
                path,
                port,
                status_code,
            },
        )
}

fn http_filter() -> impl Strategy<Value = HttpRouteFilter> {
    prop_oneof![
        (option::of(text(8)), option::of(path_modifier())).prop_map(|(hostname, path)| {
            HttpRouteFilter::UrlRewrite(UrlRewrite { hostname, path })
        }),
        redirect().prop_map(HttpRouteFilter::RequestRedirect),
    ]
}

fn http_match() -> impl Strategy<Value = HttpRouteMatch> {
    (
        headers(),
        option::of((select(PathMatchType::ALL), text(8))),
        option::of(select(HttpMethod::ALL)),
    )
        .prop_map(|(headers, path, method)| HttpRouteMatch {
            headers,
            path: path.map(|(match_type, value)| HttpPathMatch { match_type, value }),
            method,
        })
}

fn grpc_match() -> impl Strategy<Value = GrpcRouteMatch> {
    (headers(), option::of((text(8), option::of(text(6))))).prop_map(|(headers, method)| {
        GrpcRouteMatch {
            headers,
            method: method.map(|(service, method)| GrpcMethodMatch { service, method }),
        }
    })
}

type Common = (String, Listener, Vec<BackendRef>, Option<Vec<String>>);

fn common() -> impl Strategy<Value = Common> {
    (text(8), listener(), vec(backend(), 0..3), lists(text(10)))
}

fn http_route() -> impl Strategy<Value = HttpRoute> {
    (common(), lists(http_match()), lists(http_filter())).prop_map(
        |((name, listener, backends, hostnames), matches, filters)| HttpRoute {
            name,
            listener,
            backends,
            hostnames,
            matches,
            filters,
        },
    )
}

fn grpc_route() -> impl Strategy<Value = GrpcRoute> {
    (common(), lists(grpc_match()), lists(redirect())).prop_map(
        |((name, listener, backends, hostnames), matches, filters)| GrpcRoute {
            name,
            listener,
            backends,
            hostnames,
            matches,
            filters,
        },
    )
}

/// Any request the library accepts.
pub fn request() -> impl Strategy<Value = IstioIngressRouteRequest> {
    (
        text(8),
        vec(listener(), 0..3),
        vec(http_route(), 0..3),
        vec(grpc_route(), 0..3),
    )
        .prop_map(
            |(model, listeners, http_routes, grpc_routes)| IstioIngressRouteRequest {
                model,
                listeners,
                http_routes,
                grpc_routes,
            },
        )
}

/// Any provider answer; the host may be empty (no address yet).
pub fn provider_data() -> impl Strategy<Value = IstioIngressRouteProviderData> {
    (text(12), any::<bool>()).prop_map(|(external_host, tls_enabled)| {
        IstioIngressRouteProviderData {
            external_host,
            tls_enabled,
        }
    })
}

/// Fragments that move a config across the library's rules.
const FRAGMENTS: &[&str] = &[
    "",
    "null",
    "0",
    "1",
    "true",
    "101",
    "65536",
    "3200.0",
    "1e3",
    "80.5",
    "\"80\"",
    "\" 8_0.0 \"",
    "\"x\"",
    "[]",
    "{}",
    "\"GRPC\"",
    "\"grpc\"",
    "\"Exact\"",
    "{\"replaceFullPath\":\"/\"}",
    "{\"urlRewrite\":{}}",
    "{\"requestRedirect\":{}}",
    ",\"a\":1",
    "\"\\u00e9\\ud83d\\ude00\"",
    "\"\\ud800\"",
    "}",
    "]",
    ",",
    "\"",
];

/// `config` (ASCII) with one span of up to 8 bytes replaced by one of [`FRAGMENTS`].
pub fn mutated(config: String) -> impl Strategy<Value = String> {
    assert!(config.is_ascii(), "spans are cut at byte offsets");
    let len = config.len();
    (0..len, 0..8usize, select(FRAGMENTS)).prop_map(move |(start, width, fragment)| {
        let end = (start + width).min(len);
        format!("{}{fragment}{}", &config[..start], &config[end..])
    })
}
