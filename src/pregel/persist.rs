//! Persistence of a run: making a checkpoint from the channels, handing it to the saver as
//! durability says (`sync`: before the next step; `async`: while the next steps run; `exit`:
//! only when the run ends), and the pending writes held back under `exit`. A step's checkpoint
//! goes to the saver with the writes of its last task (`runner`), and a run's input checkpoint
//! with its `__start__` step when that runs no user code: one `put_steps` each.
//!
//! Under `async`, saves go through a [`SaveQueue`]: one flusher beside the run hands the saver
//! everything queued since its last batch (`put_batch`), so the steps that finish while a
//! commit is under way share the next one (group commit), and a run whose nodes never wait
//! saves once. The run's result comes after the last batch is saved.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Poll, Waker};

use serde_json::Value;

use super::algo::Channels;
use super::run::{Exit, PregelLoop};
use super::types::{Durability, START};
use crate::checkpoint::{
    new_checkpoint_id, now_iso, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointMetadata,
    CheckpointSource, Checkpointer, StepSave, TaskWrites,
};
use crate::graph::{PregelNode, Writer};
use crate::sorted::{SortedMap, SortedSet};

/// Whether running `node` calls user code: its action, or a conditional edge's path.
fn runs_user_code(node: &PregelNode) -> bool {
    node.action.is_some() || node.writers.iter().any(|w| matches!(w, Writer::Branch(_)))
}

/// What a run under `async` durability has handed over and its saver has not taken yet.
#[derive(Default)]
pub(crate) struct SaveQueue(RefCell<Queued>);

#[derive(Default)]
struct Queued {
    steps: Vec<StepSave<'static>>,
    /// Task writes saved on their own (an interrupt's, a task's that finished while a sibling
    /// ran), in order, each against the checkpoint that was current when it came.
    writes: Vec<(CheckpointConfig, TaskWrites)>,
    /// No more saves come: the flusher stops once it has saved what is queued.
    closed: bool,
    /// Why a batch failed: the run stops at its next save and fails with it.
    failed: Option<CheckpointError>,
    /// The flusher, waiting for something to save.
    waker: Option<Waker>,
}

impl SaveQueue {
    fn push(
        &self,
        steps: Vec<StepSave<'static>>,
        writes: Option<(CheckpointConfig, TaskWrites)>,
    ) -> Result<(), CheckpointError> {
        let mut queued = self.0.borrow_mut();
        if let Some(e) = &queued.failed {
            return Err(e.clone());
        }
        queued.steps.extend(steps);
        queued.writes.extend(writes);
        if let Some(waker) = queued.waker.take() {
            waker.wake();
        }
        Ok(())
    }

    pub(crate) fn close(&self) {
        let mut queued = self.0.borrow_mut();
        queued.closed = true;
        if let Some(waker) = queued.waker.take() {
            waker.wake();
        }
    }

    /// Why a batch failed, if one did.
    pub(crate) fn failure(&self) -> Option<CheckpointError> {
        self.0.borrow().failed.clone()
    }

    /// Saves what is queued, batch after batch, until the queue is closed and empty or a batch
    /// fails. Each batch's writes go with the step that follows the checkpoint they belong to
    /// when that step is in the batch (as the writes of a step's tasks do), else after its
    /// steps.
    pub(crate) async fn flush(&self, saver: Rc<dyn Checkpointer>) {
        loop {
            let batch = futures::future::poll_fn(|cx| {
                let mut queued = self.0.borrow_mut();
                if !queued.steps.is_empty() || !queued.writes.is_empty() {
                    return Poll::Ready(Some((
                        std::mem::take(&mut queued.steps),
                        std::mem::take(&mut queued.writes),
                    )));
                }
                if queued.closed {
                    return Poll::Ready(None);
                }
                queued.waker = Some(cx.waker().clone());
                Poll::Pending
            })
            .await;
            let Some((mut steps, writes)) = batch else { return };
            let mut after = Vec::new();
            for (config, task) in writes {
                match steps.iter_mut().find(|s| s.config == config) {
                    Some(step) => step.writes.push(task),
                    None => after.push((config, task)),
                }
            }
            if let Err(e) = saver.put_batch(steps, after).await {
                self.0.borrow_mut().failed = Some(e);
                return;
            }
        }
    }
}

impl PregelLoop {
    /// Makes a new checkpoint of the channels at the current step, saves it (unless durability
    /// is `exit`) and moves to the next step.
    pub(crate) async fn put_checkpoint(&mut self, source: CheckpointSource) -> Result<(), Exit> {
        self.make_checkpoint(source, false).await
    }

    /// [`put_checkpoint`](Self::put_checkpoint) for a run's input: when the `__start__` step
    /// that follows runs no user code (no conditional edge from START), the input checkpoint is
    /// held and saved together with that step's, in one save. Nothing runs in between but
    /// `__start__` passing the input on, so a crash loses nothing it would otherwise have kept.
    pub(crate) async fn put_input_checkpoint(&mut self) -> Result<(), Exit> {
        let start_is_plain = self.graph.nodes.get(START).is_some_and(|node| !runs_user_code(node));
        self.make_checkpoint(CheckpointSource::Input, start_is_plain).await
    }

    async fn make_checkpoint(&mut self, source: CheckpointSource, hold: bool) -> Result<(), Exit> {
        self.metadata = CheckpointMetadata {
            source,
            step: self.step,
            parents: self.checkpoint_map.clone(),
            extra: self.run_metadata.clone(),
        };
        // The loop's checkpoint is updated in place: versions are already current (apply_writes
        // bumps them), and channel values are refreshed when it is saved. Rebuilding it each
        // step would cost O(nodes + channels) per step whether anything is saved or not.
        self.checkpoint.id = new_checkpoint_id(self.step);
        self.made_checkpoint = true;
        self.checkpoint.ts = now_iso();
        self.checkpoint.updated_channels = self.updated_channels.as_ref().map(|u| u.iter().cloned().collect());
        if self.saver.is_some() && self.durability != Durability::Exit {
            self.save_checkpoint(hold).await?;
        }
        self.step += 1;
        Ok(())
    }

    /// Hands the loop's checkpoint to the saver, with the writes of the step's last task that
    /// waited for it and a held earlier checkpoint (`hold`: keep this one to go with the next).
    pub(super) async fn save_checkpoint(&mut self, hold: bool) -> Result<(), Exit> {
        let Some(saver) = self.saver.clone() else { return Ok(()) };
        // Only the channels that changed since the last save need their values refreshed.
        let new_versions: ChannelVersions = self
            .channels
            .take_changed()
            .into_iter()
            .filter_map(|c| self.checkpoint.channel_versions.get(&c).map(|v| (c, *v)))
            .collect();
        for name in new_versions.keys() {
            match self.channels.get(name).and_then(|c| c.checkpoint()) {
                Some(value) => self.checkpoint.channel_values.insert(name.clone(), value),
                None => self.checkpoint.channel_values.remove(name),
            };
        }
        let parent = CheckpointConfig::new(self.thread_id.clone())
            .with_ns(self.ns.clone())
            .with_id(self.saved_id.clone());
        self.prev_saved_id = self.saved_id.replace(self.checkpoint.id.clone());
        // The last task's writes go with the checkpoint when they belong to its parent (always,
        // unless durability `exit` skipped saves; then they are saved first, on their own).
        let writes = match self.deferred_writes.take() {
            Some((config, writes)) if config == parent => vec![writes],
            Some((config, writes)) => {
                saver
                    .put_writes(&config, &writes.writes, &writes.task_id, &writes.task_path)
                    .await?;
                Vec::new()
            }
            None => Vec::new(),
        };
        let step = StepSave {
            config: parent,
            checkpoint: Cow::Borrowed(&self.checkpoint),
            metadata: Cow::Borrowed(&self.metadata),
            new_versions,
            writes,
        };
        if hold {
            self.held_save = Some(step.into_owned());
            return Ok(());
        }
        let mut steps: Vec<StepSave> = self.held_save.take().into_iter().collect();
        steps.push(step);
        Ok(self.save_steps(saver.as_ref(), steps).await?)
    }

    /// Saves a held checkpoint now: before a step that runs user code, or when the run ends
    /// without another save.
    pub(super) async fn save_held_checkpoint(&mut self) -> Result<(), Exit> {
        let (Some(saver), Some(held)) = (self.saver.clone(), self.held_save.take()) else {
            return Ok(());
        };
        Ok(self.save_steps(saver.as_ref(), vec![held]).await?)
    }

    /// Hands `steps` to `saver` (under `async`: queues them for the flusher).
    async fn save_steps(&self, saver: &dyn Checkpointer, steps: Vec<StepSave<'_>>) -> Result<(), CheckpointError> {
        match &self.save_queue {
            Some(queue) => queue.push(steps.into_iter().map(StepSave::into_owned).collect(), None),
            None => saver.put_steps(steps).await,
        }
    }

    /// Saves one task's writes against `config` (under `async`: queues a copy of them; under
    /// `sync` they go to the saver as they are).
    pub(crate) async fn save_writes(
        &self,
        config: CheckpointConfig,
        task_id: &str,
        task_path: &str,
        writes: &[(String, Value)],
    ) -> Result<(), CheckpointError> {
        let Some(saver) = &self.saver else { return Ok(()) };
        match &self.save_queue {
            Some(queue) => {
                let task = TaskWrites {
                    task_id: task_id.to_string(),
                    task_path: task_path.to_string(),
                    writes: writes.to_vec(),
                };
                queue.push(Vec::new(), Some((config, task)))
            }
            None => saver.put_writes(&config, writes, task_id, task_path).await,
        }
    }

    /// Whether a task of the current step runs user code (a node, or a conditional edge).
    pub(super) fn step_runs_user_code(&self) -> bool {
        self.tasks
            .iter()
            .filter(|t| !t.finished())
            .any(|t| self.graph.nodes.get(&t.name).is_none_or(runs_user_code))
    }

    /// Saves the last task's writes if the step ended without the checkpoint they were
    /// waiting for.
    pub(super) async fn save_deferred_writes(&mut self) -> Result<(), Exit> {
        let Some((config, task)) = self.deferred_writes.take() else {
            return Ok(());
        };
        Ok(self
            .save_writes(config, &task.task_id, &task.task_path, &task.writes)
            .await?)
    }

    /// Names the current checkpoint (what pending writes are saved against).
    pub(crate) fn current_config(&self) -> CheckpointConfig {
        CheckpointConfig::new(self.thread_id.clone())
            .with_ns(self.ns.clone())
            .with_id(Some(self.checkpoint.id.clone()))
    }

    pub(super) async fn save_pending_writes(&mut self) -> Result<(), Exit> {
        let Some(saver) = self.saver.clone() else { return Ok(()) };
        let config = self.current_config();
        let mut by_task: SortedMap<String, Vec<(String, Value)>> = SortedMap::new();
        for w in &self.pending_writes {
            by_task
                .entry(w.task_id.clone())
                .or_default()
                .push((w.channel.clone(), w.value.clone()));
        }
        for task in &self.tasks {
            if !task.writes.is_empty() {
                by_task.insert(task.id.clone(), task.writes.clone());
            }
        }
        for (task_id, writes) in by_task {
            saver.put_writes(&config, &writes, &task_id, "").await?;
        }
        Ok(())
    }
}

/// A new checkpoint holding the channels' current values and versions.
pub(crate) fn snapshot(
    previous: &Checkpoint,
    channels: &Channels,
    step: i64,
    updated: Option<&SortedSet<String>>,
) -> Checkpoint {
    let channel_values = channels
        .iter()
        .filter_map(|(name, c)| c.checkpoint().map(|v| (name.clone(), v)))
        .collect();
    Checkpoint {
        v: previous.v,
        id: new_checkpoint_id(step),
        ts: now_iso(),
        channel_values,
        channel_versions: previous.channel_versions.clone(),
        versions_seen: previous.versions_seen.clone(),
        updated_channels: updated.map(|u| u.iter().cloned().collect()),
    }
}
