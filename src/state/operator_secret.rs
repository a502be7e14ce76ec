//! The operator's TLS Secret (`tls-secret-name`): what its certificate covers. The charm only
//! reads it; it never writes, labels or deletes it.

use charm_tls::Certificate;
use k8s_openapi::ByteString;
use serde_json::Value;

/// A usable `tls-secret-name` Secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorSecret {
    /// Its name.
    pub name: String,
    /// The DNS names its certificate is for (subject alternative names, else the common
    /// name), wildcards included.
    pub dns_names: Vec<String>,
}

impl OperatorSecret {
    /// Read `secret` (the Secret `name` as the API server returned it; `None`: there is none).
    /// The error says what is wrong, for the status.
    pub fn read(name: &str, secret: Option<&Value>) -> Result<OperatorSecret, String> {
        let secret = secret.ok_or("no such Secret in the model")?;
        if secret["type"] != "kubernetes.io/tls" {
            return Err(format!(
                "the Secret's type is {}, not kubernetes.io/tls",
                secret["type"]
            ));
        }
        let data = |key: &str| -> Result<String, String> {
            let value = (secret.pointer("/data").and_then(|data| data.get(key)))
                .ok_or_else(|| format!("the Secret has no {key}"))?;
            let bytes: ByteString = serde_json::from_value(value.clone())
                .map_err(|_| format!("{key} is not base64"))?;
            String::from_utf8(bytes.0).map_err(|_| format!("{key} is not text"))
        };
        if data("tls.key")?.trim().is_empty() {
            return Err("tls.key is empty".to_owned());
        }
        let chain = data("tls.crt")?;
        let leaf = chain
            .split_inclusive("-----END CERTIFICATE-----")
            .next()
            .unwrap_or_default();
        let certificate = Certificate::from_pem(leaf.trim())
            .map_err(|error| format!("tls.crt is not a certificate: {error}"))?;
        let mut dns_names = certificate.dns_names().to_vec();
        if dns_names.is_empty() {
            dns_names.extend(certificate.common_name().map(str::to_owned));
        }
        if dns_names.is_empty() {
            return Err("its certificate names no hostname".to_owned());
        }
        Ok(OperatorSecret {
            name: name.to_owned(),
            dns_names,
        })
    }

    /// Whether the certificate is valid for `hostname`: one of its names, or a wildcard name
    /// for exactly one more label (`*.example.com` covers `a.example.com`, not `example.com`
    /// nor `a.b.example.com`).
    pub fn covers(&self, hostname: &str) -> bool {
        self.dns_names
            .iter()
            .any(|name| match name.strip_prefix("*.") {
                Some(domain) => hostname
                    .split_once('.')
                    .is_some_and(|(label, rest)| !label.is_empty() && rest == domain),
                None => name == hostname,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_covers_exactly_one_more_label() {
        let secret = OperatorSecret {
            name: "wildcard".into(),
            dns_names: vec!["*.example.com".into(), "example.org".into()],
        };
        assert!(secret.covers("a.example.com"));
        assert!(!secret.covers("example.com"));
        assert!(!secret.covers("a.b.example.com"));
        assert!(secret.covers("example.org"));
        assert!(!secret.covers("a.example.org"));
    }

    #[test]
    fn what_is_wrong_with_the_secret_is_said() {
        assert_eq!(
            OperatorSecret::read("s", None),
            Err("no such Secret in the model".into())
        );
        let opaque = serde_json::json!({"type": "Opaque", "data": {}});
        assert_eq!(
            OperatorSecret::read("s", Some(&opaque)),
            Err("the Secret's type is \"Opaque\", not kubernetes.io/tls".into())
        );
        let no_key = serde_json::json!({"type": "kubernetes.io/tls", "data": {"tls.crt": "eA=="}});
        assert_eq!(
            OperatorSecret::read("s", Some(&no_key)),
            Err("the Secret has no tls.key".into())
        );
        let garbage = serde_json::json!({"type": "kubernetes.io/tls",
            "data": {"tls.crt": "eA==", "tls.key": "eA=="}});
        assert!(
            OperatorSecret::read("s", Some(&garbage))
                .unwrap_err()
                .starts_with("tls.crt is not a certificate: "),
        );
    }
}
