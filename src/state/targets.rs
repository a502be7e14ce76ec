//! Which certificates to request, with continuity: a CSR is withdrawn only when its hostname is
//! deliberately no longer served (the configuration changed, a gateway-route requirer left or
//! changed its hostnames), never because of a transient or invalid state.

use std::collections::BTreeSet;

use crate::config::CharmConfig;

use super::{CertificateTarget, Inputs, RoutingInputs, Sources, routing};

/// The certificates to request over the relation, hostnames (sorted) then IPs — those neither
/// the `tls-secret-name` Secret nor cert-manager serves (see [`Sources`]):
/// * `external-hostname`, whenever it is set, with or without ingress relations, and whatever
///   else the state says (an unknown GatewayClass, another relation's bad data);
/// * every hostname the valid gateway-route requirers get listeners for;
/// * the Gateway's IP when a gateway-route requirer has no hostname, or istio-ingress-route
///   requirers are related without `external-hostname`, and the address is known;
///   while it is not (no address yet, or the cluster could not be read), the IP certificates
///   already requested are kept.
///
/// When the configuration does not parse, nothing can be told about the hostnames: every
/// target already requested (`published`) is kept; so it is while a requirer's data is invalid
/// (`keep_published`: its hostnames are unknown until it is fixed). Without a `certificates`
/// relation, none.
pub fn certificate_targets(
    inputs: &Inputs,
    config: Option<&CharmConfig>,
    cluster_known: bool,
    published: &[CertificateTarget],
    keep_published: bool,
) -> Vec<CertificateTarget> {
    if !inputs.certificates.related {
        return Vec::new();
    }
    let Some(config) = config else {
        return published.to_vec();
    };
    // The operator's Secret unusable: what it covers is unknown until it is fixed.
    if let Some(Err(_)) = &inputs.tls_secret {
        return published.to_vec();
    }
    let external_hostname = config.external_hostname.as_deref();
    let ip_listener = inputs.needs_ip_listener(external_hostname);
    let ingress = inputs.ready_ingress();
    let routing = routing::resolve(&RoutingInputs {
        model: &inputs.model_name,
        external_hostname,
        ingress: &ingress,
        gateway_route: &inputs.gateway_route.requirers,
        certificates_related: true,
        ip_listener,
        istio: &inputs.istio,
        istio_tls: inputs.istio_tls(&inputs.app_name, config),
        subdomains: inputs.subdomains(config),
    });
    let mut targets: BTreeSet<CertificateTarget> = routing
        .hostnames
        .into_iter()
        .chain(config.external_hostname.iter().cloned())
        .map(CertificateTarget::Dns)
        .collect();
    if ip_listener {
        match (inputs.gateway_address.ready(), cluster_known) {
            (Some(address), true) => targets.extend(address.ip().map(CertificateTarget::Ip)),
            _ => targets.extend(
                published
                    .iter()
                    .filter(|target| matches!(target, CertificateTarget::Ip(_)))
                    .cloned(),
            ),
        }
    }
    // Only what neither the operator's Secret nor cert-manager serves.
    let operator = inputs.operator_secret();
    let mut targets = Sources::resolve(
        &inputs.app_name,
        config,
        operator,
        &inputs.foreign_secrets,
        targets,
    )
    .relation;
    if keep_published {
        targets.extend(published.iter().cloned());
    }
    targets.into_iter().collect()
}
