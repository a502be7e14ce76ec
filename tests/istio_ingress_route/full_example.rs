//! The library's full example (HTTP + gRPC listeners, PathPrefix + GET + header match,
//! URLRewrite, RequestRedirect, weights, hostnames): exact listeners, routes, grant and
//! answer, with TLS off and on.

use charm_cluster::Kind;
use gateway_api_integrator::gather::KINDS_ANNOTATION;
use integrator_fixtures::APP;
use integrator_fixtures::tls::key_secret;
use juju_hook_testing::databag;
use serde_json::{Value, json};

use crate::{
    HOST, ISTIO, MODEL, THEIR_MODEL, active, bag, deployed, full_example, istio, labels, relate,
    sent, with_certificate,
};

const REDIRECT_NOTE: &str = "; istio-ingress-route:5 grpc route grpc-route: RequestRedirect not served (a GRPCRoute has no such filter)";

fn listener(name: &str, port: u16, protocol: &str) -> Value {
    json!({"name": format!("{APP}-{name}"), "hostname": HOST, "port": port,
           "protocol": protocol, "allowedRoutes": {"namespaces": {"from": "All"}}})
}

fn with_tls(mut listener: Value) -> Value {
    listener["tls"] = json!({"certificateRefs": [{"kind": "Secret",
                             "name": format!("{APP}-secret-{HOST}")}]});
    listener
}

/// The HTTPRoute of the example on listener `section`.
fn http_route(section: &str) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": format!("{APP}-myapp-5-http-route"), "namespace": MODEL,
                     "labels": labels(ISTIO)},
        "spec": {
            "parentRefs": [{"name": APP, "namespace": MODEL,
                            "sectionName": format!("{APP}-{section}")}],
            "hostnames": [HOST],
            "rules": [{
                "matches": [{"path": {"type": "PathPrefix", "value": "/api"}, "method": "GET",
                             "headers": [{"type": "Exact", "name": "x-tenant", "value": "blue"}]}],
                "filters": [{"type": "URLRewrite", "urlRewrite": {
                    "path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}}],
                "backendRefs": [{"name": "myapp", "namespace": THEIR_MODEL, "port": 3200,
                                 "weight": 100}],
            }],
        },
    })
}

/// The GRPCRoute of the example on listener `section`: its RequestRedirect is left out.
fn grpc_route(section: &str) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "GRPCRoute",
        "metadata": {"name": format!("{APP}-myapp-5-grpc-route"), "namespace": MODEL,
                     "labels": labels(ISTIO)},
        "spec": {
            "parentRefs": [{"name": APP, "namespace": MODEL,
                            "sectionName": format!("{APP}-{section}")}],
            "rules": [{
                "matches": [{"method": {"type": "Exact", "service": "myapp.MyService",
                                        "method": "GetData"},
                             "headers": [{"type": "Exact", "name": "x-tenant", "value": "blue"}]}],
                "backendRefs": [{"name": "myapp", "namespace": THEIR_MODEL, "port": 9096,
                                 "weight": 100}],
            }],
        },
    })
}

#[test]
fn the_full_example_renders_exact_objects_on_plain_http() {
    let (state, mut cluster) = deployed();
    let state = relate(state, istio(ISTIO, "myapp", &full_example()), &mut cluster);
    assert_eq!(state.unit_status, active(REDIRECT_NOTE));
    // The library's answer, byte for byte: raw host, `str(bool)`.
    assert_eq!(
        bag(&state, ISTIO),
        databag([("external_host", HOST), ("tls_enabled", "False")])
    );

    let gateway = sent(&cluster, Kind::Gateway, MODEL, APP);
    assert_eq!(
        gateway["spec"]["listeners"],
        json!([
            listener("http-myapp-example-com", 80, "HTTP"),
            listener("http-3200", 3200, "HTTP"),
            listener("http-9096", 9096, "HTTP"),
        ])
    );
    // The next reconcile lists the kinds the charm now has objects of.
    assert_eq!(
        gateway["metadata"]["annotations"],
        json!({KINDS_ANNOTATION: "Gateway,HTTPRoute,GRPCRoute,ReferenceGrant"})
    );
    assert_eq!(
        sent(
            &cluster,
            Kind::HttpRoute,
            MODEL,
            &format!("{APP}-myapp-5-http-route")
        ),
        http_route("http-3200")
    );
    assert_eq!(
        sent(
            &cluster,
            Kind::GrpcRoute,
            MODEL,
            &format!("{APP}-myapp-5-grpc-route")
        ),
        grpc_route("http-9096")
    );
    // The requirer's Services are in its model: our routes may reach them by its grant.
    let mut grant_labels = labels(ISTIO);
    grant_labels["gateway-api-integrator.charm.juju.is/model"] = json!(MODEL);
    assert_eq!(
        sent(
            &cluster,
            Kind::ReferenceGrant,
            THEIR_MODEL,
            &format!("{APP}-{MODEL}-5")
        ),
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
            "metadata": {"name": format!("{APP}-{MODEL}-5"), "namespace": THEIR_MODEL,
                         "labels": grant_labels},
            "spec": {
                "from": [
                    {"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": MODEL},
                    {"group": "gateway.networking.k8s.io", "kind": "GRPCRoute", "namespace": MODEL},
                ],
                "to": [{"group": "", "kind": "Service", "name": "myapp"}],
            },
        })
    );
    // Nothing else: no Service of ours fronts an istio backend.
    assert_eq!(cluster.names(Kind::Service), Vec::<&str>::new());
}

#[test]
fn with_its_certificate_issued_the_listeners_serve_https() {
    let (state, mut cluster) = deployed();
    let state = state.secret(key_secret());
    let state = relate(state, istio(ISTIO, "myapp", &full_example()), &mut cluster);
    let state = with_certificate(state, &mut cluster);

    assert_eq!(
        bag(&state, ISTIO),
        databag([("external_host", HOST), ("tls_enabled", "True")])
    );
    let gateway = sent(&cluster, Kind::Gateway, MODEL, APP);
    assert_eq!(
        gateway["spec"]["listeners"],
        json!([
            listener("http-myapp-example-com", 80, "HTTP"),
            with_tls(listener("https-myapp-example-com", 443, "HTTPS")),
            with_tls(listener("https-3200", 3200, "HTTPS")),
            with_tls(listener("https-9096", 9096, "HTTPS")),
        ])
    );
    assert_eq!(
        sent(
            &cluster,
            Kind::HttpRoute,
            MODEL,
            &format!("{APP}-myapp-5-http-route")
        ),
        http_route("https-3200")
    );
    assert_eq!(
        sent(
            &cluster,
            Kind::GrpcRoute,
            MODEL,
            &format!("{APP}-myapp-5-grpc-route")
        ),
        grpc_route("https-9096")
    );
}
