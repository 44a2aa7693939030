//! langgraph-wasm: a LangGraph-compatible graph executor for offline human-in-the-loop
//! workflows in browsers and Node.
//!
//! Layers, each in its own module (see DESIGN.md):
//! - [`graph`]: what users declare — `StateGraph`, validation, `CompiledGraph`, drawings.
//! - [`channels`]: where state lives between supersteps — LastValue, reducers, Topic, …
//! - [`pregel`]: the superstep executor — tasks, interrupts, commands, streaming, state.
//! - [`checkpoint`]: checkpoint records, the `Checkpointer` trait and the memory saver.
//!
//! Everything here is plain Rust and is tested natively; the JS bindings come on top.

pub mod channels;
pub mod checkpoint;
pub mod graph;
pub mod pregel;

pub use channels::{ChannelSpec, Reducer};
pub use checkpoint::{Checkpointer, MemorySaver};
pub use graph::{async_node, async_path, node_fn, path_fn, CompileOptions, CompiledGraph, NodeOptions, StateGraph};
pub use pregel::{
    Breakpoints, Command, Durability, GraphError, Input, Interrupt, NodeError, NodeOutput, RetryPolicy, RunConfig,
    RunOptions, Runtime, Send, State, StreamMode, END, START,
};
