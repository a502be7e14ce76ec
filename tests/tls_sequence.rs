//! TLS in ingress mode with real cryptography (a test CA): issue, renew, revoke, hostname
//! change, relation broken — exact databags, Juju secrets, Kubernetes Secrets and statuses.

use integrator_fixtures as support;
use integrator_fixtures::ca as test_ca;
use integrator_fixtures::tls as tls_support;

use std::collections::BTreeMap;

use charm_tls::plan::rfc3339;
use charm_tls::{Certificate, CertificateTarget, secret_label};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, SecretOwnership};
use support::APP;
use test_ca::TestCa;
use tls_support::*;

fn https_listener(host: &str) -> (String, String, String) {
    (
        format!("{APP}-https-{}", host.replace('.', "-")),
        host.to_owned(),
        format!("{APP}-secret-{host}"),
    )
}

#[test]
fn issue_renew_revoke_hostname_change_and_break() {
    let ca = TestCa::new();

    // relation-created: one CSR for the hostname, with our key; nothing served yet.
    let (state, mut cluster) = related();
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 1);
    let first = csr(&csrs[0]);
    assert!(first.is_request_for(&CertificateTarget::Dns(HOST.into()), &key(), true));
    assert_eq!(first.common_name(), Some(HOST));
    assert_eq!(first.dns_names(), [HOST.to_owned()]);
    assert_eq!(state.unit_status, Some(waiting_for(HOST)));
    assert!(secret_names(&cluster).is_empty());
    assert!(https_listeners(&cluster).is_empty());
    // The key secret was only read.
    assert_eq!(state.secrets, vec![key_secret()]);

    // The provider issues: TLS Secret (chain leaf first, our key), HTTPS listener, Active,
    // and the library's certificate secret expiring at 90 % of the validity.
    let entry = issued(&ca, &csrs[0], day(-1), day(89));
    let state = with_provider(state, vec![entry.clone()]);
    let state = step(
        Event::relation_changed(
            state.get_relation(CERTS).unwrap(),
            Some("self-signed-certificates/0"),
        ),
        state,
        &mut cluster,
    );
    assert_eq!(our_csrs(&state), csrs, "the bag is not rewritten");
    assert_eq!(
        tls_secret(&cluster, HOST),
        Some((format!("{}\n\n{}", entry.certificate, ca.pem()), key_pem()))
    );
    assert_eq!(https_listeners(&cluster), vec![https_listener(HOST)]);
    assert_eq!(state.unit_status, Some(active()));
    let stored = certificate_secret(&state, &csrs[0]).expect("certificate secret stored");
    assert_eq!(stored.owner, Some(SecretOwnership::App));
    assert_eq!(
        stored.latest_content(),
        Some(&BTreeMap::from([
            ("certificate".to_owned(), entry.certificate.clone()),
            ("csr".to_owned(), csrs[0].clone()),
        ]))
    );
    let renew_at = Certificate::from_pem(&entry.certificate)
        .unwrap()
        .renew_at();
    assert_eq!(
        renew_at,
        day(-1) + day(89).duration_since(day(-1)).unwrap() * 9 / 10
    );
    assert_eq!(stored.expire, Some(rfc3339(renew_at)));
    assert!(stored.expire.as_deref().unwrap().ends_with('Z'));
    let stored = stored.clone();

    // get-certificate returns what is served, as the provider sent it.
    let out = support::run(
        Event::action("get-certificate"),
        state.clone().action_param("hostname", HOST),
        &mut cluster,
    );
    assert!(out.exit.is_ok());
    assert_eq!(out.state.action_failure, None);
    assert_eq!(
        out.state.action_results,
        BTreeMap::from([
            ("certificate".to_owned(), entry.certificate.clone()),
            ("ca".to_owned(), ca.pem().to_owned()),
            (
                "chain".to_owned(),
                format!("{}\n\n{}", entry.certificate, ca.pem())
            ),
        ])
    );

    // Near expiry (the provider's certificate is 85 of 90 days old): secret-expired on the
    // certificate secret renews the request; the old certificate is still served.
    let old = issued(&ca, &csrs[0], day(-85), day(5));
    let state = with_provider(state, vec![old.clone()]);
    let state = step(Event::secret_expired(&stored, 1), state, &mut cluster);
    let renewed = our_csrs(&state);
    assert_eq!(renewed.len(), 1);
    assert_ne!(renewed[0], csrs[0]);
    assert!(csr(&renewed[0]).is_request_for(&CertificateTarget::Dns(HOST.into()), &key(), true));
    assert_ne!(csr(&renewed[0]).unique_id(), first.unique_id());
    assert_eq!(
        certificate_secret(&state, &csrs[0]),
        None,
        "withdrawn CSR's secret removed"
    );
    assert_eq!(
        tls_secret(&cluster, HOST).map(|(crt, _)| crt),
        Some(format!("{}\n\n{}", old.certificate, ca.pem()))
    );
    assert_eq!(state.unit_status, Some(active()));

    // The provider answers the new CSR (and drops the old one): the new chain is served.
    let fresh = issued(&ca, &renewed[0], day(-1), day(89));
    let state = with_provider(state, vec![fresh.clone()]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    assert_eq!(our_csrs(&state), renewed);
    assert_eq!(
        tls_secret(&cluster, HOST),
        Some((format!("{}\n\n{}", fresh.certificate, ca.pem()), key_pem()))
    );
    assert!(certificate_secret(&state, &renewed[0]).is_some());
    assert_eq!(state.unit_status, Some(active()));

    // Revoked: withdrawn and re-requested; nothing served meanwhile.
    let revoked = relation_data::tls_certificates::ProviderCertificate {
        revoked: true,
        ..fresh
    };
    let state = with_provider(state, vec![revoked]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    let after_revoke = our_csrs(&state);
    assert_eq!(after_revoke.len(), 1);
    assert_ne!(after_revoke[0], renewed[0]);
    assert!(csr(&after_revoke[0]).is_request_for(
        &CertificateTarget::Dns(HOST.into()),
        &key(),
        true
    ));
    assert_eq!(certificate_secret(&state, &renewed[0]), None);
    assert!(secret_names(&cluster).is_empty());
    assert!(https_listeners(&cluster).is_empty());
    assert_eq!(state.unit_status, Some(waiting_for(HOST)));

    // Reissued, then the hostname changes: the old CSR and Secret go, a CSR for the new name.
    let reissued = issued(&ca, &after_revoke[0], day(-1), day(89));
    let state = with_provider(state, vec![reissued]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    assert_eq!(secret_names(&cluster), vec![format!("{APP}-secret-{HOST}")]);
    let state = state.config("external-hostname", "api.example.com");
    let state = step(Event::ConfigChanged, state, &mut cluster);
    let moved = our_csrs(&state);
    assert_eq!(moved.len(), 1);
    assert!(csr(&moved[0]).is_request_for(
        &CertificateTarget::Dns("api.example.com".into()),
        &key(),
        true
    ));
    assert_eq!(certificate_secret(&state, &after_revoke[0]), None);
    assert!(secret_names(&cluster).is_empty());
    assert!(https_listeners(&cluster).is_empty());
    assert_eq!(state.unit_status, Some(waiting_for("api.example.com")));

    // Issued for the new name, then the relation breaks with enforce-https off: HTTP only.
    let api = issued(&ca, &moved[0], day(-1), day(89));
    let state = with_provider(state, vec![api]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    assert_eq!(
        https_listeners(&cluster),
        vec![https_listener("api.example.com")]
    );
    let state = state.config("enforce-https", false);
    let broken = state.get_relation(CERTS).unwrap().clone();
    let state = step(Event::relation_broken(&broken), state, &mut cluster);
    assert!(secret_names(&cluster).is_empty());
    assert!(https_listeners(&cluster).is_empty());
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
        )))
    );
    // As the library does, the key and certificate secrets go with the relation.
    assert_eq!(state.secrets, vec![]);
}

/// `certificates-relation-broken` removes the application key (under both labels the library
/// has used) and every certificate secret of the relation, and nothing else: a secret of
/// another label and a secret the charm only consumes stay. Calls: one `secret-ids`, one
/// `secret-info-get` per owned secret, one `secret-remove` per removed secret.
#[test]
fn relation_broken_removes_the_key_and_certificate_secrets_only() {
    let (state, mut cluster) = related();
    let csrs = our_csrs(&state);
    let ca = TestCa::new();
    let state = with_provider(state, vec![issued(&ca, &csrs[0], day(-1), day(89))]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    assert!(certificate_secret(&state, &csrs[0]).is_some());
    let legacy_key =
        juju_hook_testing::Secret::new("secret:cv1legacykey0000000", [("private-key", "x")])
            .label(secret_label::legacy_private_key("certificates"))
            .owner(SecretOwnership::App);
    let stale_certificate =
        juju_hook_testing::Secret::new("secret:cv1stalecert00000000", [("certificate", "x")])
            .label(secret_label::certificate("certificates", "an old csr"))
            .owner(SecretOwnership::App);
    let other_owned = juju_hook_testing::Secret::new("secret:cv1otherowned0000000", [("k", "v")])
        .label("something-else")
        .owner(SecretOwnership::App);
    let consumed = juju_hook_testing::Secret::new("secret:cv1consumed000000000", [("k", "v")])
        .label(secret_label::private_key("certificates") + "-consumed");
    let state = state
        .config("enforce-https", false)
        .secret(legacy_key)
        .secret(stale_certificate)
        .secret(other_owned.clone())
        .secret(consumed.clone());
    assert_eq!(state.secrets.len(), 6);

    let broken = state.get_relation(CERTS).unwrap().clone();
    let out = support::run(Event::relation_broken(&broken), state, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.state.secrets, vec![other_owned, consumed]);
    assert_eq!(out.calls.get("secret-ids"), 1);
    assert_eq!(out.calls.get("secret-info-get"), 5);
    assert_eq!(out.calls.get("secret-remove"), 4);
    assert!(secret_names(&cluster).is_empty());

    // A later relation starts with a new key.
    let mut state = out.state;
    state.relations.retain(|relation| relation.id != CERTS);
    let state = relate_certificates(state, &mut cluster);
    let new_key = state
        .get_secret_by_label(&secret_label::private_key("certificates"))
        .expect("a new key secret");
    assert_ne!(
        new_key.revisions[&new_key.tracked]["private-key"].trim(),
        key_pem()
    );
    assert!(!csr(&our_csrs(&state)[0]).is_request_for(
        &CertificateTarget::Dns(HOST.into()),
        &key(),
        true
    ));
}

/// Breaking another relation leaves the TLS secrets alone.
#[test]
fn other_relations_breaking_keep_the_tls_secrets() {
    let (state, mut cluster) = related();
    let before = state.secrets.clone();
    let ingress = state.get_relation(INGRESS).unwrap().clone();
    let out = support::run(Event::relation_broken(&ingress), state, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.state.secrets, before);
    assert_eq!(out.calls.get("secret-ids"), 0);
}

#[test]
fn csr_is_published_before_the_gateway_has_an_address() {
    let mut cluster = support::cluster();
    let state = base_state().relation(certificates_relation());
    let state = step(
        Event::relation_created(&certificates_relation()),
        state,
        &mut cluster,
    );
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 1);
    assert!(csr(&csrs[0]).is_request_for(&CertificateTarget::Dns(HOST.into()), &key(), true));
    assert_eq!(state.unit_status, Some(waiting_for(HOST)));
}
