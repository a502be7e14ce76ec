//! Saving and loading the object store (for the binary's `--state` file).

use std::path::Path;

use crate::store::Store;

/// Why the state file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// Reading or writing the file failed.
    #[error("state file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a stored state.
    #[error("state file {path}: {source}")]
    Json {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
}

/// Write `store` to `path` as JSON (via a temporary file, so readers never see half a file).
pub fn save(store: &Store, path: &Path) -> Result<(), PersistError> {
    let name = path.display().to_string();
    let text = serde_json::to_vec_pretty(store).map_err(|source| PersistError::Json {
        path: name.clone(),
        source,
    })?;
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|source| PersistError::Io { path: name, source })
}

/// Read a store written by [`save`].
pub fn load(path: &Path) -> Result<Store, PersistError> {
    let name = path.display().to_string();
    let text = std::fs::read(path).map_err(|source| PersistError::Io {
        path: name.clone(),
        source,
    })?;
    serde_json::from_slice(&text).map_err(|source| PersistError::Json { path: name, source })
}
