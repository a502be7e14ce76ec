//! docs/reference/statuses.md against the source: every documented status message is one the
//! code can produce.

use std::path::Path;

use integrator_fixtures::markdown::{code_spans, tables};

use crate::{read, root};

/// The Rust sources, one logical line per line: string continuations (`\` + newline) joined
/// and `\"` unescaped.
fn source_lines(dirs: &[&str]) -> Vec<String> {
    fn walk(dir: &Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).expect("readable dir") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push_str(&read(&path));
                out.push('\n');
            }
        }
    }
    let mut text = String::new();
    for dir in dirs {
        walk(&root().join(dir), &mut text);
    }
    join_continuations(&text)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Rust source with string continuations (`\` + newline + indentation) joined and `\"`
/// unescaped, so a message split over lines reads as one line.
pub(crate) fn join_continuations(text: &str) -> String {
    let mut joined = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mut line = line.to_owned();
        while line.ends_with('\\') {
            line.pop();
            match lines.next() {
                Some(more) => line.push_str(more.trim_start()),
                None => break,
            }
        }
        joined.push_str(&line);
        joined.push('\n');
    }
    joined.replace("\\\"", "\"")
}

/// The literal parts of a documented message: split at `<placeholder>` (and `"<placeholder>"`,
/// since `{:?}` adds the quotes), trimmed, keeping only parts with a letter or digit.
fn literal_parts(message: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut rest = message;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let mut head = &rest[..start];
        let mut tail = &rest[start + len + 1..];
        if head.ends_with('"') && tail.starts_with('"') {
            head = &head[..head.len() - 1];
            tail = &tail[1..];
        }
        parts.last_mut().expect("one part").push_str(head);
        parts.push(String::new());
        rest = tail;
    }
    parts.last_mut().expect("one part").push_str(rest);
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .collect()
}

/// Whether one source line holds every literal part of `message`, in order.
fn message_in_source(message: &str, lines: &[String]) -> bool {
    let parts = literal_parts(message);
    !parts.is_empty()
        && lines.iter().any(|line| {
            let mut from = 0;
            parts
                .iter()
                .all(|part| match line[from..].find(part.as_str()) {
                    Some(at) => {
                        from += at + part.len();
                        true
                    }
                    None => false,
                })
        })
}

#[test]
fn every_documented_status_message_is_in_the_source() {
    let doc = read(&root().join("docs/reference/statuses.md"));
    let lines = source_lines(&["src", "configurator/src"]);
    let mut messages = Vec::new();
    for table in tables(&doc) {
        let Some(column) = table.column("message") else {
            continue;
        };
        for row in &table.rows {
            let cell = &row[column];
            let spans = code_spans(cell);
            assert!(
                spans.len() == 1 && cell.starts_with('`') && cell.ends_with('`'),
                "statuses.md: a message cell must be one code span: {cell}"
            );
            messages.push(spans[0].clone());
        }
    }
    assert!(
        messages.len() >= 30,
        "too few messages parsed: {messages:?}"
    );
    let missing: Vec<&String> = messages
        .iter()
        .filter(|m| !message_in_source(m, &lines))
        .collect();
    assert!(
        missing.is_empty(),
        "documented but not in src/ or configurator/src/: {missing:#?}"
    );
}

#[test]
fn the_message_matcher_can_fail() {
    let lines = vec![
        r#"#[error("invalid configuration: external-hostname {value:?} is not a valid hostname: {reason}")]"#.to_owned(),
        r#"format!("Gateway addresses: {address}{suffix}")"#.to_owned(),
    ];
    assert!(message_in_source(
        r#"invalid configuration: external-hostname "<value>" is not a valid hostname: <reason>"#,
        &lines
    ));
    assert!(message_in_source("Gateway addresses: <ip>", &lines));
    assert!(!message_in_source("Gateway address: <ip>", &lines));
    assert!(!message_in_source(
        "<reason> hostname: external-hostname",
        &lines
    ));
    assert_eq!(
        literal_parts("Gateway class must be one of: [<a>,<b>]"),
        ["Gateway class must be one of: ["]
    );
}
