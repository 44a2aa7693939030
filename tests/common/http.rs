//! Calling the HTTP API in tests: a request's status and JSON body, a streamed body's text, and
//! an SSE body's frames.

use futures::StreamExt;
use langgraph_wasm::http::{handle, Body, Request, Response};
use langgraph_wasm::server::Server;
use serde_json::{json, Value};

pub fn get(target: &str) -> Request {
    Request::new("GET", target)
}

pub fn post(target: &str, body: Value) -> Request {
    Request::new("POST", target).json(body)
}

pub fn patch(target: &str, body: Value) -> Request {
    Request::new("PATCH", target).json(body)
}

/// The whole body as text (a stream is read to its end).
pub async fn text(response: Response) -> String {
    match response.body {
        Body::Empty => String::new(),
        Body::Json(v) => v.to_string(),
        Body::Stream(s) => s.collect::<Vec<String>>().await.concat(),
    }
}

/// Answers `request`: its status and JSON body (`null` for an empty one).
pub async fn call(server: &Server, request: Request) -> (u16, Value) {
    let response = handle(server, request).await;
    let status = response.status;
    let body = text(response).await;
    let value = if body.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body:?}"))
    };
    (status, value)
}

/// An SSE body as `{event, data}` objects (ids dropped).
pub async fn events(server: &Server, request: Request) -> Vec<Value> {
    let body = text(handle(server, request).await).await;
    body.trim_end()
        .split("\n\n")
        .filter(|f| !f.is_empty())
        .map(|frame| {
            let mut event = json!({});
            for line in frame.lines() {
                match line.split_once(": ") {
                    Some(("event", name)) => event["event"] = json!(name),
                    Some(("data", data)) => event["data"] = serde_json::from_str(data).unwrap(),
                    _ => {}
                }
            }
            event
        })
        .collect()
}

pub async fn new_thread(server: &Server) -> String {
    let (status, thread) = call(server, post("/threads", json!({}))).await;
    assert_eq!(status, 200);
    thread["thread_id"].as_str().unwrap().to_string()
}
