//! Secret hooks reach the reconcile; `secret-remove` drops the revision Juju names.

use integrator_fixtures as support;

use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Secret, SecretOwnership};
use support::{cluster, leader_state, run};

fn certificate_secret() -> Secret {
    Secret::new("secret:cert1", [("certificate", "v1")])
        .label("certificate-secret")
        .owner(SecretOwnership::App)
        .with_revision(2, [("certificate", "v2")])
}

#[test]
fn secret_remove_drops_the_untracked_revision_and_reconciles() {
    let mut cluster = cluster();
    let secret = certificate_secret();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .secret(secret.clone());
    let out = run(Event::secret_remove(&secret, 1), state, &mut cluster);
    assert!(out.exit.is_ok());
    let revisions: Vec<u64> = out
        .state
        .get_secret("secret:cert1")
        .unwrap()
        .revisions
        .keys()
        .copied()
        .collect();
    assert_eq!(revisions, vec![2]);
    assert_eq!(out.calls.get("secret-remove"), 1);
    // The reconcile ran too: the Gateway exists and the status says what it waits for.
    assert_eq!(
        cluster.names(charm_cluster::Kind::Gateway),
        vec![support::APP]
    );
    assert_eq!(
        out.state.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
}

#[test]
fn secret_remove_of_a_revision_already_gone_is_not_an_error() {
    let mut cluster = cluster();
    let secret = certificate_secret();
    let state = leader_state()
        .config("enforce-https", false)
        .secret(secret.clone());
    let out = run(Event::secret_remove(&secret, 7), state, &mut cluster);
    assert!(
        out.exit.is_ok(),
        "{:?}",
        out.exit.err().map(|e| e.to_string())
    );
}
