//! Test support: validate rendered Kubernetes objects the way the apiserver would admit them.
//!
//! [`Validator::from_dir`] loads every `CustomResourceDefinition` in a directory of YAML files
//! and compiles, for each served version, its `openAPIV3Schema` twice: as a JSON Schema
//! (draft 4, which is what Kubernetes structural schemas are) and as a tree of CEL rules
//! (`x-kubernetes-validations`, evaluated with `kube-cel`). [`Validator::validate`] then checks
//! an object against the schema of its `apiVersion`/`kind`, plus the object-name rules the
//! apiserver applies to every kind, plus a few built-in rules for the core kinds the charm
//! creates (`Service`, `Secret`), which have no CRD.
//!
//! This crate is a dev-dependency only: it never ships in the charm binary.
#![warn(missing_docs)]

mod builtin;
mod crd;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use crd::LoadError;

/// The environment variable naming the directory of Gateway API CRD YAML files.
pub const CRDS_DIR_ENV: &str = "GATEWAY_API_CRDS_DIR";

/// The schemas of one served `apiVersion` + `kind`.
struct KindSchemas {
    structural: jsonschema::Validator,
    cel: kube_cel::CompiledSchema,
}

/// Every CEL rule of `schema` that failed to compile, as text.
fn collect_compilation_errors(schema: &kube_cel::CompiledSchema, errors: &mut Vec<String>) {
    errors.extend(
        schema
            .compilation_errors()
            .iter()
            .map(|err| err.to_string()),
    );
    let children = schema
        .properties
        .values()
        .chain(schema.items.as_deref())
        .chain(schema.additional_properties.as_deref())
        .chain(&schema.all_of)
        .chain(&schema.one_of)
        .chain(&schema.any_of);
    for child in children {
        collect_compilation_errors(child, errors);
    }
}

/// Validates objects against loaded CRD schemas and the built-in core-kind rules.
pub struct Validator {
    /// Keyed by (`apiVersion`, `kind`), e.g. (`gateway.networking.k8s.io/v1`, `Gateway`).
    kinds: BTreeMap<(String, String), KindSchemas>,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator")
            .field("kinds", &self.kinds.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Validator {
    /// Load every CRD (`kind: CustomResourceDefinition`) from the `*.yaml`/`*.yml` files in
    /// `dir`; other documents (e.g. admission policies) are skipped.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, LoadError> {
        let mut kinds = BTreeMap::new();
        for version in crd::load_dir(dir.as_ref())? {
            let structural =
                jsonschema::draft4::new(&version.schema).map_err(|err| LoadError::Schema {
                    api_version: version.api_version.clone(),
                    kind: version.kind.clone(),
                    message: err.to_string(),
                })?;
            let cel = kube_cel::compile_schema(&version.schema);
            let mut cel_errors = Vec::new();
            collect_compilation_errors(&cel, &mut cel_errors);
            if !cel_errors.is_empty() {
                return Err(LoadError::Cel {
                    api_version: version.api_version,
                    kind: version.kind,
                    errors: cel_errors,
                });
            }
            kinds.insert(
                (version.api_version, version.kind),
                KindSchemas { structural, cel },
            );
        }
        Ok(Validator { kinds })
    }

    /// The directory named by [`CRDS_DIR_ENV`], else `default`.
    pub fn crds_dir_from_env(default: impl Into<PathBuf>) -> PathBuf {
        std::env::var_os(CRDS_DIR_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| default.into())
    }

    /// Whether a CRD schema was loaded for `api_version` + `kind`.
    pub fn has_schema(&self, api_version: &str, kind: &str) -> bool {
        self.kinds
            .contains_key(&(api_version.to_owned(), kind.to_owned()))
    }

    /// Check `object` as the apiserver would on create: every problem found, each as
    /// `<path>: <message>`. Objects whose kind is neither loaded nor built in are rejected.
    pub fn validate(&self, object: &Value) -> Result<(), Vec<String>> {
        let api_version = object
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
        let mut errors = builtin::metadata_errors(kind, object);

        match self.kinds.get(&(api_version.to_owned(), kind.to_owned())) {
            Some(schemas) => {
                errors.extend(schemas.structural.iter_errors(object).map(|err| {
                    let path = err.instance_path().to_string();
                    format!("{}: {err}", if path.is_empty() { "/" } else { &path })
                }));
                if let Err(cel_errors) = kube_cel::validate_compiled(&schemas.cel, object, None) {
                    errors.extend(cel_errors.iter().map(ToString::to_string));
                }
            }
            None => match builtin::core_kind_errors(api_version, kind, object) {
                Some(core_errors) => errors.extend(core_errors),
                None => errors.push(format!(
                    "no schema for apiVersion {api_version:?} kind {kind:?}"
                )),
            },
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
