//! No public type holding key material prints it.

use charm_tls::{PrivateKey, RequirerInputs};

use crate::golden;

#[test]
fn debug_output_never_contains_key_material() {
    let pem = golden::read("tls/requirer-key.pem");
    let key = PrivateKey::from_pem(&pem).unwrap();
    let key_pem = key.to_pem();
    let targets = [];
    let inputs = RequirerInputs {
        targets: &targets,
        key: &key,
        current_csrs: &[],
        provider_certificates: &[],
        provider_request_errors: &[],
        add_unique_id: true,
        now: std::time::SystemTime::UNIX_EPOCH,
    };
    let body_lines: Vec<&str> = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();

    let printed = [
        format!("{key:?}"),
        format!("{key:#?}"),
        format!("{key_pem:?}"),
        format!("{inputs:?}"),
        format!("{inputs:#?}"),
    ];

    assert_eq!(printed[2], "PrivateKeyPem(<redacted>)");
    for text in &printed {
        assert!(!text.contains("PRIVATE KEY"), "{text}");
        for line in &body_lines {
            assert!(!text.contains(line), "key bytes in {text}");
            assert!(!text.contains(&line[..16]), "key bytes in {text}");
        }
    }
    assert!(
        printed[0]
            .starts_with("PrivateKey { algorithm: \"RSA\", bits: 2048, public_key: PublicKey")
    );
}
