//! What `gateway-api-render` prints: manifests for stdout, `# key: value` notes for stderr.

use serde_json::{Value, json};

use crate::certificates::PLACEHOLDER_CERTIFICATE;
use crate::render::Rendered;

/// Output format of the manifests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// A `---`-separated YAML stream.
    #[default]
    Yaml,
    /// A Kubernetes `List` in JSON.
    Json,
}

/// Why the manifests cannot be written (not expected: they are JSON values).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The YAML serializer failed.
    #[error("cannot write YAML: {0}")]
    Yaml(#[from] serde_saphyr::SerializeError),
}

/// The manifests in `format`.
pub fn manifests(objects: &[Value], format: OutputFormat) -> Result<String, OutputError> {
    match format {
        OutputFormat::Yaml => to_yaml_stream(objects),
        OutputFormat::Json => Ok(to_json_list(objects)),
    }
}

/// A YAML stream: one `---`-separated document per object.
pub fn to_yaml_stream(objects: &[Value]) -> Result<String, OutputError> {
    let mut out = String::new();
    for object in objects {
        out.push_str("---\n");
        out.push_str(&serde_saphyr::to_string(object)?);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// A Kubernetes `List` holding the objects, pretty-printed JSON.
pub fn to_json_list(objects: &[Value]) -> String {
    let list = json!({ "apiVersion": "v1", "kind": "List", "items": objects });
    format!("{list:#}\n")
}

/// The notes for stderr, one `# key: value` line each: the status, the ingress URL, the
/// endpoints of each routed ISD259 gateway-route requirer, the answer to each
/// istio-ingress-route requirer, and the placeholder certificates.
pub fn notes(rendered: &Rendered) -> String {
    let mut notes = format!("# status: {}\n", rendered.status);
    if let Some(url) = &rendered.ingress_url {
        notes.push_str(&format!("# ingress url: {url}\n"));
    }
    for (relation, urls) in &rendered.route_endpoints {
        notes.push_str(&format!("# {relation} endpoints: {}\n", urls.join(", ")));
    }
    for (relation, answer) in &rendered.istio_answers {
        notes.push_str(&format!("# {relation} answer: {answer}\n"));
    }
    if !rendered.placeholders.is_empty() {
        notes.push_str(&format!(
            "# certificates: placeholders ({PLACEHOLDER_CERTIFICATE}) for {}\n",
            rendered.placeholders.join(", ")
        ));
    }
    notes
}
