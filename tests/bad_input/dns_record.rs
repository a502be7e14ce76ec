//! Bad dns-record provider data: ignored.

use super::*;

fn dns_relation(bag: Databag) -> Relation {
    let mut relation = Relation::new("dns-record", "dns_record", DNS, "bind")
        .remote_unit("bind/0", databag::<&str, &str>([]));
    relation.remote_app_data = bag;
    relation
}

/// Ingress mode with `external-hostname` and a dns-record provider whose bag is `bag`.
fn with_dns(bag: Databag) -> impl Fn(State) -> State + 'static {
    move |state| {
        state
            .config("external-hostname", "www.example.com")
            .relation(ingress_relation(8080))
            .relation(dns_relation(bag.clone()))
    }
}

fn dns_cases() -> Vec<Case> {
    let dns = |name, key: &str, value: &str| {
        case(
            name,
            with_dns(databag([(key, value)])),
            Hook::RelationChanged(DNS),
            active_http(""),
        )
    };
    vec![
        dns("dns_entries not JSON", "dns_entries", "[{"),
        dns("dns_entries wrong shape", "dns_entries", "{\"uuid\": 1}"),
        dns(
            "dns_entries unknown status",
            "dns_entries",
            "[{\"uuid\": \"x\", \"status\": \"\\u0000\"}]",
        ),
        dns("unknown key", "zone", "\"example.com\\nspec: x\""),
    ]
}

#[test]
fn bad_dns_record_provider_data_is_ignored() {
    run_corpus(dns_cases());
}
