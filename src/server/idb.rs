//! The server's records in IndexedDB, in the same database (and through the same schema,
//! `checkpoint::indexeddb::schema`) as the checkpoints: `assistants` (by assistant id, the
//! current version), `assistant_versions` (by assistant id and version number), `threads` (by
//! thread id), `runs` (by run id, indexed by thread id), `store_items` (by namespace and key).
//! Each record's `data` is its JSON text.
//!
//! Loading reads record by record: one that cannot be read is moved to the quarantine (see
//! `checkpoint::indexeddb::quarantine`) and reported, and the others load. So is an assistant
//! version whose assistant record is missing or unreadable: nothing could reach it, and kept in
//! place it would show up among the versions of a new assistant given the same id.

use std::future::IntoFuture;

use async_trait::async_trait;
use futures::future::try_join_all;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::storage::{AssistantRecords, Change, ServerStorage, Snapshot, ThreadRecords};
use super::{Assistant, Item, Run, Thread};
use crate::checkpoint::depth::MAX_RECORD_DEPTH;
use crate::checkpoint::indexeddb::quarantine::{self, quarantine};
use crate::checkpoint::indexeddb::schema::indexes;
use crate::checkpoint::indexeddb::{key, key_text, prefix_range, record, record_data, record_json, stores, LazyDb, Tx};
use crate::checkpoint::{now_iso, CheckpointError, QuarantinedRecord};
use crate::sorted::SortedSet;

pub struct IndexedDbStorage {
    db: LazyDb,
}

impl IndexedDbStorage {
    pub fn new(db: LazyDb) -> Self {
        IndexedDbStorage { db }
    }
}

const STORES: &[&str] = &[
    stores::ASSISTANTS,
    stores::ASSISTANT_VERSIONS,
    stores::THREADS,
    stores::RUNS,
    stores::STORE_ITEMS,
];

fn item_namespace(namespace: &[String]) -> JsValue {
    // Namespaces are arrays of labels; their JSON text is one sortable key part.
    JsValue::from_str(&serde_json::to_string(namespace).unwrap_or_default())
}

/// The key of one version of an assistant.
fn version_key(assistant_id: &str, version: i64) -> JsValue {
    // Version numbers count updates: far below 2^53, exact as a JS number.
    let parts: js_sys::Array = [JsValue::from_str(assistant_id), JsValue::from_f64(version as f64)]
        .into_iter()
        .collect();
    parts.into()
}

/// The assistant id a version key (`[assistant_id, version]`) names.
fn owner_of(version_key: &JsValue) -> Option<String> {
    js_sys::Reflect::get_u32(version_key, 0).ok()?.as_string()
}

/// Why a version whose data reads is still left out (its assistant's record is gone or
/// unreadable, or its data names another assistant than its key).
fn orphan(key: &JsValue) -> CheckpointError {
    CheckpointError::Corrupt(format!(
        "record {} of store {:?}: its assistant's record is missing or cannot be read",
        key_text(key),
        stores::ASSISTANT_VERSIONS
    ))
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

/// Like `decode_all` for assistant versions, which also need their assistant (`owners`: the
/// ids whose assistant record read).
fn decode_versions(
    keys: &[JsValue],
    values: &[JsValue],
    owners: &SortedSet<String>,
    decoded: &mut Vec<Assistant>,
    unreadable: &mut Vec<Unreadable>,
) {
    let store = stores::ASSISTANT_VERSIONS;
    for (key, value) in keys.iter().zip(values) {
        let owner = owner_of(key);
        match decode::<Assistant>(store, key, value) {
            Ok(version)
                if owner.as_deref() == Some(&version.assistant_id) && owners.contains(&version.assistant_id) =>
            {
                decoded.push(version)
            }
            _ => unreadable.push(Unreadable {
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
        if involved.contains(&stores::ASSISTANT_VERSIONS) {
            // A version is checked against its assistant's record, in the same transaction.
            involved.push(stores::ASSISTANTS);
        }
        crate::sorted::sort(&mut involved);
        involved.dedup();
        involved.push(stores::QUARANTINE);
        let tx = db.transaction(&involved, true)?;
        let mut again = Vec::with_capacity(unreadable.len());
        let mut owners = Vec::with_capacity(unreadable.len());
        for u in &unreadable {
            again.push(tx.get(&tx.store(u.store)?, &u.key)?.into_future());
            let owner = match (u.store, owner_of(&u.key)) {
                (stores::ASSISTANT_VERSIONS, Some(owner)) => {
                    Some(tx.get(&tx.store(stores::ASSISTANTS)?, &key(&[&owner]))?.into_future())
                }
                _ => None,
            };
            owners.push(futures::future::OptionFuture::from(owner));
        }
        let (again, owners) = futures::join!(try_join_all(again), futures::future::join_all(owners));
        let again = again.map_err(|e| tx.request_failed(e))?;
        let (mut moved, mut readable) = (Vec::new(), Vec::new());
        let at = now_iso();
        for ((u, current), owner) in unreadable.into_iter().zip(again).zip(owners) {
            let Some(current) = current else { continue };
            let still_bad = match u.store {
                stores::ASSISTANTS => decode::<Assistant>(u.store, &u.key, &current).err(),
                stores::ASSISTANT_VERSIONS => match decode::<Assistant>(u.store, &u.key, &current) {
                    Err(error) => Some(error),
                    Ok(version) => {
                        let owner = owner.and_then(Result::ok).flatten();
                        let owner_reads =
                            owner.is_some_and(|o| decode::<Assistant>(stores::ASSISTANTS, &u.key, &o).is_ok());
                        let same_id = owner_of(&u.key).as_deref() == Some(&version.assistant_id);
                        (!(owner_reads && same_id)).then(|| orphan(&u.key))
                    }
                },
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
        crate::sorted::sort_by(&mut moved, |a, b| {
            (&a.quarantined_at, &a.store, &a.key).cmp(&(&b.quarantined_at, &b.store, &b.key))
        });
        Ok((moved, readable))
    }
}

/// Puts each record that reads again (see `quarantine_all`) where the readable ones of its
/// store went.
fn place_rewritten(rewritten: Vec<Unreadable>, snapshot: &mut Snapshot) {
    for r in rewritten {
        let (keys, values, mut ignored) = ([r.key], [r.value], Vec::new());
        match r.store {
            stores::ASSISTANTS => decode_all(r.store, &keys, &values, &mut snapshot.assistants, &mut ignored),
            stores::ASSISTANT_VERSIONS => {
                decode_all(r.store, &keys, &values, &mut snapshot.assistant_versions, &mut ignored)
            }
            stores::THREADS => decode_all(r.store, &keys, &values, &mut snapshot.threads, &mut ignored),
            stores::RUNS => decode_all(r.store, &keys, &values, &mut snapshot.runs, &mut ignored),
            _ => decode_all(r.store, &keys, &values, &mut snapshot.items, &mut ignored),
        }
    }
}

#[async_trait(?Send)]
impl ServerStorage for IndexedDbStorage {
    async fn load(&self) -> Result<Snapshot, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(
            &[
                stores::ASSISTANTS,
                stores::ASSISTANT_VERSIONS,
                stores::THREADS,
                stores::RUNS,
                stores::STORE_ITEMS,
                stores::QUARANTINE,
            ],
            false,
        )?;
        let assistants = request_store(&tx, stores::ASSISTANTS)?;
        let versions = request_store(&tx, stores::ASSISTANT_VERSIONS)?;
        let threads = request_store(&tx, stores::THREADS)?;
        let runs = request_store(&tx, stores::RUNS)?;
        let items = request_store(&tx, stores::STORE_ITEMS)?;
        let earlier = quarantine::request_list(&tx)?;
        tx.no_more_requests();
        let (
            (assistant_keys, assistant_values),
            (version_keys, version_values),
            (thread_keys, thread_values),
            (run_keys, run_values),
            (item_keys, item_values),
            earlier,
        ) = futures::try_join!(assistants, versions, threads, runs, items, earlier)
            .map_err(|e| tx.request_failed(e))?;
        drop(tx);

        let mut snapshot = Snapshot {
            quarantined_before: earlier,
            ..Snapshot::default()
        };
        let mut unreadable = Vec::new();
        decode_all(
            stores::ASSISTANTS,
            &assistant_keys,
            &assistant_values,
            &mut snapshot.assistants,
            &mut unreadable,
        );
        let owners: SortedSet<String> = snapshot.assistants.iter().map(|a| a.assistant_id.clone()).collect();
        decode_versions(
            &version_keys,
            &version_values,
            &owners,
            &mut snapshot.assistant_versions,
            &mut unreadable,
        );
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
        place_rewritten(rewritten, &mut snapshot);
        Ok(snapshot)
    }

    async fn load_assistant(&self, assistant_id: &str) -> Result<AssistantRecords, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(&[stores::ASSISTANTS, stores::ASSISTANT_VERSIONS], false)?;
        let assistant_key = key(&[assistant_id]);
        let assistant = tx.get(&tx.store(stores::ASSISTANTS)?, &assistant_key)?.into_future();
        let versions_store = tx.store(stores::ASSISTANT_VERSIONS)?;
        let range = prefix_range(&[JsValue::from_str(assistant_id)])?;
        let version_keys = versions_store
            .get_all_keys(Some(range.clone()), None)
            .map_err(|e| tx.request_failed(e))?
            .into_future();
        let versions = tx.get_all(&versions_store, Some(range))?.into_future();
        tx.no_more_requests();
        let (assistant, version_keys, versions) =
            futures::try_join!(assistant, version_keys, versions).map_err(|e| tx.request_failed(e))?;
        drop(tx);

        let mut snapshot = Snapshot::default();
        let mut unreadable = Vec::new();
        if let Some(value) = assistant {
            decode_all(
                stores::ASSISTANTS,
                &[assistant_key],
                &[value],
                &mut snapshot.assistants,
                &mut unreadable,
            );
        }
        let owners: SortedSet<String> = snapshot.assistants.iter().map(|a| a.assistant_id.clone()).collect();
        decode_versions(
            &version_keys,
            &versions,
            &owners,
            &mut snapshot.assistant_versions,
            &mut unreadable,
        );
        let (quarantined, rewritten) = self.quarantine_all(unreadable).await?;
        place_rewritten(rewritten, &mut snapshot);
        Ok(AssistantRecords {
            assistant: snapshot.assistants.pop(),
            versions: snapshot.assistant_versions,
            quarantined,
        })
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
        let assistants = tx.store(stores::ASSISTANTS)?;
        let versions = tx.store(stores::ASSISTANT_VERSIONS)?;
        let threads = tx.store(stores::THREADS)?;
        let runs = tx.store(stores::RUNS)?;
        let items = tx.store(stores::STORE_ITEMS)?;
        // A record too deep to read back is left out (and reported once the others are saved);
        // it never would save, so retrying it would only keep failing.
        let mut refused = None;
        for change in changes {
            let stored = match change {
                Change::Assistant(id, Some(assistant)) => {
                    let what = || format!("assistant {id:?}");
                    record_json::<Assistant>(assistant, MAX_RECORD_DEPTH, &what).and_then(|data| {
                        tx.put(
                            &assistants,
                            &record(&[("assistant_id", id.as_str().into()), ("data", data)]),
                        )
                    })
                }
                // With every version, including any this page never read.
                Change::Assistant(id, None) => tx
                    .delete(&assistants, idb::Query::Key(key(&[id])))
                    .and_then(|()| tx.delete(&versions, prefix_range(&[JsValue::from_str(id)])?)),
                Change::AssistantVersion((id, number), Some(version)) => {
                    let what = || format!("version {number} of assistant {id:?}");
                    record_json::<Assistant>(version, MAX_RECORD_DEPTH, &what).and_then(|data| {
                        tx.put(
                            &versions,
                            &record(&[
                                ("assistant_id", id.as_str().into()),
                                ("version", JsValue::from_f64(*number as f64)),
                                ("data", data),
                            ]),
                        )
                    })
                }
                Change::AssistantVersion((id, number), None) => {
                    tx.delete(&versions, idb::Query::Key(version_key(id, *number)))
                }
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
        tx.commit("saving the client's records").await?;
        refused.map_or(Ok(()), Err)
    }
}
