//! The schema and its migrations: a version-1 database (checkpoints only), a version-2 one
//! (with the client's records) and a version-3 one (before assistants were stored) are upgraded
//! in place and still read; a database someone else created empty gets every store; an older
//! tab that holds the database open is a named error.

use langgraph_wasm::checkpoint::indexeddb::schema::{indexes, stores, MIGRATIONS};
use langgraph_wasm::checkpoint::indexeddb::{self, delete_database, IndexedDbSaver, LazyDb, SCHEMA_VERSION};
use langgraph_wasm::checkpoint::{CheckpointConfig, CheckpointError, Checkpointer};
use langgraph_wasm::server::{Assistant, Change, IndexedDbStorage, ServerStorage};
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::support::{get_raw, record, unique};

/// Creates `name` at `version` by hand with the stores `layout` names (as that version of the
/// app did), then writes `records` (store, record) into it.
async fn write_old_database(name: &str, version: u32, layout: &[(&str, &[&str])], records: Vec<(&str, JsValue)>) {
    let layout: Vec<(String, Vec<String>)> = layout
        .iter()
        .map(|(s, k)| (s.to_string(), k.iter().map(|p| p.to_string()).collect()))
        .collect();
    let mut request = idb::Factory::new().unwrap().open(name, Some(version)).unwrap();
    request.on_upgrade_needed(move |event| {
        use idb::DatabaseEvent;
        let db = event.database().unwrap();
        for (store, key_path) in &layout {
            let mut params = idb::ObjectStoreParams::new();
            params.key_path(Some(idb::KeyPath::new_array(key_path.iter().map(String::as_str))));
            db.create_object_store(store, params).unwrap();
        }
    });
    let db = request.await.unwrap();
    for (store, value) in records {
        let tx = db.transaction(&[store], idb::TransactionMode::ReadWrite).unwrap();
        tx.object_store(store).unwrap().put(&value, None).unwrap();
        tx.await.unwrap();
    }
    db.close();
}

const V1: &[(&str, &[&str])] = &[
    ("checkpoints", &["thread_id", "checkpoint_ns", "checkpoint_id"]),
    ("blobs", &["thread_id", "checkpoint_ns", "channel", "version"]),
    (
        "writes",
        &["thread_id", "checkpoint_ns", "checkpoint_id", "task_id", "idx"],
    ),
];

const V2_ADDS: &[(&str, &[&str])] = &[
    ("threads", &["thread_id"]),
    ("runs", &["run_id"]),
    ("assistants", &["assistant_id"]),
    ("store_items", &["namespace", "key"]),
    ("meta", &["key"]),
];

/// One checkpoint with one value, as version 1 stored them.
fn v1_records() -> Vec<(&'static str, JsValue)> {
    let row = record(&[
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
    let blob = record(&[
        ("thread_id", "old".into()),
        ("checkpoint_ns", "".into()),
        ("channel", "some_text".into()),
        ("version", JsValue::from_f64(1.0)),
        ("data", "\"written by v1\"".into()),
    ]);
    vec![("checkpoints", row), ("blobs", blob)]
}

async fn schema_version(name: &str) -> Option<f64> {
    let schema = get_raw(name, stores::META, &indexeddb::key(&["schema"])).await?;
    js_sys::Reflect::get(&schema, &"version".into()).ok()?.as_f64()
}

/// Every store and index the current schema has, as the database has them.
async fn assert_complete(name: &str) {
    let db = LazyDb::own(name).get().await.unwrap();
    let every_store: Vec<&str> = [
        stores::CHECKPOINTS,
        stores::BLOBS,
        stores::WRITES,
        stores::THREADS,
        stores::RUNS,
        stores::ASSISTANTS,
        stores::ASSISTANT_VERSIONS,
        stores::STORE_ITEMS,
        stores::META,
        stores::QUARANTINE,
    ]
    .to_vec();
    let tx = db.transaction(&every_store, false).expect("every store exists");
    let runs = tx.store(stores::RUNS).unwrap();
    assert!(runs.index_names().iter().any(|i| i == indexes::RUNS_BY_THREAD));
    drop(tx);
    db.close();
    assert_eq!(schema_version(name).await, Some(f64::from(SCHEMA_VERSION)));
}

#[wasm_bindgen_test]
fn the_migrations_reach_the_current_version_one_version_at_a_time() {
    let versions: Vec<u32> = MIGRATIONS.iter().map(|m| m.version).collect();
    assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>());
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_upgraded_in_place_and_still_read() {
    let name = unique("upgrade-v1");
    write_old_database(&name, 1, V1, v1_records()).await;
    let saver = IndexedDbSaver::new(&name);
    let old = saver.get_tuple(&CheckpointConfig::new("old")).await.unwrap().unwrap();
    assert_eq!(
        **old.checkpoint.channel_values.get("some_text").unwrap(),
        json!("written by v1")
    );
    assert_complete(&name).await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_version_2_database_with_threads_and_runs_is_upgraded_in_place() {
    let name = unique("upgrade-v2");
    let thread = json!({
        "thread_id": "t1", "created_at": "2026-01-01T00:00:00.000000+00:00",
        "updated_at": "2026-01-01T00:00:00.000000+00:00", "metadata": {"owner": "v2"},
        "status": "interrupted", "values": {"some_text": "draft"}, "interrupts": {}
    });
    let run = |run_id: &str, thread_id: &str| {
        let data = json!({
            "run_id": run_id, "thread_id": thread_id, "assistant_id": "agent",
            "created_at": "2026-01-01T00:00:00.000000+00:00", "updated_at": "2026-01-01T00:00:00.000000+00:00",
            "status": "success", "metadata": {}, "multitask_strategy": "reject", "kwargs": {}
        });
        record(&[
            ("run_id", run_id.into()),
            ("thread_id", thread_id.into()),
            ("data", data.to_string().into()),
        ])
    };
    let mut records = v1_records();
    records.push((
        "threads",
        record(&[("thread_id", "t1".into()), ("data", thread.to_string().into())]),
    ));
    records.push(("runs", run("r1", "t1")));
    records.push(("runs", run("r2", "t2")));
    let layout: Vec<(&str, &[&str])> = V1.iter().chain(V2_ADDS).copied().collect();
    write_old_database(&name, 2, &layout, records).await;

    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    let snapshot = storage.load().await.unwrap();
    assert_eq!(snapshot.threads.len(), 1);
    assert_eq!(snapshot.threads[0].metadata["owner"], json!("v2"));
    assert_eq!(snapshot.runs.len(), 2);
    // The runs of one thread, found through the index version 3 added.
    let records = storage.load_thread("t1").await.unwrap();
    assert_eq!(
        records.runs.iter().map(|r| r.run_id.as_str()).collect::<Vec<_>>(),
        ["r1"]
    );
    assert_complete(&name).await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_version_3_database_is_upgraded_in_place_and_stores_assistants() {
    let name = unique("upgrade-v3");
    let thread = json!({
        "thread_id": "t1", "created_at": "2026-01-01T00:00:00.000000+00:00",
        "updated_at": "2026-01-01T00:00:00.000000+00:00", "metadata": {"owner": "v3"},
        "status": "idle", "values": {}, "interrupts": {}
    });
    let mut records = v1_records();
    records.push((
        "threads",
        record(&[("thread_id", "t1".into()), ("data", thread.to_string().into())]),
    ));
    // Version 3's stores (without the runs index: an upgrade adds whatever is missing).
    let v3: &[(&str, &[&str])] = &[("quarantine", &["quarantined_at", "store", "key_text"])];
    let layout: Vec<(&str, &[&str])> = V1.iter().chain(V2_ADDS).chain(v3).copied().collect();
    write_old_database(&name, 3, &layout, records).await;

    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    let snapshot = storage.load().await.unwrap();
    assert_eq!(snapshot.threads[0].metadata["owner"], json!("v3"));
    assert!(snapshot.assistants.is_empty() && snapshot.assistant_versions.is_empty());
    let assistant: Assistant = serde_json::from_value(json!({
        "assistant_id": "a1", "graph_id": "agent", "config": {}, "context": {}, "metadata": {},
        "version": 1, "name": "agent", "description": null,
        "created_at": "2026-01-01T00:00:00.000000+00:00", "updated_at": "2026-01-01T00:00:00.000000+00:00"
    }))
    .unwrap();
    storage
        .save(&[
            Change::Assistant("a1".into(), Some(assistant.clone())),
            Change::AssistantVersion(("a1".into(), 1), Some(assistant.clone())),
        ])
        .await
        .unwrap();
    let snapshot = storage.load().await.unwrap();
    assert_eq!(snapshot.assistants, std::slice::from_ref(&assistant));
    assert_eq!(snapshot.assistant_versions, [assistant]);
    assert_complete(&name).await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_database_another_script_created_empty_gets_every_store() {
    let name = unique("empty-v1");
    // `indexedDB.open(name)` without a version: an empty version-1 database.
    write_old_database(&name, 1, &[], Vec::new()).await;
    let saver = IndexedDbSaver::new(&name);
    assert!(saver.get_tuple(&CheckpointConfig::new("t")).await.unwrap().is_none());
    assert_complete(&name).await;
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_older_tab_holding_the_database_open_is_a_named_error() {
    let name = unique("blocked");
    write_old_database(&name, 1, V1, v1_records()).await;
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
    delete_database(&name).await.unwrap();
}
