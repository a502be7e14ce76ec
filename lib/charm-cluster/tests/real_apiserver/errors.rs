//! Failures as the real server words them (RBAC, authentication, unserved kinds, admission),
//! and the ones it cannot produce on demand through `kube-test-env`'s proxy: each becomes its
//! `ClusterError`, never a panic.

use std::time::{Duration, Instant};

use charm_cluster::{Cluster, ClusterError, Kind, ManagedObject};
use kube_test_env::{FaultAction, FaultMatch, FaultRule, Resource, Rule};
use serde_json::json;

use crate::{APP, connect, env, gateway, http_listener, through_proxy};

fn s(text: &str) -> String {
    text.to_owned()
}

#[test]
fn a_token_without_the_verb_gets_forbidden() {
    let Some(env) = env("err-rbac") else { return };
    let rules = [Rule::new(
        "gateway.networking.k8s.io",
        &["gateways"],
        &["get", "list"],
    )];
    let kubeconfig = env.ns.service_account_kubeconfig("charm", &rules).unwrap();
    let mut cluster = connect(&env.ns, &kubeconfig, Duration::from_secs(10));
    let ns = env.ns.name();
    let user = format!("system:serviceaccount:{ns}:charm");

    assert_eq!(
        cluster.list(Kind::Gateway).unwrap(),
        Vec::<serde_json::Value>::new()
    );
    let error = cluster
        .apply(
            Kind::Gateway,
            &gateway(&[http_listener("a.example.com")]),
            APP,
        )
        .unwrap_err();
    assert_eq!(
        error,
        ClusterError::Forbidden {
            verb: s("PATCH"),
            target: format!("gateways/{APP}"),
            message: format!(
                "gateways.gateway.networking.k8s.io \"{APP}\" is forbidden: User \"{user}\" \
                 cannot patch resource \"gateways\" in API group \"gateway.networking.k8s.io\" \
                 in the namespace \"{ns}\""
            ),
        }
    );
    assert!(cluster.list(Kind::Secret).unwrap_err().is_forbidden());
    let classes = cluster.list_gateway_classes().unwrap_err();
    assert_eq!(
        classes.to_string(),
        format!(
            "forbidden (LIST gatewayclasses): gatewayclasses.gateway.networking.k8s.io is \
             forbidden: User \"{user}\" cannot list resource \"gatewayclasses\" in API group \
             \"gateway.networking.k8s.io\" at the cluster scope"
        )
    );
    assert_eq!(env.ns.get(Resource::GATEWAYS, APP).unwrap(), None);
}

#[test]
fn a_refused_token_is_unauthorized() {
    let Some(env) = env("err-token") else { return };
    let kubeconfig = env
        .ns
        .kubeconfig_with_token("bad-token", Some("not-a-valid-token"))
        .unwrap();
    let mut cluster = connect(&env.ns, &kubeconfig, Duration::from_secs(10));
    assert_eq!(
        cluster.list(Kind::Gateway).unwrap_err(),
        ClusterError::Unauthorized {
            verb: s("LIST"),
            target: s("gateways"),
            message: s("Unauthorized")
        }
    );
}

#[test]
fn an_invalid_object_is_refused_as_invalid() {
    let Some(mut env) = env("err-invalid") else {
        return;
    };
    let mut listener = http_listener("a.example.com");
    listener["port"] = json!(0);
    let error = env
        .cluster
        .apply(Kind::Gateway, &gateway(&[listener]), APP)
        .unwrap_err();
    let ClusterError::Invalid {
        verb,
        target,
        message,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((verb.as_str(), target.as_str()), ("PATCH", "gateways/gai"));
    assert!(
        message.starts_with(
            "Gateway.gateway.networking.k8s.io \"gai\" is invalid: spec.listeners[0].port"
        ),
        "{message}"
    );
}

#[test]
fn a_missing_object_is_none_but_a_kind_the_server_does_not_serve_is_not_found() {
    let Some(mut env) = env("err-crd") else {
        return;
    };
    let ns = env.ns.name().to_owned();
    assert_eq!(env.cluster.get(Kind::Gateway, &ns, "absent").unwrap(), None);

    // As if the Gateway API CRDs were not installed: the real server's answer for an API
    // group it does not serve (a plain-text 404 without details).
    let (proxy, mut cluster) = through_proxy(&env, Duration::from_secs(10));
    proxy.inject(FaultRule::always(
        FaultMatch::Any,
        FaultAction::RewritePath {
            from: s("/apis/gateway.networking.k8s.io/"),
            to: s("/apis/not-installed.gateway.networking.k8s.io/"),
        },
    ));
    let not_served = |verb: &str, target: &str| ClusterError::NotFound {
        verb: s(verb),
        target: s(target),
        message: s("404 page not found\n"),
    };
    assert_eq!(
        cluster.get(Kind::Gateway, &ns, "absent").unwrap_err(),
        not_served("GET", "gateways/absent")
    );
    assert_eq!(
        cluster.list(Kind::HttpRoute).unwrap_err(),
        not_served("LIST", "httproutes")
    );
}

#[test]
fn injected_answers_map_to_their_cluster_errors_without_retries() {
    let Some(env) = env("err-injected") else {
        return;
    };
    let (proxy, mut cluster) = through_proxy(&env, Duration::from_secs(10));
    let desired = gateway(&[http_listener("a.example.com")]);
    let mut apply_with = |code| {
        proxy.inject(FaultRule::once(FaultMatch::Any, FaultAction::Status(code)));
        cluster.apply(Kind::Gateway, &desired, APP).unwrap_err()
    };
    let (verb, target) = (s("PATCH"), format!("gateways/{APP}"));
    assert_eq!(
        apply_with(429),
        ClusterError::TooManyRequests {
            verb: verb.clone(),
            target: target.clone(),
            message: s("Too many requests, please try again later.")
        }
    );
    assert_eq!(
        apply_with(500),
        ClusterError::Server {
            code: 500,
            verb: verb.clone(),
            target: target.clone(),
            message: s("Internal error occurred: injected failure")
        }
    );
    assert_eq!(
        apply_with(503),
        ClusterError::Server {
            code: 503,
            verb: verb.clone(),
            target: target.clone(),
            message: s("the server is currently unable to handle the request")
        }
    );
    let ns = env.ns.name();
    assert_eq!(
        apply_with(403),
        ClusterError::Forbidden {
            verb: verb.clone(),
            target: target.clone(),
            message: format!(
                "gateways.gateway.networking.k8s.io \"{APP}\" is forbidden: User \
                 \"system:serviceaccount:{ns}:gateway-api-integrator\" cannot patch resource \
                 \"gateways\" in API group \"gateway.networking.k8s.io\" in the namespace \"{ns}\""
            ),
        }
    );
    assert_eq!(
        apply_with(401),
        ClusterError::Unauthorized {
            verb: verb.clone(),
            target: target.clone(),
            message: s("Unauthorized")
        }
    );
    assert_eq!(
        apply_with(404),
        ClusterError::NotFound {
            verb: verb.clone(),
            target: target.clone(),
            message: format!("gateways.gateway.networking.k8s.io \"{APP}\" not found"),
        }
    );
    assert_eq!(
        apply_with(409),
        ClusterError::Conflict {
            verb: verb.clone(),
            target: target.clone(),
            message: format!(
                "Operation cannot be fulfilled on gateways.gateway.networking.k8s.io \"{APP}\": \
                 the object has been modified; please apply your changes to the latest version \
                 and try again"
            ),
        }
    );
    assert_eq!(
        apply_with(422),
        ClusterError::Invalid {
            verb,
            target,
            message: format!(
                "Gateway.gateway.networking.k8s.io \"{APP}\" is invalid: injected rejection"
            ),
        }
    );
    // One request per call (429 and 5xx are not retried inside the hook), none stored.
    assert_eq!(proxy.requests().len(), 8);
    assert_eq!(env.ns.get(Resource::GATEWAYS, APP).unwrap(), None);
}

#[test]
fn a_slow_answer_times_out_and_a_dropped_connection_is_a_connect_error() {
    let Some(env) = env("err-transport") else {
        return;
    };
    let (proxy, mut cluster) = through_proxy(&env, Duration::from_millis(500));
    proxy.inject(FaultRule::once(
        FaultMatch::Any,
        FaultAction::Slow(Duration::from_secs(5)),
    ));
    let started = Instant::now();
    assert_eq!(
        cluster.get(Kind::Gateway, env.ns.name(), "gw").unwrap_err(),
        ClusterError::Timeout {
            verb: s("GET"),
            target: s("gateways/gw")
        }
    );
    assert!(started.elapsed() < Duration::from_secs(4));

    proxy.inject(FaultRule::on("DELETE", "/gateways/", FaultAction::Close));
    let token = ManagedObject::from_cluster(
        Kind::Gateway,
        gateway(&[http_listener("a.example.com")]),
        APP,
    )
    .unwrap();
    let error = cluster.delete(&token).unwrap_err();
    assert!(
        matches!(&error, ClusterError::Connect { verb, .. } if verb == "DELETE"),
        "{error:?}"
    );
}

/// Nothing listens on the port (no server needed).
#[test]
fn a_refused_connection_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut cluster = charm_cluster::KubeCluster::from_url_with_timeout(
        &format!("http://127.0.0.1:{port}"),
        "model-a",
        Duration::from_millis(200),
    )
    .unwrap();
    let error = cluster.list(Kind::Gateway).unwrap_err();
    assert!(
        matches!(&error, ClusterError::Connect { verb, target, .. } if verb == "LIST" && target == "gateways"),
        "{error:?}"
    );
}
