//! How runs fail: a node failure keeps the finished siblings' writes and resumes only the failed
//! task (LangGraph's `test_pending_writes_resume`), invalid updates, retry policies, and bad
//! inputs or configs. Error names are `GraphError::name()` (DESIGN.md "Errors").

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{compile, run, Calls};
use langgraph_wasm::{
    node_fn, GraphError, NodeError, NodeOptions, Reducer, RetryPolicy, RunConfig, RunOptions, StateGraph, END, START,
};
use serde_json::{json, Value};

fn failure<T: std::fmt::Debug>(result: Result<T, GraphError>) -> GraphError {
    result.expect_err("the run should fail")
}

/// `one` ∥ `two` from START into `value` (reducer add); `two` raises `ConnectionError` while
/// `broken` is set, and is tried twice per run.
fn pending_writes_graph(calls: &Calls, broken: &Rc<Cell<bool>>) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.reducer("value", Reducer::Add, None).unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "one",
                node_fn(move |_, _| {
                    calls.hit("one");
                    Ok(json!({ "value": 2 }).into())
                }),
            )
            .unwrap();
    }
    {
        let calls = calls.clone();
        let broken = broken.clone();
        builder
            .add_node_with(
                "two",
                node_fn(move |_, _| {
                    calls.hit("two");
                    if broken.get() {
                        Err(NodeError::new("ConnectionError", "I'm not good"))
                    } else {
                        Ok(json!({ "value": 3 }).into())
                    }
                }),
                NodeOptions {
                    retry: vec![RetryPolicy::immediate(2)],
                    ..Default::default()
                },
            )
            .unwrap();
    }
    builder
        .add_edge(START, "one")
        .unwrap()
        .add_edge(START, "two")
        .unwrap()
        .add_edge("one", END)
        .unwrap()
        .add_edge("two", END)
        .unwrap();
    builder
}

#[test]
fn a_failed_node_is_retried_alone_with_null_input_and_its_finished_sibling_is_not_rerun() {
    let calls = Calls::default();
    let broken = Rc::new(Cell::new(true));
    let graph = compile(&pending_writes_graph(&calls, &broken));
    let config = RunConfig::thread("t");

    let err = failure(run(graph.invoke(json!({ "value": 1 }), RunOptions::thread("t"))));
    assert_eq!(err.name(), "NodeError");
    match &err {
        GraphError::NodeFailed { node, error } => {
            assert_eq!(node, "two");
            assert_eq!(error.name, "ConnectionError");
        }
        other => panic!("expected NodeFailed, got {other:?}"),
    }
    assert_eq!((calls.get("one"), calls.get("two")), (1, 2));

    let state = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(state.next, vec!["two"]);
    assert_eq!(state.values, json!({ "value": 3 }), "one's write is kept");
    let two = state.tasks.iter().find(|t| t.name == "two").expect("a task for two");
    let error = two.error.as_ref().expect("the failed task carries its error");
    assert_eq!(error["error"], json!("ConnectionError"));
    let one = state.tasks.iter().find(|t| t.name == "one").expect("a task for one");
    assert!(one.error.is_none());
    assert_eq!(one.result, Some(json!({ "value": 2 })));

    let err = failure(run(graph.invoke(Value::Null, RunOptions::thread("t"))));
    assert_eq!(err.name(), "NodeError");
    assert_eq!((calls.get("one"), calls.get("two")), (1, 4));

    broken.set(false);
    let out = run(graph.invoke(Value::Null, RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "value": 6 }));
    assert_eq!((calls.get("one"), calls.get("two")), (1, 5));
    let state = run(graph.get_state(&config, false)).unwrap();
    assert!(state.next.is_empty());
    assert_eq!(state.values, json!({ "value": 6 }));
}

#[test]
fn two_writes_to_a_last_value_key_in_one_step_are_an_invalid_update_error() {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    for name in ["p", "q"] {
        builder
            .add_node(name, node_fn(move |_, _| Ok(json!({ "x": name }).into())))
            .unwrap();
    }
    builder
        .add_edge(START, "p")
        .unwrap()
        .add_edge(START, "q")
        .unwrap()
        .add_edge("p", END)
        .unwrap()
        .add_edge("q", END)
        .unwrap();
    let graph = compile(&builder);

    let err = failure(run(graph.invoke(json!({}), RunOptions::thread("t"))));

    assert_eq!(err.name(), "InvalidUpdateError");
    assert!(err.to_string().contains("'x'"), "{err}");
}

fn single_node_graph(output: Value) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    builder
        .add_node("writer", node_fn(move |_, _| Ok(output.clone().into())))
        .unwrap();
    builder
        .add_edge(START, "writer")
        .unwrap()
        .add_edge("writer", END)
        .unwrap();
    builder
}

#[test]
fn a_node_writing_an_unknown_state_key_is_an_invalid_update_error_naming_node_and_key() {
    let graph = compile(&single_node_graph(json!({ "x": 1, "nope": 2 })));

    let err = failure(run(graph.invoke(json!({ "x": 0 }), RunOptions::thread("t"))));

    assert_eq!(err.name(), "InvalidUpdateError");
    let message = err.to_string();
    assert!(message.contains("writer"), "{message}");
    assert!(message.contains("nope"), "{message}");
}

#[test]
fn a_node_returning_a_non_object_is_an_invalid_update_error() {
    let graph = compile(&single_node_graph(json!(5)));

    let err = failure(run(graph.invoke(json!({ "x": 0 }), RunOptions::thread("t"))));

    assert_eq!(err.name(), "InvalidUpdateError");
    assert!(err.to_string().contains("writer"), "{err}");
}

#[test]
fn a_value_error_is_not_retried_by_the_default_retry_on() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node_with(
                "bad",
                node_fn(move |_, _| {
                    calls.hit("bad");
                    Err(NodeError::new("ValueError", "boom"))
                }),
                NodeOptions {
                    retry: vec![RetryPolicy::immediate(3)],
                    ..Default::default()
                },
            )
            .unwrap();
    }
    builder.add_edge(START, "bad").unwrap().add_edge("bad", END).unwrap();
    let graph = compile(&builder);

    let err = failure(run(graph.invoke(json!({ "x": 0 }), RunOptions::thread("t"))));

    assert_eq!(err.name(), "NodeError");
    assert!(err.to_string().contains("ValueError"), "{err}");
    assert_eq!(calls.get("bad"), 1);
}

#[test]
fn a_connection_error_is_retried_up_to_max_attempts() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node_with(
                "flaky",
                node_fn(move |_, _| {
                    calls.hit("flaky");
                    if calls.get("flaky") < 3 {
                        Err(NodeError::new("ConnectionError", "try again"))
                    } else {
                        Ok(json!({ "x": "ok" }).into())
                    }
                }),
                NodeOptions {
                    retry: vec![RetryPolicy::immediate(3)],
                    ..Default::default()
                },
            )
            .unwrap();
    }
    builder
        .add_edge(START, "flaky")
        .unwrap()
        .add_edge("flaky", END)
        .unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(json!({ "x": "" }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "x": "ok" }));
    assert_eq!(calls.get("flaky"), 3);
}

#[test]
fn null_input_on_a_thread_without_a_checkpoint_is_an_empty_input_error() {
    let graph = compile(&single_node_graph(json!({ "x": 1 })));

    let err = failure(run(graph.invoke(Value::Null, RunOptions::thread("never-ran"))));

    assert_eq!(err.name(), "EmptyInputError");
}

#[test]
fn a_graph_with_a_checkpointer_run_without_a_thread_id_is_an_invalid_config_error() {
    let graph = compile(&single_node_graph(json!({ "x": 1 })));

    let err = failure(run(graph.invoke(json!({ "x": 0 }), RunOptions::default())));

    assert_eq!(err.name(), "InvalidConfigError");
    assert!(matches!(err, GraphError::InvalidConfig(_)), "{err:?}");
}
