//! Streamed response bodies: a run's events as Server-Sent Events, and the `wait`/`join` body
//! (newline keep-alives until the run ends, then its JSON), each with what to do when the
//! reader goes away before the end.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::future::{Either, LocalBoxFuture};
use futures::{Stream, StreamExt};
use serde_json::{json, Value};

use super::{Action, Chunks};
use crate::server::{RunEvent, RunEvents, Server, ServerError};

/// What to run when the reader of a stream leaves early (e.g. cancel the run).
pub type Disconnect = LocalBoxFuture<'static, ()>;

/// A response body written chunk by chunk.
pub struct BodyStream {
    chunks: Chunks,
    on_disconnect: Option<Action>,
}

impl BodyStream {
    pub(super) fn new(chunks: Chunks, on_disconnect: Option<Disconnect>) -> Self {
        BodyStream { chunks, on_disconnect }
    }

    /// Its chunks, and the action for a reader that leaves before the end.
    pub fn into_parts(self) -> (Chunks, Option<Disconnect>) {
        (self.chunks, self.on_disconnect)
    }

    /// The reader left before the end: stops, and cancels the run if the request asked for
    /// that (`on_disconnect: "cancel"`, `cancel_on_disconnect=1`).
    pub async fn disconnect(self) {
        if let Some(action) = self.on_disconnect {
            action.await;
        }
    }
}

impl Stream for BodyStream {
    type Item = String;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        self.chunks.poll_next_unpin(cx)
    }
}

/// One SSE frame: `event`, one-line JSON `data`, and `id` for thread runs.
pub(super) fn sse_frame(event: &RunEvent) -> String {
    let mut frame = format!("event: {}\ndata: {}\n", event.event, event.data);
    if let Some(id) = &event.id {
        frame.push_str("id: ");
        frame.push_str(id);
        frame.push('\n');
    }
    frame.push('\n');
    frame
}

/// A run's events as SSE frames; with `modes`, only those modes' events (and `metadata`,
/// `error`) pass.
pub(super) fn sse(events: RunEvents, modes: Option<Vec<String>>) -> impl Stream<Item = String> {
    events
        .filter(move |e| {
            let base = e.event.split('|').next().unwrap_or_default();
            // The message modes' events: `messages` (messages-tuple), `messages/partial`, … (messages).
            let mode = match base {
                "messages" => "messages-tuple",
                other => other.split('/').next().unwrap_or_default(),
            };
            let keep = match &modes {
                None => true,
                Some(modes) => matches!(base, "metadata" | "error") || modes.iter().any(|m| m == mode || m == base),
            };
            futures::future::ready(keep)
        })
        .map(|e| sse_frame(&e))
}

/// How often a `wait` body sends a newline while the run goes on (as the LangGraph server
/// does, so that proxies and client read timeouts do not cut a long run).
const KEEP_ALIVE: Duration = Duration::from_secs(5);

/// The body of `wait`/`join`: newlines while the run goes on, then its output, or
/// `{"__error__": {error, message}}` if it failed (with status 200, as the server sends it).
pub(super) fn wait_body(result: LocalBoxFuture<'static, Result<Value, ServerError>>) -> impl Stream<Item = String> {
    futures::stream::unfold(Some(result), |pending| async move {
        let pending = pending?;
        match futures::future::select(pending, Box::pin(crate::clock::sleep(KEEP_ALIVE))).await {
            Either::Left((result, _)) => Some((outcome(result).to_string(), None)),
            Either::Right((_, pending)) => Some(("\n".to_string(), Some(pending))),
        }
    })
}

fn outcome(result: Result<Value, ServerError>) -> Value {
    match result {
        Ok(value) => value,
        Err(e) => json!({ "__error__": e.to_json() }),
    }
}

/// Cancels the run (if it is still in flight) when the reader leaves.
pub(super) fn cancel_run(server: &Server, run_id: &str) -> Disconnect {
    let server = server.clone();
    let run_id = run_id.to_string();
    Box::pin(async move {
        let _ = server.runs_cancel_by_id(&run_id, false).await;
    })
}
