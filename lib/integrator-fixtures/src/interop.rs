//! Runs the Python interop harnesses of `tests/interop/` (the real Canonical libraries) from
//! Rust integration tests:
//!
//! ```ignore
//! use integrator_fixtures::interop as harness;
//!
//! let Some(python) = harness::interop_python() else { return }; // skipped, message printed
//! let output = harness::run_harness(&python, harness::TLS_PROVIDER, &input_json).unwrap();
//! ```
//!
//! The venv comes from `scripts/python-venv.sh`: `$INTEROP_PYTHON` when set, else
//! `<repo>/.venv/bin/python`. A missing venv skips the test (with a message on stderr) unless
//! `$INTEROP_REQUIRED` is set, as in CI, where it fails the test instead.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// `tests/interop/tls_provider.py`: the real `TLSCertificatesProvidesV4` signs our CSRs.
pub const TLS_PROVIDER: &str = "tls_provider.py";
/// `tests/interop/tls_requirer_check.py`: the real `TLSCertificatesRequiresV4` (APP mode)
/// reports which provider certificates it accepts.
pub const TLS_REQUIRER_CHECK: &str = "tls_requirer_check.py";

/// `tests/interop/ingress_url_check.py`: the ingress v2 requirer's validation of our provider
/// bag (pydantic `AnyHttpUrl`), with the real pydantic.
pub const INGRESS_URL_CHECK: &str = "ingress_url_check.py";
/// The real istio-ingress-route requirer reading a provider bag (see the script's docstring).
pub const ISTIO_REQUIRER_CHECK: &str = "istio_route_requirer_check.py";

/// Env var naming the venv's python (set by `scripts/test.sh`).
pub const PYTHON_ENV: &str = "INTEROP_PYTHON";
/// Env var that turns a missing venv from a skip into a failure (set by `.ci/run`).
pub const REQUIRED_ENV: &str = "INTEROP_REQUIRED";

/// The repository root: the nearest ancestor of this crate's manifest dir holding the harnesses.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .find(|dir| dir.join("tests/interop").join(TLS_PROVIDER).is_file())
        .unwrap_or_else(|| {
            panic!(
                "no ancestor of {} holds tests/interop/{TLS_PROVIDER}",
                manifest_dir.display()
            )
        })
        .to_path_buf()
}

/// Path of a harness script in `tests/interop/`.
pub fn script_path(script: &str) -> PathBuf {
    repo_root().join("tests/interop").join(script)
}

/// Where the venv's python should be, and how it was chosen (for messages).
fn python_candidate() -> (PathBuf, String) {
    match std::env::var_os(PYTHON_ENV).filter(|value| !value.is_empty()) {
        Some(path) => (PathBuf::from(path), format!("${PYTHON_ENV}")),
        None => (
            repo_root().join(".venv/bin/python"),
            "the default venv".to_owned(),
        ),
    }
}

/// Whether `$INTEROP_REQUIRED` asks for the harnesses to be mandatory.
fn interop_required() -> bool {
    std::env::var(REQUIRED_ENV).is_ok_and(|value| !value.is_empty() && value != "0")
}

/// The venv's python, or `None` (after printing why the test is skipped) when the venv is
/// missing and `$INTEROP_REQUIRED` is unset. Panics when it is missing and required.
pub fn interop_python() -> Option<PathBuf> {
    let (python, source) = python_candidate();
    // The default venv counts only once python-venv.sh finished it (it writes the stamp last).
    let complete = python.is_file()
        && (source != "the default venv"
            || repo_root().join(".venv/.requirements.stamp").is_file());
    if complete {
        return Some(python);
    }
    let message = format!(
        "interop venv missing: {} ({source}) is not a ready python; run scripts/python-venv.sh",
        python.display()
    );
    if interop_required() {
        panic!("{message} (${REQUIRED_ENV} is set, so this is an error)");
    }
    eprintln!("SKIPPED: {message} (set ${REQUIRED_ENV}=1 to make this an error)");
    None
}

/// A harness that exited non-zero (2: bad input, 1: the library or hook failed).
#[derive(Debug)]
pub struct HarnessFailure {
    /// The script that failed.
    pub script: String,
    /// Its exit status.
    pub status: ExitStatus,
    /// Everything it wrote on stderr (the reason is on the last line).
    pub stderr: String,
}

impl fmt::Display for HarnessFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} exited with {}:\n{}",
            self.script,
            self.status,
            self.stderr.trim_end()
        )
    }
}

impl std::error::Error for HarnessFailure {}

/// Runs `script` with `python`, feeding `input_json` on stdin; returns its stdout (JSON).
/// Panics only if the process cannot be started or talked to.
pub fn run_harness(
    python: &Path,
    script: &str,
    input_json: &str,
) -> Result<String, HarnessFailure> {
    let path = script_path(script);
    let mut child = Command::new(python)
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} {}: {e}", python.display(), path.display()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Write from a thread so a child that fails before reading cannot block us on a full pipe.
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            // A child that exits early closes the pipe; its exit status tells the story.
            let _ = stdin.write_all(input_json.as_bytes());
        });
        child.wait_with_output()
    })
    .unwrap_or_else(|e| panic!("cannot wait for {script}: {e}"));
    let stdout = String::from_utf8(output.stdout)
        .unwrap_or_else(|e| panic!("{script} wrote non-UTF-8 on stdout: {e}"));
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(HarnessFailure {
            script: script.to_owned(),
            status: output.status,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }
}
