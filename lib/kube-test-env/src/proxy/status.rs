//! `Status` bodies for injected failures, worded as kube-apiserver words them, from the
//! request's path.

use serde_json::{Value, json};

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// API group (`""` for core).
    pub group: String,
    /// Plural resource, if the path names one.
    pub plural: Option<String>,
    /// Object name, if any.
    pub name: Option<String>,
    /// Namespace, if any.
    pub namespace: Option<String>,
    /// The Kubernetes verb (`get`, `list`, `create`, `patch`, `update`, `delete`…).
    pub verb: &'static str,
    /// The object's `kind` (from the request body, else known plurals), for 422.
    pub kind: Option<String>,
}

impl Subject {
    /// Parse `method path` (`/api/v1/…` or `/apis/<group>/<version>/…`); `body` may name the
    /// kind.
    pub fn parse(method: &str, path: &str, body: &str) -> Subject {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let (group, rest) = match segments.as_slice() {
            ["api", _version, rest @ ..] => ("", rest),
            ["apis", group, _version, rest @ ..] => (*group, rest),
            _ => ("", &[][..]),
        };
        let (namespace, rest) = match rest {
            ["namespaces", namespace, rest @ ..] if !rest.is_empty() => (Some(*namespace), rest),
            _ => (None, rest),
        };
        let plural = rest.first().map(|s| (*s).to_owned());
        let name = rest.get(1).map(|s| (*s).to_owned());
        let verb = match (method, name.is_some()) {
            ("GET", true) => "get",
            ("GET", false) => "list",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", true) => "delete",
            ("DELETE", false) => "deletecollection",
            _ => "unknown",
        };
        let body_kind = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|b| b.get("kind")?.as_str().map(str::to_owned));
        let kind = body_kind.or_else(|| plural.as_deref().and_then(known_kind).map(str::to_owned));
        Subject {
            group: group.to_owned(),
            plural,
            name,
            namespace: namespace.map(str::to_owned),
            verb,
            kind,
        }
    }

    /// `gateways.gateway.networking.k8s.io`, `secrets`.
    fn qualified(&self, plural: &str) -> String {
        if self.group.is_empty() {
            plural.to_owned()
        } else {
            format!("{plural}.{}", self.group)
        }
    }

    fn details(&self, plural: &str) -> Value {
        let mut details = json!({"kind": plural});
        if let Some(name) = &self.name {
            details["name"] = json!(name);
        }
        if !self.group.is_empty() {
            details["group"] = json!(self.group);
        }
        details
    }
}

fn known_kind(plural: &str) -> Option<&'static str> {
    Some(match plural {
        "gateways" => "Gateway",
        "httproutes" => "HTTPRoute",
        "gatewayclasses" => "GatewayClass",
        "services" => "Service",
        "secrets" => "Secret",
        _ => return None,
    })
}

fn failure(code: u16, reason: &str, message: String, details: Option<Value>) -> Value {
    let mut body = json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code,
    });
    if let Some(details) = details {
        body["details"] = details;
    }
    body
}

/// The user RBAC names in an injected 403 (the charm's service account in the namespace).
fn user(subject: &Subject) -> String {
    let namespace = subject.namespace.as_deref().unwrap_or("default");
    format!("system:serviceaccount:{namespace}:gateway-api-integrator")
}

/// The `Status` body (and extra headers) for an injected `code` on `subject`.
pub fn for_code(code: u16, subject: &Subject) -> (Value, Vec<(&'static str, String)>) {
    let plural = subject.plural.as_deref();
    let object = |plural: &str| match &subject.name {
        Some(name) => format!("{} \"{name}\"", subject.qualified(plural)),
        None => subject.qualified(plural),
    };
    let body = match (code, plural) {
        (401, _) => failure(401, "Unauthorized", "Unauthorized".to_owned(), None),
        (403, Some(plural)) => {
            let scope = match &subject.namespace {
                Some(namespace) => format!("in the namespace \"{namespace}\""),
                None => "at the cluster scope".to_owned(),
            };
            failure(
                403,
                "Forbidden",
                format!(
                    "{} is forbidden: User \"{}\" cannot {} resource \"{plural}\" in API group \"{}\" {scope}",
                    object(plural),
                    user(subject),
                    subject.verb,
                    subject.group
                ),
                Some(subject.details(plural)),
            )
        }
        (404, Some(plural)) => failure(
            404,
            "NotFound",
            format!("{} not found", object(plural)),
            Some(subject.details(plural)),
        ),
        (409, Some(plural)) => failure(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {}: the object has been modified; please apply \
                 your changes to the latest version and try again",
                object(plural)
            ),
            Some(subject.details(plural)),
        ),
        (422, Some(plural)) => {
            let kind = subject.kind.clone().unwrap_or_else(|| plural.to_owned());
            let qualified_kind = if subject.group.is_empty() {
                kind.clone()
            } else {
                format!("{kind}.{}", subject.group)
            };
            let name = subject.name.clone().unwrap_or_default();
            let mut details = json!({"name": name, "kind": kind,
                "causes": [{"reason": "FieldValueInvalid", "message": "injected rejection"}]});
            if !subject.group.is_empty() {
                details["group"] = json!(subject.group);
            }
            failure(
                422,
                "Invalid",
                format!("{qualified_kind} \"{name}\" is invalid: injected rejection"),
                Some(details),
            )
        }
        (429, _) => {
            let body = failure(
                429,
                "TooManyRequests",
                "Too many requests, please try again later.".to_owned(),
                Some(json!({"retryAfterSeconds": 1})),
            );
            return (body, vec![("Retry-After", "1".to_owned())]);
        }
        (503, _) => failure(
            503,
            "ServiceUnavailable",
            "the server is currently unable to handle the request".to_owned(),
            Some(json!({})),
        ),
        (500..=599, _) => failure(
            code,
            "InternalError",
            "Internal error occurred: injected failure".to_owned(),
            Some(json!({"causes": [{"message": "injected failure"}]})),
        ),
        (403, None) => failure(403, "Forbidden", "forbidden".to_owned(), Some(json!({}))),
        (404, None) => failure(
            404,
            "NotFound",
            "the server could not find the requested resource".to_owned(),
            Some(json!({})),
        ),
        _ => failure(code, "Unknown", format!("injected HTTP {code}"), None),
    };
    (body, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_group_namespace_plural_name_and_verb() {
        let subject = Subject::parse(
            "PATCH",
            "/apis/gateway.networking.k8s.io/v1/namespaces/m/gateways/gw",
            "",
        );
        assert_eq!(
            subject,
            Subject {
                group: "gateway.networking.k8s.io".to_owned(),
                plural: Some("gateways".to_owned()),
                name: Some("gw".to_owned()),
                namespace: Some("m".to_owned()),
                verb: "patch",
                kind: Some("Gateway".to_owned()),
            }
        );
        let list = Subject::parse(
            "GET",
            "/apis/gateway.networking.k8s.io/v1/gatewayclasses",
            "",
        );
        assert_eq!(
            (list.namespace, list.plural.as_deref(), list.verb),
            (None, Some("gatewayclasses"), "list")
        );
        let core = Subject::parse(
            "POST",
            "/api/v1/namespaces/m/secrets",
            r#"{"kind":"Secret"}"#,
        );
        assert_eq!((core.group.as_str(), core.verb), ("", "create"));
    }

    #[test]
    fn bodies_are_worded_like_the_real_server() {
        let subject = Subject::parse("DELETE", "/api/v1/namespaces/m/secrets/s", "");
        let (body, headers) = for_code(403, &subject);
        assert_eq!(
            body["message"],
            "secrets \"s\" is forbidden: User \"system:serviceaccount:m:gateway-api-integrator\" \
             cannot delete resource \"secrets\" in API group \"\" in the namespace \"m\""
        );
        assert_eq!(body["details"], json!({"kind": "secrets", "name": "s"}));
        assert!(headers.is_empty());
        let (body, headers) = for_code(429, &subject);
        assert_eq!(
            (body["code"].as_u64(), body["reason"].as_str()),
            (Some(429), Some("TooManyRequests"))
        );
        assert_eq!(headers, vec![("Retry-After", "1".to_owned())]);
        let gateway = Subject::parse(
            "PATCH",
            "/apis/gateway.networking.k8s.io/v1/namespaces/m/gateways/gw",
            "",
        );
        assert_eq!(
            for_code(422, &gateway).0["message"],
            "Gateway.gateway.networking.k8s.io \"gw\" is invalid: injected rejection"
        );
        assert_eq!(for_code(502, &gateway).0["code"], 502);
    }
}
