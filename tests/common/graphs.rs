//! The graphs the server and HTTP tests run: the seed's dynamic-interrupt graph, its
//! static-breakpoint graph (node_a → node_b → node_c), a graph whose node waits for a gate the
//! test opens (to keep a run in flight), and one whose node reports the config and context it
//! was given; and a server for them on a local pool.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::executor::LocalPool;
use langgraph_wasm::server::Server;
use langgraph_wasm::{async_node, node_fn, CompiledGraph, StateGraph, END, START};
use serde_json::json;

use super::Calls;

/// A server for `graphs` (graph id → graph) whose runs execute on the returned pool.
pub fn server_with(graphs: Vec<(&str, CompiledGraph)>) -> (LocalPool, Server) {
    let pool = LocalPool::new();
    let spawner = pool.spawner();
    let graphs = graphs.into_iter().map(|(id, g)| (id.to_string(), g)).collect();
    (pool, Server::new(graphs, None, Rc::new(spawner)))
}

pub fn seed_graph() -> CompiledGraph {
    seed_builder().compile(Default::default()).unwrap()
}

/// The seed's graph, to compile with options of one's own: `human_node` asks to revise the text.
pub fn seed_builder() -> StateGraph {
    let mut b = StateGraph::new();
    b.last_value("some_text").unwrap();
    b.add_node(
        "human_node",
        node_fn(|state, rt| {
            let value = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
            Ok(json!({ "some_text": value }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "human_node").unwrap();
    b
}

/// A graph whose node reports what it was given: its config's `configurable` and its context.
pub fn echo_graph() -> CompiledGraph {
    let mut b = StateGraph::new();
    b.last_value("seen").unwrap();
    b.add_node(
        "echo",
        node_fn(|_, rt| {
            let configurable = rt.config().configurable.clone();
            Ok(json!({ "seen": { "configurable": configurable, "context": rt.context() } }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "echo").unwrap();
    b.compile(Default::default()).unwrap()
}

pub fn static_graph(calls: &Calls) -> CompiledGraph {
    let mut b = StateGraph::new();
    b.last_value("trace").unwrap();
    for name in ["node_a", "node_b", "node_c"] {
        let calls = calls.clone();
        b.add_node(
            name,
            node_fn(move |s, _| {
                calls.hit(name);
                Ok(json!({ "trace": format!("{}|{name}", s.str("trace")) }).into())
            }),
        )
        .unwrap();
    }
    b.add_edge(START, "node_a")
        .unwrap()
        .add_edge("node_a", "node_b")
        .unwrap();
    b.add_edge("node_b", "node_c").unwrap().add_edge("node_c", END).unwrap();
    b.compile(Default::default()).unwrap()
}

pub type Gate = Rc<RefCell<Option<oneshot::Receiver<()>>>>;

/// A graph whose node waits until the test opens its gate (to keep a run in flight).
pub fn gated_graph(gate: Gate) -> CompiledGraph {
    let mut b = StateGraph::new();
    b.reducer("log", langgraph_wasm::Reducer::Append, None).unwrap();
    b.add_node(
        "slow",
        async_node(move |state, _| {
            let gate = gate.borrow_mut().take();
            async move {
                if let Some(gate) = gate {
                    let _ = gate.await;
                }
                Ok(
                    json!({ "log": [format!("slow:{}", state.get("log").map(|l| l.to_string()).unwrap_or_default())] })
                        .into(),
                )
            }
        }),
    )
    .unwrap();
    b.add_edge(START, "slow").unwrap();
    b.compile(Default::default()).unwrap()
}

pub fn gate() -> (oneshot::Sender<()>, Gate) {
    let (tx, rx) = oneshot::channel();
    (tx, Rc::new(RefCell::new(Some(rx))))
}
