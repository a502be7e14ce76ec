//! The URL published to the ingress requirer.

use crate::state::{CharmState, IngressRequirer};

/// `{base}/{model}-{app}`, where base is `https://{hostname}` when HTTPS is enforced or TLS is
/// ready, `http://{hostname}` otherwise, and `http://{gateway IP}` without a hostname.
/// `None` while nothing usable is known (no hostname and no gateway address yet).
pub(super) fn url(state: &CharmState, requirer: &IngressRequirer) -> Option<String> {
    let hostname = state.config.external_hostname.as_deref();
    let https = state.config.enforce_https || state.tls.ready().is_some();
    let base = match (hostname, https) {
        (Some(hostname), true) => format!("https://{hostname}"),
        (Some(hostname), false) => format!("http://{hostname}"),
        (None, false) => format!("http://{}", state.gateway_address.ready()?),
        // HTTPS without a hostname cannot pass validation in ingress mode.
        (None, true) => return None,
    };
    Some(format!("{base}{}", requirer.path_prefix()))
}
