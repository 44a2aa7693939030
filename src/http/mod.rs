//! The LangGraph server's HTTP API as a pure function over [`Server`]:
//! `(method, path, query, headers, body) → (status, headers, JSON | a stream of chunks)`.
//! The JS `createFetch` adapter and the Node server (`langgraph-wasm/node`) both call
//! [`handle`]; neither knows a route.
//!
//! Paths, bodies, statuses and SSE framing follow the LangGraph server (see
//! `shared/reference/sdk-client-and-server-api.md`). Refusals are JSON
//! `{"error": <our error name>, "message": <the server's text>}` with the server's status: the
//! JS SDK reports `HTTP <status>: <body>`, the Python SDK reads `message`.
//!
//! It does not listen on sockets, parse HTTP/1.1, do CORS, or serve files: those belong to
//! the host (`serve()` in Node). Crons, thread pruning, `PATCH` of a thread's state, the
//! thread-wide join stream, `POST /runs/cancel` and the v2 thread stream protocol are not routed
//! (404; the package README's list).

mod assistants;
mod body;
mod runs;
mod store;
mod threads;

use futures::future::LocalBoxFuture;
use futures::stream::LocalBoxStream;
use futures::{Stream, StreamExt};
use serde_json::{json, Value};

use crate::server::{Server, ServerError};

pub use body::{BodyStream, Disconnect};

/// One HTTP request, as the host received it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `GET`, `POST`, … (any case).
    pub method: String,
    /// The path as sent (percent-encoded), e.g. `/threads/abc/runs/wait`.
    pub path: String,
    /// The query string without `?`, e.g. `limit=10&offset=0`.
    pub query: String,
    /// Header names in any case.
    pub headers: Vec<(String, String)>,
    /// The body text (empty: none).
    pub body: String,
}

impl Request {
    /// A request for `target` (a path with an optional `?query`).
    pub fn new(method: &str, target: &str) -> Self {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Request {
            method: method.to_string(),
            path: path.to_string(),
            query: query.to_string(),
            ..Default::default()
        }
    }

    /// The same request with a JSON body.
    pub fn json(mut self, body: Value) -> Self {
        self.body = body.to_string();
        self.headers.push(("content-type".into(), "application/json".into()));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A query value as a `limit`/`offset` count (refused unless a whole number ≥ 0).
    fn query_count(&self, name: &str) -> Result<Option<usize>, ServerError> {
        crate::server::request::query_count(name, self.query_value(name))
    }

    /// The query's values by name (decoded), the last one winning.
    fn query_value(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| k == name)
            .last()
            .map(|(_, v)| v.into_owned())
    }

    /// A query flag: `true`/`1` (as the SDK sends it) is set.
    fn query_flag(&self, name: &str) -> bool {
        self.query_value(name)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1"))
    }

    /// The body as JSON: empty is `{}`; anything unreadable is a 422.
    fn json_body(&self) -> Result<Value, ServerError> {
        if self.body.trim().is_empty() {
            return Ok(json!({}));
        }
        serde_json::from_str(&self.body).map_err(|e| ServerError::Unprocessable(format!("Invalid JSON body: {e}")))
    }
}

/// What the host writes back.
pub enum Body {
    /// No body (202, 204).
    Empty,
    /// A JSON document.
    Json(Value),
    /// Chunks to write as they come (an SSE stream, or a `wait` body: newlines, then JSON).
    Stream(BodyStream),
}

pub struct Response {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    fn json(status: u16, value: Value) -> Self {
        Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Body::Json(value),
        }
    }

    fn ok(value: Value) -> Self {
        Self::json(200, value)
    }

    fn empty(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    fn stream(content_type: &str, stream: BodyStream) -> Self {
        Response {
            status: 200,
            headers: vec![
                ("content-type".into(), content_type.into()),
                ("cache-control".into(), "no-cache".into()),
            ],
            body: Body::Stream(stream),
        }
    }

    /// A refusal: the error's status, `{error, message}`.
    pub fn error(e: &ServerError) -> Self {
        Self::json(e.status(), e.to_json())
    }

    fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The JSON body, if the response has one.
    pub fn json_body(&self) -> Option<&Value> {
        match &self.body {
            Body::Json(v) => Some(v),
            _ => None,
        }
    }
}

/// The first path segment of every route this API answers; a host may send other paths
/// elsewhere (static files, its own routes).
const ROOTS: [&str; 6] = ["assistants", "threads", "runs", "store", "ok", "info"];

/// Whether `path` belongs to this API (whether or not the exact route exists).
pub fn is_api_path(path: &str) -> bool {
    let first = path.trim_start_matches('/').split(['/', '?']).next().unwrap_or("");
    ROOTS.contains(&first)
}

/// Answers one request. What it changed is saved (`Server::flush`) before the answer, or, for a
/// streamed answer, when the stream ends.
pub async fn handle(server: &Server, request: Request) -> Response {
    let mut response = match route(server, &request).await {
        Ok(response) => response,
        Err(e) => return Response::error(&e),
    };
    if let Body::Stream(stream) = response.body {
        let (chunks, on_disconnect) = stream.into_parts();
        let server = server.clone();
        // A failed save is left for the next flush to report (the answer is already under way).
        let saved = futures::stream::once(async move { server.flush().await.err() }).filter_map(|_| async { None });
        response.body = Body::Stream(BodyStream::new(chunks.chain(saved).boxed_local(), on_disconnect));
        return response;
    }
    match server.flush().await {
        Ok(()) => response,
        Err(e) => Response::error(&e),
    }
}

type Handled = Result<Response, ServerError>;

async fn route(server: &Server, request: &Request) -> Handled {
    let segments = path_segments(&request.path)?;
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = request.method.to_ascii_uppercase();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["ok"]) => Ok(Response::ok(json!({ "ok": true }))),
        ("GET", ["info"]) => Ok(Response::ok(info())),
        // Boxed: each resource's routes are their own state machine, not copies inlined here.
        (_, ["assistants", ..]) => Box::pin(assistants::route(server, request, &method, &segments[1..])).await,
        (_, ["threads", thread_id, "runs", rest @ ..]) => {
            runs::route_thread(server, request, &method, thread_id, rest).await
        }
        (_, ["threads", ..]) => threads::route(server, request, &method, &segments[1..]).await,
        (_, ["runs", ..]) => runs::route_stateless(server, request, &method, &segments[1..]).await,
        (_, ["store", ..]) => store::route(server, request, &method, &segments[1..]).await,
        _ => Err(no_route(request)),
    }
}

/// The path's segments, percent-decoded. A segment that does not decode to UTF-8 is a
/// malformed request (400), not a lookup of some other id.
fn path_segments(path: &str) -> Result<Vec<String>, ServerError> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|decoded| decoded.into_owned())
                .map_err(|_| ServerError::BadRequest(format!("Malformed URL: the path segment '{s}' is not UTF-8")))
        })
        .collect()
}

/// A path or method this API does not have.
fn no_route(request: &Request) -> ServerError {
    ServerError::NotFound(format!(
        "Not Found: {} {} is not a route of this server",
        request.method.to_ascii_uppercase(),
        request.path
    ))
}

fn info() -> Value {
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "context": "langgraph-wasm",
        "flags": { "assistants": true, "crons": false, "langsmith": false },
    })
}

/// Sets `X-Pagination-Next` when a page came back full (there may be more).
fn paginated(items: Vec<Value>, offset: usize, limit: usize) -> Response {
    let full = items.len() == limit;
    let next = offset + items.len();
    let response = Response::ok(Value::Array(items));
    if full {
        response.with_header("x-pagination-next", next.to_string())
    } else {
        response
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A boxed stream of chunks, and an optional action for when the reader goes away.
fn body_stream(chunks: impl Stream<Item = String> + 'static, on_disconnect: Option<Disconnect>) -> BodyStream {
    BodyStream::new(chunks.boxed_local(), on_disconnect)
}

type Chunks = LocalBoxStream<'static, String>;
type Action = LocalBoxFuture<'static, ()>;
