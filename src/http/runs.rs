//! `/threads/{id}/runs/*` and the stateless `/runs/*`: create, wait, stream (SSE), batch,
//! list, get, join, join the stream (from `Last-Event-ID`), cancel, delete.
//!
//! `wait` and `join` answer at once and write the output when the run ends (newlines until
//! then), as the LangGraph server does: a client holding a concurrency slot per request (the
//! JS SDK holds 4) is never starved by runs in flight.

use serde_json::Value;

use super::body::{cancel_run, sse, wait_body};
use super::{body_stream, no_route, to_json, Handled, Request, Response};
use crate::server::request as req;
use crate::server::{Run, Server, ServerError};

const EVENT_STREAM: &str = "text/event-stream";
const JSON: &str = "application/json";

pub(super) async fn route_thread(
    server: &Server,
    request: &Request,
    method: &str,
    thread_id: &str,
    rest: &[&str],
) -> Handled {
    match (method, rest) {
        ("GET", []) => {
            let query = req::RunList {
                limit: request.query_count("limit")?,
                offset: request.query_count("offset")?,
                status: request
                    .query_value("status")
                    .as_deref()
                    .map(req::run_status)
                    .transpose()?,
            };
            Ok(Response::ok(to_json(&server.runs_list(thread_id, &query)?)))
        }
        ("POST", []) => {
            let (run, _) = create(server, Some(thread_id), request).await?;
            Ok(located(Response::ok(to_json(&run)), &run))
        }
        ("POST", ["wait"]) => wait(server, Some(thread_id), request).await,
        ("POST", ["stream"]) => stream(server, Some(thread_id), request).await,
        ("GET", [run_id]) => Ok(Response::ok(to_json(&server.runs_get(thread_id, run_id)?))),
        ("DELETE", [run_id]) => {
            server.runs_delete(thread_id, run_id).await?;
            Ok(Response::empty(204))
        }
        ("GET", [run_id, "join"]) => {
            server.runs_get(thread_id, run_id)?;
            let (server, thread_id, run_id) = (server.clone(), thread_id.to_string(), run_id.to_string());
            let result = Box::pin(async move { server.runs_join(&thread_id, &run_id).await });
            Ok(Response::stream(JSON, body_stream(wait_body(result), None)))
        }
        ("GET", [run_id, "stream"]) => {
            let events = server.runs_join_stream(thread_id, run_id, resume_from(request))?;
            let on_disconnect = request
                .query_flag("cancel_on_disconnect")
                .then(|| cancel_run(server, run_id));
            let frames = sse(events, stream_modes(request));
            Ok(Response::stream(EVENT_STREAM, body_stream(frames, on_disconnect)))
        }
        ("POST", [run_id, "cancel"]) => {
            let rollback = match request.query_value("action").as_deref() {
                None | Some("interrupt") => false,
                Some("rollback") => true,
                Some(other) => {
                    return Err(ServerError::Unprocessable(format!(
                        "action must be interrupt or rollback; got '{other}'"
                    )))
                }
            };
            server.runs_cancel(thread_id, run_id, rollback).await?;
            if request.query_flag("wait") {
                // The run's own outcome (now a cancellation) is not the caller's error.
                let _ = server.runs_join_by_id(run_id).await;
                Ok(Response::empty(204))
            } else {
                Ok(Response::empty(202))
            }
        }
        _ => Err(no_route(request)),
    }
}

pub(super) async fn route_stateless(server: &Server, request: &Request, method: &str, rest: &[&str]) -> Handled {
    match (method, rest) {
        ("POST", []) => {
            let (run, _) = create(server, None, request).await?;
            Ok(located(Response::ok(to_json(&run)), &run))
        }
        ("POST", ["wait"]) => wait(server, None, request).await,
        ("POST", ["stream"]) => stream(server, None, request).await,
        ("POST", ["batch"]) => {
            let Value::Array(items) = request.json_body()? else {
                return Err(ServerError::Unprocessable("the batch must be a list of runs".into()));
            };
            let mut runs = Vec::new();
            for body in &items {
                runs.push(to_json(&create_from(server, None, body).await?.0));
            }
            Ok(Response::ok(Value::Array(runs)))
        }
        ("GET", [run_id, "stream"]) => {
            let events = server.runs_join_stream_by_id(run_id, resume_from(request))?;
            let on_disconnect = request
                .query_flag("cancel_on_disconnect")
                .then(|| cancel_run(server, run_id));
            let frames = sse(events, stream_modes(request));
            Ok(Response::stream(EVENT_STREAM, body_stream(frames, on_disconnect)))
        }
        _ => Err(no_route(request)),
    }
}

/// Creates the run the request describes; also says whether to cancel it on disconnect.
async fn create(server: &Server, thread_id: Option<&str>, request: &Request) -> Result<(Run, bool), ServerError> {
    create_from(server, thread_id, &request.json_body()?).await
}

async fn create_from(server: &Server, thread_id: Option<&str>, body: &Value) -> Result<(Run, bool), ServerError> {
    let run = req::run_create(body)?;
    let assistant_id = req::required_string(body, "assistant_id")?;
    let cancel = run.cancel_on_disconnect;
    let run = server.runs_create(thread_id, &assistant_id, run).await?;
    Ok((run, cancel))
}

async fn wait(server: &Server, thread_id: Option<&str>, request: &Request) -> Handled {
    let (run, cancel) = create(server, thread_id, request).await?;
    let on_disconnect = cancel.then(|| cancel_run(server, &run.run_id));
    let (waiter, run_id) = (server.clone(), run.run_id.clone());
    let result = Box::pin(async move { waiter.runs_join_by_id(&run_id).await });
    Ok(located(
        Response::stream(JSON, body_stream(wait_body(result), on_disconnect)),
        &run,
    ))
}

async fn stream(server: &Server, thread_id: Option<&str>, request: &Request) -> Handled {
    let (run, cancel) = create(server, thread_id, request).await?;
    let on_disconnect = cancel.then(|| cancel_run(server, &run.run_id));
    let events = match &run.thread_id {
        Some(thread_id) => server.runs_join_stream(thread_id, &run.run_id, 0)?,
        None => server.runs_join_stream_by_id(&run.run_id, 0)?,
    };
    Ok(located(
        Response::stream(EVENT_STREAM, body_stream(sse(events, None), on_disconnect)),
        &run,
    ))
}

/// `Content-Location` names the run (the SDK reads it for `onRunCreated`).
fn located(response: Response, run: &Run) -> Response {
    let location = match &run.thread_id {
        Some(thread_id) => format!("/threads/{thread_id}/runs/{}", run.run_id),
        None => format!("/runs/{}", run.run_id),
    };
    response.with_header("content-location", location)
}

/// Where a joined stream starts: after `Last-Event-ID` (`-1`, or none: from the start).
fn resume_from(request: &Request) -> usize {
    request
        .header_value("last-event-id")
        .and_then(|id| id.trim().parse::<usize>().ok())
        .map_or(0, |id| id + 1)
}

/// `stream_mode` of a joined stream (one or more, as repeated or JSON-list query values).
fn stream_modes(request: &Request) -> Option<Vec<String>> {
    let raw = request.query_value("stream_mode")?;
    match serde_json::from_str::<Value>(&raw) {
        Ok(Value::Array(items)) => Some(items.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        _ => Some(vec![raw]),
    }
}
