//! `MemorySaver`: an in-memory `Checkpointer` for tests, Node scripts and threads that need not
//! survive a reload.
//!
//! It stores records normalised exactly like the IndexedDB saver (DESIGN.md "Persistence"):
//! checkpoint rows without values, one blob per (channel, version), and pending writes keyed by
//! (task id, write index). Keeping the same shape means the same bugs show up here first, e.g. a
//! checkpoint naming a channel version that was never stored simply reads back without it.

use std::cell::{Ref, RefCell, RefMut};
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;

use super::host_text::{self, HostPin};
use super::{
    ChannelVersion, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointId, CheckpointMetadata,
    CheckpointTuple, Checkpointer, ListQuery, PendingWrite, StepSave, StoredWrites,
};
use crate::sorted::{sort_by, SortedMap};

/// A checkpoint as stored: `checkpoint.channel_values` is always empty (values live in blobs).
#[derive(Debug, Clone)]
struct CheckpointRow {
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    parent: Option<CheckpointId>,
}

/// One channel value at one version. `Empty` records that the channel had that version but no
/// value (it was cleared), so reading the checkpoint back must not resurrect an older value.
/// Values and a delta's items may be JSON text (see `checkpoint::encoded`), parsed when read.
#[derive(Debug, Clone)]
enum Blob {
    Value(Arc<Value>),
    /// The list the channel held at version `base`, with the items of `delta`'s `append`
    /// appended. The delta value is kept whole, as written, so storing it shares it rather than
    /// copying its items (often a long text).
    Delta {
        base: ChannelVersion,
        delta: Arc<Value>,
    },
    Empty,
}

/// The items a stored delta value appends (its `append`; `null` if it has none, which
/// [`super::appended_items`] reports as a corrupt record).
fn appended_of(delta: &Value) -> &Value {
    const NONE: &Value = &Value::Null;
    super::as_delta(delta).map_or(NONE, |(_, append)| append)
}

/// Everything of one thread in one checkpoint namespace. Together with the two outer map keys
/// (thread id, namespace) the keys here are the composite keys of the IndexedDB stores.
#[derive(Clone, Default)]
struct Namespace {
    /// checkpoint id → row; the last entry is the latest checkpoint.
    checkpoints: SortedMap<CheckpointId, CheckpointRow>,
    /// channel → version → blob.
    blobs: SortedMap<String, SortedMap<ChannelVersion, Blob>>,
    /// checkpoint id → (task id, write index) → write.
    writes: SortedMap<CheckpointId, StoredWrites>,
    /// What keeps the host texts alive that blobs and writes here name (see `host_text`).
    pins: Vec<HostPin>,
}

impl std::fmt::Debug for Namespace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Namespace")
            .field("checkpoints", &self.checkpoints)
            .field("blobs", &self.blobs)
            .field("writes", &self.writes)
            .finish_non_exhaustive()
    }
}

/// Pins the host text stored value `value` names, or the one a delta's items are (see
/// `host_text`), into `pins`.
fn pin_into(pins: &mut Vec<HostPin>, value: &Value) {
    let text = match value {
        Value::String(_) => value,
        Value::Object(_) => appended_of(value),
        _ => return,
    };
    if let Some(pin) = host_text::pin(text) {
        pins.push(pin);
    }
}

impl Namespace {
    /// The values of the channels at the versions a checkpoint names. Channels whose blob is
    /// missing or empty hold no value.
    fn load_values(&self, versions: &ChannelVersions) -> Result<SortedMap<String, Arc<Value>>, CheckpointError> {
        let mut values = SortedMap::new();
        for (channel, version) in versions {
            if let Some(value) = self.value_at(channel, *version)? {
                values.insert(channel.clone(), value);
            }
        }
        Ok(values)
    }

    /// The whole value of `channel` at `version`: a delta is the base's list with its items
    /// appended (a chain of deltas ends at a whole value; a broken chain reads as no value).
    fn value_at(&self, channel: &str, version: ChannelVersion) -> Result<Option<Arc<Value>>, CheckpointError> {
        let Some(by_version) = self.blobs.get(channel) else {
            return Ok(None);
        };
        let mut appended: Vec<&Value> = Vec::new();
        let mut at = version;
        let base = loop {
            match by_version.get(&at) {
                Some(Blob::Value(value)) => break super::parsed(value)?,
                Some(Blob::Delta { base, delta }) if *base < at => {
                    appended.push(appended_of(delta));
                    at = *base;
                }
                _ => return Ok(None),
            }
        };
        if appended.is_empty() {
            return Ok(Some(base));
        }
        let Some(items) = base.as_array() else {
            return Ok(None);
        };
        let mut items = items.clone();
        for append in appended.into_iter().rev() {
            items.extend(super::appended_items(append)?.iter().cloned());
        }
        Ok(Some(Arc::new(Value::Array(items))))
    }

    /// The full tuple of one stored checkpoint.
    fn tuple(&self, thread_id: &str, ns: &str, row: &CheckpointRow) -> Result<CheckpointTuple, CheckpointError> {
        let mut checkpoint = row.checkpoint.clone();
        checkpoint.channel_values = self.load_values(&checkpoint.channel_versions)?;
        let config_for = |id: &CheckpointId| CheckpointConfig::new(thread_id).with_ns(ns).with_id(Some(id.clone()));
        // Map order is (task id, write index), the order LangGraph's savers return.
        let mut pending_writes = Vec::new();
        for (task_id, write) in self
            .writes
            .get(&row.checkpoint.id)
            .into_iter()
            .flat_map(StoredWrites::iter)
        {
            pending_writes.push(PendingWrite {
                task_id: task_id.to_owned(),
                channel: write.channel.clone(),
                value: super::parsed_value(&write.value)?,
            });
        }
        Ok(CheckpointTuple {
            config: config_for(&row.checkpoint.id),
            parent_config: row.parent.as_ref().map(config_for),
            checkpoint,
            metadata: row.metadata.clone(),
            pending_writes,
        })
    }
}

#[derive(Debug, Default)]
struct Store {
    /// thread id → namespace → records.
    threads: SortedMap<String, SortedMap<String, Namespace>>,
}

/// An in-memory checkpoint store. Single-threaded; share it as `Rc<MemorySaver>` or
/// `Rc<dyn Checkpointer>`.
///
/// No method holds a `RefCell` borrow across an `.await` (there are none inside), so the
/// borrows cannot conflict; they are still taken with `try_borrow*` so that a future mistake
/// becomes a `Storage` error instead of a panic that would kill the wasm instance.
#[derive(Debug, Default)]
pub struct MemorySaver {
    store: RefCell<Store>,
}

impl MemorySaver {
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> Result<Ref<'_, Store>, CheckpointError> {
        self.store
            .try_borrow()
            .map_err(|_| CheckpointError::Storage("memory saver is busy (re-entrant use)".into()))
    }

    fn write(&self) -> Result<RefMut<'_, Store>, CheckpointError> {
        self.store
            .try_borrow_mut()
            .map_err(|_| CheckpointError::Storage("memory saver is busy (re-entrant use)".into()))
    }

    /// How many bytes what it holds would take as JSON: every checkpoint with its metadata, every
    /// stored channel value (a delta counts its new items only) and every pending write. What a
    /// serializing saver would store; the benchmarks compare it with LangGraph.js's.
    pub fn stored_bytes(&self) -> usize {
        let Ok(store) = self.read() else { return 0 };
        let mut total = 0;
        for namespace in store.threads.values().flat_map(|t| t.values()) {
            for row in namespace.checkpoints.values() {
                total += json_len(&row.checkpoint) + json_len(&row.metadata);
            }
            for blob in namespace.blobs.values().flat_map(|b| b.values()) {
                total += match blob {
                    Blob::Value(value) => value_len(value),
                    Blob::Delta { delta, .. } => value_len(appended_of(delta)),
                    Blob::Empty => 0,
                };
            }
            for (_, write) in namespace.writes.values().flat_map(StoredWrites::iter) {
                total += value_len(&write.value);
            }
        }
        total
    }

    /// Copies every checkpoint, blob and write of thread `from` to thread `to`, keeping the
    /// checkpoint ids (as the LangGraph server's thread copy does). Whatever `to` held before is
    /// replaced, so afterwards `to` is an exact copy of `from` (empty if `from` has nothing).
    #[cfg(feature = "server")]
    pub async fn copy_thread(&self, from: &str, to: &str) -> Result<(), CheckpointError> {
        let mut store = self.write()?;
        match store.threads.get(from).cloned() {
            Some(records) => {
                store.threads.insert(to.to_owned(), records);
            }
            None => {
                store.threads.remove(to);
            }
        }
        Ok(())
    }
}

impl MemorySaver {
    fn store_writes(
        &self,
        config: &CheckpointConfig,
        writes: impl Iterator<Item = (String, Value)>,
        task_id: &str,
        task_path: &str,
    ) -> Result<(), CheckpointError> {
        let checkpoint_id = config.writes_target(task_id)?;
        let mut store = self.write()?;
        let ns = store
            .threads
            .get_or_default(config.thread_id.as_str())
            .get_or_default(config.checkpoint_ns.as_str());
        let Namespace {
            writes: stored, pins, ..
        } = ns;
        let writes = writes.inspect(|(_, value)| pin_into(pins, value));
        stored
            .get_or_default(checkpoint_id)
            .keep_all(task_id, task_path, writes);
        Ok(())
    }
}

#[async_trait(?Send)]
impl Checkpointer for MemorySaver {
    fn encodings(&self) -> super::Encodings {
        super::Encodings {
            deltas: true,
            text: true,
            host: true,
        }
    }

    #[cfg(feature = "server")]
    async fn copy_thread(&self, from: &str, to: &str) -> Result<(), CheckpointError> {
        // The records themselves, not a replay through put/put_writes.
        MemorySaver::copy_thread(self, from, to).await
    }

    async fn get_tuple(&self, config: &CheckpointConfig) -> Result<Option<CheckpointTuple>, CheckpointError> {
        let store = self.read()?;
        let Some(ns) = store
            .threads
            .get(&config.thread_id)
            .and_then(|thread| thread.get(&config.checkpoint_ns))
        else {
            return Ok(None);
        };
        let row = match &config.checkpoint_id {
            Some(id) => ns.checkpoints.get(id),
            None => ns.checkpoints.values().next_back(),
        };
        row.map(|row| ns.tuple(&config.thread_id, &config.checkpoint_ns, row))
            .transpose()
    }

    async fn list(&self, query: &ListQuery) -> Result<Vec<CheckpointTuple>, CheckpointError> {
        let store = self.read()?;
        let mut found: Vec<(&str, &str, &Namespace, &CheckpointRow)> = Vec::new();
        let threads = store
            .threads
            .iter()
            .filter(|(thread_id, _)| query.thread_id.as_deref().is_none_or(|t| t == *thread_id));
        for (thread_id, namespaces) in threads {
            let namespaces = namespaces
                .iter()
                .filter(|(name, _)| query.checkpoint_ns.as_deref().is_none_or(|n| n == *name));
            for (name, ns) in namespaces {
                let rows = ns.checkpoints.iter().filter(|(id, _)| {
                    query.checkpoint_id.as_ref().is_none_or(|wanted| wanted == *id)
                        && query.before.as_ref().is_none_or(|before| *id < before)
                });
                found.extend(rows.map(|(_, row)| (thread_id.as_str(), name.as_str(), ns, row)));
            }
        }
        // Newest first across threads and namespaces (like the Postgres saver's
        // `ORDER BY checkpoint_id DESC`). Equal ids only occur in copied threads; thread and
        // namespace break the tie so the order is deterministic.
        sort_by(&mut found, |a, b| {
            (&b.3.checkpoint.id, b.0, b.1).cmp(&(&a.3.checkpoint.id, a.0, a.1))
        });
        let tuples = found
            .into_iter()
            .filter(|(_, _, _, row)| query.filter.as_ref().is_none_or(|filter| row.metadata.matches(filter)))
            .take(query.limit.unwrap_or(usize::MAX))
            .map(|(thread_id, name, ns, row)| ns.tuple(thread_id, name, row))
            .collect::<Result<_, _>>()?;
        Ok(tuples)
    }

    async fn put(
        &self,
        config: &CheckpointConfig,
        checkpoint: &Checkpoint,
        metadata: &CheckpointMetadata,
        new_versions: &ChannelVersions,
    ) -> Result<CheckpointConfig, CheckpointError> {
        let mut store = self.write()?;
        let ns = store
            .threads
            .get_or_default(config.thread_id.as_str())
            .get_or_default(config.checkpoint_ns.as_str());
        // Only the channels this step changed get blobs; the others are already stored at the
        // versions the checkpoint names.
        for (channel, version) in new_versions {
            let blob = match checkpoint.channel_values.get(channel) {
                Some(value) => match super::as_delta(value) {
                    Some((base, _)) => Blob::Delta {
                        base,
                        delta: Arc::clone(value),
                    },
                    None => Blob::Value(Arc::clone(value)),
                },
                None => Blob::Empty,
            };
            if let Some(value) = checkpoint.channel_values.get(channel) {
                pin_into(&mut ns.pins, value);
            }
            ns.blobs.get_or_default(channel.as_str()).insert(*version, blob);
        }
        // Everything but the values (stored as blobs above): cloning them, keys and all, only to
        // drop them was most of a save's allocations here.
        let stored = Checkpoint {
            v: checkpoint.v,
            id: checkpoint.id.clone(),
            ts: checkpoint.ts.clone(),
            channel_values: SortedMap::new(),
            channel_versions: checkpoint.channel_versions.clone(),
            versions_seen: checkpoint.versions_seen.clone(),
            updated_channels: checkpoint.updated_channels.clone(),
        };
        ns.checkpoints.insert(
            checkpoint.id.clone(),
            CheckpointRow {
                checkpoint: stored,
                metadata: metadata.clone(),
                parent: config.checkpoint_id.clone(),
            },
        );
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
        self.store_writes(config, writes.iter().cloned(), task_id, task_path)
    }

    async fn put_steps(&self, steps: Vec<StepSave<'_>>) -> Result<(), CheckpointError> {
        // The writes are moved in, not copied: the loop hands over values it no longer needs.
        for step in steps {
            for task in step.writes {
                self.store_writes(&step.config, task.writes.into_iter(), &task.task_id, &task.task_path)?;
            }
            self.put(&step.config, &step.checkpoint, &step.metadata, &step.new_versions)
                .await?;
        }
        Ok(())
    }

    async fn delete_thread(&self, thread_id: &str) -> Result<(), CheckpointError> {
        self.write()?.threads.remove(thread_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests;

/// How many bytes `value` takes as JSON.
fn json_len<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    serde_json::to_vec(value).map_or(0, |bytes| bytes.len())
}

/// How many bytes a stored value takes as JSON: JSON text (or host text) is that text.
fn value_len(value: &Value) -> usize {
    if let Some(text) = host_text::resolve(value) {
        return text.map_or(0, |text| text.len());
    }
    super::as_json_text(value).map_or_else(|| json_len(value), str::len)
}
