//! The quarantine: a thread, run or store item record that cannot be read is moved aside (with
//! what failed and when, the record kept whole), the others load, and later loads list it
//! without moving anything again.

use langgraph_wasm::checkpoint::indexeddb::schema::stores;
use langgraph_wasm::checkpoint::indexeddb::{delete_database, key, LazyDb};
use langgraph_wasm::server::{Change, IndexedDbStorage, Item, ServerStorage, Thread, ThreadStatus};
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
