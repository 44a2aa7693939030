//! The server's records in IndexedDB, in the same database (and through the same schema,
//! `checkpoint::indexeddb::schema`) as the checkpoints: `threads` (by thread id), `runs` (by
//! run id, indexed by thread id), `store_items` (by namespace and key). Each record's `data`
//! is its JSON text.
//!
//! Loading reads record by record: one that cannot be read is moved to the quarantine (see
//! `checkpoint::indexeddb::quarantine`) and reported, and the others load.

use std::future::IntoFuture;

use async_trait::async_trait;
use futures::future::try_join_all;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::storage::{Change, ServerStorage, Snapshot, ThreadRecords};
use super::{Item, Run, Thread};
use crate::checkpoint::depth::MAX_RECORD_DEPTH;
use crate::checkpoint::indexeddb::quarantine::{self, quarantine};
use crate::checkpoint::indexeddb::schema::indexes;
use crate::checkpoint::indexeddb::{key, key_text, record, record_data, record_json, stores, LazyDb, Tx};
use crate::checkpoint::{now_iso, CheckpointError, QuarantinedRecord};

pub struct IndexedDbStorage {
    db: LazyDb,
}

impl IndexedDbStorage {
    pub fn new(db: LazyDb) -> Self {
        IndexedDbStorage { db }
    }
}

const STORES: &[&str] = &[stores::THREADS, stores::RUNS, stores::STORE_ITEMS];

fn item_namespace(namespace: &[String]) -> JsValue {
    // Namespaces are arrays of labels; their JSON text is one sortable key part.
    JsValue::from_str(&serde_json::to_string(namespace).unwrap_or_default())
}

/// A record that did not read: where it is, and what it holds.
struct Unreadable {
    store: &'static str,
    key: JsValue,
    value: JsValue,
}

/// What one store's records decode to, and those that do not.
fn decode_all<T: DeserializeOwned>(
    store: &'static str,
    keys: &[JsValue],
    values: &[JsValue],
    decoded: &mut Vec<T>,
    unreadable: &mut Vec<Unreadable>,
) {
    for (key, value) in keys.iter().zip(values) {
        match decode::<T>(store, key, value) {
            Ok(record) => decoded.push(record),
            Err(_) => unreadable.push(Unreadable {
                store,
                key: key.clone(),
                value: value.clone(),
            }),
        }
    }
}

fn decode<T: DeserializeOwned>(store: &str, key: &JsValue, value: &JsValue) -> Result<T, CheckpointError> {
    record_data(value, &|| format!("record {} of store {store:?}", key_text(key)))
}

/// Keys and records of one store, in key order (so they pair up).
type KeysAndRecords = (Vec<JsValue>, Vec<JsValue>);

/// Every key and record of `store`.
fn request_store(
    tx: &Tx,
    store: &str,
) -> Result<impl std::future::Future<Output = Result<KeysAndRecords, idb::Error>>, CheckpointError> {
    let s = tx.store(store)?;
    let keys = s
        .get_all_keys(None, None)
        .map_err(|e| tx.request_failed(e))?
        .into_future();
    let values = tx.get_all(&s, None)?.into_future();
    Ok(async move { Ok((keys.await?, values.await?)) })
}

impl IndexedDbStorage {
    /// Moves the records that did not read to the quarantine, in one transaction. Each is read
    /// again first: another page may have rewritten it since; one that reads now is returned
    /// (as it is now) instead of moved.
    async fn quarantine_all(
        &self,
        unreadable: Vec<Unreadable>,
    ) -> Result<(Vec<QuarantinedRecord>, Vec<Unreadable>), CheckpointError> {
        if unreadable.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let db = self.db.get().await?;
        let mut involved: Vec<&str> = unreadable.iter().map(|u| u.store).collect();
        involved.sort_unstable();
        involved.dedup();
        involved.push(stores::QUARANTINE);
        let tx = db.transaction(&involved, true)?;
        let mut again = Vec::with_capacity(unreadable.len());
        for u in &unreadable {
            again.push(tx.get(&tx.store(u.store)?, &u.key)?.into_future());
        }
        let again = try_join_all(again).await.map_err(|e| tx.request_failed(e))?;
        let (mut moved, mut readable) = (Vec::new(), Vec::new());
        let at = now_iso();
        for (u, current) in unreadable.into_iter().zip(again) {
            let Some(current) = current else { continue };
            let still_bad = match u.store {
                stores::THREADS => decode::<Thread>(u.store, &u.key, &current).err(),
                stores::RUNS => decode::<Run>(u.store, &u.key, &current).err(),
                _ => decode::<Item>(u.store, &u.key, &current).err(),
            };
            match still_bad {
                Some(error) => moved.push(quarantine(&tx, &at, u.store, &u.key, &current, &error)?),
                None => readable.push(Unreadable { value: current, ..u }),
            }
        }
        tx.commit("moving unreadable records to the quarantine").await?;
        // In the quarantine's own order (its key), as later loads list them.
        moved.sort_by(|a, b| (&a.quarantined_at, &a.store, &a.key).cmp(&(&b.quarantined_at, &b.store, &b.key)));
        Ok((moved, readable))
    }
}

#[async_trait(?Send)]
impl ServerStorage for IndexedDbStorage {
    async fn load(&self) -> Result<Snapshot, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(
            &[stores::THREADS, stores::RUNS, stores::STORE_ITEMS, stores::QUARANTINE],
            false,
        )?;
        let threads = request_store(&tx, stores::THREADS)?;
        let runs = request_store(&tx, stores::RUNS)?;
        let items = request_store(&tx, stores::STORE_ITEMS)?;
        let earlier = quarantine::request_list(&tx)?;
        tx.no_more_requests();
        let ((thread_keys, thread_values), (run_keys, run_values), (item_keys, item_values), earlier) =
            futures::try_join!(threads, runs, items, earlier).map_err(|e| tx.request_failed(e))?;
        drop(tx);

        let mut snapshot = Snapshot {
            quarantined_before: earlier,
            ..Snapshot::default()
        };
        let mut unreadable = Vec::new();
        decode_all(
            stores::THREADS,
            &thread_keys,
            &thread_values,
            &mut snapshot.threads,
            &mut unreadable,
        );
        decode_all(
            stores::RUNS,
            &run_keys,
            &run_values,
            &mut snapshot.runs,
            &mut unreadable,
        );
        decode_all(
            stores::STORE_ITEMS,
            &item_keys,
            &item_values,
            &mut snapshot.items,
            &mut unreadable,
        );
        let (moved, rewritten) = self.quarantine_all(unreadable).await?;
        snapshot.quarantined = moved;
        for r in rewritten {
            let (keys, values, mut ignored) = ([r.key], [r.value], Vec::new());
            match r.store {
                stores::THREADS => decode_all(r.store, &keys, &values, &mut snapshot.threads, &mut ignored),
                stores::RUNS => decode_all(r.store, &keys, &values, &mut snapshot.runs, &mut ignored),
                _ => decode_all(r.store, &keys, &values, &mut snapshot.items, &mut ignored),
            }
        }
        Ok(snapshot)
    }

    async fn load_thread(&self, thread_id: &str) -> Result<ThreadRecords, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(&[stores::THREADS, stores::RUNS], false)?;
        let thread_key = key(&[thread_id]);
        let thread = tx.get(&tx.store(stores::THREADS)?, &thread_key)?.into_future();
        let runs_store = tx.store(stores::RUNS)?;
        let by_thread = JsValue::from_str(thread_id);
        let run_keys = runs_store
            .index(indexes::RUNS_BY_THREAD)
            .and_then(|i| i.get_all_keys(Some(idb::Query::Key(by_thread.clone())), None))
            .map_err(|e| tx.request_failed(e))?
            .into_future();
        let runs = tx
            .get_all_by(&runs_store, indexes::RUNS_BY_THREAD, &by_thread)?
            .into_future();
        tx.no_more_requests();
        let (thread, run_keys, runs) = futures::try_join!(thread, run_keys, runs).map_err(|e| tx.request_failed(e))?;
        drop(tx);

        let mut records = ThreadRecords::default();
        let mut unreadable = Vec::new();
        if let Some(value) = thread {
            let mut found = Vec::new();
            decode_all(stores::THREADS, &[thread_key], &[value], &mut found, &mut unreadable);
            records.thread = found.pop();
        }
        decode_all(stores::RUNS, &run_keys, &runs, &mut records.runs, &mut unreadable);
        let (moved, rewritten) = self.quarantine_all(unreadable).await?;
        records.quarantined = moved;
        for r in rewritten {
            let (keys, values, mut ignored) = ([r.key], [r.value], Vec::new());
            match r.store {
                stores::THREADS => {
                    let mut thread = Vec::new();
                    decode_all(r.store, &keys, &values, &mut thread, &mut ignored);
                    records.thread = thread.pop();
                }
                _ => decode_all(r.store, &keys, &values, &mut records.runs, &mut ignored),
            }
        }
        Ok(records)
    }

    async fn save(&self, changes: &[Change]) -> Result<(), CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(STORES, true)?;
        let threads = tx.store(stores::THREADS)?;
        let runs = tx.store(stores::RUNS)?;
        let items = tx.store(stores::STORE_ITEMS)?;
        // A record too deep to read back is left out (and reported once the others are saved);
        // it never would save, so retrying it would only keep failing.
        let mut refused = None;
        for change in changes {
            let stored = match change {
                Change::Thread(id, Some(thread)) => {
                    let what = || format!("thread {id:?}");
                    record_json::<Thread>(thread, MAX_RECORD_DEPTH, &what).and_then(|data| {
                        tx.put(&threads, &record(&[("thread_id", id.as_str().into()), ("data", data)]))
                    })
                }
                Change::Thread(id, None) => tx.delete(&threads, idb::Query::Key(key(&[id]))),
                Change::Run(id, Some(run)) => {
                    let what = || format!("run {id:?}");
                    record_json::<Run>(run, MAX_RECORD_DEPTH, &what).and_then(|data| {
                        let thread = run.thread_id.as_deref().map_or(JsValue::NULL, JsValue::from_str);
                        tx.put(
                            &runs,
                            &record(&[("run_id", id.as_str().into()), ("thread_id", thread), ("data", data)]),
                        )
                    })
                }
                Change::Run(id, None) => tx.delete(&runs, idb::Query::Key(key(&[id]))),
                Change::Item((namespace, item_key), Some(item)) => {
                    let what = || format!("store item {item_key:?} in namespace {namespace:?}");
                    record_json::<Item>(item, MAX_RECORD_DEPTH, &what).and_then(|data| {
                        tx.put(
                            &items,
                            &record(&[
                                ("namespace", item_namespace(namespace)),
                                ("key", item_key.as_str().into()),
                                ("data", data),
                            ]),
                        )
                    })
                }
                Change::Item((namespace, item_key), None) => {
                    let k: js_sys::Array = [item_namespace(namespace), JsValue::from_str(item_key)]
                        .into_iter()
                        .collect();
                    tx.delete(&items, idb::Query::Key(k.into()))
                }
            };
            match stored {
                Err(e @ CheckpointError::TooDeep(_)) => refused = refused.or(Some(e)),
                other => other?,
            }
        }
        tx.commit("saving threads and runs").await?;
        refused.map_or(Ok(()), Err)
    }
}
