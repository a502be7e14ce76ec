//! Reading CustomResourceDefinitions from YAML files.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Why the CRDs could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The directory or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The directory or file that could not be read.
        path: PathBuf,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not valid YAML.
    #[error("cannot parse {path}: {message}")]
    Yaml {
        /// The file.
        path: PathBuf,
        /// The YAML parser's message.
        message: String,
    },
    /// A CRD lacks a field every CRD has.
    #[error("{path}: CRD has no {field}")]
    MissingField {
        /// The file holding the CRD.
        path: PathBuf,
        /// The missing field's path, e.g. `spec.names.kind`.
        field: &'static str,
    },
    /// A schema is not a valid JSON Schema.
    #[error("invalid schema for {api_version} {kind}: {message}")]
    Schema {
        /// `<group>/<version>` of the served version.
        api_version: String,
        /// The CRD's kind.
        kind: String,
        /// Why the JSON Schema compiler rejected it.
        message: String,
    },
    /// CEL rules that do not compile (validating with them would silently skip them).
    #[error("CEL rules of {api_version} {kind} do not compile: {}", errors.join("; "))]
    Cel {
        /// `<group>/<version>` of the served version.
        api_version: String,
        /// The CRD's kind.
        kind: String,
        /// One compile error per failing rule.
        errors: Vec<String>,
    },
    /// The directory held no CRD at all (most likely the wrong directory).
    #[error("no CustomResourceDefinition found in {0}")]
    Empty(PathBuf),
}

/// One served version of one CRD.
pub(crate) struct ServedVersion {
    pub api_version: String,
    pub kind: String,
    pub schema: Value,
}

/// Every served version of every CRD in the YAML files of `dir`, in file-name order.
pub(crate) fn load_dir(dir: &Path) -> Result<Vec<ServedVersion>, LoadError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LoadError::Io { path, source }
    };
    let mut files = std::fs::read_dir(dir)
        .map_err(io_error(dir))?
        .map(|entry| entry.map(|e| e.path()).map_err(io_error(dir)))
        .collect::<Result<Vec<_>, _>>()?;
    files.retain(|path| {
        matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        )
    });
    files.sort();

    let mut versions = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(io_error(&path))?;
        let documents: Vec<Value> =
            serde_saphyr::from_multiple(&text).map_err(|err| LoadError::Yaml {
                path: path.clone(),
                message: err.to_string(),
            })?;
        for document in documents {
            if document.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition") {
                versions.extend(served_versions(&path, &document)?);
            }
        }
    }
    if versions.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    Ok(versions)
}

fn served_versions(path: &Path, crd: &Value) -> Result<Vec<ServedVersion>, LoadError> {
    let missing = |field| LoadError::MissingField {
        path: path.to_path_buf(),
        field,
    };
    let spec = crd.get("spec").ok_or_else(|| missing("spec"))?;
    let group = spec
        .get("group")
        .and_then(Value::as_str)
        .ok_or_else(|| missing("spec.group"))?;
    let kind = spec
        .pointer("/names/kind")
        .and_then(Value::as_str)
        .ok_or_else(|| missing("spec.names.kind"))?;
    let versions = spec
        .get("versions")
        .and_then(Value::as_array)
        .ok_or_else(|| missing("spec.versions"))?;

    let mut served = Vec::new();
    for version in versions {
        if version.get("served").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let name = version
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| missing("spec.versions[].name"))?;
        let schema = version
            .pointer("/schema/openAPIV3Schema")
            .ok_or_else(|| missing("spec.versions[].schema.openAPIV3Schema"))?;
        served.push(ServedVersion {
            api_version: format!("{group}/{name}"),
            kind: kind.to_owned(),
            schema: schema.clone(),
        });
    }
    Ok(served)
}
