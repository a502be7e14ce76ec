//! TLS to the API server: the configuration's CA certificates as the only roots (in a pod,
//! the service account's `ca.crt`), or the platform's verifier when it names none; a client
//! certificate when the kubeconfig carries one. Built here rather than by kube's
//! `rustls_client_config`, which also runs exec credential plugins for client certificates
//! and would link them into the hook binary.

use base64::Engine as _;
use kube::Config;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore};
use rustls_platform_verifier::BuilderVerifierExt as _;
use secrecy::ExposeSecret as _;

use crate::ClusterError;

fn tls_error(what: impl std::fmt::Display) -> ClusterError {
    ClusterError::Config(format!("TLS to the API server: {what}"))
}

/// The client TLS configuration for `config`.
pub(crate) fn client_config(config: &Config) -> Result<ClientConfig, ClusterError> {
    if config.accept_invalid_certs {
        return Err(tls_error(
            "insecure-skip-tls-verify is not supported: give the cluster's CA instead",
        ));
    }
    if config.tls_server_name.is_some() {
        return Err(tls_error(
            "tls-server-name is not supported: use the name the server's certificate holds",
        ));
    }
    let builder = match &config.root_cert {
        Some(certificates) => {
            let mut roots = RootCertStore::empty();
            for der in certificates {
                roots
                    .add(CertificateDer::from(der.clone()))
                    .map_err(|e| tls_error(format!("the cluster's CA: {e}")))?;
            }
            ClientConfig::builder().with_root_certificates(roots)
        }
        None => ClientConfig::builder()
            .with_platform_verifier()
            .map_err(|e| tls_error(format!("the platform's certificate verifier: {e}")))?,
    };
    match identity(config)? {
        Some((chain, key)) => builder
            .with_client_auth_cert(chain, key)
            .map_err(|e| tls_error(format!("the client certificate: {e}"))),
        None => Ok(builder.with_no_client_auth()),
    }
}

type Identity = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

/// The kubeconfig user's client certificate and key (`client-certificate-data`,
/// `client-key-data`, or the files they name), if it has them.
fn identity(config: &Config) -> Result<Option<Identity>, ClusterError> {
    let auth = &config.auth_info;
    let read = |data: Option<&str>,
                file: Option<&String>,
                what: &str|
     -> Result<Option<Vec<u8>>, ClusterError> {
        match (data, file) {
            (Some(data), _) => base64::engine::general_purpose::STANDARD
                .decode(data.trim())
                .map(Some)
                .map_err(|e| tls_error(format!("{what}-data: {e}"))),
            (None, Some(file)) => std::fs::read(file)
                .map(Some)
                .map_err(|e| tls_error(format!("{what} {file}: {e}"))),
            (None, None) => Ok(None),
        }
    };
    let certificate = read(
        auth.client_certificate_data.as_deref(),
        auth.client_certificate.as_ref(),
        "client-certificate",
    )?;
    let key_data = auth
        .client_key_data
        .as_ref()
        .map(|k| k.expose_secret().to_owned());
    let key = read(key_data.as_deref(), auth.client_key.as_ref(), "client-key")?;
    let (certificate, key) = match (certificate, key) {
        (Some(certificate), Some(key)) => (certificate, key),
        (None, None) => return Ok(None),
        _ => {
            return Err(tls_error(
                "a client certificate needs both the certificate and its key",
            ));
        }
    };
    let chain = CertificateDer::pem_slice_iter(&certificate)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| tls_error(format!("client-certificate: {e}")))?;
    if chain.is_empty() {
        return Err(tls_error("client-certificate: no PEM CERTIFICATE"));
    }
    let key =
        PrivateKeyDer::from_pem_slice(&key).map_err(|e| tls_error(format!("client-key: {e}")))?;
    Ok(Some((chain, key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new("https://127.0.0.1:1".parse().unwrap())
    }

    #[test]
    fn a_bad_ca_or_half_an_identity_is_named() {
        let mut bad_ca = config();
        bad_ca.root_cert = Some(vec![vec![1, 2, 3]]);
        let error = client_config(&bad_ca).unwrap_err().to_string();
        assert!(error.contains("the cluster's CA"), "{error}");

        let mut half = config();
        half.root_cert = Some(Vec::new());
        half.auth_info.client_certificate_data = Some("AAAA".into());
        let error = client_config(&half).unwrap_err().to_string();
        assert!(
            error.contains("needs both the certificate and its key"),
            "{error}"
        );

        let mut insecure = config();
        insecure.accept_invalid_certs = true;
        let error = client_config(&insecure).unwrap_err().to_string();
        assert!(error.contains("insecure-skip-tls-verify"), "{error}");
    }

    #[test]
    fn no_identity_and_an_empty_store_build() {
        let mut plain = config();
        plain.root_cert = Some(Vec::new());
        assert!(client_config(&plain).is_ok());
    }
}
