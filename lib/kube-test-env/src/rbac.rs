//! Restricted credentials: a ServiceAccount bound to a Role with chosen verbs, and a token
//! for it from the TokenRequest API, so tests see the server's real 403 answers.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::raw::Resource;
use crate::{TestEnvError, TestNamespace};

/// One RBAC rule: `verbs` on `resources` of `api_group` (`""` for core).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The API group.
    pub api_group: String,
    /// Plural resource names.
    pub resources: Vec<String>,
    /// `get`, `list`, `patch`, `delete`…
    pub verbs: Vec<String>,
}

impl Rule {
    /// `verbs` on `resources` of `api_group`.
    pub fn new(api_group: &str, resources: &[&str], verbs: &[&str]) -> Rule {
        let owned = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
        Rule {
            api_group: api_group.to_owned(),
            resources: owned(resources),
            verbs: owned(verbs),
        }
    }

    fn to_json(&self) -> Value {
        json!({"apiGroups": [self.api_group], "resources": self.resources, "verbs": self.verbs})
    }
}

/// How long RBAC may take to see a new binding (the authorizer reads an informer cache).
const RBAC_DEADLINE: Duration = Duration::from_secs(15);

impl TestNamespace {
    /// Create ServiceAccount `name` allowed exactly `rules` in this namespace (a Role and a
    /// RoleBinding of the same name), get a token for it (TokenRequest, one hour), wait until
    /// the authorizer sees the binding, and write a kubeconfig using that token.
    ///
    /// The account's user name is `system:serviceaccount:<namespace>:<name>`.
    pub fn service_account_kubeconfig(
        &self,
        name: &str,
        rules: &[Rule],
    ) -> Result<PathBuf, TestEnvError> {
        self.service_account_kubeconfig_with_cluster_rules(name, rules, &[])
    }

    /// As [`TestNamespace::service_account_kubeconfig`], and also allowed `cluster_rules`
    /// cluster-wide (e.g. listing GatewayClasses): a ClusterRole and a ClusterRoleBinding named
    /// `<namespace>-<name>`, so namespaces never share them.
    pub fn service_account_kubeconfig_with_cluster_rules(
        &self,
        name: &str,
        rules: &[Rule],
        cluster_rules: &[Rule],
    ) -> Result<PathBuf, TestEnvError> {
        let metadata = json!({"name": name, "namespace": self.name()});
        if !cluster_rules.is_empty() {
            self.grant_cluster_rules(name, cluster_rules)?;
        }
        self.create(
            Resource::SERVICE_ACCOUNTS,
            &json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata}),
            "kube-test-env",
        )?;
        if !rules.is_empty() {
            let rules: Vec<Value> = rules.iter().map(Rule::to_json).collect();
            self.create(
                Resource::ROLES,
                &json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                        "metadata": metadata, "rules": rules}),
                "kube-test-env",
            )?;
            self.create(
                Resource::ROLE_BINDINGS,
                &json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                        "metadata": metadata,
                        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                                    "name": name},
                        "subjects": [{"kind": "ServiceAccount", "name": name,
                                      "namespace": self.name()}]}),
                "kube-test-env",
            )?;
        }
        let path = format!(
            "{}/token",
            Resource::SERVICE_ACCOUNTS.object_path(self.name(), name)
        );
        let answer = self.admin().json(
            "POST",
            &path,
            Some("application/json"),
            Some(
                &json!({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                         "spec": {"expirationSeconds": 3600}}),
            ),
        )?;
        let token = answer
            .pointer("/status/token")
            .and_then(Value::as_str)
            .ok_or_else(|| TestEnvError::Unexpected {
                method: "POST".to_owned(),
                path,
                message: "no status.token in the TokenRequest answer".to_owned(),
            })?
            .to_owned();
        for rule in rules {
            self.wait_until_allowed(name, rule, Some(self.name()))?;
        }
        for rule in cluster_rules {
            self.wait_until_allowed(name, rule, None)?;
        }
        self.kubeconfig_with_token(&format!("kubeconfig-{name}"), Some(&token))
    }

    /// A ClusterRole allowing `rules` and its ClusterRoleBinding to ServiceAccount `account`.
    fn grant_cluster_rules(&self, account: &str, rules: &[Rule]) -> Result<(), TestEnvError> {
        let name = format!("{}-{account}", self.name());
        let rules: Vec<Value> = rules.iter().map(Rule::to_json).collect();
        let rbac = "/apis/rbac.authorization.k8s.io/v1";
        self.admin().json(
            "POST",
            &format!("{rbac}/clusterroles"),
            Some("application/json"),
            Some(
                &json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                         "metadata": {"name": name}, "rules": rules}),
            ),
        )?;
        self.admin().json(
            "POST",
            &format!("{rbac}/clusterrolebindings"),
            Some("application/json"),
            Some(
                &json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                        "metadata": {"name": name},
                        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                                    "name": name},
                        "subjects": [{"kind": "ServiceAccount", "name": account,
                                      "namespace": self.name()}]}),
            ),
        )?;
        Ok(())
    }

    /// Poll SubjectAccessReview until every verb of `rule` on its first resource is allowed, in
    /// `namespace` (or cluster-wide).
    fn wait_until_allowed(
        &self,
        account: &str,
        rule: &Rule,
        namespace: Option<&str>,
    ) -> Result<(), TestEnvError> {
        let user = format!("system:serviceaccount:{}:{account}", self.name());
        let deadline = Instant::now() + RBAC_DEADLINE;
        let resource = rule.resources.first().cloned().unwrap_or_default();
        for verb in &rule.verbs {
            let review = json!({
                "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                "spec": {"user": user,
                         "groups": ["system:serviceaccounts",
                                    format!("system:serviceaccounts:{}", self.name()),
                                    "system:authenticated"],
                         "resourceAttributes": {"namespace": namespace.unwrap_or_default(),
                                                "verb": verb, "group": rule.api_group,
                                                "resource": resource}},
            });
            loop {
                let answer = self.admin().json(
                    "POST",
                    "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                    Some("application/json"),
                    Some(&review),
                )?;
                if answer.pointer("/status/allowed") == Some(&json!(true)) {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(TestEnvError::Deadline(format!(
                        "RBAC to allow {user} to {verb} {resource}"
                    )));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Ok(())
    }
}
