//! The HTTP API over the server layer: the seed's flows as the SDKs and cURL send them,
//! statuses and error bodies, SSE framing, run streams joined from `Last-Event-ID`,
//! cancellation when a reader leaves, threads, state, history and the store.

mod common;

use common::graphs::{gate, gated_graph, seed_graph, server_with, static_graph};
use common::Calls;
use futures::executor::LocalPool;
use futures::StreamExt;
use langgraph_wasm::http::{handle, is_api_path, Body, Request, Response};
use langgraph_wasm::server::Server;
use langgraph_wasm::{node_fn, NodeError, StateGraph, START};
use serde_json::{json, Value};

fn get(target: &str) -> Request {
    Request::new("GET", target)
}

fn post(target: &str, body: Value) -> Request {
    Request::new("POST", target).json(body)
}

/// The whole body as text (a stream is read to its end).
async fn text(response: Response) -> String {
    match response.body {
        Body::Empty => String::new(),
        Body::Json(v) => v.to_string(),
        Body::Stream(s) => s.collect::<Vec<String>>().await.concat(),
    }
}

/// The body as JSON (a `wait` body's leading newlines are whitespace).
async fn json_of(response: Response) -> Value {
    let body = text(response).await;
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body:?}"))
}

/// Answers `request` and returns its status and JSON body.
async fn call(server: &Server, request: Request) -> (u16, Value) {
    let response = handle(server, request).await;
    let status = response.status;
    (status, json_of(response).await)
}

#[derive(Debug, PartialEq)]
struct Frame {
    event: String,
    data: Value,
    id: Option<String>,
}

/// Parses an SSE body into its frames (each `event`, one `data` line, optional `id`).
fn frames(body: &str) -> Vec<Frame> {
    assert!(body.ends_with("\n\n"), "an SSE body ends with a blank line: {body:?}");
    body.trim_end()
        .split("\n\n")
        .map(|frame| {
            let mut out = Frame {
                event: String::new(),
                data: Value::Null,
                id: None,
            };
            for line in frame.lines() {
                let (field, value) = line.split_once(": ").unwrap_or_else(|| panic!("bad line {line:?}"));
                match field {
                    "event" => out.event = value.to_string(),
                    "data" => out.data = serde_json::from_str(value).unwrap(),
                    "id" => out.id = Some(value.to_string()),
                    other => panic!("unexpected field {other}"),
                }
            }
            out
        })
        .collect()
}

async fn new_thread(server: &Server) -> String {
    let (status, thread) = call(server, post("/threads", json!({}))).await;
    assert_eq!(status, 200);
    thread["thread_id"].as_str().unwrap().to_string()
}

#[test]
fn the_seed_dynamic_interrupt_flow_as_curl_sends_it() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let (status, thread) = call(&server, post("/threads", json!({}))).await;
        assert_eq!(status, 200);
        assert_eq!(thread["status"], json!("idle"));
        let tid = thread["thread_id"].as_str().unwrap();

        let path = format!("/threads/{tid}/runs/wait");
        let response = handle(
            &server,
            post(
                &path,
                json!({ "assistant_id": "agent", "input": { "some_text": "original text" } }),
            ),
        )
        .await;
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-type"), Some("application/json"));
        let location = response.header("content-location").unwrap().to_string();
        assert!(location.starts_with(&format!("/threads/{tid}/runs/")), "{location}");
        let result = json_of(response).await;
        assert_eq!(
            result["__interrupt__"][0]["value"],
            json!({ "text_to_revise": "original text" })
        );
        assert_eq!(result["__interrupt__"][0]["id"].as_str().unwrap().len(), 32);

        let (_, thread) = call(&server, get(&format!("/threads/{tid}"))).await;
        assert_eq!(thread["status"], json!("interrupted"));

        let (status, resumed) = call(
            &server,
            post(
                &path,
                json!({ "assistant_id": "agent", "command": { "resume": "Edited text" } }),
            ),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(resumed, json!({ "some_text": "Edited text" }));

        // The run named by Content-Location ended `success` (its thread paused, not the run).
        let (status, run) = call(&server, get(&location)).await;
        assert_eq!(status, 200);
        assert_eq!(run["status"], json!("success"));
    });
}

#[test]
fn the_seed_static_breakpoints_resume_with_no_input() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let path = format!("/threads/{tid}/runs/wait");
        let body = |input: Option<Value>| {
            let mut body = json!({
                "assistant_id": "agent",
                "interrupt_before": ["node_a"],
                "interrupt_after": ["node_b", "node_c"],
            });
            if let Some(input) = input {
                body["input"] = input;
            }
            body
        };
        let (_, out) = call(&server, post(&path, body(Some(json!({ "trace": "start" }))))).await;
        assert_eq!(out, json!({ "trace": "start", "__interrupt__": [] }));
        let (_, state) = call(&server, get(&format!("/threads/{tid}/state"))).await;
        assert_eq!(state["next"], json!(["node_a"]));

        let (_, out) = call(&server, post(&path, body(None))).await;
        assert_eq!(out, json!({ "trace": "start|node_a|node_b", "__interrupt__": [] }));
        // The seed's last cURL call: only an assistant id (no breakpoints this time).
        let (_, out) = call(&server, post(&path, json!({ "assistant_id": "agent" }))).await;
        assert_eq!(out, json!({ "trace": "start|node_a|node_b|node_c" }));
        assert_eq!(
            (calls.get("node_a"), calls.get("node_b"), calls.get("node_c")),
            (1, 1, 1)
        );
    });
}

#[test]
fn a_thread_run_streams_sse_frames_with_metadata_first_and_numbered_ids() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "agent", "input": { "trace": "s" }, "stream_mode": ["values", "updates"] });
        let response = handle(&server, post(&format!("/threads/{tid}/runs/stream"), body)).await;
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-type"), Some("text/event-stream"));
        let location = response.header("content-location").unwrap().to_string();
        let run_id = location.rsplit('/').next().unwrap().to_string();
        let frames = frames(&text(response).await);

        assert_eq!(frames[0].event, "metadata");
        assert_eq!(frames[0].data, json!({ "run_id": run_id, "attempt": 1 }));
        let ids: Vec<String> = frames.iter().map(|f| f.id.clone().unwrap()).collect();
        assert_eq!(ids, (0..frames.len()).map(|i| i.to_string()).collect::<Vec<_>>());
        let updates: Vec<&Value> = frames
            .iter()
            .filter(|f| f.event == "updates")
            .map(|f| &f.data)
            .collect();
        assert_eq!(
            updates,
            [
                &json!({ "node_a": { "trace": "s|node_a" } }),
                &json!({ "node_b": { "trace": "s|node_a|node_b" } }),
                &json!({ "node_c": { "trace": "s|node_a|node_b|node_c" } }),
            ]
        );
        let last_values = frames.iter().rev().find(|f| f.event == "values").unwrap();
        assert_eq!(last_values.data, json!({ "trace": "s|node_a|node_b|node_c" }));
        assert!(!frames.iter().any(|f| f.event == "end" || f.event == "error"));
    });
}

#[test]
fn a_stateless_stream_has_no_event_ids_and_leaves_no_thread() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let body = json!({ "assistant_id": "agent", "input": { "trace": "x" } });
        let response = handle(&server, post("/runs/stream", body)).await;
        assert!(response.header("content-location").unwrap().starts_with("/runs/"));
        let frames = frames(&text(response).await);
        assert_eq!(frames[0].event, "metadata");
        assert!(frames.iter().all(|f| f.id.is_none()));
        assert_eq!(
            frames.last().unwrap().data,
            json!({ "trace": "x|node_a|node_b|node_c" })
        );

        let (_, out) = call(
            &server,
            post(
                "/runs/wait",
                json!({ "assistant_id": "agent", "input": { "trace": "y" } }),
            ),
        )
        .await;
        assert_eq!(out, json!({ "trace": "y|node_a|node_b|node_c" }));
        let (_, found) = call(&server, post("/threads/search", json!({}))).await;
        assert_eq!(found, json!([]));
    });
}

#[test]
fn refusals_carry_the_server_status_our_error_name_and_its_text() {
    let (open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", seed_graph()), ("slow", gated_graph(gate))]);
    let tid = pool.run_until(new_thread(&server));

    let (status, body) = pool.run_until(call(&server, get("/threads/nope")));
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({ "error": "NotFoundError", "message": "Thread with ID nope not found" })
    );

    let (status, body) = pool.run_until(call(
        &server,
        post(&format!("/threads/{tid}/runs/wait"), json!({ "assistant_id": "ghost" })),
    ));
    assert_eq!(status, 404);
    assert_eq!(body["error"], json!("NotFoundError"));
    assert!(body["message"].as_str().unwrap().contains("ghost"));

    let (status, _) = pool.run_until(call(&server, get("/assistants/ghost")));
    assert_eq!(status, 404);

    let (status, body) = pool.run_until(call(&server, post("/threads", json!({ "thread_id": tid }))));
    assert_eq!((status, body["error"].clone()), (409, json!("ConflictError")));

    // A run in flight: a second one is refused (reject), the state cannot be updated.
    let (status, _) = pool.run_until(call(
        &server,
        post(
            &format!("/threads/{tid}/runs"),
            json!({ "assistant_id": "slow", "input": { "log": [] } }),
        ),
    ));
    assert_eq!(status, 200);
    pool.run_until_stalled();
    let (status, body) = pool.run_until(call(
        &server,
        post(
            &format!("/threads/{tid}/runs"),
            json!({ "assistant_id": "slow", "input": { "log": [] } }),
        ),
    ));
    assert_eq!(status, 422);
    assert_eq!(body["error"], json!("ThreadBusyError"));
    assert_eq!(
        body["message"],
        json!("Thread is already running a task. Wait for it to finish or choose a different multitask strategy.")
    );
    let (status, body) = pool.run_until(call(
        &server,
        post(&format!("/threads/{tid}/state"), json!({ "values": { "log": ["x"] } })),
    ));
    assert_eq!((status, body["message"].clone()), (409, json!("Thread is busy")));
    open.send(()).unwrap();
    pool.run_until_stalled();

    // An update the graph refuses is the caller's mistake (4xx: the SDK does not retry it).
    let (status, body) = pool.run_until(call(
        &server,
        post(
            &format!("/threads/{tid}/state"),
            json!({ "values": { "log": ["x"] }, "as_node": "ghost" }),
        ),
    ));
    assert_eq!(
        (status, body["error"].clone()),
        (422, json!("InvalidUpdateError")),
        "{body}"
    );

    // Malformed requests.
    let mut bad_json = post("/threads", json!({}));
    bad_json.body = "{not json".into();
    let (status, body) = pool.run_until(call(&server, bad_json));
    assert_eq!(
        (status, body["error"].clone()),
        (422, json!("UnprocessableEntityError"))
    );
    let (status, body) = pool.run_until(call(
        &server,
        post(&format!("/threads/{tid}/runs"), json!({ "input": {} })),
    ));
    assert_eq!(
        (status, body["message"].clone()),
        (422, json!("assistant_id is required"))
    );
    let (status, body) = pool.run_until(call(
        &server,
        post(
            &format!("/threads/{tid}/runs/stream"),
            json!({ "assistant_id": "agent", "stream_mode": "telepathy" }),
        ),
    ));
    assert_eq!(
        (status, body["message"].clone()),
        (422, json!("unsupported stream mode 'telepathy'"))
    );
    let (status, _) = pool.run_until(call(
        &server,
        post(
            &format!("/threads/{tid}/runs"),
            json!({ "assistant_id": "agent", "multitask_strategy": "shove" }),
        ),
    ));
    assert_eq!(status, 422);

    // Routes this server does not have.
    let (status, body) = pool.run_until(call(&server, post("/runs/crons", json!({}))));
    assert_eq!(status, 404);
    assert!(body["message"].as_str().unwrap().contains("POST /runs/crons"));
    let (status, _) = pool.run_until(call(&server, Request::new("PUT", "/threads")));
    assert_eq!(status, 404);
}

#[test]
fn a_failed_run_waits_to_200_with_error_and_streams_an_error_event() {
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node("boom", node_fn(|_, _| Err(NodeError::new("CustomError", "Boo!"))))
        .unwrap();
    b.add_edge(START, "boom").unwrap();
    let (mut pool, server) = server_with(vec![("agent", b.compile(Default::default()).unwrap())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let (status, out) = call(
            &server,
            post(
                &format!("/threads/{tid}/runs/wait"),
                json!({ "assistant_id": "agent", "input": { "x": 1 } }),
            ),
        )
        .await;
        assert_eq!(status, 200);
        // The node's own error class and message, as the LangGraph server sends them.
        let failure = json!({ "error": "CustomError", "message": "Boo!" });
        assert_eq!(out, json!({ "__error__": failure }));
        let (_, thread) = call(&server, get(&format!("/threads/{tid}"))).await;
        assert_eq!(thread["status"], json!("error"));
        assert_eq!(thread["error"], failure);

        let response = handle(
            &server,
            post("/runs/stream", json!({ "assistant_id": "agent", "input": { "x": 1 } })),
        )
        .await;
        let frames = frames(&text(response).await);
        let last = frames.last().unwrap();
        assert_eq!(last.event, "error");
        assert_eq!(last.data, failure);
    });
}

#[test]
fn create_then_join_and_join_the_stream_from_a_last_event_id() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "agent", "input": { "trace": "j" }, "stream_mode": ["updates"] });
        let (status, run) = call(&server, post(&format!("/threads/{tid}/runs"), body)).await;
        assert_eq!(status, 200);
        assert_eq!(run["status"], json!("pending"));
        let rid = run["run_id"].as_str().unwrap();

        let (status, joined) = call(&server, get(&format!("/threads/{tid}/runs/{rid}/join"))).await;
        assert_eq!(status, 200);
        assert_eq!(joined, json!({ "trace": "j|node_a|node_b|node_c" }));

        let stream = format!("/threads/{tid}/runs/{rid}/stream");
        let all = frames(&text(handle(&server, get(&stream)).await).await);
        let replay = frames(&text(handle(&server, get(&stream).header("Last-Event-ID", "-1")).await).await);
        assert_eq!(all, replay);
        let after = frames(&text(handle(&server, get(&stream).header("Last-Event-ID", "1")).await).await);
        assert_eq!(after, all[2..]);
        assert_eq!(after[0].id.as_deref(), Some("2"));

        let (status, runs) = call(&server, get(&format!("/threads/{tid}/runs?limit=10&offset=0"))).await;
        assert_eq!(status, 200);
        assert_eq!(runs[0]["run_id"], json!(rid));
        let (status, _) = call(
            &server,
            get(&format!("/threads/{tid}/runs/{rid}/join").replace(rid, "nope")),
        )
        .await;
        assert_eq!(status, 404);
    });
}

#[test]
fn cancel_answers_202_or_204_with_wait_and_the_run_ends_interrupted() {
    let (open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", gated_graph(gate))]);
    let tid = pool.run_until(new_thread(&server));
    let (_, run) = pool.run_until(call(
        &server,
        post(
            &format!("/threads/{tid}/runs"),
            json!({ "assistant_id": "agent", "input": { "log": [] } }),
        ),
    ));
    pool.run_until_stalled();
    let rid = run["run_id"].as_str().unwrap().to_string();
    let response = pool.run_until(handle(
        &server,
        Request::new(
            "POST",
            &format!("/threads/{tid}/runs/{rid}/cancel?wait=1&action=interrupt"),
        ),
    ));
    assert_eq!(response.status, 204);
    assert!(matches!(response.body, Body::Empty));
    let (_, run) = pool.run_until(call(&server, get(&format!("/threads/{tid}/runs/{rid}"))));
    assert_eq!(run["status"], json!("interrupted"));
    let (_, thread) = pool.run_until(call(&server, get(&format!("/threads/{tid}"))));
    assert_eq!(thread["status"], json!("idle"));

    let response = pool.run_until(handle(
        &server,
        Request::new("POST", &format!("/threads/{tid}/runs/{rid}/cancel?wait=0")),
    ));
    assert_eq!(response.status, 202);
    drop(open);
}

#[test]
fn a_stream_reader_leaving_cancels_the_run_only_when_asked_to() {
    let (_open, gate_a) = gate();
    let (_open_b, gate_b) = gate();
    let (mut pool, server) = server_with(vec![("a", gated_graph(gate_a)), ("b", gated_graph(gate_b))]);
    let tid_a = pool.run_until(new_thread(&server));
    let tid_b = pool.run_until(new_thread(&server));

    let mut statuses = Vec::new();
    for (tid, assistant, on_disconnect) in [(&tid_a, "a", "cancel"), (&tid_b, "b", "continue")] {
        let body = json!({ "assistant_id": assistant, "input": { "log": [] }, "on_disconnect": on_disconnect });
        let response = pool.run_until(handle(&server, post(&format!("/threads/{tid}/runs/stream"), body)));
        let run_path = response.header("content-location").unwrap().to_string();
        let Body::Stream(mut stream) = response.body else {
            panic!("a stream")
        };
        let first = pool.run_until(stream.next()).unwrap();
        assert!(first.starts_with("event: metadata\n"), "{first}");
        pool.run_until(stream.disconnect());
        pool.run_until_stalled();
        let (_, run) = pool.run_until(call(&server, get(&run_path)));
        statuses.push(run["status"].clone());
    }
    assert_eq!(statuses, [json!("interrupted"), json!("running")]);
}

#[test]
fn multitask_interrupt_and_enqueue_over_http() {
    let (open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", gated_graph(gate))]);
    let tid = pool.run_until(new_thread(&server));
    let runs = format!("/threads/{tid}/runs");
    let (_, first) = pool.run_until(call(
        &server,
        post(&runs, json!({ "assistant_id": "agent", "input": { "log": ["1"] } })),
    ));
    pool.run_until_stalled();
    let (status, second) = pool.run_until(call(
        &server,
        post(
            &runs,
            json!({ "assistant_id": "agent", "input": { "log": ["2"] }, "multitask_strategy": "interrupt" }),
        ),
    ));
    assert_eq!(status, 200);
    assert_eq!(second["multitask_strategy"], json!("interrupt"));
    let (status, third) = pool.run_until(call(
        &server,
        post(
            &runs,
            json!({ "assistant_id": "agent", "input": { "log": ["3"] }, "multitask_strategy": "enqueue" }),
        ),
    ));
    assert_eq!(status, 200);
    drop(open);
    let (_, out) = pool.run_until(call(
        &server,
        get(&format!("{runs}/{}/join", third["run_id"].as_str().unwrap())),
    ));
    // Every run's input is in the log; only the second and third runs' node wrote to it.
    let log: Vec<&str> = out["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(log[..3], ["1", "2", "slow:[\"1\",\"2\"]"], "{out}");
    assert_eq!(log[3], "3");
    assert_eq!(log.iter().filter(|l| l.starts_with("slow:")).count(), 2, "{out}");
    let status_of = |run: &Value, pool: &mut LocalPool| {
        let path = format!("{runs}/{}", run["run_id"].as_str().unwrap());
        pool.run_until(call(&server, get(&path))).1["status"].clone()
    };
    assert_eq!(status_of(&first, &mut pool), json!("interrupted"));
    assert_eq!(status_of(&second, &mut pool), json!("success"));
    assert_eq!(status_of(&third, &mut pool), json!("success"));
}

#[test]
fn threads_crud_search_count_copy_state_and_history() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let (_, a) = call(&server, post("/threads", json!({ "metadata": { "owner": "ann" } }))).await;
        let (_, b) = call(
            &server,
            post(
                "/threads",
                json!({ "thread_id": "t-b", "metadata": { "owner": "bob" } }),
            ),
        )
        .await;
        assert_eq!(b["thread_id"], json!("t-b"));
        let (status, same) = call(
            &server,
            post("/threads", json!({ "thread_id": "t-b", "if_exists": "do_nothing" })),
        )
        .await;
        assert_eq!((status, same["thread_id"].clone()), (200, json!("t-b")));

        let (_, found) = call(
            &server,
            post("/threads/search", json!({ "metadata": { "owner": "ann" } })),
        )
        .await;
        assert_eq!(found.as_array().unwrap().len(), 1);
        assert_eq!(found[0]["thread_id"], a["thread_id"]);
        let page = handle(&server, post("/threads/search", json!({ "limit": 1 }))).await;
        assert_eq!(page.header("x-pagination-next"), Some("1"));
        let (_, newest) = call(&server, post("/threads/search", json!({ "limit": 1 }))).await;
        assert_eq!(newest[0]["thread_id"], json!("t-b"), "newest first");
        let (_, count) = call(&server, post("/threads/count", json!({}))).await;
        assert_eq!(count, json!(2));

        let patch = Request::new("PATCH", "/threads/t-b").json(json!({ "metadata": { "tag": "x" } }));
        let (_, patched) = call(&server, patch).await;
        assert_eq!(patched["metadata"], json!({ "owner": "bob", "tag": "x" }));

        // State, history, an update, and a copy that then diverges.
        let wait = json!({ "assistant_id": "agent", "input": { "trace": "h" } });
        call(&server, post("/threads/t-b/runs/wait", wait)).await;
        let (_, history) = call(&server, post("/threads/t-b/history", json!({ "limit": 10 }))).await;
        let history = history.as_array().unwrap().clone();
        assert_eq!(history.len(), 5);
        assert_eq!(history[0]["values"], json!({ "trace": "h|node_a|node_b|node_c" }));
        assert_eq!(history[4]["next"], json!(["__start__"]));
        let (_, two) = call(&server, get("/threads/t-b/history?limit=2")).await;
        assert_eq!(two.as_array().unwrap().len(), 2);

        let old = history[2]["checkpoint"].clone();
        let (_, at) = call(
            &server,
            post("/threads/t-b/state/checkpoint", json!({ "checkpoint": old })),
        )
        .await;
        assert_eq!(at["values"], history[2]["values"]);
        let id = old["checkpoint_id"].as_str().unwrap();
        let (_, at) = call(&server, get(&format!("/threads/t-b/state/{id}"))).await;
        assert_eq!(at["checkpoint"]["checkpoint_id"], json!(id));

        let (status, saved) = call(
            &server,
            post(
                "/threads/t-b/state",
                json!({ "values": { "trace": "edited" }, "as_node": "node_c" }),
            ),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(saved["checkpoint"]["thread_id"], json!("t-b"));
        let (_, state) = call(&server, get("/threads/t-b/state")).await;
        assert_eq!(state["values"], json!({ "trace": "edited" }));

        let (_, copy) = call(&server, post("/threads/t-b/copy", json!({}))).await;
        let cid = copy["thread_id"].as_str().unwrap();
        assert_ne!(cid, "t-b");
        let (_, copied) = call(&server, get(&format!("/threads/{cid}/state"))).await;
        assert_eq!(copied["values"], json!({ "trace": "edited" }));
        call(
            &server,
            post(
                &format!("/threads/{cid}/state"),
                json!({ "values": { "trace": "copy only" }, "as_node": "node_c" }),
            ),
        )
        .await;
        let (_, original) = call(&server, get("/threads/t-b/state")).await;
        assert_eq!(original["values"], json!({ "trace": "edited" }));

        let response = handle(&server, Request::new("DELETE", "/threads/t-b")).await;
        assert_eq!(response.status, 204);
        let (status, _) = call(&server, get("/threads/t-b")).await;
        assert_eq!(status, 404);
    });
}

#[test]
fn threads_create_applies_supersteps_in_order() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let body = json!({
            "metadata": { "graph_id": "agent" },
            "supersteps": [
                { "updates": [{ "values": { "trace": "one" }, "as_node": "node_a" }] },
                { "updates": [{ "values": { "trace": "two" }, "as_node": "node_b" }] },
            ],
        });
        let (status, thread) = call(&server, post("/threads", body)).await;
        assert_eq!(status, 200);
        assert_eq!(thread["values"], json!({ "trace": "two" }));
        let tid = thread["thread_id"].as_str().unwrap();
        let (_, state) = call(&server, get(&format!("/threads/{tid}/state"))).await;
        assert_eq!(state["next"], json!(["node_c"]));
        assert_eq!(calls.get("node_a"), 0, "updates run no node");
    });
}

#[test]
fn assistants_are_found_by_graph_id_searched_counted_and_drawn() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let (status, assistant) = call(&server, get("/assistants/agent")).await;
        assert_eq!(status, 200);
        assert_eq!(assistant["graph_id"], json!("agent"));
        let id = assistant["assistant_id"].as_str().unwrap();
        let (_, by_id) = call(&server, get(&format!("/assistants/{id}"))).await;
        assert_eq!(by_id, assistant);
        let (_, found) = call(&server, post("/assistants/search", json!({ "graph_id": "agent" }))).await;
        assert_eq!(found, json!([assistant]));
        let (_, count) = call(&server, post("/assistants/count", json!({}))).await;
        assert_eq!(count, json!(1));
        let (_, graph) = call(&server, get("/assistants/agent/graph")).await;
        let nodes: Vec<&str> = graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .collect();
        assert!(nodes.contains(&"human_node"), "{graph}");
        let (_, schemas) = call(&server, get("/assistants/agent/schemas")).await;
        assert_eq!(schemas["graph_id"], json!("agent"));
        assert!(schemas["state_schema"]["properties"].get("some_text").is_some());
    });
}

#[test]
fn the_store_puts_gets_searches_lists_and_deletes_items() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let put = |ns: Value, key: &str, value: Value| {
            Request::new("PUT", "/store/items").json(json!({ "namespace": ns, "key": key, "value": value }))
        };
        let response = handle(
            &server,
            put(json!(["users", "ann"]), "prefs", json!({ "theme": "dark" })),
        )
        .await;
        assert_eq!(response.status, 204);
        handle(
            &server,
            put(json!(["users", "bob"]), "prefs", json!({ "theme": "light" })),
        )
        .await;

        let (status, item) = call(&server, get("/store/items?namespace=users.ann&key=prefs")).await;
        assert_eq!(status, 200);
        assert_eq!(item["value"], json!({ "theme": "dark" }));
        assert_eq!(item["namespace"], json!(["users", "ann"]));
        let (status, missing) = call(&server, get("/store/items?namespace=users.zed&key=prefs")).await;
        assert_eq!((status, missing), (200, Value::Null));

        let (_, found) = call(
            &server,
            post(
                "/store/items/search",
                json!({ "namespace_prefix": ["users"], "filter": { "theme": "light" } }),
            ),
        )
        .await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1);
        assert_eq!(found["items"][0]["namespace"], json!(["users", "bob"]));
        let (_, listed) = call(&server, post("/store/namespaces", json!({ "prefix": ["users"] }))).await;
        assert_eq!(listed, json!({ "namespaces": [["users", "ann"], ["users", "bob"]] }));

        let delete =
            Request::new("DELETE", "/store/items").json(json!({ "namespace": ["users", "ann"], "key": "prefs" }));
        assert_eq!(handle(&server, delete).await.status, 204);
        let (_, gone) = call(&server, get("/store/items?namespace=users.ann&key=prefs")).await;
        assert_eq!(gone, Value::Null);

        let (status, body) = call(&server, put(json!(["a.b"]), "k", json!({}))).await;
        assert_eq!(status, 422, "{body}");
    });
}

#[test]
fn health_info_and_which_paths_are_the_apis() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    let (status, ok) = pool.run_until(call(&server, get("/ok")));
    assert_eq!((status, ok), (200, json!({ "ok": true })));
    let (_, info) = pool.run_until(call(&server, get("/info")));
    assert_eq!(info["flags"]["assistants"], json!(true));
    assert!(is_api_path("/threads/abc/runs"));
    assert!(is_api_path("/runs?x=1"));
    assert!(!is_api_path("/"));
    assert!(!is_api_path("/index.html"));
    assert!(!is_api_path("/threadsx"));
}
