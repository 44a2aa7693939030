//! Ports of LangGraph's own acceptance scenarios (Python `libs/langgraph/tests/`: `test_pregel.py`,
//! `test_large_cases.py`, `test_time_travel.py`) to the Rust API. Each test's doc comment names the
//! LangGraph test it ports; where our graph differs from the Python one (a `StateGraph` instead of
//! a raw `Pregel`, JSON values instead of Python objects), the expected values are derived for our
//! graph and the derivation is written next to the assertion.
//!
//! Spec: shared/reference/langgraph-execution-semantics.md sections 3, 5 and 7, and the table
//! "Semantics we follow" in shared/DESIGN.md (which wins where it differs from Python: resume
//! values are delivered whatever they are, resuming with nothing pending is an error, the default
//! recursion limit is 25).

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{assert_interrupt_id, at, compile, compile_with, history, interrupts_of, run, source, step, Calls};
use langgraph_wasm::checkpoint::{CheckpointConfig, CheckpointSource};
use langgraph_wasm::pregel::{Goto, StateSnapshot, StreamPart};
use langgraph_wasm::{
    async_node, node_fn, path_fn, Breakpoints, Checkpointer, Command, CompileOptions, CompiledGraph, Durability,
    GraphError, Interrupt, MemorySaver, Reducer, RunConfig, RunOptions, Send, StateGraph, StreamMode, END, START,
};
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------------
// helpers

fn snapshot(graph: &CompiledGraph, thread: &str) -> StateSnapshot {
    run(graph.get_state(&RunConfig::thread(thread), false)).expect("get_state succeeds")
}

fn snapshot_at(graph: &CompiledGraph, cfg: &CheckpointConfig) -> StateSnapshot {
    run(graph.get_state(&at(cfg), false)).expect("get_state succeeds")
}

fn parent_id(snapshot: &StateSnapshot) -> Option<String> {
    snapshot
        .parent_config
        .as_ref()
        .and_then(|p| p.checkpoint_id.as_ref())
        .map(|id| id.to_string())
}

fn id_of_snapshot(snapshot: &StateSnapshot) -> String {
    snapshot
        .config
        .checkpoint_id
        .as_ref()
        .expect("a checkpoint id")
        .to_string()
}

fn datas(parts: Vec<StreamPart>) -> Vec<Value> {
    parts.into_iter().map(|p| p.data).collect()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

/// A string reducer that joins with a space (`"DE"` + `"foofoo"` → `"DE foofoo"`); the first
/// write sets the value.
fn space_join() -> Reducer {
    Reducer::Custom(Rc::new(|current: Value, update: Value| {
        let current = current.as_str().unwrap_or_default().to_string();
        let update = update.as_str().ok_or("a string update")?.to_string();
        Ok(if current.is_empty() {
            json!(update)
        } else {
            json!(format!("{current} {update}"))
        })
    }))
}

// ---------------------------------------------------------------------------------------------
// 1. test_interrupt_multiple[null|map]

/// `node` asks twice (`{"value": 1}`, `{"value": 2}`) and returns both answers joined; it records
/// the `my_key` it saw on each call.
fn interrupt_multiple_graph(calls: &Calls, seen: &Rc<RefCell<Vec<String>>>) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.reducer("my_key", space_join(), None).unwrap();
    let (calls, seen) = (calls.clone(), seen.clone());
    builder
        .add_node(
            "node",
            node_fn(move |state, rt| {
                calls.hit("node");
                seen.borrow_mut().push(state.str("my_key").to_string());
                let answer = rt.interrupt(json!({ "value": 1 }))?;
                let answer2 = rt.interrupt(json!({ "value": 2 }))?;
                let (a, b) = (
                    answer.as_str().unwrap_or_default(),
                    answer2.as_str().unwrap_or_default(),
                );
                Ok(json!({ "my_key": format!("{a} {b}") }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "node").unwrap().add_edge("node", END).unwrap();
    compile(&builder)
}

/// The two styles of LangGraph's `test_interrupt_multiple`: a bare resume value, or an id map.
fn interrupt_multiple(map_style: bool) {
    let calls = Calls::default();
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let graph = interrupt_multiple_graph(&calls, &seen);
    let thread = if map_style { "multiple-map" } else { "multiple-null" };
    let opts = || RunOptions::thread(thread);
    let answer = |id: &str, value: &str| {
        if map_style {
            json!({ id: value })
        } else {
            json!(value)
        }
    };

    let out = run(graph.invoke(json!({ "my_key": "DE" }), opts())).unwrap();
    let first = interrupts_of(&out);
    assert_eq!(first.len(), 1, "{out}");
    let id = first[0].id.clone();
    assert_interrupt_id(&id);
    assert_eq!(
        out,
        json!({ "my_key": "DE", "__interrupt__": [{ "value": { "value": 1 }, "id": id }] })
    );

    // Resume and update in ONE command: the update is applied before the node re-runs.
    let cmd = Command::resume(answer(&id, "answer 1")).with_update(json!({ "my_key": "foofoo" }));
    let out = run(graph.invoke(cmd, opts())).unwrap();
    assert_eq!(
        out,
        json!({ "my_key": "DE foofoo", "__interrupt__": [{ "value": { "value": 2 }, "id": id }] }),
        "the second interrupt of the same task keeps its id; the update shows in the output"
    );
    let paused = snapshot(&graph, thread);
    assert_eq!(paused.values, json!({ "my_key": "DE foofoo" }));
    assert_eq!(paused.next, vec!["node"]);
    assert_eq!(
        paused.interrupts,
        vec![Interrupt {
            value: json!({ "value": 2 }),
            id: id.clone(),
        }]
    );

    let out = run(graph.invoke(Command::resume(answer(&id, "answer 2")), opts())).unwrap();
    assert_eq!(out, json!({ "my_key": "DE foofoo answer 1 answer 2" }));
    let done = snapshot(&graph, thread);
    assert_eq!(done.values, json!({ "my_key": "DE foofoo answer 1 answer 2" }));
    assert!(done.next.is_empty(), "next: {:?}", done.next);
    assert!(done.interrupts.is_empty());
    assert_eq!(calls.get("node"), 3);
    assert_eq!(
        *seen.borrow(),
        vec!["DE", "DE foofoo", "DE foofoo"],
        "the node saw the command's update on both re-runs, and only once"
    );
}

/// Ports `test_pregel.py::test_interrupt_multiple[null]`.
#[test]
fn two_interrupts_in_one_node_resumed_with_a_bare_value_and_an_update_end_as_de_foofoo_answer_1_answer_2() {
    interrupt_multiple(false);
}

/// Ports `test_pregel.py::test_interrupt_multiple[map]`.
#[test]
fn two_interrupts_in_one_node_resumed_by_id_map_with_an_update_end_as_de_foofoo_answer_1_answer_2() {
    interrupt_multiple(true);
}

// ---------------------------------------------------------------------------------------------
// 2. test_multi_resume

/// Ports `test_pregel.py::test_multi_resume`: five `Send`s to `ask` interrupt together, and one
/// id-map resume answers them all.
#[test]
fn five_sends_interrupt_together_and_one_id_map_resume_answers_all_five_in_send_order() {
    let calls = Calls::default();
    let prompts = ["a", "b", "c", "d", "e"];
    let mut builder = StateGraph::new();
    builder.last_value("prompts").unwrap();
    builder.reducer("human_inputs", Reducer::Append, None).unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "ask",
                node_fn(move |state, rt| {
                    calls.hit("ask");
                    let answer = rt.interrupt(json!(state.str("prompt")))?;
                    Ok(json!({ "human_inputs": [answer] }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_conditional_edges(
            START,
            path_fn(|state| {
                Ok(state
                    .get("prompts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|p| Goto::Send(Send::new("ask", json!({ "prompt": p }))))
                    .collect())
            }),
            None::<Vec<(String, String)>>,
        )
        .unwrap();
    builder.add_edge("ask", END).unwrap();
    let graph = compile(&builder);
    let opts = || RunOptions::thread("multi");

    let out = run(graph.invoke(json!({ "prompts": prompts }), opts())).unwrap();
    let interrupts = interrupts_of(&out);
    assert_eq!(interrupts.len(), 5, "{out}");
    let mut values: Vec<String> = interrupts
        .iter()
        .map(|i| i.value.as_str().unwrap().to_string())
        .collect();
    values.sort();
    assert_eq!(values, prompts);
    let mut ids: Vec<String> = interrupts.iter().map(|i| i.id.clone()).collect();
    ids.iter().for_each(|id| assert_interrupt_id(id));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "five distinct interrupt ids: {interrupts:?}");
    assert_eq!(out["prompts"], json!(prompts));
    assert_eq!(calls.get("ask"), 5);

    let paused = snapshot(&graph, "multi");
    assert_eq!(paused.next, vec!["ask"; 5]);
    let mut pending: Vec<String> = paused.interrupts.iter().map(|i| i.id.clone()).collect();
    pending.sort();
    assert_eq!(pending, ids, "get_state shows the same five interrupts");

    let mut resume = Map::new();
    for i in &paused.interrupts {
        resume.insert(
            i.id.clone(),
            json!(format!("human input for prompt {}", i.value.as_str().unwrap())),
        );
    }
    let out = run(graph.invoke(Command::resume(Value::Object(resume)), opts())).unwrap();
    let expected: Vec<String> = prompts.iter().map(|p| format!("human input for prompt {p}")).collect();
    assert_eq!(out, json!({ "prompts": prompts, "human_inputs": expected }));
    assert_eq!(calls.get("ask"), 10, "each Send's task ran once more");
    let done = snapshot(&graph, "multi");
    assert!(done.next.is_empty());
    assert!(done.interrupts.is_empty());
}

// ---------------------------------------------------------------------------------------------
// 3. and 4. test_send_dedupe_on_resume, test_partial_pending_checkpoint

/// START → "1"; "1" branches to `[Send("2", {n: 3}), Send("flaky", {n: 4}), "3.1"]`; "2" and
/// "flaky" → "3". "flaky" interrupts on its first call only (like Python's `InterruptOnce`,
/// which raises `NodeInterrupt` once), so a null-input resume lets it finish. `two_yields` and
/// `flaky_yields` order the finishes inside the step.
fn send_graph(calls: &Calls, two_yields: u8, flaky_yields: u8) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.reducer("items", Reducer::Append, None).unwrap();
    for name in ["1", "3", "3.1"] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(json!({ "items": [name] }).into())
                }),
            )
            .unwrap();
    }
    {
        let calls = calls.clone();
        builder
            .add_node(
                "2",
                async_node(move |state, _| {
                    let calls = calls.clone();
                    async move {
                        calls.hit("2");
                        common::yield_times(two_yields).await;
                        Ok(json!({ "items": [format!("2|{}", state.get("n").unwrap())] }).into())
                    }
                }),
            )
            .unwrap();
    }
    {
        let calls = calls.clone();
        builder
            .add_node(
                "flaky",
                async_node(move |state, rt| {
                    let calls = calls.clone();
                    async move {
                        calls.hit("flaky");
                        common::yield_times(flaky_yields).await;
                        if calls.get("flaky") == 1 {
                            rt.interrupt(json!("Bahh"))?;
                        }
                        Ok(json!({ "items": [format!("flaky|{}", state.get("n").unwrap())] }).into())
                    }
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "1")
        .unwrap()
        .add_edge("2", "3")
        .unwrap()
        .add_edge("flaky", "3")
        .unwrap()
        .add_edge("3", END)
        .unwrap()
        .add_edge("3.1", END)
        .unwrap();
    builder
        .add_conditional_edges(
            "1",
            path_fn(|_| {
                Ok(vec![
                    Goto::Send(Send::new("2", json!({ "n": 3 }))),
                    Goto::Send(Send::new("flaky", json!({ "n": 4 }))),
                    Goto::Node("3.1".into()),
                ])
            }),
            None::<Vec<(String, String)>>,
        )
        .unwrap();
    compile(&builder)
}

/// Ports `test_large_cases.py::test_send_dedupe_on_resume`: the Send task "2" finished in the
/// step where "flaky" interrupted; resuming re-runs only "flaky".
#[test]
fn a_send_task_that_finished_beside_an_interrupted_send_task_is_not_rerun_on_resume() {
    let calls = Calls::default();
    let graph = send_graph(&calls, 0, 0);
    let opts = || RunOptions::thread("dedupe");

    // Step 2 runs "3.1" (PULL) and "2", "flaky" (PUSH). Writes are applied PULL first, then PUSH
    // in Send order (reference 1, apply_writes), whatever the finish order.
    let out = run(graph.invoke(json!({ "items": ["0"] }), opts())).unwrap();
    let interrupts = interrupts_of(&out);
    assert_eq!(interrupts.len(), 1, "{out}");
    assert_eq!(interrupts[0].value, json!("Bahh"));
    assert_eq!(out["items"], json!(["0", "1", "3.1", "2|3"]));
    assert_eq!(
        (
            calls.get("1"),
            calls.get("2"),
            calls.get("3.1"),
            calls.get("flaky"),
            calls.get("3")
        ),
        (1, 1, 1, 1, 0)
    );

    let out = run(graph.invoke(Value::Null, opts())).unwrap();
    assert_eq!(out, json!({ "items": ["0", "1", "3.1", "2|3", "flaky|4", "3"] }));
    assert_eq!(calls.get("2"), 1, "\"2\" is not re-run: its saved writes are reused");
    assert_eq!(calls.get("flaky"), 2, "\"flaky\" is re-run: it was interrupted");
    assert_eq!(
        (calls.get("1"), calls.get("3.1"), calls.get("3")),
        (1, 1, 1),
        "\"3\" runs once, after both of its sources"
    );
    assert!(snapshot(&graph, "dedupe").next.is_empty());
}

/// Ports `test_large_cases.py::test_partial_pending_checkpoint`: the result of a Send task
/// that finished in the step where its sibling interrupted is kept as a pending write and shows
/// in `get_state` at the pause — whether it finished before the interrupt or after it (an
/// interrupt does not cancel in-flight siblings; LangGraph `_should_stop_others`).
#[test]
fn a_send_tasks_result_from_the_interrupted_step_is_kept_and_shown_in_get_state_at_the_pause() {
    for (case, two_yields, flaky_yields) in [("send-first", 0, 5), ("interrupt-first", 5, 0)] {
        let calls = Calls::default();
        let graph = send_graph(&calls, two_yields, flaky_yields);
        let thread = format!("partial-{case}");

        let out = run(graph.invoke(json!({ "items": ["0"] }), RunOptions::thread(&thread))).unwrap();
        assert_eq!(interrupts_of(&out).len(), 1, "{case}: {out}");
        assert_eq!(out["items"], json!(["0", "1", "3.1", "2|3"]), "{case}");

        let paused = snapshot(&graph, &thread);
        assert_eq!(paused.values, json!({ "items": ["0", "1", "3.1", "2|3"] }), "{case}");
        assert_eq!(paused.next, vec!["flaky"], "{case}: only the interrupted task is next");
        assert_eq!(paused.interrupts.len(), 1, "{case}");
        assert_eq!(paused.tasks.len(), 3, "{case}: {:?}", paused.tasks);
        let task = |name: &str| {
            paused
                .tasks
                .iter()
                .find(|t| t.name == name)
                .unwrap_or_else(|| panic!("{case}: no task {name} in {:?}", paused.tasks))
        };
        assert_eq!(task("2").result, Some(json!({ "items": ["2|3"] })), "{case}");
        assert_eq!(task("3.1").result, Some(json!({ "items": ["3.1"] })), "{case}");
        assert_eq!(task("flaky").result, None, "{case}");
        assert_eq!(task("flaky").interrupts, paused.interrupts, "{case}");
        // No checkpoint for the paused step: the head is the step that ran "1" (step 1).
        assert_eq!(step(&paused), 1, "{case}");
        assert_eq!(source(&paused), CheckpointSource::Loop, "{case}");
        assert_eq!(
            history(&graph, &thread).len(),
            3,
            "{case}: input, START's step, \"1\"'s step"
        );

        // Named by id, the checkpoint is shown without its pending writes (LangGraph applies them
        // only to the latest state), so every task of the step is next.
        let by_id = snapshot_at(&graph, &paused.config);
        assert_eq!(by_id.values, json!({ "items": ["0", "1"] }), "{case}");
        assert_eq!(sorted(by_id.next.clone()), vec!["2", "3.1", "flaky"], "{case}");

        let out = run(graph.invoke(Value::Null, RunOptions::thread(&thread))).unwrap();
        assert_eq!(
            out,
            json!({ "items": ["0", "1", "3.1", "2|3", "flaky|4", "3"] }),
            "{case}"
        );
        assert_eq!(
            (calls.get("2"), calls.get("3.1"), calls.get("flaky")),
            (1, 1, 2),
            "{case}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 5. test_double_interrupt_subgraph

/// The child of `test_double_interrupt_subgraph`: node_1 and node_2 each ask once; node_1's
/// answer goes to `first`, node_2's to `second`.
fn double_interrupt_child(calls: &Calls) -> StateGraph {
    let mut child = StateGraph::new();
    child
        .last_value("input")
        .unwrap()
        .last_value("first")
        .unwrap()
        .last_value("second")
        .unwrap();
    for (name, key) in [("node_1", "first"), ("node_2", "second")] {
        let calls = calls.clone();
        child
            .add_node(
                name,
                node_fn(move |_, rt| {
                    calls.hit(name);
                    let result = rt.interrupt(json!(format!("interrupt {}", name.replace('_', " "))))?;
                    Ok(json!({ key: result }).into())
                }),
            )
            .unwrap();
    }
    child
        .add_edge(START, "node_1")
        .unwrap()
        .add_edge("node_1", "node_2")
        .unwrap()
        .add_edge("node_2", END)
        .unwrap();
    child
}

fn parent_of(child: CompiledGraph) -> CompiledGraph {
    let mut parent = StateGraph::new();
    parent
        .last_value("input")
        .unwrap()
        .last_value("first")
        .unwrap()
        .last_value("second")
        .unwrap();
    parent.add_node("invoke_sub_agent", child).unwrap();
    parent
        .add_edge(START, "invoke_sub_agent")
        .unwrap()
        .add_edge("invoke_sub_agent", END)
        .unwrap();
    compile(&parent)
}

/// Ports `test_pregel.py::test_double_interrupt_subgraph`: sequential interrupts in two nodes,
/// first with the graph run directly, then as a subgraph resumed from the parent one answer at a
/// time; both answers reach the parent's state.
#[test]
fn a_subgraph_with_two_interrupting_nodes_is_resumed_from_the_parent_one_answer_at_a_time() {
    let updates = |thread: &str| RunOptions::thread(thread).with_stream_mode(&[StreamMode::Updates]);

    // Directly.
    let calls = Calls::default();
    let direct = compile(&double_interrupt_child(&calls));
    let parts = datas(run(direct.stream_all(json!({ "input": "test" }), updates("direct"))).unwrap());
    let id1 = parts[0]["__interrupt__"][0]["id"].as_str().expect("an id").to_string();
    assert_eq!(
        parts,
        vec![json!({ "__interrupt__": [{ "value": "interrupt node 1", "id": id1 }] })]
    );
    let parts = datas(run(direct.stream_all(Command::resume(json!("123")), updates("direct"))).unwrap());
    assert_eq!(parts.len(), 2, "{parts:?}");
    let id2 = parts[1]["__interrupt__"][0]["id"].as_str().expect("an id").to_string();
    assert_ne!(id1, id2, "another task, another id");
    assert_eq!(
        parts,
        vec![
            json!({ "node_1": { "first": "123" } }),
            json!({ "__interrupt__": [{ "value": "interrupt node 2", "id": id2 }] }),
        ]
    );
    let parts = datas(run(direct.stream_all(Command::resume(json!("456")), updates("direct"))).unwrap());
    assert_eq!(parts, vec![json!({ "node_2": { "second": "456" } })]);
    assert_eq!((calls.get("node_1"), calls.get("node_2")), (2, 2));

    // As a node of a parent graph: the child's updates are not in the parent's stream.
    let calls = Calls::default();
    let child = double_interrupt_child(&calls)
        .compile(CompileOptions::default())
        .unwrap();
    let graph = parent_of(child);
    let parts = datas(run(graph.stream_all(json!({ "input": "test" }), updates("parent"))).unwrap());
    assert_eq!(parts.len(), 1, "{parts:?}");
    let id1 = parts[0]["__interrupt__"][0]["id"].as_str().expect("an id").to_string();
    assert_interrupt_id(&id1);
    assert_eq!(
        parts,
        vec![json!({ "__interrupt__": [{ "value": "interrupt node 1", "id": id1 }] })]
    );
    assert_eq!(snapshot(&graph, "parent").next, vec!["invoke_sub_agent"]);

    let parts = datas(run(graph.stream_all(Command::resume(json!("A1")), updates("parent"))).unwrap());
    assert_eq!(parts.len(), 1, "{parts:?}");
    let id2 = parts[0]["__interrupt__"][0]["id"].as_str().expect("an id").to_string();
    assert_interrupt_id(&id2);
    assert_ne!(id1, id2, "node_2's task in the child has its own namespace");
    assert_eq!(
        parts,
        vec![json!({ "__interrupt__": [{ "value": "interrupt node 2", "id": id2 }] })]
    );
    let paused = snapshot(&graph, "parent");
    assert_eq!(paused.next, vec!["invoke_sub_agent"]);
    assert_eq!(
        paused.values,
        json!({ "input": "test" }),
        "the parent's state changes only at the end"
    );
    assert_eq!(
        paused.interrupts,
        vec![Interrupt {
            value: json!("interrupt node 2"),
            id: id2.clone(),
        }]
    );

    let parts = datas(run(graph.stream_all(Command::resume(json!("A2")), updates("parent"))).unwrap());
    assert_eq!(
        parts,
        vec![json!({ "invoke_sub_agent": { "input": "test", "first": "A1", "second": "A2" } })]
    );
    let done = snapshot(&graph, "parent");
    assert_eq!(done.values, json!({ "input": "test", "first": "A1", "second": "A2" }));
    assert!(done.next.is_empty());
    assert_eq!(
        (calls.get("node_1"), calls.get("node_2")),
        (2, 2),
        "node_1 is not re-run once node_2 asks"
    );
}

/// Ports `test_pregel.py::test_double_interrupt_subgraph` (the "inside a node" variant): one
/// child node calls `interrupt()` twice; the parent resumes it one answer at a time.
#[test]
fn a_subgraph_node_that_interrupts_twice_is_resumed_from_the_parent_one_answer_at_a_time() {
    let calls = Calls::default();
    let mut child = StateGraph::new();
    child
        .last_value("input")
        .unwrap()
        .last_value("first")
        .unwrap()
        .last_value("second")
        .unwrap();
    {
        let calls = calls.clone();
        child
            .add_node(
                "ask_twice",
                node_fn(move |_, rt| {
                    calls.hit("ask_twice");
                    let first = rt.interrupt(json!("interrupt 1"))?;
                    let second = rt.interrupt(json!("interrupt 2"))?;
                    Ok(json!({ "first": first, "second": second }).into())
                }),
            )
            .unwrap();
    }
    child.add_edge(START, "ask_twice").unwrap();
    let graph = parent_of(child.compile(CompileOptions::default()).unwrap());
    let opts = || RunOptions::thread("twice");

    let out = run(graph.invoke(json!({ "input": "test" }), opts())).unwrap();
    let first = interrupts_of(&out);
    assert_eq!(first.len(), 1, "{out}");
    let id = first[0].id.clone();
    assert_eq!(
        out,
        json!({ "input": "test", "__interrupt__": [{ "value": "interrupt 1", "id": id }] })
    );

    let out = run(graph.invoke(Command::resume(json!("A1")), opts())).unwrap();
    assert_eq!(
        out,
        json!({ "input": "test", "__interrupt__": [{ "value": "interrupt 2", "id": id }] }),
        "the same child task asks again, under the same id"
    );

    let out = run(graph.invoke(Command::resume(json!("A2")), opts())).unwrap();
    assert_eq!(out, json!({ "input": "test", "first": "A1", "second": "A2" }));
    assert_eq!(calls.get("ask_twice"), 3);
    assert!(snapshot(&graph, "twice").next.is_empty());
}

// ---------------------------------------------------------------------------------------------
// 6. test_nested_graph_interrupts_parallel

/// Ports `test_pregel.py::test_nested_graph_interrupts_parallel`: START → (inner, outer_1) →
/// outer_2, the inner subgraph compiled with `interrupt_before=["inner_2"]`.
#[test]
fn a_breakpoint_inside_a_parallel_subgraph_pauses_the_parent_and_the_finished_sibling_is_not_rerun() {
    let calls = Calls::default();
    let mut inner = StateGraph::new();
    inner.reducer("my_key", Reducer::Add, None).unwrap();
    inner.last_value("my_other_key").unwrap();
    for (name, add) in [("inner_1", "got here"), ("inner_2", " and there")] {
        let calls = calls.clone();
        inner
            .add_node(
                name,
                node_fn(move |state, _| {
                    calls.hit(name);
                    Ok(json!({ "my_key": add, "my_other_key": state.str("my_key") }).into())
                }),
            )
            .unwrap();
    }
    inner
        .add_edge(START, "inner_1")
        .unwrap()
        .add_edge("inner_1", "inner_2")
        .unwrap()
        .add_edge("inner_2", END)
        .unwrap();
    let inner = inner
        .compile(CompileOptions {
            interrupt_before: Breakpoints::nodes(["inner_2"]),
            ..Default::default()
        })
        .unwrap();

    let mut builder = StateGraph::new();
    builder.reducer("my_key", Reducer::Add, None).unwrap();
    builder.add_node("inner", inner).unwrap();
    for (name, add) in [("outer_1", " and parallel"), ("outer_2", " and back again")] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(json!({ "my_key": add }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "inner")
        .unwrap()
        .add_edge(START, "outer_1")
        .unwrap()
        .add_join(["inner", "outer_1"], "outer_2")
        .unwrap()
        .add_edge("outer_2", END)
        .unwrap();
    let graph = compile(&builder);
    let opts = || RunOptions::thread("nested");

    // A static breakpoint: the output has an empty `__interrupt__` list (DESIGN.md); LangGraph
    // Python returns `{"my_key": " and parallel"}`.
    let out = run(graph.invoke(json!({ "my_key": "" }), opts())).unwrap();
    assert_eq!(out, json!({ "my_key": " and parallel", "__interrupt__": [] }));
    let paused = snapshot(&graph, "nested");
    assert_eq!(paused.next, vec!["inner"], "outer_1 finished; its write is pending");
    assert_eq!(paused.values, json!({ "my_key": " and parallel" }));
    assert!(paused.interrupts.is_empty(), "a breakpoint has no interrupt values");
    assert_eq!(
        (
            calls.get("inner_1"),
            calls.get("inner_2"),
            calls.get("outer_1"),
            calls.get("outer_2")
        ),
        (1, 0, 1, 0)
    );

    // Writes of step 0 fold in task order: inner ("got here and there") before outer_1.
    let out = run(graph.invoke(Value::Null, opts())).unwrap();
    assert_eq!(
        out,
        json!({ "my_key": "got here and there and parallel and back again" })
    );
    assert_eq!(
        (
            calls.get("inner_1"),
            calls.get("inner_2"),
            calls.get("outer_1"),
            calls.get("outer_2")
        ),
        (1, 1, 1, 1),
        "outer_1 is not re-run (its result is cached); inner_1 is not re-run either"
    );
    let done = snapshot(&graph, "nested");
    assert!(done.next.is_empty());
    assert_eq!(
        done.values,
        json!({ "my_key": "got here and there and parallel and back again" })
    );
}

// ---------------------------------------------------------------------------------------------
// 7. test_fork_does_not_apply_pending_writes

/// Ports `test_pregel.py::test_fork_does_not_apply_pending_writes`: value = 1, node_a adds 10,
/// node_b adds 100. Forking from the checkpoint before node_a with `update_state({value: 20},
/// as_node="node_a")` gives 1 + 20 = 21 (not 31: node_a's old pending write of 10 is not
/// applied), and running on gives 121.
#[test]
fn forking_before_a_node_as_that_node_does_not_apply_its_old_pending_writes_and_gives_121() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("value", Reducer::Add, Some(json!(0))).unwrap();
    for (name, add) in [("node_a", 10), ("node_b", 100)] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(json!({ "value": add }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "node_a")
        .unwrap()
        .add_edge("node_a", "node_b")
        .unwrap()
        .add_edge("node_b", END)
        .unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(json!({ "value": 1 }), RunOptions::thread("fork"))).unwrap();
    assert_eq!(out, json!({ "value": 111 }));
    let all = history(&graph, "fork");
    assert_eq!(
        all.iter().map(|s| s.values["value"].clone()).collect::<Vec<_>>(),
        vec![json!(111), json!(11), json!(1), json!(0)]
    );
    let before_a = all
        .iter()
        .find(|s| s.next == vec!["node_a".to_string()])
        .expect("a checkpoint whose next is node_a");
    assert_eq!(step(before_a), 0);

    let fork = run(graph.update_state(&at(&before_a.config), json!({ "value": 20 }), Some("node_a"))).unwrap();
    let forked = snapshot_at(&graph, &fork);
    assert_eq!(
        forked.values,
        json!({ "value": 21 }),
        "node_a's old write (10) is not applied"
    );
    assert_eq!(forked.next, vec!["node_b"]);
    assert_eq!(source(&forked), CheckpointSource::Update);
    assert_eq!(step(&forked), 1);
    assert_eq!(parent_id(&forked), Some(id_of_snapshot(before_a)));

    let out = run(graph.invoke(Value::Null, RunOptions::default().with_config(at(&fork)))).unwrap();
    assert_eq!(out, json!({ "value": 121 }));
    assert_eq!(
        (calls.get("node_a"), calls.get("node_b")),
        (1, 2),
        "node_a is not re-run: its update came from update_state"
    );
    let latest = snapshot(&graph, "fork");
    assert_eq!(latest.values, json!({ "value": 121 }));
    assert!(latest.next.is_empty());
    assert_eq!(history(&graph, "fork").len(), 6, "4 + the update + node_b's step");
}

// ---------------------------------------------------------------------------------------------
// 8. test_time_travel.py

/// START → a → ask → b; `ask` asks "ask?" and appends `ask:<answer>`.
fn ask_graph(calls: &Calls) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    for name in ["a", "b"] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(json!({ "trace": [name] }).into())
                }),
            )
            .unwrap();
    }
    {
        let calls = calls.clone();
        builder
            .add_node(
                "ask",
                node_fn(move |_, rt| {
                    calls.hit("ask");
                    let answer = rt.interrupt(json!("ask?"))?;
                    Ok(json!({ "trace": [format!("ask:{}", answer.as_str().unwrap_or_default())] }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("a", "ask")
        .unwrap()
        .add_edge("ask", "b")
        .unwrap()
        .add_edge("b", END)
        .unwrap();
    compile(&builder)
}

/// Ports `test_time_travel.py::test_replay_from_final_checkpoint_is_noop`.
#[test]
fn replaying_from_the_final_checkpoint_runs_no_node_and_leaves_the_state_unchanged() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    let mut previous = START;
    for name in ["a", "b", "c"] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(json!({ "trace": [name] }).into())
                }),
            )
            .unwrap();
        builder.add_edge(previous, name).unwrap();
        previous = name;
    }
    builder.add_edge("c", END).unwrap();
    let graph = compile(&builder);
    run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("noop"))).unwrap();
    let last = snapshot(&graph, "noop");
    assert!(last.next.is_empty());
    assert_eq!(history(&graph, "noop").len(), 5);

    let out = run(graph.invoke(Value::Null, RunOptions::default().with_config(at(&last.config)))).unwrap();

    assert_eq!(out, json!({ "trace": ["a", "b", "c"] }));
    assert_eq!(
        (calls.get("a"), calls.get("b"), calls.get("c")),
        (1, 1, 1),
        "no node ran"
    );
    let after = snapshot(&graph, "noop");
    assert_eq!(after.values, json!({ "trace": ["a", "b", "c"] }));
    assert!(after.next.is_empty());
    // LangGraph's `_first` saves a `fork` checkpoint whenever it time-travels from a `loop`
    // checkpoint (before knowing there is nothing to run): one more, a copy of the final state.
    let all = history(&graph, "noop");
    assert_eq!(all.len(), 6, "the fork checkpoint");
    assert_eq!(source(&all[0]), CheckpointSource::Fork);
    assert_eq!(step(&all[0]), step(&last) + 1);
    assert_eq!(parent_id(&all[0]), Some(id_of_snapshot(&last)));
    assert_eq!(all[0].values, last.values);
}

/// Ports `test_time_travel.py::test_replay_from_before_interrupt_refires`.
///
/// The reference (section 3, "Replay") says a replay ignores the checkpoint's pending and
/// RESUME writes, saves a `fork` child and re-executes from there, and that interrupts fire
/// again with new ids. Python's verified counts, ask=3, a=1, b=1, are taken right after the
/// replay has re-fired the interrupt (1 first run + 1 resume + 1 replay). This test asserts
/// those, then also answers the re-fired interrupt: `ask` re-runs once more and `b` runs again,
/// so the counts become ask=4, a=1, b=2.
#[test]
fn replaying_from_the_checkpoint_before_an_interrupt_fires_it_again_with_a_new_id() {
    let calls = Calls::default();
    let graph = ask_graph(&calls);
    let opts = || RunOptions::thread("refire");

    let out = run(graph.invoke(json!({ "trace": [] }), opts())).unwrap();
    let first = interrupts_of(&out);
    assert_eq!(first.len(), 1);
    let id1 = first[0].id.clone();
    let out = run(graph.invoke(Command::resume(json!("first")), opts())).unwrap();
    assert_eq!(out, json!({ "trace": ["a", "ask:first", "b"] }));
    assert_eq!((calls.get("a"), calls.get("ask"), calls.get("b")), (1, 2, 1));

    let all = history(&graph, "refire");
    let before_ask: Vec<&StateSnapshot> = all.iter().filter(|s| s.next == vec!["ask".to_string()]).collect();
    assert_eq!(before_ask.len(), 1, "one checkpoint whose next is ask");
    let before_ask = before_ask[0].clone();
    assert_eq!(before_ask.values, json!({ "trace": ["a"] }));

    let out = run(graph.invoke(Value::Null, RunOptions::default().with_config(at(&before_ask.config)))).unwrap();
    let refired = interrupts_of(&out);
    assert_eq!(refired.len(), 1, "{out}");
    let id2 = refired[0].id.clone();
    assert_interrupt_id(&id2);
    assert_ne!(id1, id2, "the fork's task has a new id, and so does its interrupt");
    assert_eq!(
        out,
        json!({ "trace": ["a"], "__interrupt__": [{ "value": "ask?", "id": id2 }] }),
        "the old answer is not reused"
    );
    assert_eq!(
        (calls.get("ask"), calls.get("a"), calls.get("b")),
        (3, 1, 1),
        "Python's verified counts"
    );
    let paused = snapshot(&graph, "refire");
    assert_eq!(source(&paused), CheckpointSource::Fork);
    assert_eq!(step(&paused), step(&before_ask) + 1);
    assert_eq!(parent_id(&paused), Some(id_of_snapshot(&before_ask)));
    assert_eq!(paused.next, vec!["ask"]);
    assert_eq!(
        paused.interrupts,
        vec![Interrupt {
            value: json!("ask?"),
            id: id2.clone(),
        }]
    );

    let out = run(graph.invoke(Command::resume(json!("second")), opts())).unwrap();
    assert_eq!(out, json!({ "trace": ["a", "ask:second", "b"] }));
    assert_eq!((calls.get("ask"), calls.get("a"), calls.get("b")), (4, 1, 2));
    assert!(snapshot(&graph, "refire").next.is_empty());
}

/// Ports `test_time_travel.py::test_copy_fork_retriggers_interrupt`: `update_state(None,
/// as_node="__copy__")` on the interrupted checkpoint makes a sibling copy (`source: fork`,
/// step + 1, same parent) without the original's pending interrupt; running it with null input
/// fires the interrupt again, under a new id.
#[test]
fn a_copy_fork_of_an_interrupted_checkpoint_fires_the_interrupt_again_with_a_new_id() {
    let calls = Calls::default();
    let graph = ask_graph(&calls);
    let out = run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("copy"))).unwrap();
    let id1 = interrupts_of(&out)[0].id.clone();
    let head = snapshot(&graph, "copy");
    assert_eq!(head.next, vec!["ask"]);

    let fork = run(graph.update_state(&at(&head.config), Value::Null, Some("__copy__"))).unwrap();
    assert_ne!(fork.checkpoint_id, head.config.checkpoint_id);
    let copy = snapshot_at(&graph, &fork);
    assert_eq!(source(&copy), CheckpointSource::Fork);
    assert_eq!(step(&copy), step(&head) + 1);
    assert_eq!(copy.values, json!({ "trace": ["a"] }));
    assert_eq!(copy.next, vec!["ask"]);
    assert!(copy.interrupts.is_empty(), "the copy has no pending writes");
    let latest = snapshot(&graph, "copy");
    assert_eq!(
        latest.config.checkpoint_id, fork.checkpoint_id,
        "the copy is the thread's head"
    );

    let out = run(graph.invoke(Value::Null, RunOptions::default().with_config(at(&fork)))).unwrap();
    let refired = interrupts_of(&out);
    assert_eq!(refired.len(), 1, "{out}");
    let id2 = refired[0].id.clone();
    assert_ne!(id1, id2);
    assert_eq!(
        out,
        json!({ "trace": ["a"], "__interrupt__": [{ "value": "ask?", "id": id2 }] })
    );
    assert_eq!((calls.get("a"), calls.get("ask"), calls.get("b")), (1, 2, 0));

    let out = run(graph.invoke(Command::resume(json!("yes")), RunOptions::thread("copy"))).unwrap();
    assert_eq!(out, json!({ "trace": ["a", "ask:yes", "b"] }));
    assert_eq!((calls.get("a"), calls.get("ask"), calls.get("b")), (1, 3, 1));

    // LangGraph's `bulk_update_state` puts the copy with `saved.parent_config`: the copy is a
    // sibling of the copied checkpoint, not its child (reference 3: "sibling copy"). Checked
    // last so that the rest of the scenario runs whatever this gives.
    assert_eq!(
        parent_id(&copy),
        parent_id(&head),
        "the copy's parent is the copied checkpoint's parent (copied checkpoint: {})",
        id_of_snapshot(&head)
    );
}

// ---------------------------------------------------------------------------------------------
// 9. test_checkpoint_recovery

/// Ports `test_pregel.py::test_checkpoint_recovery`: node1 fails while `attempt == 1`; the
/// failure is kept on the last good checkpoint; new input with `attempt: 2` runs to the end;
/// history has 6 checkpoints (2 with exit durability); `delete_thread` removes them all.
#[test]
fn a_failed_run_is_recovered_with_new_input_and_delete_thread_removes_every_checkpoint() {
    for (durability, expected_history) in [(Durability::Sync, 6), (Durability::Exit, 2)] {
        let calls = Calls::default();
        let mut builder = StateGraph::new();
        builder.reducer("steps", Reducer::Append, None).unwrap();
        builder.last_value("attempt").unwrap();
        {
            let calls = calls.clone();
            builder
                .add_node(
                    "node1",
                    node_fn(move |state, _| {
                        calls.hit("node1");
                        if state.get("attempt") == Some(&json!(1)) {
                            return Err(langgraph_wasm::NodeError::new("RuntimeError", "Simulated failure"));
                        }
                        Ok(json!({ "steps": ["node1"] }).into())
                    }),
                )
                .unwrap();
        }
        {
            let calls = calls.clone();
            builder
                .add_node(
                    "node2",
                    node_fn(move |_, _| {
                        calls.hit("node2");
                        Ok(json!({ "steps": ["node2"] }).into())
                    }),
                )
                .unwrap();
        }
        builder
            .add_edge(START, "node1")
            .unwrap()
            .add_edge("node1", "node2")
            .unwrap()
            .add_edge("node2", END)
            .unwrap();
        let saver = Rc::new(MemorySaver::new());
        let checkpointer: Rc<dyn Checkpointer> = saver.clone();
        let graph = builder
            .compile(CompileOptions {
                checkpointer: Some(checkpointer),
                ..Default::default()
            })
            .expect("graph compiles");
        let opts = |thread: &str| RunOptions::thread(thread).with_durability(durability);
        let case = format!("{durability:?}");

        let err: GraphError =
            run(graph.invoke(json!({ "steps": ["start"], "attempt": 1 }), opts("t"))).expect_err("node1 fails");
        assert!(err.to_string().contains("Simulated failure"), "{case}: {err}");
        let state = snapshot(&graph, "t");
        assert_eq!(state.values, json!({ "steps": ["start"], "attempt": 1 }), "{case}");
        assert_eq!(state.next, vec!["node1"], "{case}");
        let error = state.tasks[0].error.as_ref().expect("the failed task's error");
        assert!(error.to_string().contains("Simulated failure"), "{case}: {error}");

        let out = run(graph.invoke(json!({ "steps": [], "attempt": 2 }), opts("t"))).unwrap();
        assert_eq!(
            out,
            json!({ "steps": ["start", "node1", "node2"], "attempt": 2 }),
            "{case}"
        );
        assert_eq!((calls.get("node1"), calls.get("node2")), (2, 1), "{case}");
        // Sync: input(-1), START(0), [node1 fails: none], input(1), START(2), node1(3), node2(4).
        let all = history(&graph, "t");
        assert_eq!(all.len(), expected_history, "{case}");
        let failed = all
            .iter()
            .find(|s| s.tasks.first().is_some_and(|t| t.error.is_some()))
            .unwrap_or_else(|| panic!("{case}: a checkpoint with the failed task's error"));
        assert!(
            failed.tasks[0]
                .error
                .as_ref()
                .unwrap()
                .to_string()
                .contains("Simulated failure"),
            "{case}"
        );

        // Another thread, to check that only the named one goes.
        run(graph.invoke(json!({ "steps": [], "attempt": 2 }), opts("other"))).unwrap();
        let other_before = history(&graph, "other").len();

        run(Checkpointer::delete_thread(&*saver, "t")).expect("delete_thread");

        assert!(history(&graph, "t").is_empty(), "{case}: no checkpoint left");
        let state = snapshot(&graph, "t");
        assert_eq!(state.values, json!({}), "{case}");
        assert!(state.next.is_empty(), "{case}");
        assert!(state.tasks.is_empty(), "{case}");
        assert_eq!(
            history(&graph, "other").len(),
            other_before,
            "{case}: other threads are kept"
        );

        // The thread starts afresh.
        let out = run(graph.invoke(json!({ "steps": ["again"], "attempt": 2 }), opts("t"))).unwrap();
        assert_eq!(
            out,
            json!({ "steps": ["again", "node1", "node2"], "attempt": 2 }),
            "{case}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 10. test_invoke_two_processes_in_out_interrupt

/// one: inbox = input + 1; two: output = inbox + 1; `interrupt_after=["one"]`.
fn two_processes(calls: &Calls) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder
        .last_value("input")
        .unwrap()
        .last_value("inbox")
        .unwrap()
        .last_value("output")
        .unwrap();
    for (name, from, to) in [("one", "input", "inbox"), ("two", "inbox", "output")] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |state, _| {
                    calls.hit(name);
                    let x = state.get(from).and_then(Value::as_i64).unwrap_or_default();
                    Ok(json!({ to: x + 1 }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "one")
        .unwrap()
        .add_edge("one", "two")
        .unwrap()
        .add_edge("two", END)
        .unwrap();
    compile_with(
        &builder,
        CompileOptions {
            interrupt_after: Breakpoints::nodes(["one"]),
            ..Default::default()
        },
    )
}

/// Ports `test_large_cases.py::test_invoke_two_processes_in_out_interrupt` (Python builds it on
/// raw `Pregel`, whose input needs no START step: 8 snapshots there; our `StateGraph` adds one
/// START step per input, so 11 here).
#[test]
fn new_input_at_a_breakpoint_discards_the_pending_node_and_history_lists_every_snapshot() {
    let calls = Calls::default();
    let graph = two_processes(&calls);
    let opts = |thread: &str| RunOptions::thread(thread);

    // Start, stop after one.
    let out = run(graph.invoke(json!({ "input": 2 }), opts("1"))).unwrap();
    assert_eq!(out, json!({ "input": 2, "inbox": 3, "__interrupt__": [] }));
    // Resume, finish.
    let out = run(graph.invoke(Value::Null, opts("1"))).unwrap();
    assert_eq!(out, json!({ "input": 2, "inbox": 3, "output": 4 }));
    // Start again, stop after one.
    let out = run(graph.invoke(json!({ "input": 20 }), opts("1"))).unwrap();
    assert_eq!(
        out,
        json!({ "input": 20, "inbox": 21, "output": 4, "__interrupt__": [] })
    );
    assert_eq!(snapshot(&graph, "1").next, vec!["two"]);
    // New input discards the pending `two`.
    let out = run(graph.invoke(json!({ "input": 3 }), opts("1"))).unwrap();
    assert_eq!(out, json!({ "input": 3, "inbox": 4, "output": 4, "__interrupt__": [] }));
    let out = run(graph.invoke(Value::Null, opts("1"))).unwrap();
    assert_eq!(out, json!({ "input": 3, "inbox": 4, "output": 5 }));
    assert_eq!(
        (calls.get("one"), calls.get("two")),
        (3, 2),
        "the discarded `two` never ran"
    );

    // Another thread: stop, update as `one`, resume.
    let out = run(graph.invoke(json!({ "input": 20 }), opts("2"))).unwrap();
    assert_eq!(out, json!({ "input": 20, "inbox": 21, "__interrupt__": [] }));
    let paused = snapshot(&graph, "2");
    assert_eq!(paused.values["inbox"], json!(21));
    assert_eq!(paused.next, vec!["two"]);
    run(graph.update_state(&RunConfig::thread("2"), json!({ "inbox": 25 }), Some("one"))).unwrap();
    let out = run(graph.invoke(Value::Null, opts("2"))).unwrap();
    assert_eq!(out, json!({ "input": 20, "inbox": 25, "output": 26 }));
    assert!(snapshot(&graph, "2").next.is_empty());

    let all = history(&graph, "1");
    let summary: Vec<(i64, CheckpointSource, Value, Vec<String>)> = all
        .iter()
        .map(|s| (step(s), source(s), s.values.clone(), s.next.clone()))
        .collect();
    use CheckpointSource::{Input, Loop};
    let next = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        summary,
        vec![
            (9, Loop, json!({ "input": 3, "inbox": 4, "output": 5 }), next(&[])),
            (8, Loop, json!({ "input": 3, "inbox": 4, "output": 4 }), next(&["two"])),
            (7, Loop, json!({ "input": 3, "inbox": 21, "output": 4 }), next(&["one"])),
            (
                6,
                Input,
                json!({ "input": 20, "inbox": 21, "output": 4 }),
                next(&[START])
            ),
            (
                5,
                Loop,
                json!({ "input": 20, "inbox": 21, "output": 4 }),
                next(&["two"])
            ),
            (4, Loop, json!({ "input": 20, "inbox": 3, "output": 4 }), next(&["one"])),
            (3, Input, json!({ "input": 2, "inbox": 3, "output": 4 }), next(&[START])),
            (2, Loop, json!({ "input": 2, "inbox": 3, "output": 4 }), next(&[])),
            (1, Loop, json!({ "input": 2, "inbox": 3 }), next(&["two"])),
            (0, Loop, json!({ "input": 2 }), next(&["one"])),
            (-1, Input, json!({}), next(&[START])),
        ]
    );
    for pair in all.windows(2) {
        assert_eq!(parent_id(&pair[0]), Some(id_of_snapshot(&pair[1])), "one linear branch");
    }
}

// ---------------------------------------------------------------------------------------------
// 11. test_interrupt_stream_mode_values

/// Ports `test_pregel.py::test_interrupt_stream_mode_values` on the seed document's graph.
#[test]
fn the_values_stream_gives_the_input_state_then_the_state_with_the_interrupt_then_on_resume_the_state_and_the_final_state(
) {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.last_value("some_text").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "human_node",
                node_fn(move |state, rt| {
                    calls.hit("human_node");
                    let answer = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
                    Ok(json!({ "some_text": answer }).into())
                }),
            )
            .unwrap();
    }
    builder.add_edge(START, "human_node").unwrap();
    let graph = compile(&builder);
    let opts = || RunOptions::thread("values").with_stream_mode(&[StreamMode::Values]);

    let parts = run(graph.stream_all(json!({ "some_text": "original text" }), opts())).unwrap();
    assert!(parts.iter().all(|p| p.mode == StreamMode::Values && p.ns.is_empty()));
    let parts = datas(parts);
    assert_eq!(parts.len(), 2, "{parts:?}");
    let id = parts[1]["__interrupt__"][0]["id"].as_str().expect("an id").to_string();
    assert_interrupt_id(&id);
    assert_eq!(
        parts,
        vec![
            json!({ "some_text": "original text" }),
            json!({
                "some_text": "original text",
                "__interrupt__": [{ "value": { "text_to_revise": "original text" }, "id": id }],
            }),
        ]
    );

    let parts = datas(run(graph.stream_all(Command::resume(json!("Edited text")), opts())).unwrap());
    assert_eq!(
        parts,
        vec![
            json!({ "some_text": "original text" }),
            json!({ "some_text": "Edited text" })
        ],
        "a resume emits the current values first"
    );
    assert_eq!(calls.get("human_node"), 2);
}
