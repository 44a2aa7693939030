//! The Pregel loop: load the thread's checkpoint, apply the run's input (or resume), then run
//! supersteps — plan tasks, stop at breakpoints, run tasks, apply their writes, save a
//! checkpoint — until no task is left, a node interrupts, a node fails, or the recursion limit
//! is hit. Follows LangGraph's `_loop.py` (see shared/reference, section 1).

use std::cell::Cell;
use std::rc::Rc;

use serde_json::{json, Map, Value};

use super::algo::{self, Channels, PreparedTask, TaskWrites};
use super::errors::GraphError;
use super::input::interrupts_in;
use super::persist::SaveQueue;
use super::runner;
use super::runtime::{CancelSignal, Host, NullResume, ParentLink, ParentTask};
use super::stream::{StreamMode, StreamSink};
use super::types::{
    Breakpoints, Command, Durability, Input, Interrupt, ResumeMap, RunConfig, State, DEFAULT_RECURSION_LIMIT,
    INTERRUPT_KEY,
};
use crate::checkpoint::{
    now_iso, Checkpoint, CheckpointConfig, CheckpointError, CheckpointId, CheckpointMetadata, CheckpointSource,
    Checkpointer, PendingWrite, StepSave, TaskWrites as SavedTaskWrites, INTERRUPT, RESUME,
};
use crate::graph::{CompiledGraph, GraphSpec};
use crate::sorted::{SortedMap, SortedSet};

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
    /// Whether the run made a `values` chunk of the state (some step changed it).
    pub values_emitted: bool,
}

impl RunOutcome {
    /// The output LangGraph's `invoke` returns: the values, plus `__interrupt__` when paused.
    pub fn to_output(&self) -> Value {
        self.with_interrupts(self.values.clone())
    }

    /// What LangGraph.js's `invoke` returns: its last `values` chunk with `__interrupt__` when
    /// paused, as [`Self::to_output`]; for a run that changed no state, the interrupts alone, or
    /// nothing (`undefined`) when it did not pause either.
    pub fn invoke_output(&self) -> Option<Value> {
        if self.values_emitted {
            Some(self.to_output())
        } else if self.status != RunStatus::Done {
            Some(self.with_interrupts(Value::Null))
        } else {
            None
        }
    }

    /// `values` with the run's interrupts under `__interrupt__` when it paused; a value that is
    /// not an object (a root graph's output, or none) gives the interrupts alone.
    fn with_interrupts(&self, mut values: Value) -> Value {
        if self.status != RunStatus::Done {
            let list = serde_json::to_value(&self.interrupts).unwrap_or(Value::Array(Vec::new()));
            match &mut values {
                Value::Object(map) => {
                    map.insert(INTERRUPT_KEY.to_string(), list);
                }
                _ => values = serde_json::json!({ INTERRUPT_KEY: list }),
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
        match e {
            // The state holds a value its saver cannot store: the update was bad, not the store.
            CheckpointError::NotSerializable { message, node: None } => {
                Exit::Error(GraphError::InvalidUpdate(format!("The state holds {message}")))
            }
            CheckpointError::NotSerializable {
                message,
                node: Some(node),
            } => Exit::Error(GraphError::InvalidUpdate(format!("Node '{node}' wrote {message}"))),
            other => Exit::Error(GraphError::Checkpoint(other)),
        }
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
    pub host: Option<Host>,
}

pub(crate) struct PregelLoop {
    pub(super) graph: Rc<GraphSpec>,
    pub(super) saver: Option<Rc<dyn Checkpointer>>,
    pub(super) thread_id: String,
    /// This graph's checkpoint namespace (`""` for a root graph).
    pub(super) ns: String,
    pub(super) config: Rc<RunConfig>,
    pub(super) context: Rc<Value>,
    pub(super) durability: Durability,
    pub(super) stream: StreamSink,
    pub(super) signal: CancelSignal,
    pub(super) is_nested: bool,
    /// For a subgraph's run: the parent graph's task that runs it.
    pub(super) parent_task: Option<ParentTask>,
    pub(super) parent_resuming: bool,
    /// Whether tasks of the current step should continue their subgraphs' saved runs.
    pub(super) resuming: bool,
    pub(super) is_replaying: bool,
    pub(super) checkpoint_map: SortedMap<String, String>,
    pub(super) resume_map: Rc<ResumeMap>,
    pub(super) null_resume: NullResume,
    pub(super) run_metadata: serde_json::Map<String, Value>,
    pub(super) interrupt_before: Breakpoints,
    pub(super) interrupt_after: Breakpoints,

    pub(super) checkpoint: Checkpoint,
    pub(super) metadata: CheckpointMetadata,
    /// The id of the checkpoint last handed to the saver (the parent of the next one).
    pub(super) saved_id: Option<CheckpointId>,
    pub(super) prev_saved_id: Option<CheckpointId>,
    /// Whether this run made a checkpoint yet (until then it is at the one it loaded).
    pub(super) made_checkpoint: bool,
    /// Under `async` durability: where saves go, for the flusher beside the run (`persist`).
    pub(super) save_queue: Option<Rc<SaveQueue>>,
    /// The writes of the current step's last task (and the checkpoint they belong to), saved
    /// with the step's checkpoint (see `runner`).
    pub(super) deferred_writes: Option<(CheckpointConfig, SavedTaskWrites)>,
    /// The input checkpoint, held to be saved with the `__start__` step (see `persist`).
    pub(super) held_save: Option<StepSave<'static>>,
    /// Writes saved against the current checkpoint when the run loaded it (the tasks of this
    /// step keep their own writes in `PreparedTask::writes`).
    pub(super) pending_writes: Vec<PendingWrite>,
    /// Whether tasks of this step finished with writes that are not applied yet.
    pub(super) unapplied_writes: bool,
    pub(super) channels: Channels,
    pub(super) step: i64,
    pub(super) stop: i64,
    pub(super) updated_channels: Option<SortedSet<String>>,
    pub(super) tasks: Vec<PreparedTask>,
    pub(super) host: Option<Host>,
    /// Whether a `values` chunk was made (whether or not anyone streams them).
    pub(super) values_emitted: Cell<bool>,
}

enum Tick {
    Run,
    Done,
    InterruptBefore,
}

/// Runs `graph` as `request` says.
pub(crate) async fn run(graph: &CompiledGraph, mut request: RunRequest) -> Result<RunOutcome, Exit> {
    let input = std::mem::take(&mut request.input);
    let mut lp = PregelLoop::load(graph, request).await?;
    let (Some(queue), Some(saver)) = (lp.save_queue.clone(), lp.saver.clone()) else {
        let result = lp.run_steps(input).await;
        return lp.exit(result).await;
    };
    // `async` durability: the flusher saves what the steps queue while they go on.
    let closing = queue.clone();
    let steps = async move {
        let result = lp.run_steps(input).await;
        let outcome = lp.exit(result).await;
        closing.close();
        outcome
    };
    let (outcome, ()) = futures::join!(steps, queue.flush(saver));
    match queue.failure() {
        Some(e) => Err(e.into()),
        None => outcome,
    }
}

impl PregelLoop {
    async fn load(graph: &CompiledGraph, req: RunRequest) -> Result<Self, Exit> {
        let spec = graph.spec.clone();
        let is_nested = req.parent.is_some();
        super::input::check_breakpoints(&spec, &req.interrupt_before, &req.interrupt_after)?;
        let given = req.checkpointer.map(|c| match spec.host {
            Some(_) => super::host::HostSaver::wrap(c),
            None => c,
        });
        let saver = spec
            .checkpointer
            .clone()
            .or(given)
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
                let saved = saver.get_tuple_for_update(&cfg).await?;
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
                    parents: SortedMap::new(),
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
            None => (
                SortedMap::new(),
                Rc::new(ResumeMap::new()),
                NullResume::default(),
                false,
            ),
        };
        let pick = |given: Option<Breakpoints>, compiled: &Breakpoints| match given {
            Some(b) if !b.is_empty() => b,
            _ => compiled.clone(),
        };
        let save_queue = (saver.is_some() && req.durability == Durability::Async).then(Rc::default);
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
            parent_task: req.parent.as_ref().map(|p| p.task.clone()),
            parent_resuming,
            resuming: false,
            checkpoint_map,
            resume_map,
            null_resume,
            run_metadata,
            checkpoint,
            metadata,
            saved_id,
            prev_saved_id,
            made_checkpoint: false,
            save_queue,
            deferred_writes: None,
            held_save: None,
            pending_writes,
            unapplied_writes: false,
            channels,
            step,
            stop: step + limit + 1,
            updated_channels: None,
            tasks: Vec::new(),
            host: req.host,
            values_emitted: Cell::new(false),
        })
    }

    async fn run_steps(&mut self, input: Input) -> Result<RunStatus, Exit> {
        self.first(input).await?;
        if !self.is_nested {
            self.stream.accept_input();
        }
        loop {
            match self.tick()? {
                Tick::Done => return Ok(RunStatus::Done),
                Tick::InterruptBefore => return Ok(RunStatus::InterruptBefore),
                Tick::Run => {}
            }
            if self.held_save.is_some() && self.step_runs_user_code() {
                self.save_held_checkpoint().await?;
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
        let cached_first = self.stream.langgraph_js();
        if !cached_first {
            runner::emit_task_starts(self);
        }
        for task in self.tasks.iter().filter(|t| t.finished()) {
            runner::emit_updates(self, task, true);
        }
        if cached_first {
            runner::emit_task_starts(self);
        }
        Ok(Tick::Run)
    }

    async fn after_tick(&mut self) -> Result<(), Exit> {
        // The tasks are done with their inputs: dropping them before the writes are applied
        // leaves each channel the only holder of its value, so a reducer can extend a list in
        // place instead of copying it. Their writes move into the channels (a task's name is
        // all that is read of it from here on). The writes loaded with the checkpoint are
        // applied with them, so they are done with too.
        self.pending_writes.clear();
        self.unapplied_writes = false;
        let writes: Vec<TaskWrites> = self
            .tasks
            .iter_mut()
            .map(|task| {
                task.input = State::new();
                TaskWrites {
                    writes: std::mem::take(&mut task.writes),
                    ..TaskWrites::discarded(task)
                }
            })
            .collect();
        let updated = algo::apply_writes(
            &mut self.checkpoint,
            &mut self.channels,
            writes,
            &self.graph.trigger_to_nodes,
        )?;
        let state_changed = updated.iter().any(|c| algo::shows_in_values(&self.graph, c));
        self.updated_channels = Some(updated);
        if state_changed {
            self.emit_values();
        }
        self.is_replaying = false;
        self.put_checkpoint(CheckpointSource::Loop).await?;
        self.resuming = false;
        Ok(())
    }

    /// Persists what `exit` durability held back, finishes pending saves, and builds the
    /// outcome (or the error).
    async fn exit(mut self, result: Result<RunStatus, Exit>) -> Result<RunOutcome, Exit> {
        let failed_hard = matches!(result, Err(Exit::Error(GraphError::Checkpoint(_))));
        if !failed_hard {
            // The checkpoint these were waiting for never came (the run stopped before the
            // next step, or its writes did not apply): save them alone.
            self.save_held_checkpoint().await?;
            self.save_deferred_writes().await?;
        }
        if self.durability == Durability::Exit && self.saver.is_some() && !failed_hard {
            if self.saved_id.as_ref() != Some(&self.checkpoint.id) {
                self.save_checkpoint(false).await?;
            }
            self.save_pending_writes().await?;
        }
        let status = result?;
        let interrupts: Vec<Interrupt> = match status {
            RunStatus::Interrupted => self
                .tasks
                .iter()
                .flat_map(|t| t.writes.iter().filter(|(c, _)| c == INTERRUPT))
                .flat_map(|(_, v)| interrupts_in(v))
                .collect(),
            _ => Vec::new(),
        };
        if status != RunStatus::Done && !self.is_nested {
            // Show the writes of tasks that finished before the pause, as LangGraph does. They
            // are still pending only when the pause came before `after_tick` applied them.
            let unapplied = self.unapplied_writes || !self.pending_writes.is_empty();
            if unapplied && self.tasks.iter().any(|t| t.finished()) {
                let writes: Vec<TaskWrites> = self.tasks.iter().map(TaskWrites::from).collect();
                let updated = algo::apply_writes(
                    &mut self.checkpoint,
                    &mut self.channels,
                    writes,
                    &self.graph.trigger_to_nodes,
                )?;
                if updated.iter().any(|c| algo::shows_in_values(&self.graph, c)) {
                    self.emit_values();
                }
            }
            if status != RunStatus::Interrupted {
                self.stream
                    .emit(StreamMode::Updates, &self.ns, json!({ INTERRUPT_KEY: [] }));
                if self.stream.langgraph_js() {
                    self.stream
                        .emit(StreamMode::Values, &self.ns, json!({ INTERRUPT_KEY: [] }));
                }
            }
        }
        Ok(RunOutcome {
            values: algo::output_values(&self.graph, &self.channels),
            interrupts,
            status,
            values_emitted: self.values_emitted.get(),
        })
    }

    /// A `values` chunk: every state key (LangGraph streams its stream channels, all of them;
    /// only a run's return value keeps to the output keys).
    pub(crate) fn emit_values(&self) {
        self.values_emitted.set(true);
        if self.stream.wants(StreamMode::Values, &self.ns) {
            self.stream.emit(
                StreamMode::Values,
                &self.ns,
                algo::state_values(&self.graph, &self.channels),
            );
        }
    }

    fn emit_checkpoint(&self) {
        let wants_debug = self.stream.wants(StreamMode::Debug, &self.ns);
        if self.saver.is_none() || !(self.stream.wants(StreamMode::Checkpoints, &self.ns) || wants_debug) {
            return;
        }
        let payload = self.checkpoint_payload();
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
