//! Depth: any value the API accepts (100 levels deep) is read back from every store it lands
//! in; a record too deep to read back is refused when written, with a named error, and
//! nothing of its save is written.

use std::rc::Rc;

use langgraph_wasm::checkpoint::indexeddb::{delete_database, IndexedDbSaver, LazyDb};
use langgraph_wasm::pregel::RunConfig;
use langgraph_wasm::server::{Change, IndexedDbStorage, Item, Run, RunStatus, ServerStorage, Thread, ThreadStatus};
use langgraph_wasm::{node_fn, Command, CompileOptions, GraphError, RunOptions, StateGraph, START};
use serde_json::{json, Map, Value};
use wasm_bindgen_test::*;

use super::support::{deep, seed, unique};

#[wasm_bindgen_test]
async fn a_value_100_levels_deep_round_trips_through_the_checkpoints() {
    let name = unique("deep-checkpoints");
    // Input, interrupt and resume all carry a value 100 levels deep.
    let input = json!({ "some_text": deep(99) });
    let paused = seed(Rc::new(IndexedDbSaver::new(&name)))
        .invoke(input, RunOptions::thread("t"))
        .await
        .unwrap();
    assert_eq!(paused["__interrupt__"][0]["value"]["text_to_revise"], deep(99));
    let reloaded = seed(Rc::new(IndexedDbSaver::from_db(LazyDb::own(&name))));
    let state = reloaded.get_state(&RunConfig::thread("t"), false).await.unwrap();
    assert_eq!(state.values["some_text"], deep(99));
    assert_eq!(state.tasks[0].interrupts[0].value["text_to_revise"], deep(99));
    let done = reloaded
        .invoke(Command::resume(deep(100)), RunOptions::thread("t"))
        .await
        .unwrap();
    assert_eq!(done["some_text"], deep(100));
    let again = seed(Rc::new(IndexedDbSaver::from_db(LazyDb::own(&name))));
    let state = again.get_state(&RunConfig::thread("t"), false).await.unwrap();
    assert_eq!(state.values["some_text"], deep(100));
    delete_database(&name).await.unwrap();
}

fn thread_with(id: &str, metadata: Value, values: Value, interrupts: Value) -> Thread {
    Thread {
        thread_id: id.into(),
        created_at: "2026-01-01T00:00:00.000000+00:00".into(),
        updated_at: "2026-01-01T00:00:00.000000+00:00".into(),
        metadata: metadata.as_object().cloned().unwrap_or_default(),
        status: ThreadStatus::Interrupted,
        values,
        interrupts: interrupts.as_object().cloned().unwrap_or_default(),
        error: None,
        config: Default::default(),
    }
}

#[wasm_bindgen_test]
async fn a_value_100_levels_deep_round_trips_through_threads_runs_and_store_items() {
    let name = unique("deep-records");
    let thread = thread_with(
        "t",
        json!({ "deep": deep(99) }),
        json!({ "some_text": deep(99) }),
        json!({ "task": [{ "value": { "text_to_revise": deep(99) }, "id": "0123" }] }),
    );
    let run = Run {
        run_id: "r".into(),
        thread_id: Some("t".into()),
        assistant_id: "agent".into(),
        created_at: thread.created_at.clone(),
        updated_at: thread.created_at.clone(),
        status: RunStatus::Success,
        metadata: Map::new(),
        multitask_strategy: Default::default(),
        kwargs: json!({ "input": { "some_text": deep(99) }, "command": { "resume": deep(100) } }),
    };
    let item = Item {
        namespace: vec!["docs".into()],
        key: "k".into(),
        value: json!({ "d": deep(99) }),
        created_at: thread.created_at.clone(),
        updated_at: thread.created_at.clone(),
    };
    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    storage
        .save(&[
            Change::Thread("t".into(), Some(thread.clone())),
            Change::Run("r".into(), Some(run.clone())),
            Change::Item((item.namespace.clone(), item.key.clone()), Some(item.clone())),
        ])
        .await
        .unwrap();
    let reloaded = IndexedDbStorage::new(LazyDb::own(&name)).load().await.unwrap();
    assert_eq!(reloaded.threads, [thread]);
    assert_eq!(reloaded.runs, [run]);
    assert_eq!(reloaded.items, [item]);
    assert!(reloaded.quarantined.is_empty());
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_node_output_too_deep_to_read_back_fails_the_run_and_the_thread_stays_readable() {
    let name = unique("too-deep-output");
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node("nest", node_fn(|_, _| Ok(json!({ "x": deep(125) }).into())))
        .unwrap();
    b.add_edge(START, "nest").unwrap();
    let graph = b
        .compile(CompileOptions {
            checkpointer: Some(Rc::new(IndexedDbSaver::new(&name))),
            ..Default::default()
        })
        .unwrap();
    let err = graph
        .invoke(json!({ "x": "before" }), RunOptions::thread("t"))
        .await
        .unwrap_err();
    assert!(matches!(&err, GraphError::Checkpoint(_)), "{err:?}");
    assert_eq!(err.name(), "RecordTooDeepError", "{err}");
    assert!(err.to_string().contains("125 levels"), "{err}");
    // The thread is at its last step that saved, and reads back.
    let reloaded = IndexedDbSaver::from_db(LazyDb::own(&name));
    let state = graph
        .with_checkpointer(Rc::new(reloaded))
        .get_state(&RunConfig::thread("t"), false)
        .await
        .unwrap();
    assert_eq!(state.values, json!({ "x": "before" }));
    assert_eq!(state.next, ["nest"]);
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_client_record_too_deep_is_refused_and_the_others_are_saved() {
    let name = unique("too-deep-record");
    let fine = thread_with("fine", json!({}), json!({}), json!({}));
    let too_deep = thread_with("deep", json!({ "d": deep(130) }), json!({}), json!({}));
    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    let err = storage
        .save(&[
            Change::Thread("deep".into(), Some(too_deep)),
            Change::Thread("fine".into(), Some(fine.clone())),
        ])
        .await
        .unwrap_err();
    assert_eq!(err.name(), "RecordTooDeepError");
    assert!(err.to_string().contains("thread \"deep\""), "{err}");
    let reloaded = storage.load().await.unwrap();
    assert_eq!(reloaded.threads, [fine]);
    delete_database(&name).await.unwrap();
}
