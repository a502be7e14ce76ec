//! Requests as the proxy received them, for assertions.

use serde::{Deserialize, Serialize};

/// One HTTP request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// `GET`, `PATCH`, `DELETE`…
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text (empty when there was none).
    pub body: String,
}

impl RecordedRequest {
    /// A request with no query, content type or body (for tests of the pure handler).
    pub fn new(method: &str, path: &str) -> RecordedRequest {
        RecordedRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            query: Vec::new(),
            content_type: None,
            body: String::new(),
        }
    }

    /// Split `path?query` into the path and decoded parameters.
    pub fn from_parts(
        method: &str,
        path_and_query: &str,
        content_type: Option<&str>,
        body: String,
    ) -> RecordedRequest {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        RecordedRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            query: form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
            content_type: content_type.map(str::to_owned),
            body,
        }
    }

    /// The value of query parameter `name`, if present.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body parsed as JSON (`Null` when empty or not JSON).
    pub fn json_body(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}
