//! `get-proxied-endpoints`: this application and every proxied application → URL.
//!
//! The result key `proxied-endpoints` holds a JSON object such as
//! `{"gateway-api-integrator": {"url": "http://10.0.0.7"}, "flask": {"url": "http://10.0.0.7/testing-flask"}}`:
//! the reconcile's own view of what the workloads are given (see
//! [`crate::plan::Reconciled::endpoints`]). The action writes nothing else.

use std::collections::BTreeMap;

use juju_hook::ActionOutcome;

use crate::gather::Gathered;
use crate::plan::reconcile;

/// The action's result key.
pub const RESULT_KEY: &str = "proxied-endpoints";

/// The action's outcome.
pub fn get_proxied_endpoints(gathered: &Gathered) -> ActionOutcome {
    match reconcile(gathered).endpoints {
        Ok(endpoints) => ActionOutcome::Results(BTreeMap::from([(
            RESULT_KEY.to_owned(),
            endpoints.to_string(),
        )])),
        Err(message) => ActionOutcome::Failed(message),
    }
}
