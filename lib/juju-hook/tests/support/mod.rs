//! Fake hook tools for tests: a directory of symlinks to `fake-tool`, with helpers to script
//! each tool's answer and read back what it was given.

#![allow(dead_code)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// A temporary tool directory.
pub struct FakeTools {
    dir: TempDir,
}

impl FakeTools {
    /// A directory where every tool in [`juju_hook::TOOL_NAMES`] is the fake tool.
    pub fn new() -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fake-tool");
        let mode = fs::metadata(&script)
            .expect("fake-tool exists")
            .permissions()
            .mode();
        assert!(mode & 0o111 != 0, "{} must be executable", script.display());
        let dir = tempfile::tempdir().expect("temp dir");
        for tool in juju_hook::TOOL_NAMES {
            symlink(&script, dir.path().join(tool)).expect("symlink");
        }
        Self { dir }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    fn file(&self, tool: &str, ext: &str) -> PathBuf {
        self.dir.path().join(format!("{tool}.{ext}"))
    }

    /// Make `tool` print `stdout`.
    pub fn answer(&self, tool: &str, stdout: &str) {
        fs::write(self.file(tool, "out"), stdout).unwrap();
    }

    /// Make `tool` print `stderr` and exit with `code`.
    pub fn fail(&self, tool: &str, code: i32, stderr: &str) {
        fs::write(self.file(tool, "err"), stderr).unwrap();
        fs::write(self.file(tool, "code"), code.to_string()).unwrap();
    }

    /// The argv of every call of `tool`, in order.
    pub fn calls(&self, tool: &str) -> Vec<Vec<String>> {
        let Ok(raw) = fs::read(self.file(tool, "argv")) else {
            return Vec::new();
        };
        let mut fields = raw
            .split(|b| *b == 0)
            .map(|f| String::from_utf8(f.to_vec()).unwrap());
        let mut calls = Vec::new();
        while let Some(count) = fields.next() {
            if count.is_empty() {
                break; // after the final NUL
            }
            let count: usize = count.parse().unwrap();
            calls.push(fields.by_ref().take(count).collect());
        }
        calls
    }

    /// The argv of the only call of `tool`.
    pub fn only_call(&self, tool: &str) -> Vec<String> {
        let mut calls = self.calls(tool);
        assert_eq!(calls.len(), 1, "expected one call of {tool}: {calls:?}");
        calls.pop().unwrap()
    }

    /// What the last call of `tool` read on stdin.
    pub fn stdin(&self, tool: &str) -> String {
        fs::read_to_string(self.file(tool, "stdin")).unwrap()
    }

    /// For each `key#file=` argument `tool` got: `(file mode, dir mode, content)` as seen while
    /// the tool ran.
    pub fn secret_files(&self, tool: &str) -> Vec<(String, String, String)> {
        let raw = fs::read_to_string(self.file(tool, "files")).unwrap();
        raw.split('\0')
            .filter(|r| !r.is_empty())
            .map(|r| {
                let mut parts = r.splitn(3, ' ');
                (
                    parts.next().unwrap().to_owned(),
                    parts.next().unwrap().to_owned(),
                    parts.next().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

/// `["a", "b"]` as owned strings.
pub fn argv(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}
