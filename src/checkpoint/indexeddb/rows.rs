//! The checkpointer's records: a checkpoint row (the checkpoint with its small values, its
//! metadata, and the writes made against it in the transaction that saved it), one blob per
//! larger channel value per version, and the pending writes made later: a task's together in one
//! record, or one record per write. How they are written into a transaction (checked for depth: a
//! record that would not read back is refused), and how they are asked for and read back into a
//! `CheckpointTuple`.
//!
//! Small values live in the row (since schema version 5): a value whose JSON is at most
//! [`INLINE_MAX`] bytes is written into every row of a checkpoint that holds it, and only larger
//! ones get a blob, written once per version. In a browser each request costs far more than the
//! bytes it carries, so this takes most requests off small states (the seed's round trip: 18
//! requests to 11). The row names the channels whose values are blobs (`blobs`), so a read asks
//! for exactly those, and none for a channel that was cleared; a row written before has no list,
//! and every value it has is a blob.
//!
//! Writes are packed the same way (since schema version 6): each request costs a browser more
//! than the bytes it carries (a readwrite transaction takes ~0.2 ms longer to commit per `put`
//! in Chromium here), and a step's writes are usually a task's several channels, saved with the
//! checkpoint they were made against (the run's input and its `__start__` step; every step
//! under `async`). Such writes go into that checkpoint's row; a task's writes saved on their own
//! become one record (`idx` `"p<first index>"`, a string, so no single write's key can take its
//! place) when the saver knows that none of them is stored yet; otherwise, and for a lone write,
//! each write is a record of its own as before. Packed writes are therefore always a task's
//! first: where a write is found twice, an ordinary write keeps its packed value and a special
//! channel the single record's (later) one, as LangGraph's savers keep the first ordinary write
//! and the last special one.
//!
//! The saver (`saver.rs`) decides which transaction and when, and how a task's writes are laid
//! out; this module only lays records out.

use std::future::IntoFuture;
use std::sync::Arc;

use futures::future::{try_join_all, LocalBoxFuture};
use futures::FutureExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::JsValue;

use super::db::Tx;
use super::record::{data, data_json, field, json, json_text, key, prefix_range, record};
use super::schema::stores;
use crate::checkpoint::depth::{MAX_RECORD_DEPTH, MAX_VALUE_DEPTH};
use crate::checkpoint::{
    indexed_writes, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointId, CheckpointMetadata,
    CheckpointTuple, PendingWrite, StoredWrites, TaskWrites,
};
use crate::sorted::SortedMap;

/// What a checkpoint row's `data` holds: the checkpoint with its small values only, its
/// metadata, the channels whose values are blobs (`None` in rows written before schema
/// version 5, whose values are all blobs), and the writes made against it that were saved with
/// it (since version 6): `PackedWrites` when written, their JSON when read.
#[derive(Serialize, Deserialize)]
pub(super) struct RowData<W> {
    pub checkpoint: Checkpoint,
    pub metadata: CheckpointMetadata,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blobs: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writes: Option<W>,
}

/// One task's writes stored together (in a checkpoint row, or as one record): each is
/// `[idx, channel, value]`, `idx` as in a record of its own (`write_index`). Read back by
/// `keep_packed`.
#[derive(Serialize)]
pub(super) struct PackedWrites<'a> {
    task: &'a str,
    path: &'a str,
    writes: Vec<(i64, &'a str, &'a Value)>,
}

impl<'a> PackedWrites<'a> {
    fn of(task: &'a TaskWrites) -> Self {
        PackedWrites {
            task: &task.task_id,
            path: &task.task_path,
            writes: indexed_writes(&task.writes).collect(),
        }
    }
}

/// Keeps the writes of one `PackedWrites` JSON in `stored` (`None` if `packed` is not one).
fn keep_packed(stored: &mut StoredWrites, packed: Value) -> Option<()> {
    let Value::Object(mut packed) = packed else { return None };
    let (Some(Value::String(task)), Some(Value::String(path)), Some(Value::Array(writes))) =
        (packed.remove("task"), packed.remove("path"), packed.remove("writes"))
    else {
        return None;
    };
    for write in writes {
        let Value::Array(write) = write else { return None };
        let [idx, Value::String(channel), value]: [Value; 3] = write.try_into().ok()? else {
            return None;
        };
        stored.keep(&task, idx.as_i64()?, channel, value, path.clone());
    }
    Some(())
}

/// How a task's writes saved on their own are stored (see the module's notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WriteLayout {
    /// One record for all of them: none of them is stored yet.
    Packed,
    /// One record per write. `may_have`: whether the task may have ordinary writes stored
    /// there already (they are then only added where absent).
    Each { may_have: bool },
}

/// The largest value (its JSON, in bytes) kept in the checkpoint row rather than in a blob. A
/// value's place is decided when its version is first saved; later rows holding the same version
/// keep it there (see `put_checkpoint`).
pub const INLINE_MAX: usize = 512;

/// Where a stored checkpoint's values are: blobs (channel → version) and the values its row
/// holds. A saver that remembers it for a thread's head can place that head's child without
/// reading anything: an unchanged value stays where it is (same version, same value), also
/// when the caller leaves it out of the child's values, as LangGraph.js's savers allow.
#[derive(Clone, Default)]
pub(super) struct Placement {
    pub blobs: ChannelVersions,
    pub inline: SortedMap<String, Arc<Value>>,
}

pub(super) const CHECKPOINT_STORES: &[&str] = &[stores::CHECKPOINTS, stores::BLOBS, stores::WRITES];

fn version_key(version: u64) -> JsValue {
    // Versions are below 2^53 (step << 22 | 22 random bits), so exact as JS numbers.
    JsValue::from_f64(version as f64)
}

/// A stored checkpoint row, read back.
pub(super) struct Row {
    pub thread_id: String,
    pub ns: String,
    pub id: CheckpointId,
    pub parent: Option<CheckpointId>,
    pub data: RowData<Value>,
}

impl Row {
    /// The channels and versions whose values are blobs: those the row names, or in a row
    /// written before values went inline, every channel with a version.
    pub fn blob_versions(&self) -> ChannelVersions {
        let versions = &self.data.checkpoint.channel_versions;
        match &self.data.blobs {
            Some(channels) => channels
                .iter()
                .filter_map(|c| versions.get(c).map(|v| (c.clone(), *v)))
                .collect(),
            None => versions.clone(),
        }
    }
}

pub(super) fn read_row(value: &JsValue) -> Result<Row, CheckpointError> {
    let thread_id = field(value, "thread_id").unwrap_or_default();
    let ns = field(value, "checkpoint_ns").unwrap_or_default();
    let id = field(value, "checkpoint_id").unwrap_or_default();
    let what = || format!("checkpoint {id:?} of thread {thread_id:?} (namespace {ns:?})");
    Ok(Row {
        data: data(value, &what)?,
        parent: field(value, "parent").map(CheckpointId::from),
        id: CheckpointId::from(id.clone()),
        thread_id,
        ns,
    })
}

pub(super) type Reads = LocalBoxFuture<'static, Result<(Vec<Option<JsValue>>, Vec<JsValue>), idb::Error>>;

/// Asks for the blobs of `versions` (the row's `blob_versions`) and the pending writes of
/// checkpoint `id`, all at once.
pub(super) fn request_values(
    tx: &Tx,
    thread: &str,
    ns: &str,
    id: &CheckpointId,
    versions: &ChannelVersions,
) -> Result<Reads, CheckpointError> {
    let blobs = tx.store(stores::BLOBS)?;
    let writes = tx.store(stores::WRITES)?;
    let mut gets = Vec::with_capacity(versions.len());
    for (channel, version) in versions {
        let k: js_sys::Array = [
            JsValue::from_str(thread),
            JsValue::from_str(ns),
            JsValue::from_str(channel),
            version_key(*version),
        ]
        .into_iter()
        .collect();
        gets.push(tx.get(&blobs, &k.into())?.into_future());
    }
    let pending = tx
        .get_all(
            &writes,
            Some(prefix_range(&[
                JsValue::from_str(thread),
                JsValue::from_str(ns),
                JsValue::from_str(id.as_str()),
            ])?),
        )?
        .into_future();
    Ok(async move {
        let found = try_join_all(gets).await?;
        Ok((found, pending.await?))
    }
    .boxed_local())
}

/// The tuple of `row`, with the blobs of `blob_versions` and the writes read for it, and where
/// its values are.
pub(super) fn tuple(
    mut row: Row,
    blob_versions: ChannelVersions,
    blobs: Vec<Option<JsValue>>,
    pending: Vec<JsValue>,
) -> Result<(CheckpointTuple, Placement), CheckpointError> {
    let mut checkpoint = row.data.checkpoint;
    // The row's own values (small ones), then the blobs.
    let inline = std::mem::take(&mut checkpoint.channel_values);
    let mut values = inline.clone();
    for ((channel, version), blob) in blob_versions.iter().zip(blobs) {
        // A missing blob, or one recording that the channel was emptied, is no value.
        let Some(blob) = blob else { continue };
        if field(&blob, "data").is_none() {
            continue;
        }
        let what = || {
            format!(
                "value of channel {channel:?} at version {version} in thread {:?}",
                row.thread_id
            )
        };
        values.insert(channel.clone(), Arc::new(data_json(&blob, &what)?));
    }
    checkpoint.channel_values = values;
    let pending_writes = pending_writes(&row.thread_id, &row.id, row.data.writes.take(), &pending)?;
    let config_for = |id: &CheckpointId| {
        CheckpointConfig::new(row.thread_id.clone())
            .with_ns(row.ns.clone())
            .with_id(Some(id.clone()))
    };
    let tuple = CheckpointTuple {
        config: config_for(&row.id),
        parent_config: row.parent.as_ref().map(config_for),
        checkpoint,
        metadata: row.data.metadata,
        pending_writes,
    };
    let placement = Placement {
        blobs: blob_versions,
        inline,
    };
    Ok((tuple, placement))
}

/// A checkpoint's pending writes, from where they are stored, oldest first: its row's, the
/// writes store's packed records, then its records of one write each (see the module's notes).
fn pending_writes(
    thread_id: &str,
    checkpoint_id: &CheckpointId,
    in_row: Option<Value>,
    records: &[JsValue],
) -> Result<Vec<PendingWrite>, CheckpointError> {
    let mut stored = StoredWrites::default();
    let corrupt = |what: String| CheckpointError::Corrupt(format!("{what}: not a list of packed writes"));
    if let Some(in_row) = in_row {
        let unread = || {
            corrupt(format!(
                "the writes in checkpoint {checkpoint_id} of thread {thread_id:?}"
            ))
        };
        let Value::Array(tasks) = in_row else {
            return Err(unread());
        };
        for packed in tasks {
            keep_packed(&mut stored, packed).ok_or_else(unread)?;
        }
    }
    // A packed record's `idx` is a string; a single write's, its index.
    let (packed, single): (Vec<_>, Vec<_>) = records
        .iter()
        .map(|w| (w, js_sys::Reflect::get(w, &"idx".into()).unwrap_or_default()))
        .partition(|(_, idx)| idx.is_string());
    for (w, _) in packed {
        let task_id = field(w, "task_id").unwrap_or_default();
        let what = || format!("pending writes of task {task_id:?} in thread {thread_id:?}");
        keep_packed(&mut stored, data_json(w, &what)?).ok_or_else(|| corrupt(what()))?;
    }
    for (w, idx) in single {
        let task_id = field(w, "task_id").unwrap_or_default();
        let channel = field(w, "channel").unwrap_or_default();
        let what = || format!("pending write of task {task_id:?} to {channel:?} in thread {thread_id:?}");
        let value = data_json(w, &what)?;
        let at = idx.as_f64().unwrap_or_default() as i64;
        stored.keep(&task_id, at, channel, value, field(w, "task_path").unwrap_or_default());
    }
    Ok(stored.into_pending())
}

pub(super) type RowRead = LocalBoxFuture<'static, Result<Option<JsValue>, idb::Error>>;

/// Asks for the row `config` names: its checkpoint, or the newest of its thread and namespace.
pub(super) fn request_row(tx: &Tx, config: &CheckpointConfig) -> Result<RowRead, CheckpointError> {
    let checkpoints = tx.store(stores::CHECKPOINTS)?;
    let (thread, ns) = (&config.thread_id, &config.checkpoint_ns);
    Ok(match &config.checkpoint_id {
        Some(id) => tx
            .get(&checkpoints, &key(&[thread, ns, id.as_str()]))?
            .into_future()
            .boxed_local(),
        None => {
            let range = prefix_range(&[JsValue::from_str(thread), JsValue::from_str(ns)])?;
            let newest = checkpoints
                .open_cursor(Some(range), Some(idb::CursorDirection::Prev))
                .map_err(|e| tx.request_failed(e))?
                .into_future();
            async move {
                match newest.await? {
                    Some(cursor) => cursor.value().map(Some),
                    None => Ok(None),
                }
            }
            .boxed_local()
        }
    })
}

/// Reads the values and writes of `row` inside `tx` (a second round).
pub(super) async fn load_tuple(tx: &Tx, row: Row) -> Result<CheckpointTuple, CheckpointError> {
    let blob_versions = row.blob_versions();
    let reads = request_values(tx, &row.thread_id, &row.ns, &row.id, &blob_versions)?;
    let (blobs, pending) = reads.await.map_err(|e| tx.request_failed(e))?;
    Ok(tuple(row, blob_versions, blobs, pending)?.0)
}

/// Issues, in `tx`, the requests that store `checkpoint` (its row with its small values, and
/// blobs for the larger values that changed) as a child of `config`, and says where its values
/// are. `parent`: where the parent checkpoint's values are, when known. An unchanged value stays
/// where the parent has it, and one the caller left out of `checkpoint`'s values (unchanged
/// since an ancestor) is kept too; without `parent`, a large unchanged value's blob is written
/// again (harmless), and a value left out reads as cleared, so the saver learns the parent first.
/// `writes`: tasks' writes against `checkpoint` saved with it, kept in its row.
pub(super) fn put_checkpoint(
    tx: &Tx,
    config: &CheckpointConfig,
    checkpoint: &Checkpoint,
    metadata: &CheckpointMetadata,
    new_versions: &ChannelVersions,
    parent: Option<&Placement>,
    writes: &[&TaskWrites],
) -> Result<Placement, CheckpointError> {
    let blobs = tx.store(stores::BLOBS)?;
    let thread = JsValue::from_str(&config.thread_id);
    let ns = JsValue::from_str(&config.checkpoint_ns);
    let mut placement = Placement::default();
    for (channel, &version) in checkpoint.channel_versions.iter() {
        let value = checkpoint.channel_values.get(channel);
        if let Some(parent) = parent.filter(|_| !new_versions.contains_key(channel)) {
            if parent.blobs.get(channel) == Some(&version) {
                placement.blobs.insert(channel.clone(), version);
                continue;
            }
            if let Some(kept) = parent.inline.get(channel) {
                placement.inline.insert(channel.clone(), value.unwrap_or(kept).clone());
                continue;
            }
        }
        // Changed, or where the parent had no value: placed by its size. (No value: cleared, and
        // neither in the row nor a blob.)
        let Some(value) = value else { continue };
        let what = || format!("the value of channel {channel:?} in thread {:?}", config.thread_id);
        let text = json_text(value.as_ref(), MAX_VALUE_DEPTH, &what)?;
        if text.len() <= INLINE_MAX {
            placement.inline.insert(channel.clone(), value.clone());
            continue;
        }
        let fields = [
            ("thread_id", thread.clone()),
            ("checkpoint_ns", ns.clone()),
            ("channel", JsValue::from_str(channel)),
            ("version", version_key(version)),
            ("data", JsValue::from_str(&text)),
        ];
        tx.put(&blobs, &record(&fields))?;
        placement.blobs.insert(channel.clone(), version);
    }
    let mut stored = checkpoint.clone();
    stored.channel_values = placement.inline.clone();
    let what = || format!("checkpoint {} of thread {:?}", checkpoint.id, config.thread_id);
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
            json(
                &RowData {
                    checkpoint: stored,
                    metadata: metadata.clone(),
                    blobs: Some(placement.blobs.keys().cloned().collect()),
                    writes: (!writes.is_empty())
                        .then(|| writes.iter().map(|task| PackedWrites::of(task)).collect::<Vec<_>>()),
                },
                MAX_RECORD_DEPTH,
                &what,
            )?,
        ),
    ]);
    tx.put(&tx.store(stores::CHECKPOINTS)?, &row)?;
    Ok(placement)
}

/// Issues, in `tx`, the requests that store one task's writes against `config`'s checkpoint,
/// laid out as `layout` says. One record per write: ordinary writes of a task already stored
/// are kept as first stored (a re-run after a crash cannot change what was recorded); special
/// channels replace the earlier write. Neither needs a read first.
pub(super) fn put_task_writes(
    tx: &Tx,
    config: &CheckpointConfig,
    task: &TaskWrites,
    layout: WriteLayout,
) -> Result<(), CheckpointError> {
    let (writes, task_id, task_path) = (&task.writes, &task.task_id, &task.task_path);
    let checkpoint_id = config.writes_target(task_id)?;
    let store = tx.store(stores::WRITES)?;
    let prefix = [
        ("thread_id", JsValue::from_str(&config.thread_id)),
        ("checkpoint_ns", JsValue::from_str(&config.checkpoint_ns)),
        ("checkpoint_id", JsValue::from_str(checkpoint_id.as_str())),
        ("task_id", JsValue::from_str(task_id)),
    ];
    let may_have = match layout {
        WriteLayout::Each { may_have } => may_have,
        WriteLayout::Packed => {
            let packed = PackedWrites::of(task);
            let first = packed.writes.first().map_or(0, |w| w.0);
            let what = || format!("the writes of task {task_id:?} in thread {:?}", config.thread_id);
            let fields = [
                ("idx", JsValue::from_str(&format!("p{first}"))),
                ("task_path", JsValue::from_str(task_path)),
                ("data", json(&packed, MAX_RECORD_DEPTH, &what)?),
            ];
            let fields: Vec<_> = prefix.into_iter().chain(fields).collect();
            return tx.put(&store, &record(&fields));
        }
    };
    let raw = tx.raw_store(stores::WRITES)?;
    // Ordinary writes are kept as first stored: added only if absent. When the task is
    // known to have none stored (`may_have` false), a plain put does the same, and lets the
    // transaction be told to commit at once.
    for (idx, channel, value) in indexed_writes(writes) {
        let what = || {
            format!(
                "the write of task {task_id:?} to {channel:?} in thread {:?}",
                config.thread_id
            )
        };
        let fields = [
            ("idx", JsValue::from_f64(idx as f64)),
            ("channel", JsValue::from_str(channel)),
            ("task_path", JsValue::from_str(task_path)),
            ("data", json(value, MAX_VALUE_DEPTH, &what)?),
        ];
        let fields: Vec<_> = prefix.iter().cloned().chain(fields).collect();
        if idx >= 0 && may_have {
            tx.add_if_absent(&raw, &record(&fields))?;
        } else {
            tx.put(&store, &record(&fields))?;
        }
    }
    Ok(())
}
