//! Routing by `Command` and `Send`: fan-out with reducers, `goto` from nodes and as run input,
//! `Command(graph=PARENT)` from a subgraph, join edges, conditional loops against the recursion
//! limit, and path maps. Expected values follow LangGraph (reference sections 1 and 3).

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{compile, run, tracer, Calls};
use langgraph_wasm::pregel::Goto;
use langgraph_wasm::{
    async_node, node_fn, path_fn, Command, CompileOptions, GraphError, NodeOptions, Reducer, RunConfig, RunOptions,
    Send, StateGraph, END, START,
};
use serde_json::{json, Value};

fn err_name<T: std::fmt::Debug>(result: Result<T, GraphError>) -> (&'static str, String) {
    let err = result.expect_err("the run should fail");
    (err.name(), err.to_string())
}

#[test]
fn sends_from_start_fan_out_and_their_writes_are_folded_in_send_order_whatever_the_finish_order() {
    let calls = Calls::default();
    let finished: Rc<RefCell<Vec<String>>> = Rc::default();
    let mut builder = StateGraph::new();
    builder.last_value("subjects").unwrap();
    builder.reducer("jokes", Reducer::Append, None).unwrap();
    {
        let calls = calls.clone();
        let finished = finished.clone();
        builder
            .add_node(
                "gen",
                async_node(move |state, _| {
                    let calls = calls.clone();
                    let finished = finished.clone();
                    async move {
                        calls.hit("gen");
                        let subject = state.str("subject").to_string();
                        // The first Send's task is the slowest: it finishes last.
                        if subject == "cats" {
                            common::yield_times(5).await;
                        }
                        finished.borrow_mut().push(subject.clone());
                        Ok(json!({ "jokes": [format!("joke about {subject}")] }).into())
                    }
                }),
            )
            .unwrap();
    }
    builder
        .add_conditional_edges(
            START,
            path_fn(|state| {
                Ok(state
                    .get("subjects")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|s| Goto::Send(Send::new("gen", json!({ "subject": s }))))
                    .collect())
            }),
            None::<Vec<(String, String)>>,
        )
        .unwrap();
    builder.add_edge("gen", END).unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(
        json!({ "subjects": ["cats", "dogs", "birds"] }),
        RunOptions::thread("t"),
    ))
    .unwrap();

    assert_eq!(
        out["jokes"],
        json!(["joke about cats", "joke about dogs", "joke about birds"])
    );
    assert_eq!(calls.get("gen"), 3);
    assert_eq!(
        finished.borrow().last().map(String::as_str),
        Some("cats"),
        "the first Send finished last, yet its write comes first"
    );
}

#[test]
fn a_command_goto_from_a_node_runs_only_the_chosen_node_and_applies_its_update() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder.last_value("choice").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node_with(
                "a",
                node_fn(move |_, _| {
                    calls.hit("a");
                    Ok(Command::goto("c")
                        .with_update(json!({ "trace": ["a"], "choice": "c" }))
                        .into())
                }),
                NodeOptions {
                    ends: Some(vec!["b".into(), "c".into()]),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    builder.add_node("b", tracer(&calls, "b")).unwrap();
    builder.add_node("c", tracer(&calls, "c")).unwrap();
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("b", END)
        .unwrap()
        .add_edge("c", END)
        .unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "trace": ["a", "c"], "choice": "c" }));
    assert_eq!((calls.get("a"), calls.get("b"), calls.get("c")), (1, 0, 1));
}

#[test]
fn a_command_with_only_an_update_still_follows_the_static_edge() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder.last_value("note").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "a",
                node_fn(move |_, _| {
                    calls.hit("a");
                    Ok(Command::update(json!({ "trace": ["a"], "note": "from a" })).into())
                }),
            )
            .unwrap();
    }
    {
        let calls = calls.clone();
        builder
            .add_node(
                "b",
                node_fn(move |state, _| {
                    calls.hit("b");
                    Ok(json!({ "trace": [format!("b saw {}", state.str("note"))] }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("a", "b")
        .unwrap()
        .add_edge("b", END)
        .unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "trace": ["a", "b saw from a"], "note": "from a" }));
    assert_eq!((calls.get("a"), calls.get("b")), (1, 1));
}

fn chain_a_b(calls: &Calls) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder.last_value("note").unwrap();
    builder.add_node("a", tracer(calls, "a")).unwrap();
    builder.add_node("b", tracer(calls, "b")).unwrap();
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge("a", "b")
        .unwrap()
        .add_edge("b", END)
        .unwrap();
    builder
}

#[test]
fn a_command_goto_as_run_input_on_a_finished_thread_runs_that_node_and_what_follows() {
    let calls = Calls::default();
    let mut builder = chain_a_b(&calls);
    builder.add_node("c", tracer(&calls, "c")).unwrap();
    // `c` is only reached by the run input's goto. As in LangGraph.js, some edge must be able to
    // lead there: a conditional edge from `b` that may go to `c` (it always chooses END here).
    builder
        .add_conditional_edges(
            "b",
            path_fn(|_| Ok(vec![END.into()])),
            Some(vec![("c", "c"), (END, END)]),
        )
        .unwrap();
    let graph = compile(&builder);
    let config = RunConfig::thread("t");

    let first = run(graph.invoke(json!({ "trace": ["in"] }), RunOptions::thread("t"))).unwrap();
    assert_eq!(first["trace"], json!(["in", "a", "b"]));

    let out = run(graph.invoke(Command::goto("b"), RunOptions::thread("t"))).unwrap();
    assert_eq!(out["trace"], json!(["in", "a", "b", "b"]));
    assert_eq!((calls.get("a"), calls.get("b"), calls.get("c")), (1, 2, 0));

    let out = run(graph.invoke(Command::goto("c"), RunOptions::thread("t"))).unwrap();
    assert_eq!(out["trace"], json!(["in", "a", "b", "b", "c"]));
    assert_eq!((calls.get("a"), calls.get("b"), calls.get("c")), (1, 2, 1));
    let state = run(graph.get_state(&config, false)).unwrap();
    assert!(state.next.is_empty());
}

#[test]
fn a_command_update_as_run_input_changes_the_saved_state() {
    let calls = Calls::default();
    let graph = compile(&chain_a_b(&calls));
    let config = RunConfig::thread("t");
    run(graph.invoke(json!({ "trace": ["in"], "note": "old" }), RunOptions::thread("t"))).unwrap();

    let out = run(graph.invoke(Command::update(json!({ "note": "new" })), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "trace": ["in", "a", "b"], "note": "new" }));
    let state = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(state.values, json!({ "trace": ["in", "a", "b"], "note": "new" }));
    assert!(state.next.is_empty());
    assert_eq!((calls.get("a"), calls.get("b")), (1, 1), "an update alone runs no node");
}

#[test]
fn an_empty_command_as_run_input_is_an_empty_input_error() {
    let calls = Calls::default();
    let graph = compile(&chain_a_b(&calls));
    run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();

    let (name, _) = err_name(run(graph.invoke(Command::default(), RunOptions::thread("t"))));
    assert_eq!(name, "EmptyInputError");

    let (name, _) = err_name(run(graph.invoke(Command::default(), RunOptions::thread("fresh"))));
    assert_eq!(name, "EmptyInputError");
}

#[test]
fn a_command_to_the_parent_applies_update_goto_and_the_subgraph_nodes_static_edges() {
    let calls = Calls::default();
    let mut child = StateGraph::new();
    child.reducer("trace", Reducer::Append, None).unwrap();
    {
        let calls = calls.clone();
        child
            .add_node(
                "child_node",
                node_fn(move |_, _| {
                    calls.hit("child_node");
                    Ok(Command::goto("other")
                        .with_update(json!({ "trace": ["fromchild"] }))
                        .to_parent()
                        .into())
                }),
            )
            .unwrap();
    }
    child.add_edge(START, "child_node").unwrap();
    let child = child.compile(CompileOptions::default()).unwrap();

    let mut parent = StateGraph::new();
    parent.reducer("trace", Reducer::Append, None).unwrap();
    // As in LangGraph.js, the node whose subgraph commands the parent declares where it may go.
    parent
        .add_node_with(
            "child",
            child,
            NodeOptions {
                ends: Some(vec!["other".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    parent.add_node("other", tracer(&calls, "other")).unwrap();
    parent.add_node("post", tracer(&calls, "post")).unwrap();
    parent
        .add_edge(START, "child")
        .unwrap()
        .add_edge("child", "post")
        .unwrap()
        .add_edge("other", END)
        .unwrap()
        .add_edge("post", END)
        .unwrap();
    let graph = compile(&parent);

    let out = run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "trace": ["fromchild", "other", "post"] }));
    assert_eq!(
        (calls.get("child_node"), calls.get("other"), calls.get("post")),
        (1, 1, 1)
    );
}

#[test]
fn a_join_runs_its_target_once_after_both_sources_with_both_writes_visible() {
    let calls = Calls::default();
    let seen: Rc<RefCell<Option<Value>>> = Rc::default();
    let mut builder = StateGraph::new();
    builder.last_value("from_a").unwrap();
    builder.last_value("from_b").unwrap();
    builder.last_value("joined").unwrap();
    for name in ["a", "b"] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, _| {
                    calls.hit(name);
                    Ok(json!({ format!("from_{name}"): name }).into())
                }),
            )
            .unwrap();
    }
    {
        let calls = calls.clone();
        let seen = seen.clone();
        builder
            .add_node(
                "c",
                node_fn(move |state, _| {
                    calls.hit("c");
                    *seen.borrow_mut() = Some(state.to_value());
                    Ok(json!({ "joined": format!("{}+{}", state.str("from_a"), state.str("from_b")) }).into())
                }),
            )
            .unwrap();
    }
    builder
        .add_edge(START, "a")
        .unwrap()
        .add_edge(START, "b")
        .unwrap()
        .add_join(["a", "b"], "c")
        .unwrap()
        .add_edge("c", END)
        .unwrap();
    let graph = compile(&builder);

    let out = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();

    assert_eq!(out, json!({ "from_a": "a", "from_b": "b", "joined": "a+b" }));
    assert_eq!((calls.get("a"), calls.get("b"), calls.get("c")), (1, 1, 1));
    assert_eq!(*seen.borrow(), Some(json!({ "from_a": "a", "from_b": "b" })));
}

fn self_loop(calls: &Calls) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.reducer("count", Reducer::Add, None).unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "loop",
                node_fn(move |_, _| {
                    calls.hit("loop");
                    Ok(json!({ "count": 1 }).into())
                }),
            )
            .unwrap();
    }
    builder.add_edge(START, "loop").unwrap();
    builder
        .add_conditional_edges(
            "loop",
            path_fn(|_| Ok(vec!["loop".into()])),
            None::<Vec<(String, String)>>,
        )
        .unwrap();
    builder
}

#[test]
fn a_conditional_loop_stops_at_the_given_recursion_limit_with_the_loop_still_next() {
    let calls = Calls::default();
    let graph = compile(&self_loop(&calls));
    let config = RunConfig::thread("t").with_recursion_limit(3);

    let (name, message) = err_name(run(graph.invoke(
        json!({ "count": 0 }),
        RunOptions::thread("t").with_config(config.clone()),
    )));

    assert_eq!(name, "GraphRecursionError");
    assert!(message.contains("Recursion limit of 3 reached"), "{message}");
    assert_eq!(calls.get("loop"), 3);
    let state = run(graph.get_state(&RunConfig::thread("t"), false)).unwrap();
    assert_eq!(state.next, vec!["loop"]);
    assert_eq!(state.values, json!({ "count": 3 }));
}

#[test]
fn a_conditional_loop_stops_at_the_default_recursion_limit_of_25() {
    let calls = Calls::default();
    let graph = compile(&self_loop(&calls));

    let (name, message) = err_name(run(graph.invoke(json!({ "count": 0 }), RunOptions::thread("t"))));

    assert_eq!(name, "GraphRecursionError");
    assert!(message.contains("Recursion limit of 25 reached"), "{message}");
    assert_eq!(calls.get("loop"), 25);
}

fn yes_no_graph(calls: &Calls) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.last_value("answer").unwrap();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder.add_node("ask", tracer(calls, "ask")).unwrap();
    builder.add_node("accept", tracer(calls, "accept")).unwrap();
    builder.add_node("reject", tracer(calls, "reject")).unwrap();
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
    builder
}

#[test]
fn a_path_map_translates_the_path_functions_keys_into_nodes() {
    let calls = Calls::default();
    let graph = compile(&yes_no_graph(&calls));

    let yes = run(graph.invoke(json!({ "answer": "yes" }), RunOptions::thread("yes"))).unwrap();
    let no = run(graph.invoke(json!({ "answer": "no" }), RunOptions::thread("no"))).unwrap();

    assert_eq!(yes["trace"], json!(["ask", "accept"]));
    assert_eq!(no["trace"], json!(["ask", "reject"]));
    assert_eq!((calls.get("ask"), calls.get("accept"), calls.get("reject")), (2, 1, 1));
}

#[test]
fn a_path_key_missing_from_the_path_map_is_an_invalid_update_error() {
    let calls = Calls::default();
    let graph = compile(&yes_no_graph(&calls));

    let (name, message) = err_name(run(graph.invoke(json!({ "answer": "maybe" }), RunOptions::thread("t"))));

    assert_eq!(name, "InvalidUpdateError");
    assert!(message.contains("maybe"), "{message}");
    assert_eq!((calls.get("accept"), calls.get("reject")), (0, 0));
}

/// Two `Command { update }` inputs in a row on a finished thread apply one after the other,
/// and the thread stays usable (a command's writes are never applied twice).
#[test]
fn two_command_updates_in_a_row_apply_in_turn() {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    builder.add_node("a", node_fn(|_, _| Ok(Value::Null.into()))).unwrap();
    builder.add_edge(START, "a").unwrap();
    let graph = compile(&builder);
    let opts = || RunOptions::thread("t");
    run(async {
        graph.invoke(json!({ "x": 1 }), opts()).await.unwrap();
        assert_eq!(
            graph.invoke(Command::update(json!({ "x": 10 })), opts()).await.unwrap(),
            json!({ "x": 10 })
        );
        assert_eq!(
            graph.invoke(Command::update(json!({ "x": 11 })), opts()).await.unwrap(),
            json!({ "x": 11 })
        );
        let state = graph.get_state(&RunConfig::thread("t"), false).await.unwrap();
        assert_eq!(state.values, json!({ "x": 11 }));
        assert_eq!(
            graph.invoke(json!({ "x": 5 }), opts()).await.unwrap(),
            json!({ "x": 5 })
        );
    });
}

/// A command whose update the state refuses (an unknown key) leaves the thread as it was.
#[test]
fn a_refused_command_changes_nothing() {
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    builder.add_node("a", node_fn(|_, _| Ok(Value::Null.into()))).unwrap();
    builder.add_edge(START, "a").unwrap();
    let graph = compile(&builder);
    run(async {
        graph.invoke(json!({ "x": 1 }), RunOptions::thread("t")).await.unwrap();
        let before = graph.get_state(&RunConfig::thread("t"), false).await.unwrap();
        let err = graph
            .invoke(Command::update(json!({ "nope": 1 })), RunOptions::thread("t"))
            .await
            .unwrap_err();
        assert_eq!(err.name(), "InvalidUpdateError");
        let after = graph.get_state(&RunConfig::thread("t"), false).await.unwrap();
        assert_eq!(after, before);
        assert_eq!(
            graph
                .invoke(Command::update(json!({ "x": 2 })), RunOptions::thread("t"))
                .await
                .unwrap(),
            json!({ "x": 2 })
        );
    });
}
