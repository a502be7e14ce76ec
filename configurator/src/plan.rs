//! The pure diff: turn a [`Desired`] into the `relation-set` calls that make our application
//! databags hold exactly it, and nothing when they already do ([`juju_hook::bag_write`]).

use juju_hook::{BagWrite, Databag, JujuEffects, RelationSnapshot, bag_write};
use relation_data::gateway_route::GatewayRouteV0Request;
use relation_data::ingress::IngressProviderAppData;

use crate::gather::Inputs;
use crate::state::{Desired, UrlUpdate};

/// Keys of our `gateway-route` app databag that this charm owns: the v0 request keys, plus the
/// seed's `application` spelling of `name`, which a writer must never leave behind.
const GATEWAY_ROUTE_KEYS: &[&str] = &[
    "hostname",
    "additional_hostnames",
    "paths",
    "model",
    "name",
    "port",
    "application",
];

/// Whether our `gateway-route` app bag already holds exactly `request` (so the integrator's
/// answer, if any, is to this request).
pub fn request_is_published(relation: &RelationSnapshot, request: &GatewayRouteV0Request) -> bool {
    bag_write(
        &relation.id,
        &relation.local_app_data,
        &request.to_databag(),
        GATEWAY_ROUTE_KEYS,
    )
    .is_none()
}

/// Diff `desired` against what `inputs` show we published: writes to our `gateway-route` and
/// `ingress` app databags, in that order, and the status. Pure.
pub fn plan(inputs: &Inputs, desired: &Desired) -> JujuEffects {
    let request_bag = desired
        .request
        .as_ref()
        .map(GatewayRouteV0Request::to_databag)
        .unwrap_or_default();
    let url_bag = match &desired.url {
        UrlUpdate::Publish(url) => Some(IngressProviderAppData { url: url.clone() }.to_databag()),
        UrlUpdate::Withdraw => Some(Databag::new()),
        UrlUpdate::Keep => None,
    };
    let bags: Vec<BagWrite> = [
        (&inputs.gateway_route, Some(request_bag), GATEWAY_ROUTE_KEYS),
        (&inputs.ingress, url_bag, IngressProviderAppData::KEYS),
    ]
    .into_iter()
    .filter_map(|(relation, wanted, keys)| {
        let relation = relation.as_ref()?;
        bag_write(&relation.id, &relation.local_app_data, &wanted?, keys)
    })
    .collect();
    JujuEffects {
        bags,
        status: Some(desired.status.clone()),
        ..JujuEffects::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use juju_hook::{RelationId, Status};
    use relation_data::validate;

    fn bag(pairs: &[(&str, &str)]) -> Databag {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn snapshot(endpoint: &str, id: u64, local: Databag) -> RelationSnapshot {
        RelationSnapshot {
            local_app_data: local,
            ..RelationSnapshot::new(RelationId::new(endpoint, id))
        }
    }

    fn request() -> GatewayRouteV0Request {
        GatewayRouteV0Request {
            hostname: Some(validate::hostname("myapp.example.com").unwrap()),
            additional_hostnames: Vec::new(),
            paths: vec![validate::path_prefix("/a").unwrap()],
            model: validate::model_name("m").unwrap(),
            name: validate::application_name("myapp").unwrap(),
            port: 8080,
        }
    }

    const WAITING: &str = "Waiting for the integrator to answer the route request (if this lasts, its status says why: Blocked, waiting for a certificate, or the route is taken)";

    #[test]
    fn first_publication_writes_the_whole_request() {
        let inputs = Inputs {
            gateway_route: Some(snapshot("gateway-route", 2, Databag::new())),
            ..Inputs::default()
        };
        let desired = Desired {
            request: Some(request()),
            url: UrlUpdate::Keep,
            status: Status::Waiting(WAITING.into()),
        };
        let plan = plan(&inputs, &desired);
        assert_eq!(
            plan.bags,
            vec![BagWrite {
                relation: RelationId::new("gateway-route", 2),
                changes: bag(&[
                    ("hostname", "\"myapp.example.com\""),
                    ("paths", "[\"/a\"]"),
                    ("model", "\"m\""),
                    ("name", "\"myapp\""),
                    ("port", "8080"),
                ]),
            }]
        );
        assert_eq!(plan.status, Some(Status::Waiting(WAITING.into())));
    }

    #[test]
    fn unchanged_bags_are_not_written_and_foreign_keys_are_ignored() {
        let mut held = request().to_databag();
        held.insert("egress-subnets".into(), "10.0.0.0/24".into());
        let url = validate::http_url("https://myapp.example.com/a").unwrap();
        let inputs = Inputs {
            gateway_route: Some(snapshot("gateway-route", 2, held)),
            ingress: Some(snapshot(
                "ingress",
                1,
                bag(&[("ingress", "{\"url\": \"https://myapp.example.com/a\"}")]),
            )),
            ..Inputs::default()
        };
        let desired = Desired {
            request: Some(request()),
            url: UrlUpdate::Publish(url),
            status: Status::Active("Serving https://myapp.example.com/a".into()),
        };
        assert_eq!(plan(&inputs, &desired).bags, vec![]);
    }

    #[test]
    fn withdrawal_deletes_only_the_owned_keys_we_hold() {
        let mut held = request().to_databag();
        held.insert("application".into(), "\"myapp\"".into());
        held.insert("unrelated".into(), "x".into());
        let inputs = Inputs {
            gateway_route: Some(snapshot("gateway-route", 2, held)),
            ingress: Some(snapshot("ingress", 1, bag(&[("ingress", "{}")]))),
            ..Inputs::default()
        };
        let desired = Desired {
            request: None,
            url: UrlUpdate::Withdraw,
            status: Status::Blocked("x".into()),
        };
        let cleared = |keys: &[&str]| -> Databag {
            keys.iter()
                .map(|k| ((*k).to_owned(), String::new()))
                .collect()
        };
        assert_eq!(
            plan(&inputs, &desired).bags,
            vec![
                BagWrite {
                    relation: RelationId::new("gateway-route", 2),
                    changes: cleared(&[
                        "application",
                        "hostname",
                        "model",
                        "name",
                        "paths",
                        "port"
                    ]),
                },
                BagWrite {
                    relation: RelationId::new("ingress", 1),
                    changes: cleared(&["ingress"]),
                },
            ]
        );
    }

    #[test]
    fn nothing_is_written_without_relations() {
        let desired = Desired {
            request: Some(request()),
            url: UrlUpdate::Keep,
            status: Status::Waiting(WAITING.into()),
        };
        assert_eq!(plan(&Inputs::default(), &desired).bags, vec![]);
    }
}
