//! Declaring graphs: what compiles and what is a `GraphValidationError`, the drawable graph and
//! its Mermaid text (LangGraph's `get_graph()` / `draw_mermaid()`), `add_sequence`, and each
//! reducer kind end to end.

mod common;

use std::rc::Rc;

use common::{compile, run, tracer, Calls};
use langgraph_wasm::graph::{GraphValidationError, NodeAction};
use langgraph_wasm::{
    node_fn, path_fn, Breakpoints, CompileOptions, CompiledGraph, NodeOptions, Reducer, RunOptions, StateGraph, END,
    START,
};
use serde_json::{json, Value};

fn noop() -> Rc<dyn NodeAction> {
    node_fn(|_, _| Ok(Value::Null.into()))
}

fn no_map() -> Option<Vec<(String, String)>> {
    None
}

fn compile_plain(builder: &StateGraph) -> Result<CompiledGraph, GraphValidationError> {
    builder.compile(CompileOptions::default())
}

/// (source, target, conditional) of each drawn edge, in order.
fn edges(graph: &CompiledGraph) -> Vec<(String, String, bool)> {
    graph
        .get_graph()
        .edges
        .into_iter()
        .map(|e| (e.source, e.target, e.conditional))
        .collect()
}

fn edge(source: &str, target: &str, conditional: bool) -> (String, String, bool) {
    (source.to_string(), target.to_string(), conditional)
}

// --- validation ---

#[test]
fn adding_a_node_twice_is_a_duplicate_node_error() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    let err = builder.add_node("a", noop()).err();
    assert!(
        matches!(err, Some(GraphValidationError::DuplicateNode(ref n)) if n == "a"),
        "{err:?}"
    );
}

#[test]
fn start_and_end_are_reserved_node_names() {
    let mut builder = StateGraph::new();
    for name in [START, END] {
        let err = builder.add_node(name, noop()).err();
        assert!(
            matches!(err, Some(GraphValidationError::ReservedName(ref n)) if n == name),
            "{err:?}"
        );
    }
}

#[test]
fn node_names_with_namespace_separators_are_invalid() {
    let mut builder = StateGraph::new();
    for name in ["a:b", "a|b"] {
        let err = builder.add_node(name, noop()).err();
        assert!(
            matches!(err, Some(GraphValidationError::InvalidName(ref n)) if n == name),
            "{err:?}"
        );
    }
}

#[test]
fn a_node_cannot_share_its_name_with_a_state_key() {
    let mut builder = StateGraph::new();
    builder.last_value("answer").unwrap();
    let err = builder.add_node("answer", noop()).err();
    assert!(
        matches!(err, Some(GraphValidationError::NodeNamedLikeStateKey(ref n)) if n == "answer"),
        "{err:?}"
    );

    let mut builder = StateGraph::new();
    builder.add_node("answer", noop()).unwrap();
    let err = builder.last_value("answer").err();
    assert!(
        matches!(err, Some(GraphValidationError::NodeNamedLikeStateKey(ref n)) if n == "answer"),
        "{err:?}"
    );
}

#[test]
fn an_edge_to_an_unknown_node_fails_to_compile() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    builder.add_edge(START, "a").unwrap().add_edge("a", "ghost").unwrap();

    let err = compile_plain(&builder).err();

    assert!(
        matches!(err, Some(GraphValidationError::UnknownNode { ref node, .. }) if node == "ghost"),
        "{err:?}"
    );
    assert_eq!(err.map(|e| e.name()), Some("GraphValidationError"));
}

#[test]
fn a_graph_without_an_edge_from_start_has_no_entry_point() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    builder.add_edge("a", END).unwrap();

    let err = compile_plain(&builder).err();

    assert!(matches!(err, Some(GraphValidationError::NoEntryPoint)), "{err:?}");
}

/// A loop that never reaches END compiles, as in LangGraph: in a human-in-the-loop graph it
/// pauses at `interrupt()` on every run (and otherwise stops at the recursion limit).
#[test]
fn a_loop_without_a_way_to_end_compiles() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    builder.add_node("b", noop()).unwrap();
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("a", "b")
        .unwrap()
        .add_edge("b", "a")
        .unwrap();

    assert!(compile_plain(&builder).is_ok());
}

/// A node that no edge, conditional edge or declared goto leads to is a wiring mistake
/// (LangGraph.js's UnreachableNodeError); declaring it in a node's `ends` makes it reachable.
#[test]
fn a_node_nothing_leads_to_is_unreachable() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    builder.add_node("orphan", noop()).unwrap();
    builder.add_edge(START, "a").unwrap();

    assert_eq!(
        compile_plain(&builder).err(),
        Some(GraphValidationError::UnreachableNode("orphan".into()))
    );

    let mut builder = StateGraph::new();
    builder
        .add_node_with(
            "a",
            noop(),
            NodeOptions {
                ends: Some(vec!["orphan".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    builder.add_node("orphan", noop()).unwrap();
    builder.add_edge(START, "a").unwrap();
    assert!(compile_plain(&builder).is_ok());
}

#[test]
fn a_loop_with_a_conditional_edge_without_path_map_compiles() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    builder.add_node("b", noop()).unwrap();
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("a", "b")
        .unwrap()
        .add_edge("b", "a")
        .unwrap();
    builder
        .add_conditional_edges("b", path_fn(|_| Ok(vec![END.into()])), no_map())
        .unwrap();

    assert!(compile_plain(&builder).is_ok());
}

#[test]
fn a_dead_end_node_compiles() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    builder.add_edge(START, "a").unwrap();

    assert!(compile_plain(&builder).is_ok());
}

#[test]
fn a_breakpoint_on_an_unknown_node_fails_to_compile() {
    let mut builder = StateGraph::new();
    builder.add_node("a", noop()).unwrap();
    builder.add_edge(START, "a").unwrap();

    for options in [
        CompileOptions {
            interrupt_before: Breakpoints::nodes(["ghost"]),
            ..Default::default()
        },
        CompileOptions {
            interrupt_after: Breakpoints::nodes(["ghost"]),
            ..Default::default()
        },
    ] {
        let err = builder.compile(options).err();
        assert!(
            matches!(err, Some(GraphValidationError::UnknownNode { ref node, .. }) if node == "ghost"),
            "{err:?}"
        );
    }
}

// --- drawing ---

/// The seed's graph exactly as `examples/seed.rs` builds it: START → human_node, no edge to END.
fn seed_graph(edge_to_end: bool) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.last_value("some_text").unwrap();
    builder
        .add_node(
            "human_node",
            node_fn(|state, rt| {
                let value = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
                Ok(json!({ "some_text": value }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "human_node").unwrap();
    if edge_to_end {
        builder.add_edge("human_node", END).unwrap();
    }
    compile(&builder)
}

const SEED_MERMAID: &str = "---
config:
  flowchart:
    curve: linear
---
graph TD;
\t__start__([<p>__start__</p>]):::first
\thuman_node(human_node)
\t__end__([<p>__end__</p>]):::last
\t__start__ --> human_node;
\thuman_node --> __end__;
\tclassDef default fill:#f2f0ff,line-height:1.2
\tclassDef first fill-opacity:0
\tclassDef last fill:#bfb6fc
";

#[test]
fn the_seed_graph_draws_start_to_human_node_to_end() {
    let graph = seed_graph(true);

    let drawn = graph.get_graph();

    let ids: Vec<&str> = drawn.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, vec![START, "human_node", END]);
    assert_eq!(
        edges(&graph),
        vec![edge(START, "human_node", false), edge("human_node", END, false)]
    );
    let mermaid = graph.draw_mermaid();
    assert!(mermaid.starts_with("---\nconfig:"), "{mermaid}");
    assert!(mermaid.contains("__start__ --> human_node;"), "{mermaid}");
    assert_eq!(mermaid, SEED_MERMAID);
}

#[test]
fn a_node_without_outgoing_edges_is_drawn_with_an_edge_to_end() {
    // LangGraph's `draw_graph` joins every terminal node to END (its "termini"), so the seed's
    // graph, which never names END, still draws human_node → __end__.
    let graph = seed_graph(false);

    assert_eq!(
        edges(&graph),
        vec![edge(START, "human_node", false), edge("human_node", END, false)]
    );
    assert_eq!(graph.draw_mermaid(), SEED_MERMAID);
}

#[test]
fn a_conditional_edge_with_a_path_map_draws_dotted_labelled_edges() {
    let mut builder = StateGraph::new();
    builder.last_value("answer").unwrap();
    for name in ["ask", "accept", "reject"] {
        builder.add_node(name, noop()).unwrap();
    }
    builder
        .add_edge(START, "ask")
        .unwrap()
        .add_edge("accept", END)
        .unwrap()
        .add_edge("reject", END)
        .unwrap();
    builder
        .add_conditional_edges(
            "ask",
            path_fn(|state| Ok(vec![state.str("answer").into()])),
            Some(vec![("yes", "accept"), ("no", "reject")]),
        )
        .unwrap();
    let graph = compile(&builder);

    let drawn = graph.get_graph();

    let conditional: Vec<(String, String, Option<String>)> = drawn
        .edges
        .iter()
        .filter(|e| e.conditional)
        .map(|e| (e.source.clone(), e.target.clone(), e.data.clone()))
        .collect();
    assert_eq!(
        conditional,
        vec![
            ("ask".to_string(), "accept".to_string(), Some("yes".to_string())),
            ("ask".into(), "reject".into(), Some("no".into())),
        ]
    );
    let mermaid = graph.draw_mermaid();
    assert!(mermaid.contains("\task -. &nbsp;yes&nbsp; .-> accept;\n"), "{mermaid}");
    assert!(mermaid.contains("\task -. &nbsp;no&nbsp; .-> reject;\n"), "{mermaid}");
    assert!(mermaid.contains("\t__start__ --> ask;\n"), "{mermaid}");
    assert!(mermaid.contains("\taccept --> __end__;\n"), "{mermaid}");
}

#[test]
fn a_conditional_edge_without_a_path_map_is_drawn_dotted_to_every_other_node_and_end() {
    let mut builder = StateGraph::new();
    for name in ["route", "left", "right"] {
        builder.add_node(name, noop()).unwrap();
    }
    builder
        .add_edge(START, "route")
        .unwrap()
        .add_edge("left", END)
        .unwrap()
        .add_edge("right", END)
        .unwrap();
    builder
        .add_conditional_edges("route", path_fn(|_| Ok(vec!["left".into()])), no_map())
        .unwrap();
    let graph = compile(&builder);

    let from_route: Vec<(String, String, bool)> = edges(&graph).into_iter().filter(|(s, _, _)| s == "route").collect();

    assert_eq!(
        from_route,
        vec![
            edge("route", "left", true),
            edge("route", "right", true),
            edge("route", END, true)
        ]
    );
    let mermaid = graph.draw_mermaid();
    for target in ["left", "right", END] {
        assert!(mermaid.contains(&format!("\troute -.-> {target};\n")), "{mermaid}");
    }
}

// --- add_sequence ---

#[test]
fn add_sequence_chains_its_nodes_in_order() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder
        .add_sequence([
            ("one", tracer(&calls, "one")),
            ("two", tracer(&calls, "two")),
            ("three", tracer(&calls, "three")),
        ])
        .unwrap();
    builder.add_edge(START, "one").unwrap().add_edge("three", END).unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "trace": ["one", "two", "three"] }));
    assert_eq!((calls.get("one"), calls.get("two"), calls.get("three")), (1, 1, 1));
    let mut drawn = edges(&graph);
    drawn.sort();
    assert_eq!(
        drawn,
        vec![
            edge(START, "one", false),
            edge("one", "two", false),
            edge("three", END, false),
            edge("two", "three", false),
        ]
    );
}

// --- deferred nodes ---

/// a → b → b2 → d and a → c → d (each node appends its name to `trace`), `d` added with
/// `options`.
fn diamond(calls: &Calls, options: NodeOptions) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    for name in ["a", "b", "b2", "c"] {
        builder.add_node(name, tracer(calls, name)).unwrap();
    }
    builder.add_node_with("d", tracer(calls, "d"), options).unwrap();
    for (from, to) in [
        (START, "a"),
        ("a", "b"),
        ("a", "c"),
        ("b", "b2"),
        ("b2", "d"),
        ("c", "d"),
        ("d", END),
    ] {
        builder.add_edge(from, to).unwrap();
    }
    builder
}

#[test]
fn a_deferred_node_runs_once_after_the_longest_branch() {
    // LangGraph's docs example ("defer node execution"); LangGraph.js 1.7.3 gives the same
    // (tests/dropin/programs/33-deferred-nodes.mjs).
    let calls = Calls::default();
    let deferred = NodeOptions {
        defer: true,
        ..Default::default()
    };
    let graph = compile(&diamond(&calls, deferred));
    let out = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "trace": ["a", "b", "c", "b2", "d"] }));
    assert_eq!(calls.get("d"), 1);

    // Not deferred, d runs once per branch that reaches it.
    let calls = Calls::default();
    let graph = compile(&diamond(&calls, NodeOptions::default()));
    let out = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "trace": ["a", "b", "c", "b2", "d", "d"] }));
}

#[test]
fn a_join_into_a_deferred_node_waits_for_every_other_task() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    for name in ["x", "y", "y2", "z"] {
        builder.add_node(name, tracer(&calls, name)).unwrap();
    }
    let deferred = NodeOptions {
        defer: true,
        ..Default::default()
    };
    builder
        .add_node_with("after", tracer(&calls, "after"), deferred)
        .unwrap();
    for (from, to) in [(START, "x"), (START, "y"), ("y", "y2"), ("y2", "z")] {
        builder.add_edge(from, to).unwrap();
    }
    builder.add_join(["x", "y"], "after").unwrap();
    let graph = compile(&builder);
    let out = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "trace": ["x", "y", "y2", "z", "after"] }));
}

#[test]
fn a_deferred_trigger_is_saved_with_its_checkpoint_and_released_after_a_resume() {
    // START → c → d and START → b1 → b2, d deferred, b2 interrupts. c's edge arms d's trigger
    // in step 0, so the checkpoint the run pauses on holds it armed (`[null, false]`); the
    // resumed run restores it from there (nothing else arms it) and releases it once b2 answered.
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder.add_node("c", tracer(&calls, "c")).unwrap();
    builder.add_node("b1", tracer(&calls, "b1")).unwrap();
    builder
        .add_node(
            "b2",
            node_fn(|_, rt| {
                let answer = rt.interrupt(json!("ok?"))?;
                Ok(json!({ "trace": [format!("b2:{}", answer.as_str().unwrap_or("?"))] }).into())
            }),
        )
        .unwrap();
    let deferred = NodeOptions {
        defer: true,
        ..Default::default()
    };
    builder.add_node_with("d", tracer(&calls, "d"), deferred).unwrap();
    for (from, to) in [(START, "c"), (START, "b1"), ("c", "d"), ("b1", "b2")] {
        builder.add_edge(from, to).unwrap();
    }
    let graph = compile(&builder);
    let thread = || RunOptions::thread("paused");
    let out = run(graph.invoke(json!({}), thread())).unwrap();
    assert_eq!(out["trace"], json!(["b1", "c"]), "{out}");
    assert_eq!(calls.get("d"), 0);
    let paused = run(graph.get_state(&langgraph_wasm::RunConfig::thread("paused"), false)).unwrap();
    assert_eq!(paused.next, vec!["b2"], "d is not a next task while it is deferred");

    let out = run(graph.invoke(langgraph_wasm::Command::resume(json!("yes")), thread())).unwrap();
    assert_eq!(out, json!({ "trace": ["b1", "c", "b2:yes", "d"] }));
    assert_eq!(calls.get("d"), 1);
}

// --- reducers ---

/// START → each of `writers` (in parallel) → END; writer `i` returns `outputs[i]`.
fn parallel_writers(builder: &mut StateGraph, outputs: Vec<(&'static str, Value)>) -> CompiledGraph {
    for (name, output) in outputs {
        builder
            .add_node(name, node_fn(move |_, _| Ok(output.clone().into())))
            .unwrap();
        builder.add_edge(START, name).unwrap().add_edge(name, END).unwrap();
    }
    compile(builder)
}

#[test]
fn the_add_reducer_sums_parallel_numeric_writes() {
    let mut builder = StateGraph::new();
    builder.reducer("total", Reducer::Add, None).unwrap();
    let graph = parallel_writers(
        &mut builder,
        vec![("p", json!({ "total": 2 })), ("q", json!({ "total": 3.5 }))],
    );

    let out = run(graph.invoke(json!({ "total": 1 }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "total": 6.5 }));
}

#[test]
fn the_merge_reducer_merges_objects_with_the_update_winning() {
    let mut builder = StateGraph::new();
    builder.reducer("meta", Reducer::Merge, None).unwrap();
    let graph = parallel_writers(&mut builder, vec![("p", json!({ "meta": { "a": 3, "b": 2 } }))]);

    let out = run(graph.invoke(json!({ "meta": { "a": 1, "keep": true } }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "meta": { "a": 3, "keep": true, "b": 2 } }));
}

#[test]
fn the_messages_reducer_replaces_messages_by_id_and_gives_new_messages_ids() {
    let mut builder = StateGraph::new();
    builder.reducer("messages", Reducer::Messages, None).unwrap();
    let graph = parallel_writers(
        &mut builder,
        vec![(
            "p",
            json!({ "messages": [
                { "type": "ai", "content": "hello" },
                { "type": "human", "content": "hi (edited)", "id": "m1" },
            ] }),
        )],
    );

    let out = run(graph.invoke(
        json!({ "messages": [{ "type": "human", "content": "hi", "id": "m1" }] }),
        RunOptions::thread("t"),
    ))
    .unwrap();

    let messages = out["messages"].as_array().expect("a list of messages");
    assert_eq!(messages.len(), 2);
    assert_eq!(
        messages[0],
        json!({ "content": "hi (edited)", "additional_kwargs": {}, "response_metadata": {}, "type": "human", "id": "m1" })
    );
    assert_eq!(messages[1]["type"], json!("ai"));
    assert_eq!(messages[1]["content"], json!("hello"));
    let id = messages[1]["id"].as_str().expect("a new message gets an id");
    assert!(!id.is_empty() && id != "m1");
}

#[test]
fn a_custom_reducer_folds_writes_with_the_users_function() {
    let mut builder = StateGraph::new();
    let keep_max = Reducer::Custom(Rc::new(|a: Value, b: Value| {
        let (a, b) = (a.as_i64().unwrap_or(0), b.as_i64().ok_or("expected a number")?);
        Ok(json!(a.max(b)))
    }));
    builder.reducer("best", keep_max, None).unwrap();
    let graph = parallel_writers(
        &mut builder,
        vec![("p", json!({ "best": 7 })), ("q", json!({ "best": 4 }))],
    );

    let out = run(graph.invoke(json!({ "best": 5 }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "best": 7 }));
}

#[test]
fn a_reducer_default_is_the_starting_value() {
    let mut builder = StateGraph::new();
    builder.reducer("count", Reducer::Add, Some(json!(10))).unwrap();
    builder.last_value("other").unwrap();
    let graph = parallel_writers(&mut builder, vec![("p", json!({ "count": 5 }))]);

    let out = run(graph.invoke(json!({ "other": "x" }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "count": 15, "other": "x" }));
}

#[test]
fn an_overwrite_write_replaces_an_appended_list() {
    let mut builder = StateGraph::new();
    builder.reducer("items", Reducer::Append, None).unwrap();
    builder
        .add_node("add", node_fn(|_, _| Ok(json!({ "items": ["b"] }).into())))
        .unwrap();
    builder
        .add_node(
            "reset",
            node_fn(|_, _| Ok(json!({ "items": { "__overwrite__": ["z"] } }).into())),
        )
        .unwrap();
    builder
        .add_node("more", node_fn(|_, _| Ok(json!({ "items": ["c"] }).into())))
        .unwrap();
    builder
        .add_edge(START, "add")
        .unwrap()
        .add_edge("add", "reset")
        .unwrap()
        .add_edge("reset", "more")
        .unwrap()
        .add_edge("more", END)
        .unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(json!({ "items": ["a"] }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "items": ["z", "c"] }));
}

// ---------------------------------------------------------------------------------------------
// input and output keys (LangGraph's input and output schemas)

/// `question` in, `answer` out, `notes` private: research → respond.
fn schemas() -> StateGraph {
    let mut builder = StateGraph::new();
    builder
        .last_value("question")
        .unwrap()
        .last_value("notes")
        .unwrap()
        .last_value("answer")
        .unwrap();
    builder
        .add_node(
            "research",
            node_fn(|s, _| Ok(serde_json::json!({ "notes": format!("notes on {}", s.str("question")) }).into())),
        )
        .unwrap();
    builder
        .add_node(
            "respond",
            node_fn(|s, _| Ok(serde_json::json!({ "answer": format!("{}!", s.str("notes")) }).into())),
        )
        .unwrap();
    builder
        .add_edge(START, "research")
        .unwrap()
        .add_edge("research", "respond")
        .unwrap();
    builder.set_input_keys(["question"]).set_output_keys(["answer"]);
    builder
}

#[test]
fn a_run_takes_only_the_input_keys_and_returns_only_the_output_keys() {
    let graph = schemas().compile(CompileOptions::default()).unwrap();
    let out = common::run(graph.invoke(
        serde_json::json!({ "question": "why", "notes": "dropped" }),
        langgraph_wasm::RunOptions::default(),
    ))
    .unwrap();
    assert_eq!(out, serde_json::json!({ "answer": "notes on why!" }));
}

#[test]
fn input_and_output_keys_must_be_state_keys() {
    let mut builder = schemas();
    builder.set_output_keys(["missing"]);
    assert!(matches!(
        compile_plain(&builder),
        Err(GraphValidationError::UnknownStateKey { ref key, .. }) if key == "missing"
    ));
}
