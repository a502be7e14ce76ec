//! The URL published to an ingress requirer.

use crate::state::{CharmState, ServedIngress};

use super::listener_layout::listener_host;

/// `{scheme}://{model}-{app}.{external-hostname}/` in subdomain mode; else
/// `{scheme}://{host}/{model}-{app}`: the host is `external-hostname`, else the Gateway's
/// address (an IPv6 address in brackets); the scheme is `https` when HTTPS is enforced, or its
/// certificate is issued, or the application asked for a redirect and HTTPS is served; `http`
/// otherwise. `None` while nothing usable is known (no hostname and no address yet).
pub(super) fn url(state: &CharmState, served: &ServedIngress) -> Option<String> {
    let requirer = &served.requirer;
    if let Some(hostname) = &served.hostname {
        let https =
            state.config.enforce_https || state.serves_https(&listener_host(state, hostname));
        let scheme = if https { "https" } else { "http" };
        return Some(format!("{scheme}://{hostname}/"));
    }
    let (host, tls_key) = match &state.config.external_hostname {
        Some(hostname) => (hostname.clone(), hostname.clone()),
        None => {
            let address = state.gateway_address.ready()?;
            (address.url_host(), address.to_string())
        }
    };
    let https = state.config.enforce_https || state.serves_https(&tls_key);
    let scheme = if https { "https" } else { "http" };
    Some(format!("{scheme}://{host}{}", requirer.path_prefix()))
}
