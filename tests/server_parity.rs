//! The shapes the LangGraph server sends, over the HTTP API (scenarios of its own API test
//! suite, in our words): assistants routes, a node's own error, `values` at an interrupt,
//! debug checkpoints that match the history, task events, runs that wait (`after_seconds`),
//! `supersteps` that replay a thread, copies, messages coerced, and the store from nodes.

mod common;

use common::graphs::{seed_graph, server_with, static_graph};
use common::http::{call, events, get, new_thread, patch, post};
use common::Calls;
use langgraph_wasm::http::Request;
use langgraph_wasm::{node_fn, NodeError, Reducer, StateGraph, START};
use serde_json::{json, Value};

/// agent → tool → agent → END: answers "begin", the tool echoes, then "end".
fn chat_graph() -> langgraph_wasm::CompiledGraph {
    let mut b = StateGraph::new();
    b.reducer("messages", Reducer::Messages, None).unwrap();
    b.add_node(
        "agent",
        node_fn(|state, _| {
            let turns = state.get("messages").and_then(Value::as_array).map_or(0, Vec::len);
            let reply = if turns > 1 { "end" } else { "begin" };
            Ok(json!({ "messages": [{ "role": "assistant", "content": reply }] }).into())
        }),
    )
    .unwrap();
    b.add_node(
        "tool",
        node_fn(|_, _| {
            let reply = json!({ "type": "tool", "content": "tool_call__begin", "tool_call_id": "tool_call_id" });
            Ok(json!({ "messages": [reply] }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "agent").unwrap();
    let route = node_fn_path();
    b.add_conditional_edges("agent", route, Some(vec![("tool", "tool"), ("end", "__end__")]))
        .unwrap();
    b.add_edge("tool", "agent").unwrap();
    b.compile(Default::default()).unwrap()
}

fn node_fn_path() -> std::rc::Rc<dyn langgraph_wasm::graph::PathFn> {
    langgraph_wasm::path_fn(|state| {
        let last = state
            .get("messages")
            .and_then(Value::as_array)
            .and_then(|m| m.last().cloned());
        let done = last.is_some_and(|m| m["content"] == "end");
        Ok(vec![if done { "end" } else { "tool" }.into()])
    })
}

#[test]
fn assistants_over_http_as_the_sdk_calls_them() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let (status, made) = call(
            &server,
            post(
                "/assistants",
                json!({ "graph_id": "agent", "config": { "configurable": { "m": 1 } }, "name": "woof" }),
            ),
        )
        .await;
        assert_eq!(status, 200);
        let id = made["assistant_id"].as_str().unwrap().to_string();
        assert_eq!(
            (made["version"].clone(), made["name"].clone()),
            (json!(1), json!("woof"))
        );

        let (status, updated) = call(
            &server,
            patch(&format!("/assistants/{id}"), json!({ "metadata": { "a": 1 } })),
        )
        .await;
        assert_eq!((status, updated["version"].clone()), (200, json!(2)));
        let (_, versions) = call(&server, post(&format!("/assistants/{id}/versions"), json!({}))).await;
        assert_eq!(versions.as_array().unwrap().len(), 2);
        let (_, latest) = call(
            &server,
            post(&format!("/assistants/{id}/latest"), json!({ "version": 1 })),
        )
        .await;
        assert_eq!(latest["version"], 1);

        let response = langgraph_wasm::http::handle(&server, post("/assistants/search", json!({ "limit": 1 }))).await;
        assert_eq!(response.header("x-pagination-next"), Some("1"));
        let (_, count) = call(&server, post("/assistants/count", json!({ "graph_id": "agent" }))).await;
        assert_eq!(count, 2);

        let (status, deleted) = call(&server, Request::new("DELETE", &format!("/assistants/{id}"))).await;
        assert_eq!((status, deleted), (200, json!([id.clone()])));
        let (status, body) = call(&server, get(&format!("/assistants/{id}"))).await;
        assert_eq!((status, body["message"].clone()), (404, json!("Assistant not found")));

        let tid = new_thread(&server).await;
        let (status, body) = call(
            &server,
            post(
                &format!("/threads/{tid}/runs/wait"),
                json!({ "assistant_id": "nope", "input": {} }),
            ),
        )
        .await;
        assert_eq!(status, 404);
        assert!(body["message"]
            .as_str()
            .unwrap()
            .starts_with("No assistant found for \"nope\"."));
        let (status, _) = call(
            &server,
            post("/assistants", json!({ "graph_id": "agent", "assistant_id": "no" })),
        )
        .await;
        assert_eq!(status, 422);
    });
}

#[test]
fn a_nodes_error_streams_under_its_own_class_name() {
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node("boom", node_fn(|_, _| Err(NodeError::new("CustomError", "Boo!"))))
        .unwrap();
    b.add_edge(START, "boom").unwrap();
    let (mut pool, server) = server_with(vec![("error", b.compile(Default::default()).unwrap())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "error", "input": {}, "stream_mode": ["debug", "events"] });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), body)).await;
        assert_eq!(
            stream.last().unwrap(),
            &json!({ "event": "error", "data": { "error": "CustomError", "message": "Boo!" } })
        );
    });
}

#[test]
fn at_an_interrupt_values_is_only_the_interrupt_and_wait_is_the_whole_state() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("seed", seed_graph()), ("steps", static_graph(&calls))]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "seed", "input": { "some_text": "t" } });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), body)).await;
        let last = stream.last().unwrap();
        assert_eq!(last["event"], "values");
        assert_eq!(
            last["data"].as_object().unwrap().keys().collect::<Vec<_>>(),
            ["__interrupt__"]
        );
        assert_eq!(
            last["data"]["__interrupt__"][0]["value"],
            json!({ "text_to_revise": "t" })
        );

        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "steps", "input": { "trace": "s" }, "interrupt_before": ["node_b"] });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), body.clone())).await;
        assert_eq!(
            stream.last().unwrap(),
            &json!({ "event": "values", "data": { "__interrupt__": [] } })
        );
        let tid = new_thread(&server).await;
        let (_, out) = call(&server, post(&format!("/threads/{tid}/runs/wait"), body)).await;
        assert_eq!(
            out,
            json!({ "trace": "s|node_a", "__interrupt__": [] }),
            "wait keeps the whole state"
        );
    });
}

#[test]
fn debug_checkpoints_match_the_history_and_tasks_start_with_no_interrupts() {
    let (mut pool, server) = server_with(vec![("agent", chat_graph())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "agent", "input": { "messages": [{ "role": "human", "content": "hi" }] }, "stream_mode": "debug" });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), body)).await;
        let checkpoints: Vec<Value> = stream
            .iter()
            .filter(|e| e["event"] == "debug" && e["data"]["type"] == "checkpoint")
            .map(|e| {
                let p = &e["data"]["payload"];
                json!({ "step": p["metadata"]["step"], "checkpoint": p["checkpoint"], "parent_checkpoint": p["parent_checkpoint"] })
            })
            .collect();
        let (_, history) =
            call(&server, post(&format!("/threads/{tid}/history"), json!({ "limit": checkpoints.len() }))).await;
        let mut history: Vec<Value> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|h| json!({ "step": h["metadata"]["step"], "checkpoint": h["checkpoint"], "parent_checkpoint": h["parent_checkpoint"] }))
            .collect();
        history.reverse();
        assert_eq!(checkpoints.len(), 5);
        assert_eq!(checkpoints, history);

        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "agent", "input": { "messages": [{ "role": "human", "content": "input" }] }, "stream_mode": ["tasks", "checkpoints"] });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), body)).await;
        let names: Vec<String> = stream.iter().map(|e| e["event"].as_str().unwrap().to_string()).collect();
        assert_eq!(
            names,
            ["metadata", "checkpoints", "checkpoints", "tasks", "tasks", "checkpoints", "tasks", "tasks", "checkpoints", "tasks", "tasks", "checkpoints"]
        );
        let start = &stream[3]["data"];
        assert_eq!((start["name"].clone(), start["interrupts"].clone()), (json!("agent"), json!([])));
        assert_eq!(start["triggers"], json!(["branch:to:agent"]));
        assert_eq!(stream[4]["data"]["result"]["messages"][0]["content"], "begin");
        assert_eq!(stream[4]["data"]["interrupts"], json!([]));
        assert_eq!(stream[1]["data"]["metadata"]["source"], "input");
        assert_eq!(stream[11]["data"]["next"], json!([]));
    });
}

#[test]
fn messages_sent_with_roles_are_stored_as_langchain_messages() {
    let (mut pool, server) = server_with(vec![("agent", chat_graph())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "agent", "input": { "messages": [{ "role": "human", "content": "SF", "id": "initial-message" }] } });
        let (_, out) = call(&server, post(&format!("/threads/{tid}/runs/wait"), body)).await;
        let messages = out["messages"].as_array().unwrap();
        assert_eq!(
            messages[0],
            json!({ "content": "SF", "additional_kwargs": {}, "response_metadata": {}, "type": "human", "id": "initial-message" })
        );
        assert_eq!(messages[1]["type"], "ai");
        assert_eq!(messages[1]["tool_calls"], json!([]));
        assert_eq!(messages[1]["invalid_tool_calls"], json!([]));
        assert_eq!(messages[2]["tool_call_id"], "tool_call_id");
        let contents: Vec<&str> = messages.iter().map(|m| m["content"].as_str().unwrap()).collect();
        assert_eq!(contents, ["SF", "begin", "tool_call__begin", "end"]);
    });
}

#[test]
fn supersteps_replay_a_threads_history_including_its_start() {
    let (mut pool, server) = server_with(vec![("agent", chat_graph())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "agent", "input": { "messages": [{ "role": "human", "content": "foo", "id": "m0" }] }, "stream_mode": ["updates"] });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), body)).await;
        let (_, history) = call(&server, post(&format!("/threads/{tid}/history"), json!({}))).await;
        let history = history.as_array().unwrap().clone();
        let first = history[history.len() - 2]["values"].clone();
        let mut supersteps = vec![
            json!({ "updates": [{ "as_node": "__input__", "values": first }] }),
            json!({ "updates": [{ "as_node": "__start__", "values": first }] }),
        ];
        for e in stream.iter().filter(|e| e["event"] == "updates") {
            let updates: Vec<Value> = e["data"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(node, values)| json!({ "as_node": node, "values": values }))
                .collect();
            supersteps.push(json!({ "updates": updates }));
        }
        let (status, clone) =
            call(&server, post("/threads", json!({ "graph_id": "agent", "supersteps": supersteps }))).await;
        assert_eq!(status, 200, "{clone}");
        let clone_id = clone["thread_id"].as_str().unwrap();
        let (_, replayed) = call(&server, post(&format!("/threads/{clone_id}/history"), json!({}))).await;
        // The nodes' updates carried no message ids, so the replay gives the replies new ones.
        let shape = |h: &Vec<Value>| -> Vec<Value> {
            h.iter()
                .map(|s| {
                    let mut values = s["values"].clone();
                    for m in values["messages"].as_array_mut().unwrap() {
                        if m["id"] != "m0" {
                            m.as_object_mut().unwrap().remove("id");
                        }
                    }
                    json!({ "next": s["next"], "values": values })
                })
                .collect()
        };
        assert_eq!(shape(replayed.as_array().unwrap()), shape(&history));
    });
}

#[test]
fn a_copied_threads_checkpoints_name_the_copy() {
    let (mut pool, server) = server_with(vec![("agent", chat_graph())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "agent", "input": { "messages": ["foo"] } });
        call(&server, post(&format!("/threads/{tid}/runs/wait"), body)).await;
        let (_, original) = call(&server, get(&format!("/threads/{tid}/state"))).await;
        let (_, copy) = call(&server, post(&format!("/threads/{tid}/copy"), json!({}))).await;
        let copy_id = copy["thread_id"].as_str().unwrap();
        let (_, copied) = call(&server, get(&format!("/threads/{copy_id}/state"))).await;
        let mut expected = original.clone();
        expected["metadata"]["thread_id"] = json!(copy_id);
        expected["checkpoint"]["thread_id"] = json!(copy_id);
        expected["parent_checkpoint"]["thread_id"] = json!(copy_id);
        assert_eq!(original["metadata"]["thread_id"], json!(tid));
        assert_eq!(copied, expected);
    });
}

#[test]
fn a_run_after_seconds_is_pending_and_its_thread_busy_until_it_starts() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("steps", static_graph(&calls))]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let body = json!({ "assistant_id": "steps", "input": { "trace": "a" }, "after_seconds": 30 });
        let (_, run) = call(&server, post(&format!("/threads/{tid}/runs"), body)).await;
        let run_id = run["run_id"].as_str().unwrap();
        assert_eq!(run["status"], "pending");
        let (_, thread) = call(&server, get(&format!("/threads/{tid}"))).await;
        assert_eq!(thread["status"], "busy");
        let update = json!({ "values": { "trace": "x" }, "as_node": "node_a" });
        let (status, _) = call(&server, post(&format!("/threads/{tid}/state"), update.clone())).await;
        assert_eq!(status, 409);
        let (status, _) = call(
            &server,
            post(&format!("/threads/{tid}/runs/{run_id}/cancel"), json!({})),
        )
        .await;
        assert_eq!(status, 202);
        let (_, run) = call(&server, get(&format!("/threads/{tid}/runs/{run_id}"))).await;
        assert_eq!(run["status"], "interrupted");
        let (_, thread) = call(&server, get(&format!("/threads/{tid}"))).await;
        assert_eq!(thread["status"], "idle");
        assert_eq!(calls.get("node_a"), 0, "it never started");

        // A short wait: the run starts by itself.
        let body = json!({ "assistant_id": "steps", "input": { "trace": "b" }, "after_seconds": 0.05 });
        let (_, run) = call(&server, post(&format!("/threads/{tid}/runs"), body)).await;
        assert_eq!(run["status"], "pending");
        let run_id = run["run_id"].as_str().unwrap();
        let (status, out) = call(&server, get(&format!("/threads/{tid}/runs/{run_id}/join"))).await;
        assert_eq!((status, out["trace"].clone()), (200, json!("b|node_a|node_b|node_c")));
        let (status, _) = call(&server, post(&format!("/threads/{tid}/state"), update)).await;
        assert_eq!(status, 200);
    });
}

#[test]
fn nodes_reach_the_clients_store() {
    let mut b = StateGraph::new();
    b.last_value("user").unwrap();
    b.add_node(
        "remember",
        node_fn(|state, rt| {
            let store = rt.store().expect("a server run has a store");
            let ns = vec!["sharedState".to_string(), "data".to_string()];
            store.put(&ns, "user_id", json!({ "id": state.get("user") }))?;
            let item = store.get(&ns, "user_id")?.expect("just put");
            Ok(json!({ "user": item["value"]["id"] }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "remember").unwrap();
    let (mut pool, server) = server_with(vec![("agent", b.compile(Default::default()).unwrap())]);
    pool.run_until(async {
        let (_, out) = call(
            &server,
            post(
                "/runs/wait",
                json!({ "assistant_id": "agent", "input": { "user": "u1" } }),
            ),
        )
        .await;
        assert_eq!(out, json!({ "user": "u1" }));
        let (status, item) = call(&server, get("/store/items?namespace=sharedState.data&key=user_id")).await;
        assert_eq!((status, item["value"].clone()), (200, json!({ "id": "u1" })));
    });
}

#[test]
fn a_resumed_runs_checkpoint_events_have_the_servers_shape() {
    // The engine's checkpoint events hold more (task paths, which checkpoint was loaded) for the
    // JS API; the server streams tasks as Python's `map_debug_checkpoint` lays them out, with the
    // interrupt saved for the task the run resumes.
    let (mut pool, server) = server_with(vec![("seed", seed_graph())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let start = json!({ "assistant_id": "seed", "input": { "some_text": "draft" } });
        call(&server, post(&format!("/threads/{tid}/runs/wait"), start)).await;
        let resume = json!({ "assistant_id": "seed", "command": { "resume": "final" }, "stream_mode": ["checkpoints", "debug"] });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), resume)).await;

        let checkpoint = stream.iter().find(|e| e["event"] == "checkpoints").unwrap();
        let keys: Vec<&str> = checkpoint["data"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["config", "parent_config", "values", "metadata", "next", "tasks"]);
        let task = &checkpoint["data"]["tasks"][0];
        let interrupt = &task["interrupts"][0];
        assert_eq!(interrupt["value"], json!({ "text_to_revise": "draft" }));
        assert_eq!(interrupt["id"].as_str().map(str::len), Some(32));
        assert_eq!(
            task,
            &json!({ "id": task["id"], "name": "human_node", "interrupts": [interrupt], "state": null })
        );
        let debug = &stream.iter().find(|e| e["event"] == "debug").unwrap()["data"];
        assert_eq!((debug["type"].clone(), debug["step"].clone()), (json!("checkpoint"), json!(0)));
        let keys: Vec<&str> = debug["payload"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["config", "parent_config", "values", "metadata", "next", "tasks", "checkpoint", "parent_checkpoint"]
        );
        assert_eq!(debug["payload"]["tasks"], checkpoint["data"]["tasks"]);
    });
}

#[test]
fn a_continued_runs_checkpoint_events_show_a_finished_tasks_result_and_a_failed_tasks_error() {
    // START → `done` and `flaky` in one step; `flaky` fails the first time. Continuing the
    // thread, the checkpoint it starts from lists both as Python's server does: `done` with its
    // saved result, `flaky` with its saved error.
    let failed_once = std::rc::Rc::new(std::cell::Cell::new(false));
    let mut b = StateGraph::new();
    b.reducer("log", Reducer::Append, None).unwrap();
    b.add_node("done", node_fn(|_, _| Ok(json!({ "log": ["done"] }).into())))
        .unwrap();
    let flag = failed_once.clone();
    b.add_node(
        "flaky",
        node_fn(move |_, _| {
            if !flag.replace(true) {
                return Err(NodeError::new("ConnectionError", "try again"));
            }
            Ok(json!({ "log": ["flaky"] }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "done").unwrap();
    b.add_edge(START, "flaky").unwrap();
    let (mut pool, server) = server_with(vec![("two", b.compile(Default::default()).unwrap())]);
    pool.run_until(async {
        let tid = new_thread(&server).await;
        let first = json!({ "assistant_id": "two", "input": { "log": [] } });
        call(&server, post(&format!("/threads/{tid}/runs/wait"), first)).await;
        let again = json!({ "assistant_id": "two", "input": null, "stream_mode": "checkpoints" });
        let stream = events(&server, post(&format!("/threads/{tid}/runs/stream"), again)).await;

        let loaded = &stream.iter().find(|e| e["event"] == "checkpoints").unwrap()["data"];
        let task = |name: &str| {
            loaded["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["name"] == name)
                .unwrap()
                .clone()
        };
        let done = task("done");
        assert_eq!(
            done,
            json!({ "id": done["id"], "name": "done", "result": { "log": ["done"] }, "interrupts": [], "state": null })
        );
        let flaky = task("flaky");
        let keys: Vec<&str> = flaky.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "name", "error", "state"]);
        assert!(flaky["error"].to_string().contains("try again"), "{flaky}");
        let state = call(&server, get(&format!("/threads/{tid}/state"))).await.1;
        assert_eq!(state["values"]["log"], json!(["done", "flaky"]));
    });
}
