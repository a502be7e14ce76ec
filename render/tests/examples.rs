//! Every example under examples/ renders exactly its checked-in `.expected.yaml`; the JSON
//! output holds the same objects; the default configuration with placeholder certificates
//! renders HTTPS.

use std::path::{Path, PathBuf};

use gateway_api_render::cli::render_text;
use gateway_api_render::output::OutputFormat;
use gateway_api_render::render::RenderOptions;
use serde_json::Value;

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
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

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn render(name: &str, format: OutputFormat) -> gateway_api_render::cli::RenderOutput {
    let text = read(&examples_dir().join(name));
    render_text(&text, format, RenderOptions::default()).expect("renders")
}

#[test]
fn every_example_renders_its_expected_output() {
    let inputs = example_inputs();
    assert!(inputs.len() >= 5, "examples missing: {inputs:?}");
    for input in inputs {
        let output = render_text(&read(&input), OutputFormat::Yaml, RenderOptions::default())
            .unwrap_or_else(|e| panic!("{} failed: {e}", input.display()));
        let expected = read(&input.with_extension("expected.yaml"));
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
    let yaml = render("ingress-https.yaml", OutputFormat::Yaml);
    let json = render("ingress-https.yaml", OutputFormat::Json);
    assert_eq!(json.notes, yaml.notes);
    let list: Value = serde_json::from_str(&json.manifests).expect("valid JSON");
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    let documents: Vec<Value> = yaml
        .manifests
        .split("---\n")
        .filter(|document| !document.is_empty())
        .map(|document| serde_saphyr::from_str(document).expect("valid YAML"))
        .collect();
    assert_eq!(list["items"], Value::Array(documents));
}

fn kinds_and_names(list: &Value) -> Vec<(String, String)> {
    let items = list["items"].as_array().expect("items");
    items
        .iter()
        .map(|item| {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            (text(&item["kind"]), text(&item["metadata"]["name"]))
        })
        .collect()
}

#[test]
fn the_default_configuration_with_placeholder_certificates_renders_https() {
    let text = read(&examples_dir().join("ingress-https.yaml"));
    let document: Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let config = document["config"].as_object().expect("a config");
    assert!(!config.contains_key("enforce-https"), "the default");
    assert!(!config.contains_key("hsts-max-age"), "the default");
    let output = render("ingress-https.yaml", OutputFormat::Json);
    assert_eq!(
        output.notes,
        "# status: active: Gateway addresses: 10.0.0.7\n\
         # ingress url: https://www.example.com/testing-flask\n\
         # certificates: placeholders (PLACEHOLDER - NOT A CERTIFICATE) for www.example.com\n"
    );
    let list: Value = serde_json::from_str(&output.manifests).expect("valid JSON");
    let app = "gateway-api-integrator";
    let expected: Vec<(String, String)> = [
        ("Secret", format!("{app}-secret-www.example.com")),
        ("Gateway", app.to_owned()),
        ("Service", format!("{app}-flask-service")),
        ("HTTPRoute", format!("{app}-http")),
        ("HTTPRoute", format!("{app}-flask-1-https-www-example-com")),
    ]
    .into_iter()
    .map(|(kind, name)| (kind.to_owned(), name))
    .collect();
    assert_eq!(kinds_and_names(&list), expected);
    let items = &list["items"];
    let https = &items[1]["spec"]["listeners"][1];
    assert_eq!(https["protocol"], "HTTPS");
    assert_eq!(https["port"], 443);
    let redirect = &items[3]["spec"]["rules"][0]["filters"][0];
    assert_eq!(redirect["requestRedirect"]["scheme"], "https");
    assert_eq!(redirect["requestRedirect"]["statusCode"], 301);
    let hsts = &items[4]["spec"]["rules"][0]["filters"][0]["responseHeaderModifier"]["add"][0];
    assert_eq!(hsts["name"], "Strict-Transport-Security");
    assert_eq!(hsts["value"], "max-age=31536000");
}

#[test]
fn placeholders_are_plainly_not_certificates_and_do_not_change() {
    let output = render("ingress-https.yaml", OutputFormat::Json);
    let list: Value = serde_json::from_str(&output.manifests).expect("valid JSON");
    let data = &list["items"][0]["data"];
    let decoded = |key: &str| -> String {
        let bytes: k8s_openapi::ByteString =
            serde_json::from_value(data[key].clone()).expect("base64");
        String::from_utf8(bytes.0).expect("text")
    };
    let note = "written by gateway-api-render; the charm serves the certificate its \
                certificates provider issues\n";
    assert_eq!(
        decoded("tls.crt"),
        format!("PLACEHOLDER - NOT A CERTIFICATE for www.example.com\n{note}")
    );
    assert_eq!(
        decoded("tls.key"),
        format!("PLACEHOLDER - NOT A PRIVATE KEY for www.example.com\n{note}")
    );
    assert_eq!(render("ingress-https.yaml", OutputFormat::Json), output);
}
