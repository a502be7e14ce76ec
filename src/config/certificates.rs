//! The certificate options: `cert-manager-issuer` and `tls-secret-name`.

use std::fmt;

/// `cert-manager-issuer`: the cert-manager issuer the Gateway asks for its certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertManagerIssuer {
    /// `ClusterIssuer/<name>`.
    ClusterIssuer(String),
    /// `Issuer/<name>`, an Issuer of the model.
    Issuer(String),
}

impl CertManagerIssuer {
    /// Parse `ClusterIssuer/<name>` or `Issuer/<name>`; the name is a Kubernetes object name.
    pub fn parse(value: &str) -> Result<CertManagerIssuer, String> {
        let (kind, name) = value
            .split_once('/')
            .ok_or_else(|| "must be ClusterIssuer/<name> or Issuer/<name>".to_owned())?;
        object_name(name)?;
        match kind {
            "ClusterIssuer" => Ok(CertManagerIssuer::ClusterIssuer(name.to_owned())),
            "Issuer" => Ok(CertManagerIssuer::Issuer(name.to_owned())),
            _ => Err(format!(
                "{kind:?} is not ClusterIssuer or Issuer (write ClusterIssuer/<name> or Issuer/<name>)"
            )),
        }
    }

    /// The Gateway annotation cert-manager's gateway-shim reads, and its value.
    pub fn annotation(&self) -> (&'static str, &str) {
        match self {
            CertManagerIssuer::ClusterIssuer(name) => ("cert-manager.io/cluster-issuer", name),
            CertManagerIssuer::Issuer(name) => ("cert-manager.io/issuer", name),
        }
    }
}

impl fmt::Display for CertManagerIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertManagerIssuer::ClusterIssuer(name) => write!(f, "ClusterIssuer/{name}"),
            CertManagerIssuer::Issuer(name) => write!(f, "Issuer/{name}"),
        }
    }
}

/// A Kubernetes object name (DNS-1123 subdomain): lowercase letters, digits, `-` and `.`,
/// starting and ending with a letter or digit, at most 253 characters.
pub fn object_name(name: &str) -> Result<(), String> {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let valid = !name.is_empty()
        && name.len() <= 253
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && edge(name.chars().next())
        && edge(name.chars().last());
    match valid {
        true => Ok(()),
        false => Err(format!(
            "{name:?} is not a Kubernetes object name (lowercase letters, digits, '-' and '.')"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_parse_and_name_their_annotation() {
        let issuer = CertManagerIssuer::parse("ClusterIssuer/letsencrypt-prod").unwrap();
        assert_eq!(
            issuer.annotation(),
            ("cert-manager.io/cluster-issuer", "letsencrypt-prod")
        );
        assert_eq!(issuer.to_string(), "ClusterIssuer/letsencrypt-prod");
        let issuer = CertManagerIssuer::parse("Issuer/ca").unwrap();
        assert_eq!(issuer.annotation(), ("cert-manager.io/issuer", "ca"));
        assert_eq!(
            CertManagerIssuer::parse("letsencrypt"),
            Err("must be ClusterIssuer/<name> or Issuer/<name>".into())
        );
        assert_eq!(
            CertManagerIssuer::parse("Certificate/x"),
            Err("\"Certificate\" is not ClusterIssuer or Issuer (write ClusterIssuer/<name> or Issuer/<name>)".into())
        );
        assert_eq!(
            CertManagerIssuer::parse("Issuer/Bad_Name"),
            Err("\"Bad_Name\" is not a Kubernetes object name (lowercase letters, digits, '-' and '.')".into())
        );
    }
}
