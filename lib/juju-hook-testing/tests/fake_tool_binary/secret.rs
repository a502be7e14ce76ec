//! The secret tools as processes: labels, read modes, values from files.

use juju_hook_testing::{Secret, SecretOwnership, databag};
use serde_json::json;

use super::{Sandbox, demo};

#[test]
fn secrets_by_label_with_peek_and_refresh() {
    let consumed = Secret::new("secret:c1", [("password", "one")])
        .label("db")
        .with_revision(2, [("password", "two")]);
    let sb = Sandbox::new(demo(true).secret(consumed));
    assert_eq!(
        sb.json("secret-get", &["--format=json", "--label", "db"]),
        json!({"password": "one"})
    );
    assert_eq!(
        sb.json("secret-get", &["--format=json", "secret:c1", "--peek"]),
        json!({"password": "two"})
    );
    assert_eq!(
        sb.json("secret-get", &["--format=json", "--label=db"]),
        json!({"password": "one"})
    );
    assert_eq!(
        sb.json("secret-get", &["--format=json", "--label=db", "--refresh"]),
        json!({"password": "two"})
    );
    assert_eq!(
        sb.json("secret-get", &["--format=json", "--label=db"]),
        json!({"password": "two"})
    );
    let ran = sb.run("secret-get", &["--label", "nope"]);
    assert_eq!(
        (ran.code, ran.stderr.as_str()),
        (1, "ERROR secret with label \"nope\" not found\n")
    );
    let ran = sb.run("secret-get", &["secret:c1", "--peek", "--refresh"]);
    assert_eq!(ran.code, 2);
}

#[test]
fn secret_add_from_files_then_info_and_ids() {
    let sb = Sandbox::new(demo(true));
    let value = sb.dir.path().join("v");
    std::fs::write(&value, "s3cret").unwrap();
    let arg = format!("tls-key#file={}", value.display());
    let ran = sb.run(
        "secret-add",
        &[
            "--label",
            "tls",
            "--owner",
            "application",
            "--description=d",
            &arg,
        ],
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let id = ran.stdout.trim().to_owned();
    assert!(id.starts_with("secret:"), "{id}");
    assert!(!ran.stdout.contains("s3cret"));
    let bare = id.trim_start_matches("secret:");
    assert_eq!(
        sb.json("secret-info-get", &["--format=json", "--label", "tls"]),
        json!({bare: {"revision": 1, "label": "tls", "owner": "application", "description": "d"}})
    );
    assert_eq!(sb.json("secret-ids", &["--format=json"]), json!([id]));
    assert_eq!(sb.run("secret-set", &[&id, "tls-key=rotated"]).code, 0);
    assert_eq!(sb.run("secret-remove", &[&id, "--revision", "1"]).code, 0);
    let file = sb.file();
    let secret = file.state.get_secret(&id).unwrap();
    assert_eq!(secret.owner, Some(SecretOwnership::App));
    assert_eq!(
        secret.revisions.keys().copied().collect::<Vec<_>>(),
        vec![2]
    );
    assert_eq!(secret.revisions[&2], databag([("tls-key", "rotated")]));
}
