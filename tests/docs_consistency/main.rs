//! The docs stay true to the code. Fails when README.md or docs/ drift from:
//! * the files they mention (`examples/…` paths, relative links and their `#anchors`);
//! * config.yaml and configurator/config.yaml (docs/reference/configuration.md tables);
//! * actions.yaml (docs/reference/actions.md headings and parameter tables);
//! * the status messages in the source (every `message` column of docs/reference/statuses.md);
//! * the tested outputs they quote (a fenced block after `<!-- snippet: FILE -->`).
//!
//! Plain string handling over the Markdown; the YAML files are parsed with serde-saphyr.

mod statuses;

use statuses::join_continuations;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use integrator_fixtures::markdown::{anchors, code_spans, link_targets, prose, section, tables};
use serde::Deserialize;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// README.md and every Markdown file under docs/, sorted.
fn doc_files() -> Vec<PathBuf> {
    integrator_fixtures::markdown::doc_files(&root())
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = Vec::new();
    for doc in doc_files() {
        let markdown = read(&doc);
        for target in link_targets(&markdown) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (target.as_str(), None),
            };
            let file = if path.is_empty() {
                doc.clone()
            } else {
                doc.parent().expect("in a dir").join(path)
            };
            if !file.exists() {
                broken.push(format!("{}: {target} (no such file)", relative(&doc)));
                continue;
            }
            if let Some(anchor) = anchor
                && file.extension().is_some_and(|e| e == "md")
                && !anchors(&read(&file)).contains(anchor)
            {
                broken.push(format!("{}: {target} (no such heading)", relative(&doc)));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_examples_path_exists() {
    let mut mentioned = BTreeSet::new();
    for doc in doc_files() {
        let markdown = read(&doc);
        for (index, _) in markdown.match_indices("examples/") {
            let preceded = markdown[..index]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if preceded {
                continue;
            }
            let path: String = markdown[index..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'))
                .collect();
            mentioned.insert((relative(&doc), path.trim_end_matches('.').to_owned()));
        }
    }
    assert!(
        mentioned
            .iter()
            .any(|(_, p)| p.ends_with(".yaml") || p.ends_with(".json")),
        "the docs name no example file: {mentioned:?}"
    );
    let missing: Vec<String> = mentioned
        .iter()
        .filter(|(_, path)| !root().join(path).exists())
        .map(|(doc, path)| format!("{doc}: {path}"))
        .collect();
    assert!(missing.is_empty(), "missing examples: {missing:?}");
}

#[derive(Debug, Deserialize)]
struct ConfigYaml {
    options: BTreeMap<String, ConfigOption>,
}

#[derive(Debug, Deserialize)]
struct ConfigOption {
    #[serde(rename = "type")]
    kind: String,
    default: Option<serde_json::Value>,
}

/// `(option, type, default)` rows as config.yaml declares them; no default reads `unset`.
fn declared_options(config_yaml: &Path) -> BTreeSet<(String, String, String)> {
    let config: ConfigYaml = serde_saphyr::from_str(&read(config_yaml)).expect("valid config");
    config
        .options
        .into_iter()
        .map(|(name, option)| {
            let default = match option.default {
                None => "unset".to_owned(),
                Some(serde_json::Value::String(s)) => s,
                Some(other) => other.to_string(),
            };
            (name, option.kind, default)
        })
        .collect()
}

/// `(option, type, default)` rows of the `option | type | default` table in `markdown`.
fn documented_options(markdown: &str) -> BTreeSet<(String, String, String)> {
    let table = tables(markdown)
        .into_iter()
        .find(|t| {
            t.header
                .starts_with(&["option".into(), "type".into(), "default".into()])
        })
        .expect("an option | type | default table");
    table
        .rows
        .iter()
        .map(|row| {
            let name = code_spans(&row[0]).into_iter().next().expect("`option`");
            let default = match code_spans(&row[2]).into_iter().next() {
                Some(value) => value,
                None => row[2].clone(),
            };
            (name, row[1].clone(), default)
        })
        .collect()
}

#[test]
fn configuration_reference_matches_config_yaml() {
    let doc = read(&root().join("docs/reference/configuration.md"));
    assert_eq!(
        documented_options(section(&doc, "gateway-api-integrator")),
        declared_options(&root().join("config.yaml")),
        "docs/reference/configuration.md (integrator) vs config.yaml"
    );
    assert_eq!(
        documented_options(section(&doc, "gateway-route-configurator")),
        declared_options(&root().join("configurator/config.yaml")),
        "docs/reference/configuration.md (configurator) vs configurator/config.yaml"
    );
    // Every integrator option has its own subsection (the table links to it).
    let anchors = anchors(&doc);
    for (name, _, _) in declared_options(&root().join("config.yaml")) {
        assert!(anchors.contains(&name), "no section for {name}");
    }
}

#[derive(Debug, Deserialize)]
struct ActionSpec {
    #[serde(default)]
    params: BTreeMap<String, ActionParam>,
    #[serde(default)]
    required: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ActionParam {
    #[serde(rename = "type")]
    kind: String,
}

#[test]
fn actions_reference_matches_actions_yaml() {
    let actions: BTreeMap<String, ActionSpec> =
        serde_saphyr::from_str(&read(&root().join("actions.yaml"))).expect("valid actions");
    let doc = read(&root().join("docs/reference/actions.md"));
    let documented: BTreeSet<String> = prose(&doc)
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|h| code_spans(h).into_iter().next())
        .collect();
    assert_eq!(
        documented,
        actions.keys().cloned().collect::<BTreeSet<_>>(),
        "actions documented vs actions.yaml"
    );
    for (name, spec) in &actions {
        let body = section(&doc, &format!("`{name}`"));
        let declared: BTreeSet<(String, String, String)> = spec
            .params
            .iter()
            .map(|(param, p)| {
                let required = if spec.required.contains(param) {
                    "yes"
                } else {
                    "no"
                };
                (param.clone(), p.kind.clone(), required.to_owned())
            })
            .collect();
        let documented: BTreeSet<(String, String, String)> = tables(body)
            .into_iter()
            .filter(|t| t.header.first().is_some_and(|h| h == "parameter"))
            .flat_map(|t| t.rows)
            .map(|row| {
                let param = code_spans(&row[0]).into_iter().next().expect("`param`");
                (param, row[1].clone(), row[2].clone())
            })
            .collect();
        assert_eq!(documented, declared, "parameters of {name}");
    }
}

/// Fenced blocks quoted from tested files: after a line `<!-- snippet: FILE -->`, the next fenced
/// block must be a contiguous part of FILE; for a `.rs` test file, each of its lines must
/// occur in that test (string continuations joined), where the test asserts it.
#[test]
fn quoted_snippets_come_from_tested_files() {
    let mut checked = 0;
    for doc in doc_files() {
        let markdown = read(&doc);
        for (index, _) in markdown.match_indices("\n<!-- snippet: ") {
            let index = index + 1;
            let rest = &markdown[index + "<!-- snippet: ".len()..];
            let file = rest[..rest.find(" -->").expect("closed comment")].trim();
            let fence = rest.find("```").expect("a fenced block follows");
            let body_start = fence + rest[fence..].find('\n').expect("fence line") + 1;
            let body_len = rest[body_start..].find("```").expect("closed fence");
            let body = &rest[body_start..body_start + body_len];
            let source = root().join(file);
            let ok = if file.ends_with(".rs") {
                let lines = join_continuations(&read(&source));
                body.lines()
                    .filter(|l| !l.trim().is_empty())
                    .all(|l| lines.contains(l.trim()))
            } else {
                read(&source).contains(body)
            };
            assert!(ok, "{}: snippet not in {file}:\n{body}", relative(&doc));
            checked += 1;
        }
    }
    assert!(checked >= 2, "expected quoted snippets, found {checked}");
}
