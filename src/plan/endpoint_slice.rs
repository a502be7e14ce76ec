//! EndpointSlices of a selector-less Service: the addresses of a workload in another model
//! (its units' `ip`), so the Gateway reaches pods no selector in our namespace can.

use std::collections::BTreeSet;
use std::net::IpAddr;

use charm_cluster::Kind;
use k8s_openapi::api::discovery::v1::{Endpoint, EndpointConditions, EndpointPort, EndpointSlice};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::{DesiredObject, desired, names};

/// The label tying an EndpointSlice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
/// The label saying who manages an EndpointSlice (the cluster's controller leaves it alone).
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
/// Our value of [`MANAGED_BY_LABEL`].
pub const MANAGED_BY: &str = "gateway-api-integrator.charm.juju.is";

/// The name of a Service (and EndpointSlice) port: `tcp-<port>`.
pub fn port_name(port: i32) -> String {
    format!("tcp-{port}")
}

/// One EndpointSlice per address family among `addresses` (`{service}-ipv4`,
/// `{service}-ipv6`; an empty `-ipv4` one when no unit published an address), with `ports`,
/// labelled for `service` and with the Service's other labels (`service_meta`).
pub(super) fn render_all(
    service_meta: ObjectMeta,
    service: &str,
    ports: &BTreeSet<u16>,
    addresses: &[IpAddr],
) -> Vec<DesiredObject> {
    let v4: Vec<IpAddr> = addresses.iter().copied().filter(IpAddr::is_ipv4).collect();
    let v6: Vec<IpAddr> = addresses.iter().copied().filter(IpAddr::is_ipv6).collect();
    let mut families = Vec::new();
    if !v4.is_empty() || v6.is_empty() {
        families.push(("IPv4", "ipv4", v4));
    }
    if !v6.is_empty() {
        families.push(("IPv6", "ipv6", v6));
    }
    families
        .into_iter()
        .map(|(address_type, suffix, addresses)| {
            let mut metadata = service_meta.clone();
            metadata.name = Some(names::truncate_k8s_name(&format!("{service}-{suffix}")));
            let labels = metadata.labels.get_or_insert_with(Default::default);
            labels.insert(SERVICE_NAME_LABEL.to_owned(), service.to_owned());
            labels.insert(MANAGED_BY_LABEL.to_owned(), MANAGED_BY.to_owned());
            let slice = EndpointSlice {
                metadata,
                address_type: address_type.to_owned(),
                endpoints: addresses
                    .iter()
                    .map(|address| Endpoint {
                        addresses: vec![address.to_string()],
                        conditions: Some(EndpointConditions {
                            ready: Some(true),
                            ..EndpointConditions::default()
                        }),
                        ..Endpoint::default()
                    })
                    .collect(),
                ports: Some(
                    ports
                        .iter()
                        .map(|port| EndpointPort {
                            name: Some(port_name(i32::from(*port))),
                            port: Some(i32::from(*port)),
                            protocol: Some("TCP".to_owned()),
                            ..EndpointPort::default()
                        })
                        .collect(),
                ),
            };
            desired(Kind::EndpointSlice, &slice)
        })
        .collect()
}
