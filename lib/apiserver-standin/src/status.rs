//! `Status` bodies worded as the real API server words them.

use serde_json::{Value, json};

use crate::resources::Resource;

/// An HTTP answer: status code, extra headers and a JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status code.
    pub code: u16,
    /// Extra headers (content-type is always `application/json`).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Value,
}

impl Reply {
    /// A 200 with `body`.
    pub fn ok(body: Value) -> Reply {
        Reply {
            code: 200,
            headers: Vec::new(),
            body,
        }
    }

    /// An answer with `code` and `body`.
    pub fn with_code(code: u16, body: Value) -> Reply {
        Reply {
            code,
            headers: Vec::new(),
            body,
        }
    }
}

/// What a failing request was about, for wording its Status.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The resource, if the path named one we serve.
    pub resource: Option<Resource>,
    /// The object name, if the path named one.
    pub name: Option<&'a str>,
    /// The namespace, if any.
    pub namespace: Option<&'a str>,
    /// The Kubernetes verb (`get`, `list`, `patch`, `delete`).
    pub verb: &'a str,
}

fn failure(code: u16, reason: &str, message: String, details: Option<Value>) -> Reply {
    let mut body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    });
    if let Some(details) = details {
        body["details"] = details;
    }
    Reply::with_code(code, body)
}

/// `details` naming the resource (the plural goes in `kind`, as the server does for most reasons).
fn resource_details(resource: &Resource, name: Option<&str>) -> Value {
    let mut details = json!({"kind": resource.plural});
    if let Some(name) = name {
        details["name"] = json!(name);
    }
    if !resource.group.is_empty() {
        details["group"] = json!(resource.group);
    }
    details
}

/// 404 for a path we do not serve.
pub fn unknown_path() -> Reply {
    failure(
        404,
        "NotFound",
        "the server could not find the requested resource".to_owned(),
        Some(json!({})),
    )
}

/// 404 for a missing object.
pub fn not_found(resource: &Resource, name: &str) -> Reply {
    failure(
        404,
        "NotFound",
        format!("{} \"{name}\" not found", resource.qualified()),
        Some(resource_details(resource, Some(name))),
    )
}

/// 401.
pub fn unauthorized() -> Reply {
    failure(401, "Unauthorized", "Unauthorized".to_owned(), None)
}

/// 403 as RBAC words it for the charm's service account.
pub fn forbidden(subject: &Subject<'_>) -> Reply {
    let user = "system:serviceaccount:model:gateway-api-integrator";
    let Some(resource) = subject.resource else {
        return failure(403, "Forbidden", "forbidden".to_owned(), Some(json!({})));
    };
    let object = match subject.name {
        Some(name) => format!("{} \"{name}\"", resource.qualified()),
        None => resource.qualified(),
    };
    let scope = match subject.namespace {
        Some(namespace) => format!("in the namespace \"{namespace}\""),
        None => "at the cluster scope".to_owned(),
    };
    failure(
        403,
        "Forbidden",
        format!(
            "{object} is forbidden: User \"{user}\" cannot {} resource \"{}\" in API group \"{}\" {scope}",
            subject.verb, resource.plural, resource.group
        ),
        Some(resource_details(&resource, subject.name)),
    )
}

/// 409 for an optimistic-concurrency or precondition failure (`detail` ends the message).
pub fn conflict(resource: &Resource, name: &str, detail: &str) -> Reply {
    failure(
        409,
        "Conflict",
        format!(
            "Operation cannot be fulfilled on {} \"{name}\": {detail}",
            resource.qualified()
        ),
        Some(resource_details(resource, Some(name))),
    )
}

/// 409 for a server-side apply conflict with another field manager.
pub fn apply_conflict(resource: &Resource, name: &str, manager: &str) -> Reply {
    let cause = format!(
        "conflict with \"{manager}\" using {}",
        resource.api_version()
    );
    let mut reply = failure(
        409,
        "Conflict",
        format!("Apply failed with 1 conflict: {cause}: .spec"),
        Some(resource_details(resource, Some(name))),
    );
    reply.body["details"]["causes"] =
        json!([{"reason": "FieldManagerConflict", "message": cause, "field": ".spec"}]);
    reply
}

/// 422 for an object the server (or the CRD schema) rejects.
pub fn invalid(resource: &Resource, name: &str, message: &str) -> Reply {
    let mut details = json!({
        "name": name,
        "kind": resource.kind,
        "causes": [{"reason": "FieldValueInvalid", "message": message}],
    });
    if !resource.group.is_empty() {
        details["group"] = json!(resource.group);
    }
    failure(
        422,
        "Invalid",
        format!(
            "{} \"{name}\" is invalid: {message}",
            resource.qualified_kind()
        ),
        Some(details),
    )
}

/// 422 for an apply without `fieldManager`.
pub fn field_manager_required() -> Reply {
    failure(
        422,
        "Invalid",
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch".to_owned(),
        Some(json!({"group": "meta.k8s.io", "kind": "PatchOptions",
            "causes": [{"reason": "FieldValueRequired", "message": "Required value: is required for apply patch", "field": "fieldManager"}]})),
    )
}

/// 400.
pub fn bad_request(message: String) -> Reply {
    failure(400, "BadRequest", message, None)
}

/// 405.
pub fn method_not_allowed() -> Reply {
    failure(
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource".to_owned(),
        Some(json!({})),
    )
}

/// 415 for a patch type the stand-in does not speak.
pub fn unsupported_media_type(content_type: &str) -> Reply {
    failure(
        415,
        "UnsupportedMediaType",
        format!(
            "the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml (got {content_type:?})"
        ),
        None,
    )
}

/// 429, with `Retry-After`.
pub fn too_many_requests() -> Reply {
    let mut reply = failure(
        429,
        "TooManyRequests",
        "Too many requests, please try again later.".to_owned(),
        Some(json!({"retryAfterSeconds": 1})),
    );
    reply
        .headers
        .push(("Retry-After".to_owned(), "1".to_owned()));
    reply
}

/// 500.
pub fn internal_error() -> Reply {
    failure(
        500,
        "InternalError",
        "Internal error occurred: stand-in injected failure".to_owned(),
        Some(json!({"causes": [{"message": "stand-in injected failure"}]})),
    )
}

/// 503.
pub fn service_unavailable() -> Reply {
    failure(
        503,
        "ServiceUnavailable",
        "the server is currently unable to handle the request".to_owned(),
        Some(json!({})),
    )
}

/// The Status the real server would send with `code` for `subject` (used by fault injection).
pub fn for_code(code: u16, subject: &Subject<'_>) -> Reply {
    let name = subject.name.unwrap_or("");
    match (code, subject.resource) {
        (401, _) => unauthorized(),
        (403, _) => forbidden(subject),
        (404, Some(resource)) => not_found(&resource, name),
        (409, Some(resource)) => conflict(
            &resource,
            name,
            "the object has been modified; please apply your changes to the latest version and try again",
        ),
        (422, Some(resource)) => invalid(&resource, name, "stand-in injected rejection"),
        (429, _) => too_many_requests(),
        (503, _) => service_unavailable(),
        (500..=599, _) => {
            let mut reply = internal_error();
            reply.code = code;
            reply.body["code"] = json!(code);
            reply
        }
        (404, None) => unknown_path(),
        _ => failure(
            code,
            "Unknown",
            format!("stand-in injected HTTP {code}"),
            None,
        ),
    }
}
