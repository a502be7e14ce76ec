//! What Juju accepts as `action-set` keys and as secret content.

use std::collections::BTreeMap;

use juju_hook::ToolError;

use super::errors::other;

/// Top-level `action-set` keys Juju reserves for itself.
const RESERVED_ACTION_KEYS: [&str; 4] = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];

/// `action-set` keys: dotted segments of lowercase alphanumerics and inner hyphens; a few
/// top-level keys are Juju's own.
pub(super) fn check_action_key(key: &str) -> Result<(), ToolError> {
    let segment_ok = |s: &str| {
        let bytes = s.as_bytes();
        !bytes.is_empty()
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    };
    if !key.split('.').all(segment_ok) {
        return Err(other(
            "action-set",
            2,
            &format!(
                "key {key:?} must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods"
            ),
        ));
    }
    let top = key.split('.').next().unwrap_or(key);
    if RESERVED_ACTION_KEYS.contains(&top) {
        return Err(other(
            "action-set",
            2,
            &format!("cannot set reserved action key {top:?}"),
        ));
    }
    Ok(())
}

/// Secret content: at least one key; keys as Juju's `^([a-z](?:-?[a-z0-9]){2,})$`.
pub(super) fn check_secret_content(
    tool: &str,
    content: &BTreeMap<String, String>,
) -> Result<(), ToolError> {
    if content.is_empty() {
        return Err(other(tool, 2, "missing secret value"));
    }
    for key in content.keys() {
        if !is_valid_secret_key(key) {
            return Err(other(tool, 2, &format!("invalid key {key:?}")));
        }
    }
    Ok(())
}

fn is_valid_secret_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let Some((first, rest)) = bytes.split_first() else {
        return false;
    };
    if !first.is_ascii_lowercase() {
        return false;
    }
    // `(?:-?[a-z0-9]){2,}`: at least two alphanumerics, each optionally preceded by one hyphen.
    let mut alnum = 0;
    let mut after_hyphen = false;
    for b in rest {
        match b {
            b'-' if !after_hyphen => after_hyphen = true,
            b if b.is_ascii_lowercase() || b.is_ascii_digit() => {
                alnum += 1;
                after_hyphen = false;
            }
            _ => return false,
        }
    }
    !after_hyphen && alnum >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::exit_code;

    #[test]
    fn secret_keys_follow_juju_pattern() {
        for good in ["abc", "tls-key", "a1b", "ca-cert2"] {
            assert!(is_valid_secret_key(good), "{good}");
        }
        for bad in ["", "ab", "1ab", "a--b", "ab-", "Abc", "a_bc"] {
            assert!(!is_valid_secret_key(bad), "{bad}");
        }
    }

    #[test]
    fn action_keys() {
        assert_eq!(check_action_key("result.sub-key"), Ok(()));
        assert_eq!(exit_code(&check_action_key("Bad").unwrap_err()), 2);
        assert_eq!(
            check_action_key("stdout").unwrap_err(),
            other("action-set", 2, "cannot set reserved action key \"stdout\"")
        );
    }
}
