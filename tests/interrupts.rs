//! Dynamic interrupts (`runtime.interrupt(value)`) pinned to LangGraph's behaviour: what `invoke`
//! returns when a node pauses, what `get_state` shows, how `Command { resume }` answers one or
//! several pending interrupts, which nodes re-run on resume, and the errors our design adds
//! (`NothingToResumeError`, `AmbiguousResumeError`, `MissingCheckpointerError`).
//!
//! Sources: shared/reference/langgraph-execution-semantics.md (sections 1, 3, 7) and the table
//! "Semantics we follow" in shared/DESIGN.md (which wins where the two differ).

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{assert_interrupt_id, compile, compile_with, expect_error, interrupts_of, run, Calls};
use langgraph_wasm::pregel::{StateSnapshot, TaskState};
use langgraph_wasm::{
    node_fn, Breakpoints, Command, CompileOptions, CompiledGraph, Interrupt, Reducer, RunConfig, RunOptions,
    StateGraph, StreamMode, END, START,
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

/// LangGraph's interrupt id: `xxh3_128_hexdigest(task checkpoint namespace)`.
fn xxh3_hex(ns: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(ns.as_bytes()))
}

/// The seed document's graph: `human_node` asks to revise `some_text`.
fn seed_builder(calls: &Calls) -> StateGraph {
    let calls = calls.clone();
    let mut builder = StateGraph::new();
    builder.last_value("some_text").unwrap();
    builder
        .add_node(
            "human_node",
            node_fn(move |state, rt| {
                calls.hit("human_node");
                let answer = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
                Ok(json!({ "some_text": answer }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "human_node").unwrap();
    builder
}

/// START → p, START → q; each asks `"<name>?"` and stores its answer in `<name>_out`.
fn parallel_graph(calls: &Calls) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.last_value("p_out").unwrap().last_value("q_out").unwrap();
    for name in ["p", "q"] {
        let calls = calls.clone();
        builder
            .add_node(
                name,
                node_fn(move |_, rt| {
                    calls.hit(name);
                    let answer = rt.interrupt(json!(format!("{name}?")))?;
                    Ok(json!({ format!("{name}_out"): answer }).into())
                }),
            )
            .unwrap();
        builder.add_edge(START, name).unwrap();
    }
    compile(&builder)
}

/// The id of the interrupt whose value is `value`.
fn id_of(interrupts: &[Interrupt], value: &str) -> String {
    interrupts
        .iter()
        .find(|i| i.value == json!(value))
        .unwrap_or_else(|| panic!("no interrupt with value {value:?} in {interrupts:?}"))
        .id
        .clone()
}

// ---------------------------------------------------------------------------------------------
// 1. the seed flow

#[test]
fn the_seed_flow_pauses_at_interrupt_and_resumes_with_the_edited_text() {
    run(async {
        let calls = Calls::default();
        let graph = compile(&seed_builder(&calls));

        let output = graph
            .invoke(json!({ "some_text": "original text" }), RunOptions::thread("seed"))
            .await
            .unwrap();
        let interrupts = interrupts_of(&output);
        assert_eq!(interrupts.len(), 1, "one interrupt: {output}");
        let id = interrupts[0].id.clone();
        assert_interrupt_id(&id);
        assert_eq!(
            output,
            json!({
                "some_text": "original text",
                "__interrupt__": [{ "value": { "text_to_revise": "original text" }, "id": id }],
            })
        );

        let paused = snapshot(&graph, "seed").await;
        assert_eq!(paused.values, json!({ "some_text": "original text" }));
        assert_eq!(paused.next, vec!["human_node"]);
        assert_eq!(
            paused.interrupts,
            vec![Interrupt {
                value: json!({ "text_to_revise": "original text" }),
                id: id.clone(),
            }]
        );
        assert_eq!(paused.tasks.len(), 1);
        assert_eq!(paused.tasks[0].name, "human_node");
        assert_eq!(paused.tasks[0].interrupts, paused.interrupts);
        // LangGraph: the id is xxh3-128 of the task's checkpoint namespace `human_node:<task id>`.
        assert_eq!(id, xxh3_hex(&format!("human_node:{}", paused.tasks[0].id)));

        let resumed = graph
            .invoke(Command::resume(json!("Edited text")), RunOptions::thread("seed"))
            .await
            .unwrap();
        assert_eq!(resumed, json!({ "some_text": "Edited text" }));

        let done = snapshot(&graph, "seed").await;
        assert_eq!(done.values, json!({ "some_text": "Edited text" }));
        assert!(done.next.is_empty(), "nothing left to run: {:?}", done.next);
        assert!(done.interrupts.is_empty());
        assert_eq!(calls.get("human_node"), 2);
    });
}

#[test]
fn resuming_with_null_input_reruns_the_interrupted_node_and_asks_again_with_the_same_id() {
    run(async {
        let calls = Calls::default();
        let graph = compile(&seed_builder(&calls));
        let first = graph
            .invoke(json!({ "some_text": "original text" }), RunOptions::thread("rerun"))
            .await
            .unwrap();
        let first_id = interrupts_of(&first)[0].id.clone();

        let again = graph.invoke(Value::Null, RunOptions::thread("rerun")).await.unwrap();
        assert_eq!(
            again,
            json!({
                "some_text": "original text",
                "__interrupt__": [{ "value": { "text_to_revise": "original text" }, "id": first_id }],
            })
        );
        assert_eq!(calls.get("human_node"), 2);
        assert_eq!(snapshot(&graph, "rerun").await.next, vec!["human_node"]);

        let resumed = graph
            .invoke(Command::resume(json!("Edited text")), RunOptions::thread("rerun"))
            .await
            .unwrap();
        assert_eq!(resumed, json!({ "some_text": "Edited text" }));
    });
}

#[test]
fn the_same_task_on_another_thread_gets_an_id_from_its_own_namespace() {
    run(async {
        let graph = compile(&seed_builder(&Calls::default()));
        let mut ids = Vec::new();
        for thread in ["ids-1", "ids-2"] {
            let output = graph
                .invoke(json!({ "some_text": "t" }), RunOptions::thread(thread))
                .await
                .unwrap();
            let id = interrupts_of(&output)[0].id.clone();
            let state = snapshot(&graph, thread).await;
            assert_eq!(id, xxh3_hex(&format!("human_node:{}", state.tasks[0].id)));
            ids.push(id);
        }
        assert_ne!(ids[0], ids[1], "task ids (and so interrupt ids) differ between threads");
    });
}

// ---------------------------------------------------------------------------------------------
// 2. several interrupts in one node

#[test]
fn two_interrupts_in_one_node_are_answered_one_at_a_time_under_one_id() {
    run(async {
        let calls = Calls::default();
        let mut builder = StateGraph::new();
        builder.reducer("steps", Reducer::Append, None).unwrap();
        let c = calls.clone();
        builder
            .add_node(
                "node",
                node_fn(move |_, rt| {
                    c.hit("node");
                    let first = rt.interrupt(json!("q1"))?;
                    let second = rt.interrupt(json!("q2"))?;
                    Ok(json!({ "steps": [first, second] }).into())
                }),
            )
            .unwrap();
        builder.add_edge(START, "node").unwrap();
        let graph = compile(&builder);
        let thread = || RunOptions::thread("two");

        let out = graph.invoke(json!({ "steps": [] }), thread()).await.unwrap();
        let first = interrupts_of(&out);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].value, json!("q1"));
        assert_interrupt_id(&first[0].id);
        // LangGraph test_multiple_interrupt_state_persistence: nothing is written until the node returns.
        assert_eq!(snapshot(&graph, "two").await.values, json!({ "steps": [] }));

        let out = graph.invoke(Command::resume(json!("A1")), thread()).await.unwrap();
        let second = interrupts_of(&out);
        assert_eq!(
            second,
            vec![Interrupt {
                value: json!("q2"),
                id: first[0].id.clone(),
            }],
            "the second interrupt of the same task has the same id"
        );
        let paused = snapshot(&graph, "two").await;
        assert_eq!(paused.values, json!({ "steps": [] }));
        assert_eq!(paused.next, vec!["node"]);
        assert_eq!(paused.interrupts, second);

        let out = graph.invoke(Command::resume(json!("A2")), thread()).await.unwrap();
        assert_eq!(out, json!({ "steps": ["A1", "A2"] }));
        assert_eq!(calls.get("node"), 3);
        let done = snapshot(&graph, "two").await;
        assert_eq!(done.values, json!({ "steps": ["A1", "A2"] }));
        assert!(done.next.is_empty());
    });
}

// ---------------------------------------------------------------------------------------------
// 3. parallel interrupts in one superstep

#[test]
fn parallel_interrupts_are_reported_together_and_an_id_map_answers_both_at_once() {
    run(async {
        let calls = Calls::default();
        let graph = parallel_graph(&calls);
        let out = graph.invoke(json!({}), RunOptions::thread("both")).await.unwrap();
        let interrupts = interrupts_of(&out);
        assert_eq!(interrupts.len(), 2, "{out}");
        let (p, q) = (id_of(&interrupts, "p?"), id_of(&interrupts, "q?"));
        assert_interrupt_id(&p);
        assert_interrupt_id(&q);
        assert_ne!(p, q, "each task has its own interrupt id");

        let paused = snapshot(&graph, "both").await;
        assert_eq!(paused.next, vec!["p", "q"]);
        let mut pending: Vec<String> = paused.interrupts.iter().map(|i| i.id.clone()).collect();
        pending.sort();
        let mut expected = vec![p.clone(), q.clone()];
        expected.sort();
        assert_eq!(pending, expected);

        let mut answers = serde_json::Map::new();
        answers.insert(p.clone(), json!("P"));
        answers.insert(q.clone(), json!("Q"));
        let out = graph
            .invoke(Command::resume(Value::Object(answers)), RunOptions::thread("both"))
            .await
            .unwrap();
        assert_eq!(out, json!({ "p_out": "P", "q_out": "Q" }));
        assert_eq!((calls.get("p"), calls.get("q")), (2, 2));
        let done = snapshot(&graph, "both").await;
        assert!(done.next.is_empty());
        assert!(done.interrupts.is_empty());
    });
}

#[test]
fn answering_one_of_two_parallel_interrupts_finishes_that_node_and_reasks_the_other_with_the_same_id() {
    run(async {
        let calls = Calls::default();
        let graph = parallel_graph(&calls);
        let thread = || RunOptions::thread("one-by-one");
        let out = graph.invoke(json!({}), thread()).await.unwrap();
        let interrupts = interrupts_of(&out);
        let (p, q) = (id_of(&interrupts, "p?"), id_of(&interrupts, "q?"));

        let out = graph
            .invoke(Command::resume(json!({ p.clone(): "P" })), thread())
            .await
            .unwrap();
        assert_eq!(
            out,
            json!({ "p_out": "P", "__interrupt__": [{ "value": "q?", "id": q }] }),
            "p finished (its write is shown); q asks again under the same id"
        );
        assert_eq!((calls.get("p"), calls.get("q")), (2, 2), "the unanswered node re-ran");
        let paused = snapshot(&graph, "one-by-one").await;
        assert_eq!(paused.next, vec!["q"]);
        assert_eq!(
            paused.interrupts,
            vec![Interrupt {
                value: json!("q?"),
                id: q.clone(),
            }]
        );
        assert_eq!(paused.values, json!({ "p_out": "P" }));

        let out = graph
            .invoke(Command::resume(json!({ q.clone(): "Q" })), thread())
            .await
            .unwrap();
        assert_eq!(out, json!({ "p_out": "P", "q_out": "Q" }));
        assert_eq!(
            (calls.get("p"), calls.get("q")),
            (2, 3),
            "p is not re-run once finished"
        );
        assert!(snapshot(&graph, "one-by-one").await.next.is_empty());
    });
}

#[test]
fn a_bare_resume_with_two_pending_interrupts_is_an_ambiguous_resume_error_and_changes_nothing() {
    run(async {
        let calls = Calls::default();
        let graph = parallel_graph(&calls);
        let thread = || RunOptions::thread("ambiguous");
        let out = graph.invoke(json!({}), thread()).await.unwrap();
        let interrupts = interrupts_of(&out);
        let before = snapshot(&graph, "ambiguous").await;

        let err = expect_error(graph.invoke(Command::resume(json!("x")), thread()).await);
        assert_eq!(err.name(), "AmbiguousResumeError", "{err}");

        let after = snapshot(&graph, "ambiguous").await;
        assert_eq!(after, before, "a refused resume leaves the thread as it was");
        assert_eq!(after.interrupts.len(), 2);
        assert_eq!(after.next, vec!["p", "q"]);
        assert_eq!((calls.get("p"), calls.get("q")), (1, 1), "no node ran");

        // LangGraph test_null_resume_disallowed_with_multiple_interrupts: the id map still works.
        let (p, q) = (id_of(&interrupts, "p?"), id_of(&interrupts, "q?"));
        let out = graph
            .invoke(Command::resume(json!({ p: "P", q: "Q" })), thread())
            .await
            .unwrap();
        assert_eq!(out, json!({ "p_out": "P", "q_out": "Q" }));
    });
}

// ---------------------------------------------------------------------------------------------
// 4. finished siblings are not re-run

/// a ∥ b → c (a join). a appends "a"; b asks `n` questions and appends "b:" + the answers
/// joined by ":"; c appends "c".
fn sibling_graph(calls: &Calls, questions: usize) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.reducer("items", Reducer::Append, None).unwrap();
    let c = calls.clone();
    builder
        .add_node(
            "a",
            node_fn(move |_, _| {
                c.hit("a");
                Ok(json!({ "items": ["a"] }).into())
            }),
        )
        .unwrap();
    let c = calls.clone();
    builder
        .add_node(
            "b",
            node_fn(move |_, rt| {
                c.hit("b");
                let mut answers = Vec::new();
                for i in 1..=questions {
                    let answer = rt.interrupt(json!(format!("question {i}")))?;
                    answers.push(answer.as_str().unwrap_or_default().to_string());
                }
                Ok(json!({ "items": [format!("b:{}", answers.join(":"))] }).into())
            }),
        )
        .unwrap();
    let c = calls.clone();
    builder
        .add_node(
            "c",
            node_fn(move |_, _| {
                c.hit("c");
                Ok(json!({ "items": ["c"] }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "a").unwrap().add_edge(START, "b").unwrap();
    builder.add_join(["a", "b"], "c").unwrap();
    builder.add_edge("c", END).unwrap();
    compile(&builder)
}

#[test]
fn a_finished_sibling_is_not_rerun_when_the_interrupted_node_resumes() {
    run(async {
        let calls = Calls::default();
        let graph = sibling_graph(&calls, 1);
        let thread = || RunOptions::thread("siblings");

        let out = graph.invoke(json!({ "items": ["in"] }), thread()).await.unwrap();
        let interrupts = interrupts_of(&out);
        assert_eq!(interrupts.len(), 1);
        assert_eq!(out["items"], json!(["in", "a"]), "a's write is in the output: {out}");
        let paused = snapshot(&graph, "siblings").await;
        assert_eq!(paused.next, vec!["b"], "only the interrupted task is still to run");
        assert_eq!(paused.values, json!({ "items": ["in", "a"] }));

        let out = graph.invoke(Command::resume(json!("ok")), thread()).await.unwrap();
        assert_eq!(out, json!({ "items": ["in", "a", "b:ok", "c"] }));
        assert_eq!((calls.get("a"), calls.get("b"), calls.get("c")), (1, 2, 1));
    });
}

#[test]
fn a_finished_sibling_is_not_rerun_across_two_resumes_of_its_interrupted_sibling() {
    // The reference's verified run: calls a=1, b=3, c=1; items ['in','a','b:A1:A2','c'].
    run(async {
        let calls = Calls::default();
        let graph = sibling_graph(&calls, 2);
        let thread = || RunOptions::thread("siblings-2");

        let out = graph.invoke(json!({ "items": ["in"] }), thread()).await.unwrap();
        assert_eq!(out["items"], json!(["in", "a"]));
        let first = interrupts_of(&out);
        let out = graph.invoke(Command::resume(json!("A1")), thread()).await.unwrap();
        assert_eq!(out["items"], json!(["in", "a"]));
        assert_eq!(
            interrupts_of(&out),
            vec![Interrupt {
                value: json!("question 2"),
                id: first[0].id.clone(),
            }]
        );
        let out = graph.invoke(Command::resume(json!("A2")), thread()).await.unwrap();
        assert_eq!(out, json!({ "items": ["in", "a", "b:A1:A2", "c"] }));
        assert_eq!((calls.get("a"), calls.get("b"), calls.get("c")), (1, 3, 1));
    });
}

// ---------------------------------------------------------------------------------------------
// 5. falsy resume values

#[test]
fn falsy_resume_values_are_delivered_as_such() {
    run(async {
        for (i, falsy) in [json!(false), json!(0), json!(""), Value::Null].into_iter().enumerate() {
            let received: Rc<RefCell<Vec<Value>>> = Rc::default();
            let seen = received.clone();
            let mut builder = StateGraph::new();
            builder.last_value("answer").unwrap();
            builder
                .add_node(
                    "approve",
                    node_fn(move |_, rt| {
                        let answer = rt.interrupt(json!("approve?"))?;
                        seen.borrow_mut().push(answer.clone());
                        Ok(json!({ "answer": answer }).into())
                    }),
                )
                .unwrap();
            builder.add_edge(START, "approve").unwrap();
            let graph = compile(&builder);
            let thread = format!("falsy-{i}");

            let out = graph
                .invoke(json!({ "answer": "unset" }), RunOptions::thread(&thread))
                .await
                .unwrap();
            assert_eq!(interrupts_of(&out).len(), 1);

            let out = graph
                .invoke(Command::resume(falsy.clone()), RunOptions::thread(&thread))
                .await
                .unwrap_or_else(|e| panic!("resume with {falsy} failed: {e}"));
            assert_eq!(
                *received.borrow(),
                vec![falsy.clone()],
                "interrupt() returned the resume value {falsy}"
            );
            assert_eq!(out, json!({ "answer": falsy }), "resume value {falsy}");
            let done = snapshot(&graph, &thread).await;
            assert_eq!(done.values, json!({ "answer": falsy }), "resume value {falsy}");
            assert!(done.next.is_empty(), "resume value {falsy} finished the run");
            assert!(done.interrupts.is_empty());
        }
    });
}

// ---------------------------------------------------------------------------------------------
// 6. and 7. refused resumes

#[test]
fn resuming_a_finished_thread_is_a_nothing_to_resume_error_and_changes_nothing() {
    run(async {
        let calls = Calls::default();
        let graph = compile(&seed_builder(&calls));
        let thread = || RunOptions::thread("finished");
        graph
            .invoke(json!({ "some_text": "original text" }), thread())
            .await
            .unwrap();
        graph
            .invoke(Command::resume(json!("Edited text")), thread())
            .await
            .unwrap();
        let before = snapshot(&graph, "finished").await;

        // A second approval of the same request (another tab, a double click).
        let err = expect_error(graph.invoke(Command::resume(json!("Again")), thread()).await);
        assert_eq!(err.name(), "NothingToResumeError", "{err}");

        let after = snapshot(&graph, "finished").await;
        assert_eq!(after, before, "state unchanged");
        assert_eq!(after.values, json!({ "some_text": "Edited text" }));
        assert_eq!(calls.get("human_node"), 2, "no node ran");
    });
}

#[test]
fn resuming_a_thread_paused_at_a_static_breakpoint_is_a_nothing_to_resume_error_and_changes_nothing() {
    run(async {
        let calls = Calls::default();
        let graph = compile_with(
            &seed_builder(&calls),
            CompileOptions {
                interrupt_before: Breakpoints::nodes(["human_node"]),
                ..Default::default()
            },
        );
        let thread = || RunOptions::thread("static");
        let out = graph
            .invoke(json!({ "some_text": "original text" }), thread())
            .await
            .unwrap();
        assert_eq!(out, json!({ "some_text": "original text", "__interrupt__": [] }));
        let before = snapshot(&graph, "static").await;
        assert_eq!(before.next, vec!["human_node"]);

        let err = expect_error(graph.invoke(Command::resume(json!("Edited text")), thread()).await);
        assert_eq!(err.name(), "NothingToResumeError", "{err}");
        // With an update too: the whole command is refused, the update is not applied.
        let err = expect_error(
            graph
                .invoke(
                    Command::resume(json!("x")).with_update(json!({ "some_text": "sneaky" })),
                    thread(),
                )
                .await,
        );
        assert_eq!(err.name(), "NothingToResumeError", "{err}");

        let after = snapshot(&graph, "static").await;
        assert_eq!(after, before, "state unchanged");
        assert_eq!(calls.get("human_node"), 0, "no node ran");

        // The breakpoint is still resumable the static way; the node then asks its question.
        let out = graph.invoke(Value::Null, thread()).await.unwrap();
        assert_eq!(
            interrupts_of(&out)[0].value,
            json!({ "text_to_revise": "original text" })
        );
        assert_eq!(calls.get("human_node"), 1);
    });
}

#[test]
fn a_resume_map_with_an_unknown_interrupt_id_is_an_ambiguous_resume_error() {
    run(async {
        let calls = Calls::default();
        let graph = compile(&seed_builder(&calls));
        let thread = || RunOptions::thread("unknown-id");
        let out = graph
            .invoke(json!({ "some_text": "original text" }), thread())
            .await
            .unwrap();
        let id = interrupts_of(&out)[0].id.clone();
        let unknown = "0123456789abcdef0123456789abcdef";
        assert_ne!(id, unknown);
        let before = snapshot(&graph, "unknown-id").await;

        let err = expect_error(
            graph
                .invoke(Command::resume(json!({ unknown: "Edited text" })), thread())
                .await,
        );
        assert_eq!(err.name(), "AmbiguousResumeError", "{err}");
        assert_eq!(snapshot(&graph, "unknown-id").await, before, "state unchanged");
        assert_eq!(calls.get("human_node"), 1);

        // The right id answers it.
        let out = graph
            .invoke(Command::resume(json!({ id: "Edited text" })), thread())
            .await
            .unwrap();
        assert_eq!(out, json!({ "some_text": "Edited text" }));
    });
}

// ---------------------------------------------------------------------------------------------
// 8. subgraphs

#[test]
fn an_interrupt_inside_a_subgraph_is_resumed_from_the_parent_without_rerunning_earlier_child_nodes() {
    run(async {
        let calls = Calls::default();
        let mut child = StateGraph::new();
        child.last_value("text").unwrap();
        let c = calls.clone();
        child
            .add_node(
                "prep",
                node_fn(move |state, _| {
                    c.hit("prep");
                    Ok(json!({ "text": format!("{}|prep", state.str("text")) }).into())
                }),
            )
            .unwrap();
        let c = calls.clone();
        child
            .add_node(
                "ask",
                node_fn(move |state, rt| {
                    c.hit("ask");
                    let answer = rt.interrupt(json!({ "question": state.str("text") }))?;
                    Ok(json!({ "text": answer }).into())
                }),
            )
            .unwrap();
        child.add_edge(START, "prep").unwrap().add_edge("prep", "ask").unwrap();
        let child = child.compile(CompileOptions::default()).expect("child compiles");

        let mut parent = StateGraph::new();
        parent.last_value("text").unwrap();
        parent.add_node("child", child).unwrap();
        parent.add_edge(START, "child").unwrap();
        let graph = compile(&parent);
        let thread = || RunOptions::thread("sub");

        let out = graph.invoke(json!({ "text": "draft" }), thread()).await.unwrap();
        let interrupts = interrupts_of(&out);
        assert_eq!(interrupts.len(), 1, "{out}");
        let id = interrupts[0].id.clone();
        assert_interrupt_id(&id);
        assert_eq!(
            out,
            json!({
                "text": "draft",
                "__interrupt__": [{ "value": { "question": "draft|prep" }, "id": id }],
            })
        );

        let paused = snapshot(&graph, "sub").await;
        assert_eq!(paused.next, vec!["child"]);
        assert_eq!(
            paused.interrupts.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
            vec![id.clone()]
        );

        // LangGraph: the id hashes the nested namespace `child:<task id>|ask:<child task id>`.
        let with_subgraphs = graph.get_state(&RunConfig::thread("sub"), true).await.unwrap();
        let parent_task = &with_subgraphs.tasks[0];
        assert_eq!(parent_task.name, "child");
        match &parent_task.state {
            Some(TaskState::Snapshot(child_state)) => {
                assert_eq!(child_state.next, vec!["ask"]);
                assert_eq!(child_state.values, json!({ "text": "draft|prep" }));
                let ask = &child_state.tasks[0];
                assert_eq!(ask.name, "ask");
                assert_eq!(id, xxh3_hex(&format!("child:{}|ask:{}", parent_task.id, ask.id)));
            }
            other => panic!("expected the child's snapshot in the parent task, got {other:?}"),
        }

        let out = graph.invoke(Command::resume(json!("final")), thread()).await.unwrap();
        assert_eq!(out, json!({ "text": "final" }));
        assert_eq!(
            calls.get("prep"),
            1,
            "the child node before the interrupt is not re-run"
        );
        assert_eq!(calls.get("ask"), 2);
        let done = snapshot(&graph, "sub").await;
        assert_eq!(done.values, json!({ "text": "final" }));
        assert!(done.next.is_empty());
    });
}

// ---------------------------------------------------------------------------------------------
// 9. interrupt loop (LangGraph test_interrupt_loop)

#[test]
fn a_node_reasks_until_the_answer_is_valid() {
    run(async {
        let calls = Calls::default();
        let mut builder = StateGraph::new();
        builder.last_value("age").unwrap().last_value("other").unwrap();
        let c = calls.clone();
        builder
            .add_node(
                "node",
                node_fn(move |_, rt| {
                    c.hit("node");
                    let mut question = "How old are you?";
                    for _ in 0..10 {
                        let value = rt.interrupt(json!(question))?;
                        match value.as_str().and_then(|s| s.parse::<u64>().ok()) {
                            Some(age) if age >= 18 => return Ok(json!({ "age": age }).into()),
                            _ => question = "invalid response",
                        }
                    }
                    Ok(Value::Null.into())
                }),
            )
            .unwrap();
        builder.add_edge(START, "node").unwrap();
        let graph = compile(&builder);
        let thread = || RunOptions::thread("loop").with_stream_mode(&[StreamMode::Updates]);
        let datas =
            |parts: Vec<langgraph_wasm::pregel::StreamPart>| parts.into_iter().map(|p| p.data).collect::<Vec<_>>();

        let parts = datas(graph.stream_all(json!({ "other": "" }), thread()).await.unwrap());
        assert_eq!(parts.len(), 1, "{parts:?}");
        let id = parts[0]["__interrupt__"][0]["id"].as_str().unwrap().to_string();
        assert_eq!(
            parts,
            vec![json!({ "__interrupt__": [{ "value": "How old are you?", "id": id }] })]
        );

        for bad in ["abc", "13", "15"] {
            let parts = datas(graph.stream_all(Command::resume(json!(bad)), thread()).await.unwrap());
            assert_eq!(
                parts,
                vec![json!({ "__interrupt__": [{ "value": "invalid response", "id": id }] })],
                "answer {bad:?}"
            );
        }

        let parts = datas(graph.stream_all(Command::resume(json!("19")), thread()).await.unwrap());
        assert_eq!(parts, vec![json!({ "node": { "age": 19 } })]);
        assert_eq!(snapshot(&graph, "loop").await.values, json!({ "age": 19, "other": "" }));
        assert_eq!(calls.get("node"), 5);
    });
}

// ---------------------------------------------------------------------------------------------
// 10. no checkpointer

#[test]
fn without_a_checkpointer_invoke_still_reports_the_interrupt_but_resuming_is_a_missing_checkpointer_error() {
    run(async {
        let calls = Calls::default();
        let graph = seed_builder(&calls)
            .compile(CompileOptions::default())
            .expect("graph compiles");

        let out = graph
            .invoke(json!({ "some_text": "original text" }), RunOptions::default())
            .await
            .unwrap();
        let interrupts = interrupts_of(&out);
        assert_eq!(interrupts.len(), 1);
        assert_eq!(interrupts[0].value, json!({ "text_to_revise": "original text" }));
        assert_interrupt_id(&interrupts[0].id);
        assert_eq!(out["some_text"], json!("original text"));

        let err = expect_error(
            graph
                .invoke(Command::resume(json!("Edited text")), RunOptions::default())
                .await,
        );
        assert_eq!(err.name(), "MissingCheckpointerError", "{err}");
        let err = expect_error(
            graph
                .invoke(Command::resume(json!("Edited text")), RunOptions::thread("no-saver"))
                .await,
        );
        assert_eq!(err.name(), "MissingCheckpointerError", "{err}");
        assert_eq!(calls.get("human_node"), 1);
    });
}

// ---------------------------------------------------------------------------------------------
// 11. streaming

#[test]
fn the_updates_stream_reports_the_interrupt_and_then_the_resumed_nodes_update() {
    run(async {
        let graph = compile(&seed_builder(&Calls::default()));
        let options = || RunOptions::thread("stream").with_stream_mode(&[StreamMode::Updates]);

        let parts = graph
            .stream_all(json!({ "some_text": "original text" }), options())
            .await
            .unwrap();
        let interrupt_parts: Vec<_> = parts.iter().filter(|p| p.data.get("__interrupt__").is_some()).collect();
        assert_eq!(interrupt_parts.len(), 1, "{parts:?}");
        let part = interrupt_parts[0];
        assert_eq!(part.mode, StreamMode::Updates);
        assert!(part.ns.is_empty(), "root graph event: {:?}", part.ns);
        let pending = snapshot(&graph, "stream").await.interrupts;
        assert_eq!(pending.len(), 1);
        assert_eq!(
            part.data,
            json!({ "__interrupt__": [{ "value": { "text_to_revise": "original text" }, "id": pending[0].id }] })
        );
        // LangGraph's stream for this run is exactly that one chunk.
        assert_eq!(parts.len(), 1, "{parts:?}");

        let parts = graph
            .stream_all(Command::resume(json!("Edited text")), options())
            .await
            .unwrap();
        let datas: Vec<Value> = parts.into_iter().map(|p| p.data).collect();
        assert_eq!(datas, vec![json!({ "human_node": { "some_text": "Edited text" } })]);
    });
}

/// At a pending interrupt, a Command's update waits beside the saved task results. A second
/// update of the same last-value key cannot be applied with it, so it is refused with a clear
/// error — and the thread is not harmed: answering the interrupt still works.
#[test]
fn a_second_update_of_a_key_while_paused_is_refused_and_the_thread_stays_usable() {
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.last_value("answer").unwrap();
    b.add_node(
        "ask",
        node_fn(|_, rt| {
            let answer = rt.interrupt(json!("ok?"))?;
            Ok(json!({ "answer": answer }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "ask").unwrap();
    let graph = compile(&b);
    let opts = || RunOptions::thread("t");
    run(async {
        graph.invoke(json!({ "x": 0 }), opts()).await.unwrap();
        let out = graph.invoke(Command::update(json!({ "x": 1 })), opts()).await.unwrap();
        assert_eq!(out["x"], json!(1));
        assert_eq!(interrupts_of(&out).len(), 1, "the node asks again");

        let err = graph
            .invoke(Command::update(json!({ "x": 2 })), opts())
            .await
            .unwrap_err();
        assert_eq!(err.name(), "InvalidUpdateError");
        assert!(err.to_string().contains("continue the paused run first"), "{err}");

        let done = graph.invoke(Command::resume(json!("yes")), opts()).await.unwrap();
        assert_eq!(done, json!({ "x": 1, "answer": "yes" }));
    });
}
