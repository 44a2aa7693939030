//! The SDK-shaped server layer: the seed's flows through threads and runs, thread and run
//! statuses, multitask strategies, run streams, joins, cancellation, and thread operations.

mod common;

use common::graphs::{gate, gated_graph, seed_graph, server_with, static_graph};
use common::Calls;
use futures::StreamExt;
use langgraph_wasm::server::{
    request, MultitaskStrategy, RunCreate, RunStatus, ServerError, ThreadCreate, ThreadSearch, ThreadStatus,
};
use langgraph_wasm::{node_fn, Breakpoints, NodeError, StateGraph, StreamMode, START};
use serde_json::{json, Value};

fn input(value: Value) -> RunCreate {
    request::run_create(&json!({ "input": value })).unwrap()
}

fn as_node(values: Value, node: &str) -> request::StateUpdate {
    request::state_update(&json!({ "values": values, "as_node": node })).unwrap()
}

fn command(value: Value) -> RunCreate {
    request::run_create(&json!({ "command": value })).unwrap()
}

#[test]
fn the_seed_flow_through_threads_and_runs_wait() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let thread = server.threads_create(ThreadCreate::default()).unwrap();
        let tid = thread.thread_id.as_str();

        let result = server
            .runs_wait(Some(tid), "agent", input(json!({ "some_text": "original text" })))
            .await
            .unwrap();
        assert_eq!(result["some_text"], json!("original text"));
        let interrupts = result["__interrupt__"].as_array().unwrap();
        assert_eq!(interrupts.len(), 1);
        assert_eq!(interrupts[0]["value"], json!({ "text_to_revise": "original text" }));
        let id = interrupts[0]["id"].as_str().unwrap();
        assert_eq!(id.len(), 32);

        let thread = server.threads_get(tid).unwrap();
        assert_eq!(thread.status, ThreadStatus::Interrupted);
        assert_eq!(thread.metadata["graph_id"], json!("agent"));
        let (task_id, pending) = thread.interrupts.iter().next().unwrap();
        assert_eq!(task_id.len(), 36, "interrupts are keyed by task id");
        assert_eq!(pending[0]["id"], json!(id));

        let resumed = server
            .runs_wait(Some(tid), "agent", command(json!({ "resume": "Edited text" })))
            .await
            .unwrap();
        assert_eq!(resumed, json!({ "some_text": "Edited text" }));
        let thread = server.threads_get(tid).unwrap();
        assert_eq!(thread.status, ThreadStatus::Idle);
        assert!(thread.interrupts.is_empty());
        assert_eq!(thread.values, json!({ "some_text": "Edited text" }));

        // Both runs ended `success` (a run that pauses is a success; the thread is what pauses).
        let runs = server.runs_list(tid, &Default::default()).unwrap();
        assert_eq!(runs.len(), 2);
        assert!(runs.iter().all(|r| r.status == RunStatus::Success));

        // Answering again: nothing is pending.
        let err = server
            .runs_wait(Some(tid), "agent", command(json!({ "resume": "again" })))
            .await
            .unwrap_err();
        assert_eq!(err.name(), "NothingToResumeError");
    });
}

#[test]
fn static_breakpoints_per_run_are_resumed_with_no_input() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
        let body = |input: Option<Value>| RunCreate {
            input: input.and_then(|i| i.as_object().cloned()),
            interrupt_before: Some(Breakpoints::nodes(["node_a"])),
            interrupt_after: Some(Breakpoints::nodes(["node_b", "node_c"])),
            ..Default::default()
        };
        let out = server
            .runs_wait(Some(&tid), "agent", body(Some(json!({ "trace": "start" }))))
            .await
            .unwrap();
        assert_eq!(out, json!({ "trace": "start", "__interrupt__": [] }));
        assert_eq!(server.threads_get(&tid).unwrap().status, ThreadStatus::Interrupted);
        let state = server.threads_get_state(&tid, None, false, None).await.unwrap();
        assert_eq!(state["next"], json!(["node_a"]));

        let out = server.runs_wait(Some(&tid), "agent", body(None)).await.unwrap();
        assert_eq!(out, json!({ "trace": "start|node_a|node_b", "__interrupt__": [] }));
        let out = server.runs_wait(Some(&tid), "agent", body(None)).await.unwrap();
        assert_eq!(out["trace"], json!("start|node_a|node_b|node_c"));
        assert_eq!(
            (calls.get("node_a"), calls.get("node_b"), calls.get("node_c")),
            (1, 1, 1)
        );
    });
}

#[test]
fn a_run_stream_starts_with_metadata_and_numbers_its_events() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
        let body = RunCreate {
            input: json!({ "trace": "s" }).as_object().cloned(),
            stream_mode: vec![StreamMode::Values, StreamMode::Updates],
            ..Default::default()
        };
        let (run, events) = server.runs_stream(Some(&tid), "agent", body).await.unwrap();
        let events: Vec<_> = events.collect().await;
        assert_eq!(events[0].event, "metadata");
        assert_eq!(events[0].data, json!({ "run_id": run.run_id, "attempt": 1 }));
        let ids: Vec<String> = events.iter().map(|e| e.id.clone().unwrap()).collect();
        assert_eq!(ids, (0..events.len()).map(|i| i.to_string()).collect::<Vec<_>>());
        let names: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
        assert_eq!(
            names,
            ["metadata", "values", "updates", "values", "updates", "values", "updates", "values"]
        );
        assert_eq!(
            events.last().unwrap().data,
            json!({ "trace": "s|node_a|node_b|node_c" })
        );
        // join after the end returns the output; joinStream replays the log.
        assert_eq!(
            server.runs_join(&tid, &run.run_id).await.unwrap()["trace"],
            json!("s|node_a|node_b|node_c")
        );
        assert_eq!(
            server.runs_join_stream(&tid, &run.run_id, 0).unwrap().count().await,
            events.len()
        );
    });
}

#[test]
fn a_failing_run_streams_an_error_event_and_marks_run_and_thread() {
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node("bad", node_fn(|_, _| Err(NodeError::new("CustomError", "Boo!"))))
        .unwrap();
    b.add_edge(START, "bad").unwrap();
    let (mut pool, server) = server_with(vec![("agent", b.compile(Default::default()).unwrap())]);
    pool.run_until(async {
        let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
        let (run, events) = server
            .runs_stream(Some(&tid), "agent", input(json!({ "x": 1 })))
            .await
            .unwrap();
        let events: Vec<_> = events.collect().await;
        let last = events.last().unwrap();
        assert_eq!(last.event, "error");
        assert_eq!(last.data, json!({ "error": "CustomError", "message": "Boo!" }));
        assert_eq!(server.runs_get(&tid, &run.run_id).unwrap().status, RunStatus::Error);
        assert_eq!(server.threads_get(&tid).unwrap().status, ThreadStatus::Error);
        assert!(server.runs_join(&tid, &run.run_id).await.is_err());
    });
}

#[test]
fn an_unknown_assistant_or_thread_is_not_found() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let err = server.runs_wait(None, "nope", input(json!({}))).await.unwrap_err();
        assert!(
            matches!(err, ServerError::NotFound(_)) && err.status() == 404,
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "No assistant found for \"nope\". Make sure the assistant ID is for a valid assistant or a valid graph ID."
        );
        assert_eq!(server.assistant("nope").unwrap_err().to_string(), "Assistant not found");
        let err = server
            .runs_wait(Some("missing"), "agent", input(json!({})))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404);
        // ifNotExists: create
        let body = RunCreate {
            if_not_exists: langgraph_wasm::server::IfNotExists::Create,
            ..input(json!({ "some_text": "t" }))
        };
        assert!(server.runs_wait(Some("made"), "agent", body).await.is_ok());
        assert_eq!(server.threads_get("made").unwrap().status, ThreadStatus::Interrupted);
    });
}

#[test]
fn a_stateless_run_returns_its_output_and_leaves_no_thread() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let out = server
            .runs_wait(None, "agent", input(json!({ "trace": "x" })))
            .await
            .unwrap();
        assert_eq!(out["trace"], json!("x|node_a|node_b|node_c"));
        assert!(server.threads_search(&ThreadSearch::default()).is_empty());
    });
}

#[test]
fn multitask_reject_refuses_a_second_run_while_one_is_in_flight() {
    let (open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", gated_graph(gate))]);
    let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
    let first = pool
        .run_until(server.runs_create(Some(&tid), "agent", input(json!({ "log": [] }))))
        .unwrap();
    pool.run_until_stalled();
    assert_eq!(server.runs_get(&tid, &first.run_id).unwrap().status, RunStatus::Running);
    assert_eq!(server.threads_get(&tid).unwrap().status, ThreadStatus::Busy);

    let err = pool
        .run_until(server.runs_create(Some(&tid), "agent", input(json!({ "log": [] }))))
        .unwrap_err();
    assert_eq!((err.name(), err.status()), ("ThreadBusyError", 422));
    let err = pool
        .run_until(server.threads_update_state(&tid, as_node(json!({ "log": ["x"] }), "slow")))
        .unwrap_err();
    assert_eq!(err.status(), 409);

    let _ = open.send(());
    let out = pool.run_until(server.runs_join(&tid, &first.run_id)).unwrap();
    assert_eq!(out["log"].as_array().unwrap().len(), 1);
    assert_eq!(server.threads_get(&tid).unwrap().status, ThreadStatus::Idle);
}

#[test]
fn multitask_interrupt_cancels_the_run_in_flight_and_runs_the_new_one() {
    let (_open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", gated_graph(gate))]);
    let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
    let first = pool
        .run_until(server.runs_create(Some(&tid), "agent", input(json!({ "log": ["one"] }))))
        .unwrap();
    pool.run_until_stalled();
    let body = RunCreate {
        multitask_strategy: MultitaskStrategy::Interrupt,
        ..input(json!({ "log": ["two"] }))
    };
    let out = pool.run_until(server.runs_wait(Some(&tid), "agent", body)).unwrap();
    assert_eq!(
        out["log"].as_array().unwrap().first(),
        Some(&json!("one")),
        "the first run's input was applied"
    );
    assert_eq!(
        server.runs_get(&tid, &first.run_id).unwrap().status,
        RunStatus::Interrupted
    );
    assert!(pool.run_until(server.runs_join(&tid, &first.run_id)).is_err());
}

#[test]
fn multitask_rollback_deletes_the_run_in_flight_and_its_effects() {
    let (_open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", gated_graph(gate))]);
    let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
    let first = pool
        .run_until(server.runs_create(Some(&tid), "agent", input(json!({ "log": ["one"] }))))
        .unwrap();
    pool.run_until_stalled();
    let body = RunCreate {
        multitask_strategy: MultitaskStrategy::Rollback,
        ..input(json!({ "log": ["two"] }))
    };
    let out = pool.run_until(server.runs_wait(Some(&tid), "agent", body)).unwrap();
    let log = out["log"].as_array().unwrap();
    assert_eq!(log[0], json!("two"), "nothing of the rolled-back run remains: {out}");
    assert_eq!(server.runs_get(&tid, &first.run_id).unwrap_err().status(), 404);
}

#[test]
fn multitask_enqueue_runs_the_new_run_after_the_one_in_flight() {
    let (open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", gated_graph(gate))]);
    let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
    let first = pool
        .run_until(server.runs_create(Some(&tid), "agent", input(json!({ "log": ["one"] }))))
        .unwrap();
    pool.run_until_stalled();
    let body = RunCreate {
        multitask_strategy: MultitaskStrategy::Enqueue,
        ..input(json!({ "log": ["two"] }))
    };
    let second = pool.run_until(server.runs_create(Some(&tid), "agent", body)).unwrap();
    pool.run_until_stalled();
    assert_eq!(
        server.runs_get(&tid, &second.run_id).unwrap().status,
        RunStatus::Pending
    );
    let _ = open.send(());
    let out = pool.run_until(server.runs_join(&tid, &second.run_id)).unwrap();
    let log: Vec<&str> = out["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(log[0], "one");
    assert!(log.contains(&"two"));
    assert_eq!(server.runs_get(&tid, &first.run_id).unwrap().status, RunStatus::Success);
    assert_eq!(
        server.runs_get(&tid, &second.run_id).unwrap().status,
        RunStatus::Success
    );
}

#[test]
fn cancelling_a_run_marks_it_interrupted_and_frees_the_thread() {
    let (_open, gate) = gate();
    let (mut pool, server) = server_with(vec![("agent", gated_graph(gate))]);
    let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
    let run = pool
        .run_until(server.runs_create(Some(&tid), "agent", input(json!({ "log": [] }))))
        .unwrap();
    pool.run_until_stalled();
    pool.run_until(server.runs_cancel(&tid, &run.run_id, false)).unwrap();
    assert_eq!(
        server.runs_get(&tid, &run.run_id).unwrap().status,
        RunStatus::Interrupted
    );
    assert_ne!(server.threads_get(&tid).unwrap().status, ThreadStatus::Busy);
    pool.run_until(server.runs_delete(&tid, &run.run_id)).unwrap();
    assert_eq!(server.runs_get(&tid, &run.run_id).unwrap_err().status(), 404);
}

#[test]
fn threads_can_be_created_searched_copied_updated_and_deleted() {
    let calls = Calls::default();
    let (mut pool, server) = server_with(vec![("agent", static_graph(&calls))]);
    pool.run_until(async {
        let mut meta = serde_json::Map::new();
        meta.insert("owner".into(), json!("ana"));
        let t = server
            .threads_create(ThreadCreate {
                thread_id: Some("t1".into()),
                metadata: meta.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(t.thread_id, "t1");
        assert_eq!(
            server
                .threads_create(ThreadCreate {
                    thread_id: Some("t1".into()),
                    ..Default::default()
                })
                .unwrap_err()
                .status(),
            409
        );
        let same = server
            .threads_create(ThreadCreate {
                thread_id: Some("t1".into()),
                if_exists_do_nothing: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(same.metadata["owner"], json!("ana"));
        server.threads_create(ThreadCreate::default()).unwrap();

        let found = server.threads_search(&ThreadSearch {
            metadata: Some(meta),
            ..Default::default()
        });
        assert_eq!(found.len(), 1);

        server
            .runs_wait(Some("t1"), "agent", input(json!({ "trace": "s" })))
            .await
            .unwrap();
        let updated = server
            .threads_update("t1", [("tag".to_string(), json!(1))].into_iter().collect())
            .unwrap();
        assert_eq!(
            (updated.metadata["owner"].clone(), updated.metadata["tag"].clone()),
            (json!("ana"), json!(1))
        );
        let idle = server.threads_search(&ThreadSearch {
            status: Some(ThreadStatus::Idle),
            ..Default::default()
        });
        assert_eq!(idle.len(), 2);

        let copy = server.threads_copy("t1").await.unwrap();
        let a = server.threads_get_state("t1", None, false, None).await.unwrap();
        let b = server
            .threads_get_state(&copy.thread_id, None, false, None)
            .await
            .unwrap();
        assert_eq!(a["values"], b["values"]);
        assert_eq!(a["checkpoint"]["checkpoint_id"], b["checkpoint"]["checkpoint_id"]);

        let history = server.threads_get_history("t1", &Default::default()).await.unwrap();
        assert_eq!(history.len(), 5, "input + 4 loop checkpoints");
        assert_eq!(history[0]["metadata"]["source"], json!("loop"));

        let saved = server
            .threads_update_state("t1", as_node(json!({ "trace": "edited" }), "node_c"))
            .await
            .unwrap();
        assert_eq!(saved["checkpoint"]["thread_id"], json!("t1"));
        assert_eq!(server.threads_get("t1").unwrap().values, json!({ "trace": "edited" }));

        server.threads_delete("t1").await.unwrap();
        assert_eq!(server.threads_get("t1").unwrap_err().status(), 404);
        assert_eq!(
            server
                .threads_get_state(&copy.thread_id, None, false, None)
                .await
                .unwrap()["values"],
            a["values"]
        );
    });
}

#[test]
fn a_runs_durability_decides_which_checkpoints_its_thread_keeps() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let mut steps = Vec::new();
        for durability in ["sync", "async", "exit"] {
            let thread = server.threads_create(ThreadCreate::default()).unwrap();
            let tid = thread.thread_id.as_str();
            let run = |body: Value| {
                let mut body = body;
                body["durability"] = json!(durability);
                request::run_create(&body).unwrap()
            };
            let paused = server
                .runs_wait(
                    Some(tid),
                    "agent",
                    run(json!({ "input": { "some_text": "original text" } })),
                )
                .await
                .unwrap();
            assert_eq!(
                paused["__interrupt__"][0]["value"],
                json!({ "text_to_revise": "original text" })
            );
            assert_eq!(server.threads_get(tid).unwrap().status, ThreadStatus::Interrupted);
            let done = server
                .runs_wait(
                    Some(tid),
                    "agent",
                    run(json!({ "command": { "resume": "Edited text" } })),
                )
                .await
                .unwrap();
            assert_eq!(done, json!({ "some_text": "Edited text" }), "{durability}");
            let history = server.threads_get_history(tid, &Default::default()).await.unwrap();
            steps.push(
                history
                    .iter()
                    .map(|h| h["metadata"]["step"].clone())
                    .collect::<Vec<_>>(),
            );
        }
        // `sync` and `async` keep every step; `exit` the one each run ended on.
        assert_eq!(steps[0], [json!(1), json!(0), json!(-1)]);
        assert_eq!(steps[1], steps[0]);
        assert_eq!(steps[2], [json!(1), json!(0)]);
    });
}
