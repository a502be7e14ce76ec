//! The HTTP/1.1 transport: hyper on a loopback listener, in a background thread.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::CONTENT_TYPE;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

use crate::api::{ApiServer, Outcome};
use crate::recorded::RecordedRequest;
use crate::status::Reply;

/// The service error that makes hyper drop the connection without an answer.
#[derive(Debug, thiserror::Error)]
#[error("connection closed by fault injection")]
struct CloseConnection;

/// Serve `listener` until `shutdown` fires. Blocks the calling thread.
pub(crate) fn serve(
    listener: TcpListener,
    server: Arc<Mutex<ApiServer>>,
    state_file: Option<PathBuf>,
    shutdown: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let state_file = state_file.map(Arc::new);
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let mut shutdown = shutdown;
        loop {
            let stream = tokio::select! {
                _ = &mut shutdown => return Ok(()),
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => continue,
                },
            };
            let server = Arc::clone(&server);
            let state_file = state_file.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    answer(request, Arc::clone(&server), state_file.clone())
                });
                // Connection errors (including our deliberate closes) end only that connection.
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

async fn answer(
    request: Request<Incoming>,
    server: Arc<Mutex<ApiServer>>,
    state_file: Option<Arc<PathBuf>>,
) -> Result<Response<Full<Bytes>>, CloseConnection> {
    let method = request.method().as_str().to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
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
    let outcome = {
        let mut server = server
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let outcome = server.receive(recorded);
        if method != "GET"
            && let Some(path) = state_file.as_deref()
        {
            // Best effort: a process-level harness reads this file after the run.
            let _ = crate::persist::save(&server.store, path);
        }
        outcome
    };
    match outcome {
        Outcome::Reply(reply) => Ok(to_response(reply)),
        Outcome::Slow(delay, reply) => {
            tokio::time::sleep(delay).await;
            Ok(to_response(reply))
        }
        Outcome::Close => Err(CloseConnection),
    }
}

fn to_response(reply: Reply) -> Response<Full<Bytes>> {
    let body = serde_json::to_vec(&reply.body).unwrap_or_default();
    let mut builder = Response::builder()
        .status(reply.code)
        .header(CONTENT_TYPE, "application/json");
    for (name, value) in &reply.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| {
            let mut response = Response::new(Full::new(Bytes::new()));
            *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            response
        })
}
