//! Failures: exit codes and stderr kept, missing tools, ops's classification order.

use juju_hook::process::classify_failure;
use juju_hook::{HookTools, ProcessHookTools, ToolError};

use super::setup;

#[test]
fn other_failures_keep_code_and_stderr() {
    let (fake, mut tools) = setup();
    fake.fail("config-get", 3, "ERROR connection refused\n");
    assert_eq!(
        tools.config_get(),
        Err(ToolError::Other {
            tool: "config-get".into(),
            code: 3,
            stderr: "ERROR connection refused".into()
        })
    );
    fake.fail("secret-ids", 1, "ERROR permission denied\n");
    assert!(matches!(
        tools.secret_ids(),
        Err(ToolError::PermissionDenied { tool, .. }) if tool == "secret-ids"
    ));
}

#[test]
fn missing_tool_is_spawn_error_and_still_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut tools = ProcessHookTools::with_tool_dir(dir.path());
    assert!(matches!(
        tools.is_leader(),
        Err(ToolError::Spawn { tool, .. }) if tool == "is-leader"
    ));
    assert_eq!(tools.calls(), 1);
}

#[test]
fn classification_follows_ops_order() {
    let cases = [
        (
            "relation-get",
            "ERROR relation not found",
            "RelationNotFound",
        ),
        (
            "secret-grant",
            "ERROR relation not found",
            "RelationNotFound",
        ),
        (
            "secret-info-get",
            "ERROR secret not found",
            "SecretNotFound",
        ),
        ("relation-get", "ERROR unit not found", "Other"),
        (
            "status-set",
            "ERROR this unit is not the leader",
            "NotLeader",
        ),
        (
            "relation-set",
            "ERROR cannot write relation settings",
            "NotLeader",
        ),
        ("config-get", "ERROR access denied", "PermissionDenied"),
        ("secret-ids", "ERROR Permission Denied", "PermissionDenied"),
    ];
    for (tool, stderr, expected) in cases {
        let error = classify_failure(tool, Some(1), stderr);
        let kind = match error {
            ToolError::RelationNotFound { .. } => "RelationNotFound",
            ToolError::NotLeader { .. } => "NotLeader",
            ToolError::SecretNotFound { .. } => "SecretNotFound",
            ToolError::PermissionDenied { .. } => "PermissionDenied",
            ToolError::Other { .. } => "Other",
            ToolError::Spawn { .. } | ToolError::BadOutput { .. } => "unexpected",
        };
        assert_eq!(kind, expected, "{tool}: {stderr}");
    }
    assert_eq!(
        classify_failure("config-get", None, " killed \n"),
        ToolError::Other {
            tool: "config-get".into(),
            code: -1,
            stderr: "killed".into()
        }
    );
}
