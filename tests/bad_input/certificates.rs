//! Bad certificates provider data: keeps waiting; the object check can fail.

use super::*;

/// The provider's app bag on the certificates relation replaced by `bag`, then its
/// relation-changed hook; the served objects must stay admissible and the status exact.
fn certificates_case(
    name: &str,
    bag: Databag,
    expected: &Status,
    admission: &mut Admission,
    failures: &mut Vec<String>,
) {
    let (state, mut cluster) = tls_support::related();
    let mut state = state;
    state
        .get_relation_mut(tls_support::CERTS)
        .unwrap()
        .remote_app_data = bag;
    let event = event_for(Hook::RelationChanged(tls_support::CERTS), &state);
    let (after, exit) = run_unchecked(&event, state, &mut cluster);
    if let Err(error) = exit {
        failures.push(format!("{name}: hook failed: {error}"));
    }
    if after.unit_status.as_ref() != Some(expected) {
        failures.push(format!(
            "{name}: status {:?}, expected {expected:?}",
            after.unit_status
        ));
    }
    admission.check(name, &cluster, failures);
}

#[test]
fn bad_certificates_provider_data_keeps_waiting() {
    let waiting = tls_support::waiting_for(tls_support::HOST);
    let mut failures = Vec::new();
    let (state, _) = tls_support::related();
    let csr = tls_support::our_csrs(&state).remove(0);
    let ca = test_ca::TestCa::new();
    let good = tls_support::issued(&ca, &csr, tls_support::day(-1), tls_support::day(89));
    let entry = |certificate: &str, chain: Vec<&str>| {
        json!([{
            "ca": ca.pem(),
            "certificate_signing_request": csr,
            "certificate": certificate,
            "chain": chain,
        }])
        .to_string()
    };
    let cases: Vec<(&str, Databag, &Status)> = vec![
        (
            "certificates not JSON",
            databag([("certificates", "[{")]),
            &waiting,
        ),
        (
            "certificates an object",
            databag([("certificates", "{\"a\": 1}")]),
            &waiting,
        ),
        (
            "certificate not PEM",
            databag([("certificates", entry("not a certificate", vec![]))]),
            &waiting,
        ),
        (
            "certificate PEM garbage",
            databag([(
                "certificates",
                entry(
                    "-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----",
                    vec![],
                ),
            )]),
            &waiting,
        ),
        (
            "chain with garbage",
            databag([(
                "certificates",
                entry(&good.certificate, vec![&good.certificate, "garbage"]),
            )]),
            &waiting,
        ),
        (
            "1 MiB certificate",
            databag([("certificates", entry(&"A".repeat(1 << 20), vec![]))]),
            &waiting,
        ),
    ];
    let mut admission = Admission::start();
    for (name, bag, expected) in cases {
        certificates_case(name, bag, expected, &mut admission, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    admission.assert_admitted();
}

/// The corpus's object check can fail: an object the CRDs reject is reported.
#[test]
fn the_object_check_rejects_an_invalid_route() {
    let mut cluster = cluster();
    ready(&mut cluster);
    assert_eq!(rejected_objects(&cluster), Vec::<String>::new());
    cluster.insert(
        Kind::HttpRoute,
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": "bad", "namespace": MODEL},
            "spec": {"hostnames": ["Not A Hostname"]},
        }),
    );
    let problems = rejected_objects(&cluster);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("HTTPRoute bad: "), "{problems:?}");
}
