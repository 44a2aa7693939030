//! The IndexedDB saver in real browsers (`wasm-pack test --headless --chrome` / `--firefox`,
//! see the Makefile's `browser-test`): the shared saver suite, every channel kind through a
//! graph, the seed flow across a "reload", schema upgrades and failures.
#![cfg(target_arch = "wasm32")]

mod saver_suite;

use std::rc::Rc;

use langgraph_wasm::channels::{ChannelSpec, Reducer};
use langgraph_wasm::checkpoint::indexeddb::{self, delete_database, IndexedDbSaver, SCHEMA_VERSION};
use langgraph_wasm::checkpoint::{CheckpointConfig, CheckpointError, Checkpointer};
use langgraph_wasm::pregel::{HistoryOptions, RunConfig};
use langgraph_wasm::{node_fn, Command, CompileOptions, CompiledGraph, MemorySaver, RunOptions, StateGraph, START};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn unique(name: &str) -> String {
    format!("lgw-test-{name}-{}", uuid::Uuid::new_v4())
}

macro_rules! on_indexeddb {
    ($($case:ident),* $(,)?) => {$(
        #[wasm_bindgen_test]
        async fn $case() {
            let name = unique(stringify!($case));
            saver_suite::$case(&IndexedDbSaver::new(&name)).await;
            delete_database(&name).await.unwrap();
        }
    )*};
}

on_indexeddb!(
    put_get_round_trip_reads_unchanged_channels_from_older_blobs,
    a_cleared_channel_stays_cleared,
    list_is_newest_first_with_before_limit_and_filter,
    writes_are_kept_per_task_and_special_channels_replace,
    delete_thread_removes_every_namespace_and_nothing_else,
    copy_thread_copies_checkpoints_values_and_writes,
);

/// The seed's dynamic-interrupt graph.
fn seed(saver: Rc<dyn Checkpointer>) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.last_value("some_text").unwrap();
    builder
        .add_node(
            "human_node",
            node_fn(|state, rt| {
                let answer = rt.interrupt(json!({ "text_to_revise": state.str("some_text") }))?;
                Ok(json!({ "some_text": answer }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "human_node").unwrap();
    builder
        .compile(CompileOptions {
            checkpointer: Some(saver),
            ..Default::default()
        })
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_seed_flow_resumes_from_a_fresh_connection() {
    let name = unique("seed");
    let paused = seed(Rc::new(IndexedDbSaver::new(&name)))
        .invoke(json!({ "some_text": "original text" }), RunOptions::thread("t1"))
        .await
        .unwrap();
    assert_eq!(
        paused["__interrupt__"][0]["value"],
        json!({ "text_to_revise": "original text" })
    );
    // A new saver (as after a page reload) finds the pending interrupt in the database.
    let reopened = seed(Rc::new(IndexedDbSaver::new(&name)));
    let done = reopened
        .invoke(Command::resume(json!("Edited text")), RunOptions::thread("t1"))
        .await
        .unwrap();
    assert_eq!(done, json!({ "some_text": "Edited text" }));
    let steps: Vec<i64> = reopened
        .get_state_history(&RunConfig::thread("t1"), HistoryOptions::default())
        .await
        .unwrap()
        .iter()
        .map(|s| s.metadata.as_ref().map_or(-2, |m| m.step))
        .collect();
    assert_eq!(steps, [1, 0, -1], "the input, the interrupted step, the resumed step");
    delete_database(&name).await.unwrap();
}

/// A graph touching every channel kind: last value, the built-in reducers, topic, ephemeral,
/// a join's named barrier, and a `Send`.
fn every_channel(saver: Rc<dyn Checkpointer>) -> CompiledGraph {
    let mut b = StateGraph::new();
    b.last_value("text").unwrap();
    b.reducer("items", Reducer::Append, None).unwrap();
    b.reducer("total", Reducer::Add, Some(json!(0))).unwrap();
    b.reducer("meta", Reducer::Merge, None).unwrap();
    b.reducer("messages", Reducer::Messages, None).unwrap();
    b.channel("events", ChannelSpec::Topic { accumulate: true }).unwrap();
    b.channel("scratch", ChannelSpec::Ephemeral { guard: false }).unwrap();
    b.add_node(
        "a",
        node_fn(|_, _| {
            Ok(json!({
                "items": ["a"], "total": 1, "meta": {"a": true}, "events": "a",
                "scratch": "tmp", "messages": [{"type": "human", "content": "hi", "id": "m1"}]
            })
            .into())
        }),
    )
    .unwrap();
    b.add_node(
        "b",
        node_fn(|_, _| Ok(json!({ "items": ["b"], "total": 2, "meta": {"b": 1}, "events": "b" }).into())),
    )
    .unwrap();
    b.add_node(
        "ask",
        node_fn(|state, rt| {
            let answer = rt.interrupt(json!({ "total": state.get("total") }))?;
            Ok(json!({ "text": answer, "messages": [{"type": "ai", "content": "ok", "id": "m2"}] }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "a").unwrap();
    b.add_edge(START, "b").unwrap();
    b.add_join(["a", "b"], "ask").unwrap();
    b.compile(CompileOptions {
        checkpointer: Some(saver),
        ..Default::default()
    })
    .unwrap()
}

#[wasm_bindgen_test]
async fn every_channel_kind_round_trips_like_on_the_memory_saver() {
    let name = unique("channels");
    let on_idb = every_channel(Rc::new(IndexedDbSaver::new(&name)));
    let on_memory = every_channel(Rc::new(MemorySaver::new()));
    let mut outputs = Vec::new();
    for graph in [&on_idb, &on_memory] {
        let mut paused = graph
            .invoke(json!({ "text": "start" }), RunOptions::thread("t"))
            .await
            .unwrap();
        // Interrupt ids hash the task id, which differs per run.
        paused["__interrupt__"][0]["id"] = json!("<id>");
        let done = graph
            .invoke(Command::resume(json!("answer")), RunOptions::thread("t"))
            .await
            .unwrap();
        let history: Vec<(Value, Vec<String>, i64)> = graph
            .get_state_history(&RunConfig::thread("t"), HistoryOptions::default())
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.values, s.next, s.metadata.map_or(-2, |m| m.step)))
            .collect();
        outputs.push((paused, done, history));
    }
    assert_eq!(outputs[0], outputs[1]);
    let done = &outputs[0].1;
    assert_eq!(done["text"], json!("answer"));
    assert_eq!(done["total"], json!(3));
    assert_eq!(done["messages"].as_array().map(Vec::len), Some(2));
    delete_database(&name).await.unwrap();
}

/// Writes a schema-version-1 database by hand: only the checkpoint stores, no `meta` record.
async fn write_v1_database(name: &str) {
    let factory = idb::Factory::new().unwrap();
    let mut request = factory.open(name, Some(1)).unwrap();
    request.on_upgrade_needed(|event| {
        use idb::DatabaseEvent;
        let db = event.database().unwrap();
        for (store, key_path) in [
            ("checkpoints", vec!["thread_id", "checkpoint_ns", "checkpoint_id"]),
            ("blobs", vec!["thread_id", "checkpoint_ns", "channel", "version"]),
            (
                "writes",
                vec!["thread_id", "checkpoint_ns", "checkpoint_id", "task_id", "idx"],
            ),
        ] {
            let mut params = idb::ObjectStoreParams::new();
            params.key_path(Some(idb::KeyPath::new_array(key_path)));
            db.create_object_store(store, params).unwrap();
        }
    });
    let db = request.await.unwrap();
    // One checkpoint with one value, as version 1 stored them.
    let tx = db
        .transaction(&["checkpoints", "blobs"], idb::TransactionMode::ReadWrite)
        .unwrap();
    let row = indexeddb::record(&[
        ("thread_id", "old".into()),
        ("checkpoint_ns", "".into()),
        ("checkpoint_id", "1ef00000-0000-6000-8000-000000000001".into()),
        ("parent", JsValue::NULL),
        (
            "data",
            json!({
                "checkpoint": {"v": 4, "id": "1ef00000-0000-6000-8000-000000000001", "ts": "2026-01-01T00:00:00+00:00",
                    "channel_values": {}, "channel_versions": {"some_text": 1}, "versions_seen": {}},
                "metadata": {"source": "input", "step": -1, "parents": {}}
            })
            .to_string()
            .into(),
        ),
    ]);
    tx.object_store("checkpoints").unwrap().put(&row, None).unwrap();
    let blob = indexeddb::record(&[
        ("thread_id", "old".into()),
        ("checkpoint_ns", "".into()),
        ("channel", "some_text".into()),
        ("version", JsValue::from_f64(1.0)),
        ("data", "\"written by v1\"".into()),
    ]);
    tx.object_store("blobs").unwrap().put(&blob, None).unwrap();
    tx.await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_upgraded_and_still_read() {
    let name = unique("upgrade");
    write_v1_database(&name).await;
    let saver = IndexedDbSaver::new(&name);
    let old = saver.get_tuple(&CheckpointConfig::new("old")).await.unwrap().unwrap();
    assert_eq!(*old.checkpoint.channel_values["some_text"], json!("written by v1"));
    let db = saver.database().get().await.unwrap();
    let tx = db.transaction(&["meta", "threads"], false).unwrap();
    let schema = tx
        .get(&tx.store("meta").unwrap(), &indexeddb::key(&["schema"]))
        .unwrap()
        .await
        .unwrap()
        .unwrap();
    let version = js_sys::Reflect::get(&schema, &"version".into()).unwrap();
    assert_eq!(version.as_f64(), Some(f64::from(SCHEMA_VERSION)));
    db.close();
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_older_tab_holding_the_database_open_is_a_named_error() {
    let name = unique("blocked");
    write_v1_database(&name).await;
    // An "older tab": a version-1 connection that ignores requests to close.
    let old = idb::Factory::new()
        .unwrap()
        .open(&name, Some(1))
        .unwrap()
        .await
        .unwrap();
    let err = IndexedDbSaver::new(&name)
        .get_tuple(&CheckpointConfig::new("old"))
        .await
        .unwrap_err();
    assert!(matches!(err, CheckpointError::Blocked(_)), "{err:?}");
    assert_eq!(err.name(), "DatabaseBlockedError");
    assert!(err.to_string().contains("another tab"), "{err}");
    // Once the old tab lets go, the same saver works.
    old.close();
    let saver = IndexedDbSaver::new(&name);
    assert!(saver.get_tuple(&CheckpointConfig::new("old")).await.unwrap().is_some());
    saver.database().get().await.unwrap().close();
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupt_record_is_reported_and_other_threads_stay_readable() {
    let name = unique("corrupt");
    let saver = IndexedDbSaver::new(&name);
    let graph = seed(Rc::new(saver.clone()));
    for thread in ["good", "bad"] {
        graph
            .invoke(json!({ "some_text": thread }), RunOptions::thread(thread))
            .await
            .unwrap();
    }
    // Damage the latest checkpoint row of "bad".
    let latest = saver.get_tuple(&CheckpointConfig::new("bad")).await.unwrap().unwrap();
    let db = saver.database().get().await.unwrap();
    let tx = db.transaction(&["checkpoints"], true).unwrap();
    let row = indexeddb::record(&[
        ("thread_id", "bad".into()),
        ("checkpoint_ns", "".into()),
        ("checkpoint_id", latest.checkpoint.id.as_str().into()),
        ("parent", JsValue::NULL),
        ("data", "{ not json".into()),
    ]);
    tx.put(&tx.store("checkpoints").unwrap(), &row).unwrap();
    tx.commit("test").await.unwrap();
    let err = graph.get_state(&RunConfig::thread("bad"), false).await.unwrap_err();
    assert_eq!(err.name(), "CorruptRecordError", "{err}");
    assert!(err.to_string().contains("bad"), "names the thread: {err}");
    let good = graph.get_state(&RunConfig::thread("good"), false).await.unwrap();
    assert_eq!(good.values, json!({ "some_text": "good" }));
    delete_database(&name).await.unwrap();
}
