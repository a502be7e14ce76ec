//! Typed, validated models of the Juju relation databags our charms exchange, read from and
//! written to a `Databag` (string → string map). No IO: callers pass the bags they got from
//! `relation-get` and send the change sets writers return through `relation-set`.
//!
//! - [`databag`]: the encoding shared by the Canonical libraries (Python `json.dumps` text).
//! - [`ingress`]: `ingress` v2, both sides.
//! - [`tls_certificates`]: `tls-certificates` v1 (library v4 / charmlibs), both sides.
//! - [`gateway_route`]: `gateway-route` v0 (ISD259) and v1, both sides.
//! - [`dns_record`]: `dns_record` v0, requirer bag and provider answer.
//! - [`istio_ingress_route`]: `istio_ingress_route` (charmlibs 1.0.2), both sides.
//! - [`certificate_transfer`]: `certificate_transfer` v0 and v1 (charmlibs 1.1.0): the
//!   requirer's reader and version hint, the provider's writer.
//! - [`validate`]: hostname, path, Juju-name and URL validators shared by every charm.
//! - [`error`]: [`RelationDataError`], naming relation, bag, key and reason.
#![warn(missing_docs)]

pub mod certificate_transfer;
pub mod databag;
pub mod dns_record;
pub mod error;
pub mod gateway_route;
pub mod ingress;
pub mod istio_ingress_route;
pub mod tls_certificates;
pub mod validate;

pub use databag::{Databag, to_python_json};
pub use error::{BagOwner, Reason, RelationDataError};
pub use url::Url;
pub use uuid::Uuid;
pub use validate::{ApplicationName, Hostname, ModelName, PathPrefix};
