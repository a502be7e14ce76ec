//! Runs the batch harnesses of `tests/interop` (`istio_route_*.py`, `certificate_transfer_*.py`:
//! the real charmlibs libraries) from this crate's tests, finding the venv as
//! `lib/integrator-fixtures/src/interop.rs` does:
//! `$INTEROP_PYTHON` when set, else `<repo>/.venv/bin/python` once `scripts/python-venv.sh`
//! finished it. A missing venv skips the test with a message on stderr, unless
//! `$INTEROP_REQUIRED` is set (and not `0`), in which case the test fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The helpers every harness imports; its directory is `tests/interop`.
const INTEROP_COMMON: &str = "interop_common.py";

/// The repository root: the nearest ancestor of this crate holding the harnesses.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .find(|dir| dir.join("tests/interop").join(INTEROP_COMMON).is_file())
        .unwrap_or_else(|| {
            panic!("no ancestor of {manifest_dir:?} holds tests/interop/{INTEROP_COMMON}")
        })
        .to_path_buf()
}

/// The venv's python, or `None` after printing why the test is skipped.
pub fn python() -> Option<PathBuf> {
    let (python, complete) = match std::env::var_os("INTEROP_PYTHON").filter(|v| !v.is_empty()) {
        Some(path) => {
            let path = PathBuf::from(path);
            let ok = path.is_file();
            (path, ok)
        }
        None => {
            let root = repo_root();
            let path = root.join(".venv/bin/python");
            let ok = path.is_file() && root.join(".venv/.requirements.stamp").is_file();
            (path, ok)
        }
    };
    if complete {
        return Some(python);
    }
    let message = format!(
        "interop venv missing: {} is not a ready python; run scripts/python-venv.sh",
        python.display()
    );
    if std::env::var("INTEROP_REQUIRED").is_ok_and(|v| !v.is_empty() && v != "0") {
        panic!("{message} ($INTEROP_REQUIRED is set, so this is an error)");
    }
    eprintln!("SKIPPED: {message} (set $INTEROP_REQUIRED=1 to make this an error)");
    None
}

/// Run `script` on `{"cases": cases}` and return its `results`, one per case. Panics with the
/// harness's stderr when it fails (exit 2: bad input; 1: the library or hook raised).
pub fn run(python: &Path, script: &str, cases: Vec<Value>) -> Vec<Value> {
    run_texts(python, script, cases.iter().map(Value::to_string).collect())
}

/// [`run`] with each case given as JSON text, so object member order reaches Python as written
/// (a `serde_json::Value` sorts members).
pub fn run_texts(python: &Path, script: &str, cases: Vec<String>) -> Vec<Value> {
    let expected = cases.len();
    let input = format!(r#"{{"cases": [{}]}}"#, cases.join(", "));
    let path = repo_root().join("tests/interop").join(script);
    let mut child = Command::new(python)
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} {}: {e}", python.display(), path.display()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            // A child that exits early closes the pipe; its exit status tells the story.
            let _ = stdin.write_all(input.as_bytes());
        });
        child.wait_with_output()
    })
    .unwrap_or_else(|e| panic!("cannot wait for {script}: {e}"));
    assert!(
        output.status.success(),
        "{script} exited with {} (a venv built before the library was pinned? rerun \
         scripts/python-venv.sh):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let mut value: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{script} printed no JSON: {e}"));
    let Value::Array(results) = value["results"].take() else {
        panic!("{script} printed no results list");
    };
    assert_eq!(results.len(), expected, "{script}: one result per case");
    results
}
