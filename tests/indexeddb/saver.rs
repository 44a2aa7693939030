//! The IndexedDB saver: the shared saver suite, the seed flow across a fresh connection (a
//! reloaded page), every channel kind through a graph, a step saved whole or not at all, and
//! rows that cannot be read, which stop their own thread only.

use std::borrow::Cow;
use std::rc::Rc;

use langgraph_wasm::channels::{ChannelSpec, Reducer};
use langgraph_wasm::checkpoint::indexeddb::{delete_database, key, IndexedDbSaver, LazyDb};
use langgraph_wasm::checkpoint::{CheckpointConfig, CheckpointError, Checkpointer, ListQuery, StepSave, TaskWrites};
use langgraph_wasm::pregel::{HistoryOptions, RunConfig};
use langgraph_wasm::{
    async_node, node_fn, Command, CompileOptions, CompiledGraph, Durability, MemorySaver, RunOptions, StateGraph, START,
};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use super::saver_suite;
use super::support::{deep, get_raw, put_raw, record, seed, unique};

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
    a_step_saves_its_tasks_writes_on_the_parent_and_its_checkpoint_as_the_child,
    two_steps_saved_at_once_are_parent_and_child,
);

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
    // A saver on a connection of its own (as after a page reload) finds the pending interrupt.
    let reopened = seed(Rc::new(IndexedDbSaver::from_db(LazyDb::own(&name))));
    let done = reopened
        .invoke(Command::resume(json!("Edited text")), RunOptions::thread("t1"))
        .await
        .unwrap();
    assert_eq!(done, json!({ "some_text": "Edited text" }));
    assert_eq!(
        steps(&reopened, "t1").await,
        [1, 0, -1],
        "the input, the interrupted step, the resumed step"
    );
    reopened.get_state(&RunConfig::thread("t1"), false).await.unwrap();
    delete_database(&name).await.unwrap();
}

/// The steps of a thread's checkpoints, newest first.
async fn steps(graph: &CompiledGraph, thread: &str) -> Vec<i64> {
    graph
        .get_state_history(&RunConfig::thread(thread), HistoryOptions::default())
        .await
        .unwrap()
        .iter()
        .map(|s| s.metadata.as_ref().map_or(-2, |m| m.step))
        .collect()
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

#[wasm_bindgen_test]
async fn a_step_that_cannot_be_saved_whole_saves_nothing() {
    let name = unique("whole-step");
    let saver = IndexedDbSaver::new(&name);
    let graph = seed(Rc::new(saver.clone()));
    graph
        .invoke(json!({ "some_text": "draft" }), RunOptions::thread("t"))
        .await
        .unwrap();
    let head = saver.get_tuple(&CheckpointConfig::new("t")).await.unwrap().unwrap();
    // The task's writes are fine; the checkpoint holds a value too deep to read back.
    let mut next = head.checkpoint.clone();
    next.id = langgraph_wasm::checkpoint::new_checkpoint_id(5);
    next.channel_values
        .insert("some_text".into(), std::sync::Arc::new(deep(200)));
    next.channel_versions.insert("some_text".into(), 99);
    let writes = TaskWrites {
        task_id: "task".into(),
        task_path: String::new(),
        writes: vec![("some_text".into(), json!("fine"))],
    };
    let step = StepSave {
        config: head.config.clone(),
        checkpoint: Cow::Borrowed(&next),
        metadata: Cow::Borrowed(&head.metadata),
        new_versions: [("some_text".to_string(), 99u64)].into_iter().collect(),
        writes: vec![writes],
    };
    let refused = saver.put_steps(vec![step]).await.unwrap_err();
    assert_eq!(refused.name(), "RecordTooDeepError", "{refused}");
    assert!(refused.to_string().contains("channel \"some_text\""), "{refused}");
    // Neither the writes, nor the blob, nor the row were written.
    let after = saver.get_tuple(&CheckpointConfig::new("t")).await.unwrap().unwrap();
    assert_eq!(after.config, head.config);
    assert_eq!(after.pending_writes, head.pending_writes);
    let blob = key(&["t", "", "some_text"]);
    let blob: js_sys::Array = blob.into();
    blob.push(&JsValue::from_f64(99.0));
    assert!(get_raw(&name, "blobs", &blob.into()).await.is_none());
    delete_database(&name).await.unwrap();
}

/// The raw blob of `channel` at `version` in thread `t`, if there is one.
async fn blob_at(name: &str, channel: &str, version: u64) -> Option<JsValue> {
    let blob: js_sys::Array = key(&["t", "", channel]).into();
    blob.push(&JsValue::from_f64(version as f64));
    get_raw(name, "blobs", &blob.into()).await
}

#[wasm_bindgen_test]
async fn small_values_live_in_the_row_and_only_larger_ones_in_blobs() {
    use langgraph_wasm::checkpoint::CheckpointSource;
    use saver_suite::{checkpoint, metadata, values, versions};
    let name = unique("inline");
    let saver = IndexedDbSaver::new(&name);
    let (big, bigger) = (json!("b".repeat(600)), json!({ "text": "c".repeat(600) }));
    let md = |step| metadata(step, CheckpointSource::Loop, json!({}));
    // -1: `a` small, `b` large; 0: only `a` changes; 1: `a` grows large, `b` shrinks.
    let c1 = saver
        .put(
            &CheckpointConfig::new("t"),
            &checkpoint(-1, &[("a", json!(1)), ("b", big.clone())], &[("a", 1), ("b", 1)]),
            &md(-1),
            &versions(&[("a", 1), ("b", 1)]),
        )
        .await
        .unwrap();
    let c2 = saver
        .put(
            &c1,
            &checkpoint(0, &[("a", json!(2)), ("b", big.clone())], &[("a", 2), ("b", 1)]),
            &md(0),
            &versions(&[("a", 2)]),
        )
        .await
        .unwrap();
    let third = checkpoint(1, &[("a", bigger.clone()), ("b", json!("s"))], &[("a", 3), ("b", 2)]);
    let c3 = saver
        .put(&c2, &third, &md(1), &versions(&[("a", 3), ("b", 2)]))
        .await
        .unwrap();
    // Blobs only for the large values, one per version; the small ones are in the rows.
    assert!(blob_at(&name, "b", 1).await.is_some());
    assert!(blob_at(&name, "a", 3).await.is_some());
    for (channel, version) in [("a", 1), ("a", 2), ("b", 2)] {
        assert!(
            blob_at(&name, channel, version).await.is_none(),
            "{channel} at {version}"
        );
    }
    // A fresh connection (no remembered heads) reads every checkpoint whole.
    let fresh = IndexedDbSaver::from_db(LazyDb::own(&name));
    for (config, expected) in [
        (&c1, json!({ "a": 1, "b": big })),
        (&c2, json!({ "a": 2, "b": big })),
        (&c3, json!({ "a": bigger, "b": "s" })),
    ] {
        let tuple = fresh.get_tuple(config).await.unwrap().unwrap();
        assert_eq!(values(&tuple), expected);
    }
    // Savers that have not seen the parent save children that leave an unchanged value out (as
    // LangGraph.js's savers may): a large one (a blob), then a small one (in the parent's row).
    let fourth = checkpoint(2, &[("b", json!("t"))], &[("a", 3), ("b", 4)]);
    let c4 = IndexedDbSaver::from_db(LazyDb::own(&name))
        .put(&c3, &fourth, &md(2), &versions(&[("b", 4)]))
        .await
        .unwrap();
    let fifth = checkpoint(3, &[("a", json!(5))], &[("a", 5), ("b", 4)]);
    let c5 = IndexedDbSaver::from_db(LazyDb::own(&name))
        .put(&c4, &fifth, &md(3), &versions(&[("a", 5)]))
        .await
        .unwrap();
    for (config, expected) in [
        (&c4, json!({ "a": bigger, "b": "t" })),
        (&c5, json!({ "a": 5, "b": "t" })),
    ] {
        let tuple = IndexedDbSaver::from_db(LazyDb::own(&name))
            .get_tuple(config)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(values(&tuple), expected);
    }
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_tasks_writes_are_stored_together_and_read_back_as_one_record_each_would_be() {
    use langgraph_wasm::checkpoint::{CheckpointSource, ERROR, INTERRUPT};
    use saver_suite::{checkpoint, metadata, versions};
    let name = unique("packed-writes");
    let saver = IndexedDbSaver::new(&name);
    let md = |step| metadata(step, CheckpointSource::Loop, json!({}));
    let task = |id: &str, writes: Vec<(&str, Value)>| TaskWrites {
        task_id: id.into(),
        task_path: format!("~{id}"),
        writes: writes.into_iter().map(|(c, v)| (c.to_string(), v)).collect(),
    };
    let first = checkpoint(0, &[("x", json!(0))], &[("x", 1)]);
    let c1 = saver
        .put(&CheckpointConfig::new("t"), &first, &md(0), &versions(&[("x", 1)]))
        .await
        .unwrap();
    // One transaction: task s's writes against c1 (saved before: one record for the task), the
    // child c2, and task t's writes against c2 (saved with it: in its row).
    let second = checkpoint(1, &[("x", json!(1))], &[("x", 2)]);
    let c2 = c1.clone().with_id(Some(second.id.clone()));
    saver
        .put_batch(
            vec![StepSave {
                config: c1.clone(),
                checkpoint: Cow::Borrowed(&second),
                metadata: Cow::Owned(md(1)),
                new_versions: versions(&[("x", 2)]),
                writes: vec![task("s", vec![("x", json!(1)), ("y", json!(2))])],
            }],
            vec![(
                c2.clone(),
                task("t", vec![("x", json!(10)), (INTERRUPT, json!(["first"]))]),
            )],
        )
        .await
        .unwrap();
    let prefix = |id: &str, task: &str| key(&["t", "", id, task]);
    let write_key = |id: &str, task: &str, idx: JsValue| {
        let k: js_sys::Array = prefix(id, task).into();
        k.push(&idx);
        JsValue::from(k)
    };
    let packed = get_raw(
        &name,
        "writes",
        &write_key(c1.checkpoint_id.as_ref().unwrap().as_str(), "s", "p0".into()),
    )
    .await
    .expect("task s's writes in one record");
    assert!(js_sys::JSON::stringify(&packed)
        .unwrap()
        .as_string()
        .unwrap()
        .contains(r#"[1,\"y\",2]"#));
    for idx in [0.0, -3.0] {
        let single = write_key(second.id.as_str(), "t", JsValue::from_f64(idx));
        assert!(
            get_raw(&name, "writes", &single).await.is_none(),
            "task t's writes are in c2's row"
        );
    }
    // Later writes of the same tasks, by a saver that knows nothing of them: one record each.
    // The first ordinary write stays, the last special one wins.
    let other = IndexedDbSaver::from_db(LazyDb::own(&name));
    other
        .put_writes(&c2, &[("x".into(), json!(99))], "t", "~t")
        .await
        .unwrap();
    other
        .put_writes(&c2, &[(INTERRUPT.into(), json!(["second"]))], "t", "~t")
        .await
        .unwrap();
    other
        .put_writes(
            &c1,
            &[("y".into(), json!(98)), (ERROR.into(), json!({"message": "boom"}))],
            "s",
            "~s",
        )
        .await
        .unwrap();
    let fresh = IndexedDbSaver::from_db(LazyDb::own(&name));
    let pending = |tuple: Option<langgraph_wasm::checkpoint::CheckpointTuple>| -> Vec<(String, String, Value)> {
        let writes = tuple.unwrap().pending_writes.into_iter();
        writes.map(|w| (w.task_id, w.channel, w.value)).collect()
    };
    assert_eq!(
        pending(fresh.get_tuple(&c2).await.unwrap()),
        [
            ("t".into(), INTERRUPT.into(), json!(["second"])),
            ("t".into(), "x".into(), json!(10)),
        ]
    );
    assert_eq!(
        pending(fresh.get_tuple(&c1).await.unwrap()),
        [
            ("s".into(), ERROR.into(), json!({"message": "boom"})),
            ("s".into(), "x".into(), json!(1)),
            ("s".into(), "y".into(), json!(2)),
        ]
    );
    // The same through `list` (history) and in a copied thread.
    fresh.copy_thread("t", "copy").await.unwrap();
    let query = ListQuery {
        thread_id: Some("copy".into()),
        ..Default::default()
    };
    let history = fresh.list(&query).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(pending(history.into_iter().nth(1)).len(), 3);
    delete_database(&name).await.unwrap();
}

/// Two paused seed threads, `good` and `bad`, on a fresh database (their texts too long to be
/// kept in the checkpoint row: each has a blob).
async fn two_threads(name: &str) -> (IndexedDbSaver, CompiledGraph) {
    let saver = IndexedDbSaver::new(name);
    let graph = seed(Rc::new(saver.clone()));
    for thread in ["good", "bad"] {
        graph
            .invoke(json!({ "some_text": thread.repeat(200) }), RunOptions::thread(thread))
            .await
            .unwrap();
    }
    (saver, graph)
}

/// Reading `bad` names the damaged record; `good` reads and resumes; a list over every thread
/// leaves out `bad`'s damaged head (and lists `good`'s); a list of `bad` fails.
async fn only_bad_is_affected(name: &str, graph: &CompiledGraph, damaged: &CheckpointConfig, names: &str) {
    // A fresh saver on a fresh connection, as after a reload (no remembered heads).
    let fresh = IndexedDbSaver::from_db(LazyDb::own(name));
    let err = fresh.get_tuple(&CheckpointConfig::new("bad")).await.unwrap_err();
    assert_eq!(err.name(), "CorruptRecordError", "{err}");
    assert!(
        err.to_string().contains("\"bad\"") && err.to_string().contains(names),
        "{err}"
    );
    let good_head = fresh.get_tuple(&CheckpointConfig::new("good")).await.unwrap().unwrap();
    let listed: Vec<CheckpointConfig> = fresh
        .list(&ListQuery::default())
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.config)
        .collect();
    assert!(listed.contains(&good_head.config));
    assert!(!listed.contains(damaged));
    let of_bad = ListQuery {
        thread_id: Some("bad".into()),
        ..Default::default()
    };
    assert!(matches!(fresh.list(&of_bad).await, Err(CheckpointError::Corrupt(_))));
    let done = graph
        .invoke(Command::resume(json!("fine")), RunOptions::thread("good"))
        .await
        .unwrap();
    assert_eq!(done, json!({ "some_text": "fine" }));
}

#[wasm_bindgen_test]
async fn a_corrupt_checkpoint_row_stops_its_own_thread_only() {
    let name = unique("corrupt-row");
    let (saver, graph) = two_threads(&name).await;
    let latest = saver.get_tuple(&CheckpointConfig::new("bad")).await.unwrap().unwrap();
    let row = record(&[
        ("thread_id", "bad".into()),
        ("checkpoint_ns", "".into()),
        ("checkpoint_id", latest.checkpoint.id.as_str().into()),
        ("parent", JsValue::NULL),
        ("data", "{ not json".into()),
    ]);
    put_raw(&name, "checkpoints", &row).await;
    let err = graph.get_state(&RunConfig::thread("bad"), false).await.unwrap_err();
    assert_eq!(err.name(), "CorruptRecordError", "{err}");
    only_bad_is_affected(&name, &graph, &latest.config, "checkpoint").await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupt_blob_stops_its_own_thread_only() {
    let name = unique("corrupt-blob");
    let (saver, graph) = two_threads(&name).await;
    let latest = saver.get_tuple(&CheckpointConfig::new("bad")).await.unwrap().unwrap();
    let version = latest.checkpoint.channel_versions["some_text"];
    let blob = record(&[
        ("thread_id", "bad".into()),
        ("checkpoint_ns", "".into()),
        ("channel", "some_text".into()),
        ("version", JsValue::from_f64(version as f64)),
        ("data", "[[[".into()),
    ]);
    put_raw(&name, "blobs", &blob).await;
    only_bad_is_affected(&name, &graph, &latest.config, "channel \"some_text\"").await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupt_pending_write_stops_its_own_thread_only() {
    let name = unique("corrupt-write");
    let (saver, graph) = two_threads(&name).await;
    let latest = saver.get_tuple(&CheckpointConfig::new("bad")).await.unwrap().unwrap();
    let interrupt = &latest.pending_writes[0];
    let write = record(&[
        ("thread_id", "bad".into()),
        ("checkpoint_ns", "".into()),
        ("checkpoint_id", latest.checkpoint.id.as_str().into()),
        ("task_id", interrupt.task_id.as_str().into()),
        ("idx", JsValue::from_f64(-3.0)),
        ("channel", "__interrupt__".into()),
        ("task_path", "".into()),
        ("data", JsValue::from_f64(7.0)),
    ]);
    put_raw(&name, "writes", &write).await;
    only_bad_is_affected(&name, &graph, &latest.config, "pending write").await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupt_packed_writes_record_stops_its_own_thread_only() {
    let name = unique("corrupt-packed");
    let (saver, graph) = two_threads(&name).await;
    let latest = saver.get_tuple(&CheckpointConfig::new("bad")).await.unwrap().unwrap();
    let packed = record(&[
        ("thread_id", "bad".into()),
        ("checkpoint_ns", "".into()),
        ("checkpoint_id", latest.checkpoint.id.as_str().into()),
        ("task_id", "some-task".into()),
        ("idx", "p0".into()),
        ("task_path", "".into()),
        (
            "data",
            r#"{"task": "some-task", "path": "", "writes": [[0, "x"]]}"#.into(),
        ),
    ]);
    put_raw(&name, "writes", &packed).await;
    only_bad_is_affected(&name, &graph, &latest.config, "pending writes of task \"some-task\"").await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen(inline_js = "
export function take_transaction_counts() {
  const counts = (globalThis.__lgwTransactions ??= (() => {
    const counts = { readwrite: 0, readonly: 0, records: 0 };
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
      counts[mode === 'readwrite' ? 'readwrite' : 'readonly']++;
      return transaction.call(this, stores, mode, ...rest);
    };
    for (const method of ['put', 'add']) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (...args) {
        counts.records++;
        return original.apply(this, args);
      };
    }
    return counts;
  })());
  const taken = [counts.readwrite, counts.readonly, counts.records];
  counts.readwrite = 0;
  counts.readonly = 0;
  counts.records = 0;
  return taken;
}")]
extern "C" {
    /// The readwrite and readonly transactions opened since the last call, and the records
    /// written (`put` and `add` requests).
    fn take_transaction_counts() -> Vec<u32>;
}

#[wasm_bindgen_test]
async fn the_seed_round_trip_is_three_transactions_one_per_superstep_that_runs_a_node() {
    let name = unique("transactions");
    let saver = IndexedDbSaver::new(&name);
    saver.database().get().await.unwrap();
    let graph = seed(Rc::new(saver));
    take_transaction_counts();
    graph
        .invoke(json!({ "some_text": "original text" }), RunOptions::thread("t"))
        .await
        .unwrap();
    // Reading the thread, its input, and the __start__ step: one (the input's row holds the
    // __start__ task's writes; the step's row); the interrupt: one (its write).
    assert_eq!(take_transaction_counts(), [2, 0, 3]);
    let done = graph
        .invoke(Command::resume(json!("Edited text")), RunOptions::thread("t"))
        .await
        .unwrap();
    assert_eq!(done, json!({ "some_text": "Edited text" }));
    // Reading the thread and the resumed step: one (the task's writes and resume value in one
    // record; the step's row).
    assert_eq!(take_transaction_counts(), [1, 0, 2]);
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn under_async_the_seed_round_trip_is_one_transaction_per_run_and_resumes_from_a_fresh_connection() {
    let name = unique("async-transactions");
    let saver = IndexedDbSaver::new(&name);
    saver.database().get().await.unwrap();
    let graph = seed(Rc::new(saver));
    let options = || RunOptions::thread("t").with_durability(Durability::Async);
    take_transaction_counts();
    let paused = graph
        .invoke(json!({ "some_text": "original text" }), options())
        .await
        .unwrap();
    assert_eq!(
        paused["__interrupt__"][0]["value"],
        json!({ "text_to_revise": "original text" })
    );
    // Reading the thread, its input, the __start__ step and the interrupt: one, of two records
    // (each checkpoint's row with the writes made against it).
    assert_eq!(take_transaction_counts(), [1, 0, 2]);
    // The pause is committed when the run returns: a fresh connection (a reloaded page) resumes it.
    let reopened = seed(Rc::new(IndexedDbSaver::from_db(LazyDb::own(&name))));
    let done = reopened
        .invoke(Command::resume(json!("Edited text")), options())
        .await
        .unwrap();
    assert_eq!(done, json!({ "some_text": "Edited text" }));
    // A saver that has not seen the thread reads it whole first: the task's writes and resume
    // value, and the step's row.
    assert_eq!(take_transaction_counts(), [1, 0, 2]);
    assert_eq!(
        steps(&reopened, "t").await,
        [1, 0, -1],
        "the input, the interrupted step, the resumed step"
    );
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_node_that_waits_on_a_timer_after_the_read_still_saves_its_step() {
    let name = unique("timer-node");
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node(
        "wait",
        async_node(|_, _| async {
            langgraph_wasm::clock::sleep(std::time::Duration::from_millis(5)).await;
            Ok(json!({ "x": "after the timer" }).into())
        }),
    )
    .unwrap();
    b.add_edge(START, "wait").unwrap();
    let graph = b
        .compile(CompileOptions {
            checkpointer: Some(Rc::new(IndexedDbSaver::new(&name))),
            ..Default::default()
        })
        .unwrap();
    let out = graph
        .invoke(json!({ "x": "before" }), RunOptions::thread("t"))
        .await
        .unwrap();
    assert_eq!(out, json!({ "x": "after the timer" }));
    let reloaded = graph.with_checkpointer(Rc::new(IndexedDbSaver::from_db(LazyDb::own(&name))));
    let state = reloaded.get_state(&RunConfig::thread("t"), false).await.unwrap();
    assert_eq!(state.values, json!({ "x": "after the timer" }));
    assert!(state.next.is_empty());
    delete_database(&name).await.unwrap();
}
