//! Bad gateway-route data: the relation is skipped and its sibling served.

use super::*;

/// An ISD259 (v0) requirer bag as the configurator writes it, every value raw databag text.
pub(crate) fn v0_bag(hostname: &str, paths: &str, name: &str, port: &str) -> Databag {
    databag([
        ("hostname", hostname.to_owned()),
        ("model", format!("\"{MODEL}\"")),
        ("name", name.to_owned()),
        ("paths", paths.to_owned()),
        ("port", port.to_owned()),
    ])
}

fn route_relation(id: u64, remote: &str, bag: Databag) -> Relation {
    let mut relation = Relation::new("gateway-route", "gateway-route", id, remote.to_owned())
        .remote_unit(format!("{remote}/0"), databag::<&str, &str>([]));
    relation.remote_app_data = bag;
    relation
}

/// The valid sibling: `good.example.com` → `good` on 8080, paths `/`.
fn good_route() -> Relation {
    route_relation(
        GOOD_ROUTE,
        "configurator-good",
        v0_bag("\"good.example.com\"", "[\"/\"]", "\"good\"", "8080"),
    )
}

/// The good sibling plus a bad relation with `bag` (from `configurator-bad`).
pub(crate) fn with_bad_route(bag: Databag) -> impl Fn(State) -> State + 'static {
    move |state| {
        state.relation(good_route()).relation(route_relation(
            BAD_ROUTE,
            "configurator-bad",
            bag.clone(),
        ))
    }
}

pub(crate) fn skipped_bad_route() -> Status {
    active_http(&format!(
        "; ignoring invalid data on gateway-route:{BAD_ROUTE}"
    ))
}

fn gateway_route_cases() -> Vec<Case> {
    let v0 = |name, hostname: &str, paths: &str, app: &str, port: &str| {
        case(
            name,
            with_bad_route(v0_bag(hostname, paths, app, port)),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        )
    };
    let path = |name, path: &str| {
        v0(
            name,
            "\"bad.example.com\"",
            &json!([path]).to_string(),
            "\"bad\"",
            "8080",
        )
    };
    let host = |name, hostname: &str| {
        v0(
            name,
            &json!(hostname).to_string(),
            "[\"/\"]",
            "\"bad\"",
            "8080",
        )
    };
    let v1 = |name, hostname: &str, additional: &str| {
        case(
            name,
            with_bad_route(databag([
                ("additional_hostnames", additional.to_owned()),
                ("hostname", hostname.to_owned()),
            ])),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        )
    };
    let many: Vec<String> = (0..100_000).map(|i| format!("/p{i}")).collect();
    let many_hosts: Vec<String> = (0..100_000).map(|i| format!("h{i}.example.com")).collect();
    vec![
        path("path //", "//a"),
        path("path /../", "/a/../b"),
        path("path %2F", "/a%2Fb"),
        path("path #", "/a#frag"),
        path("path ?", "/a?x=1"),
        path("path space", "/a b"),
        path("path 1025 chars", &format!("/{}", "a".repeat(1024))),
        path("path non-ASCII", "/bücher"),
        path("path control char", "/a\nb"),
        path("path relative", "a"),
        path("path empty", ""),
        host("hostname uppercase", "Bad.Example.com"),
        host("hostname wildcard", "*.example.com"),
        host("hostname injection", "bad.example.com\nspec: x"),
        host("hostname quote", "bad.example.com\",\"x"),
        host("hostname IP", "10.0.0.1"),
        host("hostname trailing dot", "bad.example.com."),
        host("hostname IDN", "bücher.example"),
        host("hostname 254 chars", &format!("{}.com", "a.".repeat(125))),
        v0("port 0", "\"bad.example.com\"", "[\"/\"]", "\"bad\"", "0"),
        v0(
            "port 70000",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"bad\"",
            "70000",
        ),
        v0(
            "port string",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"bad\"",
            "\"8080\"",
        ),
        v0(
            "name uppercase",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"Bad\"",
            "8080",
        ),
        v0(
            "name ../",
            "\"bad.example.com\"",
            "[\"/\"]",
            "\"../bad\"",
            "8080",
        ),
        v0(
            "paths not a list",
            "\"bad.example.com\"",
            "\"/\"",
            "\"bad\"",
            "8080",
        ),
        v0(
            "paths not JSON",
            "\"bad.example.com\"",
            "[/]",
            "\"bad\"",
            "8080",
        ),
        v0(
            "100 000 paths",
            "\"bad.example.com\"",
            &json!(many).to_string(),
            "\"bad\"",
            "8080",
        ),
        // ISD259's `name` is the workload, not the configurator, so it never matches the remote
        // application: a second requirer naming the sibling's workload is served too, on the
        // shared Service with both ports (deliberate: several configurators per workload).
        case(
            "name mismatch: a second requirer claims the sibling's workload",
            with_bad_route(v0_bag("\"bad.example.com\"", "[\"/\"]", "\"good\"", "9090")),
            Hook::RelationChanged(BAD_ROUTE),
            active_http(""),
        ),
        case(
            "v0 from another model",
            with_bad_route(databag([
                ("hostname", "\"bad.example.com\""),
                ("model", "\"elsewhere\""),
                ("name", "\"bad\""),
                ("paths", "[\"/\"]"),
                ("port", "8080"),
            ])),
            Hook::RelationChanged(BAD_ROUTE),
            skipped_bad_route(),
        ),
        v1("v1 IP hostname", "\"10.0.0.1\"", "[]"),
        v1("v1 hostname not JSON", "bad.example.com", "[]"),
        v1("v1 hostname number", "7", "[]"),
        v1("v1 additional not a list", "\"bad.example.com\"", "\"x\""),
        v1(
            "v1 additional with an injection",
            "\"bad.example.com\"",
            "[\"ok.example.com\", \"x\\ny\"]",
        ),
        v1(
            "v1 100 000 additional hostnames",
            "\"bad.example.com\"",
            &json!(many_hosts).to_string(),
        ),
        v1(
            "v1 hostname 1 MiB",
            &json!("a".repeat(1 << 20)).to_string(),
            "[]",
        ),
    ]
}

#[test]
fn bad_gateway_route_data_skips_the_relation_and_serves_its_sibling() {
    let cases = gateway_route_cases();
    run_corpus(cases);
    // The sibling is served in a bad case: its route and published endpoints.
    let mut cluster = cluster();
    let state = with_bad_route(v0_bag(
        "\"bad.example.com\"",
        "[\"//a\"]",
        "\"bad\"",
        "8080",
    ))(ready(&mut cluster));
    let event = event_for(Hook::RelationChanged(BAD_ROUTE), &state);
    let (after, exit) = run_unchecked(&event, state, &mut cluster);
    exit.expect("hook succeeds");
    assert_eq!(
        cluster.names(Kind::HttpRoute),
        vec![format!("{APP}-good-{GOOD_ROUTE}-http")]
    );
    assert_eq!(
        after.get_relation(GOOD_ROUTE).unwrap().local_app_data,
        databag([("endpoints", "[\"http://good.example.com/\"]")])
    );
    assert_eq!(
        after.get_relation(BAD_ROUTE).unwrap().local_app_data,
        Databag::new()
    );
}
