//! Rejected inputs: each message names the field by its path and says what to write.

use gateway_api_render::cli::render_text;
use gateway_api_render::output::OutputFormat;
use gateway_api_render::render::RenderOptions;

fn render_error(text: &str) -> String {
    render_text(text, OutputFormat::Yaml, RenderOptions::default())
        .expect_err("input must be rejected")
}

/// A valid HTTP-only deployment followed by `relations`.
const HTTP: &str = "model: x\nconfig: {gateway-class: c, enforce-https: false}\n\
                    gateway_classes: [c]\n";

#[test]
fn unknown_keys_are_rejected_with_the_valid_ones() {
    assert_eq!(
        render_error("model: x\nconfg: {}\n"),
        "confg: unknown field `confg`, expected one of app, model, config, gateway_classes, \
         gateway_address, relations, certificates at line 2, column 1"
    );
    assert_eq!(
        render_error("model: x\nrelations:\n  gateway:\n    app: f\n    app-data: {}\n"),
        "relations.gateway.app-data: unknown field `app-data`, expected one of id, app, \
         app_data, units at line 5, column 5"
    );
    assert_eq!(
        render_error("model: x\nrelations: {gateway_route: []}\n"),
        "relations.gateway_route: unknown field `gateway_route`, expected one of gateway, \
         gateway-route, istio-ingress-route at line 2, column 13"
    );
    assert_eq!(
        render_error("model: x\ncertificates: {issue: placeholder}\n"),
        "certificates.issue: unknown field `issue`, expected one of issued at line 2, column 16"
    );
    assert_eq!(
        render_error(
            "model: x\ncertificates:\n  issued:\n    a.example.com: {certificate: c, key: k, ca: x}\n"
        ),
        "certificates.issued.a.example.com.ca: unknown field `ca`, expected one of \
         certificate, key, chain at line 4, column 45"
    );
    // JSON input: serde_json's words, the same path.
    assert_eq!(
        render_error(r#"{"model": "x", "relations": {"gateway": {"app": "f", "unit": {}}}}"#),
        "relations.gateway.unit: unknown field `unit`, expected one of `id`, `app`, \
         `app_data`, `units` at line 1 column 59"
    );
}

#[test]
fn a_databag_value_that_is_not_json_gets_what_to_write() {
    let ingress = |app_data: &str, units: &str| {
        format!("{HTTP}relations:\n  gateway:\n    app: f\n    app_data: {app_data}\n{units}")
    };
    assert_eq!(
        render_error(&ingress("{model: testing, name: '\"f\"', port: 80}", "")),
        "relations.gateway.app_data.model: databag values are JSON; write model: '\"testing\"'"
    );
    assert_eq!(
        render_error(&ingress(
            "{model: '\"x\"', name: '\"f\"', port: 80}",
            "    units: {f/0: {host: f-0.f-endpoints}}\n"
        )),
        "relations.gateway.units.f/0.host: databag values are JSON; write host: '\"f-0.f-endpoints\"'"
    );
    assert_eq!(
        render_error(&format!(
            "{HTTP}relations:\n  gateway-route:\n    - app: web\n      app_data: {{hostname: it's.example.com}}\n"
        )),
        "relations.gateway-route[0].app_data.hostname: databag values are JSON; \
         write hostname: '\"it''s.example.com\"'"
    );
    // In a JSON file, the hint is JSON.
    assert_eq!(
        render_error(
            r#"{"model": "x", "config": {"gateway-class": "c", "enforce-https": false},
                "gateway_classes": ["c"],
                "relations": {"gateway": {"app": "f", "app_data": {"model": "testing"}}}}"#
        ),
        r#"relations.gateway.app_data.model: databag values are JSON; write "model": "\"testing\"""#
    );
}

#[test]
fn other_relation_data_errors_name_the_value() {
    assert_eq!(
        render_error(&format!(
            "{HTTP}relations:\n  gateway:\n    app: f\n    app_data: {{model: '\"x\"', name: '\"f\"', port: '\"80\"'}}\n"
        )),
        "relations.gateway.app_data.port: must be an integer, not a string"
    );
    assert_eq!(
        render_error(&format!(
            "{HTTP}relations:\n  gateway:\n    app: f\n    app_data: {{model: '\"x\"', port: 80}}\n"
        )),
        "relations.gateway.app_data.name: is missing"
    );
    // A rule of the charm's, not of the interface: the databag is named.
    assert_eq!(
        render_error(&format!(
            "{HTTP}relations:\n  gateway-route:\n    - app: r\n      app_data:\n        \
             hostname: '\"a.example.com\"'\n        model: '\"other\"'\n        name: '\"w\"'\n        port: 80\n"
        )),
        "relations.gateway-route[0].app_data: cross-model routes are not supported: the \
         workload is in model \"other\", not \"x\""
    );
}

#[test]
fn required_fields_and_names_are_checked() {
    assert_eq!(
        render_error("app: x\n"),
        "model: is required; the Juju model, the namespace of every object: write e.g. \
         `model: testing`"
    );
    assert_eq!(
        render_error("model: x\nrelations:\n  gateway-route:\n    - app_data: {}\n"),
        "relations.gateway-route[0].app: is required; the remote application's name: write \
         e.g. `app: flask`"
    );
    assert_eq!(
        render_error("app: Bad_App\nmodel: x\n"),
        "app: it must be lowercase letters, digits and single hyphens, as Juju names are at \
         line 1, column 6"
    );
    assert_eq!(
        render_error(r#"{"model": "x", "relations": {"gateway": {"app": 3}}}"#),
        "relations.gateway.app: invalid type: integer `3`, expected a string at line 1 column 49"
    );
    assert_eq!(
        render_error("# nothing but a comment\n"),
        "the input is empty; it needs at least the model, e.g. `model: testing`"
    );
}

#[test]
fn blocked_states_and_bad_addresses_are_rejected() {
    assert_eq!(
        render_error(
            "model: x\nconfig: {gateway-class: c, enforce-https: false}\ngateway_classes: [d]\n"
        ),
        "the charm would be Blocked: Gateway class must be one of: [d]"
    );
    assert_eq!(
        render_error("model: x\nconfig: {gateway-class: c}\ngateway_classes: [c]\n"),
        "the charm would be Blocked: Certificates relation is needed if enforce-https is enabled."
    );
    assert_eq!(
        render_error(&format!("{HTTP}gateway_address: lb_example!\n")),
        "gateway_address: Unsupported gateway address: 'lb_example!': neither an IP address \
         nor a hostname."
    );
}

/// The default configuration on `www.example.com` with the given `certificates` section.
fn https(certificates: &str) -> String {
    format!(
        "model: x\nconfig: {{gateway-class: c, external-hostname: www.example.com}}\n\
         gateway_classes: [c]\ngateway_address: 10.0.0.7\ncertificates: {certificates}\n"
    )
}

#[test]
fn the_certificates_section_is_checked() {
    assert_eq!(
        render_error(&https("{issued: yes}")),
        "certificates.issued: invalid type: boolean `true`, expected `placeholder`, `none`, or \
         a mapping from hostname to {certificate, key, chain} at line 5, column 16"
    );
    assert_eq!(
        render_error(&https(
            "{issued: {other.example.com: {certificate: c, key: k}}}"
        )),
        "certificates.issued.other.example.com: the charm would not request a certificate for \
         other.example.com; it requests: www.example.com"
    );
    assert_eq!(
        render_error(&https(
            "{issued: {www.example.com: {certificate: c, key: k}}}"
        )),
        "certificates.issued.www.example.com.certificate: must be a PEM certificate \
         (-----BEGIN CERTIFICATE-----)"
    );
    // A configuration that does not parse is reported as the charm reports it.
    assert_eq!(
        render_error(
            "model: x\nconfig: {gateway-class: c, hsts-max-age: -1}\ngateway_classes: [c]\n\
             certificates: {issued: {www.example.com: {certificate: c, key: k}}}\n"
        ),
        "the charm would be Blocked: invalid configuration: hsts-max-age must be 0 or more"
    );
    // Related, nothing issued yet: the charm waits, which is not an error.
    let waiting =
        render_text(&https("{}"), OutputFormat::Yaml, RenderOptions::default()).expect("renders");
    assert_eq!(
        waiting.notes,
        "# status: waiting: Waiting for TLS certificates to be issued for: www.example.com.\n"
    );
}

#[test]
fn an_istio_config_the_gateway_api_refuses_names_its_field() {
    let input = "model: x\nconfig: {gateway-class: c, enforce-https: false}\n\
                 gateway_classes: [c]\nrelations:\n  istio-ingress-route:\n    - app: a\n      \
                 app_data: {config: {model: x, listeners: [{port: 3200, protocol: HTTP}], \
                 http_routes: [{name: r, listener: {port: 3200, protocol: HTTP}, \
                 backends: [{service: s, port: 80}], matches: [{path: {value: api}}]}]}}\n";
    assert_eq!(
        render_error(input),
        "relations.istio-ingress-route[0].app_data.config: \
         http_routes[0].matches[0].path.value: it must start with '/'"
    );
}
