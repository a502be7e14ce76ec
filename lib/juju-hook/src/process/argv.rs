//! A tool's input: argv pieces, JSON for stdin, and secret values staged in private files.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

use crate::error::ToolError;
use crate::tools::{SecretOptions, SecretOwner, SecretSelector};

pub(super) fn args<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn owner_flag(owner: SecretOwner) -> &'static str {
    match owner {
        SecretOwner::Application => "application",
        SecretOwner::Unit => "unit",
    }
}

/// `[--label L] [--description D] [--expire E] [--rotate R] [--owner O]`.
pub(super) fn secret_option_args(options: &SecretOptions) -> Vec<String> {
    let mut out = Vec::new();
    let flags = [
        ("--label", options.label.as_deref()),
        ("--description", options.description.as_deref()),
        ("--expire", options.expire.as_deref()),
        ("--rotate", options.rotate.as_deref()),
        ("--owner", options.owner.map(owner_flag)),
    ];
    for (flag, value) in flags {
        if let Some(value) = value {
            out.push(flag.to_owned());
            out.push(value.to_owned());
        }
    }
    out
}

/// Secret content written to 0600 files in a private (0700) temporary directory, which is
/// removed when this value is dropped.
pub(super) struct SecretFiles {
    _dir: tempfile::TempDir,
    pub(super) args: Vec<String>,
}

impl SecretFiles {
    pub(super) fn write(tool: &str, content: &BTreeMap<String, String>) -> Result<Self, ToolError> {
        let io_error = |e: std::io::Error| ToolError::Spawn {
            tool: tool.to_owned(),
            reason: format!("cannot stage secret content: {e}"),
        };
        let dir = tempfile::Builder::new()
            .prefix("juju-secret-")
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir()
            .map_err(io_error)?;
        let mut args = Vec::with_capacity(content.len());
        for (index, (key, value)) in content.iter().enumerate() {
            // Files are named by position so that no key can escape the directory.
            let path = dir.path().join(format!("value-{index}"));
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(io_error)?;
            file.write_all(value.as_bytes()).map_err(io_error)?;
            args.push(format!("{key}#file={}", path.display()));
        }
        Ok(Self { _dir: dir, args })
    }
}

pub(super) fn selector_args(selector: &SecretSelector) -> Vec<String> {
    match selector {
        SecretSelector::Id(id) => vec![id.clone()],
        SecretSelector::Label(label) => args(["--label", label]),
    }
}

pub(super) fn json_stdin(tool: &str, map: &BTreeMap<String, String>) -> Result<Vec<u8>, ToolError> {
    serde_json::to_vec(map).map_err(|e| ToolError::BadOutput {
        tool: tool.to_owned(),
        reason: format!("cannot encode input: {e}"),
    })
}
