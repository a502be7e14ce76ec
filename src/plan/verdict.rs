//! The gateway controller's verdict on what the charm owns, read from the `status` of the
//! objects gather listed (no extra request): the Gateway's `Accepted`/`Programmed` conditions,
//! each listener's conditions, each route's per-parent `Accepted`/`ResolvedRefs`. A problem is
//! a condition that says the object does not work (`Accepted`, `Programmed` or `ResolvedRefs`
//! `False`, `Conflicted` `True`); a condition older than the object's generation says the
//! controller has not looked at the current version yet.

use std::fmt;

use charm_cluster::{Kind, ManagedObject};
use serde_json::Value;

use super::names;

/// One thing the controller says does not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What: `Gateway <name>`, `listener <name>`, `HTTPRoute <name>`.
    pub subject: String,
    /// The condition type, e.g. `Programmed`.
    pub condition: String,
    /// Its status, `False` (or `True` for `Conflicted`).
    pub status: String,
    /// The controller's reason, e.g. `InvalidCertificateRef`.
    pub reason: String,
    /// The controller's message.
    pub message: String,
    /// The relation the object serves (its relation label), if only one.
    pub relation: Option<String>,
}

impl Problem {
    /// Whether the controller says it is still working on it (`Pending`): Waiting, not Blocked.
    pub fn is_pending(&self) -> bool {
        matches!(self.reason.as_str(), "Pending" | "AddressNotAssigned")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}={} ({})",
            self.subject, self.condition, self.status, self.reason
        )
    }
}

/// The verdict on a set of objects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Conditions saying something does not work, in object order.
    pub problems: Vec<Problem>,
    /// Objects whose current generation the controller has not observed yet (`Kind name`).
    pub unobserved: Vec<String>,
}

/// The verdict on `objects` (as listed), for the Gateway named `gateway`.
pub fn verdict<'a>(gateway: &str, objects: impl IntoIterator<Item = &'a ManagedObject>) -> Verdict {
    let mut verdict = Verdict::default();
    for object in objects {
        let value = object.object();
        let generation = value
            .pointer("/metadata/generation")
            .and_then(Value::as_i64);
        let relation = value
            .pointer("/metadata/labels")
            .and_then(|labels| labels.get(names::RELATION_LABEL))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let subject = format!("{} {}", object.kind(), object.name());
        let mut conditions: Vec<(String, &Value)> = Vec::new();
        match object.kind() {
            Kind::Gateway | Kind::ListenerSet => {
                for condition in array(value.pointer("/status/conditions")) {
                    conditions.push((subject.clone(), condition));
                }
                for listener in array(value.pointer("/status/listeners")) {
                    let name = listener.get("name").and_then(Value::as_str).unwrap_or("?");
                    for condition in array(listener.get("conditions")) {
                        conditions.push((format!("listener {name}"), condition));
                    }
                }
            }
            Kind::HttpRoute | Kind::GrpcRoute => {
                for parent in array(value.pointer("/status/parents")) {
                    let ours =
                        parent.pointer("/parentRef/name").and_then(Value::as_str) == Some(gateway);
                    if ours {
                        for condition in array(parent.get("conditions")) {
                            conditions.push((subject.clone(), condition));
                        }
                    }
                }
            }
            _ => {}
        }
        let mut stale = false;
        for (subject, condition) in conditions {
            let text = |key: &str| {
                condition
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let observed = condition.get("observedGeneration").and_then(Value::as_i64);
            if let (Some(observed), Some(generation)) = (observed, generation)
                && observed < generation
            {
                stale = true;
                continue;
            }
            let (kind, status) = (text("type"), text("status"));
            let bad = match kind.as_str() {
                "Accepted" | "Programmed" | "ResolvedRefs" => status == "False",
                "Conflicted" => status == "True",
                _ => false,
            };
            if bad {
                verdict.problems.push(Problem {
                    subject,
                    condition: kind,
                    status,
                    reason: text("reason"),
                    message: text("message"),
                    relation: relation.clone(),
                });
            }
        }
        if stale {
            verdict
                .unobserved
                .push(format!("{} {}", object.kind(), object.name()));
        }
    }
    verdict
}

fn array(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter())
        .into_iter()
        .flatten()
}

#[cfg(test)]
mod tests {
    use charm_cluster::MANAGED_BY_LABEL;
    use serde_json::json;

    use super::*;

    fn listed(kind: Kind, object: Value) -> ManagedObject {
        ManagedObject::from_cluster(kind, object, "gai").unwrap()
    }

    fn condition(kind: &str, status: &str, reason: &str, generation: i64) -> Value {
        json!({"type": kind, "status": status, "reason": reason, "message": "m",
               "observedGeneration": generation, "lastTransitionTime": "2026-01-01T00:00:00Z"})
    }

    #[test]
    fn reads_gateway_listener_and_route_conditions() {
        let gateway = listed(
            Kind::Gateway,
            json!({"metadata": {"name": "gai", "generation": 2,
                                "labels": {MANAGED_BY_LABEL: "gai"}},
                   "status": {
                       "conditions": [condition("Accepted", "True", "Accepted", 2),
                                      condition("Programmed", "True", "Programmed", 2)],
                       "listeners": [{"name": "gai-https-a-com", "attachedRoutes": 0,
                                      "conditions": [
                                          condition("Programmed", "False", "InvalidCertificateRef", 2),
                                          condition("Conflicted", "True", "HostnameConflict", 2)]}]}}),
        );
        let route = listed(
            Kind::HttpRoute,
            json!({"metadata": {"name": "gai-flask-3-http", "generation": 1,
                                "labels": {MANAGED_BY_LABEL: "gai", names::RELATION_LABEL: "gateway.3"}},
                   "status": {"parents": [
                       {"parentRef": {"name": "other"},
                        "conditions": [condition("Accepted", "False", "NotAllowedByListeners", 1)]},
                       {"parentRef": {"name": "gai"},
                        "conditions": [condition("Accepted", "False", "NotAllowedByListeners", 1),
                                       condition("ResolvedRefs", "True", "ResolvedRefs", 1)]}]}}),
        );
        let verdict = verdict("gai", [&gateway, &route]);
        let texts: Vec<String> = verdict.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "listener gai-https-a-com: Programmed=False (InvalidCertificateRef)",
                "listener gai-https-a-com: Conflicted=True (HostnameConflict)",
                "HTTPRoute gai-flask-3-http: Accepted=False (NotAllowedByListeners)",
            ]
        );
        assert_eq!(verdict.problems[2].relation.as_deref(), Some("gateway.3"));
        assert!(verdict.unobserved.is_empty());
    }

    #[test]
    fn conditions_of_an_older_generation_mean_not_yet_observed() {
        let gateway = listed(
            Kind::Gateway,
            json!({"metadata": {"name": "gai", "generation": 3,
                                "labels": {MANAGED_BY_LABEL: "gai"}},
                   "status": {"conditions": [condition("Programmed", "False", "Invalid", 2)]}}),
        );
        let verdict = verdict("gai", [&gateway]);
        assert!(verdict.problems.is_empty());
        assert_eq!(verdict.unobserved, ["Gateway gai"]);
        // No status at all (no controller has looked yet, or none writes status): nothing.
        let bare = listed(
            Kind::Gateway,
            json!({"metadata": {"name": "gai", "generation": 1, "labels": {MANAGED_BY_LABEL: "gai"}}}),
        );
        assert_eq!(super::verdict("gai", [&bare]), Verdict::default());
    }
}
