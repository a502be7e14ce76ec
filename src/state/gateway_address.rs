//! The Gateway's external address, read from `status.addresses`.

use std::net::Ipv4Addr;

/// What the Gateway reports as its address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GatewayAddress {
    /// No Gateway yet, or no address in its status.
    #[default]
    Pending,
    /// One IPv4 address.
    Ready(Ipv4Addr),
    /// Something the charm cannot use (not IPv4, or several addresses); the detail for the log.
    Unsupported(String),
}

impl GatewayAddress {
    /// Classify the `status.addresses[*].value` strings of the Gateway (`None`: no Gateway).
    /// Duplicates count once; anything but exactly one IPv4 address is unsupported.
    pub fn from_status_values<S: AsRef<str>>(values: Option<&[S]>) -> GatewayAddress {
        let Some(values) = values else {
            return GatewayAddress::Pending;
        };
        let mut addresses: Vec<Ipv4Addr> = Vec::new();
        for value in values {
            let value = value.as_ref();
            match value.parse::<Ipv4Addr>() {
                Ok(address) if !addresses.contains(&address) => addresses.push(address),
                Ok(_) => {}
                Err(_) => {
                    return GatewayAddress::Unsupported(format!(
                        "Unsupported gateway address: '{value}'. Only IPv4 addresses are supported for now."
                    ));
                }
            }
        }
        match addresses.as_slice() {
            [] => GatewayAddress::Pending,
            [address] => GatewayAddress::Ready(*address),
            many => GatewayAddress::Unsupported(format!(
                "Multiple IPv4 addresses found for gateway: {many:?}"
            )),
        }
    }

    /// The address, when there is exactly one usable one.
    pub fn ready(&self) -> Option<Ipv4Addr> {
        match self {
            GatewayAddress::Ready(address) => Some(*address),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_status_addresses() {
        assert_eq!(
            GatewayAddress::from_status_values::<&str>(None),
            GatewayAddress::Pending
        );
        assert_eq!(
            GatewayAddress::from_status_values::<&str>(Some(&[])),
            GatewayAddress::Pending
        );
        assert_eq!(
            GatewayAddress::from_status_values(Some(&["10.0.0.1", "10.0.0.1"])),
            GatewayAddress::Ready(Ipv4Addr::new(10, 0, 0, 1))
        );
        assert_eq!(
            GatewayAddress::from_status_values(Some(&["lb.example.com"])),
            GatewayAddress::Unsupported(
                "Unsupported gateway address: 'lb.example.com'. Only IPv4 addresses are supported for now."
                    .into()
            )
        );
        assert!(matches!(
            GatewayAddress::from_status_values(Some(&["10.0.0.1", "10.0.0.2"])),
            GatewayAddress::Unsupported(_)
        ));
        assert!(matches!(
            GatewayAddress::from_status_values(Some(&["::1"])),
            GatewayAddress::Unsupported(_)
        ));
    }
}
