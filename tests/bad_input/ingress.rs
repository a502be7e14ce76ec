//! Bad ingress data: the relation is skipped and named, the rest served.

use super::*;

/// A requirer's invalid ingress data: that relation is skipped and named; the rest is served
/// (the Python charm Blocked everything with `Validation of ingress relation data failed.`).
pub(crate) fn invalid_ingress() -> Status {
    active_http("; ignoring invalid data on gateway:3")
}

/// The ingress relation with `key` of the app bag set to `value` (raw databag text), or
/// removed when `None`.
pub(crate) fn ingress_app(
    key: &'static str,
    value: Option<&str>,
) -> impl Fn(State) -> State + 'static {
    let value = value.map(str::to_owned);
    move |state| {
        let mut relation = ingress_relation(8080);
        match &value {
            Some(value) => {
                relation
                    .remote_app_data
                    .insert(key.to_owned(), value.clone());
            }
            None => {
                relation.remote_app_data.remove(key);
            }
        }
        state.relation(relation)
    }
}

/// The ingress relation with `flask/0`'s bag replaced.
fn ingress_unit(bag: Databag) -> impl Fn(State) -> State + 'static {
    move |state| {
        let mut relation = ingress_relation(8080);
        relation
            .remote_units_data
            .insert("flask/0".to_owned(), bag.clone());
        state.relation(relation)
    }
}

fn ingress_cases() -> Vec<Case> {
    let invalid = invalid_ingress;
    let app = |name, key, value: &str| {
        case(
            name,
            ingress_app(key, Some(value)),
            Hook::RelationChanged(INGRESS),
            invalid(),
        )
    };
    let missing = |name, key| {
        case(
            name,
            ingress_app(key, None),
            Hook::RelationChanged(INGRESS),
            invalid(),
        )
    };
    let mebibyte = json!("a".repeat(1 << 20)).to_string();
    vec![
        app("port 0", "port", "0"),
        app("port 65535", "port", "65535"),
        app("port -1", "port", "-1"),
        app("port 8080.5", "port", "8080.5"),
        app("port as JSON string", "port", "\"8080\""),
        app("port huge", "port", "99999999999999999999999"),
        app("port not JSON", "port", "eighty"),
        missing("port missing", "port"),
        missing("name missing", "name"),
        missing("model missing", "model"),
        app("name uppercase", "name", "\"Flask\""),
        app("name with slash", "name", "\"a/b\""),
        app("name ../", "name", "\"../etc\""),
        app(
            "name 300 chars",
            "name",
            &json!("a".repeat(300)).to_string(),
        ),
        app("name empty", "name", "\"\""),
        app("name control char", "name", "\"fl\\u0000ask\""),
        app("model not a namespace", "model", "\"Not_A_Namespace\""),
        app("model injection", "model", "\"testing\\nkind: Secret\""),
        app("name not JSON", "name", "flask"),
        app("port 1 MiB", "port", &mebibyte),
        app("name 1 MiB", "name", &mebibyte),
        // Duplicate keys: the last one wins (serde_json, as Python's json.loads), so the valid
        // value last is accepted and the invalid value last is rejected.
        app(
            "healthcheck_params duplicate keys, invalid last",
            "healthcheck_params",
            "{\"path\": \"/a\", \"path\": 7}",
        ),
        case(
            "healthcheck_params duplicate keys, valid last",
            ingress_app(
                "healthcheck_params",
                Some("{\"path\": 7, \"path\": \"/a\"}"),
            ),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        app("app bag duplicate port key", "port", "{\"a\": 1, \"a\": 2}"),
        app("healthcheck_params not JSON", "healthcheck_params", "{"),
        app("strip-prefix yes", "strip-prefix", "\"yes\""),
        app("redirect-https 1", "redirect-https", "1"),
        app("scheme ftp", "scheme", "\"ftp\""),
        case(
            "unit without host",
            ingress_unit(databag([("ip", "\"10.1.2.3\"")])),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        // The unit host is never rendered into an object (the Service selects pods by the
        // application name), so, like the Python library, any non-empty string is accepted.
        case(
            "unit host with control characters",
            ingress_unit(databag([("host", "\"flask-0\\u0007\\n.svc\"")])),
            Hook::RelationChanged(INGRESS),
            active_http(""),
        ),
        case(
            "unit ip 999.1.1.1",
            ingress_unit(databag([
                ("host", "\"flask-0.flask-endpoints\""),
                ("ip", "\"999.1.1.1\""),
            ])),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        case(
            "unit host 1 MiB",
            ingress_unit(databag([("host", mebibyte.as_str())])),
            Hook::RelationChanged(INGRESS),
            invalid(),
        ),
        case(
            "unit with no data",
            ingress_unit(Databag::new()),
            Hook::RelationChanged(INGRESS),
            // Not ready yet (as the Python library says), so no route and no URL; the Gateway
            // itself is still served, and the status says what is missing.
            Status::Waiting("Waiting for ingress relation data".into()),
        ),
        case(
            "app bag empty",
            |state: State| {
                let mut relation = ingress_relation(8080);
                relation.remote_app_data = Databag::new();
                state.relation(relation)
            },
            Hook::RelationChanged(INGRESS),
            // Not ready yet (as the Python library says), so no route and no URL; the Gateway
            // itself is still served, and the status says what is missing.
            Status::Waiting("Waiting for ingress relation data".into()),
        ),
    ]
}

#[test]
fn bad_ingress_data_ends_in_an_exact_status() {
    run_corpus(ingress_cases());
}
