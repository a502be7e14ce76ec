//! Every benchmark figure the docs quote comes from one place: the results of
//! docs/explanation/performance.md, as `scripts/bench.sh` printed them, with their date. Fails
//! when README.md or a page under docs/ (performance.md's own reading of the targets included)
//! quotes a binary size, a median or maximum of hook-tool calls, an own-CPU median or a peak RSS
//! that differs from those results, when the paragraph quoting one does not carry the results'
//! date, or when a drifting form comes back (a size in MB, an RSS in MiB: a link suffices).

use std::path::{Path, PathBuf};

use regex::Regex;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const PERFORMANCE: &str = "docs/explanation/performance.md";

/// The figures of performance.md's results (`rss`: the hooks' maximum, then every scaling
/// row's).
#[derive(Debug)]
struct Source {
    date: String,
    binary_bytes: String,
    calls: (String, String),
    /// Own CPU medians: over the hook kinds, and over the hooks a deployment repeats.
    cpu_medians: [String; 2],
    rss: Vec<String>,
}

fn capture(pattern: &str, text: &str) -> Vec<String> {
    let captures = Regex::new(pattern)
        .unwrap()
        .captures(text)
        .unwrap_or_else(|| panic!("{PERFORMANCE} lacks /{pattern}/"));
    captures
        .iter()
        .skip(1)
        .map(|group| group.unwrap().as_str().to_owned())
        .collect()
}

/// The results section (up to the reading of the targets, which quotes them).
fn results(performance: &str) -> &str {
    let start = performance.find("## Results").expect("a Results section");
    let end = performance
        .find("## Reading the figures")
        .expect("a reading of the targets");
    &performance[start..end]
}

fn source() -> Source {
    let performance = read(&root().join(PERFORMANCE));
    let results = results(&performance);
    let date = capture(
        r"Measured on (\d{4}-\d{2}-\d{2}) by `scripts/bench\.sh`",
        results,
    );
    let binary = capture(r"Stripped release binary: \*\*([\d,]+) bytes\*\*", results);
    let calls = capture(
        r"Over these hooks but `install`: hook-tool calls median (\d+), max (\d+);",
        results,
    );
    let cpu = capture(
        concat!(
            r"own CPU \(the key generation left out too\) median ([\d.]+) ms, max [\d.]+ ms; ",
            r"over the hooks a deployment runs again and again \(the first reconcile left out ",
            r"too\) median ([\d.]+) ms",
        ),
        results,
    );
    let rss_hooks = capture(
        r"Peak RSS of the hook process over these hooks: max (\d+) KiB",
        results,
    );
    // The scaling tables' rows (N, calls, requests, own CPU, peak RSS, wall, the no-op rerun's
    // calls, requests, writes and peak RSS, …): both RSS figures.
    let rows = Regex::new(
        r"(?m)^\| \d+ \| [^|]+\|[^|]+\|[^|]+\| (\d+) \|[^|]+\|[^|]+\|[^|]+\|[^|]+\| (\d+) \|",
    )
    .unwrap();
    let rss_rows: Vec<String> = rows
        .captures_iter(results)
        .flat_map(|row| [row[1].to_owned(), row[2].to_owned()])
        .collect();
    assert_eq!(
        rss_rows.len(),
        14,
        "4 gateway-route rows and 3 ingress rows, 2 figures each"
    );
    Source {
        date: date[0].clone(),
        binary_bytes: binary[0].clone(),
        calls: (calls[0].clone(), calls[1].clone()),
        cpu_medians: [cpu[0].clone(), cpu[1].clone()],
        rss: [rss_hooks[0].clone()].into_iter().chain(rss_rows).collect(),
    }
}

/// The pages checked: README.md, every page under docs/ but performance.md, and performance.md
/// from its reading of the targets on.
fn quoting_pages() -> Vec<(PathBuf, String)> {
    integrator_fixtures::markdown::doc_files(&root())
        .into_iter()
        .map(|path| {
            let text = read(&path);
            let text = if path.ends_with(PERFORMANCE) {
                let start = text.find("## Reading the figures").expect("targets");
                text[start..].to_owned()
            } else {
                text
            };
            (path, text)
        })
        .collect()
}

/// Paragraphs: blank-line separated blocks, a list item or a table row each on its own.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let starts_block = line.starts_with("- ") || line.starts_with('|') || line.is_empty();
        if starts_block && !current.trim().is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push_str(line);
        current.push('\n');
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// One figure quoted in a paragraph, and what the results say.
struct Quote {
    what: &'static str,
    quoted: String,
    expected: Vec<String>,
}

fn quotes(paragraph: &str, source: &Source) -> Vec<Quote> {
    let mut found = Vec::new();
    let mut each = |what: &'static str, pattern: &str, expected: Vec<String>| {
        for captures in Regex::new(pattern).unwrap().captures_iter(paragraph) {
            let quoted: Vec<&str> = captures
                .iter()
                .skip(1)
                .flatten()
                .map(|group| group.as_str())
                .collect();
            found.push(Quote {
                what,
                quoted: quoted.join(" and "),
                expected: expected.clone(),
            });
        }
    };
    each(
        "binary size",
        r"([\d]{1,3}(?:,\d{3}){2}) bytes",
        vec![source.binary_bytes.clone()],
    );
    each(
        "hook-tool calls",
        r"median (?:of )?(\d+) and at most (\d+)\s+hook-tool\s+calls",
        vec![format!("{} and {}", source.calls.0, source.calls.1)],
    );
    each(
        "own CPU",
        r"own CPU[^.]*?median (?:of )?([\d.]+) ms",
        source.cpu_medians.to_vec(),
    );
    // Every size in KiB of a paragraph about RSS.
    if paragraph.contains("RSS") {
        each("peak RSS", r"(\d[\d,]*) KiB\b", source.rss.clone());
    }
    for quote in &mut found {
        if quote.what == "peak RSS" {
            quote.quoted = quote.quoted.replace(',', "");
        }
    }
    found
}

#[test]
fn every_quoted_figure_is_the_benchmark_s_with_its_date() {
    let source = source();
    let mut problems = Vec::new();
    let mut readme_quotes = 0;
    for (path, text) in quoting_pages() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        for paragraph in paragraphs(&text) {
            let quotes = quotes(&paragraph, &source);
            if name == "README.md" {
                readme_quotes += quotes.len();
            }
            for quote in &quotes {
                if !quote.expected.contains(&quote.quoted) {
                    problems.push(format!(
                        "{name}: {} {} (results: {})",
                        quote.what,
                        quote.quoted,
                        quote.expected.join(" or ")
                    ));
                }
            }
            if !quotes.is_empty() && !paragraph.contains(&source.date) {
                problems.push(format!(
                    "{name}: quotes {} without the results' date {}: {}",
                    quotes[0].what,
                    source.date,
                    paragraph.trim()
                ));
            }
        }
    }
    // The README's summary quotes the size, the calls, the CPU and the RSS.
    assert!(
        readme_quotes >= 4,
        "README.md quotes {readme_quotes} figures"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn drifting_forms_are_gone() {
    let patterns = [
        // Our binary in rounded megabytes, our RSS in MiB: quote the figure or link.
        Regex::new(r"binary of about [\d.]+ MB").unwrap(),
        Regex::new(r"peak\s+RSS\s+(?:of\s+)?about [\d.–-]+ MiB").unwrap(),
        Regex::new(r"RSS [\d.]+[–-][\d.]+ MiB").unwrap(),
    ];
    let mut problems = Vec::new();
    for (path, text) in quoting_pages() {
        for pattern in &patterns {
            for found in pattern.find_iter(&text) {
                problems.push(format!("{}: {}", path.display(), found.as_str()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_figures_of_the_results_are_read() {
    let source = source();
    assert_eq!(source.date.len(), 10);
    assert!(source.binary_bytes.contains(','));
    assert!(
        source
            .cpu_medians
            .iter()
            .all(|median| median.parse::<f64>().is_ok())
    );
    assert_eq!(source.rss.len(), 15);
    // A figure that differs is found.
    let paragraph = format!(
        "On {}, a median of 99 and at most 100 hook-tool calls.",
        source.date
    );
    let found = quotes(&paragraph, &source);
    assert_eq!(found.len(), 1);
    assert!(!found[0].expected.contains(&found[0].quoted));
}
