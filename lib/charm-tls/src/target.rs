//! What a certificate is requested for: a DNS hostname or an IP address.

use std::fmt;
use std::net::IpAddr;

/// The subject of one certificate request. The CSR carries it as the common name and as the
/// single subject alternative name (DNS or IP).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CertificateTarget {
    /// A served hostname: `CN=<hostname>`, SAN `DNS:<hostname>`.
    Dns(String),
    /// The gateway address when a requirer gives no hostname: `CN=<ip>`, SAN `IP:<ip>`.
    Ip(IpAddr),
}

impl CertificateTarget {
    /// The common name of the request: the hostname, or the address in its usual text form.
    pub fn common_name(&self) -> String {
        match self {
            Self::Dns(hostname) => hostname.clone(),
            Self::Ip(address) => address.to_string(),
        }
    }
}

impl fmt::Display for CertificateTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dns(hostname) => f.write_str(hostname),
            Self::Ip(address) => write!(f, "{address}"),
        }
    }
}
