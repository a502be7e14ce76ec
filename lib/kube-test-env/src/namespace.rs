//! A fresh namespace per test, with an admin client and a kubeconfig for the code under test.
//!
//! The server has no namespace controller, so namespaces are never deleted: each test takes a
//! new one (`generateName`), and the server's etcd data is wiped whenever it is restarted.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::raw::{RawClient, Resource, with_query};
use crate::{TestEnvError, TestServer, kubeconfig};

/// The patch types the server speaks.
pub const MERGE_PATCH: &str = "application/merge-patch+json";
/// Server-side apply.
pub const APPLY_PATCH: &str = "application/apply-patch+yaml";
/// RFC 6902 JSON patch.
pub const JSON_PATCH: &str = "application/json-patch+json";

/// One namespace on the shared server, with an admin client.
#[derive(Debug)]
pub struct TestNamespace {
    server: &'static TestServer,
    name: String,
    dir: TempDir,
    kubeconfig: PathBuf,
    admin: RawClient,
}

impl TestNamespace {
    /// Create a namespace named `<prefix>-<5 random characters>` on `server`.
    pub fn new(server: &'static TestServer, prefix: &str) -> Result<TestNamespace, TestEnvError> {
        let admin = RawClient::from_kubeconfig(server.kubeconfig())?;
        let created = admin.json(
            "POST",
            "/api/v1/namespaces",
            Some("application/json"),
            Some(&json!({"apiVersion": "v1", "kind": "Namespace",
                         "metadata": {"generateName": format!("{prefix}-")}})),
        )?;
        let name = created
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .ok_or_else(|| TestEnvError::Unexpected {
                method: "POST".to_owned(),
                path: "/api/v1/namespaces".to_owned(),
                message: format!("no metadata.name in {created}"),
            })?
            .to_owned();
        let dir = tempfile::Builder::new()
            .prefix(&format!("kube-test-env-{name}-"))
            .tempdir()
            .map_err(|e| TestEnvError::io("temporary dir", e))?;
        let kubeconfig = dir.path().join("kubeconfig");
        kubeconfig::write(
            &kubeconfig,
            &kubeconfig::kubeconfig(
                server.url(),
                Some(server.ca_pem()),
                Some(server.token()),
                &name,
            ),
        )?;
        Ok(TestNamespace {
            server,
            name,
            dir,
            kubeconfig,
            admin,
        })
    }

    /// The namespace's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server it lives on.
    pub fn server(&self) -> &'static TestServer {
        self.server
    }

    /// An admin kubeconfig whose context namespace is this one (for `KUBECONFIG`).
    pub fn kubeconfig(&self) -> &Path {
        &self.kubeconfig
    }

    /// A scratch dir removed with this value (kubeconfigs, state files…).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The admin client, for set-up and assertions.
    pub fn admin(&self) -> &RawClient {
        &self.admin
    }

    /// Write a kubeconfig at `<dir>/<file>` for this namespace on the real server, sending
    /// `token` (or no credentials at all).
    pub fn kubeconfig_with_token(
        &self,
        file: &str,
        token: Option<&str>,
    ) -> Result<PathBuf, TestEnvError> {
        let path = self.dir().join(file);
        let config = kubeconfig::kubeconfig(
            self.server.url(),
            Some(self.server.ca_pem()),
            token,
            &self.name,
        );
        kubeconfig::write(&path, &config)?;
        Ok(path)
    }

    /// The object, or `None` on 404.
    pub fn get(&self, resource: Resource, name: &str) -> Result<Option<Value>, TestEnvError> {
        let path = resource.object_path(&self.name, name);
        match self.admin.json("GET", &path, None, None) {
            Ok(object) => Ok(Some(object)),
            Err(error) if error.code() == Some(404) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// POST `object` (as the Python charm creates objects: `?fieldManager=<manager>`, which
    /// the server records as an `Update` entry of `manager`).
    pub fn create(
        &self,
        resource: Resource,
        object: &Value,
        field_manager: &str,
    ) -> Result<Value, TestEnvError> {
        let path = with_query(
            &resource.collection_path(&self.name),
            &[("fieldManager", field_manager)],
        );
        self.admin
            .json("POST", &path, Some("application/json"), Some(object))
    }

    /// JSON merge patch (`Update` operation of `field_manager`, as `kubectl edit`/`patch` and
    /// the Python charm's Gateway patch do).
    pub fn merge_patch(
        &self,
        resource: Resource,
        name: &str,
        patch: &Value,
        field_manager: &str,
    ) -> Result<Value, TestEnvError> {
        let path = with_query(
            &resource.object_path(&self.name, name),
            &[("fieldManager", field_manager)],
        );
        self.admin
            .json("PATCH", &path, Some(MERGE_PATCH), Some(patch))
    }

    /// Server-side apply of `object` as `field_manager`, with or without `force`.
    pub fn apply(
        &self,
        resource: Resource,
        object: &Value,
        field_manager: &str,
        force: bool,
    ) -> Result<Value, TestEnvError> {
        let path = self.apply_path(resource, object, field_manager, force, false)?;
        self.admin
            .json("PATCH", &path, Some(APPLY_PATCH), Some(object))
    }

    /// Server-side apply with `dryRun=All`: full admission (schema, CEL, defaulting), nothing
    /// stored. Returns the object as the server would store it.
    pub fn dry_run_apply(
        &self,
        resource: Resource,
        object: &Value,
        field_manager: &str,
    ) -> Result<Value, TestEnvError> {
        let path = self.apply_path(resource, object, field_manager, true, true)?;
        self.admin
            .json("PATCH", &path, Some(APPLY_PATCH), Some(object))
    }

    fn apply_path(
        &self,
        resource: Resource,
        object: &Value,
        field_manager: &str,
        force: bool,
        dry_run: bool,
    ) -> Result<String, TestEnvError> {
        let name = object
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .ok_or_else(|| TestEnvError::Unexpected {
                method: "PATCH".to_owned(),
                path: resource.collection_path(&self.name),
                message: "the object to apply has no metadata.name".to_owned(),
            })?;
        Ok(with_query(
            &resource.object_path(&self.name, name),
            &[
                ("fieldManager", field_manager),
                ("force", if force { "true" } else { "" }),
                ("dryRun", if dry_run { "All" } else { "" }),
            ],
        ))
    }

    /// Write `status` through the status subresource (a merge patch as `field_manager`): what a
    /// Gateway controller does; tests play the controller.
    pub fn write_status(
        &self,
        resource: Resource,
        name: &str,
        status: &Value,
        field_manager: &str,
    ) -> Result<Value, TestEnvError> {
        let path = with_query(
            &format!("{}/status", resource.object_path(&self.name, name)),
            &[("fieldManager", field_manager)],
        );
        let patch = json!({"status": status});
        self.admin
            .json("PATCH", &path, Some(MERGE_PATCH), Some(&patch))
    }

    /// Make sure the cluster-scoped GatewayClass `name` exists (server-side apply, so every
    /// test and process may call it). The charm only reads GatewayClass names.
    pub fn ensure_gateway_class(&self, name: &str) -> Result<Value, TestEnvError> {
        let class = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
            "metadata": {"name": name},
            "spec": {"controllerName": "example.com/gateway-controller"}});
        let path = with_query(
            &format!("/apis/gateway.networking.k8s.io/v1/gatewayclasses/{name}"),
            &[("fieldManager", "kube-test-env"), ("force", "true")],
        );
        self.admin
            .json("PATCH", &path, Some(APPLY_PATCH), Some(&class))
    }

    /// Delete the object (it must exist).
    pub fn delete(&self, resource: Resource, name: &str) -> Result<(), TestEnvError> {
        let path = resource.object_path(&self.name, name);
        self.admin.json("DELETE", &path, None, None).map(drop)
    }
}
