//! Checkpoints: the persisted record of a thread after each superstep.
//!
//! The types mirror LangGraph's (`Checkpoint`, `CheckpointMetadata`, pending writes, the saver's
//! `get_tuple`/`list`/`put`/`put_writes`/`delete_thread`), and the storage shape follows
//! DESIGN.md "Persistence": a checkpoint row holds versions but no values; values are stored once
//! per channel *version* as blobs, so a superstep persists only the channels it changed.
//!
//! This module does not know about graphs or tasks: it stores what the Pregel loop hands it.

pub mod depth;
mod encoded;
pub mod host_text;
mod id;
#[cfg(target_arch = "wasm32")]
pub mod indexeddb;
mod memory;
mod types;
mod writes;

use async_trait::async_trait;

pub use encoded::*;
pub use id::{new_checkpoint_id, now_iso, CheckpointId};
pub use memory::MemorySaver;
pub use types::*;
pub(crate) use writes::StoredWrites;

/// Why a saver failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckpointError {
    /// The storage refused or failed the operation.
    #[error("storage error: {0}")]
    Storage(String),
    /// A stored record could not be read back.
    #[error("unreadable stored record: {0}")]
    Corrupt(String),
    /// A checkpoint that the caller named does not exist.
    #[error("checkpoint not found: {0}")]
    NotFound(String),
    /// The browser's storage quota is used up; nothing of the failed operation was saved.
    #[error("{0}")]
    QuotaExceeded(String),
    /// The database cannot be opened or upgraded while another tab holds an older connection.
    #[error("{0}")]
    Blocked(String),
    /// There is no usable storage (no IndexedDB, a closed connection).
    #[error("{0}")]
    Unavailable(String),
    /// A value to store cannot be encoded (a function, a cycle, …); nothing was stored.
    /// `node` names the node that wrote it, when that is known.
    #[error("{message}")]
    NotSerializable { message: String, node: Option<String> },
    /// A record nests deeper than storage can read back ([`depth`]); it was not written, and
    /// neither was anything else of the same save.
    #[error("{0}")]
    TooDeep(String),
}

impl CheckpointError {
    /// The JS error name.
    pub fn name(&self) -> &'static str {
        match self {
            CheckpointError::Storage(_) => "StorageError",
            CheckpointError::Corrupt(_) => "CorruptRecordError",
            CheckpointError::NotFound(_) => "NotFoundError",
            CheckpointError::QuotaExceeded(_) => "QuotaExceededError",
            CheckpointError::Blocked(_) => "DatabaseBlockedError",
            CheckpointError::Unavailable(_) => "StorageUnavailableError",
            CheckpointError::NotSerializable { .. } => "NotSerializableError",
            CheckpointError::TooDeep(_) => "RecordTooDeepError",
        }
    }
}

/// A checkpoint store. Single-threaded (`?Send`): in the browser everything runs on one thread.
#[async_trait(?Send)]
pub trait Checkpointer {
    /// What this saver reads back besides plain JSON values (see [`encoded`]), so that a writer
    /// may store those forms. Savers that do not keep plain values only.
    fn encodings(&self) -> Encodings {
        Encodings::default()
    }

    /// The checkpoint named by `config.checkpoint_id`, or the latest of the thread and namespace
    /// when it is `None`, with its parent and pending writes. `Ok(None)` when there is none.
    async fn get_tuple(&self, config: &CheckpointConfig) -> Result<Option<CheckpointTuple>, CheckpointError>;

    /// [`get_tuple`](Self::get_tuple) for a caller that saves to the thread next (a run
    /// loading the checkpoint it continues from). A saver with transactions may keep the read's
    /// transaction open for that save (the IndexedDB saver does, while it is still usable).
    async fn get_tuple_for_update(
        &self,
        config: &CheckpointConfig,
    ) -> Result<Option<CheckpointTuple>, CheckpointError> {
        self.get_tuple(config).await
    }

    /// Checkpoints matching `query`, newest first.
    async fn list(&self, query: &ListQuery) -> Result<Vec<CheckpointTuple>, CheckpointError>;

    /// Stores `checkpoint` as a child of `config.checkpoint_id` (its parent, if any). Only the
    /// channels named in `new_versions` need new blobs; the others are already stored at the
    /// version the checkpoint names. Returns the config naming the stored checkpoint.
    async fn put(
        &self,
        config: &CheckpointConfig,
        checkpoint: &Checkpoint,
        metadata: &CheckpointMetadata,
        new_versions: &ChannelVersions,
    ) -> Result<CheckpointConfig, CheckpointError>;

    /// Stores the writes of one task against the checkpoint `config.checkpoint_id` (which must be
    /// set). Writes to the special channels (`__error__`, `__interrupt__`, `__resume__`,
    /// `__scheduled__`) replace earlier ones of the same task; ordinary writes already stored
    /// for that task and index are kept (insert-if-absent).
    async fn put_writes(
        &self,
        config: &CheckpointConfig,
        writes: &[(String, serde_json::Value)],
        task_id: &str,
        task_path: &str,
    ) -> Result<(), CheckpointError>;

    /// What supersteps leave behind, in order, saved as one unit where the saver can: for each
    /// step, the writes of its tasks (against `config.checkpoint_id`, the checkpoint the step
    /// ran on, as [`put_writes`](Self::put_writes) stores them), then its checkpoint, a child
    /// of that one (as [`put`](Self::put) stores it). The loop hands over one step, or two
    /// when the first ran no user code (a run's input checkpoint and its `__start__` step).
    ///
    /// This default makes the calls one after the other, so a saver that only has `put` and
    /// `put_writes` keeps LangGraph's order (writes first: a crash between the two leaves the
    /// writes, and the finished task is not run again). Savers with transactions override it
    /// to commit everything at once (the IndexedDB saver: one readwrite transaction).
    async fn put_steps(&self, steps: Vec<StepSave<'_>>) -> Result<(), CheckpointError> {
        for step in steps {
            for task in &step.writes {
                self.put_writes(&step.config, &task.writes, &task.task_id, &task.task_path)
                    .await?;
            }
            self.put(&step.config, &step.checkpoint, &step.metadata, &step.new_versions)
                .await?;
        }
        Ok(())
    }

    /// [`put_steps`](Self::put_steps), then `writes`, each against a checkpoint stored before
    /// or in `steps` (an interrupt's, a task's that finished while a sibling still ran), saved
    /// as one unit where the saver can. Under `async` durability the loop hands over what its
    /// steps left while the saver was busy with the batch before (group commit).
    ///
    /// This default makes the calls one after the other; the IndexedDB saver commits the
    /// whole batch in one readwrite transaction.
    async fn put_batch(
        &self,
        steps: Vec<StepSave<'_>>,
        writes: Vec<(CheckpointConfig, TaskWrites)>,
    ) -> Result<(), CheckpointError> {
        self.put_steps(steps).await?;
        for (config, task) in &writes {
            self.put_writes(config, &task.writes, &task.task_id, &task.task_path)
                .await?;
        }
        Ok(())
    }

    /// Removes every checkpoint, blob and write of a thread, in every namespace.
    async fn delete_thread(&self, thread_id: &str) -> Result<(), CheckpointError>;

    /// Copies every checkpoint (with its values and pending writes) of thread `from` to thread
    /// `to`, keeping their ids. This default works for any saver through the methods above;
    /// savers that can copy records directly override it. Only the Client's thread copy calls it,
    /// so the engine built without the `server` feature leaves it out.
    #[cfg(feature = "server")]
    async fn copy_thread(&self, from: &str, to: &str) -> Result<(), CheckpointError> {
        let all = self
            .list(&ListQuery {
                thread_id: Some(from.to_string()),
                ..Default::default()
            })
            .await?;
        // Oldest first, so that each checkpoint's parent is already there.
        for tuple in all.into_iter().rev() {
            let parent = CheckpointConfig::new(to)
                .with_ns(tuple.config.checkpoint_ns.clone())
                .with_id(tuple.parent_config.and_then(|p| p.checkpoint_id));
            let every_channel = tuple.checkpoint.channel_versions.clone();
            let saved = self
                .put(&parent, &tuple.checkpoint, &tuple.metadata, &every_channel)
                .await?;
            let mut by_task: Vec<(String, Vec<(String, serde_json::Value)>)> = Vec::new();
            for w in tuple.pending_writes {
                match by_task.iter_mut().find(|(t, _)| *t == w.task_id) {
                    Some((_, writes)) => writes.push((w.channel, w.value)),
                    None => by_task.push((w.task_id, vec![(w.channel, w.value)])),
                }
            }
            for (task_id, writes) in by_task {
                self.put_writes(&saved, &writes, &task_id, "").await?;
            }
        }
        Ok(())
    }
}
