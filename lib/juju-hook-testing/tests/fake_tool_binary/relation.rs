//! The relation tools as processes: flag styles, environment defaults, stdin settings.

use juju_hook_testing::databag;
use serde_json::json;

use super::{Sandbox, demo};

#[test]
fn relation_get_accepts_both_flag_styles_and_env_defaults() {
    let sb = Sandbox::new(demo(false));
    assert_eq!(
        sb.json(
            "relation-get",
            &["--format=json", "-r", "website:4", "-", "client/0"]
        ),
        json!({"ip": "10.0.0.1"})
    );
    assert_eq!(
        sb.json(
            "relation-get",
            &["-r=4", "--app", "-", "client", "--format=json"]
        ),
        json!({"want": "tls"})
    );
    assert_eq!(
        sb.run("relation-get", &["-r", "website:4", "ip", "client/0"])
            .stdout,
        "10.0.0.1\n"
    );
    let env = [
        ("JUJU_RELATION_ID", "website:4"),
        ("JUJU_REMOTE_UNIT", "client/0"),
    ];
    let ran = sb.run_with("relation-get", &["--format=json"], &env, "");
    assert_eq!(ran.stdout, "{\"ip\":\"10.0.0.1\"}\n");
    assert_eq!(
        sb.json("relation-ids", &["website", "--format=json"]),
        json!(["website:4"])
    );
    assert_eq!(
        sb.json("relation-list", &["-r", "website:4", "--format=json"]),
        json!(["client/0"])
    );
    assert_eq!(
        sb.json(
            "relation-list",
            &["-r", "website:4", "--app", "--format=json"]
        ),
        json!("client")
    );
}

#[test]
fn unknown_relation_exits_2_with_jujus_message() {
    let sb = Sandbox::new(demo(true));
    let ran = sb.run(
        "relation-get",
        &["--format=json", "-r", "website:9", "-", "client/0"],
    );
    assert_eq!(ran.code, 2);
    assert_eq!(
        ran.stderr,
        "ERROR invalid value \"website:9\" for option -r: relation not found\n"
    );
    assert_eq!(ran.stdout, "");
    let ran = sb.run("relation-list", &["-r", "database:4"]);
    assert_eq!(ran.code, 2);
    let ran = sb.run("relation-get", &["-", "client/0"]);
    assert_eq!(
        (ran.code, ran.stderr.as_str()),
        (2, "ERROR no relation id specified\n")
    );
}

#[test]
fn relation_set_from_stdin_and_args() {
    let sb = Sandbox::new(demo(true));
    let ran = sb.run_with(
        "relation-set",
        &["-r", "website:4", "--app", "--file", "-", "extra=1"],
        &[],
        r#"{"url": "", "name": "demo"}"#,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        sb.file().state.relations[0].local_app_data,
        databag([("extra", "1"), ("name", "demo")])
    );
    let ran = sb.run_with(
        "relation-set",
        &["-r", "website:4", "--file", "-"],
        &[],
        r#"{"n": 1}"#,
    );
    assert_eq!(ran.code, 1);
    assert!(
        ran.stderr
            .starts_with("ERROR cannot parse settings: value of key \"n\""),
        "{}",
        ran.stderr
    );
}
