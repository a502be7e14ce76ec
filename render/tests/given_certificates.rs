//! Certificates given as PEM text: served as given; their private key is printed only with
//! `--reveal-keys`.

use gateway_api_render::cli::render_text;
use gateway_api_render::output::OutputFormat;
use gateway_api_render::render::RenderOptions;
use serde_json::Value;

const KEY: &str = "-----BEGIN PRIVATE KEY-----\nTEST-ONLY-SECRET\n-----END PRIVATE KEY-----";
const LEAF: &str = "-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----";
const CA: &str = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----";

/// JSON input: the default configuration on www.example.com, a certificate given for it.
fn input() -> String {
    serde_json::json!({
        "model": "x",
        "config": {"gateway-class": "c", "external-hostname": "www.example.com"},
        "gateway_classes": ["c"],
        "gateway_address": "10.0.0.7",
        "certificates": {"issued": {"www.example.com": {
            "certificate": LEAF, "key": KEY, "chain": [CA, LEAF]
        }}}
    })
    .to_string()
}

/// The decoded `data` of the rendered TLS Secret, and the whole output.
fn secret_data(options: RenderOptions) -> (String, String, String) {
    let output = render_text(&input(), OutputFormat::Json, options).expect("renders");
    let list: Value = serde_json::from_str(&output.manifests).expect("JSON");
    let secret = &list["items"][0];
    assert_eq!(secret["kind"], "Secret");
    assert_eq!(
        secret["metadata"]["name"],
        "gateway-api-integrator-secret-www.example.com"
    );
    let decoded = |key: &str| -> String {
        let bytes: k8s_openapi::ByteString =
            serde_json::from_value(secret["data"][key].clone()).expect("base64");
        String::from_utf8(bytes.0).expect("text")
    };
    let everything = format!("{}{}", output.notes, output.manifests);
    (decoded("tls.crt"), decoded("tls.key"), everything)
}

#[test]
fn a_given_key_is_redacted_unless_revealed() {
    let (certificate, key, everything) = secret_data(RenderOptions::default());
    assert_eq!(
        certificate,
        format!("{LEAF}\n\n{CA}"),
        "the chain, leaf first"
    );
    assert_eq!(
        key,
        "REDACTED - the private key given for www.example.com in the input; \
         gateway-api-render --reveal-keys prints it\n"
    );
    assert!(!everything.contains("TEST-ONLY-SECRET"));
    assert!(!everything.contains("placeholders"), "{everything}");

    let (_, key, _) = secret_data(RenderOptions { reveal_keys: true });
    assert_eq!(key, KEY);
}

#[test]
fn a_given_key_is_not_in_yaml_output_either() {
    let output =
        render_text(&input(), OutputFormat::Yaml, RenderOptions::default()).expect("renders");
    let encoded =
        serde_json::to_value(k8s_openapi::ByteString(KEY.as_bytes().to_vec())).expect("base64");
    let encoded = encoded.as_str().expect("a string");
    assert!(!output.manifests.contains(encoded));
    let revealed = render_text(
        &input(),
        OutputFormat::Yaml,
        RenderOptions { reveal_keys: true },
    )
    .expect("renders");
    // The YAML writer may fold the long base64 line: compare without whitespace.
    let flat: String = revealed.manifests.split_whitespace().collect();
    assert!(flat.contains(encoded), "{}", revealed.manifests);
}
