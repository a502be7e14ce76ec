//! Drive the `fake-hook-tool` binary directly, as a charm would: argv, stdin, exit codes.

mod relation;
mod secret;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use juju_hook::Status;
use juju_hook_testing::{Relation, STATE_FILE_ENV, State, StateFile, databag, link_tools};
use serde_json::{Value, json};

struct Sandbox {
    dir: tempfile::TempDir,
}

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Sandbox {
    fn new(state: State) -> Self {
        let dir = tempfile::tempdir().unwrap();
        link_tools(
            env!("CARGO_BIN_EXE_fake-hook-tool").as_ref(),
            &dir.path().join("tools"),
        )
        .unwrap();
        let mut file = StateFile::new(state);
        file.config_defaults =
            serde_json::from_value(json!({"hostname": "demo.local", "ratio": null})).unwrap();
        file.write(&dir.path().join("state.json")).unwrap();
        Self { dir }
    }

    fn tool(&self, name: &str) -> PathBuf {
        self.dir.path().join("tools").join(name)
    }

    fn run_with(&self, tool: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Ran {
        let mut child = Command::new(self.tool(tool))
            .args(args)
            .env_clear()
            .env(STATE_FILE_ENV, self.dir.path().join("state.json"))
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        Ran {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    fn run(&self, tool: &str, args: &[&str]) -> Ran {
        self.run_with(tool, args, &[], "")
    }

    fn json(&self, tool: &str, args: &[&str]) -> Value {
        let ran = self.run(tool, args);
        assert_eq!(ran.code, 0, "{tool} {args:?}: {}", ran.stderr);
        serde_json::from_str(&ran.stdout).unwrap()
    }

    fn file(&self) -> StateFile {
        StateFile::read(&self.dir.path().join("state.json")).unwrap()
    }
}

fn demo(leader: bool) -> State {
    State::new("demo")
        .leader(leader)
        .config("hostname", "web")
        .relation(
            Relation::new("website", "http", 4, "client")
                .local_app_data([("url", "u")])
                .remote_app_data([("want", "tls")])
                .remote_unit("client/0", [("ip", "10.0.0.1")]),
        )
}

#[test]
fn config_get_and_is_leader() {
    let sb = Sandbox::new(demo(true));
    assert_eq!(
        sb.json("config-get", &["--all", "--format=json"]),
        json!({"hostname": "web", "ratio": null})
    );
    assert_eq!(
        sb.json("config-get", &["--format", "json"]),
        json!({"hostname": "web"})
    );
    assert_eq!(sb.run("config-get", &["hostname"]).stdout, "web\n");
    assert_eq!(sb.json("is-leader", &["--format=json"]), json!(true));
    assert_eq!(sb.run("is-leader", &[]).stdout, "True\n");
}

#[test]
fn goal_state_lists_the_units() {
    let sb = Sandbox::new(demo(true));
    assert_eq!(
        sb.json("goal-state", &["--format=json"]),
        json!({"units": {"demo/0": {"status": "active", "since": "2026-01-01 00:00:00Z"}},
               "relations": {}})
    );
    let sb = Sandbox::new(
        demo(true)
            .goal_unit("demo/0", "dying")
            .goal_unit("demo/1", "active"),
    );
    let goal: juju_hook::GoalState =
        serde_json::from_value(sb.json("goal-state", &["--format=json"])).unwrap();
    assert_eq!(
        goal,
        juju_hook::GoalState::of([("demo/0", "dying"), ("demo/1", "active")])
    );
    assert_eq!(goal.planned_units(), 1);
}

#[test]
fn permission_errors_exit_1() {
    let sb = Sandbox::new(demo(false));
    let ran = sb.run_with(
        "relation-set",
        &["-r", "website:4", "--app", "--file", "-"],
        &[],
        r#"{"url":"x"}"#,
    );
    assert_eq!(
        (ran.code, ran.stderr.as_str()),
        (1, "ERROR cannot write relation settings\n")
    );
    let ran = sb.run(
        "relation-get",
        &["--format=json", "-r", "website:4", "--app", "-", "demo"],
    );
    assert_eq!(
        (ran.code, ran.stderr.as_str()),
        (1, "ERROR permission denied\n")
    );
    let ran = sb.run("status-set", &["--application=True", "active"]);
    assert_eq!(
        (ran.code, ran.stderr.as_str()),
        (
            1,
            "ERROR setting application status: this unit is not the leader\n"
        )
    );
    let ran = sb.run("secret-add", &["key=v"]);
    assert_eq!(
        (ran.code, ran.stderr.as_str()),
        (1, "ERROR this unit is not the leader\n")
    );
    assert_eq!(
        sb.file().state.relations[0].local_app_data,
        databag([("url", "u")])
    );
}

#[test]
fn status_log_and_usage_errors() {
    let sb = Sandbox::new(demo(true));
    assert_eq!(
        sb.run(
            "status-set",
            &["--application", "blocked", "--", "need config"]
        )
        .code,
        0
    );
    assert_eq!(sb.run("status-set", &["maintenance"]).code, 0);
    assert_eq!(
        sb.run(
            "juju-log",
            &["--log-level", "WARNING", "--", "hello", "world"]
        )
        .code,
        0
    );
    assert_eq!(sb.run("juju-log", &["-l=debug", "x"]).code, 0);
    let bad = sb.run("status-set", &["broken"]);
    assert_eq!(
        (bad.code, bad.stderr.as_str()),
        (
            2,
            "ERROR invalid status \"broken\", expected one of [maintenance blocked waiting active]\n"
        )
    );
    let bad = sb.run("status-set", &["--bogus", "active"]);
    assert_eq!(
        (bad.code, bad.stderr.as_str()),
        (2, "ERROR option provided but not defined: --bogus\n")
    );
    let file = sb.file();
    assert_eq!(
        file.state.app_status,
        Some(Status::Blocked("need config".into()))
    );
    assert_eq!(
        file.state.unit_status,
        Some(Status::Maintenance(String::new()))
    );
    assert_eq!(file.state.juju_log[0].message, "hello world");
    assert_eq!(file.state.juju_log[1].level, "DEBUG");
    assert_eq!(file.calls.get("status-set"), 4);
    assert_eq!(file.calls.total(), 6);
}

#[test]
fn action_tools() {
    let sb = Sandbox::new(demo(true).action_param("length", 32));
    let outside = sb.run("action-get", &["--format=json"]);
    assert_eq!(
        (outside.code, outside.stderr.as_str()),
        (1, "ERROR not running an action\n")
    );
    let env = [("JUJU_ACTION_NAME", "rotate-key")];
    let got = sb.run_with("action-get", &["--format=json", "length"], &env, "");
    assert_eq!(got.stdout, "32\n");
    assert_eq!(
        sb.run_with("action-set", &["result.key=v", "n=1"], &env, "")
            .code,
        0
    );
    assert_eq!(sb.run_with("action-set", &["Bad=1"], &env, "").code, 2);
    assert_eq!(
        sb.run_with("action-fail", &["--", "nope"], &env, "").code,
        0
    );
    let state = sb.file().state;
    assert_eq!(
        state.action_results,
        databag([("n", "1"), ("result.key", "v")])
    );
    assert_eq!(state.action_failure.as_deref(), Some("nope"));
}

#[test]
fn unknown_tool_name_and_missing_state_file() {
    let sb = Sandbox::new(demo(true));
    let bogus = sb.dir.path().join("tools/open-port");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fake-hook-tool"), &bogus).unwrap();
    let out = Command::new(&bogus)
        .env(STATE_FILE_ENV, "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ERROR fake-hook-tool: unknown hook tool \"open-port\"\n"
    );
    let out = Command::new(sb.tool("is-leader"))
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ERROR FAKE_JUJU_STATE is not set\n"
    );
}
