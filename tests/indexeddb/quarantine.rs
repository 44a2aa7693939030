//! The quarantine: a thread, run, store item or assistant record that cannot be read is moved
//! aside (with what failed and when, the record kept whole), the others load, and later loads
//! list it without moving anything again. An assistant version whose assistant record is gone
//! goes with it.

use langgraph_wasm::checkpoint::indexeddb::schema::stores;
use langgraph_wasm::checkpoint::indexeddb::{delete_database, key, LazyDb};
use langgraph_wasm::server::{Assistant, Change, IndexedDbStorage, Item, ServerStorage, Thread, ThreadStatus};
use serde_json::{json, Map};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::support::{get_raw, put_raw, record, unique};

fn thread(id: &str) -> Thread {
    Thread {
        thread_id: id.into(),
        created_at: "2026-01-01T00:00:00.000000+00:00".into(),
        updated_at: "2026-01-01T00:00:00.000000+00:00".into(),
        metadata: Map::new(),
        status: ThreadStatus::Idle,
        values: json!({}),
        interrupts: Map::new(),
        error: None,
        config: Default::default(),
    }
}

fn item(key: &str) -> Item {
    Item {
        namespace: vec!["docs".into()],
        key: key.into(),
        value: json!({ "a": 1 }),
        created_at: "2026-01-01T00:00:00.000000+00:00".into(),
        updated_at: "2026-01-01T00:00:00.000000+00:00".into(),
    }
}

fn assistant(id: &str, version: i64) -> Assistant {
    Assistant {
        assistant_id: id.into(),
        graph_id: "agent".into(),
        config: json!({ "configurable": { "model": version } }),
        context: json!({}),
        metadata: Map::new(),
        version,
        name: "agent".into(),
        description: None,
        created_at: "2026-01-01T00:00:00.000000+00:00".into(),
        updated_at: "2026-01-01T00:00:00.000000+00:00".into(),
    }
}

/// `id` at `latest`, with versions `1..=versions`, as changes.
fn assistant_changes(id: &str, latest: i64, versions: i64) -> Vec<Change> {
    let mut changes = vec![Change::Assistant(id.into(), Some(assistant(id, latest)))];
    changes.extend((1..=versions).map(|v| Change::AssistantVersion((id.into(), v), Some(assistant(id, v)))));
    changes
}

fn version_key(id: &str, version: i64) -> JsValue {
    let k: js_sys::Array = [JsValue::from_str(id), JsValue::from_f64(version as f64)]
        .into_iter()
        .collect();
    k.into()
}

#[wasm_bindgen_test]
async fn unreadable_records_are_quarantined_and_the_others_load() {
    let name = unique("quarantine");
    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    storage
        .save(&[
            Change::Thread("good".into(), Some(thread("good"))),
            Change::Item((vec!["docs".into()], "good".into()), Some(item("good"))),
        ])
        .await
        .unwrap();
    // Damage: a thread whose data is not JSON, a run whose data is not a run, an item whose
    // data is missing.
    let bad_thread = record(&[("thread_id", "bad".into()), ("data", "{ not json".into())]);
    put_raw(&name, stores::THREADS, &bad_thread).await;
    let bad_run = record(&[
        ("run_id", "r-bad".into()),
        ("thread_id", "good".into()),
        ("data", json!({ "run_id": "r-bad" }).to_string().into()),
    ]);
    put_raw(&name, stores::RUNS, &bad_run).await;
    let bad_item = record(&[("namespace", "[\"docs\"]".into()), ("key", "bad".into())]);
    put_raw(&name, stores::STORE_ITEMS, &bad_item).await;

    let snapshot = IndexedDbStorage::new(LazyDb::own(&name)).load().await.unwrap();
    assert_eq!(snapshot.threads, [thread("good")]);
    assert!(snapshot.runs.is_empty());
    assert_eq!(snapshot.items, [item("good")]);
    // Listed oldest first; these three were moved at once, so by store then.
    let moved: Vec<(&str, &str)> = snapshot
        .quarantined
        .iter()
        .map(|q| (q.store.as_str(), q.key.as_str()))
        .collect();
    assert_eq!(
        moved,
        [
            ("runs", r#"["r-bad"]"#),
            ("store_items", r#"["[\"docs\"]","bad"]"#),
            ("threads", r#"["bad"]"#)
        ]
    );
    assert!(
        snapshot.quarantined[0].error.contains("missing field"),
        "{:?}",
        snapshot.quarantined[0]
    );
    assert!(snapshot.quarantined[1].error.contains("no data field"));
    assert!(snapshot.quarantined[2]
        .error
        .contains("record [\"bad\"] of store \"threads\""));
    // Moved, not copied: the stores no longer hold them; the quarantine holds them whole.
    assert!(get_raw(&name, stores::THREADS, &key(&["bad"])).await.is_none());
    let at = &snapshot.quarantined[2].quarantined_at;
    let kept = quarantined_record(&name, at, "threads", r#"["bad"]"#).await;
    assert_eq!(
        js_sys::Reflect::get(&kept, &"data".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("{ not json")
    );

    // The next load finds nothing new, and lists what was moved before.
    let again = IndexedDbStorage::new(LazyDb::own(&name)).load().await.unwrap();
    assert!(again.quarantined.is_empty());
    assert_eq!(again.quarantined_before, snapshot.quarantined);
    delete_database(&name).await.unwrap();
}

/// The record kept in the quarantine entry `(at, store, key)`.
async fn quarantined_record(name: &str, at: &str, store: &str, key_text: &str) -> JsValue {
    let k: js_sys::Array = [at, store, key_text].iter().map(|s| JsValue::from_str(s)).collect();
    let entry = get_raw(name, stores::QUARANTINE, &k.into()).await.expect("quarantined");
    js_sys::Reflect::get(&entry, &"record".into()).unwrap()
}

#[wasm_bindgen_test]
async fn reloading_one_thread_quarantines_its_unreadable_run_and_keeps_the_rest() {
    let name = unique("quarantine-thread");
    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    storage
        .save(&[Change::Thread("t".into(), Some(thread("t")))])
        .await
        .unwrap();
    let bad_run = record(&[("run_id", "r".into()), ("thread_id", "t".into()), ("data", "][".into())]);
    put_raw(&name, stores::RUNS, &bad_run).await;
    let records = storage.load_thread("t").await.unwrap();
    assert_eq!(records.thread, Some(thread("t")));
    assert!(records.runs.is_empty());
    assert_eq!(records.quarantined.len(), 1);
    assert_eq!(records.quarantined[0].key, r#"["r"]"#);
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn assistants_and_versions_are_saved_loaded_and_deleted_with_every_version() {
    let name = unique("assistants");
    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    let mut changes = assistant_changes("a", 2, 3);
    changes.extend(assistant_changes("b", 1, 1));
    storage.save(&changes).await.unwrap();
    let snapshot = storage.load().await.unwrap();
    assert_eq!(snapshot.assistants, [assistant("a", 2), assistant("b", 1)]);
    assert_eq!(
        snapshot.assistant_versions,
        [
            assistant("a", 1),
            assistant("a", 2),
            assistant("a", 3),
            assistant("b", 1)
        ]
    );
    let a = storage.load_assistant("a").await.unwrap();
    assert_eq!(a.assistant, Some(assistant("a", 2)));
    assert_eq!(a.versions.len(), 3);
    assert!(a.quarantined.is_empty());

    // Deleting the assistant deletes its versions, even one the deleting page never read.
    put_raw(
        &name,
        stores::ASSISTANT_VERSIONS,
        &record(&[
            ("assistant_id", "a".into()),
            ("version", JsValue::from_f64(4.0)),
            ("data", json!(assistant("a", 4)).to_string().into()),
        ]),
    )
    .await;
    storage.save(&[Change::Assistant("a".into(), None)]).await.unwrap();
    let a = storage.load_assistant("a").await.unwrap();
    assert_eq!((a.assistant, a.versions.len()), (None, 0));
    assert!(get_raw(&name, stores::ASSISTANT_VERSIONS, &version_key("a", 4))
        .await
        .is_none());
    let snapshot = storage.load().await.unwrap();
    assert_eq!(snapshot.assistants, [assistant("b", 1)]);
    assert_eq!(snapshot.assistant_versions, [assistant("b", 1)]);
    assert!(snapshot.quarantined.is_empty());
    delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_unreadable_assistant_is_quarantined_with_its_versions_and_an_unreadable_version_alone() {
    let name = unique("quarantine-assistants");
    let storage = IndexedDbStorage::new(LazyDb::new(&name));
    let mut changes = assistant_changes("good", 2, 2);
    changes.extend(assistant_changes("bad", 1, 1));
    storage.save(&changes).await.unwrap();
    put_raw(
        &name,
        stores::ASSISTANTS,
        &record(&[("assistant_id", "bad".into()), ("data", "{ not json".into())]),
    )
    .await;
    put_raw(
        &name,
        stores::ASSISTANT_VERSIONS,
        &record(&[
            ("assistant_id", "good".into()),
            ("version", JsValue::from_f64(1.0)),
            ("data", "[[[".into()),
        ]),
    )
    .await;

    let snapshot = IndexedDbStorage::new(LazyDb::own(&name)).load().await.unwrap();
    assert_eq!(snapshot.assistants, [assistant("good", 2)]);
    assert_eq!(snapshot.assistant_versions, [assistant("good", 2)]);
    let moved: Vec<(&str, &str)> = snapshot
        .quarantined
        .iter()
        .map(|q| (q.store.as_str(), q.key.as_str()))
        .collect();
    assert_eq!(
        moved,
        [
            ("assistant_versions", r#"["bad",1]"#),
            ("assistant_versions", r#"["good",1]"#),
            ("assistants", r#"["bad"]"#),
        ]
    );
    assert!(
        snapshot.quarantined[0]
            .error
            .contains("its assistant's record is missing or cannot be read"),
        "{:?}",
        snapshot.quarantined[0]
    );
    // The version was readable: it is kept whole in the quarantine.
    let kept = quarantined_record(
        &name,
        &snapshot.quarantined[0].quarantined_at,
        "assistant_versions",
        r#"["bad",1]"#,
    )
    .await;
    let data = js_sys::Reflect::get(&kept, &"data".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(serde_json::from_str::<Assistant>(&data).unwrap(), assistant("bad", 1));
    assert!(get_raw(&name, stores::ASSISTANT_VERSIONS, &version_key("bad", 1))
        .await
        .is_none());

    // Reading one assistant again quarantines the same way.
    storage.save(&assistant_changes("later", 1, 1)).await.unwrap();
    put_raw(
        &name,
        stores::ASSISTANTS,
        &record(&[("assistant_id", "later".into()), ("data", "]".into())]),
    )
    .await;
    let later = storage.load_assistant("later").await.unwrap();
    assert_eq!((later.assistant, later.versions.len()), (None, 0));
    assert_eq!(later.quarantined.len(), 2);

    let again = IndexedDbStorage::new(LazyDb::own(&name)).load().await.unwrap();
    assert!(again.quarantined.is_empty());
    assert_eq!(again.quarantined_before.len(), 5);
    delete_database(&name).await.unwrap();
}
