//! Static breakpoints (`interrupt_before` / `interrupt_after`, compiled or per run) pinned to
//! LangGraph's behaviour: where a run stops, what it returns (`__interrupt__: []`), what
//! `get_state().next` shows, how `invoke(null)`, new input and `Command`s continue from a stop.
//!
//! Sources: shared/reference/langgraph-execution-semantics.md (sections 1, 3, 7), the seed
//! document's static-interrupt flow, and shared/DESIGN.md ("Semantics we follow").

mod common;

use common::{compile, compile_with, expect_error, run, Calls};
use langgraph_wasm::pregel::StateSnapshot;
use langgraph_wasm::{
    node_fn, Breakpoints, Command, CompileOptions, CompiledGraph, Reducer, RunConfig, RunOptions, StateGraph, END,
    START,
};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// helpers

async fn snapshot(graph: &CompiledGraph, thread: &str) -> StateSnapshot {
    graph
        .get_state(&RunConfig::thread(thread), false)
        .await
        .expect("get_state succeeds")
}

async fn next_of(graph: &CompiledGraph, thread: &str) -> Vec<String> {
    snapshot(graph, thread).await.next
}

/// A chain START → n1 → n2 → … → END over a `trace` string; each node appends `|<its name>`.
fn chain(names: &[&'static str], calls: &Calls) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.last_value("trace").unwrap();
    let mut previous = START;
    for &name in names {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |state, _| {
                    calls.hit(name);
                    Ok(json!({ "trace": format!("{}|{name}", state.str("trace")) }).into())
                }),
            )
            .unwrap();
        builder.add_edge(previous, name).unwrap();
        previous = name;
    }
    builder.add_edge(previous, END).unwrap();
    builder
}

fn seed_calls(calls: &Calls) -> (usize, usize, usize) {
    (calls.get("node_a"), calls.get("node_b"), calls.get("node_c"))
}

/// The seed's static flow: before node_a, after node_b, after node_c, then done. `options` gives
/// the run options of every call (per-run breakpoints, or none when compiled in).
async fn assert_seed_static_flow(graph: &CompiledGraph, calls: &Calls, thread: &str, options: impl Fn() -> RunOptions) {
    let out = graph.invoke(json!({ "trace": "start" }), options()).await.unwrap();
    assert_eq!(
        out,
        json!({ "trace": "start", "__interrupt__": [] }),
        "stops before node_a"
    );
    let state = snapshot(graph, thread).await;
    assert_eq!(state.next, vec!["node_a"]);
    assert_eq!(state.values, json!({ "trace": "start" }));
    assert!(
        state.interrupts.is_empty(),
        "a static breakpoint has no interrupt payload"
    );
    assert_eq!(seed_calls(calls), (0, 0, 0), "node_a not called");

    let out = graph.invoke(Value::Null, options()).await.unwrap();
    assert_eq!(
        out,
        json!({ "trace": "start|node_a|node_b", "__interrupt__": [] }),
        "stops after node_b"
    );
    assert_eq!(next_of(graph, thread).await, vec!["node_c"]);
    assert_eq!(seed_calls(calls), (1, 1, 0));

    let out = graph.invoke(Value::Null, options()).await.unwrap();
    assert_eq!(
        out,
        json!({ "trace": "start|node_a|node_b|node_c", "__interrupt__": [] }),
        "stops after node_c"
    );
    assert!(next_of(graph, thread).await.is_empty());
    assert_eq!(seed_calls(calls), (1, 1, 1));

    let out = graph.invoke(Value::Null, options()).await.unwrap();
    assert_eq!(out, json!({ "trace": "start|node_a|node_b|node_c" }), "finishes");
    let state = snapshot(graph, thread).await;
    assert!(state.next.is_empty());
    assert_eq!(state.values, json!({ "trace": "start|node_a|node_b|node_c" }));
    assert_eq!(seed_calls(calls), (1, 1, 1), "each node ran once");
}

// ---------------------------------------------------------------------------------------------
// 1. and 2. the seed's static flow, compiled and per run

#[test]
fn compiled_breakpoints_stop_before_node_a_after_node_b_and_after_node_c() {
    run(async {
        let calls = Calls::default();
        let graph = compile_with(
            &chain(&["node_a", "node_b", "node_c"], &calls),
            CompileOptions {
                interrupt_before: Breakpoints::nodes(["node_a"]),
                interrupt_after: Breakpoints::nodes(["node_b", "node_c"]),
                ..Default::default()
            },
        );
        assert_seed_static_flow(&graph, &calls, "compiled", || RunOptions::thread("compiled")).await;
    });
}

#[test]
fn per_run_breakpoints_behave_like_compiled_ones() {
    run(async {
        let calls = Calls::default();
        let graph = compile(&chain(&["node_a", "node_b", "node_c"], &calls));
        assert_seed_static_flow(&graph, &calls, "per-run", || {
            RunOptions::thread("per-run")
                .with_interrupt_before(["node_a"])
                .with_interrupt_after(["node_b", "node_c"])
        })
        .await;
    });
}

#[test]
fn per_run_breakpoints_apply_only_to_the_run_they_are_given_to() {
    run(async {
        let calls = Calls::default();
        let graph = compile(&chain(&["node_a", "node_b", "node_c"], &calls));
        let out = graph
            .invoke(
                json!({ "trace": "start" }),
                RunOptions::thread("once").with_interrupt_before(["node_a"]),
            )
            .await
            .unwrap();
        assert_eq!(out, json!({ "trace": "start", "__interrupt__": [] }));
        assert_eq!(next_of(&graph, "once").await, vec!["node_a"]);

        let out = graph.invoke(Value::Null, RunOptions::thread("once")).await.unwrap();
        assert_eq!(out, json!({ "trace": "start|node_a|node_b|node_c" }));
        assert_eq!(seed_calls(&calls), (1, 1, 1));
    });
}

#[test]
fn per_run_breakpoints_replace_the_compiled_ones_of_the_same_kind() {
    run(async {
        let calls = Calls::default();
        let graph = compile_with(
            &chain(&["node_a", "node_b", "node_c"], &calls),
            CompileOptions {
                interrupt_before: Breakpoints::nodes(["node_a"]),
                ..Default::default()
            },
        );
        let options = || RunOptions::thread("replace").with_interrupt_before(["node_b"]);
        let out = graph.invoke(json!({ "trace": "start" }), options()).await.unwrap();
        assert_eq!(
            out,
            json!({ "trace": "start|node_a", "__interrupt__": [] }),
            "the compiled stop before node_a is replaced by the per-run stop before node_b"
        );
        assert_eq!(next_of(&graph, "replace").await, vec!["node_b"]);
        assert_eq!(seed_calls(&calls), (1, 0, 0));

        let out = graph.invoke(Value::Null, options()).await.unwrap();
        assert_eq!(out, json!({ "trace": "start|node_a|node_b|node_c" }));
        assert_eq!(seed_calls(&calls), (1, 1, 1));
    });
}

#[test]
fn per_run_interrupt_after_keeps_the_compiled_interrupt_before() {
    run(async {
        let calls = Calls::default();
        let graph = compile_with(
            &chain(&["node_a", "node_b", "node_c"], &calls),
            CompileOptions {
                interrupt_before: Breakpoints::nodes(["node_a"]),
                ..Default::default()
            },
        );
        let options = || RunOptions::thread("mixed").with_interrupt_after(["node_b"]);
        let out = graph.invoke(json!({ "trace": "start" }), options()).await.unwrap();
        assert_eq!(
            out,
            json!({ "trace": "start", "__interrupt__": [] }),
            "compiled stop before node_a"
        );
        assert_eq!(next_of(&graph, "mixed").await, vec!["node_a"]);

        let out = graph.invoke(Value::Null, options()).await.unwrap();
        assert_eq!(
            out,
            json!({ "trace": "start|node_a|node_b", "__interrupt__": [] }),
            "per-run stop after node_b"
        );
        assert_eq!(next_of(&graph, "mixed").await, vec!["node_c"]);

        let out = graph.invoke(Value::Null, options()).await.unwrap();
        assert_eq!(out, json!({ "trace": "start|node_a|node_b|node_c" }));
    });
}

// ---------------------------------------------------------------------------------------------
// 3. interrupt_after every node (LangGraph test_interruption_without_state_updates)

fn noop_steps(calls: &Calls) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.last_value("input").unwrap();
    let mut previous = START;
    for name in ["step_1", "step_2", "step_3"] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(Value::Null.into())
                }),
            )
            .unwrap();
        builder.add_edge(previous, name).unwrap();
        previous = name;
    }
    builder.add_edge(previous, END).unwrap();
    builder
}

async fn assert_stops_after_every_step(
    graph: &CompiledGraph,
    calls: &Calls,
    thread: &str,
    options: impl Fn() -> RunOptions,
) {
    let out = graph
        .invoke(json!({ "input": "hello world" }), options())
        .await
        .unwrap();
    assert_eq!(out, json!({ "input": "hello world", "__interrupt__": [] }));
    assert_eq!(next_of(graph, thread).await, vec!["step_2"]);

    graph.invoke(Value::Null, options()).await.unwrap();
    assert_eq!(next_of(graph, thread).await, vec!["step_3"]);

    let out = graph.invoke(Value::Null, options()).await.unwrap();
    assert_eq!(
        out,
        json!({ "input": "hello world", "__interrupt__": [] }),
        "stops after step_3 too"
    );
    assert!(next_of(graph, thread).await.is_empty());
    assert_eq!(
        (calls.get("step_1"), calls.get("step_2"), calls.get("step_3")),
        (1, 1, 1)
    );
}

#[test]
fn interrupt_after_all_nodes_stops_after_each_step_even_without_state_updates() {
    run(async {
        let calls = Calls::default();
        let graph = compile_with(
            &noop_steps(&calls),
            CompileOptions {
                interrupt_after: Breakpoints::All,
                ..Default::default()
            },
        );
        assert_stops_after_every_step(&graph, &calls, "all", || RunOptions::thread("all")).await;
    });
}

#[test]
fn a_per_run_star_stops_after_every_node() {
    run(async {
        let calls = Calls::default();
        let graph = compile(&noop_steps(&calls));
        assert_stops_after_every_step(&graph, &calls, "star", || {
            RunOptions::thread("star").with_interrupt_after(["*"])
        })
        .await;
    });
}

// ---------------------------------------------------------------------------------------------
// 4. after a, then before b

#[test]
fn resuming_from_a_stop_after_a_does_not_stop_again_before_b() {
    run(async {
        let calls = Calls::default();
        let graph = compile_with(
            &chain(&["a", "b"], &calls),
            CompileOptions {
                interrupt_before: Breakpoints::nodes(["b"]),
                interrupt_after: Breakpoints::nodes(["a"]),
                ..Default::default()
            },
        );
        let out = graph
            .invoke(json!({ "trace": "x" }), RunOptions::thread("after-before"))
            .await
            .unwrap();
        assert_eq!(out, json!({ "trace": "x|a", "__interrupt__": [] }));
        assert_eq!(next_of(&graph, "after-before").await, vec!["b"]);

        // LangGraph (verified): resuming marks the current versions as seen by breakpoints, so
        // the "before b" check of the very next step does not fire.
        let out = graph
            .invoke(Value::Null, RunOptions::thread("after-before"))
            .await
            .unwrap();
        assert_eq!(out, json!({ "trace": "x|a|b" }));
        assert!(next_of(&graph, "after-before").await.is_empty());
        assert_eq!((calls.get("a"), calls.get("b")), (1, 1));
    });
}

// ---------------------------------------------------------------------------------------------
// 5. new input at a breakpoint

#[test]
fn new_input_at_a_breakpoint_discards_the_pending_tasks_and_starts_over() {
    run(async {
        // Stopped before b: new input must not run the pending b alongside START.
        let calls = Calls::default();
        let graph = compile_with(
            &chain(&["a", "b"], &calls),
            CompileOptions {
                interrupt_before: Breakpoints::nodes(["b"]),
                ..Default::default()
            },
        );
        let thread = || RunOptions::thread("new-input-before");
        let out = graph.invoke(json!({ "trace": "x" }), thread()).await.unwrap();
        assert_eq!(out, json!({ "trace": "x|a", "__interrupt__": [] }));

        let out = graph.invoke(json!({ "trace": "y" }), thread()).await.unwrap();
        assert_eq!(
            out,
            json!({ "trace": "y|a", "__interrupt__": [] }),
            "ran from START again"
        );
        assert_eq!(next_of(&graph, "new-input-before").await, vec!["b"]);
        assert_eq!((calls.get("a"), calls.get("b")), (2, 0));

        let out = graph.invoke(Value::Null, thread()).await.unwrap();
        assert_eq!(out, json!({ "trace": "y|a|b" }));
        assert_eq!((calls.get("a"), calls.get("b")), (2, 1));

        // Stopped after a: the pending b is dropped, START → a runs, and the run stops after a again.
        let calls = Calls::default();
        let graph = compile_with(
            &chain(&["a", "b"], &calls),
            CompileOptions {
                interrupt_after: Breakpoints::nodes(["a"]),
                ..Default::default()
            },
        );
        let thread = || RunOptions::thread("new-input-after");
        graph.invoke(json!({ "trace": "x" }), thread()).await.unwrap();
        assert_eq!(next_of(&graph, "new-input-after").await, vec!["b"]);

        let out = graph.invoke(json!({ "trace": "y" }), thread()).await.unwrap();
        assert_eq!(out, json!({ "trace": "y|a", "__interrupt__": [] }));
        assert_eq!(next_of(&graph, "new-input-after").await, vec!["b"]);
        assert_eq!((calls.get("a"), calls.get("b")), (2, 0), "the discarded b never ran");
    });
}

// ---------------------------------------------------------------------------------------------
// 6. and 7. Commands at a static breakpoint

/// LangGraph's test graph: START → node1 → node2 over `foo`, stopped before node1. With a
/// reducer, nodes write only their suffix; without one, they write `foo` + their suffix.
fn command_graph(reducer: Option<Reducer>, calls: &Calls) -> CompiledGraph {
    let mut builder = StateGraph::new();
    let appends = reducer.is_some();
    match reducer {
        Some(reducer) => builder.reducer("foo", reducer, None).unwrap(),
        None => builder.last_value("foo").unwrap(),
    };
    for (name, suffix) in [("node1", "|node-1"), ("node2", "|node-2")] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |state, _| {
                    calls.hit(name);
                    let written = if appends {
                        suffix.to_string()
                    } else {
                        format!("{}{suffix}", state.str("foo"))
                    };
                    Ok(json!({ "foo": written }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "node1")
        .unwrap()
        .add_edge("node1", "node2")
        .unwrap();
    compile_with(
        &builder,
        CompileOptions {
            interrupt_before: Breakpoints::nodes(["node1"]),
            ..Default::default()
        },
    )
}

#[test]
fn a_command_update_at_a_static_breakpoint_is_applied_and_the_run_continues_past_it() {
    run(async {
        let calls = Calls::default();
        let graph = command_graph(None, &calls);
        let thread = || RunOptions::thread("cmd-update");
        let out = graph.invoke(json!({ "foo": "abc" }), thread()).await.unwrap();
        assert_eq!(out, json!({ "foo": "abc", "__interrupt__": [] }));
        assert_eq!(next_of(&graph, "cmd-update").await, vec!["node1"]);

        let out = graph
            .invoke(Command::update(json!({ "foo": "xyz" })), thread())
            .await
            .unwrap();
        assert_eq!(out, json!({ "foo": "xyz|node-1|node-2" }));
        assert!(next_of(&graph, "cmd-update").await.is_empty());
        assert_eq!((calls.get("node1"), calls.get("node2")), (1, 1));
    });
}

#[test]
fn continuing_a_static_breakpoint_gives_abc_node1_node2_and_a_command_resume_there_is_refused() {
    // LangGraph test_command_with_static_breakpoints continues with `Command(resume="node1")`,
    // which LangGraph accepts with nothing pending. DESIGN.md makes a resume with nothing
    // pending a `NothingToResumeError` (state unchanged); `invoke(null)` is the way on.
    run(async {
        let calls = Calls::default();
        let graph = command_graph(None, &calls);
        let thread = || RunOptions::thread("cmd-resume");
        graph.invoke(json!({ "foo": "abc" }), thread()).await.unwrap();
        let before = snapshot(&graph, "cmd-resume").await;

        let err = expect_error(graph.invoke(Command::resume(json!("node1")), thread()).await);
        assert_eq!(err.name(), "NothingToResumeError", "{err}");
        assert_eq!(snapshot(&graph, "cmd-resume").await, before, "state unchanged");
        assert_eq!((calls.get("node1"), calls.get("node2")), (0, 0));

        let out = graph.invoke(Value::Null, thread()).await.unwrap();
        assert_eq!(out, json!({ "foo": "abc|node-1|node-2" }));
        assert_eq!((calls.get("node1"), calls.get("node2")), (1, 1));
    });
}

#[test]
fn a_command_goto_at_a_static_breakpoint_runs_the_target_alongside_the_pending_node() {
    // LangGraph test_command_goto_with_static_breakpoints: `foo` is `Annotated[str, operator.add]`;
    // goto node2 at the stop before node1 runs node1 and node2 together, then node1's edge runs
    // node2 again: "abc|node-1|node-2|node-2".
    run(async {
        let calls = Calls::default();
        let graph = command_graph(Some(Reducer::Add), &calls);
        let thread = || RunOptions::thread("cmd-goto");
        let out = graph.invoke(json!({ "foo": "abc" }), thread()).await.unwrap();
        assert_eq!(out, json!({ "foo": "abc", "__interrupt__": [] }));

        let out = graph.invoke(Command::goto("node2"), thread()).await.unwrap();
        assert_eq!(out, json!({ "foo": "abc|node-1|node-2|node-2" }));
        assert_eq!((calls.get("node1"), calls.get("node2")), (1, 2));
        assert!(next_of(&graph, "cmd-goto").await.is_empty());
    });
}
