//! What the charm accepts, the Gateway API admits: random requests close to the edge of every
//! rule (names, hostnames, paths, headers, filters, gRPC methods, ports 80 and 443, TLS on and
//! off) go through the charm's checks; every object rendered for an accepted one passes the
//! CRDs' schemas and CEL rules. A refused request must name a field (or a claim). Enough
//! requests are accepted for the property to mean something.

use std::collections::BTreeMap;

use gateway_api_integrator::plan::Desired;
use gateway_api_integrator::state::{
    Address, CertificatesInput, CharmState, GatewayAddress, Inputs, IstioRouteRequirer, TlsMaterial,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use relation_data::istio_ingress_route::{
    BackendRef, GrpcMethodMatch, GrpcRoute, GrpcRouteMatch, HeaderMatches, HttpMethod,
    HttpPathMatch, HttpRoute, HttpRouteFilter, HttpRouteMatch, IstioIngressRouteRequest, Listener,
    PathMatchType, PathModifier, PathModifierType, Protocol, RequestRedirect, UrlRewrite,
};
use serde_json::json;

use crate::{HOST, VALIDATOR};

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-z][a-z0-9-]{0,8}[a-z0-9]",
        1 => select(vec!["", "A", "a_b", "-a", "x".repeat(64).as_str()].into_iter().map(str::to_owned).collect::<Vec<_>>()),
    ]
}

fn listener() -> impl Strategy<Value = Listener> {
    (select(vec![80u16, 443, 3200, 9096]), select(Protocol::ALL))
        .prop_map(|(port, protocol)| Listener { port, protocol })
}

fn hostnames() -> impl Strategy<Value = Option<Vec<String>>> {
    let host = select(vec![
        HOST,
        "*.example.com",
        "api.myapp.example.com",
        "other.org",
        "Bad_Host",
        "10.0.0.1",
    ]);
    option::of(vec(host.prop_map(str::to_owned), 0..3))
}

fn backends() -> impl Strategy<Value = Vec<BackendRef>> {
    vec(
        (name(), 1..=65535u16, option::of(1..=100u8)).prop_map(|(service, port, weight)| {
            BackendRef {
                service,
                port,
                weight,
            }
        }),
        0..3,
    )
}

fn headers() -> impl Strategy<Value = Option<HeaderMatches>> {
    let name = select(vec!["x-tenant", "X-Ok", "bad name", "", "~!#"]);
    let value = select(vec!["blue", "", "a b"]);
    option::of(vec((name, value), 0..3).prop_map(|pairs| pairs.into_iter().collect()))
}

fn http_match() -> impl Strategy<Value = HttpRouteMatch> {
    let value = select(vec![
        "/",
        "/api",
        "/a//b",
        "api",
        "/x%2f",
        "^/v[0-9]+$",
        "/ok",
        "/%zz",
    ]);
    (
        headers(),
        option::of((select(PathMatchType::ALL), value)),
        option::of(select(HttpMethod::ALL)),
    )
        .prop_map(|(headers, path, method)| HttpRouteMatch {
            headers,
            path: path.map(|(match_type, value)| HttpPathMatch {
                match_type,
                value: value.to_owned(),
            }),
            method,
        })
}

fn modifier() -> impl Strategy<Value = PathModifier> {
    (
        select(PathModifierType::ALL),
        select(vec!["/", "/full", ""]),
    )
        .prop_map(|(t, v)| PathModifier {
            modifier_type: t,
            value: v.to_owned(),
        })
}

fn redirect() -> impl Strategy<Value = RequestRedirect> {
    (
        option::of(select(vec!["https", "http", "ftp"])),
        option::of(select(vec!["ok.example.com", "*.x.com"])),
        option::of(modifier()),
        option::of(1..=65535u16),
        select(vec![301i64, 302, 308, 418]),
    )
        .prop_map(
            |(scheme, hostname, path, port, status_code)| RequestRedirect {
                scheme: scheme.map(str::to_owned),
                hostname: hostname.map(str::to_owned),
                path,
                port,
                status_code,
            },
        )
}

fn http_filters() -> impl Strategy<Value = Option<Vec<HttpRouteFilter>>> {
    let filter = prop_oneof![
        (
            option::of(select(vec!["ok.example.com", "Bad"])),
            option::of(modifier())
        )
            .prop_map(|(hostname, path)| HttpRouteFilter::UrlRewrite(UrlRewrite {
                hostname: hostname.map(str::to_owned),
                path,
            })),
        redirect().prop_map(HttpRouteFilter::RequestRedirect),
    ];
    option::of(vec(filter, 0..2))
}

fn http_route() -> impl Strategy<Value = HttpRoute> {
    (
        name(),
        listener(),
        backends(),
        hostnames(),
        option::of(vec(http_match(), 0..3)),
        http_filters(),
    )
        .prop_map(
            |(name, listener, backends, hostnames, matches, filters)| HttpRoute {
                name,
                listener,
                backends,
                hostnames,
                matches,
                filters,
            },
        )
}

fn grpc_match() -> impl Strategy<Value = GrpcRouteMatch> {
    let service = select(vec!["pkg.Svc", "Svc", "bad-svc", ".lead.Svc", "a..b"]);
    let method = option::of(select(vec!["Get", "Get/x", "_ok"]));
    (headers(), option::of((service, method))).prop_map(|(headers, method)| GrpcRouteMatch {
        headers,
        method: method.map(|(service, method)| GrpcMethodMatch {
            service: service.to_owned(),
            method: method.map(str::to_owned),
        }),
    })
}

fn grpc_route() -> impl Strategy<Value = GrpcRoute> {
    (
        name(),
        listener(),
        backends(),
        hostnames(),
        option::of(vec(grpc_match(), 0..3)),
        option::of(vec(redirect(), 0..2)),
    )
        .prop_map(
            |(name, listener, backends, hostnames, matches, filters)| GrpcRoute {
                name,
                listener,
                backends,
                hostnames,
                matches,
                filters,
            },
        )
}

/// A request whose listeners are exactly the ones its routes use (plus, sometimes, none).
fn request() -> impl Strategy<Value = IstioIngressRouteRequest> {
    (
        select(vec!["testing", "m", "Bad_Model"]),
        vec(http_route(), 0..3),
        vec(grpc_route(), 0..2),
        any::<bool>(),
    )
        .prop_map(|(model, http_routes, grpc_routes, declare)| {
            let mut listeners: Vec<Listener> = http_routes
                .iter()
                .map(|r| r.listener)
                .chain(grpc_routes.iter().map(|r| r.listener))
                .filter(|_| declare)
                .collect();
            listeners.sort();
            listeners.dedup();
            IstioIngressRouteRequest {
                model: model.to_owned(),
                listeners,
                http_routes,
                grpc_routes,
            }
        })
}

/// The plan's objects for one requirer, with TLS on or off.
fn inputs(requirer: IstioRouteRequirer, tls: bool) -> Inputs {
    let mut issued = BTreeMap::new();
    if tls {
        issued.insert(
            HOST.to_owned(),
            TlsMaterial::from_provider("LEAF", &["LEAF".to_owned()], "KEY"),
        );
    }
    Inputs {
        app_name: "gai".into(),
        model_name: "testing".into(),
        config: json!({"gateway-class": "cilium", "enforce-https": false,
                       "external-hostname": HOST})
        .as_object()
        .cloned()
        .unwrap(),
        gateway_classes: vec!["cilium".into()],
        istio: vec![requirer],
        certificates: CertificatesInput {
            related: tls,
            issued,
        },
        gateway_address: GatewayAddress::Ready(Address::Ip([10, 0, 0, 1].into())),
        ..Inputs::default()
    }
}

#[test]
fn every_object_rendered_for_an_accepted_request_is_admitted() {
    // A fixed seed: the same 400 requests every run.
    let config = Config {
        cases: 400,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let accepted = std::cell::Cell::new(0usize);
    let served = std::cell::Cell::new(0usize);
    runner
        .run(&(request(), any::<bool>()), |(request, tls)| {
            let requirer = match IstioRouteRequirer::new(5, "app", request) {
                Ok(requirer) => requirer,
                Err(reason) => {
                    // A refusal names the field or the claim.
                    prop_assert!(
                        reason.contains('[')
                            || reason.starts_with("model:")
                            || reason.starts_with("two routes")
                            || reason.starts_with("HTTP and gRPC"),
                        "{reason}"
                    );
                    return Ok(());
                }
            };
            accepted.set(accepted.get() + 1);
            let state = CharmState::build(&inputs(requirer, tls)).expect("a valid state");
            if state.routing.istio.is_empty() {
                return Ok(());
            }
            served.set(served.get() + 1);
            for object in Desired::compute(&state).desired {
                if let Err(errors) = VALIDATOR.validate(&object.object()) {
                    prop_assert!(false, "rejected {}: {errors:?}", object.object());
                }
            }
            Ok(())
        })
        .unwrap();
    // Not vacuous: a fair share is accepted and served.
    let (accepted, served) = (accepted.get(), served.get());
    assert!(accepted >= 60, "only {accepted} of 400 requests accepted");
    assert!(served >= 30, "only {served} of 400 requests served");
}
