//! Names too long for Kubernetes: routes and Services truncated with a hash as the Python
//! charm does, listener (section) names kept whole.

use integrator_fixtures::plan as plan_fixtures;

use charm_cluster::Kind;
use gateway_api_integrator::state::IngressRelation;
use plan_fixtures::{IngressCase, ingress_inputs};
use serde_json::json;

use crate::expected::parent;
use crate::{names, object, plan};

#[test]
fn long_names_are_truncated_with_a_hash() {
    let hostname = "a-rather-long-subdomain-name.of-an-even-longer-domain.example.com";
    let mut inputs = ingress_inputs(&IngressCase {
        enforce_https: true,
        tls_issued: Some(true),
        hostname: Some(hostname),
        strip_prefix: false,
    });
    let requirer_name = "a-requirer-application-with-a-really-long-name-indeed";
    if let IngressRelation::Ready(requirer) = &mut inputs.ingress[0] {
        requirer.app_name = requirer_name.into();
    }
    let plan = plan(&inputs);
    let https_listener =
        "gai-https-a-rather-long-subdomain-name-of-an-even-longer-domain-example-com";
    // Python: truncate_k8s_resource_name("gai-" + requirer + "-3-https-" + dashed hostname)
    // and ("gai-" + requirer + "-service").
    let https_route = "gai-a-requirer-application-with-a-really-long-name-ind-eec95fb5";
    let service = "gai-a-requirer-application-with-a-really-long-name-ind-7322a150";
    assert_eq!(
        names(&plan),
        [
            (Kind::Secret, format!("gai-secret-{hostname}")),
            (Kind::Gateway, "gai".to_owned()),
            (Kind::Service, service.to_owned()),
            (Kind::HttpRoute, "gai-http".to_owned()),
            (Kind::HttpRoute, https_route.to_owned()),
        ]
    );
    // The listener (section) name is not truncated below 253 characters.
    assert_eq!(
        object(&plan, Kind::HttpRoute, https_route)["spec"]["parentRefs"],
        json!([parent(https_listener)])
    );
    assert_eq!(
        object(&plan, Kind::HttpRoute, https_route)["spec"]["rules"][0]["backendRefs"],
        json!([{"name": service, "port": 8080}])
    );
}
