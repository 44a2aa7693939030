//! The engine under LangGraph's functional API: root graphs (a run's input and output are single
//! values, the node keeps what it saves for the next run) and tasks a node calls
//! (`Runtime::call`), whose results are saved so that a node that runs again after an interrupt
//! does not run its finished tasks again.

mod common;

use std::rc::Rc;

use common::{compile, run, Calls};
use langgraph_wasm::graph::NodeAction;
use langgraph_wasm::{
    async_node, node_fn, Command, CompileOptions, NodeOutput, RunOptions, StateGraph, StreamMode, START,
};
use serde_json::{json, Value};

/// A task that adds one to its input and counts its runs.
fn add_one(calls: &Calls) -> Rc<dyn NodeAction> {
    let calls = calls.clone();
    node_fn(move |state, _| {
        calls.hit("add_one");
        let n = state.to_value().as_i64().unwrap_or_default();
        Ok(NodeOutput::Update(json!(n + 1)))
    })
}

/// A task that asks a person and returns the answer.
fn ask(calls: &Calls) -> Rc<dyn NodeAction> {
    let calls = calls.clone();
    node_fn(move |state, rt| {
        calls.hit("ask");
        let answer = rt.interrupt(json!({ "about": state.to_value() }))?;
        Ok(NodeOutput::Update(answer))
    })
}

/// A root graph whose node `wf` calls `add_one(input)`, then `ask(result)`, and returns both;
/// it saves the sum for the next run.
fn workflow(calls: &Calls) -> StateGraph {
    let (add, question, node_calls) = (add_one(calls), ask(calls), calls.clone());
    let mut builder = StateGraph::new();
    builder.root_io();
    builder
        .add_node(
            "wf",
            async_node(move |state, rt| {
                let (add, question, node_calls) = (add.clone(), question.clone(), node_calls.clone());
                async move {
                    node_calls.hit("wf");
                    let input = state.get("__root_input__").cloned().unwrap_or(Value::Null);
                    let previous = state.get("__previous__").cloned().unwrap_or(Value::Null);
                    let added = rt.call("add_one", add, input).await?;
                    let answer = rt.call("ask", question, added.clone()).await?;
                    Ok(json!({
                        "__end__": { "added": added, "answer": answer, "previous": previous },
                        "__previous__": added,
                    })
                    .into())
                }
            }),
        )
        .unwrap();
    builder.add_edge(START, "wf").unwrap();
    builder
}

#[test]
fn a_root_graph_takes_and_returns_single_values() {
    let mut builder = StateGraph::new();
    builder.root_io();
    builder
        .add_node(
            "double",
            node_fn(|state, _| {
                let n = state.get("__root_input__").and_then(Value::as_i64).unwrap_or_default();
                Ok(json!({ "__end__": n * 2, "__previous__": n }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "double").unwrap();
    let graph = builder.compile(CompileOptions::default()).unwrap();
    assert_eq!(run(graph.invoke(json!(21), RunOptions::default())).unwrap(), json!(42));
    let parts = run(graph.stream_all(
        json!(2),
        RunOptions::default().with_stream_mode(&[StreamMode::Updates, StreamMode::Values]),
    ))
    .unwrap();
    let shown: Vec<(StreamMode, Value)> = parts.into_iter().map(|p| (p.mode, p.data)).collect();
    // No `values` chunk before the node wrote the output (LangGraph's END channel was empty).
    assert_eq!(
        shown,
        vec![
            (StreamMode::Updates, json!({"double": 4})),
            (StreamMode::Values, json!(4))
        ]
    );
}

#[test]
fn a_paused_root_graph_returns_its_interrupts_and_a_null_state() {
    let calls = Calls::default();
    let graph = compile(&workflow(&calls));
    let out = run(graph.invoke(json!(1), RunOptions::thread("t"))).unwrap();
    assert_eq!(out["__interrupt__"][0]["value"], json!({ "about": 2 }));
    assert_eq!(out.as_object().map(|m| m.len()), Some(1));
    let state = run(graph.get_state(&langgraph_wasm::RunConfig::thread("t"), false)).unwrap();
    assert_eq!(state.values, Value::Null);
    assert_eq!(state.next, vec!["wf".to_string()]);
}

#[test]
fn on_resume_a_finished_task_returns_its_saved_result_and_is_not_run_again() {
    let calls = Calls::default();
    let graph = compile(&workflow(&calls));
    run(graph.invoke(json!(1), RunOptions::thread("t"))).unwrap();
    assert_eq!((calls.get("wf"), calls.get("add_one"), calls.get("ask")), (1, 1, 1));

    let resumed = run(graph.stream_all(
        Command::resume(json!("yes")),
        RunOptions::thread("t").with_stream_mode(&[StreamMode::Updates]),
    ))
    .unwrap();
    let updates: Vec<Value> = resumed.into_iter().map(|p| p.data).collect();
    assert_eq!(
        updates,
        vec![
            json!({"add_one": 2, "__metadata__": {"cached": true}}),
            json!({"ask": "yes"}),
            json!({"wf": {"added": 2, "answer": "yes", "previous": null}}),
        ]
    );
    // The node ran again; the finished task did not; the interrupted one ran again and got the answer.
    assert_eq!((calls.get("wf"), calls.get("add_one"), calls.get("ask")), (2, 1, 2));
}

#[test]
fn what_a_run_saves_is_the_next_runs_previous_state() {
    let calls = Calls::default();
    let graph = compile(&workflow(&calls));
    run(graph.invoke(json!(1), RunOptions::thread("t"))).unwrap();
    run(graph.invoke(Command::resume(json!("a")), RunOptions::thread("t"))).unwrap();
    run(graph.invoke(json!(10), RunOptions::thread("t"))).unwrap();
    let out = run(graph.invoke(Command::resume(json!("b")), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({"added": 11, "answer": "b", "previous": 2}));
}

#[test]
fn an_interrupt_in_a_task_is_answered_by_its_own_id() {
    let calls = Calls::default();
    let graph = compile(&workflow(&calls));
    let paused = run(graph.invoke(json!(5), RunOptions::thread("t"))).unwrap();
    let id = paused["__interrupt__"][0]["id"].as_str().unwrap().to_string();
    let out = run(graph.invoke(Command::resume(json!({ id: "by id" })), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({"added": 6, "answer": "by id", "previous": null}));
}

#[test]
fn tasks_run_without_a_checkpointer_too() {
    let calls = Calls::default();
    let add = add_one(&calls);
    let mut builder = StateGraph::new();
    builder.root_io();
    builder
        .add_node(
            "twice",
            async_node(move |state, rt| {
                let add = add.clone();
                async move {
                    let first = rt
                        .call(
                            "add_one",
                            add.clone(),
                            state.get("__root_input__").cloned().unwrap_or_default(),
                        )
                        .await?;
                    let second = rt.call("add_one", add, first).await?;
                    Ok(json!({ "__end__": second }).into())
                }
            }),
        )
        .unwrap();
    builder.add_edge(START, "twice").unwrap();
    let graph = builder.compile(CompileOptions::default()).unwrap();
    assert_eq!(run(graph.invoke(json!(1), RunOptions::default())).unwrap(), json!(3));
    assert_eq!(calls.get("add_one"), 2);
}
