//! A fault-injection proxy in front of the real API server.
//!
//! The real server cannot answer 429/5xx or stall on demand, so tests that need those point the
//! code under test at this proxy instead: plain HTTP/1.1 on `127.0.0.1`, forwarding every
//! request to the real HTTPS server with the credentials of an upstream kubeconfig (through
//! `kube`'s own client: same TLS, CA and bearer token). Real answers pass through byte for
//! byte. It records every request (method, path, query, content type, body) and, by
//! [`FaultRule`], can answer a chosen request (by index, or by method and path) with a status
//! and a real-looking `Status` body, delay it past the client timeout, close the connection,
//! or forward it to a rewritten path.
//!
//! ```no_run
//! # fn main() -> Result<(), kube_test_env::TestEnvError> {
//! use kube_test_env::{FaultAction, FaultProxy, FaultRule, TestServer};
//! let Some(server) = TestServer::shared() else { return Ok(()) };
//! let proxy = FaultProxy::start(server.kubeconfig())?;
//! proxy.inject(FaultRule::on("PATCH", "/gateways/", FaultAction::Status(503)));
//! // Point the client at proxy.url() (or a kubeconfig from `write_kubeconfig`).
//! # Ok(()) }
//! ```

pub mod fault;
pub mod recorded;
pub mod status;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::thread::JoinHandle;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

pub use fault::{FaultAction, FaultMatch, FaultRule, take_fault};
pub use recorded::RecordedRequest;

use crate::{TestEnvError, kubeconfig};

/// What the proxy's serving thread shares with the test.
#[derive(Debug, Default)]
struct Shared {
    requests: Vec<RecordedRequest>,
    faults: Vec<FaultRule>,
}

/// A running proxy; stops when dropped.
pub struct FaultProxy {
    address: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FaultProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultProxy")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

/// The service error that makes hyper drop the connection without an answer.
#[derive(Debug, thiserror::Error)]
#[error("connection closed by fault injection")]
struct CloseConnection;

impl FaultProxy {
    /// Listen on a free loopback port and forward to the server of `upstream_kubeconfig`,
    /// with its credentials (admin, or a restricted token).
    pub fn start(upstream_kubeconfig: &Path) -> Result<FaultProxy, TestEnvError> {
        let listener =
            TcpListener::bind(("127.0.0.1", 0)).map_err(|e| TestEnvError::io("127.0.0.1:0", e))?;
        let address = listener
            .local_addr()
            .map_err(|e| TestEnvError::io("127.0.0.1:0", e))?;
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (shutdown, on_shutdown) = oneshot::channel();
        let (ready, is_ready) = mpsc::channel();
        let thread = {
            let shared = Arc::clone(&shared);
            let upstream = upstream_kubeconfig.to_owned();
            std::thread::Builder::new()
                .name("kube-test-env-proxy".to_owned())
                .spawn(move || serve(listener, upstream, shared, ready, on_shutdown))
                .map_err(|e| TestEnvError::io("proxy thread", e))?
        };
        let started = is_ready
            .recv()
            .unwrap_or_else(|_| Err(TestEnvError::Start("the proxy thread ended".to_owned())));
        let proxy = FaultProxy {
            address,
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        };
        started.map(|()| proxy)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Write a kubeconfig for the proxy (no credentials: the proxy adds them) whose context
    /// namespace is `namespace`.
    pub fn write_kubeconfig(&self, path: &Path, namespace: &str) -> Result<(), TestEnvError> {
        kubeconfig::write(
            path,
            &kubeconfig::kubeconfig(&self.url(), None, None, namespace),
        )
    }

    fn shared(&self) -> MutexGuard<'_, Shared> {
        self.shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared().requests.clone()
    }

    /// Forget the recorded requests (fault indexes count from the log length, so they restart
    /// at 0 too).
    pub fn clear_requests(&self) {
        self.shared().requests.clear();
    }

    /// Add a fault rule (the first matching rule wins).
    pub fn inject(&self, rule: FaultRule) {
        self.shared().faults.push(rule);
    }

    /// Remove every fault rule.
    pub fn clear_faults(&self) {
        self.shared().faults.clear();
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The serving thread: a current-thread runtime, the upstream client, the accept loop.
fn serve(
    listener: TcpListener,
    upstream: std::path::PathBuf,
    shared: Arc<Mutex<Shared>>,
    ready: mpsc::Sender<Result<(), TestEnvError>>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = ready.send(Err(TestEnvError::io("tokio runtime", e)));
            return;
        }
    };
    runtime.block_on(async move {
        let prepared = async {
            listener
                .set_nonblocking(true)
                .map_err(|e| TestEnvError::io("proxy listener", e))?;
            let listener = tokio::net::TcpListener::from_std(listener)
                .map_err(|e| TestEnvError::io("proxy listener", e))?;
            let client = crate::raw::client_from_kubeconfig(&upstream).await?;
            Ok((listener, client))
        };
        let (listener, client) = match prepared.await {
            Ok(prepared) => prepared,
            Err(error) => {
                let _ = ready.send(Err(error));
                return;
            }
        };
        let _ = ready.send(Ok(()));
        loop {
            let stream = tokio::select! {
                _ = &mut shutdown => return,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => continue,
                },
            };
            let (shared, client) = (Arc::clone(&shared), client.clone());
            tokio::spawn(async move {
                let service =
                    service_fn(move |request| answer(request, Arc::clone(&shared), client.clone()));
                // Connection errors (including deliberate closes) end only that connection.
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

async fn answer(
    request: Request<Incoming>,
    shared: Arc<Mutex<Shared>>,
    client: kube::Client,
) -> Result<Response<Full<Bytes>>, CloseConnection> {
    let method = request.method().as_str().to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let (content_type, accept) = (header("Content-Type"), header("Accept"));
    let body = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(CloseConnection),
    };
    let recorded = RecordedRequest::from_parts(
        &method,
        &path_and_query,
        content_type.as_deref(),
        String::from_utf8_lossy(&body).into_owned(),
    );
    let action = {
        let mut shared = shared.lock().unwrap_or_else(|p| p.into_inner());
        let index = shared.requests.len();
        shared.requests.push(recorded.clone());
        take_fault(&mut shared.faults, index, &recorded)
    };
    let forward = Forward {
        method,
        path_and_query,
        content_type,
        accept,
        body,
    };
    match action {
        None => Ok(forward.send(&client).await),
        Some(FaultAction::Status(code)) => {
            let subject = status::Subject::parse(&recorded.method, &recorded.path, &recorded.body);
            let (body, headers) = status::for_code(code, &subject);
            Ok(json_response(code, &body, &headers))
        }
        Some(FaultAction::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            Ok(forward.send(&client).await)
        }
        Some(FaultAction::Close) => Err(CloseConnection),
        Some(FaultAction::RewritePath { from, to }) => {
            let rewritten = Forward {
                path_and_query: forward.path_and_query.replacen(&from, &to, 1),
                ..forward
            };
            Ok(rewritten.send(&client).await)
        }
    }
}

/// One request to pass on upstream.
struct Forward {
    method: String,
    path_and_query: String,
    content_type: Option<String>,
    accept: Option<String>,
    body: Bytes,
}

impl Forward {
    /// Send it and turn the upstream answer (or a transport failure, as 502) into ours.
    async fn send(self, client: &kube::Client) -> Response<Full<Bytes>> {
        let mut request = Request::builder()
            .method(self.method.as_str())
            .uri(self.path_and_query.as_str());
        if let Some(content_type) = &self.content_type {
            request = request.header("Content-Type", content_type);
        }
        if let Some(accept) = &self.accept {
            request = request.header("Accept", accept);
        }
        let request = match request.body(kube::client::Body::from(self.body)) {
            Ok(request) => request,
            Err(e) => return bad_gateway(&e.to_string()),
        };
        let response = match client.send(request).await {
            Ok(response) => response,
            Err(e) => return bad_gateway(&e.to_string()),
        };
        let (parts, body) = response.into_parts();
        let bytes = match body.collect_bytes().await {
            Ok(bytes) => bytes,
            Err(e) => return bad_gateway(&e.to_string()),
        };
        let mut builder = Response::builder().status(parts.status);
        for name in ["Content-Type", "Retry-After", "Warning"] {
            for value in parts.headers.get_all(name) {
                builder = builder.header(name, value);
            }
        }
        builder
            .body(Full::new(bytes))
            .unwrap_or_else(|e| bad_gateway(&e.to_string()))
    }
}

fn json_response(
    code: u16,
    body: &serde_json::Value,
    headers: &[(&str, String)],
) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(code)
        .header("Content-Type", "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, value.as_str());
    }
    let bytes = Bytes::from(serde_json::to_vec(body).unwrap_or_default());
    builder.body(Full::new(bytes)).unwrap_or_else(|_| {
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}

fn bad_gateway(message: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": format!("proxy: upstream request failed: {message}"),
        "reason": "InternalError", "code": 502,
    });
    json_response(502, &body, &[])
}
