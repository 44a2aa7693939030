//! The Pregel loop: load the thread's checkpoint, apply the run's input (or resume), then run
//! supersteps — plan tasks, stop at breakpoints, run tasks, apply their writes, save a
//! checkpoint — until no task is left, a node interrupts, a node fails, or the recursion limit
//! is hit. Follows LangGraph's `_loop.py` (see shared/reference, section 1).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use futures::FutureExt;
use serde_json::{json, Map, Value};

use super::algo::{self, Channels, PreparedTask, TaskWrites};
use super::errors::GraphError;
use super::runner;
use super::runtime::{CancelSignal, NullResume, ParentLink};
use super::stream::{StreamMode, StreamSink};
use super::types::{
    is_interrupt_id, Breakpoints, Command, Durability, Input, Interrupt, ResumeMap, RunConfig, DEFAULT_RECURSION_LIMIT,
    INTERRUPT_KEY, START,
};
use crate::checkpoint::{
    new_checkpoint_id, now_iso, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointId,
    CheckpointMetadata, CheckpointSource, Checkpointer, PendingWrite, INTERRUPT, NULL_TASK_ID, RESUME,
};
use crate::graph::{CompiledGraph, GraphSpec};

/// How a run ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    /// No task left.
    Done,
    /// Stopped at a static breakpoint before a node.
    InterruptBefore,
    /// Stopped at a static breakpoint after a node.
    InterruptAfter,
    /// A node called `interrupt()`.
    Interrupted,
}

/// What a run returns.
#[derive(Clone, Debug, PartialEq)]
pub struct RunOutcome {
    /// The state (including writes of tasks that finished in the step that paused).
    pub values: Value,
    /// The interrupts raised in this run (empty at a static breakpoint).
    pub interrupts: Vec<Interrupt>,
    pub status: RunStatus,
}

impl RunOutcome {
    /// The output LangGraph's `invoke` returns: the values, plus `__interrupt__` when paused.
    pub fn to_output(&self) -> Value {
        let mut values = self.values.clone();
        if self.status != RunStatus::Done {
            if let Value::Object(map) = &mut values {
                let list = serde_json::to_value(&self.interrupts).unwrap_or(Value::Array(Vec::new()));
                map.insert(INTERRUPT_KEY.to_string(), list);
            }
        }
        values
    }
}

/// Why a run stopped early.
pub(crate) enum Exit {
    Error(GraphError),
    /// A node of this (sub)graph returned `Command { graph: Parent }`.
    ParentCommand(Box<Command>),
}

impl From<GraphError> for Exit {
    fn from(e: GraphError) -> Self {
        Exit::Error(e)
    }
}

impl From<CheckpointError> for Exit {
    fn from(e: CheckpointError) -> Self {
        Exit::Error(GraphError::Checkpoint(e))
    }
}

/// Everything a run is given.
pub(crate) struct RunRequest {
    pub input: Input,
    pub config: RunConfig,
    pub context: Value,
    pub interrupt_before: Option<Breakpoints>,
    pub interrupt_after: Option<Breakpoints>,
    pub durability: Durability,
    pub stream: StreamSink,
    pub signal: CancelSignal,
    pub checkpointer: Option<Rc<dyn Checkpointer>>,
    /// Set when this run is a subgraph of a running task.
    pub parent: Option<ParentLink>,
}

type SaveFuture = LocalBoxFuture<'static, Result<(), CheckpointError>>;

pub(crate) struct PregelLoop {
    pub graph: Rc<GraphSpec>,
    pub saver: Option<Rc<dyn Checkpointer>>,
    pub thread_id: String,
    /// This graph's checkpoint namespace (`""` for a root graph).
    pub ns: String,
    pub config: Rc<RunConfig>,
    pub context: Rc<Value>,
    pub durability: Durability,
    pub stream: StreamSink,
    pub signal: CancelSignal,
    pub is_nested: bool,
    parent_resuming: bool,
    /// Whether tasks of the current step should continue their subgraphs' saved runs.
    pub resuming: bool,
    is_replaying: bool,
    pub checkpoint_map: BTreeMap<String, String>,
    pub resume_map: Rc<ResumeMap>,
    pub null_resume: NullResume,
    run_metadata: serde_json::Map<String, Value>,
    interrupt_before: Breakpoints,
    interrupt_after: Breakpoints,

    pub checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    /// The id of the checkpoint last handed to the saver (the parent of the next one).
    saved_id: Option<CheckpointId>,
    prev_saved_id: Option<CheckpointId>,
    saved_versions: ChannelVersions,
    pending_save: Option<SaveFuture>,
    pub pending_writes: Vec<PendingWrite>,
    pub channels: Channels,
    pub step: i64,
    stop: i64,
    updated_channels: Option<BTreeSet<String>>,
    pub tasks: Vec<PreparedTask>,
}

enum Tick {
    Run,
    Done,
    InterruptBefore,
}

/// Runs `graph` as `request` says.
pub(crate) async fn run(graph: &CompiledGraph, request: RunRequest) -> Result<RunOutcome, Exit> {
    let input = request.input.clone();
    let mut lp = PregelLoop::load(graph, request).await?;
    let result = lp.run_steps(input).await;
    lp.exit(result).await
}

impl PregelLoop {
    async fn load(graph: &CompiledGraph, req: RunRequest) -> Result<Self, Exit> {
        let spec = graph.spec.clone();
        let is_nested = req.parent.is_some();
        let saver = spec
            .checkpointer
            .clone()
            .or(req.checkpointer)
            .or_else(|| req.parent.as_ref().and_then(|p| p.checkpointer.clone()));
        let thread_id = req.config.thread_id.clone().unwrap_or_default();
        if saver.is_some() && req.config.thread_id.is_none() {
            return Err(GraphError::InvalidConfig(
                "A graph with a checkpointer needs `thread_id` in its config".into(),
            )
            .into());
        }
        let ns = req.config.checkpoint_ns.clone();
        let explicit_id = if is_nested {
            None
        } else {
            req.config.checkpoint_id.clone()
        };
        let saved = match &saver {
            Some(saver) => {
                let cfg = CheckpointConfig::new(thread_id.clone())
                    .with_ns(ns.clone())
                    .with_id(explicit_id.clone());
                let saved = saver.get_tuple(&cfg).await?;
                if saved.is_none() {
                    if let Some(id) = &explicit_id {
                        return Err(CheckpointError::NotFound(format!("checkpoint {id} of thread {thread_id}")).into());
                    }
                }
                saved
            }
            None => None,
        };
        let (checkpoint, metadata, pending_writes, saved_id, prev_saved_id) = match saved {
            Some(t) => (
                t.checkpoint,
                t.metadata,
                t.pending_writes,
                t.config.checkpoint_id,
                t.parent_config.and_then(|p| p.checkpoint_id),
            ),
            None => (
                Checkpoint::empty(),
                CheckpointMetadata {
                    source: CheckpointSource::Input,
                    step: -2,
                    parents: BTreeMap::new(),
                    extra: Map::new(),
                },
                Vec::new(),
                None,
                None,
            ),
        };
        let channels = algo::channels_from_checkpoint(&spec, &checkpoint)?;
        let step = metadata.step + 1;
        let limit = req.config.recursion_limit.unwrap_or(DEFAULT_RECURSION_LIMIT) as i64;
        let mut run_metadata = req.config.metadata.clone();
        if let Some(run_id) = &req.config.run_id {
            run_metadata.insert("run_id".into(), Value::String(run_id.clone()));
        }
        let (checkpoint_map, resume_map, null_resume, parent_resuming) = match &req.parent {
            Some(p) => (
                p.checkpoint_map.clone(),
                p.resume_map.clone(),
                p.null_resume.clone(),
                p.resuming,
            ),
            None => (BTreeMap::new(), Rc::new(ResumeMap::new()), NullResume::default(), false),
        };
        let pick = |given: Option<Breakpoints>, compiled: &Breakpoints| match given {
            Some(b) if !b.is_empty() => b,
            _ => compiled.clone(),
        };
        Ok(PregelLoop {
            interrupt_before: pick(req.interrupt_before, &spec.interrupt_before),
            interrupt_after: pick(req.interrupt_after, &spec.interrupt_after),
            graph: spec,
            saver,
            thread_id,
            ns,
            is_replaying: explicit_id.is_some(),
            config: Rc::new(req.config),
            context: Rc::new(req.context),
            durability: req.durability,
            stream: req.stream,
            signal: req.signal,
            is_nested,
            parent_resuming,
            resuming: false,
            checkpoint_map,
            resume_map,
            null_resume,
            run_metadata,
            saved_versions: checkpoint.channel_versions.clone(),
            checkpoint,
            metadata,
            saved_id,
            prev_saved_id,
            pending_save: None,
            pending_writes,
            channels,
            step,
            stop: step + limit + 1,
            updated_channels: None,
            tasks: Vec::new(),
        })
    }

    async fn run_steps(&mut self, input: Input) -> Result<RunStatus, Exit> {
        self.first(input).await?;
        loop {
            match self.tick()? {
                Tick::Done => return Ok(RunStatus::Done),
                Tick::InterruptBefore => return Ok(RunStatus::InterruptBefore),
                Tick::Run => {}
            }
            let step = runner::run_step(self).await?;
            if step.interrupted {
                return Ok(RunStatus::Interrupted);
            }
            self.after_tick().await?;
            if algo::should_interrupt(&self.checkpoint, &self.interrupt_after, &self.tasks) {
                return Ok(RunStatus::InterruptAfter);
            }
        }
    }

    /// Applies the input: new values start a new run from START; `Resume` or a `Command`
    /// continue from the checkpoint.
    async fn first(&mut self, input: Input) -> Result<(), Exit> {
        let has_state = !self.checkpoint.channel_versions.is_empty();
        let resume_requested = matches!(&input, Input::Command(c) if c.resume.is_some());
        let is_resuming = has_state
            && if self.is_nested {
                self.parent_resuming
            } else {
                matches!(input, Input::Resume | Input::Command(_))
            };
        let time_travel = self.is_replaying && !resume_requested;
        self.is_replaying = time_travel;
        if time_travel {
            self.pending_writes.retain(|w| w.channel != RESUME);
        }

        if let Input::Command(cmd) = &input {
            self.accept_command(cmd, has_state).await?;
        }
        let null_writes: Vec<(String, Value)> = self
            .pending_writes
            .iter()
            .filter(|w| w.task_id == NULL_TASK_ID && !algo::is_special(&w.channel))
            .map(|w| (w.channel.clone(), w.value.clone()))
            .collect();
        if !null_writes.is_empty() {
            let writes = vec![TaskWrites {
                name: "__input__".into(),
                path_key: String::new(),
                triggers: Vec::new(),
                writes: null_writes,
            }];
            let updated = algo::apply_writes(
                &mut self.checkpoint,
                &mut self.channels,
                writes,
                &self.graph.trigger_to_nodes,
            )?;
            // `None` means "unknown: consider every node"; narrowing it to the command's channels
            // would drop the tasks that were already pending.
            if let Some(known) = self.updated_channels.as_mut() {
                known.extend(updated);
            }
        }

        if is_resuming {
            let seen = self.checkpoint.channel_versions.clone();
            self.checkpoint.versions_seen.insert(INTERRUPT.to_string(), seen);
            if time_travel && !matches!(self.metadata.source, CheckpointSource::Update | CheckpointSource::Fork) {
                self.pending_writes.retain(|w| w.channel != INTERRUPT);
                self.put_checkpoint(CheckpointSource::Fork).await?;
            }
            self.resuming = true;
            self.emit_values();
        } else if let Input::Values(values) = input {
            if !values.is_object() {
                return Err(GraphError::InvalidUpdate(format!("Expected an object as input, got {values}")).into());
            }
            let discarded: Vec<TaskWrites> =
                algo::prepare_next_tasks(&self.graph, &self.checkpoint, &self.channels, &self.ns, self.step, None)
                    .iter()
                    .map(|t| TaskWrites {
                        writes: Vec::new(),
                        ..TaskWrites::from(t)
                    })
                    .collect();
            let mut writes = discarded;
            writes.push(TaskWrites {
                name: "__input__".into(),
                path_key: String::new(),
                triggers: Vec::new(),
                writes: vec![(START.to_string(), values)],
            });
            let updated = algo::apply_writes(
                &mut self.checkpoint,
                &mut self.channels,
                writes,
                &self.graph.trigger_to_nodes,
            )?;
            self.updated_channels = Some(updated);
            self.pending_writes.clear();
            self.put_checkpoint(CheckpointSource::Input).await?;
        } else if matches!(input, Input::Command(_)) && !has_state {
            // A command on a thread that never ran: its update/goto is the input.
            self.pending_writes.clear();
            self.put_checkpoint(CheckpointSource::Input).await?;
        } else if !has_state {
            return Err(GraphError::EmptyInput(
                "Received no input for __start__: this thread has no checkpoint to resume".into(),
            )
            .into());
        }
        Ok(())
    }

    /// Checks a `Command`'s resume against the pending interrupts, and records its update/goto
    /// as writes of the null task (saved against the current checkpoint).
    async fn accept_command(&mut self, cmd: &Command, has_state: bool) -> Result<(), Exit> {
        if let Some(resume) = &cmd.resume {
            if self.saver.is_none() {
                return Err(
                    GraphError::NoCheckpointer("Cannot resume an interrupt without a checkpointer".into()).into(),
                );
            }
            let pending = self.pending_interrupts();
            let map = match resume {
                Value::Object(m) if !m.is_empty() && m.keys().all(|k| is_interrupt_id(k)) => Some(m),
                _ => None,
            };
            if pending.is_empty() {
                return Err(GraphError::NothingToResume(
                    "There is no pending interrupt to resume on this thread (was it already answered?)".into(),
                )
                .into());
            }
            match map {
                Some(m) => {
                    for id in m.keys() {
                        if !pending.iter().any(|i| i.id == *id) {
                            return Err(GraphError::AmbiguousResume(format!("No pending interrupt has id {id}")).into());
                        }
                    }
                    self.resume_map = Rc::new(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
                }
                None => {
                    let ids: BTreeSet<&str> = pending.iter().map(|i| i.id.as_str()).collect();
                    if ids.len() > 1 {
                        return Err(GraphError::AmbiguousResume(format!(
                            "When there are multiple pending interrupts, you must specify the interrupt id when resuming: resume with {{<interrupt id>: value, …}} (pending: {})",
                            ids.into_iter().collect::<Vec<_>>().join(", ")
                        ))
                        .into());
                    }
                    *self.null_resume.borrow_mut() = Some(resume.clone());
                }
            }
        }
        let mut writes = Vec::new();
        if let Some(update) = &cmd.update {
            writes = super::task::update_writes(&self.graph, "__input__", update.clone(), false)
                .map_err(node_error_to_graph)?;
        }
        writes
            .extend(super::task::goto_writes(&self.graph, "__input__", cmd.goto.clone()).map_err(node_error_to_graph)?);
        if writes.is_empty() && cmd.resume.is_none() {
            return Err(GraphError::EmptyInput(
                "Received an empty Command: give it an update, a goto or a resume".into(),
            )
            .into());
        }
        if writes.is_empty() {
            return Ok(());
        }
        let mut all: Vec<(String, Value)> = self
            .pending_writes
            .iter()
            .filter(|w| w.task_id == NULL_TASK_ID && !algo::is_special(&w.channel))
            .map(|w| (w.channel.clone(), w.value.clone()))
            .collect();
        all.extend(writes.iter().cloned());
        self.pending_writes
            .extend(writes.into_iter().map(|(channel, value)| PendingWrite {
                task_id: NULL_TASK_ID.into(),
                channel,
                value,
            }));
        if has_state && self.durability != Durability::Exit {
            if let Some(saver) = &self.saver {
                saver.put_writes(&self.current_config(), &all, NULL_TASK_ID, "").await?;
            }
        }
        Ok(())
    }

    /// The interrupts of tasks of the current checkpoint that have not finished.
    pub(crate) fn pending_interrupts(&self) -> Vec<Interrupt> {
        pending_interrupts(&self.pending_writes)
    }

    fn tick(&mut self) -> Result<Tick, Exit> {
        if self.step > self.stop {
            let limit = self.config.recursion_limit.unwrap_or(DEFAULT_RECURSION_LIMIT);
            return Err(GraphError::Recursion(limit).into());
        }
        self.tasks = algo::prepare_next_tasks(
            &self.graph,
            &self.checkpoint,
            &self.channels,
            &self.ns,
            self.step,
            self.updated_channels.as_ref(),
        );
        self.emit_checkpoint();
        if self.tasks.is_empty() {
            return Ok(Tick::Done);
        }
        if !self.is_replaying && !self.pending_writes.is_empty() {
            for task in self.tasks.iter_mut() {
                task.writes = self
                    .pending_writes
                    .iter()
                    .filter(|w| {
                        w.task_id == task.id
                            && !matches!(w.channel.as_str(), crate::checkpoint::ERROR | INTERRUPT | RESUME)
                    })
                    .map(|w| (w.channel.clone(), w.value.clone()))
                    .collect();
            }
        }
        if algo::should_interrupt(&self.checkpoint, &self.interrupt_before, &self.tasks) {
            return Ok(Tick::InterruptBefore);
        }
        runner::emit_task_starts(self);
        for task in self.tasks.iter().filter(|t| t.finished()) {
            runner::emit_updates(self, task, true);
        }
        Ok(Tick::Run)
    }

    async fn after_tick(&mut self) -> Result<(), Exit> {
        let writes: Vec<TaskWrites> = self.tasks.iter().map(TaskWrites::from).collect();
        let updated = algo::apply_writes(
            &mut self.checkpoint,
            &mut self.channels,
            writes,
            &self.graph.trigger_to_nodes,
        )?;
        let state_changed = updated.iter().any(|c| self.graph.state_keys.contains(c));
        self.updated_channels = Some(updated);
        if state_changed {
            self.emit_values();
        }
        self.pending_writes.clear();
        self.is_replaying = false;
        self.put_checkpoint(CheckpointSource::Loop).await?;
        self.resuming = false;
        Ok(())
    }

    /// Makes a new checkpoint of the channels at the current step, saves it (unless durability
    /// is `exit`) and moves to the next step.
    pub(crate) async fn put_checkpoint(&mut self, source: CheckpointSource) -> Result<(), Exit> {
        self.metadata = CheckpointMetadata {
            source,
            step: self.step,
            parents: self.checkpoint_map.clone(),
            extra: self.run_metadata.clone(),
        };
        self.checkpoint = snapshot(
            &self.checkpoint,
            &self.channels,
            self.step,
            self.updated_channels.as_ref(),
        );
        if self.saver.is_some() && self.durability != Durability::Exit {
            self.save_checkpoint().await?;
        }
        self.step += 1;
        Ok(())
    }

    async fn save_checkpoint(&mut self) -> Result<(), Exit> {
        let Some(saver) = self.saver.clone() else { return Ok(()) };
        let versions = &self.checkpoint.channel_versions;
        let new_versions: ChannelVersions = versions
            .iter()
            .filter(|(c, v)| self.saved_versions.get(*c) != Some(v))
            .map(|(c, v)| (c.clone(), *v))
            .collect();
        self.saved_versions = versions.clone();
        let parent = CheckpointConfig::new(self.thread_id.clone())
            .with_ns(self.ns.clone())
            .with_id(self.saved_id.clone());
        self.prev_saved_id = self.saved_id.replace(self.checkpoint.id.clone());
        match self.durability {
            Durability::Async => {
                let previous = self.pending_save.take();
                let (checkpoint, metadata) = (self.checkpoint.clone(), self.metadata.clone());
                let fut = async move {
                    if let Some(prev) = previous {
                        prev.await?;
                    }
                    saver
                        .put(&parent, &checkpoint, &metadata, &new_versions)
                        .await
                        .map(|_| ())
                };
                self.pending_save = Some(fut.boxed_local());
            }
            Durability::Sync | Durability::Exit => {
                saver
                    .put(&parent, &self.checkpoint, &self.metadata, &new_versions)
                    .await?;
            }
        }
        Ok(())
    }

    /// A save started in `async` durability that has not finished yet, to run beside the tasks.
    pub(crate) fn take_pending_save(&mut self) -> Option<SaveFuture> {
        self.pending_save.take()
    }

    /// Names the current checkpoint (what pending writes are saved against).
    pub(crate) fn current_config(&self) -> CheckpointConfig {
        CheckpointConfig::new(self.thread_id.clone())
            .with_ns(self.ns.clone())
            .with_id(Some(self.checkpoint.id.clone()))
    }

    /// Persists what `exit` durability held back, finishes pending saves, and builds the
    /// outcome (or the error).
    async fn exit(mut self, result: Result<RunStatus, Exit>) -> Result<RunOutcome, Exit> {
        let failed_hard = matches!(result, Err(Exit::Error(GraphError::Checkpoint(_))));
        if self.durability == Durability::Exit && self.saver.is_some() && !failed_hard {
            if self.saved_id.as_ref() != Some(&self.checkpoint.id) {
                self.save_checkpoint().await?;
            }
            self.save_pending_writes().await?;
        }
        if let Some(save) = self.pending_save.take() {
            save.await?;
        }
        let status = result?;
        let interrupts: Vec<Interrupt> = match status {
            RunStatus::Interrupted => self
                .tasks
                .iter()
                .flat_map(|t| t.writes.iter().filter(|(c, _)| c == INTERRUPT))
                .flat_map(|(_, v)| serde_json::from_value::<Vec<Interrupt>>(v.clone()).unwrap_or_default())
                .collect(),
            _ => Vec::new(),
        };
        if status != RunStatus::Done && !self.is_nested {
            // Show the writes of tasks that finished before the pause, as LangGraph does. They
            // are still pending only when the pause came before `after_tick` applied them.
            if !self.pending_writes.is_empty() && self.tasks.iter().any(|t| t.finished()) {
                let writes: Vec<TaskWrites> = self.tasks.iter().map(TaskWrites::from).collect();
                let updated = algo::apply_writes(
                    &mut self.checkpoint,
                    &mut self.channels,
                    writes,
                    &self.graph.trigger_to_nodes,
                )?;
                if updated.iter().any(|c| self.graph.state_keys.contains(c)) {
                    self.emit_values();
                }
            }
            if status != RunStatus::Interrupted {
                self.stream
                    .emit(StreamMode::Updates, &self.ns, json!({ INTERRUPT_KEY: [] }));
            }
        }
        Ok(RunOutcome {
            values: algo::output_values(&self.graph, &self.channels),
            interrupts,
            status,
        })
    }

    async fn save_pending_writes(&mut self) -> Result<(), Exit> {
        let Some(saver) = self.saver.clone() else { return Ok(()) };
        let config = self.current_config();
        let mut by_task: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
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

    pub(crate) fn emit_values(&self) {
        if self.stream.wants(StreamMode::Values, &self.ns) {
            self.stream.emit(
                StreamMode::Values,
                &self.ns,
                algo::output_values(&self.graph, &self.channels),
            );
        }
    }

    fn emit_checkpoint(&self) {
        let wants_debug = self.stream.wants(StreamMode::Debug, &self.ns);
        if self.saver.is_none() || !(self.stream.wants(StreamMode::Checkpoints, &self.ns) || wants_debug) {
            return;
        }
        let config = |id: &Option<CheckpointId>| match id {
            Some(id) => {
                json!({"configurable": {"thread_id": self.thread_id, "checkpoint_ns": self.ns, "checkpoint_id": id}})
            }
            None => Value::Null,
        };
        let payload = json!({
            "config": config(&Some(self.checkpoint.id.clone())),
            "parent_config": config(&self.prev_saved_id),
            "values": algo::output_values(&self.graph, &self.channels),
            "metadata": self.metadata.to_value(),
            "next": self.tasks.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
            "tasks": self.tasks.iter().map(|t| json!({"id": t.id, "name": t.name, "interrupts": [], "state": null})).collect::<Vec<_>>(),
        });
        if wants_debug {
            self.stream.emit(
                StreamMode::Debug,
                &self.ns,
                json!({"step": self.step - 1, "timestamp": now_iso(), "type": "checkpoint", "payload": payload}),
            );
        }
        self.stream.emit(StreamMode::Checkpoints, &self.ns, payload);
    }
}

/// The interrupts of tasks that have an interrupt write and have not finished since.
pub(crate) fn pending_interrupts(writes: &[PendingWrite]) -> Vec<Interrupt> {
    let finished: BTreeSet<&str> = writes
        .iter()
        .filter(|w| !algo::is_special(&w.channel) || w.channel == crate::checkpoint::NO_WRITES)
        .map(|w| w.task_id.as_str())
        .collect();
    writes
        .iter()
        .filter(|w| w.channel == INTERRUPT && !finished.contains(w.task_id.as_str()))
        .flat_map(|w| serde_json::from_value::<Vec<Interrupt>>(w.value.clone()).unwrap_or_default())
        .collect()
}

/// A new checkpoint holding the channels' current values and versions.
pub(crate) fn snapshot(
    previous: &Checkpoint,
    channels: &Channels,
    step: i64,
    updated: Option<&BTreeSet<String>>,
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

fn node_error_to_graph(e: super::types::NodeError) -> Exit {
    match e {
        super::types::NodeError::Failed(f) if f.name == "InvalidUpdateError" => {
            GraphError::InvalidUpdate(f.message).into()
        }
        other => GraphError::InvalidUpdate(other.to_string()).into(),
    }
}
