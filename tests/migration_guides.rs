//! The migration guides cover every option, action and relation of the charms they replace.
//!
//! The names come from `../shared/research/anchor-features.md` (beside the repository): its
//! sections `### 1. traefik-k8s …` and `### 2. nginx-ingress-integrator …` hold a table whose
//! first column is the kind (`config`, `action`, `endpoint`) and whose second names the items
//! in code spans (parenthesised remarks are not names; `proxy-{read,send}-timeout` is two
//! names). Each name must be in the first column of the guide's table for its kind
//! (`| traefik-k8s option | …`, `… action | …`, `… endpoint (interface) | …`), and every name
//! of ours in those tables' second column must be an option (config.yaml or
//! configurator/config.yaml), an action (actions.yaml) or an endpoint or interface (the two
//! charmcraft.yaml files).

use integrator_fixtures::markdown;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The kinds of item a guide maps, as the research file's first column spells them, and the
/// word that ends the first header cell of the guide's table for them.
const KINDS: [(&str, &str); 3] = [
    ("config", "option"),
    ("action", "action"),
    ("endpoint", "endpoint (interface)"),
];

/// A Markdown table's rows (header first), outside code blocks.
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    markdown::tables(markdown)
        .into_iter()
        .map(|table| std::iter::once(table.header).chain(table.rows).collect())
        .collect()
}

/// The code spans of `text` that are not inside parentheses (single backticks).
fn top_level_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut span: Option<String> = None;
    for c in text.chars() {
        match (&mut span, c) {
            (Some(body), '`') => {
                let body = std::mem::take(body);
                if depth == 0 {
                    spans.push(body);
                }
                span = None;
            }
            (Some(body), _) => body.push(c),
            (None, '`') => span = Some(String::new()),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
    }
    spans
}

/// Every code span of `text`.
fn all_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// `a-{b,c}-d` → `a-b-d`, `a-c-d`; a name without a `{…,…}` group is itself.
fn expand(name: &str) -> Vec<String> {
    match (name.find('{'), name.find('}')) {
        (Some(open), Some(close)) if open < close && name[open..close].contains(',') => name
            [open + 1..close]
            .split(',')
            .map(|part| format!("{}{}{}", &name[..open], part.trim(), &name[close + 1..]))
            .collect(),
        _ => vec![name.to_owned()],
    }
}

/// The `### ` section of the research file whose heading names `charm`.
fn research_section<'a>(research: &'a str, charm: &str) -> &'a str {
    let start = research
        .match_indices("\n### ")
        .map(|(i, _)| i + 1)
        .find(|&i| {
            research[i..]
                .lines()
                .next()
                .is_some_and(|h| h.contains(charm))
        })
        .unwrap_or_else(|| panic!("anchor-features.md has no `### ` section for {charm}"));
    let body = &research[start..];
    let end = body[4..].find("\n#").map_or(body.len(), |e| e + 4);
    &body[..end]
}

/// `kind → names` of the research file's table for `charm`.
fn anchor_names(charm: &str) -> BTreeMap<&'static str, BTreeSet<String>> {
    let research = read(&root().join("../shared/research/anchor-features.md"));
    let section = research_section(&research, charm);
    let mut names: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for table in tables(section) {
        let Some(item) = table[0].iter().position(|h| h.starts_with("item")) else {
            continue;
        };
        for row in &table[1..] {
            let Some((kind, _)) = KINDS.iter().find(|(k, _)| row[0] == *k) else {
                continue;
            };
            for span in top_level_spans(&row[item]) {
                let name = span.split('(').next().expect("a part").trim();
                names.entry(kind).or_default().extend(expand(name));
            }
        }
    }
    names
}

/// The guide's tables for `kind` (first header cell ending with its word).
fn guide_tables(guide: &str, kind: &str) -> Vec<Vec<Vec<String>>> {
    let word = KINDS.iter().find(|(k, _)| *k == kind).expect("a kind").1;
    tables(guide)
        .into_iter()
        .filter(|t| t[0][0].ends_with(word))
        .collect()
}

/// The names of `kind` the guide's tables leave out of their first column.
fn missing(guide: &str, kind: &str, wanted: &BTreeSet<String>) -> BTreeSet<String> {
    let listed: BTreeSet<String> = guide_tables(guide, kind)
        .iter()
        .flat_map(|t| &t[1..])
        .flat_map(|row| all_spans(&row[0]))
        .collect();
    wanted.difference(&listed).cloned().collect()
}

#[derive(Deserialize)]
struct ConfigYaml {
    options: BTreeMap<String, IgnoredAny>,
}

#[derive(Deserialize)]
struct Endpoint {
    interface: String,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    provides: BTreeMap<String, Endpoint>,
    #[serde(default)]
    requires: BTreeMap<String, Endpoint>,
    #[serde(default)]
    peers: BTreeMap<String, Endpoint>,
}

/// `kind → names` of ours: both charms' options, the integrator's actions, both charms'
/// endpoints and interfaces.
fn our_names() -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut ours: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for dir in [root(), root().join("configurator")] {
        let config: ConfigYaml =
            serde_saphyr::from_str(&read(&dir.join("config.yaml"))).expect("valid config.yaml");
        ours.entry("config")
            .or_default()
            .extend(config.options.into_keys());
        let meta: Metadata = serde_saphyr::from_str(&read(&dir.join("charmcraft.yaml")))
            .expect("valid charmcraft.yaml");
        for (name, endpoint) in meta
            .provides
            .into_iter()
            .chain(meta.requires)
            .chain(meta.peers)
        {
            ours.entry("endpoint")
                .or_default()
                .extend([name, endpoint.interface]);
        }
    }
    let actions: BTreeMap<String, IgnoredAny> =
        serde_saphyr::from_str(&read(&root().join("actions.yaml"))).expect("valid actions.yaml");
    ours.entry("action")
        .or_default()
        .extend(actions.into_keys());
    ours
}

fn check_guide(charm: &str, guide_path: &str) {
    let anchor = anchor_names(charm);
    for (kind, _) in KINDS {
        assert!(
            anchor.get(kind).is_some_and(|n| !n.is_empty()),
            "no {kind} names found for {charm} in anchor-features.md: has its table changed shape?"
        );
    }
    let guide = read(&root().join(guide_path));
    let ours = our_names();
    let mut problems = Vec::new();
    for (kind, wanted) in &anchor {
        for name in missing(&guide, kind, wanted) {
            problems.push(format!(
                "{charm} {kind} `{name}` is in no {kind} table's first column"
            ));
        }
        for table in guide_tables(&guide, kind) {
            for row in &table[1..] {
                let Some(mapped) = row.get(1) else { continue };
                for span in all_spans(mapped) {
                    let name = span.split('=').next().expect("a part");
                    if !ours[kind].contains(name) {
                        problems.push(format!("`{span}` (row {}) is no {kind} of ours", row[0]));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{guide_path}:\n{}",
        problems.join("\n")
    );
}

#[test]
fn traefik_guide_maps_every_option_action_and_relation() {
    check_guide("traefik-k8s", "docs/how-to/migrate-from-traefik-k8s.md");
}

#[test]
fn nginx_guide_maps_every_option_action_and_relation() {
    check_guide(
        "nginx-ingress-integrator",
        "docs/how-to/migrate-from-nginx-ingress-integrator.md",
    );
}

#[test]
fn the_names_are_read_as_written() {
    let nginx = anchor_names("nginx-ingress-integrator");
    for name in [
        "proxy-read-timeout",
        "proxy-connect-timeout",
        "service-port",
        "use-regex",
    ] {
        assert!(
            nginx["config"].contains(name),
            "{name} in {:?}",
            nginx["config"]
        );
    }
    assert!(!nginx["config"].iter().any(|n| n.contains(['{', '"', '/'])));
    assert_eq!(
        nginx["action"],
        BTreeSet::from(["get-certificate".to_owned()])
    );
    assert!(nginx["endpoint"].contains("nginx-peers"));
    let traefik = anchor_names("traefik-k8s");
    assert!(traefik["endpoint"].contains("upstream-ingress"));
    assert!(!traefik["endpoint"].contains("ingress_per_unit"));
    assert!(traefik["config"].contains("tls-key"));
}

#[test]
fn a_missing_row_fails_the_check() {
    let guide = read(&root().join("docs/how-to/migrate-from-traefik-k8s.md"));
    let wanted = BTreeSet::from(["basic_auth_user".to_owned()]);
    assert!(missing(&guide, "config", &wanted).is_empty());
    let without: String = guide
        .lines()
        .filter(|l| !l.starts_with("| `basic_auth_user`"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(missing(&without, "config", &wanted), wanted);
}
