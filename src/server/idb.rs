//! The server's records in IndexedDB, in the same database as the checkpoints: `threads`
//! (by thread id), `runs` (by run id, with the thread id beside), `store_items` (by namespace
//! and key). Each record's `data` is its JSON text.

use async_trait::async_trait;
use futures::future::try_join_all;
use std::future::IntoFuture;
use wasm_bindgen::JsValue;

use super::storage::{Change, ServerStorage, Snapshot};
use super::{Item, Run, Thread};
use crate::checkpoint::indexeddb::{key, record, record_data, record_field, record_json, stores, LazyDb};
use crate::checkpoint::CheckpointError;

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

#[async_trait(?Send)]
impl ServerStorage for IndexedDbStorage {
    async fn load(&self) -> Result<Snapshot, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(STORES, false)?;
        let mut reads = Vec::new();
        for name in STORES {
            reads.push(tx.get_all(&tx.store(name)?, None)?.into_future());
        }
        let mut found = try_join_all(reads).await.map_err(|e| tx.request_failed(e))?.into_iter();
        let mut snapshot = Snapshot::default();
        for thread in found.next().unwrap_or_default() {
            snapshot.threads.push(record_data(&thread, "a thread record")?);
        }
        for run in found.next().unwrap_or_default() {
            snapshot.runs.push(record_data(&run, "a run record")?);
        }
        for item in found.next().unwrap_or_default() {
            snapshot.items.push(record_data(&item, "a store item")?);
        }
        Ok(snapshot)
    }

    async fn load_thread(&self, thread_id: &str) -> Result<(Option<Thread>, Vec<Run>), CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(&[stores::THREADS, stores::RUNS], false)?;
        let thread = tx.get(&tx.store(stores::THREADS)?, &key(&[thread_id]))?;
        let runs = tx.get_all(&tx.store(stores::RUNS)?, None)?;
        let thread = thread.await.map_err(|e| tx.request_failed(e))?;
        let runs = runs.await.map_err(|e| tx.request_failed(e))?;
        let thread = thread.map(|t| record_data(&t, "a thread record")).transpose()?;
        let runs = runs
            .iter()
            .filter(|r| record_field(r, "thread_id").as_deref() == Some(thread_id))
            .map(|r| record_data(r, "a run record"))
            .collect::<Result<Vec<Run>, _>>()?;
        Ok((thread, runs))
    }

    async fn save(&self, changes: &[Change]) -> Result<(), CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(STORES, true)?;
        let threads = tx.store(stores::THREADS)?;
        let runs = tx.store(stores::RUNS)?;
        let items = tx.store(stores::STORE_ITEMS)?;
        for change in changes {
            match change {
                Change::Thread(id, Some(thread)) => tx.put(
                    &threads,
                    &record(&[
                        ("thread_id", id.as_str().into()),
                        ("data", record_json::<Thread>(thread)?),
                    ]),
                )?,
                Change::Thread(id, None) => tx.delete(&threads, idb::Query::Key(key(&[id])))?,
                Change::Run(id, Some(run)) => tx.put(
                    &runs,
                    &record(&[
                        ("run_id", id.as_str().into()),
                        (
                            "thread_id",
                            run.thread_id.as_deref().map_or(JsValue::NULL, JsValue::from_str),
                        ),
                        ("data", record_json::<Run>(run)?),
                    ]),
                )?,
                Change::Run(id, None) => tx.delete(&runs, idb::Query::Key(key(&[id])))?,
                Change::Item((namespace, key), Some(item)) => tx.put(
                    &items,
                    &record(&[
                        ("namespace", item_namespace(namespace)),
                        ("key", key.as_str().into()),
                        ("data", record_json::<Item>(item)?),
                    ]),
                )?,
                Change::Item((namespace, key), None) => {
                    let k: js_sys::Array = [item_namespace(namespace), JsValue::from_str(key)]
                        .into_iter()
                        .collect();
                    tx.delete(&items, idb::Query::Key(k.into()))?
                }
            }
        }
        tx.commit("saving threads and runs").await
    }
}
