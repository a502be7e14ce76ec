//! What the cluster shows at the start of a hook: one LIST of GatewayClasses and one LIST per
//! kind — every object of the kind, so the plan knows which names are ours, which are taken by
//! someone else, and which are free, without a GET per object. The Gateway's address comes
//! from the listed Gateway.
//!
//! Our Gateway is listed first: its [`KINDS_ANNOTATION`] records every kind the charm has
//! objects of, and only those kinds are listed after it ([`ClusterView::kinds_to_list`]). An
//! idle deployment serving one application over plain HTTP so lists GatewayClasses, Gateways,
//! HTTPRoutes and Services; a kind the plan wants to create an object of and gather did not
//! list (the first TLS Secret, say) is listed then ([`gather_kinds`]), and the plan is made
//! again. Without a Gateway of ours, or with a record written before records named every kind
//! (it names optional kinds only), every core kind ([`Kind::CORE`]) is listed too, as is every
//! core kind at `remove`. A cluster whose Gateway API does not serve an optional kind answers
//! its LIST with 404: the kind is recorded as not served, which is no error until an object of
//! it is wanted. So a deployment never sends a request about a kind it does not use, whatever
//! the cluster's Gateway API version or the charm's permissions.

use std::collections::{BTreeMap, BTreeSet};

use charm_cluster::{Cluster, ClusterError, ForeignObject, Kind, Listed, ManagedObject};
use serde_json::Value;

/// The Gateway annotation recording every kind the charm has objects of, in [`Kind`] order
/// (`Gateway,HTTPRoute,Service`): only these are listed by the next reconcile. A record without
/// `Gateway` was written by an earlier version, which recorded optional kinds only.
pub const KINDS_ANNOTATION: &str = "gateway-api-integrator.charm.juju.is/kinds";

/// The cluster as read at the start of the hook.
#[derive(Debug, Clone, Default)]
pub struct ClusterView {
    /// Names of the cluster's GatewayClasses.
    pub gateway_classes: Vec<String>,
    /// Each listed kind, split into ours and others'.
    pub listed: BTreeMap<Kind, Listed>,
    /// Optional kinds whose LIST the server answered with 404: its Gateway API does not serve
    /// them.
    pub not_served: BTreeSet<Kind>,
    /// The `tls-secret-name` Secret when that option is set: its name and the object (`None`:
    /// there is no such Secret).
    pub tls_secret: Option<(String, Option<Value>)>,
}

impl ClusterView {
    /// Our labelled objects of `kind` (none when the kind was not listed).
    pub fn managed_of(&self, kind: Kind) -> &[ManagedObject] {
        self.listed
            .get(&kind)
            .map(|listed| listed.managed.as_slice())
            .unwrap_or_default()
    }

    /// Whether `kind` was listed (or is known not to be served: nothing of it exists).
    pub fn knows(&self, kind: Kind) -> bool {
        self.listed.contains_key(&kind) || self.not_served.contains(&kind)
    }

    /// Names of the Secrets of the namespace that are not ours (cert-manager's, the operator's).
    pub fn foreign_secrets(&self, namespace: &str) -> BTreeSet<String> {
        self.listed
            .get(&Kind::Secret)
            .map(|listed| {
                listed
                    .foreign
                    .iter()
                    .filter(|object| object.namespace == namespace)
                    .map(|object| object.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The object of someone else's holding `name` in `namespace`, if the LIST showed one.
    pub fn foreign(&self, kind: Kind, namespace: &str, name: &str) -> Option<&ForeignObject> {
        self.listed.get(&kind)?.foreign(namespace, name)
    }

    /// Our Gateway (named after the app), if listed.
    pub fn gateway(&self, app: &str) -> Option<&ManagedObject> {
        self.managed_of(Kind::Gateway)
            .iter()
            .find(|object| object.name() == app)
    }

    /// `status.addresses[*].value` of our Gateway, if it reported any.
    pub fn gateway_address_values(&self, app: &str) -> Option<Vec<String>> {
        let gateway = self.gateway(app)?.object();
        let addresses = gateway.pointer("/status/addresses")?.as_array()?;
        Some(
            addresses
                .iter()
                .filter_map(|address| address.get("value")?.as_str().map(str::to_owned))
                .collect(),
        )
    }

    /// The kinds our Gateway records it holds ([`KINDS_ANNOTATION`]), when it names them all:
    /// `None` without a Gateway of ours or with a record of optional kinds only.
    pub fn recorded_kinds(&self, app: &str) -> Option<BTreeSet<Kind>> {
        let recorded = self.record(app)?;
        recorded.contains(&Kind::Gateway).then_some(recorded)
    }

    /// The kinds to list after our Gateway: those it records, or, without a complete record,
    /// every core kind and the optional kinds an older record names.
    pub fn kinds_to_list(&self, app: &str) -> BTreeSet<Kind> {
        match self.record(app) {
            Some(recorded) if recorded.contains(&Kind::Gateway) => recorded,
            older => Kind::CORE
                .into_iter()
                .chain(older.unwrap_or_default())
                .collect(),
        }
    }

    /// The kinds named by our Gateway's record (none when it has none); `None` without a
    /// Gateway of ours.
    fn record(&self, app: &str) -> Option<BTreeSet<Kind>> {
        let gateway = self.gateway(app)?.object();
        let recorded = gateway
            .pointer("/metadata/annotations")
            .and_then(|annotations| annotations.get(KINDS_ANNOTATION))
            .and_then(Value::as_str)
            .unwrap_or_default();
        Some(
            recorded
                .split(',')
                .filter_map(|name| Kind::from_kind(name.trim()))
                .collect(),
        )
    }
}

/// Read the cluster once: the GatewayClasses (when `classes`), our Gateway, then the kinds it
/// records ([`ClusterView::kinds_to_list`]) and `also` (every core kind at `remove`, Secrets
/// when cert-manager's are looked for), core kinds first.
pub fn gather_cluster(
    cluster: &mut dyn Cluster,
    app: &str,
    classes: bool,
    also: &[Kind],
) -> Result<ClusterView, ClusterError> {
    let mut view = ClusterView {
        gateway_classes: match classes {
            true => cluster.list_gateway_classes()?,
            false => Vec::new(),
        },
        ..ClusterView::default()
    };
    gather_kinds(cluster, app, &mut view, &[Kind::Gateway])?;
    let wanted: BTreeSet<Kind> = view
        .kinds_to_list(app)
        .into_iter()
        .chain(also.iter().copied())
        .collect();
    let core: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|kind| kind.is_core() && *kind != Kind::Gateway && wanted.contains(kind))
        .collect();
    let optional: Vec<Kind> = wanted.into_iter().filter(|kind| !kind.is_core()).collect();
    gather_kinds(cluster, app, &mut view, &core)?;
    gather_kinds(cluster, app, &mut view, &optional)?;
    Ok(view)
}

/// `view` with the Secret `name` (the `tls-secret-name` option) read whole, when set.
pub fn with_tls_secret(
    cluster: &mut dyn Cluster,
    mut view: ClusterView,
    name: Option<&str>,
) -> Result<ClusterView, ClusterError> {
    if let Some(name) = name {
        let namespace = cluster.namespace().to_owned();
        let secret = cluster.get(Kind::Secret, &namespace, name)?;
        view.tls_secret = Some((name.to_owned(), secret));
    }
    Ok(view)
}

/// List `kinds` into `view`. An optional kind the server does not serve (404) is recorded in
/// [`ClusterView::not_served`]; any other failure is the error.
pub fn gather_kinds(
    cluster: &mut dyn Cluster,
    app: &str,
    view: &mut ClusterView,
    kinds: &[Kind],
) -> Result<(), ClusterError> {
    for &kind in kinds {
        match cluster.list_split(kind, app) {
            Ok(listed) => {
                view.listed.insert(kind, listed);
            }
            Err(ClusterError::NotFound { .. }) if !kind.is_core() => {
                view.not_served.insert(kind);
            }
            Err(error) => return Err(error),
        }
    }
    Ok(())
}
