//! The demo runs every step to completion, and its printed report shows the statuses, URLs and
//! objects a newcomer should see.

use gateway_api_demo::StepReport;

fn run_demo() -> (String, Vec<StepReport>) {
    let mut out = Vec::new();
    let reports = gateway_api_demo::run(&mut out).expect("every step succeeds");
    (String::from_utf8(out).expect("UTF-8 output"), reports)
}

fn step<'a>(reports: &'a [StepReport], title_start: &str) -> &'a StepReport {
    reports
        .iter()
        .find(|report| report.title.starts_with(title_start))
        .unwrap_or_else(|| panic!("no step {title_start:?}"))
}

#[test]
fn the_demo_walks_through_a_deployment() {
    let (output, reports) = run_demo();
    assert_eq!(reports.len(), 9, "{output}");

    let deploy = step(&reports, "juju deploy gateway-api-integrator");
    assert_eq!(
        deploy.statuses,
        [
            "gateway-api-integrator/0: blocked: Certificates relation is needed if enforce-https is enabled."
        ]
    );
    assert!(deploy.changes.is_empty());

    let config = step(
        &reports,
        "juju config gateway-api-integrator gateway-class=cilium",
    );
    assert_eq!(
        config.statuses,
        [
            "gateway-api-integrator/0: active: Gateway addresses: 10.43.45.0 (enforce-https is set to false)"
        ]
    );
    assert_eq!(config.changes, ["created Gateway/gateway-api-integrator"]);

    let ingress = step(
        &reports,
        "juju integrate gateway-api-integrator:gateway flask",
    );
    assert_eq!(ingress.urls, ["flask: http://www.example.com/demo-flask"]);
    // The Gateway already serves external-hostname (set in step 2): the workload's route and
    // Service are new, and the Gateway records their kinds.
    assert_eq!(
        ingress.changes,
        [
            "changed Gateway/gateway-api-integrator",
            "created HTTPRoute/gateway-api-integrator-flask-3-http",
            "created Service/gateway-api-integrator-flask-service",
        ]
    );

    let tls = step(
        &reports,
        "juju integrate gateway-api-integrator:certificates",
    );
    assert_eq!(tls.urls, ["flask: https://www.example.com/demo-flask"]);
    assert!(
        tls.changes
            .contains(&"created Secret/gateway-api-integrator-secret-www.example.com".to_owned()),
        "{:?}",
        tls.changes
    );

    let certificate = step(
        &reports,
        "juju run gateway-api-integrator/0 get-certificate",
    );
    assert_eq!(certificate.urls.len(), 3, "{:?}", certificate.urls);
    assert!(certificate.urls[1].starts_with("certificate: <1 PEM block(s)"));

    // Every interface at once: the configurator's hostname joins the ingress application's.
    let configurator = step(&reports, "juju deploy gateway-route-configurator");
    assert_eq!(
        configurator.statuses,
        [
            "gateway-api-integrator/0: active: Gateway addresses: 10.43.45.0 (enforce-https is set to false)",
            "blog-route/0: active: Serving https://blog.example.com/",
        ]
    );
    assert_eq!(
        configurator.urls,
        [
            "flask: https://www.example.com/demo-flask",
            "blog: https://blog.example.com/"
        ]
    );
    for change in [
        "created HTTPRoute/gateway-api-integrator-blog-5-http",
        "created Service/gateway-api-integrator-blog-service",
        "created Secret/gateway-api-integrator-secret-blog.example.com",
    ] {
        assert!(
            configurator.changes.contains(&change.to_owned()),
            "{change}: {:?}",
            configurator.changes
        );
    }

    // Removing one application removes only its objects.
    let broken = step(
        &reports,
        "juju remove-relation gateway-api-integrator flask",
    );
    assert_eq!(broken.urls, ["blog: https://blog.example.com/"]);
    assert_eq!(
        broken.changes,
        [
            "deleted HTTPRoute/gateway-api-integrator-flask-3-http",
            "deleted HTTPRoute/gateway-api-integrator-flask-3-https-www-example-com",
            "deleted Service/gateway-api-integrator-flask-service",
        ]
    );

    let reset = step(
        &reports,
        "juju config gateway-api-integrator --reset external-hostname",
    );
    assert_eq!(
        reset.statuses,
        [
            "gateway-api-integrator/0: active: Gateway addresses: 10.43.45.0 (enforce-https is set to false)",
            "blog-route/0: active: Serving https://blog.example.com/",
        ]
    );
    assert_eq!(reset.urls, ["blog: https://blog.example.com/"]);
    assert_eq!(
        reset.changes,
        [
            "changed Gateway/gateway-api-integrator",
            "deleted Secret/gateway-api-integrator-secret-www.example.com",
        ]
    );

    let endpoints = step(
        &reports,
        "juju run gateway-api-integrator/0 get-proxied-endpoints",
    );
    assert_eq!(
        endpoints.urls,
        [
            r#"proxied-endpoints: {"blog":{"url":"https://blog.example.com/"},"gateway-api-integrator":{"url":"http://10.43.45.0"}}"#
        ]
    );

    // The printed report: step headers, manifests as YAML, no private key material.
    assert!(
        output.contains(
            "━━━ Step 1: juju deploy gateway-api-integrator --trust (Blocked on purpose: "
        )
    );
    assert!(output.contains("--- # created Gateway/gateway-api-integrator\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"));
    assert!(output.contains("  tls.key: <redacted, "));
    assert!(!output.contains("PRIVATE KEY"));
    assert!(output.ends_with("Done: every hook ran to completion.\n"));
}
