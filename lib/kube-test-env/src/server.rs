//! The shared real API server: started once (per target dir) by `../shared/k8s/start.sh`.
//!
//! * **Where**: the script is `<workspace>/../shared/k8s/start.sh` (override:
//!   `$KUBE_APISERVER_START`); its state dir is `<target dir>/kube-test-env/state` (override:
//!   `$KUBE_APISERVER_STATE`), so every test binary of one build, and every concurrent process
//!   (cargo runs test binaries one after another, nextest runs them in parallel), shares one
//!   server.
//! * **Races**: `start.sh` runs under an exclusive lock on `<state dir>.lock`. The first caller
//!   starts the server (about 10 s cold); the others wait, then get the running one at once.
//! * **Lifetime**: the processes keep running after the tests, for the next binary and the next
//!   run. Stop them with `../shared/k8s/stop.sh target/kube-test-env/state` (add `--wipe` to drop
//!   the state dir as well).
//! * **Skip or fail**: when the server cannot start, [`TestServer::shared`] prints one line
//!   `SKIPPED real-apiserver tier: <reason>` on stderr (once per test binary, not captured by the
//!   test harness) and returns `None`, so tests return early. With `KUBE_APISERVER_REQUIRED=1`
//!   (CI) it panics with the reason instead.

use std::fs::File;
use std::io::Write as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use kube::config::Kubeconfig;

use crate::TestEnvError;

/// Turns "cannot start" into a panic instead of a skip (set by `.ci/run`).
pub const REQUIRED_ENV: &str = "KUBE_APISERVER_REQUIRED";
/// Overrides the path of `start.sh`.
pub const START_SCRIPT_ENV: &str = "KUBE_APISERVER_START";
/// Overrides the state dir handed to `start.sh`.
pub const STATE_DIR_ENV: &str = "KUBE_APISERVER_STATE";

/// A running real API server (etcd + kube-apiserver on loopback, Gateway API CRDs installed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestServer {
    state_dir: PathBuf,
    kubeconfig: PathBuf,
    url: String,
    token: String,
    ca_pem: String,
}

static SHARED: OnceLock<Result<TestServer, String>> = OnceLock::new();

impl TestServer {
    /// The server shared by this test binary: started (or found running) on first use.
    ///
    /// `None` (after one loud stderr line) when it cannot start; a panic instead when
    /// `KUBE_APISERVER_REQUIRED=1`.
    pub fn shared() -> Option<&'static TestServer> {
        let outcome = SHARED.get_or_init(|| {
            let started = Settings::from_env().and_then(|s| TestServer::start(&s));
            started.map_err(|error| {
                let reason = error.to_string();
                if !required() {
                    // Straight to the stderr handle: `eprintln!` output of a passing test is
                    // swallowed by the test harness, and this line must be seen.
                    let _ = writeln!(
                        std::io::stderr(),
                        "SKIPPED real-apiserver tier: {reason} (set {REQUIRED_ENV}=1 to make this an error)"
                    );
                }
                reason
            })
        });
        match outcome {
            Ok(server) => Some(server),
            Err(reason) if required() => {
                panic!("the real API server is required ({REQUIRED_ENV}=1) but: {reason}")
            }
            Err(_) => None,
        }
    }

    /// Start (or reuse) the server `settings` describe, serialised by the state dir's lock.
    pub fn start(settings: &Settings) -> Result<TestServer, TestEnvError> {
        if !settings.start_script.is_file() {
            return Err(TestEnvError::Start(format!(
                "{} not found (the shared k8s kit sits beside the repository; \
                 or set {START_SCRIPT_ENV})",
                settings.start_script.display()
            )));
        }
        let parent = settings.state_dir.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| TestEnvError::io(parent, e))?;
        let lock_path = settings.state_dir.with_extension("lock");
        let lock = File::create(&lock_path).map_err(|e| TestEnvError::io(&lock_path, e))?;
        lock.lock().map_err(|e| TestEnvError::io(&lock_path, e))?;
        let output = Command::new("bash")
            .arg(&settings.start_script)
            .arg(&settings.state_dir)
            .stdin(Stdio::null())
            // Its own process group: a Ctrl-C on the test run must not reach the server.
            .process_group(0)
            .output()
            .map_err(|e| TestEnvError::io(&settings.start_script, e))?;
        drop(lock);
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|line| line.contains("ERROR"));
            let detail = last
                .or_else(|| stderr.lines().last())
                .unwrap_or("no output");
            return Err(TestEnvError::Start(format!(
                "{} {} failed ({}): {}",
                settings.start_script.display(),
                settings.state_dir.display(),
                output.status,
                detail.trim()
            )));
        }
        let kubeconfig = stdout
            .lines()
            .rev()
            .find(|line| !line.trim().is_empty())
            .map(|line| PathBuf::from(line.trim()))
            .ok_or_else(|| TestEnvError::Start("start.sh printed no kubeconfig path".into()))?;
        TestServer::from_state(&settings.state_dir, &kubeconfig)
    }

    /// The server whose state dir is `state_dir` and admin kubeconfig `kubeconfig`.
    pub fn from_state(state_dir: &Path, kubeconfig: &Path) -> Result<TestServer, TestEnvError> {
        let read = |path: PathBuf| {
            std::fs::read_to_string(&path)
                .map(|text| text.trim().to_owned())
                .map_err(|e| TestEnvError::io(path, e))
        };
        let parsed = Kubeconfig::read_from(kubeconfig).map_err(|e| TestEnvError::Kubeconfig {
            path: kubeconfig.to_owned(),
            message: e.to_string(),
        })?;
        let url = parsed
            .clusters
            .iter()
            .find_map(|c| c.cluster.as_ref()?.server.clone())
            .ok_or_else(|| TestEnvError::Kubeconfig {
                path: kubeconfig.to_owned(),
                message: "no cluster server URL".to_owned(),
            })?;
        Ok(TestServer {
            state_dir: state_dir.to_owned(),
            kubeconfig: kubeconfig.to_owned(),
            url,
            token: read(state_dir.join("token"))?,
            ca_pem: read(state_dir.join("pki/ca.crt"))? + "\n",
        })
    }

    /// The state dir (`stop.sh` takes it).
    pub fn state_dir(&self) -> &Path {
        &self.state_dir
    }

    /// The admin kubeconfig (`system:masters`, context namespace `default`).
    pub fn kubeconfig(&self) -> &Path {
        &self.kubeconfig
    }

    /// `https://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The admin bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The CA certificate (PEM) that signed the server's certificate.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }
}

/// Whether `KUBE_APISERVER_REQUIRED` is set to something other than empty or `0`.
pub fn required() -> bool {
    std::env::var(REQUIRED_ENV).is_ok_and(|value| !value.is_empty() && value != "0")
}

/// Where the start script and the state dir are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `start.sh`.
    pub start_script: PathBuf,
    /// The state dir handed to it.
    pub state_dir: PathBuf,
}

impl Settings {
    /// The defaults (see the module docs), with the environment's overrides.
    pub fn from_env() -> Result<Settings, TestEnvError> {
        let root = workspace_root()?;
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        };
        let start_script = var(START_SCRIPT_ENV)
            .unwrap_or_else(|| root.join("..").join("shared").join("k8s").join("start.sh"));
        let state_dir = match var(STATE_DIR_ENV) {
            Some(dir) => dir,
            None => target_dir(&root).join("kube-test-env").join("state"),
        };
        Ok(Settings {
            start_script,
            state_dir,
        })
    }
}

/// The workspace root: the nearest ancestor of this crate holding `Cargo.lock`.
pub fn workspace_root() -> Result<PathBuf, TestEnvError> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            TestEnvError::Start(format!(
                "no workspace root (Cargo.lock) above {}",
                manifest_dir.display()
            ))
        })
}

/// The cargo target dir this test binary was built into: the nearest ancestor of the running
/// executable that holds cargo's `CACHEDIR.TAG`, else `<workspace>/target`.
pub fn target_dir(workspace_root: &Path) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|dir| dir.join("CACHEDIR.TAG").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| workspace_root.join("target"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(dir: &Path, script: &str) -> Settings {
        Settings {
            start_script: dir.join(script),
            state_dir: dir.join("state"),
        }
    }

    #[test]
    fn a_missing_script_is_a_start_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let error = TestServer::start(&settings(dir.path(), "start.sh")).unwrap_err();
        let message = error.to_string();
        assert!(message.ends_with("start.sh not found (the shared k8s kit sits beside the repository; or set KUBE_APISERVER_START)"), "{message}");
    }

    #[test]
    fn a_failing_script_gives_its_error_line_and_takes_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("start.sh");
        std::fs::write(
            &script,
            "echo '[k8s] unpacking' >&2\necho '[k8s] ERROR: etcd not found: install it' >&2\nexit 1\n",
        )
        .unwrap();
        let error = TestServer::start(&settings(dir.path(), "start.sh")).unwrap_err();
        let message = error.to_string();
        assert!(
            message.ends_with("failed (exit status: 1): [k8s] ERROR: etcd not found: install it"),
            "{message}"
        );
        assert!(dir.path().join("state.lock").is_file());
    }

    #[test]
    fn defaults_are_the_shared_kit_and_the_target_dir() {
        let root = workspace_root().unwrap();
        assert!(root.join("Cargo.lock").is_file());
        assert!(target_dir(&root).join("CACHEDIR.TAG").is_file());
    }
}
