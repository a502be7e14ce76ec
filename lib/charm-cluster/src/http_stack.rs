//! The client's HTTP stack: what `kube`'s default `Client::try_from(Config)` assembles, less
//! what a hook never uses. A hook lives for well under a second in a pod (the service-account
//! token, the cluster's CA) or runs locally against a kubeconfig with a token or a client
//! certificate, so this leaves out credential plugins (exec, auth providers), token refresh
//! and per-request tracing spans. Their code, and the JSONPath and regex engines the plugins
//! need, then stays out of the hook binary.

use hyper_timeout::TimeoutConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use kube::client::ConfigExt as _;
use kube::{Client, Config};
use secrecy::ExposeSecret;
use tower::ServiceBuilder;
use tower_http::auth::AddAuthorizationLayer;

use crate::ClusterError;

/// A client for `config`: TLS (the configuration's CA, or the system's roots; a client
/// certificate when it names one), its timeouts, and its bearer token when it has one.
pub(crate) fn client(config: &Config) -> Result<Client, ClusterError> {
    let token = bearer_token(config)?;
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(crate::tls_config::client_config(config)?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    let mut connector = TimeoutConnector::new(https);
    connector.set_connect_timeout(config.connect_timeout);
    connector.set_read_timeout(config.read_timeout);
    connector.set_write_timeout(config.write_timeout);
    let http_client =
        hyper_util::client::legacy::Builder::new(TokioExecutor::new()).build(connector);
    let service = ServiceBuilder::new()
        .layer(config.base_uri_layer())
        .option_layer(token.map(|token| AddAuthorizationLayer::bearer(&token).as_sensitive(true)))
        .service(http_client);
    Ok(Client::new(service, config.default_namespace.clone()))
}

/// The bearer token: the configuration's own, else its token file's (in a pod, the projected
/// service-account token), else none (a client certificate, or a local proxy adding its own).
/// Credentials this stack does not carry are refused by name rather than ignored.
fn bearer_token(config: &Config) -> Result<Option<String>, ClusterError> {
    let auth = &config.auth_info;
    let unsupported = [
        (auth.exec.is_some(), "an exec credential plugin"),
        (auth.auth_provider.is_some(), "an auth-provider"),
        (auth.username.is_some(), "a username and password"),
        (auth.impersonate.is_some(), "impersonation"),
    ];
    if let Some((_, what)) = unsupported.iter().find(|(present, _)| *present) {
        return Err(ClusterError::Config(format!(
            "the Kubernetes credentials use {what}, which the charm does not support: use a \
             token or a client certificate"
        )));
    }
    if let Some(token) = &auth.token {
        return Ok(Some(token.expose_secret().trim().to_owned()));
    }
    match &auth.token_file {
        Some(path) => std::fs::read_to_string(path)
            .map(|token| Some(token.trim().to_owned()))
            .map_err(|e| ClusterError::Config(format!("token file {path}: {e}"))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new("http://127.0.0.1:1".parse().unwrap())
    }

    #[test]
    fn the_token_comes_from_the_config_then_its_file() {
        let mut with_token = config();
        with_token.auth_info.token = Some(" t0ken\n".to_owned().into());
        assert_eq!(bearer_token(&with_token).unwrap().as_deref(), Some("t0ken"));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "from-file\n").unwrap();
        let mut with_file = config();
        with_file.auth_info.token_file = Some(file.display().to_string());
        assert_eq!(
            bearer_token(&with_file).unwrap().as_deref(),
            Some("from-file")
        );

        assert_eq!(bearer_token(&config()).unwrap(), None);
    }

    #[test]
    fn unsupported_credentials_are_named() {
        let mut with_exec = config();
        with_exec.auth_info.exec = Some(
            serde_json::from_value(serde_json::json!({
                "apiVersion": "client.authentication.k8s.io/v1", "command": "aws"
            }))
            .unwrap(),
        );
        let error = bearer_token(&with_exec).unwrap_err().to_string();
        assert!(error.contains("an exec credential plugin"), "{error}");

        let mut missing_file = config();
        missing_file.auth_info.token_file = Some("/nonexistent/token".into());
        assert!(
            bearer_token(&missing_file)
                .unwrap_err()
                .to_string()
                .contains("token file")
        );
    }
}
