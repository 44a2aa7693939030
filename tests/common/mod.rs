//! Helpers shared by the integration tests: a saver-backed compile, call counters, and a
//! blocking runner for the async API.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;

use langgraph_wasm::{CompileOptions, CompiledGraph, MemorySaver, StateGraph};

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
