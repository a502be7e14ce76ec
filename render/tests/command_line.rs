//! The command line, parsed and run as a process: help, version, output formats, stdin, exit
//! codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use gateway_api_render::cli::{self, Command as CliCommand, USAGE, UsageError};
use gateway_api_render::output::OutputFormat;
use gateway_api_render::render::RenderOptions;

const BINARY: &str = env!("CARGO_BIN_EXE_gateway-api-render");

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn command_line_is_parsed() {
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let render = |file: &str, format, reveal_keys| CliCommand::Render {
        file: file.into(),
        format,
        options: RenderOptions { reveal_keys },
    };
    assert_eq!(cli::parse(&args(&["-h"])), Ok(CliCommand::Help));
    assert_eq!(
        cli::parse(&args(&["in.yaml", "--help"])),
        Ok(CliCommand::Help)
    );
    assert_eq!(cli::parse(&args(&["--version"])), Ok(CliCommand::Version));
    assert_eq!(
        cli::parse(&args(&["in.yaml"])),
        Ok(render("in.yaml", OutputFormat::Yaml, false))
    );
    assert_eq!(
        cli::parse(&args(&["-o", "json", "in.yaml"])),
        Ok(render("in.yaml", OutputFormat::Json, false))
    );
    assert_eq!(
        cli::parse(&args(&["--reveal-keys", "-", "--output=json"])),
        Ok(render("-", OutputFormat::Json, true))
    );
    assert_eq!(
        cli::parse(&args(&["--", "-o"])),
        Ok(render("-o", OutputFormat::Yaml, false))
    );
    assert_eq!(cli::parse(&args(&[])), Err(UsageError::NoFile));
    assert_eq!(
        cli::parse(&args(&["--output=xml", "in.yaml"])),
        Err(UsageError::Format("xml".into()))
    );
    assert_eq!(
        cli::parse(&args(&["in.yaml", "-o"])),
        Err(UsageError::FormatMissing)
    );
    assert_eq!(
        cli::parse(&args(&["--frobnicate", "in.yaml"])),
        Err(UsageError::UnknownOption("--frobnicate".into()))
    );
    assert_eq!(
        cli::parse(&args(&["render", "in.yaml"])),
        Err(UsageError::Unexpected("in.yaml".into()))
    );
}

#[test]
fn help_and_version() {
    let help = run(&["--help"]);
    assert!(help.status.success());
    assert_eq!(text(&help.stdout), USAGE);
    let usage = text(&help.stdout);
    for line in [
        "Usage: gateway-api-render [OPTIONS] FILE",
        "  -o, --output FORMAT  yaml (the default): a ---separated YAML stream; json: a Kubernetes",
        "      --reveal-keys    print the private keys given under certificates.issued in their TLS",
        "    issued: placeholder                #   placeholder, none, or {HOST: {certificate, key}}",
        "Databag values are JSON text, as `juju show-unit` prints them: '\"testing\"', not testing.",
        "Exit status: 0 rendered; 1 input rejected or the charm would be Blocked; 2 usage error.",
    ] {
        assert!(usage.lines().any(|l| l == line), "--help lacks {line:?}");
    }
    assert!(usage.lines().all(|line| line.chars().count() <= 100));

    let version = run(&["-V"]);
    assert_eq!(
        text(&version.stdout),
        format!("gateway-api-render {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_binary_renders_an_example_as_yaml_and_as_json() {
    let input = example("ingress-http.yaml");
    let output = run(&[input.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let expected = std::fs::read_to_string(example("ingress-http.expected.yaml")).expect("read");
    assert_eq!(
        format!("{}{}", text(&output.stderr), text(&output.stdout)),
        expected
    );

    let json = run(&["--output=json", input.to_str().expect("utf-8 path")]);
    assert_eq!(json.status.code(), Some(0), "{}", text(&json.stderr));
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
    assert_eq!(list["kind"], "List");
    let kinds: Vec<&str> = (list["items"].as_array().expect("items").iter())
        .map(|item| item["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["Gateway", "Service", "HTTPRoute"]);
    assert_eq!(text(&json.stderr), text(&output.stderr));
}

#[test]
fn stdin_is_read_and_errors_exit_1() {
    let mut child = Command::new(BINARY)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"model: x\nconfig: {gateway-class: c}\ngateway_classes: [c]\n")
        .expect("written");
    let blocked = child.wait_with_output().expect("exits");
    assert_eq!(blocked.status.code(), Some(1));
    assert!(blocked.stdout.is_empty());
    assert_eq!(
        text(&blocked.stderr),
        "gateway-api-render: stdin: the charm would be Blocked: Certificates relation is \
         needed if enforce-https is enabled.\n"
    );

    let missing = run(&["no-such-file.yaml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).starts_with("gateway-api-render: cannot read no-such-file.yaml: "),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    let output = run(&["--output", "xml", "in.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        text(&output.stderr),
        "gateway-api-render: --output must be yaml or json, not \"xml\"\n\
         Usage: gateway-api-render [OPTIONS] FILE (see gateway-api-render --help)\n"
    );
}
