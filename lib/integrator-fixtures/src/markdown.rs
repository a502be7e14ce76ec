//! Plain string handling over Markdown for the docs tests: code spans, tables, sections,
//! heading anchors and link targets, outside fenced code blocks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `root`'s README.md and every Markdown file under its docs/, sorted.
pub fn doc_files(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable dir") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut files = vec![root.join("README.md")];
    walk(&root.join("docs"), &mut files);
    files.sort();
    files
}

/// The Markdown with fenced code blocks blanked out (line numbers kept).
pub fn prose(markdown: &str) -> String {
    let mut fenced = false;
    let mut out = String::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// The contents of the code spans in `text` (single or double backticks).
pub fn code_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
        let fence = "`".repeat(ticks);
        let body_start = start + ticks;
        match rest[body_start..].find(&fence) {
            Some(end) => {
                let body = &rest[body_start..body_start + end];
                let body = if ticks > 1 { body.trim() } else { body };
                spans.push(body.to_owned());
                rest = &rest[body_start + end + ticks..];
            }
            None => break,
        }
    }
    spans
}

/// A Markdown table: its header cells and its data rows' cells (`\|` unescaped).
pub struct Table {
    /// The header row's cells.
    pub header: Vec<String>,
    /// The data rows' cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The index of the column headed `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// The cells of one table row, trimmed (`\\|` is a literal `|`).
pub fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().expect("one cell").push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().expect("one cell").push(c),
        }
    }
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// Every table in `markdown` (outside code blocks).
pub fn tables(markdown: &str) -> Vec<Table> {
    let text = prose(markdown);
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let is_row = |l: &str| l.trim_start().starts_with('|');
        if is_row(lines[i]) && lines[i + 1].trim_start().starts_with("|---") {
            let header = cells(lines[i]);
            let mut rows = Vec::new();
            let mut j = i + 2;
            while j < lines.len() && is_row(lines[j]) {
                rows.push(cells(lines[j]));
                j += 1;
            }
            found.push(Table { header, rows });
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// The part of `markdown` under the `## title` heading, up to the next `## ` heading.
pub fn section<'a>(markdown: &'a str, title: &str) -> &'a str {
    let heading = format!("\n## {title}\n");
    let start = markdown
        .find(&heading)
        .unwrap_or_else(|| panic!("no section {title:?}"))
        + heading.len();
    let end = markdown[start..]
        .find("\n## ")
        .map_or(markdown.len(), |e| start + e);
    &markdown[start..end]
}

/// GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to '-'.
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors a Markdown file defines (duplicates numbered as GitHub does).
pub fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchors = BTreeSet::new();
    for line in prose(markdown).lines() {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes == 0 || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(&line[hashes..]);
        let count = seen.entry(base.clone()).or_default();
        anchors.insert(if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        });
        *count += 1;
    }
    anchors
}

/// Link targets `](target)` outside code blocks.
pub fn link_targets(markdown: &str) -> Vec<String> {
    let text = prose(markdown);
    let mut targets = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        match after.find(')') {
            Some(end) => {
                targets.push(after[..end].trim().to_owned());
                rest = &after[end..];
            }
            None => break,
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_githubs() {
        assert_eq!(slug("`hsts-max-age`"), "hsts-max-age");
        assert_eq!(
            slug("certificates (tls-certificates)"),
            "certificates-tls-certificates"
        );
    }

    #[test]
    fn tables_skip_code_blocks_and_unescape_pipes() {
        let text = "| a | b |\n|---|---|\n| `x\\|y` | 2 |\n\n```\n| no | table |\n|---|---|\n```\n";
        let found = tables(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].header, ["a", "b"]);
        assert_eq!(found[0].rows, [["`x|y`", "2"]]);
    }
}
