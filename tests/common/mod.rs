//! Helpers shared by the integration tests: a saver-backed compile, call counters, and a
//! blocking runner for the async API.
#![allow(dead_code)]

pub mod graphs;
pub mod http;
pub mod requests;
pub mod storage;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;

use langgraph_wasm::checkpoint::{CheckpointConfig, CheckpointSource};
use langgraph_wasm::graph::NodeAction;
use langgraph_wasm::pregel::{HistoryOptions, StateSnapshot};
use langgraph_wasm::{
    node_fn, CompileOptions, CompiledGraph, GraphError, Interrupt, MemorySaver, RunConfig, StateGraph,
};
use serde_json::{json, Value};

/// Runs a future to completion on this thread.
pub fn run<F: Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
}

/// Compiles `builder` with a fresh in-memory checkpointer.
pub fn compile(builder: &StateGraph) -> CompiledGraph {
    compile_with(builder, CompileOptions::default())
}

/// Compiles with `options`, adding a fresh in-memory checkpointer.
pub fn compile_with(builder: &StateGraph, mut options: CompileOptions) -> CompiledGraph {
    options.checkpointer = Some(Rc::new(MemorySaver::new()));
    builder.compile(options).expect("graph compiles")
}

/// Counts calls per node name.
#[derive(Clone, Default)]
pub struct Calls(Rc<RefCell<BTreeMap<String, usize>>>);

impl Calls {
    pub fn hit(&self, node: &str) {
        *self.0.borrow_mut().entry(node.to_string()).or_default() += 1;
    }

    pub fn get(&self, node: &str) -> usize {
        self.0.borrow().get(node).copied().unwrap_or(0)
    }
}

/// Yields to the executor once (waking itself, so a blocking executor polls again): lets a
/// test node finish after its siblings without timers.
pub async fn yield_now() {
    let mut yielded = false;
    futures::future::poll_fn(|cx| {
        if yielded {
            std::task::Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await
}

/// Yields `n` times: the task finishes after siblings that yield fewer times.
pub async fn yield_times(n: u8) {
    for _ in 0..n {
        yield_now().await;
    }
}

/// The `__interrupt__` list of a run's output (panics when the output has none).
pub fn interrupts_of(output: &Value) -> Vec<Interrupt> {
    let list = output
        .get("__interrupt__")
        .unwrap_or_else(|| panic!("expected `__interrupt__` in the output, got {output}"));
    serde_json::from_value(list.clone())
        .unwrap_or_else(|e| panic!("`__interrupt__` is not a list of {{value, id}}: {e}: {list}"))
}

pub fn assert_interrupt_id(id: &str) {
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "an interrupt id is 32 lowercase hex chars, got {id:?}"
    );
}

/// A node that records its call and appends its own name to `trace`.
pub fn tracer(calls: &Calls, name: &'static str) -> Rc<dyn NodeAction> {
    let calls = calls.clone();
    node_fn(move |_, _| {
        calls.hit(name);
        Ok(json!({ "trace": [name] }).into())
    })
}

pub fn step(snapshot: &StateSnapshot) -> i64 {
    snapshot.metadata.as_ref().expect("metadata").step
}

pub fn source(snapshot: &StateSnapshot) -> CheckpointSource {
    snapshot.metadata.as_ref().expect("metadata").source
}

pub fn history(graph: &CompiledGraph, thread: &str) -> Vec<StateSnapshot> {
    run(graph.get_state_history(&RunConfig::thread(thread), HistoryOptions::default())).expect("history")
}

pub fn expect_error(result: Result<Value, GraphError>) -> GraphError {
    match result {
        Ok(value) => panic!("expected an error, the run returned {value}"),
        Err(e) => e,
    }
}

/// The run config naming the checkpoint `cfg` names.
pub fn at(cfg: &CheckpointConfig) -> RunConfig {
    RunConfig::thread(cfg.thread_id.clone()).with_checkpoint(cfg.checkpoint_id.clone().expect("a checkpoint id"))
}
