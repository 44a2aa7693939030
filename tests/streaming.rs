//! What a run streams in each mode (reference section 4): `values` after each step that
//! changed the state, `updates` per task with START hidden, `tasks`, `checkpoints` and `debug`
//! payloads, `custom` writes, subgraph events only when asked for, and errors after the parts
//! that came before them.

mod common;

use common::{compile, compile_with, run, Calls};
use futures::StreamExt;
use langgraph_wasm::pregel::StreamPart;
use langgraph_wasm::{
    async_node, node_fn, Breakpoints, Command, CompileOptions, CompiledGraph, GraphError, NodeError, Reducer,
    RunOptions, Runtime, StateGraph, StreamMode, END, START,
};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// START → a → b → END; each node sets `x` to its name.
fn a_then_b(calls: &Calls) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    for name in ["a", "b"] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(json!({ "x": name }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("a", "b")
        .unwrap()
        .add_edge("b", END)
        .unwrap();
    builder
}

fn without_saver(builder: &StateGraph) -> CompiledGraph {
    builder.compile(CompileOptions::default()).unwrap()
}

fn stream(graph: &CompiledGraph, input: Value, options: RunOptions) -> Vec<StreamPart> {
    run(graph.stream_all(input, options)).unwrap()
}

fn data(parts: &[StreamPart]) -> Vec<Value> {
    parts.iter().map(|p| p.data.clone()).collect()
}

#[test]
fn values_streams_the_state_after_each_step_starting_with_the_input() {
    let calls = Calls::default();
    let graph = without_saver(&a_then_b(&calls));

    let parts = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::default().with_stream_mode(&[StreamMode::Values]),
    );

    assert!(parts.iter().all(|p| p.mode == StreamMode::Values && p.ns.is_empty()));
    assert_eq!(
        data(&parts),
        vec![json!({ "x": "in" }), json!({ "x": "a" }), json!({ "x": "b" })]
    );
}

#[test]
fn updates_streams_each_nodes_update_with_start_hidden() {
    let calls = Calls::default();
    let graph = without_saver(&a_then_b(&calls));

    let default_mode = stream(&graph, json!({ "x": "in" }), RunOptions::default());
    let parts = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::default().with_stream_mode(&[StreamMode::Updates]),
    );

    let expected = vec![json!({ "a": { "x": "a" } }), json!({ "b": { "x": "b" } })];
    assert!(parts.iter().all(|p| p.mode == StreamMode::Updates));
    assert_eq!(data(&parts), expected);
    assert!(default_mode.iter().all(|p| p.mode == StreamMode::Updates));
    assert_eq!(data(&default_mode), expected, "updates is the default mode");
}

#[test]
fn several_modes_interleave_and_each_part_carries_its_mode() {
    let calls = Calls::default();
    let graph = without_saver(&a_then_b(&calls));

    let parts = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::default().with_stream_mode(&[StreamMode::Values, StreamMode::Updates]),
    );

    let seen: Vec<(StreamMode, Value)> = parts.into_iter().map(|p| (p.mode, p.data)).collect();
    assert_eq!(
        seen,
        vec![
            (StreamMode::Values, json!({ "x": "in" })),
            (StreamMode::Updates, json!({ "a": { "x": "a" } })),
            (StreamMode::Values, json!({ "x": "a" })),
            (StreamMode::Updates, json!({ "b": { "x": "b" } })),
            (StreamMode::Values, json!({ "x": "b" })),
        ]
    );
}

#[test]
fn a_breakpoint_ends_the_stream_with_an_empty_interrupt_and_resuming_streams_the_state_first() {
    let calls = Calls::default();
    let graph = compile_with(
        &a_then_b(&calls),
        CompileOptions {
            interrupt_before: Breakpoints::nodes(["b"]),
            ..Default::default()
        },
    );
    let modes = [StreamMode::Values, StreamMode::Updates];

    let paused = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::thread("t").with_stream_mode(&modes),
    );
    let resumed = stream(&graph, Value::Null, RunOptions::thread("t").with_stream_mode(&modes));

    let seen =
        |parts: Vec<StreamPart>| -> Vec<(StreamMode, Value)> { parts.into_iter().map(|p| (p.mode, p.data)).collect() };
    assert_eq!(
        seen(paused),
        vec![
            (StreamMode::Values, json!({ "x": "in" })),
            (StreamMode::Updates, json!({ "a": { "x": "a" } })),
            (StreamMode::Values, json!({ "x": "a" })),
            (StreamMode::Updates, json!({ "__interrupt__": [] })),
        ]
    );
    assert_eq!(
        seen(resumed),
        vec![
            (StreamMode::Values, json!({ "x": "a" })),
            (StreamMode::Updates, json!({ "b": { "x": "b" } })),
            (StreamMode::Values, json!({ "x": "b" })),
        ]
    );
    assert_eq!((calls.get("a"), calls.get("b")), (1, 1));
}

#[test]
fn a_breakpoint_after_a_node_streams_that_steps_values_once() {
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    for name in ["x", "y"] {
        builder
            .add_node(name, node_fn(move |_, _| Ok(json!({ "trace": [name] }).into())))
            .unwrap();
    }
    builder
        .add_edge(START, "x")
        .unwrap()
        .add_edge("x", "y")
        .unwrap()
        .add_edge("y", END)
        .unwrap();
    let graph = compile_with(
        &builder,
        CompileOptions {
            interrupt_after: Breakpoints::nodes(["x"]),
            ..Default::default()
        },
    );

    let parts = stream(
        &graph,
        json!({ "trace": ["in"] }),
        RunOptions::thread("t").with_stream_mode(&[StreamMode::Values, StreamMode::Updates]),
    );

    let seen: Vec<(StreamMode, Value)> = parts.into_iter().map(|p| (p.mode, p.data)).collect();
    assert_eq!(
        seen,
        vec![
            (StreamMode::Values, json!({ "trace": ["in"] })),
            (StreamMode::Updates, json!({ "x": { "trace": ["x"] } })),
            (StreamMode::Values, json!({ "trace": ["in", "x"] })),
            (StreamMode::Updates, json!({ "__interrupt__": [] })),
        ]
    );
}

#[test]
fn tasks_streams_a_start_and_a_result_for_each_task() {
    let calls = Calls::default();
    let graph = without_saver(&a_then_b(&calls));

    let parts = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::default().with_stream_mode(&[StreamMode::Tasks]),
    );

    assert!(parts.iter().all(|p| p.mode == StreamMode::Tasks));
    assert_eq!(parts.len(), 4, "{:?}", data(&parts));
    let (start_a, result_a, start_b, result_b) = (&parts[0].data, &parts[1].data, &parts[2].data, &parts[3].data);
    assert_eq!(start_a["name"], json!("a"));
    assert_eq!(start_a["input"], json!({ "x": "in" }));
    assert_eq!(start_a["triggers"], json!(["branch:to:a"]));
    assert!(start_a["id"].is_string());
    assert_eq!(result_a["id"], start_a["id"]);
    assert_eq!(result_a["name"], json!("a"));
    assert_eq!(result_a["result"], json!({ "x": "a" }));
    assert_eq!(result_a["error"], Value::Null);
    assert_eq!(result_a["interrupts"], json!([]));
    assert_eq!(start_b["name"], json!("b"));
    assert_eq!(start_b["input"], json!({ "x": "a" }));
    assert_eq!(result_b["id"], start_b["id"]);
    assert_eq!(result_b["result"], json!({ "x": "b" }));
}

#[test]
fn tasks_streams_a_failed_tasks_error() {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    builder
        .add_node("bad", node_fn(|_, _| Err(NodeError::new("ValueError", "boom"))))
        .unwrap();
    builder.add_edge(START, "bad").unwrap().add_edge("bad", END).unwrap();
    let graph = without_saver(&builder);

    let mut stream = graph.stream(
        json!({ "x": "in" }),
        RunOptions::default().with_stream_mode(&[StreamMode::Tasks]),
    );
    let items: Vec<Result<StreamPart, GraphError>> = run(async {
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item);
        }
        items
    });

    assert_eq!(items.len(), 3, "{items:?}");
    let result = &items[1].as_ref().expect("the task result").data;
    assert_eq!(result["name"], json!("bad"));
    assert_eq!(result["error"]["error"], json!("ValueError"));
    assert_eq!(result["result"], Value::Null);
    assert_eq!(items[2].as_ref().err().map(GraphError::name), Some("NodeError"));
}

#[test]
fn checkpoints_streams_one_checkpoint_per_step_with_its_next_nodes() {
    let calls = Calls::default();
    let graph = compile(&a_then_b(&calls));

    let parts = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::thread("t").with_stream_mode(&[StreamMode::Checkpoints]),
    );

    assert!(parts.iter().all(|p| p.mode == StreamMode::Checkpoints));
    let next: Vec<Value> = parts.iter().map(|p| p.data["next"].clone()).collect();
    assert_eq!(next, vec![json!([START]), json!(["a"]), json!(["b"]), json!([])]);
    let steps: Vec<Value> = parts.iter().map(|p| p.data["metadata"]["step"].clone()).collect();
    assert_eq!(steps, vec![json!(-1), json!(0), json!(1), json!(2)]);
    let values: Vec<Value> = parts.iter().map(|p| p.data["values"].clone()).collect();
    assert_eq!(
        values,
        vec![
            json!({}),
            json!({ "x": "in" }),
            json!({ "x": "a" }),
            json!({ "x": "b" })
        ]
    );
    assert_eq!(parts[0].data["parent_config"], Value::Null);
    for pair in parts.windows(2) {
        assert_eq!(pair[1].data["parent_config"], pair[0].data["config"]);
    }
    assert_eq!(parts[0].data["config"]["configurable"]["thread_id"], json!("t"));
    assert_eq!(parts[0].data["tasks"][0]["name"], json!(START));
    assert_eq!(parts[1].data["tasks"][0]["name"], json!("a"));
    assert_eq!(parts[3].data["tasks"], json!([]));
}

#[test]
fn debug_wraps_checkpoints_and_tasks_with_their_type_and_step() {
    let calls = Calls::default();
    let graph = compile(&a_then_b(&calls));

    let parts = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::thread("t").with_stream_mode(&[StreamMode::Debug]),
    );

    assert!(parts.iter().all(|p| p.mode == StreamMode::Debug));
    let kinds: Vec<(String, i64)> = parts
        .iter()
        .map(|p| {
            (
                p.data["type"].as_str().unwrap_or_default().to_string(),
                p.data["step"].as_i64().expect("a step"),
            )
        })
        .collect();
    let expected: Vec<(String, i64)> = [
        ("checkpoint", -1),
        ("checkpoint", 0),
        ("task", 1),
        ("task_result", 1),
        ("checkpoint", 1),
        ("task", 2),
        ("task_result", 2),
        ("checkpoint", 2),
    ]
    .into_iter()
    .map(|(k, s)| (k.to_string(), s))
    .collect();
    assert_eq!(kinds, expected);
    assert!(parts.iter().all(|p| p.data["timestamp"].is_string()));
    assert_eq!(parts[2].data["payload"]["name"], json!("a"));
    assert_eq!(parts[3].data["payload"]["result"], json!({ "x": "a" }));
    assert_eq!(parts[4].data["payload"]["next"], json!(["b"]));
}

#[test]
fn custom_streams_what_a_node_writes_as_it_writes_it() {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    builder
        .add_node(
            "worker",
            node_fn(|_, rt| {
                rt.write(json!({ "progress": 50 }));
                rt.write(json!({ "progress": 100 }));
                Ok(json!({ "x": "done" }).into())
            }),
        )
        .unwrap();
    builder
        .add_edge(START, "worker")
        .unwrap()
        .add_edge("worker", END)
        .unwrap();
    let graph = without_saver(&builder);

    let parts = stream(
        &graph,
        json!({ "x": "in" }),
        RunOptions::default().with_stream_mode(&[StreamMode::Custom, StreamMode::Updates]),
    );

    let seen: Vec<(StreamMode, Value)> = parts.into_iter().map(|p| (p.mode, p.data)).collect();
    assert_eq!(
        seen,
        vec![
            (StreamMode::Custom, json!({ "progress": 50 })),
            (StreamMode::Custom, json!({ "progress": 100 })),
            (StreamMode::Updates, json!({ "worker": { "x": "done" } })),
        ]
    );
}

/// Counts the times it is woken.
struct CountWakes(std::sync::atomic::AtomicUsize);

impl futures::task::ArcWake for CountWakes {
    fn wake_by_ref(this: &std::sync::Arc<Self>) {
        this.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn a_chunk_written_while_the_node_waits_wakes_the_reader_before_the_node_returns() {
    // A JS node writes from the JS event loop (a chat model's token callback, `config.writer`
    // after an await) while the run waits for the node's promise: here the node lends out its
    // runtime and waits on a gate, and the chunk is written from outside the run.
    let lent: Rc<RefCell<Option<Runtime>>> = Rc::default();
    let (open, gate) = futures::channel::oneshot::channel::<()>();
    let gate = Rc::new(RefCell::new(Some(gate)));
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    let slot = lent.clone();
    builder
        .add_node(
            "worker",
            async_node(move |_, rt| {
                *slot.borrow_mut() = Some(rt);
                let gate = gate.borrow_mut().take();
                async move {
                    gate.unwrap().await.unwrap();
                    Ok(json!({ "x": "done" }).into())
                }
            }),
        )
        .unwrap();
    builder
        .add_edge(START, "worker")
        .unwrap()
        .add_edge("worker", END)
        .unwrap();
    let graph = without_saver(&builder);
    let mut stream = graph.stream(
        json!({ "x": "in" }),
        RunOptions::default().with_stream_mode(&[StreamMode::Custom, StreamMode::Updates]),
    );

    let wakes = std::sync::Arc::new(CountWakes(Default::default()));
    let waker = futures::task::waker(wakes.clone());
    let mut cx = std::task::Context::from_waker(&waker);
    let woken = || wakes.0.load(std::sync::atomic::Ordering::SeqCst);
    // Polled as an executor polls it, until only the gate can wake it (the run may wake itself
    // to yield between steps).
    let mut before = 0;
    loop {
        assert!(
            stream.poll_next_unpin(&mut cx).is_pending(),
            "the node waits on its gate"
        );
        if woken() == before {
            break;
        }
        before = woken();
    }

    lent.borrow().as_ref().unwrap().write(json!({ "token": "Hel" }));
    assert_eq!(
        woken(),
        before + 1,
        "the reader is woken by the write, not by the node returning"
    );
    match stream.poll_next_unpin(&mut cx) {
        std::task::Poll::Ready(Some(Ok(part))) => assert_eq!(part.data, json!({ "token": "Hel" })),
        other => panic!("expected the chunk, got {other:?}"),
    }
    assert!(stream.poll_next_unpin(&mut cx).is_pending());

    open.send(()).unwrap();
    let rest = run(stream.collect::<Vec<_>>());
    let rest: Vec<Value> = rest.into_iter().map(|p| p.unwrap().data).collect();
    assert_eq!(rest, vec![json!({ "worker": { "x": "done" } })]);
}

fn parent_with_child() -> CompiledGraph {
    let mut child = StateGraph::new();
    child.last_value("text").unwrap();
    child
        .add_node(
            "inner",
            node_fn(|state, _| Ok(json!({ "text": format!("{}+inner", state.str("text")) }).into())),
        )
        .unwrap();
    child.add_edge(START, "inner").unwrap().add_edge("inner", END).unwrap();
    let child = child.compile(CompileOptions::default()).unwrap();

    let mut parent = StateGraph::new();
    parent.last_value("text").unwrap();
    parent.add_node("child", child).unwrap();
    parent.add_edge(START, "child").unwrap().add_edge("child", END).unwrap();
    compile(&parent)
}

#[test]
fn subgraph_events_are_streamed_with_their_namespace_only_when_subgraphs_is_set() {
    let graph = parent_with_child();

    let root_only = stream(&graph, json!({ "text": "hi" }), RunOptions::thread("root-only"));
    let mut options = RunOptions::thread("nested");
    options.subgraphs = true;
    let nested = stream(&graph, json!({ "text": "hi" }), options);

    assert!(root_only.iter().all(|p| p.ns.is_empty()));
    assert_eq!(data(&root_only), vec![json!({ "child": { "text": "hi+inner" } })]);

    assert_eq!(nested.len(), 2, "{nested:?}");
    assert_eq!(nested[0].ns.len(), 1);
    assert!(nested[0].ns[0].starts_with("child:"), "{:?}", nested[0].ns);
    assert_eq!(nested[0].data, json!({ "inner": { "text": "hi+inner" } }));
    assert!(nested[1].ns.is_empty());
    assert_eq!(nested[1].data, json!({ "child": { "text": "hi+inner" } }));
}

#[test]
fn a_failing_node_ends_the_stream_with_its_error_after_the_parts_before_it() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "a",
                node_fn(move |_, _| {
                    calls.hit("a");
                    Ok(json!({ "x": "a" }).into())
                }),
            )
            .unwrap();
    }
    {
        let calls = calls.clone();
        builder
            .add_node(
                "b",
                node_fn(move |_, _| {
                    calls.hit("b");
                    Err(NodeError::msg("boom"))
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("a", "b")
        .unwrap()
        .add_edge("b", END)
        .unwrap();
    let graph = without_saver(&builder);

    let mut stream = graph.stream(json!({ "x": "in" }), RunOptions::default());
    let items: Vec<Result<StreamPart, GraphError>> = run(async {
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item);
        }
        items
    });

    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(
        items[0].as_ref().map(|p| p.data.clone()).ok(),
        Some(json!({ "a": { "x": "a" } }))
    );
    let err = items[1].as_ref().expect_err("the run's error comes last");
    assert_eq!(err.name(), "NodeError");
    assert!(err.to_string().contains("boom"), "{err}");
    assert_eq!((calls.get("a"), calls.get("b")), (1, 1));

    let all = run(graph.stream_all(json!({ "x": "in" }), RunOptions::default()));
    assert_eq!(all.err().map(|e| e.name()), Some("NodeError"));
}

// ---------------------------------------------------------------------------------------------
// messages: events a node's binding emits (chat-model tokens, returned messages)

/// START → talk: emits two tokens of message `m1`, then returns `m1` whole and a new `m2`
/// (what the JS binding does for a node whose chat model streams).
fn talking() -> StateGraph {
    let mut builder = StateGraph::new();
    builder.last_value("said").unwrap();
    builder
        .add_node(
            "talk",
            node_fn(|_, rt| {
                assert!(rt.streams_messages());
                // A message the node read as input counts as seen.
                rt.see_messages(["input-1".to_string()]);
                for token in ["Hel", "lo"] {
                    rt.emit_message(
                        json!([{"content": token, "id": "m1"}, {"node": "talk"}]),
                        None,
                        Some("m1"),
                        false,
                    );
                }
                // A returned message is streamed only if the run has not seen its id.
                for id in ["m1", "m2", "input-1"] {
                    rt.emit_message(
                        json!([{"content": "whole", "id": id}, {"node": "talk"}]),
                        None,
                        Some(id),
                        true,
                    );
                }
                Ok(json!({ "said": "Hello" }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "talk").unwrap();
    builder
}

#[test]
fn messages_streams_what_the_node_emits_each_id_once_for_returned_messages() {
    let graph = without_saver(&talking());
    let parts = stream(
        &graph,
        json!({}),
        RunOptions::default().with_stream_mode(&[StreamMode::Messages]),
    );
    let contents: Vec<Value> = data(&parts).iter().map(|d| d[0]["id"].clone()).collect();
    assert_eq!(contents, vec![json!("m1"), json!("m1"), json!("m2")]);
    assert!(parts.iter().all(|p| p.mode == StreamMode::Messages && p.ns.is_empty()));
}

#[test]
fn a_node_knows_whether_its_run_streams_messages_and_emits_nothing_otherwise() {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    builder
        .add_node(
            "n",
            node_fn(|_, rt| {
                let streamed = rt.emit_message(json!(["m", {}]), None, Some("m"), false);
                Ok(json!({ "x": [rt.streams_messages(), streamed] }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "n").unwrap();
    let graph = without_saver(&builder);
    let parts = stream(
        &graph,
        json!({}),
        RunOptions::default().with_stream_mode(&[StreamMode::Updates]),
    );
    assert_eq!(data(&parts), vec![json!({"n": {"x": [false, false]}})]);
}

#[test]
fn a_task_knows_its_step_trigger_path_and_namespace() {
    let mut builder = StateGraph::new();
    builder.last_value("seen").unwrap();
    builder
        .add_node(
            "look",
            node_fn(|_, rt| {
                let ns = rt.task_ns().split(':').next().unwrap_or_default().to_string();
                Ok(json!({ "seen": [rt.step(), rt.triggers(), rt.path(), ns] }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "look").unwrap();
    let graph = without_saver(&builder);
    let out = run(graph.invoke(json!({}), RunOptions::default())).unwrap();
    assert_eq!(
        out["seen"],
        json!([1, ["branch:to:look"], ["__pregel_pull", "look"], "look"])
    );
}

/// START → `wait` (interrupts for `y`) and `done` (sets `x`), in parallel, added in that order.
fn finished_beside_interrupted() -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap().last_value("y").unwrap();
    builder
        .add_node(
            "wait",
            node_fn(|_, rt| Ok(json!({ "y": rt.interrupt(json!("y?"))? }).into())),
        )
        .unwrap();
    builder
        .add_node("done", node_fn(|_, _| Ok(json!({ "x": "done" }).into())))
        .unwrap();
    builder
        .add_edge(START, "wait")
        .unwrap()
        .add_edge(START, "done")
        .unwrap();
    compile(&builder)
}

/// The task named `name` in a checkpoint payload.
fn task_named<'a>(checkpoint: &'a Value, name: &str) -> &'a Value {
    let tasks = checkpoint["tasks"].as_array().expect("tasks");
    tasks.iter().find(|t| t["name"] == json!(name)).expect("the task")
}

#[test]
fn a_resumed_runs_first_checkpoint_is_the_loaded_one_with_each_tasks_path_pending_interrupt_and_result() {
    let graph = finished_beside_interrupted();
    let checkpoints = RunOptions::thread("t").with_stream_mode(&[StreamMode::Checkpoints]);
    let first = stream(&graph, json!({ "x": "in" }), checkpoints.clone());
    let resumed = run(graph.stream_all(Command::resume(json!("yes")), checkpoints)).unwrap();

    // Made by the run: not loaded; its tasks have not run yet.
    let paused = &first[1].data;
    assert_eq!(paused["loaded"], json!(false));
    assert_eq!(
        paused["next"],
        json!(["done", "wait"]),
        "planned from the channels that changed: by name"
    );
    assert_eq!(task_named(paused, "wait")["path"], json!(["__pregel_pull", "wait"]));
    assert_eq!(task_named(paused, "wait")["interrupts"], json!([]));
    assert!(task_named(paused, "done").get("result").is_none());
    // The resume starts from it: loaded, with what its tasks saved.
    let loaded = &resumed[0].data;
    assert_eq!(loaded["config"], paused["config"]);
    assert_eq!(loaded["loaded"], json!(true));
    assert_eq!(
        loaded["next"],
        json!(["wait", "done"]),
        "planned from a loaded checkpoint: in the order added"
    );
    let wait = task_named(loaded, "wait");
    assert_eq!(wait["interrupts"][0]["value"], json!("y?"));
    assert!(wait.get("result").is_none() && wait.get("error").is_none());
    assert_eq!(wait["state"], Value::Null, "not a subgraph");
    let done = task_named(loaded, "done");
    assert_eq!(
        (done["result"].clone(), done["interrupts"].clone()),
        (json!({ "x": "done" }), json!([]))
    );
    assert_eq!(resumed.last().unwrap().data["loaded"], json!(false));
    assert_eq!(
        resumed.last().unwrap().data["values"],
        json!({ "x": "done", "y": "yes" })
    );
}

#[test]
fn the_checkpoint_a_retry_starts_from_lists_the_failed_tasks_error() {
    let fail = Rc::new(RefCell::new(true));
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    let failing = fail.clone();
    builder
        .add_node(
            "flaky",
            node_fn(move |_, _| match *failing.borrow() {
                true => Err(NodeError::new("ValueError", "not yet")),
                false => Ok(json!({ "x": "ok" }).into()),
            }),
        )
        .unwrap();
    builder.add_edge(START, "flaky").unwrap();
    let graph = compile(&builder);
    let options = RunOptions::thread("t").with_stream_mode(&[StreamMode::Checkpoints]);
    assert!(run(graph.stream_all(json!({ "x": "in" }), options.clone())).is_err());
    *fail.borrow_mut() = false;

    let retry = stream(&graph, json!(null), options);

    let flaky = &retry[0].data["tasks"][0];
    assert_eq!(flaky["error"], json!({ "error": "ValueError", "message": "not yet" }));
    assert!(flaky.get("result").is_none());
    assert_eq!(retry.last().unwrap().data["values"], json!({ "x": "ok" }));
}

#[test]
fn a_subgraphs_checkpoints_name_the_task_that_runs_it_and_the_parents_name_where_its_state_is() {
    let graph = parent_with_child();
    let mut options = RunOptions::thread("t").with_stream_mode(&[StreamMode::Checkpoints]);
    options.subgraphs = true;

    let parts = stream(&graph, json!({ "text": "hi" }), options);

    let (nested, root): (Vec<&StreamPart>, Vec<&StreamPart>) = parts.iter().partition(|p| !p.ns.is_empty());
    let running = root.iter().find(|p| p.data["next"] == json!(["child"])).unwrap();
    let child_task = &running.data["tasks"][0];
    let child_ns = format!("child:{}", child_task["id"].as_str().unwrap());
    assert_eq!(
        child_task["state"],
        json!({ "configurable": { "thread_id": "t", "checkpoint_ns": child_ns } })
    );
    assert!(root.iter().all(|p| p.data.get("parent_task").is_none()));
    assert!(!nested.is_empty());
    for part in nested {
        assert_eq!(part.ns, vec![child_ns.clone()]);
        assert_eq!(
            part.data["parent_task"],
            json!({
                "step": 1,
                "triggers": ["branch:to:child"],
                "path": ["__pregel_pull", "child"],
                "checkpoint_map": { "": running.data["config"]["configurable"]["checkpoint_id"] },
            })
        );
    }
}

#[test]
fn a_resumed_step_streams_reused_updates_after_its_task_starts_or_before_them_when_asked() {
    let order = |langgraph_js: bool| -> Vec<String> {
        let graph = finished_beside_interrupted();
        let mut options = RunOptions::thread("t").with_stream_mode(&[StreamMode::Tasks, StreamMode::Updates]);
        options.langgraph_js = langgraph_js;
        stream(&graph, json!({ "x": "in" }), options.clone());
        run(graph.stream_all(Command::resume(json!("yes")), options))
            .unwrap()
            .iter()
            .take(3)
            .map(|p| match p.mode {
                StreamMode::Updates => format!(
                    "cached update of {}",
                    p.data.as_object().unwrap().keys().next().unwrap()
                ),
                _ => format!("start of {}", p.data["name"].as_str().unwrap()),
            })
            .collect()
    };

    assert_eq!(
        order(false),
        ["start of wait", "start of done", "cached update of done"]
    );
    assert_eq!(order(true), ["cached update of done", "start of wait", "start of done"]);
}
