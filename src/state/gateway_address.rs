//! The Gateway's external address, read from `status.addresses`: an IPv4 or IPv6 address, or a
//! hostname (cloud load balancers such as AWS ELB report one).

use std::fmt;
use std::net::IpAddr;

use relation_data::validate;

/// One usable address of the Gateway.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Address {
    /// An IPv4 or IPv6 address.
    Ip(IpAddr),
    /// A DNS name of the load balancer.
    Hostname(String),
}

impl Address {
    /// The address as a URL's host: IPv6 in brackets (`[2001:db8::1]`).
    pub fn url_host(&self) -> String {
        match self {
            Address::Ip(IpAddr::V6(ip)) => format!("[{ip}]"),
            Address::Ip(ip) => ip.to_string(),
            Address::Hostname(hostname) => hostname.clone(),
        }
    }

    /// The IP address, when it is one.
    pub fn ip(&self) -> Option<IpAddr> {
        match self {
            Address::Ip(ip) => Some(*ip),
            Address::Hostname(_) => None,
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Ip(ip) => write!(f, "{ip}"),
            Address::Hostname(hostname) => f.write_str(hostname),
        }
    }
}

/// What the Gateway reports as its address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GatewayAddress {
    /// No Gateway yet, or no address in its status.
    #[default]
    Pending,
    /// The address the charm serves under.
    Ready(Address),
    /// Something the charm cannot use; the detail for the log.
    Unsupported(String),
}

impl GatewayAddress {
    /// Classify the `status.addresses[*].value` strings of the Gateway (`None`: no Gateway).
    /// Several addresses (dual stack, several load-balancer IPs) are fine: the first IPv4
    /// address is served, else the first IPv6 address, else the first hostname. A value that
    /// is neither an IP address nor a hostname is unsupported.
    pub fn from_status_values<S: AsRef<str>>(values: Option<&[S]>) -> GatewayAddress {
        let Some(values) = values else {
            return GatewayAddress::Pending;
        };
        let mut addresses: Vec<Address> = Vec::new();
        for value in values {
            let value = value.as_ref().trim();
            let address = match value.parse::<IpAddr>() {
                Ok(ip) => Address::Ip(ip),
                Err(_) => match validate::hostname(value) {
                    Ok(hostname) => Address::Hostname(hostname.into_string()),
                    Err(_) => {
                        return GatewayAddress::Unsupported(format!(
                            "Unsupported gateway address: '{value}': neither an IP address nor a hostname."
                        ));
                    }
                },
            };
            addresses.push(address);
        }
        let rank = |address: &Address| match address {
            Address::Ip(IpAddr::V4(_)) => 0,
            Address::Ip(IpAddr::V6(_)) => 1,
            Address::Hostname(_) => 2,
        };
        match addresses.into_iter().min_by_key(rank) {
            Some(address) => GatewayAddress::Ready(address),
            None => GatewayAddress::Pending,
        }
    }

    /// The address, when there is a usable one.
    pub fn ready(&self) -> Option<&Address> {
        match self {
            GatewayAddress::Ready(address) => Some(address),
            _ => None,
        }
    }

    /// The IP address, when the Gateway has one.
    pub fn ip(&self) -> Option<IpAddr> {
        self.ready().and_then(Address::ip)
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    fn classify(values: &[&str]) -> GatewayAddress {
        GatewayAddress::from_status_values(Some(values))
    }

    #[test]
    fn classifies_status_addresses() {
        assert_eq!(
            GatewayAddress::from_status_values::<&str>(None),
            GatewayAddress::Pending
        );
        assert_eq!(classify(&[]), GatewayAddress::Pending);
        let v4 = Address::Ip(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(
            classify(&["10.0.0.1", "10.0.0.1"]),
            GatewayAddress::Ready(v4.clone())
        );
        // IPv4 first, whatever the order; then IPv6; then a hostname.
        assert_eq!(
            classify(&["2001:db8::1", "lb.example.com", "10.0.0.1", "10.0.0.2"]),
            GatewayAddress::Ready(v4)
        );
        let v6 = Address::Ip(IpAddr::V6("2001:db8::1".parse::<Ipv6Addr>().unwrap()));
        assert_eq!(
            classify(&["lb.example.com", "2001:db8::1"]),
            GatewayAddress::Ready(v6.clone())
        );
        assert_eq!(v6.url_host(), "[2001:db8::1]");
        assert_eq!(v6.to_string(), "2001:db8::1");
        let lb = classify(&["a1b2.elb.amazonaws.com"]);
        assert_eq!(
            lb,
            GatewayAddress::Ready(Address::Hostname("a1b2.elb.amazonaws.com".into()))
        );
        assert_eq!(lb.ip(), None);
        assert_eq!(
            classify(&["not an address"]),
            GatewayAddress::Unsupported(
                "Unsupported gateway address: 'not an address': neither an IP address nor a hostname."
                    .into()
            )
        );
    }
}
