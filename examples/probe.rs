//! A native probe of the engine's cost on the benchmark shapes of `bench/` (nodes as Rust
//! closures, so the time is the engine's alone, without the wasm boundary). For profilers:
//!
//! ```sh
//! cargo build --release --example probe
//! perf record -g target/release/examples/probe sequential 1000 memory 3
//! valgrind --tool=callgrind target/release/examples/probe fanout 100 memory 1
//! ```
//!
//! Arguments: shape (`sequential` | `fanout` | `messages` | `seed`), size, saver (`memory` | `none`),
//! repetitions. Prints the median wall time of a run. `seed N` is N interrupt → resume round trips
//! of the seed's graph, on fresh threads (it always has a saver).

use std::rc::Rc;
use std::time::Instant;

use futures::executor::block_on;
use langgraph_wasm::channels::{ChannelSpec, Reducer};
use langgraph_wasm::pregel::Goto;
use langgraph_wasm::{
    node_fn, path_fn, Command, CompileOptions, CompiledGraph, MemorySaver, RunOptions, Send, StateGraph,
};
use langgraph_wasm::{END, START};
use serde_json::{json, Value};

type Built = Result<(CompiledGraph, Value), Box<dyn std::error::Error>>;

fn options(saver: bool) -> CompileOptions {
    CompileOptions {
        checkpointer: saver.then(|| Rc::new(MemorySaver::new()) as _),
        ..Default::default()
    }
}

/// A graph whose state is LangGraph's `MessagesState`.
fn messages_state() -> Result<StateGraph, Box<dyn std::error::Error>> {
    let mut b = StateGraph::new();
    b.channel(
        "messages",
        ChannelSpec::Reducer {
            reducer: Reducer::Messages,
            default: Some(json!([])),
        },
    )?;
    Ok(b)
}

/// `sequential_N`: N no-op nodes in a line.
fn sequential(n: usize, saver: bool) -> Built {
    let mut b = messages_state()?;
    let mut previous = START.to_string();
    for i in 0..n {
        let name = format!("node_{i}");
        b.add_node(name.as_str(), node_fn(|_, _| Ok(Value::Null.into())))?;
        b.add_edge(previous.as_str(), name.as_str())?;
        previous = name;
    }
    b.add_edge(previous.as_str(), END)?;
    Ok((b.compile(options(saver))?, json!({ "messages": [] })))
}

/// `fanout_to_subgraph_Nx`: N Sends to a subgraph of 12 node runs.
fn fanout(n: usize, saver: bool) -> Built {
    let mut sub = StateGraph::new();
    sub.last_value("subject")?.last_value("jokes")?;
    sub.add_node(
        "edit",
        node_fn(|s, _| Ok(json!({ "subject": format!("{} - hohoho", s.str("subject")) }).into())),
    )?;
    sub.add_node(
        "generate",
        node_fn(|s, _| Ok(json!({ "jokes": [format!("Joke about {}", s.str("subject"))] }).into())),
    )?;
    sub.add_node(
        "bump",
        node_fn(|s, _| {
            let joke = s.get("jokes").and_then(|j| j[0].as_str()).unwrap_or("");
            Ok(json!({ "jokes": [format!("{joke} a")] }).into())
        }),
    )?;
    sub.add_edge(START, "edit")?
        .add_edge("edit", "generate")?
        .add_edge("generate", "bump")?;
    sub.add_conditional_edges(
        "bump",
        path_fn(|s| {
            let done = s
                .get("jokes")
                .and_then(|j| j[0].as_str())
                .unwrap_or("")
                .ends_with(&" a".repeat(10));
            Ok(vec![Goto::Node(if done { END } else { "bump" }.into())])
        }),
        None::<Vec<(String, String)>>,
    )?;
    let sub = sub.compile(CompileOptions::default())?;
    let mut b = StateGraph::new();
    b.last_value("subjects")?;
    b.channel(
        "jokes",
        ChannelSpec::Reducer {
            reducer: Reducer::Add,
            default: Some(json!([])),
        },
    )?;
    b.add_node("generate_joke", sub)?;
    b.add_conditional_edges(
        START,
        path_fn(|s| {
            let subjects = s.get("subjects").and_then(Value::as_array).cloned().unwrap_or_default();
            Ok(subjects
                .into_iter()
                .map(|x| Goto::Send(Send::new("generate_joke", json!({ "subject": x }))))
                .collect())
        }),
        None::<Vec<(String, String)>>,
    )?;
    b.add_edge("generate_joke", END)?;
    let subjects: Vec<Value> = (0..n)
        .map(|i| json!(vec![format!("{}", (b'a' + (i % 26) as u8) as char); 1000]))
        .collect();
    Ok((b.compile(options(saver))?, json!({ "subjects": subjects })))
}

/// A chat loop whose history grows by one 36 KB message per step (react_agent's state).
fn messages(n: usize, saver: bool) -> Built {
    let mut b = messages_state()?;
    b.add_node(
        "agent",
        node_fn(|_, _| Ok(json!({ "messages": [{ "type": "ai", "content": "x".repeat(36_000) }] }).into())),
    )?;
    b.add_edge(START, "agent")?;
    b.add_conditional_edges(
        "agent",
        path_fn(move |s| {
            let len = s.get("messages").and_then(Value::as_array).map_or(0, Vec::len);
            Ok(vec![Goto::Node(if len > n { END } else { "agent" }.into())])
        }),
        None::<Vec<(String, String)>>,
    )?;
    Ok((
        b.compile(options(saver))?,
        json!({ "messages": [{ "type": "human", "content": "hi?" }] }),
    ))
}

/// The seed's graph: one node that asks for a revision with `interrupt()`.
fn seed() -> Result<CompiledGraph, Box<dyn std::error::Error>> {
    let mut b = StateGraph::new();
    b.last_value("some_text")?;
    b.add_node(
        "human_node",
        node_fn(|s, rt| {
            let value = rt.interrupt(json!({ "text_to_revise": s.str("some_text") }))?;
            Ok(json!({ "some_text": value }).into())
        }),
    )?;
    b.add_edge(START, "human_node")?;
    Ok(b.compile(options(true))?)
}

/// `trips` interrupt → resume round trips of the seed's graph, each on a fresh thread.
fn seed_trips(graph: &CompiledGraph, trips: usize, rep: usize) -> Result<(), Box<dyn std::error::Error>> {
    for trip in 0..trips {
        let thread = format!("probe-{rep}-{trip}");
        block_on(graph.invoke(
            json!({ "some_text": "original text" }),
            RunOptions::thread(thread.clone()),
        ))?;
        let resume = Command {
            resume: Some(json!("Edited text")),
            ..Default::default()
        };
        block_on(graph.invoke(resume, RunOptions::thread(thread)))?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let shape = args.get(1).map_or("sequential", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let saver = args.get(3).map_or("memory", String::as_str) == "memory";
    let reps: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut times = Vec::new();
    for rep in 0..reps {
        if shape == "seed" {
            let graph = seed()?;
            let t0 = Instant::now();
            seed_trips(&graph, n, rep)?;
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            continue;
        }
        let (graph, input) = match shape {
            "sequential" => sequential(n, saver)?,
            "fanout" => fanout(n, saver)?,
            "messages" => messages(n, saver)?,
            other => return Err(format!("unknown shape {other}").into()),
        };
        let mut config = RunOptions::thread(format!("probe-{rep}"));
        config.config.recursion_limit = Some(1_000_000_000);
        let t0 = Instant::now();
        block_on(graph.invoke(input, config))?;
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{shape} {n} saver={saver}: median {:.2} ms of {reps}", times[reps / 2]);
    Ok(())
}
