//! `IndexedDbSaver`: the `Checkpointer` on IndexedDB, normalised like the memory saver
//! (DESIGN.md "Persistence"). One superstep is one readwrite transaction (`put_steps`): the
//! checkpoint row with its small values, blobs for the larger values the step changed (see
//! `rows.rs`), and the writes of the step's last task (in the row of the checkpoint they were
//! made against when that is saved in the same transaction, else as `WriteLayout` says), so a
//! tab closed mid-run leaves the thread at its last committed superstep. Tasks that finish while
//! a sibling still runs save their writes at once (`put_writes`), as do interrupts. (A run's
//! input checkpoint goes with its `__start__` step when that step runs no user code: one
//! transaction for both.)
//!
//! Reading a checkpoint takes two rounds (the row names the blobs to read), except when this
//! saver wrote or read that thread's head last: then the blobs and writes it expects are asked
//! for together with the row, and used if the row is the one expected (one round; they are
//! read in the same transaction, so they cannot disagree with the row).
//!
//! A run reads its thread with `get_tuple_for_update`: in a readwrite transaction, kept for the
//! thread's next save. When nothing but microtasks ran in between (its input and `__start__`
//! step; a resumed node that answers at once), that save goes in the read's transaction, still
//! open, instead of a new one. When user code waited on anything else, the transaction has ended
//! and the save opens its own: nothing depends on the reuse but speed. Other reads are
//! read-only.
//!
//! A row that cannot be read is a `CorruptRecordError` naming it, when its thread is read; a
//! list over every thread leaves it out, so one damaged thread does not hide the others.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use async_trait::async_trait;
use serde_json::Value;
use wasm_bindgen::JsValue;

use super::db::{Durability, LazyDb, Tx};
use super::record::prefix_range;
use super::rows::{
    load_tuple, put_checkpoint, put_task_writes, read_row, request_row, request_values, tuple, Placement, WriteLayout,
    CHECKPOINT_STORES,
};
use super::schema::stores;
use crate::checkpoint::{
    indexed_writes, write_index, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointId,
    CheckpointMetadata, CheckpointTuple, Checkpointer, ListQuery, PendingWrite, StepSave, TaskWrites,
};

/// The head checkpoint this saver last wrote or read for a thread and namespace, and what it
/// knows its tasks have stored against it.
#[derive(Clone)]
struct Head {
    id: CheckpointId,
    versions: ChannelVersions,
    /// Where its values are (its child is placed from this without a read).
    placement: Placement,
    /// The writes its tasks have stored, as (task id, index), where known.
    stored: Vec<(String, i64)>,
}

impl Head {
    /// Notes that task `task_id` stored a write at `idx`.
    fn note(&mut self, task_id: &str, idx: i64) {
        if !self.has(task_id, idx) {
            self.stored.push((task_id.to_string(), idx));
        }
    }

    /// Whether task `task_id` has stored a write at `idx` (for an ordinary write's index: any
    /// ordinary write).
    fn has(&self, task_id: &str, idx: i64) -> bool {
        let same = |at: i64| if idx >= 0 { at >= 0 } else { at == idx };
        self.stored.iter().any(|(task, at)| task == task_id && same(*at))
    }
}

/// Threads and namespaces → their head as this saver last saw it. Bounded: a page that touches
/// more threads forgets the older ones (a forgotten head only costs a second read round).
#[derive(Default)]
struct Heads(HashMap<(String, String), Head>);

const MAX_HEADS: usize = 256;

impl Heads {
    fn remember(&mut self, thread: &str, ns: &str, head: Head) {
        if self.0.len() >= MAX_HEADS && !self.0.contains_key(&(thread.to_string(), ns.to_string())) {
            self.0.clear();
        }
        self.0.insert((thread.to_string(), ns.to_string()), head);
    }

    /// The head of `config`'s thread and namespace if it is `config`'s checkpoint.
    fn get_mut(&mut self, config: &CheckpointConfig) -> Option<&mut Head> {
        let head = self
            .0
            .get_mut(&(config.thread_id.clone(), config.checkpoint_ns.clone()))?;
        (config.checkpoint_id.as_ref() == Some(&head.id)).then_some(head)
    }
}

/// A checkpointer that keeps everything in the IndexedDB database `name` (opened on first use,
/// shared with the client's threads and runs when they use the same name).
#[derive(Clone)]
pub struct IndexedDbSaver {
    db: LazyDb,
    durability: Durability,
    heads: Rc<RefCell<Heads>>,
    /// The transaction the last `get_tuple_for_update` read in (a readwrite one), with its
    /// thread and namespace: the next save of that thread writes in it if it is still open
    /// (see `write`).
    last_read: Rc<RefCell<Option<(String, String, Tx)>>>,
}

impl IndexedDbSaver {
    pub fn new(name: &str) -> Self {
        Self::from_db(LazyDb::new(name))
    }

    pub fn from_db(db: LazyDb) -> Self {
        IndexedDbSaver {
            db,
            durability: Durability::Default,
            heads: Rc::default(),
            last_read: Rc::default(),
        }
    }

    /// The same saver, committing with this durability hint.
    pub fn with_durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    pub fn database(&self) -> &LazyDb {
        &self.db
    }

    /// Runs `issue` (the requests of one save of `config`'s thread) in a readwrite transaction
    /// and commits it: in the transaction this thread's checkpoint was just read in when that
    /// is still open (nothing but microtasks ran since: the read, the run's synchronous steps
    /// and this save then commit as one, and the save costs no transaction of its own), else
    /// in a new one over `stores`.
    async fn write(
        &self,
        config: &CheckpointConfig,
        stores: &[&str],
        doing: &str,
        issue: impl Fn(&Tx) -> Result<(), CheckpointError>,
    ) -> Result<(), CheckpointError> {
        let last_read = self.last_read.borrow_mut().take();
        if let Some((thread, ns, tx)) = last_read {
            let same = thread == config.thread_id && ns == config.checkpoint_ns;
            if same && tx.is_open(stores::CHECKPOINTS) && issue(&tx).is_ok() {
                return tx.commit(doing).await;
            }
            // Dropped: aborted, with whatever `issue` got to (a failure is met again below).
        }
        let db = self.db.get().await?;
        let tx = db.transaction_with(stores, true, self.durability)?;
        issue(&tx)?;
        tx.commit(doing).await
    }

    /// Reads the checkpoint `config` names. `for_update`: in a readwrite transaction, kept for
    /// the thread's next save (see `write`; nothing is lost by it: the transaction ends on its
    /// own once control leaves the microtasks); else in a read-only one, told at once that no
    /// request follows.
    async fn read(
        &self,
        config: &CheckpointConfig,
        for_update: bool,
    ) -> Result<Option<CheckpointTuple>, CheckpointError> {
        let db = self.db.get().await?;
        let begin = || db.transaction_with(CHECKPOINT_STORES, for_update, self.durability);
        let done = |tx: Tx| {
            if for_update {
                *self.last_read.borrow_mut() = Some((config.thread_id.clone(), config.checkpoint_ns.clone(), tx));
            }
        };
        // The head this saver expects: its blobs and writes are asked for with the row. If the
        // row is another one, the read starts over in a transaction of its own.
        if let Some(head) = self.expected_head(config) {
            let tx = begin()?;
            let row = request_row(&tx, config)?;
            let blobs = &head.placement.blobs;
            let values = request_values(&tx, &config.thread_id, &config.checkpoint_ns, &head.id, blobs)?;
            if !for_update {
                tx.no_more_requests();
            }
            let row = row.await.map_err(|e| tx.request_failed(e))?;
            let (blobs, pending) = values.await.map_err(|e| tx.request_failed(e))?;
            let Some(row) = row else {
                done(tx);
                return Ok(None);
            };
            let row = read_row(&row)?;
            if row.id == head.id && row.data.checkpoint.channel_versions == head.versions {
                done(tx);
                return self.found(tuple(row, head.placement.blobs, blobs, pending)?);
            }
        }
        let tx = begin()?;
        let row = request_row(&tx, config)?.await.map_err(|e| tx.request_failed(e))?;
        let Some(row) = row else {
            if !for_update {
                tx.no_more_requests();
            }
            done(tx);
            return Ok(None);
        };
        let row = read_row(&row)?;
        let blob_versions = row.blob_versions();
        let values = request_values(&tx, &row.thread_id, &row.ns, &row.id, &blob_versions)?;
        if !for_update {
            tx.no_more_requests();
        }
        let (blobs, pending) = values.await.map_err(|e| tx.request_failed(e))?;
        done(tx);
        self.found(tuple(row, blob_versions, blobs, pending)?)
    }

    /// `tuple` (its values placed as `placement` says), remembered as its thread's head.
    fn found(
        &self,
        (tuple, placement): (CheckpointTuple, Placement),
    ) -> Result<Option<CheckpointTuple>, CheckpointError> {
        let (thread, ns) = (&tuple.config.thread_id, &tuple.config.checkpoint_ns);
        self.remember(thread, ns, &tuple.checkpoint, placement, &tuple.pending_writes);
        Ok(Some(tuple))
    }

    /// Where the checkpoint `config` names has its values: remembered when it is the head this
    /// saver last wrote or read, else read (`None` if there is no such checkpoint).
    async fn placement_of(&self, config: &CheckpointConfig) -> Result<Option<Placement>, CheckpointError> {
        if let Some(head) = self.heads.borrow_mut().get_mut(config) {
            return Ok(Some(head.placement.clone()));
        }
        self.read(config, false).await?;
        Ok(self.heads.borrow_mut().get_mut(config).map(|h| h.placement.clone()))
    }

    fn expected_head(&self, config: &CheckpointConfig) -> Option<Head> {
        let heads = self.heads.borrow();
        let head = heads.0.get(&(config.thread_id.clone(), config.checkpoint_ns.clone()))?;
        match &config.checkpoint_id {
            Some(id) if *id != head.id => None,
            _ => Some(head.clone()),
        }
    }

    fn remember(&self, thread: &str, ns: &str, checkpoint: &Checkpoint, placement: Placement, writes: &[PendingWrite]) {
        let mut head = Head {
            id: checkpoint.id.clone(),
            versions: checkpoint.channel_versions.clone(),
            placement,
            stored: Vec::new(),
        };
        for write in writes {
            // A special channel's index is its own; any other write counts as ordinary.
            head.note(&write.task_id, write_index(&write.channel, 0));
        }
        self.heads.borrow_mut().remember(thread, ns, head);
    }

    /// How to store `task`'s writes against `config`'s checkpoint: packed when this saver knows
    /// (it is the head it last wrote or read) that none of them is stored yet, and there are
    /// several; else one record each, added only where absent for ordinary writes the task may
    /// have stored already (unknown unless it is that head).
    fn layout(&self, config: &CheckpointConfig, task: &TaskWrites) -> WriteLayout {
        let mut heads = self.heads.borrow_mut();
        let Some(head) = heads.get_mut(config) else {
            return WriteLayout::Each { may_have: true };
        };
        let stored_already = indexed_writes(&task.writes).any(|(idx, ..)| head.has(&task.task_id, idx));
        if task.writes.len() > 1 && !stored_already {
            return WriteLayout::Packed;
        }
        WriteLayout::Each {
            may_have: head.has(&task.task_id, 0),
        }
    }

    fn saved_writes(&self, config: &CheckpointConfig, task_id: &str, writes: &[(String, Value)]) {
        if let Some(head) = self.heads.borrow_mut().get_mut(config) {
            for (idx, ..) in indexed_writes(writes) {
                head.note(task_id, idx);
            }
        }
    }
}

#[async_trait(?Send)]
impl Checkpointer for IndexedDbSaver {
    async fn get_tuple(&self, config: &CheckpointConfig) -> Result<Option<CheckpointTuple>, CheckpointError> {
        self.read(config, false).await
    }

    async fn get_tuple_for_update(
        &self,
        config: &CheckpointConfig,
    ) -> Result<Option<CheckpointTuple>, CheckpointError> {
        self.read(config, true).await
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
        // A list over every thread leaves out rows it cannot read (they are reported when
        // their thread is read); a list of one thread fails on them.
        let every_thread = query.thread_id.is_none();
        let mut rows = Vec::new();
        for value in &all {
            let row = match read_row(value) {
                Ok(row) => row,
                Err(_) if every_thread => continue,
                Err(e) => return Err(e),
            };
            let keep = query.checkpoint_ns.as_ref().is_none_or(|ns| *ns == row.ns)
                && query.checkpoint_id.as_ref().is_none_or(|id| *id == row.id)
                && query.before.as_ref().is_none_or(|before| row.id < *before)
                && query.filter.as_ref().is_none_or(|f| row.data.metadata.matches(f));
            if keep {
                rows.push(row);
            }
        }
        // Newest first; thread and namespace break ties (copied threads share ids).
        crate::sorted::sort_by(&mut rows, |a, b| {
            (&b.id, &b.thread_id, &b.ns).cmp(&(&a.id, &a.thread_id, &a.ns))
        });
        let limit = query.limit.unwrap_or(usize::MAX);
        let mut tuples = Vec::with_capacity(rows.len().min(limit));
        for row in rows {
            if tuples.len() == limit {
                break;
            }
            match load_tuple(&tx, row).await {
                Ok(tuple) => tuples.push(tuple),
                Err(CheckpointError::Corrupt(_)) if every_thread => {}
                Err(e) => return Err(e),
            }
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
        let step = StepSave {
            config: config.clone(),
            checkpoint: Cow::Borrowed(checkpoint),
            metadata: Cow::Borrowed(metadata),
            new_versions: new_versions.clone(),
            writes: Vec::new(),
        };
        self.put_steps(vec![step]).await?;
        Ok(CheckpointConfig::new(config.thread_id.clone())
            .with_ns(config.checkpoint_ns.clone())
            .with_id(Some(checkpoint.id.clone())))
    }

    async fn put_steps(&self, steps: Vec<StepSave<'_>>) -> Result<(), CheckpointError> {
        self.put_batch(steps, Vec::new()).await
    }

    async fn put_batch(
        &self,
        steps: Vec<StepSave<'_>>,
        writes: Vec<(CheckpointConfig, TaskWrites)>,
    ) -> Result<(), CheckpointError> {
        let Some(first) = steps.first().map(|s| &s.config).or(writes.first().map(|(c, _)| c)) else {
            return Ok(());
        };
        for (config, task) in &writes {
            config.writes_target(&task.task_id)?;
        }
        let stores: &[&str] = if writes.is_empty() && steps.iter().all(|s| s.writes.is_empty()) {
            &[stores::CHECKPOINTS, stores::BLOBS]
        } else {
            CHECKPOINT_STORES
        };
        // Writes against a checkpoint saved in this same transaction go into its row (they are
        // its first); the others are laid out as `layout` says (known before any request).
        let against = |config: &CheckpointConfig, step: &StepSave| {
            config.checkpoint_id.as_ref() == Some(&step.checkpoint.id)
                && config.thread_id == step.config.thread_id
                && config.checkpoint_ns == step.config.checkpoint_ns
        };
        let saved_here = |config: &CheckpointConfig| steps.iter().any(|step| against(config, step));
        let all_writes = || {
            let of_steps = steps.iter().flat_map(|s| s.writes.iter().map(move |t| (&s.config, t)));
            of_steps.chain(writes.iter().map(|(c, t)| (c, t)))
        };
        // (A task met twice in one batch, which the saver's knowledge does not cover yet, gets
        // a record per write: two packed records could share a key.)
        let mut seen = Vec::new();
        let layouts: Vec<Option<WriteLayout>> = all_writes()
            .map(|(config, task)| {
                let at = (&config.checkpoint_id, task.task_id.as_str());
                let again = seen.contains(&at);
                seen.push(at);
                if saved_here(config) {
                    None
                } else if again {
                    Some(WriteLayout::Each { may_have: true })
                } else {
                    Some(self.layout(config, task))
                }
            })
            .collect();
        let in_row = |step: &StepSave| -> Vec<&TaskWrites> {
            let writes = all_writes().filter(|(config, _)| against(config, step));
            writes.map(|(_, task)| task).collect()
        };
        // Where the first step's parent has its values (read first when this saver has not seen
        // it: a value the caller left out is found there); then each step's own, for the next.
        let parent_placement = match steps.first() {
            Some(step) if step.config.checkpoint_id.is_some() => self.placement_of(&step.config).await?,
            _ => None,
        };
        let last_placement = RefCell::new(None);
        self.write(first, stores, "saving a checkpoint", |tx| {
            let mut layouts = layouts.iter();
            let mut put_writes = |config: &CheckpointConfig, task: &TaskWrites| match layouts.next() {
                Some(Some(layout)) => put_task_writes(tx, config, task, *layout),
                _ => Ok(()),
            };
            let mut parent = parent_placement.clone();
            for step in &steps {
                for task in &step.writes {
                    put_writes(&step.config, task)?;
                }
                let (checkpoint, metadata) = (&step.checkpoint, &step.metadata);
                let placed = put_checkpoint(
                    tx,
                    &step.config,
                    checkpoint,
                    metadata,
                    &step.new_versions,
                    parent.as_ref(),
                    &in_row(step),
                )?;
                parent = Some(placed);
            }
            *last_placement.borrow_mut() = parent;
            for (config, task) in &writes {
                put_writes(config, task)?;
            }
            Ok(())
        })
        .await?;
        if let Some(last) = steps.last() {
            let (thread, ns) = (&last.config.thread_id, &last.config.checkpoint_ns);
            let placement = last_placement.into_inner().unwrap_or_default();
            self.remember(thread, ns, &last.checkpoint, placement, &[]);
        }
        for (config, task) in all_writes() {
            self.saved_writes(config, &task.task_id, &task.writes);
        }
        Ok(())
    }

    async fn put_writes(
        &self,
        config: &CheckpointConfig,
        writes: &[(String, Value)],
        task_id: &str,
        task_path: &str,
    ) -> Result<(), CheckpointError> {
        config.writes_target(task_id)?;
        let task = TaskWrites {
            task_id: task_id.to_string(),
            task_path: task_path.to_string(),
            writes: writes.to_vec(),
        };
        let layout = self.layout(config, &task);
        self.write(config, &[stores::WRITES], "saving a task's writes", |tx| {
            put_task_writes(tx, config, &task, layout)
        })
        .await?;
        self.saved_writes(config, task_id, writes);
        Ok(())
    }

    async fn delete_thread(&self, thread_id: &str) -> Result<(), CheckpointError> {
        let db = self.db.get().await?;
        let tx = db.transaction_with(CHECKPOINT_STORES, true, self.durability)?;
        for name in CHECKPOINT_STORES {
            tx.delete(&tx.store(name)?, prefix_range(&[JsValue::from_str(thread_id)])?)?;
        }
        tx.commit("deleting a thread").await?;
        self.heads.borrow_mut().0.retain(|(thread, _), _| thread != thread_id);
        Ok(())
    }

    #[cfg(feature = "server")]
    async fn copy_thread(&self, from: &str, to: &str) -> Result<(), CheckpointError> {
        use futures::future::try_join_all;
        use std::future::IntoFuture;

        let db = self.db.get().await?;
        let tx = db.transaction_with(CHECKPOINT_STORES, true, self.durability)?;
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
        tx.commit("copying a thread").await?;
        self.heads.borrow_mut().0.retain(|(thread, _), _| thread != to);
        Ok(())
    }
}
