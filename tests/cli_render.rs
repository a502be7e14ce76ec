//! `render`: every example under examples/ renders exactly its checked-in expected output, and
//! bad input files get errors that name the field.

use std::path::{Path, PathBuf};
use std::process::Command;

use gateway_api_integrator::cli::{self, Command as CliCommand, OutputFormat};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Every input under examples/ (not the expected outputs).
fn example_inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("examples/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            (name.ends_with(".yaml") || name.ends_with(".json")) && !name.contains(".expected.")
        })
        .collect();
    inputs.sort();
    inputs
}

fn expected_path(input: &Path) -> PathBuf {
    input.with_extension("expected.yaml")
}

#[test]
fn every_example_renders_its_expected_output() {
    let inputs = example_inputs();
    assert!(inputs.len() >= 3, "examples missing: {inputs:?}");
    for input in inputs {
        let text = std::fs::read_to_string(&input).expect("example readable");
        let output = cli::render_text(&text, OutputFormat::Yaml)
            .unwrap_or_else(|e| panic!("{} failed: {e}", input.display()));
        let expected = std::fs::read_to_string(expected_path(&input))
            .unwrap_or_else(|e| panic!("{}: no expected output: {e}", input.display()));
        assert_eq!(
            format!("{}{}", output.notes, output.manifests),
            expected,
            "{} renders differently from its .expected.yaml",
            input.display()
        );
    }
}

#[test]
fn json_output_is_a_list_of_the_same_objects() {
    let input = examples_dir().join("ingress-http.yaml");
    let text = std::fs::read_to_string(input).expect("example readable");
    let json = cli::render_text(&text, OutputFormat::Json).expect("renders");
    let list: serde_json::Value = serde_json::from_str(&json.manifests).expect("valid JSON");
    assert_eq!(list["kind"], "List");
    let kinds: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["Gateway", "Service", "HTTPRoute"]);
    assert_eq!(
        list["items"][1]["metadata"]["name"],
        "gateway-api-integrator-flask-service"
    );
}

fn render_error(text: &str) -> String {
    cli::render_text(text, OutputFormat::Yaml).expect_err("input must be rejected")
}

#[test]
fn errors_name_the_field_and_the_reason() {
    assert_eq!(
        render_error("model: x\nconfg: {}\n"),
        "confg: unknown field, expected one of: app, model, config, gateway_classes, \
         gateway_address, relations"
    );
    assert_eq!(render_error("app: x\n"), "model: is required");
    assert_eq!(
        render_error("app: Bad_App\nmodel: x\n"),
        "app: it must be lowercase letters, digits and single hyphens, as Juju names are"
    );
    assert_eq!(
        render_error("model: Not/A/Namespace\n"),
        "model: it must be lowercase letters, digits and single hyphens, as Juju names are"
    );
    assert_eq!(
        render_error(r#"{"model": "x", "relations": {"gateway": {"app": 3}}}"#),
        "relations.gateway.app: invalid type: integer `3`, expected a string"
    );
    assert_eq!(
        render_error("model: x\nrelations:\n  gateway-route:\n    - app_data: {}\n"),
        "relations.gateway-route[0].app: is required"
    );
    assert_eq!(
        render_error(
            "model: x\nconfig: {gateway-class: c, enforce-https: false}\ngateway_classes: [c]\n\
             relations:\n  gateway:\n    app: f\n    app_data: {model: x, name: '\"f\"', port: 80}\n"
        ),
        "relations.gateway: gateway:1 application data: \"model\" is not valid JSON \
         (expected value at line 1 column 1)"
    );
    assert_eq!(
        render_error(
            "model: x\nconfig: {gateway-class: c, enforce-https: false}\ngateway_classes: [d]\n"
        ),
        "the charm would be Blocked: Gateway class must be one of: [d]"
    );
    assert_eq!(
        render_error(
            "model: x\nconfig: {gateway-class: c, enforce-https: false}\ngateway_classes: [c]\n\
             gateway_address: lb.example.com\n"
        ),
        "gateway_address: Unsupported gateway address: 'lb.example.com'. Only IPv4 addresses \
         are supported for now."
    );
}

#[test]
fn command_line_is_parsed() {
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(cli::parse(&args(&[])), Ok(CliCommand::Help));
    assert_eq!(cli::parse(&args(&["--version"])), Ok(CliCommand::Version));
    assert_eq!(
        cli::parse(&args(&["render", "-o", "json", "in.yaml"])),
        Ok(CliCommand::Render {
            file: "in.yaml".into(),
            format: OutputFormat::Json
        })
    );
    assert_eq!(
        cli::parse(&args(&["render"])),
        Err("render needs an input FILE (or - for stdin)".into())
    );
    assert_eq!(
        cli::parse(&args(&["frobnicate"])),
        Err("unknown command \"frobnicate\"".into())
    );
}

#[test]
fn the_binary_renders_an_example_and_prints_its_version() {
    let binary = env!("CARGO_BIN_EXE_gateway-api-integrator");
    let version = Command::new(binary)
        .arg("--version")
        .env_remove("JUJU_DISPATCH_PATH")
        .output()
        .expect("binary runs");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("gateway-api-integrator {}\n", env!("CARGO_PKG_VERSION"))
    );

    let input = examples_dir().join("ingress-http.yaml");
    let output = Command::new(binary)
        .arg("render")
        .arg(&input)
        .env_remove("JUJU_DISPATCH_PATH")
        .output()
        .expect("binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = std::fs::read_to_string(expected_path(&input)).expect("expected output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(format!("{stderr}{stdout}"), expected);

    let missing = Command::new(binary)
        .args(["render", "no-such-file.yaml"])
        .env_remove("JUJU_DISPATCH_PATH")
        .output()
        .expect("binary runs");
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .starts_with("gateway-api-integrator render: cannot read no-such-file.yaml:")
    );
}
