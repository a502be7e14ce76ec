//! The requirers the tests relate: ingress applications (of this model or another, with their
//! units' addresses) and ISD259 gateway-route requirers.

use integrator_fixtures::MODEL;
use juju_hook_testing::{Relation, databag};

/// An ingress requirer `app` of model `model` on relation `id`, one unit per entry of `ips`.
pub fn ingress(id: u64, model: &str, app: &str, ips: &[&str]) -> Relation {
    let mut relation = Relation::new("gateway", "ingress", id, app).remote_app_data(databag([
        ("model", format!("\"{model}\"")),
        ("name", format!("\"{app}\"")),
        ("port", "8080".to_owned()),
    ]));
    for (n, ip) in ips.iter().enumerate() {
        relation = relation.remote_unit(
            format!("{app}/{n}"),
            databag([
                ("host", format!("\"{app}-{n}.{app}-endpoints.{model}.svc\"")),
                ("ip", format!("\"{ip}\"")),
            ]),
        );
    }
    relation
}

/// An ISD259 requirer on relation `id` for `hostname`, routing `paths` (a JSON list) to
/// `workload`.
pub fn isd259(id: u64, hostname: &str, paths: &str, workload: &str) -> Relation {
    Relation::new(
        "gateway-route",
        "gateway-route",
        id,
        format!("{workload}-route"),
    )
    .remote_app_data(databag([
        ("hostname", format!("\"{hostname}\"")),
        ("paths", paths.to_owned()),
        ("model", format!("\"{MODEL}\"")),
        ("name", format!("\"{workload}\"")),
        ("port", "8000".to_owned()),
    ]))
}
