//! Which certificates to request, with continuity: a CSR is withdrawn only when its hostname is
//! deliberately no longer served (the configuration changed, a gateway-route requirer left or
//! changed its hostnames), never because of a transient or invalid state.

use std::collections::BTreeSet;

use crate::config::CharmConfig;

use super::{CertificateTarget, GatewayAddress, Inputs, gateway_route};

/// The certificates to request, hostnames (sorted) then IPs:
/// * `external-hostname`, whenever it is set, with or without ingress relations, and whatever
///   else the state says (an unknown GatewayClass, another relation's bad data);
/// * every hostname the valid gateway-route requirers get listeners for;
/// * the Gateway's IP when a gateway-route requirer has no hostname and the address is known;
///   while it is not (no address yet, or the cluster could not be read), the IP certificates
///   already requested are kept.
///
/// When the configuration does not parse, nothing can be told about the hostnames: every
/// target already requested (`published`) is kept. Without a `certificates` relation, none.
pub fn certificate_targets(
    inputs: &Inputs,
    config: Option<&CharmConfig>,
    cluster_known: bool,
    published: &[CertificateTarget],
) -> Vec<CertificateTarget> {
    if !inputs.certificates.related {
        return Vec::new();
    }
    let Some(config) = config else {
        return published.to_vec();
    };
    let requirers = &inputs.gateway_route.requirers;
    let ip_listener = requirers
        .iter()
        .any(|requirer| requirer.hostnames().next().is_none());
    let mut targets: BTreeSet<CertificateTarget> =
        gateway_route::resolve(requirers, true, ip_listener)
            .hostnames
            .into_iter()
            .chain(config.external_hostname.iter().cloned())
            .map(CertificateTarget::Dns)
            .collect();
    if ip_listener {
        match (&inputs.gateway_address, cluster_known) {
            (GatewayAddress::Ready(address), true) => {
                targets.insert(CertificateTarget::Ip((*address).into()));
            }
            _ => targets.extend(
                published
                    .iter()
                    .filter(|target| matches!(target, CertificateTarget::Ip(_)))
                    .cloned(),
            ),
        }
    }
    targets.into_iter().collect()
}
