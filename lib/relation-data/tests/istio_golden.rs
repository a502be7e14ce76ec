//! Golden tests for `istio_ingress_route` against the bags recorded from the real library
//! (charmlibs-interfaces-istio-ingress-route 1.0.2, `../shared/interop-golden/istio_route.*`),
//! both ways: our reader accepts them as the expected values, our writer reproduces the bytes.

mod common;

use common::{app_bag, bag_of, golden};
use relation_data::istio_ingress_route::{
    BackendRef, GatewayProtocol, GrpcMethodMatch, GrpcRoute, GrpcRouteMatch, HeaderMatches,
    HttpMethod, HttpPathMatch, HttpRoute, HttpRouteFilter, HttpRouteMatch,
    IstioIngressRouteProviderData, IstioIngressRouteRequest, Listener, PathMatchType, PathModifier,
    PathModifierType, Protocol, RequestRedirect, UrlRewrite, to_gateway_protocol,
};

const REL: &str = "istio-ingress-route:4";

const HTTP: Listener = Listener {
    port: 3200,
    protocol: Protocol::Http,
};
const GRPC: Listener = Listener {
    port: 9096,
    protocol: Protocol::Grpc,
};

fn backend(port: u16, weight: Option<u8>) -> BackendRef {
    BackendRef {
        service: "myapp".to_owned(),
        port,
        weight,
    }
}

/// `istio_route.emit.json`: the library's docstring example.
fn emitted() -> IstioIngressRouteRequest {
    IstioIngressRouteRequest {
        model: "m".to_owned(),
        listeners: vec![HTTP, GRPC],
        http_routes: vec![HttpRoute {
            name: "http-route".to_owned(),
            listener: HTTP,
            backends: vec![backend(3200, None)],
            hostnames: None,
            matches: Some(vec![HttpRouteMatch {
                headers: None,
                path: Some(HttpPathMatch {
                    match_type: PathMatchType::PathPrefix,
                    value: "/api".to_owned(),
                }),
                method: Some(HttpMethod::Get),
            }]),
            filters: None,
        }],
        grpc_routes: vec![GrpcRoute {
            name: "grpc-route".to_owned(),
            listener: GRPC,
            backends: vec![backend(9096, None)],
            hostnames: None,
            matches: Some(vec![GrpcRouteMatch {
                headers: None,
                method: Some(GrpcMethodMatch {
                    service: "myapp.MyService".to_owned(),
                    method: Some("GetData".to_owned()),
                }),
            }]),
            filters: None,
        }],
    }
}

/// `istio_route.emit-full.json`: plus hostnames, headers, weights, URLRewrite and a gRPC
/// RequestRedirect.
fn emitted_full() -> IstioIngressRouteRequest {
    let tenant: HeaderMatches = [("x-tenant", "blue")].into_iter().collect();
    let mut request = emitted();
    let http = &mut request.http_routes[0];
    http.backends[0].weight = Some(100);
    http.hostnames = Some(vec!["myapp.example.com".to_owned()]);
    http.matches.as_mut().unwrap()[0].headers = Some(tenant.clone());
    http.filters = Some(vec![HttpRouteFilter::UrlRewrite(UrlRewrite {
        hostname: None,
        path: Some(PathModifier {
            modifier_type: PathModifierType::ReplacePrefixMatch,
            value: "/".to_owned(),
        }),
    })]);
    let grpc = &mut request.grpc_routes[0];
    grpc.backends[0].weight = Some(100);
    grpc.matches.as_mut().unwrap()[0].headers = Some(tenant);
    grpc.filters = Some(vec![RequestRedirect {
        scheme: Some("https".to_owned()),
        ..RequestRedirect::default()
    }]);
    request
}

#[test]
fn emit_is_read_and_reproduced() {
    let bag = app_bag("istio_route.emit.json");
    let request = IstioIngressRouteRequest::read(REL, &bag).unwrap().unwrap();
    assert_eq!(request, emitted());
    assert_eq!(request.to_databag(), bag);
    assert_eq!(request.grpc_routes_with_redirects().count(), 0);
}

#[test]
fn emit_full_is_read_and_reproduced() {
    let bag = app_bag("istio_route.emit-full.json");
    let request = IstioIngressRouteRequest::read(REL, &bag).unwrap().unwrap();
    assert_eq!(request, emitted_full());
    assert_eq!(request.to_databag(), bag);
    assert_eq!(request.to_changes(), bag);
    let redirected: Vec<&str> = request
        .grpc_routes_with_redirects()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(redirected, ["grpc-route"]);
}

#[test]
fn provide_golden_holds_what_the_real_provider_read_and_wrote() {
    let provide = golden("istio_route.provide.json");
    assert_eq!(provide["accepted"], true);
    // The config the real provider parsed is the one we read from the same bag.
    let ours = IstioIngressRouteRequest::read(REL, &app_bag("istio_route.emit.json"))
        .unwrap()
        .unwrap();
    let theirs: serde_json::Value = serde_json::from_str(&ours.to_config_json()).unwrap();
    assert_eq!(theirs, provide["config"]);
    // The provider bag: raw host, Python `str(True)`.
    let bag = app_bag("istio_route.provide.json");
    let data = IstioIngressRouteProviderData {
        external_host: "gw.example.com".to_owned(),
        tls_enabled: true,
    };
    assert_eq!(data.to_databag(), bag);
    assert_eq!(
        IstioIngressRouteProviderData::read(REL, &bag),
        Ok(Some(data.clone()))
    );
    assert_eq!(data.url(), "https://gw.example.com");
}

#[test]
fn provider_bag_spelling_and_wipe() {
    let data = IstioIngressRouteProviderData {
        external_host: "10.1.2.3".to_owned(),
        tls_enabled: false,
    };
    let bag = bag_of(&[("external_host", "10.1.2.3"), ("tls_enabled", "False")]);
    assert_eq!(data.to_changes(), bag);
    assert_eq!(data.url(), "http://10.1.2.3");
    assert_eq!(
        IstioIngressRouteProviderData::wipe(),
        bag_of(&[("external_host", ""), ("tls_enabled", "")])
    );
    // No host yet: the key is deleted, as ops does for `relation.data[app][k] = ""`.
    let empty = IstioIngressRouteProviderData {
        external_host: String::new(),
        tls_enabled: false,
    };
    assert_eq!(
        empty.to_databag(),
        bag_of(&[("external_host", ""), ("tls_enabled", "False")])
    );
    assert_eq!(
        IstioIngressRouteProviderData::read(REL, &bag_of(&[("tls_enabled", "False")])),
        Ok(None)
    );
    assert_eq!(
        IstioIngressRouteProviderData::read(REL, &bag_of(&[("external_host", "h")])),
        Ok(Some(IstioIngressRouteProviderData {
            external_host: "h".to_owned(),
            tls_enabled: false,
        }))
    );
}

#[test]
fn no_config_is_not_ready() {
    for bag in [
        bag_of(&[]),
        bag_of(&[("config", "")]),
        bag_of(&[("other", "x")]),
    ] {
        assert_eq!(IstioIngressRouteRequest::read(REL, &bag), Ok(None));
    }
}

/// A bag as the Charmhub library LIBPATCH 2 (seed 003) writes it: no `filters` member, and
/// pydantic's field order without it. 1.0.2 reads it with `filters: None`.
#[test]
fn libpatch_2_bag_is_read() {
    let config = concat!(
        r#"{"model":"m","listeners":[{"port":3200,"protocol":"HTTP"}],"#,
        r#""http_routes":[{"name":"http-route","listener":{"port":3200,"protocol":"HTTP"},"#,
        r#""backends":[{"service":"myapp","port":3200,"weight":null}],"hostnames":null,"#,
        r#""matches":[{"headers":null,"path":{"type":"PathPrefix","value":"/api"},"method":"GET"}]}],"#,
        r#""grpc_routes":[]}"#
    );
    let request = IstioIngressRouteRequest::read(REL, &bag_of(&[("config", config)]))
        .unwrap()
        .unwrap();
    let mut expected = emitted();
    expected.listeners.pop();
    expected.grpc_routes.clear();
    assert_eq!(request, expected);
    // Written back the 1.0.2 way: `"filters":null` appended.
    assert_eq!(
        request.to_config_json(),
        config.replace(
            r#""method":"GET"}]}]"#,
            r#""method":"GET"}],"filters":null}]"#
        )
    );
}

#[test]
fn listener_names_and_gateway_protocols() {
    assert_eq!(HTTP.name(), "http-3200");
    assert_eq!(GRPC.name(), "grpc-9096");
    for protocol in Protocol::ALL {
        assert_eq!(to_gateway_protocol(*protocol, false), GatewayProtocol::Http);
        assert_eq!(to_gateway_protocol(*protocol, true), GatewayProtocol::Https);
    }
    assert_eq!(GRPC.gateway_protocol(true).as_str(), "HTTPS");
    assert_eq!(HTTP.gateway_protocol(false).to_string(), "HTTP");
}

#[test]
fn new_request_is_the_library_default() {
    assert_eq!(
        IstioIngressRouteRequest::new("m").to_config_json(),
        r#"{"model":"m","listeners":[],"http_routes":[],"grpc_routes":[]}"#
    );
}
