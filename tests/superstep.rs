//! How the tasks of one superstep run: together (one task can wait on another), a failure
//! cancels the siblings still running, an interrupt lets them finish.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{compile, run, Calls};
use futures::channel::oneshot;
use langgraph_wasm::{async_node, node_fn, GraphError, NodeError, Reducer, RunOptions, StateGraph, START};
use serde_json::json;

type Slot = Rc<RefCell<Option<oneshot::Sender<()>>>>;

/// `waiter` finishes only when `signaller` has run: with tasks run one after another (in
/// either order) this would hang.
#[test]
fn tasks_of_one_superstep_run_concurrently() {
    let (tx, rx) = oneshot::channel::<()>();
    let tx: Slot = Rc::new(RefCell::new(Some(tx)));
    let rx = Rc::new(RefCell::new(Some(rx)));
    let mut b = StateGraph::new();
    b.reducer("log", Reducer::Append, None).unwrap();
    b.add_node(
        "waiter",
        async_node(move |_, _| {
            let rx = rx.borrow_mut().take();
            async move {
                if let Some(rx) = rx {
                    rx.await.map_err(|_| NodeError::msg("signaller went away"))?;
                }
                Ok(json!({ "log": ["waiter"] }).into())
            }
        }),
    )
    .unwrap();
    b.add_node(
        "signaller",
        node_fn(move |_, _| {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(());
            }
            Ok(json!({ "log": ["signaller"] }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "waiter")
        .unwrap()
        .add_edge(START, "signaller")
        .unwrap();
    let graph = compile(&b);

    let out = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();
    // Writes are applied in node-name order, not finish order.
    assert_eq!(out, json!({ "log": ["signaller", "waiter"] }));
}

/// A sibling that would never finish is dropped when another task fails, and the run reports
/// the failure instead of hanging.
#[test]
fn a_failing_task_cancels_its_siblings_still_running() {
    let calls = Calls::default();
    let (c1, c2) = (calls.clone(), calls.clone());
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node(
        "forever",
        async_node(move |_, _| {
            c1.hit("forever");
            async move {
                futures::future::pending::<()>().await;
                Ok(json!({ "x": 1 }).into())
            }
        }),
    )
    .unwrap();
    b.add_node(
        "fails",
        async_node(move |_, _| {
            c2.hit("fails");
            async {
                // Let `forever` start before this fails.
                common::yield_now().await;
                Err(NodeError::new("ValueError", "boom"))
            }
        }),
    )
    .unwrap();
    b.add_edge(START, "forever").unwrap().add_edge(START, "fails").unwrap();
    let graph = compile(&b);

    let err = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap_err();
    assert!(matches!(&err, GraphError::NodeFailed { node, error } if node == "fails" && error.message == "boom"));
    assert_eq!((calls.get("forever"), calls.get("fails")), (1, 1));

    // Both are still pending: the cancelled task left no writes behind. (Listed in the order
    // the nodes were added, as LangGraph lists the tasks of a checkpoint it loads.)
    let state = run(graph.get_state(&langgraph_wasm::RunConfig::thread("t"), false)).unwrap();
    assert_eq!(state.next, vec!["forever".to_string(), "fails".to_string()]);
    let failed = state.tasks.iter().find(|t| t.name == "fails").unwrap();
    assert_eq!(failed.error, Some(json!({ "error": "ValueError", "message": "boom" })));
    assert!(state
        .tasks
        .iter()
        .find(|t| t.name == "forever")
        .unwrap()
        .error
        .is_none());
}

/// An interrupt is not a failure: the sibling that was still running finishes and its write
/// is kept.
#[test]
fn an_interrupt_lets_a_slower_sibling_finish() {
    let mut b = StateGraph::new();
    b.reducer("log", Reducer::Append, None).unwrap();
    b.add_node(
        "slow",
        async_node(|_, _| async {
            for _ in 0..3 {
                common::yield_now().await;
            }
            Ok(json!({ "log": ["slow"] }).into())
        }),
    )
    .unwrap();
    b.add_node(
        "ask",
        node_fn(|_, rt| {
            let answer = rt.interrupt(json!("ok?"))?;
            Ok(json!({ "log": [answer] }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "slow").unwrap().add_edge(START, "ask").unwrap();
    let graph = compile(&b);

    let out = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();
    assert_eq!(out["log"], json!(["slow"]));
    assert_eq!(out["__interrupt__"][0]["value"], json!("ok?"));
}
