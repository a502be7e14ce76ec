//! Marked blocks of a page, the simulated output they must equal, and the shapes the pages
//! show (`juju status`, `kubectl get -o name`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use charm_cluster::{InMemoryCluster, Kind};
use juju_hook::Status;

const MARKER: &str = "<!-- simulated: ";

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every marked block of `markdown`: key → the fenced block's lines (fences and the
/// indentation of the fence line removed), joined by newlines.
pub fn marked_blocks(markdown: &str) -> BTreeMap<String, String> {
    let mut blocks = BTreeMap::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.trim().strip_prefix(MARKER) else {
            continue;
        };
        let key = rest.trim_end_matches("-->").trim().to_owned();
        let fence = lines.next().unwrap_or_default();
        let indent = fence.len() - fence.trim_start().len();
        assert!(
            fence.trim_start().starts_with("```"),
            "the line after the marker {key} must open a fenced block, not: {fence}"
        );
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.trim_start().starts_with("```"))
            .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
            .collect();
        let previous = blocks.insert(key.clone(), body.join("\n"));
        assert!(previous.is_none(), "marker {key} used twice");
    }
    blocks
}

/// Check the marked blocks of `page` (relative to the repository root) against `produced`:
/// the same keys, and each block equal to its produced text.
pub fn check(page: &str, produced: &BTreeMap<String, String>) {
    let text = std::fs::read_to_string(root().join(page)).expect("readable page");
    let shown = marked_blocks(&text);
    let mut problems = Vec::new();
    for (key, output) in produced {
        match shown.get(key) {
            None => problems.push(format!(
                "{page}: no block marked {key}; it would show:\n{output}"
            )),
            Some(block) if block != output => problems.push(format!(
                "{page}: block {key} shows:\n{block}\nbut the simulator produces:\n{output}"
            )),
            Some(_) => {}
        }
    }
    for key in shown.keys().filter(|k| !produced.contains_key(*k)) {
        problems.push(format!(
            "{page}: block {key} is marked but nothing produces it"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// `juju status`'s application table for `rows` (application, status): columns padded to
/// the widest cell plus two spaces, as Juju prints them.
pub fn juju_status(rows: &[(&str, &Option<Status>)]) -> String {
    let cells: Vec<[String; 3]> = rows
        .iter()
        .map(|(app, status)| {
            let (name, message) = match status {
                Some(Status::Active(m)) => ("active", m.as_str()),
                Some(Status::Blocked(m)) => ("blocked", m.as_str()),
                Some(Status::Waiting(m)) => ("waiting", m.as_str()),
                Some(Status::Maintenance(m)) => ("maintenance", m.as_str()),
                _ => ("unknown", ""),
            };
            [(*app).to_owned(), name.to_owned(), message.to_owned()]
        })
        .collect();
    let header = ["App".to_owned(), "Status".to_owned(), "Message".to_owned()];
    let all: Vec<&[String; 3]> = std::iter::once(&header).chain(cells.iter()).collect();
    let width = |column: usize| all.iter().map(|row| row[column].len()).max().unwrap_or(0) + 2;
    let (first, second) = (width(0), width(1));
    all.iter()
        .map(|row| format!("{:<first$}{:<second$}{}", row[0], row[1], row[2]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `kubectl get <kinds> -l <our label> -o name`: `resource/name` lines, kind by kind in the
/// order given, names sorted.
pub fn kubectl_names(cluster: &InMemoryCluster, kinds: &[Kind]) -> String {
    let mut lines = Vec::new();
    for kind in kinds {
        let resource = match kind {
            Kind::Gateway => "gateway.gateway.networking.k8s.io",
            Kind::HttpRoute => "httproute.gateway.networking.k8s.io",
            Kind::Service => "service",
            Kind::Secret => "secret",
            other => panic!("no kubectl name for {other:?}"),
        };
        let mut names = cluster.names(*kind);
        names.sort_unstable();
        lines.extend(names.into_iter().map(|name| format!("{resource}/{name}")));
    }
    lines.join("\n")
}

/// `kubectl get gateway <name> -o jsonpath='{.spec.listeners[*].name}'`, one per line.
pub fn listener_names(cluster: &InMemoryCluster, gateway: &str) -> String {
    let gateway = cluster.object(Kind::Gateway, gateway).expect("the Gateway");
    gateway["spec"]["listeners"]
        .as_array()
        .expect("listeners")
        .iter()
        .map(|l| l["name"].as_str().expect("a name").to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_changed_block_fails_the_check() {
    let page = "<!-- simulated: a -->\n```text\nold\n```\n";
    let shown = marked_blocks(page);
    assert_eq!(shown.get("a").map(String::as_str), Some("old"));
    let produced: BTreeMap<String, String> = [("a".to_owned(), "new".to_owned())].into();
    assert_ne!(shown, produced);
}

#[test]
fn juju_status_pads_like_juju() {
    let blocked = Some(Status::Blocked("x".into()));
    assert_eq!(
        juju_status(&[("gateway-api-integrator", &blocked)]),
        "App                     Status   Message\ngateway-api-integrator  blocked  x"
    );
}
