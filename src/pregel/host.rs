//! Values that live on the host's side. A graph built in JS keeps its state values as the JS
//! values its nodes returned: the binding hands the engine a *handle* for each one (a token the
//! engine stores and copies like any JSON string), resolves it when a node reads the state, and
//! encodes it only where a value leaves the run — a checkpoint, the server's records and
//! responses. The engine keeps planning, versions, tasks, interrupts and persistence; it never
//! owns those values' bytes. Native graphs have no host: their values are JSON throughout.
//!
//! A root run opens a [`HostScope`]: the handles its nodes make live as long as the scope, which
//! the run's stream holds. While the run is polled the scope is the *current* one, which is how
//! a saver (see [`HostSaver`]) and the binding's reducers find it.

use std::any::Any;
use std::borrow::Cow;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use async_trait::async_trait;
use serde_json::Value;

use crate::checkpoint::host_text::HostPin;
use crate::checkpoint::{
    ChannelVersion, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointMetadata,
    CheckpointTuple, Checkpointer, Encodings, ListQuery, StepSave, TaskWrites,
};

/// The host of a graph's values (the JS binding).
pub trait ValueHost {
    /// Opens the scope of one root run.
    fn open(&self) -> Rc<dyn HostScope>;
}

/// A value that cannot be encoded for storage: what was found, and where in the value.
#[derive(Debug, Clone, PartialEq)]
pub struct NotStorable {
    /// Like `items[2].when`; empty for the value itself.
    pub path: String,
    /// "a function", "a cyclic reference", …
    pub found: String,
    /// The node that wrote the value, when the host knows it.
    pub writer: Option<String>,
}

impl NotStorable {
    /// `found at 'key.path'`, the path taken from `key` (a state key) down.
    pub fn under(&self, key: &str) -> String {
        let path = match (key.is_empty(), self.path.is_empty()) {
            (true, _) => self.path.clone(),
            (false, true) => key.to_string(),
            (false, false) if self.path.starts_with('[') => format!("{key}{}", self.path),
            (false, false) => format!("{key}.{}", self.path),
        };
        if path.is_empty() {
            self.found.clone()
        } else {
            format!("{} at '{path}'", self.found)
        }
    }
}

/// The handles of one run.
pub trait HostScope {
    /// `value` as JSON, every handle in it replaced by its value encoded for storage. `Err` says
    /// what could not be encoded, and where.
    fn encode(&self, value: &Value) -> Result<Value, NotStorable>;

    /// Whether `value` holds a handle (so that it needs `encode` before it leaves the run).
    fn holds_handles(&self, value: &Value) -> bool;

    /// [`encode`](Self::encode) for a saver that reads `encodings`: a handle's value may be
    /// stored as the JSON text it was encoded to (`checkpoint::json_text`) when the saver keeps
    /// text.
    fn encode_to_store(&self, value: &Value, encodings: Encodings) -> Result<Value, NotStorable> {
        let _ = encodings;
        self.encode(value)
    }

    /// `value`, the value of a channel (`key` names thread, namespace and channel) at `version`,
    /// encoded for a checkpoint as [`encode_to_store`](Self::encode_to_store) does. When the
    /// saver reads deltas, a list that only grew since the version this scope saved last for
    /// `key` may be stored as a delta (`checkpoint::delta`) holding the new items alone.
    fn encode_for_save(
        &self,
        key: &str,
        value: &Value,
        version: ChannelVersion,
        encodings: Encodings,
    ) -> Result<Value, NotStorable> {
        let _ = (key, version);
        self.encode_to_store(value, encodings)
    }

    /// Says that a save starts: until [`end_save`](Self::end_save), the host may encode an
    /// object met twice once (no node runs in between).
    fn begin_save(&self) {}

    /// Says that what one save stores is encoded: what the host remembered for that save alone
    /// must not outlive it, since the next node may change those objects.
    fn end_save(&self) {}

    /// The pins of the host texts made since this was last asked (see `checkpoint::host_text`):
    /// a save's writer holds them until its saver has stored (and pinned) what it was handed.
    fn take_pins(&self) -> Vec<HostPin> {
        Vec::new()
    }

    /// For the host to find its own type.
    fn as_any(&self) -> &dyn Any;
}

thread_local! {
    static CURRENT: RefCell<Vec<Rc<dyn HostScope>>> = const { RefCell::new(Vec::new()) };
}

/// The scope of the run being polled, if its graph has a host.
pub fn current_scope() -> Option<Rc<dyn HostScope>> {
    CURRENT.with(|c| c.borrow().last().cloned())
}

/// Runs `f` with `scope` as the current scope.
pub fn in_scope<T>(scope: &Rc<dyn HostScope>, f: impl FnOnce() -> T) -> T {
    CURRENT.with(|c| c.borrow_mut().push(scope.clone()));
    let out = f();
    CURRENT.with(|c| c.borrow_mut().pop());
    out
}

/// A future polled with its run's scope current.
pub(crate) struct Scoped<F> {
    pub scope: Option<Rc<dyn HostScope>>,
    pub inner: F,
}

impl<F: Future + Unpin> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        match &this.scope {
            Some(scope) => in_scope(scope, || Pin::new(&mut this.inner).poll(cx)),
            None => Pin::new(&mut this.inner).poll(cx),
        }
    }
}

/// A value of channel `channel` that cannot be stored, as the saver's error. Paths start at the
/// state key (the run's input, in `__start__`, is named by its own keys).
fn not_storable(channel: &str, e: NotStorable) -> CheckpointError {
    let key = if channel == crate::pregel::START { "" } else { channel };
    CheckpointError::NotSerializable {
        message: format!("a value that cannot be saved: {}", e.under(key)),
        node: e.writer,
    }
}

/// A checkpointer for a host's graph: what it stores is encoded first (handles replaced by their
/// encoded values), so stored checkpoints and writes are plain JSON that any later run, page or
/// reader can load. Reads pass through: loaded values are JSON, which the host revives when a
/// node reads them.
pub struct HostSaver {
    inner: Rc<dyn Checkpointer>,
}

impl HostSaver {
    /// `inner`, encoding what it stores. (Wrapping twice is harmless: encoded values hold no
    /// handles.)
    pub fn wrap(inner: Rc<dyn Checkpointer>) -> Rc<dyn Checkpointer> {
        Rc::new(HostSaver { inner })
    }

    /// `checkpoint` with the values of its changed channels encoded, or `None` when none
    /// holds a handle (or no scope is current). Only channels with a new version are stored;
    /// the others are stored already.
    fn encode_checkpoint(
        &self,
        config: &CheckpointConfig,
        checkpoint: &Checkpoint,
        new_versions: &ChannelVersions,
    ) -> Result<Option<Checkpoint>, CheckpointError> {
        let Some(scope) = current_scope() else {
            return Ok(None);
        };
        let encodings = self.inner.encodings();
        let mut encoded: Option<Checkpoint> = None;
        for (channel, version) in new_versions {
            let Some(value) = checkpoint.channel_values.get(channel) else {
                continue;
            };
            if !scope.holds_handles(value) {
                continue;
            }
            let key = format!("{}\u{0}{}\u{0}{channel}", config.thread_id, config.checkpoint_ns);
            let stored = scope
                .encode_for_save(&key, value, *version, encodings)
                .map_err(|e| not_storable(channel, e))?;
            encoded
                .get_or_insert_with(|| checkpoint.clone())
                .channel_values
                .insert(channel.clone(), std::sync::Arc::new(stored));
        }
        Ok(encoded)
    }

    /// `steps` with their writes and changed channels encoded (inside a `one_save`).
    fn encode_step<'a>(&self, mut step: StepSave<'a>) -> Result<StepSave<'a>, CheckpointError> {
        for task in &mut step.writes {
            task.writes = encode_writes(&task.writes, self.inner.encodings())?;
        }
        if let Some(checkpoint) = self.encode_checkpoint(&step.config, &step.checkpoint, &step.new_versions)? {
            step.checkpoint = Cow::Owned(checkpoint);
        }
        Ok(step)
    }

    /// Encodes a batch (steps, then writes saved on their own, in the order they came) up to the
    /// first value that cannot be stored, and saves what came before it: a run under `async`
    /// hands over several steps at once, and a value refused in the last of them must not cost
    /// the thread the ones before (under `sync` they were saved one by one). Then fails with
    /// why the rest was refused.
    async fn put_encoded(
        &self,
        steps: Vec<StepSave<'_>>,
        writes: Vec<(CheckpointConfig, TaskWrites)>,
    ) -> Result<(), CheckpointError> {
        let encodings = self.inner.encodings();
        let ((steps, writes, refused), _pins) = one_save(|| {
            let (mut encoded_steps, mut encoded_writes) = (Vec::with_capacity(steps.len()), Vec::new());
            for step in steps {
                match self.encode_step(step) {
                    Ok(step) => encoded_steps.push(step),
                    Err(e) => return (encoded_steps, encoded_writes, Some(e)),
                }
            }
            for (config, mut task) in writes {
                match encode_writes(&task.writes, encodings) {
                    Ok(encoded) => task.writes = encoded,
                    Err(e) => return (encoded_steps, encoded_writes, Some(e)),
                }
                encoded_writes.push((config, task));
            }
            (encoded_steps, encoded_writes, None)
        });
        if !steps.is_empty() || !writes.is_empty() {
            self.inner.put_batch(steps, writes).await?;
        }
        refused.map_or(Ok(()), Err)
    }
}

/// Runs `f`, which encodes one save, inside the current scope's `begin_save`/`end_save`. With
/// what it made, the pins of the host texts it made: the caller holds them until the saver has
/// stored what `f` encoded.
fn one_save<T>(f: impl FnOnce() -> T) -> (T, Vec<HostPin>) {
    let Some(scope) = current_scope() else {
        return (f(), Vec::new());
    };
    scope.begin_save();
    let out = f();
    scope.end_save();
    (out, scope.take_pins())
}

/// Task writes with their values encoded (those that hold handles) for a saver that reads
/// `encodings`.
fn encode_writes(writes: &[(String, Value)], encodings: Encodings) -> Result<Vec<(String, Value)>, CheckpointError> {
    let scope = current_scope();
    writes
        .iter()
        .map(|(channel, value)| {
            let encoded = match &scope {
                Some(scope) if scope.holds_handles(value) => scope.encode_to_store(value, encodings),
                _ => Ok(value.clone()),
            };
            encoded
                .map(|v| (channel.clone(), v))
                .map_err(|e| not_storable(channel, e))
        })
        .collect()
}

#[async_trait(?Send)]
impl Checkpointer for HostSaver {
    fn encodings(&self) -> Encodings {
        self.inner.encodings()
    }

    async fn get_tuple(&self, config: &CheckpointConfig) -> Result<Option<CheckpointTuple>, CheckpointError> {
        self.inner.get_tuple(config).await
    }

    async fn list(&self, query: &ListQuery) -> Result<Vec<CheckpointTuple>, CheckpointError> {
        self.inner.list(query).await
    }

    async fn get_tuple_for_update(
        &self,
        config: &CheckpointConfig,
    ) -> Result<Option<CheckpointTuple>, CheckpointError> {
        self.inner.get_tuple_for_update(config).await
    }

    async fn put(
        &self,
        config: &CheckpointConfig,
        checkpoint: &Checkpoint,
        metadata: &CheckpointMetadata,
        new_versions: &ChannelVersions,
    ) -> Result<CheckpointConfig, CheckpointError> {
        let (encoded, _pins) = one_save(|| self.encode_checkpoint(config, checkpoint, new_versions));
        let encoded = encoded?;
        let checkpoint = encoded.as_ref().unwrap_or(checkpoint);
        self.inner.put(config, checkpoint, metadata, new_versions).await
    }

    async fn put_writes(
        &self,
        config: &CheckpointConfig,
        writes: &[(String, Value)],
        task_id: &str,
        task_path: &str,
    ) -> Result<(), CheckpointError> {
        let (encoded, _pins) = one_save(|| encode_writes(writes, self.inner.encodings()));
        self.inner.put_writes(config, &encoded?, task_id, task_path).await
    }

    async fn put_steps(&self, steps: Vec<StepSave<'_>>) -> Result<(), CheckpointError> {
        self.put_encoded(steps, Vec::new()).await
    }

    async fn put_batch(
        &self,
        steps: Vec<StepSave<'_>>,
        writes: Vec<(CheckpointConfig, TaskWrites)>,
    ) -> Result<(), CheckpointError> {
        self.put_encoded(steps, writes).await
    }

    async fn delete_thread(&self, thread_id: &str) -> Result<(), CheckpointError> {
        self.inner.delete_thread(thread_id).await
    }

    #[cfg(feature = "server")]
    async fn copy_thread(&self, from: &str, to: &str) -> Result<(), CheckpointError> {
        self.inner.copy_thread(from, to).await
    }
}
