//! What the cluster shows at the start of a hook: one LIST of GatewayClasses and one LIST per
//! managed kind (by our label). The Gateway's address comes from the listed Gateway, so no
//! extra GET is needed.

use std::collections::BTreeMap;

use charm_cluster::{Cluster, ClusterError, Kind, ManagedObject};

/// The cluster as read at the start of the hook.
#[derive(Debug, Clone, Default)]
pub struct ClusterView {
    /// Names of the cluster's GatewayClasses.
    pub gateway_classes: Vec<String>,
    /// Our labelled objects, per kind.
    pub managed: BTreeMap<Kind, Vec<ManagedObject>>,
}

impl ClusterView {
    /// Our labelled objects of `kind`.
    pub fn managed_of(&self, kind: Kind) -> &[ManagedObject] {
        self.managed
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// `status.addresses[*].value` of our Gateway (named after the app), if it reported any.
    pub fn gateway_address_values(&self, app: &str) -> Option<Vec<String>> {
        let gateway = self
            .managed_of(Kind::Gateway)
            .iter()
            .find(|object| object.name() == app)?;
        let addresses = gateway.object().pointer("/status/addresses")?.as_array()?;
        Some(
            addresses
                .iter()
                .filter_map(|address| address.get("value")?.as_str().map(str::to_owned))
                .collect(),
        )
    }
}

/// Read the cluster once: the GatewayClasses (when `classes`) and our objects of every managed
/// kind.
pub fn gather_cluster(
    cluster: &mut dyn Cluster,
    app: &str,
    classes: bool,
) -> Result<ClusterView, ClusterError> {
    let gateway_classes = match classes {
        true => cluster.list_gateway_classes()?,
        false => Vec::new(),
    };
    let mut managed = BTreeMap::new();
    for kind in Kind::ALL {
        managed.insert(kind, cluster.list_managed(kind, app)?);
    }
    Ok(ClusterView {
        gateway_classes,
        managed,
    })
}
