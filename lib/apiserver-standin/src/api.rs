//! The stand-in's request handling, without IO: a request in, a [`Reply`] out.

use charm_cluster::label_selector::LabelSelector;
use serde_json::{Value, json};

use crate::fault::{FaultAction, FaultRule, take_fault};
use crate::recorded::RecordedRequest;
use crate::resources::Resource;
use crate::status::{self, Reply, Subject};
use crate::store::Store;

/// Checks an object before it is stored; `Err(message)` answers 422 Invalid. Called with the
/// resource's plural (`gateways`, `httproutes`, …) and the object as applied.
pub type Validator = Box<dyn Fn(&str, &Value) -> Result<(), String> + Send + Sync>;

/// What the transport should do with a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Answer now.
    Reply(Reply),
    /// Answer after waiting.
    Slow(std::time::Duration, Reply),
    /// Close the connection without answering.
    Close,
}

/// The API server state: objects, injected faults, the validator and the request log.
#[derive(Default)]
pub struct ApiServer {
    /// Every object.
    pub store: Store,
    /// Injected faults, first match wins.
    pub faults: Vec<FaultRule>,
    /// Optional admission check (e.g. CRD schema validation).
    pub validator: Option<Validator>,
    /// Every request received, in order.
    pub requests: Vec<RecordedRequest>,
}

/// A parsed resource path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'a> {
    /// The resource.
    pub resource: Resource,
    /// The namespace, when the path has one.
    pub namespace: Option<&'a str>,
    /// The object name, for item paths.
    pub name: Option<&'a str>,
}

/// Parse `/api/v1/…` and `/apis/{group}/v1/…` paths for the resources we serve.
pub fn route(path: &str) -> Option<Route<'_>> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, rest) = match segments.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", group, "v1", rest @ ..] => (*group, rest),
        _ => return None,
    };
    let (namespace, plural, name) = match rest {
        ["namespaces", namespace, plural] => (Some(*namespace), *plural, None),
        ["namespaces", namespace, plural, name] => (Some(*namespace), *plural, Some(*name)),
        [plural] => (None, *plural, None),
        [plural, name] => (None, *plural, Some(*name)),
        _ => return None,
    };
    let resource = Resource::find(group, plural)?;
    let namespaced_item_without_namespace =
        resource.namespaced && namespace.is_none() && name.is_some();
    if namespaced_item_without_namespace || (!resource.namespaced && namespace.is_some()) {
        return None;
    }
    Some(Route {
        resource,
        namespace,
        name,
    })
}

fn verb_of(method: &str, name: Option<&str>) -> &'static str {
    match (method, name) {
        ("GET", Some(_)) => "get",
        ("GET", None) => "list",
        ("PATCH", _) => "patch",
        ("DELETE", _) => "delete",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        _ => "unknown",
    }
}

impl ApiServer {
    /// Record `request`, apply any matching fault, otherwise handle it.
    pub fn receive(&mut self, request: RecordedRequest) -> Outcome {
        let index = self.requests.len();
        self.requests.push(request.clone());
        match take_fault(&mut self.faults, index, &request) {
            None => Outcome::Reply(self.handle(&request)),
            Some(FaultAction::Close) => Outcome::Close,
            Some(FaultAction::Slow(delay)) => Outcome::Slow(delay, self.handle(&request)),
            Some(FaultAction::Status(code)) => {
                let route = route(&request.path);
                let subject = Subject {
                    resource: route.map(|r| r.resource),
                    name: route.and_then(|r| r.name),
                    namespace: route.and_then(|r| r.namespace),
                    verb: verb_of(&request.method, route.and_then(|r| r.name)),
                };
                Outcome::Reply(status::for_code(code, &subject))
            }
        }
    }

    /// Handle one request as the real server would (no faults, not recorded).
    pub fn handle(&mut self, request: &RecordedRequest) -> Reply {
        let Some(route) = route(&request.path) else {
            return status::unknown_path();
        };
        match (request.method.as_str(), route.name) {
            ("GET", Some(name)) => self.get(&route, name),
            ("GET", None) => self.list(&route, request),
            ("PATCH", Some(name)) => self.apply(&route, name, request),
            ("DELETE", Some(name)) => self.delete(&route, name, request),
            _ => status::method_not_allowed(),
        }
    }

    fn get(&self, route: &Route<'_>, name: &str) -> Reply {
        let namespace = route.namespace.unwrap_or("");
        match self.store.get(route.resource.plural, namespace, name) {
            Some(stored) => Reply::ok(stored.object.clone()),
            None => status::not_found(&route.resource, name),
        }
    }

    fn list(&self, route: &Route<'_>, request: &RecordedRequest) -> Reply {
        let selector = request.query_param("labelSelector").unwrap_or("");
        let Ok(parsed) = LabelSelector::parse(selector) else {
            return status::bad_request(format!(
                "unable to parse requirement: {selector:?} (the stand-in speaks equality selectors only)"
            ));
        };
        let mut items = Vec::new();
        for object in self.store.list(route.resource.plural, route.namespace) {
            if !parsed.matches_object(object) {
                continue;
            }
            let mut item = object.clone();
            // The real server leaves apiVersion/kind out of core list items.
            if route.resource.group.is_empty()
                && let Some(map) = item.as_object_mut()
            {
                map.remove("apiVersion");
                map.remove("kind");
            }
            items.push(item);
        }
        Reply::ok(json!({
            "kind": format!("{}List", route.resource.kind),
            "apiVersion": route.resource.api_version(),
            "metadata": {"resourceVersion": self.store.revision().to_string()},
            "items": items,
        }))
    }

    fn apply(&mut self, route: &Route<'_>, name: &str, request: &RecordedRequest) -> Reply {
        let resource = route.resource;
        let content_type = request.content_type.as_deref().unwrap_or("");
        if content_type.split(';').next().map(str::trim) != Some("application/apply-patch+yaml") {
            return status::unsupported_media_type(content_type);
        }
        let Some(manager) = request
            .query_param("fieldManager")
            .filter(|m| !m.is_empty())
        else {
            return status::field_manager_required();
        };
        let force = request.query_param("force") == Some("true");
        // kube sends JSON, which is YAML; the stand-in reads JSON only.
        let Ok(object) = serde_json::from_str::<Value>(&request.body) else {
            return status::bad_request(
                "error decoding YAML: the stand-in reads JSON bodies only".to_owned(),
            );
        };
        if object.pointer("/metadata/name").and_then(Value::as_str) != Some(name) {
            return status::bad_request(format!(
                "the name of the object ({}) does not match the name on the URL ({name})",
                object
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
            ));
        }
        let api_version = resource.api_version();
        if object["apiVersion"] != api_version.as_str() || object["kind"] != resource.kind {
            return status::bad_request(format!(
                "the API version in the data ({}) does not match the expected API version ({api_version})",
                object["apiVersion"].as_str().unwrap_or("")
            ));
        }
        let namespace = route.namespace.unwrap_or("");
        if let Some(in_body) = object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            && in_body != namespace
        {
            return status::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request"
                    .to_owned(),
            );
        }
        if let Some(existing) = self.store.get(resource.plural, namespace, name)
            && existing.manager != manager
            && !force
        {
            return status::apply_conflict(&resource, name, &existing.manager);
        }
        if let Some(validator) = &self.validator
            && let Err(message) = validator(resource.plural, &object)
        {
            return status::invalid(&resource, name, &message);
        }
        let (stored, created) = self.store.apply(&resource, namespace, object, manager);
        Reply::with_code(if created { 201 } else { 200 }, stored)
    }

    fn delete(&mut self, route: &Route<'_>, name: &str, request: &RecordedRequest) -> Reply {
        let namespace = route.namespace.unwrap_or("");
        let plural = route.resource.plural;
        let Some(stored) = self.store.get(plural, namespace, name) else {
            return status::not_found(&route.resource, name);
        };
        let options = request.json_body();
        let stored_uid = stored
            .object
            .pointer("/metadata/uid")
            .and_then(Value::as_str)
            .unwrap_or("");
        if let Some(uid) = options
            .pointer("/preconditions/uid")
            .and_then(Value::as_str)
            && uid != stored_uid
        {
            return status::conflict(
                &route.resource,
                name,
                &format!(
                    "Precondition failed: UID in precondition: {uid}, UID in object meta: {stored_uid}"
                ),
            );
        }
        let removed = self
            .store
            .delete(plural, namespace, name)
            .unwrap_or(Value::Null);
        Reply::ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_core_gateway_and_cluster_scoped_paths() {
        let r = route("/api/v1/namespaces/m/services/svc").unwrap();
        assert_eq!(
            (r.resource.plural, r.namespace, r.name),
            ("services", Some("m"), Some("svc"))
        );
        let r = route("/apis/gateway.networking.k8s.io/v1/namespaces/m/httproutes").unwrap();
        assert_eq!(
            (r.resource.plural, r.namespace, r.name),
            ("httproutes", Some("m"), None)
        );
        let r = route("/apis/gateway.networking.k8s.io/v1/gatewayclasses").unwrap();
        assert_eq!(
            (r.resource.plural, r.namespace, r.name),
            ("gatewayclasses", None, None)
        );
        assert_eq!(
            route("/apis/gateway.networking.k8s.io/v1/namespaces/m/gatewayclasses"),
            None
        );
        assert_eq!(route("/api/v1/namespaces/m/configmaps"), None);
        assert_eq!(
            route("/apis/gateway.networking.k8s.io/v1/gateways/gw"),
            None
        );
    }

    #[test]
    fn missing_object_is_worded_like_the_real_server() {
        let mut server = ApiServer::default();
        let reply = server.handle(&RecordedRequest::new(
            "GET",
            "/apis/gateway.networking.k8s.io/v1/namespaces/m/gateways/foo",
        ));
        assert_eq!(
            reply,
            Reply::with_code(
                404,
                json!({
                    "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": "gateways.gateway.networking.k8s.io \"foo\" not found",
                    "reason": "NotFound",
                    "details": {"name": "foo", "group": "gateway.networking.k8s.io", "kind": "gateways"},
                    "code": 404,
                })
            )
        );
    }

    #[test]
    fn apply_requires_a_field_manager_and_the_apply_content_type() {
        let mut server = ApiServer::default();
        let mut request = RecordedRequest::new("PATCH", "/api/v1/namespaces/m/services/s");
        request.content_type = Some("application/merge-patch+json".to_owned());
        assert_eq!(server.handle(&request).code, 415);
        request.content_type = Some("application/apply-patch+yaml".to_owned());
        let reply = server.handle(&request);
        assert_eq!(reply.code, 422);
        assert_eq!(reply.body["reason"], "Invalid");
    }
}
