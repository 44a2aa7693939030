//! Reading and editing a thread's saved state: `update_state` (with and without `as_node`,
//! `__end__`), history order and filters, replay and fork (LangGraph's `test_time_travel.py`),
//! durability modes, and subgraph state in `get_state`. Reference section 3.

mod common;

use common::{at, compile, compile_with, history, run, source, step, tracer, Calls};
use langgraph_wasm::checkpoint::CheckpointSource;
use langgraph_wasm::pregel::{HistoryOptions, StateSnapshot, TaskState};
use langgraph_wasm::{
    node_fn, Breakpoints, CompileOptions, CompiledGraph, Durability, Reducer, RunConfig, RunOptions, StateGraph, END,
    START,
};
use serde_json::{json, Map, Value};

/// START → nodes[0] → … → END, each node appending its name to `trace`.
fn chain(calls: &Calls, nodes: &[&'static str]) -> StateGraph {
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    let mut previous = START;
    for name in nodes {
        builder.add_node(*name, tracer(calls, name)).unwrap();
        builder.add_edge(previous, *name).unwrap();
        previous = name;
    }
    builder.add_edge(previous, END).unwrap();
    builder
}

#[test]
fn an_update_as_a_node_at_a_breakpoint_is_seen_by_the_next_node_when_the_run_continues() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.last_value("x").unwrap();
    builder.last_value("b_saw").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "a",
                node_fn(move |_, _| {
                    calls.hit("a");
                    Ok(json!({ "x": "from a" }).into())
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
                    Ok(json!({ "b_saw": state.str("x") }).into())
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
    let graph = compile_with(
        &builder,
        CompileOptions {
            interrupt_before: Breakpoints::nodes(["b"]),
            ..Default::default()
        },
    );
    let config = RunConfig::thread("t");

    let out = run(graph.invoke(json!({ "x": "in" }), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "x": "from a", "__interrupt__": [] }));
    let before = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(before.next, vec!["b"]);

    let updated = run(graph.update_state(&config, json!({ "x": "edited" }), Some("a"))).unwrap();
    assert_ne!(updated.checkpoint_id, before.config.checkpoint_id, "a new checkpoint");
    let state = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(state.config.checkpoint_id, updated.checkpoint_id);
    assert_eq!(state.values, json!({ "x": "edited" }));
    assert_eq!(state.next, vec!["b"]);
    assert_eq!(source(&state), CheckpointSource::Update);
    assert_eq!(
        state.parent_config.and_then(|p| p.checkpoint_id),
        before.config.checkpoint_id
    );

    let out = run(graph.invoke(Value::Null, RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "x": "edited", "b_saw": "edited" }));
    assert_eq!((calls.get("a"), calls.get("b")), (1, 1));
}

#[test]
fn an_update_without_as_node_after_two_nodes_ran_in_one_step_is_ambiguous() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder.add_node("x", tracer(&calls, "x")).unwrap();
    builder.add_node("y", tracer(&calls, "y")).unwrap();
    builder
        .add_edge(START, "x")
        .unwrap()
        .add_edge(START, "y")
        .unwrap()
        .add_edge("x", END)
        .unwrap()
        .add_edge("y", END)
        .unwrap();
    let graph = compile_with(
        &builder,
        CompileOptions {
            interrupt_after: Breakpoints::nodes(["x", "y"]),
            ..Default::default()
        },
    );
    let config = RunConfig::thread("t");
    run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();
    let paused = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(paused.values, json!({ "trace": ["x", "y"] }));

    let err = run(graph.update_state(&config, json!({ "trace": ["z"] }), None)).expect_err("ambiguous");

    assert_eq!(err.name(), "InvalidUpdateError");
    assert!(err.to_string().contains("Ambiguous"), "{err}");
    let state = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(state.values, json!({ "trace": ["x", "y"] }), "nothing was applied");

    run(graph.update_state(&config, json!({ "trace": ["z"] }), Some("y"))).unwrap();
    let state = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(state.values, json!({ "trace": ["x", "y", "z"] }));
}

#[test]
fn a_run_paused_after_a_step_returns_that_steps_reducer_writes_once() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.reducer("trace", Reducer::Append, None).unwrap();
    builder.add_node("x", tracer(&calls, "x")).unwrap();
    builder.add_node("y", tracer(&calls, "y")).unwrap();
    builder
        .add_edge(START, "x")
        .unwrap()
        .add_edge("x", "y")
        .unwrap()
        .add_edge("y", END)
        .unwrap();
    let graph = compile_with(
        &builder,
        CompileOptions {
            interrupt_after: Breakpoints::nodes(["x"]),
            ..Default::default()
        },
    );

    let paused = run(graph.invoke(json!({ "trace": ["in"] }), RunOptions::thread("t"))).unwrap();

    let state = run(graph.get_state(&RunConfig::thread("t"), false)).unwrap();
    assert_eq!(state.values, json!({ "trace": ["in", "x"] }));
    assert_eq!(state.next, vec!["y"]);
    let out = run(graph.invoke(Value::Null, RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "trace": ["in", "x", "y"] }));
    assert_eq!((calls.get("x"), calls.get("y")), (1, 1));
    assert_eq!(paused, json!({ "trace": ["in", "x"], "__interrupt__": [] }));
}

#[test]
fn an_update_without_as_node_on_a_single_node_graph_is_attributed_to_that_node() {
    let calls = Calls::default();
    let graph = compile(&chain(&calls, &["only"]));
    let config = RunConfig::thread("t");
    run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();

    run(graph.update_state(&config, json!({ "trace": ["edit"] }), None)).unwrap();

    let state = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(state.values, json!({ "trace": ["only", "edit"] }));
    assert_eq!(source(&state), CheckpointSource::Update);
    assert!(state.next.is_empty(), "only → END: nothing runs after the update");
    assert_eq!(calls.get("only"), 1);
}

#[test]
fn an_update_as_end_with_null_values_closes_the_pending_tasks() {
    let calls = Calls::default();
    let mut builder = StateGraph::new();
    builder.last_value("some_text").unwrap();
    {
        let calls = calls.clone();
        builder
            .add_node(
                "human_node",
                node_fn(move |state, rt| {
                    calls.hit("human_node");
                    let value = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
                    Ok(json!({ "some_text": value }).into())
                }),
            )
            .unwrap();
    }
    builder.add_edge(START, "human_node").unwrap();
    let graph = compile(&builder);
    let config = RunConfig::thread("t");
    let out = run(graph.invoke(json!({ "some_text": "original text" }), RunOptions::thread("t"))).unwrap();
    assert_eq!(
        out["__interrupt__"][0]["value"],
        json!({ "text_to_revise": "original text" })
    );
    let paused = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(paused.next, vec!["human_node"]);
    assert_eq!(paused.interrupts.len(), 1);

    run(graph.update_state(&config, Value::Null, Some(END))).unwrap();

    let state = run(graph.get_state(&config, false)).unwrap();
    assert!(state.next.is_empty(), "next: {:?}", state.next);
    assert!(state.interrupts.is_empty());
    assert_eq!(state.values, json!({ "some_text": "original text" }));
    let out = run(graph.invoke(Value::Null, RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "some_text": "original text" }));
    assert_eq!(calls.get("human_node"), 1);
}

#[test]
fn history_lists_every_checkpoint_newest_first_linked_to_its_parent() {
    let calls = Calls::default();
    let graph = compile(&chain(&calls, &["a", "b", "c"]));
    let config = RunConfig::thread("t");
    run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();

    let all = history(&graph, "t");

    assert_eq!(all.iter().map(step).collect::<Vec<_>>(), vec![3, 2, 1, 0, -1]);
    assert_eq!(
        all.iter().map(source).collect::<Vec<_>>(),
        vec![
            CheckpointSource::Loop,
            CheckpointSource::Loop,
            CheckpointSource::Loop,
            CheckpointSource::Loop,
            CheckpointSource::Input
        ]
    );
    assert_eq!(all[0].values, json!({ "trace": ["a", "b", "c"] }));
    assert_eq!(all[4].values, json!({ "trace": [] }));
    for pair in all.windows(2) {
        let parent = pair[0].parent_config.as_ref().expect("a parent");
        assert_eq!(parent.checkpoint_id, pair[1].config.checkpoint_id);
    }
    assert!(all[4].parent_config.is_none());
    let latest = run(graph.get_state(&config, false)).unwrap();
    assert_eq!(latest.config.checkpoint_id, all[0].config.checkpoint_id);

    let limited = run(graph.get_state_history(
        &config,
        HistoryOptions {
            limit: Some(2),
            ..Default::default()
        },
    ))
    .unwrap();
    assert_eq!(limited.iter().map(step).collect::<Vec<_>>(), vec![3, 2]);

    let before = run(graph.get_state_history(
        &config,
        HistoryOptions {
            before: all[1].config.checkpoint_id.clone(),
            ..Default::default()
        },
    ))
    .unwrap();
    assert_eq!(before.iter().map(step).collect::<Vec<_>>(), vec![1, 0, -1]);

    let mut filter = Map::new();
    filter.insert("source".into(), json!("input"));
    let inputs = run(graph.get_state_history(
        &config,
        HistoryOptions {
            filter: Some(filter),
            ..Default::default()
        },
    ))
    .unwrap();
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].config.checkpoint_id, all[4].config.checkpoint_id);

    // Each older snapshot's `next` is what ran from it (LangGraph only drops tasks with saved
    // writes from `next` for the latest checkpoint, where it applies them to `values`).
    let next: Vec<Vec<String>> = all.iter().map(|s| s.next.clone()).collect();
    assert_eq!(
        next,
        vec![
            vec![],
            vec!["c".to_string()],
            vec!["b".into()],
            vec!["a".into()],
            vec![START.into()]
        ]
    );
}

/// The checkpoint from which `b` runs next, picked as LangGraph's time-travel tests do: the
/// snapshot in history whose `next == ("b",)`.
fn checkpoint_before_b(graph: &CompiledGraph) -> StateSnapshot {
    let before_b = history(graph, "t")
        .into_iter()
        .find(|s| s.next == vec!["b".to_string()])
        .expect("a checkpoint whose next is b");
    assert_eq!(step(&before_b), 1);
    assert_eq!(before_b.values, json!({ "trace": ["a"] }));
    before_b
}

#[test]
fn replaying_from_an_earlier_checkpoint_reruns_the_nodes_after_it_on_a_fork() {
    let calls = Calls::default();
    let graph = compile(&chain(&calls, &["a", "b", "c"]));
    run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();
    let before_b = checkpoint_before_b(&graph);

    let out = run(graph.invoke(Value::Null, RunOptions::default().with_config(at(&before_b.config)))).unwrap();

    assert_eq!(out, json!({ "trace": ["a", "b", "c"] }));
    assert_eq!((calls.get("a"), calls.get("b"), calls.get("c")), (1, 2, 2));
    let all = history(&graph, "t");
    let forks: Vec<&StateSnapshot> = all.iter().filter(|s| source(s) == CheckpointSource::Fork).collect();
    assert_eq!(forks.len(), 1, "one fork checkpoint");
    assert_eq!(
        forks[0].parent_config.as_ref().and_then(|p| p.checkpoint_id.clone()),
        before_b.config.checkpoint_id
    );
    assert_eq!(step(forks[0]), step(&before_b) + 1);
    let latest = run(graph.get_state(&RunConfig::thread("t"), false)).unwrap();
    assert_eq!(latest.values, json!({ "trace": ["a", "b", "c"] }));
    assert!(latest.next.is_empty());
}

#[test]
fn forking_with_modified_state_reruns_from_the_fork_with_the_modification() {
    let calls = Calls::default();
    let graph = compile(&chain(&calls, &["a", "b"]));
    let out = run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "trace": ["a", "b"] }));
    let before_b = checkpoint_before_b(&graph);

    let fork = run(graph.update_state(&at(&before_b.config), json!({ "trace": ["x"] }), None)).unwrap();
    let forked = run(graph.get_state(&at(&fork), false)).unwrap();
    assert_eq!(forked.values, json!({ "trace": ["a", "x"] }));
    assert_eq!(forked.next, vec!["b"]);
    assert_eq!(
        forked.parent_config.and_then(|p| p.checkpoint_id),
        before_b.config.checkpoint_id
    );

    let out = run(graph.invoke(Value::Null, RunOptions::default().with_config(at(&fork)))).unwrap();

    assert_eq!(out, json!({ "trace": ["a", "x", "b"] }));
    assert_eq!((calls.get("a"), calls.get("b")), (1, 2));
    let latest = run(graph.get_state(&RunConfig::thread("t"), false)).unwrap();
    assert_eq!(latest.values, json!({ "trace": ["a", "x", "b"] }));
}

#[test]
fn every_durability_gives_the_same_result_and_exit_saves_only_the_last_checkpoint() {
    let calls = Calls::default();
    let graph = compile(&chain(&calls, &["a", "b", "c"]));
    let mut outputs = Vec::new();
    for (thread, durability) in [
        ("sync", Durability::Sync),
        ("async", Durability::Async),
        ("exit", Durability::Exit),
    ] {
        let options = RunOptions::thread(thread).with_durability(durability);
        outputs.push(run(graph.invoke(json!({ "trace": [] }), options)).unwrap());
    }

    for out in &outputs {
        assert_eq!(*out, json!({ "trace": ["a", "b", "c"] }));
    }
    let sync = history(&graph, "sync");
    let asynchronous = history(&graph, "async");
    let exit = history(&graph, "exit");
    assert_eq!(sync.len(), 5, "input + one per step");
    assert_eq!(asynchronous.len(), 5);
    assert_eq!(exit.len(), 1, "only the checkpoint at exit");
    assert!(exit.len() < sync.len());
    assert_eq!(exit[0].values, json!({ "trace": ["a", "b", "c"] }));
    assert!(exit[0].next.is_empty());
    assert_eq!(step(&exit[0]), step(&sync[0]));
    let state = run(graph.get_state(&RunConfig::thread("exit"), false)).unwrap();
    assert_eq!(state.values, json!({ "trace": ["a", "b", "c"] }));
}

fn parent_with_interrupting_child() -> CompiledGraph {
    let mut child = StateGraph::new();
    child.last_value("text").unwrap();
    child
        .add_node(
            "ask",
            node_fn(|state, rt| {
                let answer = rt.interrupt(json!({ "question": state.str("text") }))?;
                Ok(json!({ "text": answer }).into())
            }),
        )
        .unwrap();
    child.add_edge(START, "ask").unwrap();
    let child = child.compile(CompileOptions::default()).unwrap();

    let mut parent = StateGraph::new();
    parent.last_value("text").unwrap();
    parent.add_node("child", child).unwrap();
    parent.add_edge(START, "child").unwrap().add_edge("child", END).unwrap();
    compile(&parent)
}

#[test]
fn get_state_with_subgraphs_shows_the_state_of_a_subgraph_paused_by_an_interrupt() {
    let graph = parent_with_interrupting_child();
    let config = RunConfig::thread("t");
    let out = run(graph.invoke(json!({ "text": "hi" }), RunOptions::thread("t"))).unwrap();
    assert_eq!(out["__interrupt__"][0]["value"], json!({ "question": "hi" }));

    let state = run(graph.get_state(&config, true)).unwrap();

    assert_eq!(state.next, vec!["child"]);
    assert_eq!(state.tasks.len(), 1);
    let task = &state.tasks[0];
    assert_eq!(task.name, "child");
    assert_eq!(task.interrupts.len(), 1);
    match &task.state {
        Some(TaskState::Snapshot(child)) => {
            assert_eq!(child.next, vec!["ask"]);
            assert_eq!(child.values, json!({ "text": "hi" }));
            assert!(
                child.config.checkpoint_ns.starts_with("child:"),
                "{}",
                child.config.checkpoint_ns
            );
            assert_eq!(child.interrupts.len(), 1);
        }
        other => panic!("expected the child's snapshot, got {other:?}"),
    }

    let shallow = run(graph.get_state(&config, false)).unwrap();
    match &shallow.tasks[0].state {
        Some(TaskState::Config(cfg)) => assert!(cfg.checkpoint_ns.starts_with("child:"), "{}", cfg.checkpoint_ns),
        other => panic!("expected the child's config, got {other:?}"),
    }
}

/// A fork writes its own channel versions: continuing it leaves the checkpoints of the branch
/// it forked from exactly as they were (their values are stored by channel and version).
#[test]
fn continuing_a_fork_leaves_the_other_branch_unchanged() {
    let calls = Calls::default();
    let graph = compile(&chain(&calls, &["a", "b", "c"]));
    run(graph.invoke(json!({ "trace": [] }), RunOptions::thread("t"))).unwrap();
    let head = run(graph.get_state(&RunConfig::thread("t"), false)).unwrap();
    assert_eq!(head.values, json!({ "trace": ["a", "b", "c"] }));

    let before_b = checkpoint_before_b(&graph);
    let fork = run(graph.update_state(&at(&before_b.config), json!({ "trace": ["x"] }), Some("a"))).unwrap();
    let forked = run(graph.invoke(Value::Null, RunOptions::default().with_config(at(&fork)))).unwrap();
    assert_eq!(forked, json!({ "trace": ["a", "x", "b", "c"] }));

    let old_head = run(graph.get_state(&at(&head.config), false)).unwrap();
    assert_eq!(
        old_head.values,
        json!({ "trace": ["a", "b", "c"] }),
        "the first branch is untouched"
    );
    for snapshot in history(&graph, "t") {
        let again = run(graph.get_state(&at(&snapshot.config), false)).unwrap();
        assert_eq!(again.values, snapshot.values);
    }
}
