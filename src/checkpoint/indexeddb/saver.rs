//! `IndexedDbSaver`: the `Checkpointer` on IndexedDB, normalised like the memory saver
//! (DESIGN.md "Persistence"): one `put` = one readwrite transaction holding the checkpoint row
//! and the blobs of the channels that step changed, so a tab closed mid-run leaves the thread
//! at its last committed superstep; each finished task's writes are one more transaction.

use std::collections::BTreeMap;
use std::future::IntoFuture;
use std::sync::Arc;

use async_trait::async_trait;
use futures::future::try_join_all;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::JsValue;

use super::db::{self, data, field, json, key, prefix_range, record, stores, LazyDb, Tx};
use crate::checkpoint::{
    write_index, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointId, CheckpointMetadata,
    CheckpointTuple, Checkpointer, ListQuery, PendingWrite,
};

/// What a checkpoint row's `data` holds: the checkpoint without its values, and its metadata.
#[derive(Serialize, Deserialize)]
struct RowData {
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
}

/// A checkpointer that keeps everything in the IndexedDB database `name` (opened on first use,
/// shared with the client's threads and runs when they use the same name).
#[derive(Clone)]
pub struct IndexedDbSaver {
    db: LazyDb,
}

impl IndexedDbSaver {
    pub fn new(name: &str) -> Self {
        IndexedDbSaver { db: LazyDb::new(name) }
    }

    pub fn from_db(db: LazyDb) -> Self {
        IndexedDbSaver { db }
    }

    pub fn database(&self) -> &LazyDb {
        &self.db
    }
}

const CHECKPOINT_STORES: &[&str] = &[stores::CHECKPOINTS, stores::BLOBS, stores::WRITES];

fn version_key(version: u64) -> JsValue {
    // Versions are below 2^53 (step << 22 | 22 random bits), so exact as JS numbers.
    JsValue::from_f64(version as f64)
}

/// A stored checkpoint row, read back.
struct Row {
    thread_id: String,
    ns: String,
    id: CheckpointId,
    parent: Option<CheckpointId>,
    data: RowData,
}

fn read_row(value: &JsValue) -> Result<Row, CheckpointError> {
    let thread_id = field(value, "thread_id").unwrap_or_default();
    let ns = field(value, "checkpoint_ns").unwrap_or_default();
    let id = field(value, "checkpoint_id").unwrap_or_default();
    let what = format!("checkpoint {id:?} of thread {thread_id:?} (namespace {ns:?})");
    Ok(Row {
        data: data(value, &what)?,
        parent: field(value, "parent").map(CheckpointId::from),
        id: CheckpointId::from(id),
        thread_id,
        ns,
    })
}

/// Loads the values and pending writes of `row` inside `tx`.
async fn tuple(tx: &Tx, row: Row) -> Result<CheckpointTuple, CheckpointError> {
    let blobs = tx.store(stores::BLOBS)?;
    let writes = tx.store(stores::WRITES)?;
    // Issue every request before awaiting any.
    let versions = &row.data.checkpoint.channel_versions;
    let mut gets = Vec::with_capacity(versions.len());
    for (channel, version) in versions {
        let k: js_sys::Array = [
            JsValue::from_str(&row.thread_id),
            JsValue::from_str(&row.ns),
            JsValue::from_str(channel),
            version_key(*version),
        ]
        .into_iter()
        .collect();
        gets.push(tx.get(&blobs, &k.into())?.into_future());
    }
    let pending = tx.get_all(
        &writes,
        Some(prefix_range(&[
            JsValue::from_str(&row.thread_id),
            JsValue::from_str(&row.ns),
            JsValue::from_str(row.id.as_str()),
        ])?),
    )?;
    let found = try_join_all(gets).await.map_err(|e| tx.request_failed(e))?;
    let pending = pending.await.map_err(|e| tx.request_failed(e))?;

    let mut checkpoint = row.data.checkpoint;
    let mut values = BTreeMap::new();
    for ((channel, version), blob) in checkpoint.channel_versions.iter().zip(found) {
        // A missing blob, or one recording that the channel was emptied, is no value.
        let Some(blob) = blob else { continue };
        if field(&blob, "data").is_none() {
            continue;
        }
        let what = format!(
            "value of channel {channel:?} at version {version} in thread {:?}",
            row.thread_id
        );
        values.insert(channel.clone(), Arc::new(data::<Value>(&blob, &what)?));
    }
    checkpoint.channel_values = values;
    let pending_writes = pending
        .iter()
        .map(|w| {
            let task_id = field(w, "task_id").unwrap_or_default();
            let channel = field(w, "channel").unwrap_or_default();
            let what = format!(
                "pending write of task {task_id:?} to {channel:?} in thread {:?}",
                row.thread_id
            );
            Ok(PendingWrite {
                value: data(w, &what)?,
                task_id,
                channel,
            })
        })
        .collect::<Result<Vec<_>, CheckpointError>>()?;
    let config_for = |id: &CheckpointId| {
        CheckpointConfig::new(row.thread_id.clone())
            .with_ns(row.ns.clone())
            .with_id(Some(id.clone()))
    };
    Ok(CheckpointTuple {
        config: config_for(&row.id),
        parent_config: row.parent.as_ref().map(config_for),
        checkpoint,
        metadata: row.data.metadata,
        pending_writes,
    })
}

#[async_trait(?Send)]
impl Checkpointer for IndexedDbSaver {
    async fn get_tuple(&self, config: &CheckpointConfig) -> Result<Option<CheckpointTuple>, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(CHECKPOINT_STORES, false)?;
        let checkpoints = tx.store(stores::CHECKPOINTS)?;
        let found = match &config.checkpoint_id {
            Some(id) => tx
                .get(
                    &checkpoints,
                    &key(&[&config.thread_id, &config.checkpoint_ns, id.as_str()]),
                )?
                .await
                .map_err(|e| tx.request_failed(e))?,
            None => {
                let range = prefix_range(&[
                    JsValue::from_str(&config.thread_id),
                    JsValue::from_str(&config.checkpoint_ns),
                ])?;
                tx.last(&checkpoints, range).await?
            }
        };
        match found {
            Some(value) => Ok(Some(tuple(&tx, read_row(&value)?).await?)),
            None => Ok(None),
        }
    }

    async fn list(&self, query: &ListQuery) -> Result<Vec<CheckpointTuple>, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(CHECKPOINT_STORES, false)?;
        let checkpoints = tx.store(stores::CHECKPOINTS)?;
        let range = match (&query.thread_id, &query.checkpoint_ns) {
            (Some(t), Some(ns)) => Some(prefix_range(&[JsValue::from_str(t), JsValue::from_str(ns)])?),
            (Some(t), None) => Some(prefix_range(&[JsValue::from_str(t)])?),
            (None, _) => None,
        };
        let all = tx
            .get_all(&checkpoints, range)?
            .await
            .map_err(|e| tx.request_failed(e))?;
        let mut rows = Vec::new();
        for value in &all {
            let row = read_row(value)?;
            let keep = query.checkpoint_ns.as_ref().is_none_or(|ns| *ns == row.ns)
                && query.checkpoint_id.as_ref().is_none_or(|id| *id == row.id)
                && query.before.as_ref().is_none_or(|before| row.id < *before)
                && query.filter.as_ref().is_none_or(|f| row.data.metadata.matches(f));
            if keep {
                rows.push(row);
            }
        }
        // Newest first; thread and namespace break ties (copied threads share ids).
        rows.sort_by(|a, b| (&b.id, &b.thread_id, &b.ns).cmp(&(&a.id, &a.thread_id, &a.ns)));
        rows.truncate(query.limit.unwrap_or(usize::MAX));
        let mut tuples = Vec::with_capacity(rows.len());
        for row in rows {
            tuples.push(tuple(&tx, row).await?);
        }
        Ok(tuples)
    }

    async fn put(
        &self,
        config: &CheckpointConfig,
        checkpoint: &Checkpoint,
        metadata: &CheckpointMetadata,
        new_versions: &ChannelVersions,
    ) -> Result<CheckpointConfig, CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(&[stores::CHECKPOINTS, stores::BLOBS], true)?;
        let blobs = tx.store(stores::BLOBS)?;
        let thread = JsValue::from_str(&config.thread_id);
        let ns = JsValue::from_str(&config.checkpoint_ns);
        for (channel, version) in new_versions {
            let mut fields = vec![
                ("thread_id", thread.clone()),
                ("checkpoint_ns", ns.clone()),
                ("channel", JsValue::from_str(channel)),
                ("version", version_key(*version)),
            ];
            // No `data`: the channel had this version but no value (it was cleared).
            if let Some(value) = checkpoint.channel_values.get(channel) {
                fields.push(("data", json(value.as_ref())?));
            }
            tx.put(&blobs, &record(&fields))?;
        }
        let mut stored = checkpoint.clone();
        stored.channel_values.clear();
        let row = record(&[
            ("thread_id", thread),
            ("checkpoint_ns", ns),
            ("checkpoint_id", JsValue::from_str(checkpoint.id.as_str())),
            (
                "parent",
                config
                    .checkpoint_id
                    .as_ref()
                    .map_or(JsValue::NULL, |p| JsValue::from_str(p.as_str())),
            ),
            (
                "data",
                json(&RowData {
                    checkpoint: stored,
                    metadata: metadata.clone(),
                })?,
            ),
        ]);
        tx.put(&tx.store(stores::CHECKPOINTS)?, &row)?;
        tx.commit("saving a checkpoint").await?;
        Ok(CheckpointConfig::new(config.thread_id.clone())
            .with_ns(config.checkpoint_ns.clone())
            .with_id(Some(checkpoint.id.clone())))
    }

    async fn put_writes(
        &self,
        config: &CheckpointConfig,
        writes: &[(String, Value)],
        task_id: &str,
        task_path: &str,
    ) -> Result<(), CheckpointError> {
        let checkpoint_id = config.writes_target(task_id)?;
        let db = self.db.get().await?;
        let tx = db.transaction(&[stores::WRITES], true)?;
        let store = tx.store(stores::WRITES)?;
        let prefix = [
            JsValue::from_str(&config.thread_id),
            JsValue::from_str(&config.checkpoint_ns),
            JsValue::from_str(checkpoint_id.as_str()),
            JsValue::from_str(task_id),
        ];
        // Ordinary writes of a task already stored are kept as first stored (a re-run after a
        // crash cannot change what was recorded); special channels replace the earlier write.
        let stored = store
            .get_all_keys(Some(prefix_range(&prefix)?), None)
            .map_err(|e| tx.request_failed(e))?
            .await
            .map_err(|e| tx.request_failed(e))?;
        let stored: Vec<i64> = stored
            .iter()
            .filter_map(|k| js_sys::Reflect::get(k, &JsValue::from_f64(4.0)).ok()?.as_f64())
            .map(|i| i as i64)
            .collect();
        for (position, (channel, value)) in writes.iter().enumerate() {
            let idx = write_index(channel, position);
            if idx >= 0 && stored.contains(&idx) {
                continue;
            }
            let fields = [
                ("thread_id", prefix[0].clone()),
                ("checkpoint_ns", prefix[1].clone()),
                ("checkpoint_id", prefix[2].clone()),
                ("task_id", prefix[3].clone()),
                ("idx", JsValue::from_f64(idx as f64)),
                ("channel", JsValue::from_str(channel)),
                ("task_path", JsValue::from_str(task_path)),
                ("data", json(value)?),
            ];
            tx.put(&store, &record(&fields))?;
        }
        tx.commit("saving a task's writes").await
    }

    async fn delete_thread(&self, thread_id: &str) -> Result<(), CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(CHECKPOINT_STORES, true)?;
        for name in CHECKPOINT_STORES {
            tx.delete(&tx.store(name)?, prefix_range(&[JsValue::from_str(thread_id)])?)?;
        }
        tx.commit("deleting a thread").await
    }

    async fn copy_thread(&self, from: &str, to: &str) -> Result<(), CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction(CHECKPOINT_STORES, true)?;
        let source = prefix_range(&[JsValue::from_str(from)])?;
        let mut reads = Vec::new();
        for name in CHECKPOINT_STORES {
            reads.push(tx.get_all(&tx.store(name)?, Some(source.clone()))?.into_future());
        }
        let found = try_join_all(reads).await.map_err(|e| tx.request_failed(e))?;
        let target = JsValue::from_str(to);
        for (name, records) in CHECKPOINT_STORES.iter().zip(found) {
            let store = tx.store(name)?;
            // Whatever `to` held is replaced: afterwards it is an exact copy of `from`.
            tx.delete(&store, prefix_range(std::slice::from_ref(&target))?)?;
            for record in records {
                let _ = js_sys::Reflect::set(&record, &"thread_id".into(), &target);
                tx.put(&store, &record)?;
            }
        }
        tx.commit("copying a thread").await
    }
}

/// Deletes the saver's whole database.
pub async fn delete_database(name: &str) -> Result<(), CheckpointError> {
    db::delete_database(name).await
}
