//! What can go wrong while setting up or talking to the real API server.

use std::path::PathBuf;

/// A failure of the test environment itself (not of the code under test).
#[derive(Debug, thiserror::Error)]
pub enum TestEnvError {
    /// The server could not be started; the text says why (shown in skip lines and panics).
    #[error("{0}")]
    Start(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A kubeconfig could not be read, or no client could be built from it.
    #[error("kubeconfig {path}: {message}")]
    Kubeconfig {
        /// The kubeconfig file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The request did not get an HTTP answer.
    #[error("{method} {path}: {message}")]
    Transport {
        /// HTTP method.
        method: String,
        /// Path and query.
        path: String,
        /// The client error.
        message: String,
    },
    /// The server answered with a non-2xx status.
    #[error("{method} {path}: HTTP {code}: {body}")]
    Status {
        /// HTTP method.
        method: String,
        /// Path and query.
        path: String,
        /// HTTP status code.
        code: u16,
        /// The answer's body (a `Status` object as JSON text, usually).
        body: String,
    },
    /// The server answered 2xx with something that is not the expected JSON.
    #[error("{method} {path}: unexpected answer: {message}")]
    Unexpected {
        /// HTTP method.
        method: String,
        /// Path and query.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// A condition polled for did not become true before its deadline.
    #[error("timed out waiting for {0}")]
    Deadline(String),
}

impl TestEnvError {
    /// An [`TestEnvError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> TestEnvError {
        TestEnvError::Io {
            path: path.into(),
            source,
        }
    }

    /// The HTTP status code, for [`TestEnvError::Status`].
    pub fn code(&self) -> Option<u16> {
        match self {
            TestEnvError::Status { code, .. } => Some(*code),
            _ => None,
        }
    }
}
