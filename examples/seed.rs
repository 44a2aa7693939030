//! The seed document's human-in-the-loop flow, natively: a node asks a person to revise a
//! text with `interrupt()`, the run pauses, and a `Command { resume }` continues it.
//! Then the static-breakpoint flow: `interrupt_before` / `interrupt_after`, resumed with no input.
//!
//! Run with `make demo` (or `cargo run --example seed`).

use std::rc::Rc;

use futures::executor::block_on;
use langgraph_wasm::{node_fn, Command, CompileOptions, GraphError, MemorySaver, RunOptions, StateGraph, START};
use langgraph_wasm::{Breakpoints, END};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    block_on(async {
        // Dynamic interrupt: the seed's `human_node`.
        let mut builder = StateGraph::new();
        builder.last_value("some_text")?;
        builder.add_node(
            "human_node",
            node_fn(|state, rt| {
                let value = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
                Ok(json!({ "some_text": value }).into())
            }),
        )?;
        builder.add_edge(START, "human_node")?;
        let graph = builder.compile(CompileOptions {
            checkpointer: Some(Rc::new(MemorySaver::new())),
            ..Default::default()
        })?;

        let result = graph
            .invoke(json!({ "some_text": "original text" }), RunOptions::thread("thread-1"))
            .await?;
        println!("# Run the graph until the interrupt is hit.");
        println!(
            "result['__interrupt__'] = {}",
            serde_json::to_string_pretty(&result["__interrupt__"]).unwrap_or_default()
        );

        let resumed = graph
            .invoke(Command::resume(json!("Edited text")), RunOptions::thread("thread-1"))
            .await?;
        println!("\n# Resume the graph");
        println!("{resumed}");

        // Static breakpoints: interrupt_before node_a, interrupt_after node_b and node_c.
        let mut builder = StateGraph::new();
        builder.last_value("trace")?;
        for name in ["node_a", "node_b", "node_c"] {
            builder.add_node(
                name,
                node_fn(move |state, _| Ok(json!({ "trace": format!("{}|{name}", state.str("trace")) }).into())),
            )?;
        }
        builder
            .add_edge(START, "node_a")?
            .add_edge("node_a", "node_b")?
            .add_edge("node_b", "node_c")?;
        builder.add_edge("node_c", END)?;
        let graph = builder.compile(CompileOptions {
            checkpointer: Some(Rc::new(MemorySaver::new())),
            interrupt_before: Breakpoints::nodes(["node_a"]),
            interrupt_after: Breakpoints::nodes(["node_b", "node_c"]),
            ..Default::default()
        })?;
        println!("\n# Static breakpoints: interrupt_before=[node_a], interrupt_after=[node_b, node_c]");
        let mut output = graph
            .invoke(json!({ "trace": "start" }), RunOptions::thread("thread-2"))
            .await?;
        loop {
            let state = graph
                .get_state(&langgraph_wasm::RunConfig::thread("thread-2"), false)
                .await?;
            println!("paused: values={} next={:?}", output, state.next);
            if state.next.is_empty() {
                break;
            }
            output = graph
                .invoke(serde_json::Value::Null, RunOptions::thread("thread-2"))
                .await?;
        }
        Ok::<(), GraphError>(())
    })?;
    Ok(())
}
