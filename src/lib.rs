//! langgraph-wasm: a LangGraph-compatible graph executor for offline human-in-the-loop
//! workflows in browsers and Node.
//!
//! Layers, each in its own module (see DESIGN.md):
//! - [`graph`]: what users declare — `StateGraph`, validation, `CompiledGraph`, drawings.
//! - [`channels`]: where state lives between supersteps — LastValue, reducers, Topic, …
//! - [`pregel`]: the superstep executor — tasks, interrupts, commands, streaming, state.
//! - [`checkpoint`]: checkpoint records, the `Checkpointer` trait and the memory saver.
//! - [`server`]: the SDK-shaped resources (assistants, threads, runs, store).
//! - [`http`]: the LangGraph server's HTTP API over `server`, as a pure function.
//! - [`limits`]: bounds on accepted values, so that what is accepted can be stored.
//!
//! Everything here is plain Rust and is tested natively; the JS bindings come on top.
//!
//! The seed's human-in-the-loop flow: a node asks a person to revise a text, the run pauses,
//! and a `Command` with the answer resumes it.
//!
//! ```
//! use std::rc::Rc;
//! use langgraph_wasm::{node_fn, Command, CompileOptions, MemorySaver, RunOptions, StateGraph, START};
//! use serde_json::json;
//!
//! # fn main() -> Result<(), langgraph_wasm::GraphError> {
//! # futures::executor::block_on(async {
//! let mut builder = StateGraph::new();
//! builder.last_value("some_text")?;
//! builder.add_node("human_node", node_fn(|state, rt| {
//!     let answer = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
//!     Ok(json!({ "some_text": answer }).into())
//! }))?;
//! builder.add_edge(START, "human_node")?;
//! let graph = builder.compile(CompileOptions {
//!     checkpointer: Some(Rc::new(MemorySaver::new())),
//!     ..Default::default()
//! })?;
//!
//! let paused = graph.invoke(json!({ "some_text": "original text" }), RunOptions::thread("t1")).await?;
//! assert_eq!(paused["__interrupt__"][0]["value"], json!({ "text_to_revise": "original text" }));
//!
//! let done = graph.invoke(Command::resume(json!("Edited text")), RunOptions::thread("t1")).await?;
//! assert_eq!(done, json!({ "some_text": "Edited text" }));
//! # Ok(())
//! # })
//! # }
//! ```

pub mod channels;
pub mod checkpoint;
pub mod clock;
pub mod escape;
pub mod graph;
#[cfg(feature = "server")]
pub mod http;
pub mod limits;
pub mod pregel;
pub mod random;
#[cfg(feature = "server")]
pub mod server;
pub mod sorted;

#[cfg(target_arch = "wasm32")]
pub mod js;

pub use channels::{ChannelSpec, Reducer};
pub use checkpoint::{Checkpointer, MemorySaver};
pub use graph::{async_node, async_path, node_fn, path_fn, CompileOptions, CompiledGraph, NodeOptions, StateGraph};
pub use pregel::{
    Breakpoints, Command, Durability, GraphError, Input, Interrupt, NodeError, NodeOutput, RetryPolicy, RunConfig,
    RunOptions, Runtime, Send, State, StreamMode, END, START,
};
