//! A run's input: new values start the thread over from START; no input or a `Command`
//! continues it. A `Command`'s `resume` is checked against the pending interrupts (a named
//! error when nothing, or more than one thing, is waiting), and its `update`/`goto` become
//! writes of the null task, saved against the current checkpoint. Mirrors LangGraph's `_first`.

use std::rc::Rc;

use serde_json::Value;

use super::algo::{self, TaskWrites};
use super::errors::GraphError;
use super::run::{Exit, PregelLoop};
use super::types::{is_interrupt_id, Breakpoints, Command, Durability, Input, Interrupt, ResumeMap, START};
use super::RunOptions;
use crate::checkpoint::{
    CheckpointConfig, CheckpointError, CheckpointSource, PendingWrite, INTERRUPT, NULL_TASK_ID, RESUME,
};
use crate::graph::{CompiledGraph, GraphSpec};
use crate::sorted::SortedSet;

impl PregelLoop {
    /// Applies the input: new values start a new run from START; `Resume` or a `Command`
    /// continue from the checkpoint.
    pub(super) async fn first(&mut self, input: Input) -> Result<(), Exit> {
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

        let command_writes = match &input {
            Input::Command(cmd) => self.accept_command(cmd)?,
            _ => Vec::new(),
        };
        // Writes of earlier commands still saved against this checkpoint, then this command's,
        // applied as one batch — and so checked — before anything is saved: a refused command
        // changes nothing, and what is saved always applies.
        let earlier = algo::null_writes(&self.pending_writes);
        let mut all = earlier.clone();
        all.extend(command_writes.iter().cloned());
        if let Err(e) = self.apply_input_writes(all.clone()) {
            return Err(match e {
                Exit::Error(GraphError::InvalidUpdate(message)) if !earlier.is_empty() && !command_writes.is_empty() => {
                    GraphError::InvalidUpdate(format!(
                        "{message} (an earlier Command's update is still pending at this checkpoint: continue the paused run first)"
                    ))
                    .into()
                }
                other => other,
            });
        }
        // With task results or interrupts saved against this checkpoint, it must stay the head
        // (task ids derive from it), so the command's writes wait beside them. Otherwise they are
        // folded into a new checkpoint below, so that they are never applied twice.
        let tasks_saved = self.pending_writes.iter().any(|w| w.task_id != NULL_TASK_ID);
        let keep_pending = !command_writes.is_empty() && has_state && (resume_requested || tasks_saved);
        let bake = !command_writes.is_empty() && has_state && !keep_pending;
        if keep_pending {
            self.pending_writes
                .extend(command_writes.into_iter().map(|(channel, value)| PendingWrite {
                    task_id: NULL_TASK_ID.into(),
                    channel,
                    value,
                }));
            if self.durability != Durability::Exit {
                if let Some(saver) = &self.saver {
                    saver.put_writes(&self.current_config(), &all, NULL_TASK_ID, "").await?;
                }
            }
        }

        if is_resuming {
            let seen = self.checkpoint.channel_versions.clone();
            self.checkpoint.versions_seen.insert(INTERRUPT.to_string(), seen);
            if time_travel && !matches!(self.metadata.source, CheckpointSource::Update | CheckpointSource::Fork) {
                self.pending_writes.retain(|w| w.channel != INTERRUPT);
                self.put_checkpoint(CheckpointSource::Fork).await?;
            } else if bake {
                self.pending_writes.retain(|w| w.task_id != NULL_TASK_ID);
                self.put_checkpoint(CheckpointSource::Input).await?;
            }
            self.resuming = true;
            self.emit_values();
        } else if let Input::Values(values) = input {
            let values = algo::input_values(&self.graph, values);
            if !values.is_object() {
                return Err(GraphError::InvalidUpdate(format!("Expected an object as input, got {values}")).into());
            }
            let discarded: Vec<TaskWrites> =
                algo::prepare_next_tasks(&self.graph, &self.checkpoint, &self.channels, &self.ns, self.step, None)
                    .iter()
                    .map(TaskWrites::discarded)
                    .collect();
            let mut writes = discarded;
            writes.push(TaskWrites::input(vec![(START.to_string(), values)]));
            let updated = algo::apply_writes(
                &mut self.checkpoint,
                &mut self.channels,
                writes,
                &self.graph.trigger_to_nodes,
            )?;
            self.updated_channels = Some(updated);
            self.pending_writes.clear();
            self.put_input_checkpoint().await?;
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

    /// Checks a `Command` against the pending interrupts and the graph (setting up its answers),
    /// and returns its update/goto as writes of the null task.
    fn accept_command(&mut self, cmd: &Command) -> Result<Vec<(String, Value)>, Exit> {
        let pending = self.pending_interrupts();
        let (answers, writes) = plan_command(&self.graph, cmd, &pending, self.saver.is_some())?;
        match answers {
            Answers::None => {}
            Answers::One(value) => *self.null_resume.borrow_mut() = Some(value),
            Answers::ById(map) => self.resume_map = Rc::new(map),
        }
        Ok(writes)
    }

    /// Applies writes that come from the caller rather than from a task.
    fn apply_input_writes(&mut self, writes: Vec<(String, Value)>) -> Result<(), Exit> {
        if writes.is_empty() {
            return Ok(());
        }
        let batch = vec![TaskWrites::input(writes)];
        let updated = algo::apply_writes(
            &mut self.checkpoint,
            &mut self.channels,
            batch,
            &self.graph.trigger_to_nodes,
        )?;
        // `None` means "unknown: consider every node"; narrowing it to these channels would
        // drop the tasks that were already pending.
        if let Some(known) = self.updated_channels.as_mut() {
            known.extend(updated);
        }
        Ok(())
    }

    /// The interrupts of tasks of the current checkpoint that have not finished.
    pub(crate) fn pending_interrupts(&self) -> Vec<Interrupt> {
        pending_interrupts(&self.pending_writes)
    }
}

/// Refuses breakpoints that name no node of the graph (they would never pause anything).
pub(crate) fn check_breakpoints(
    graph: &GraphSpec,
    before: &Option<Breakpoints>,
    after: &Option<Breakpoints>,
) -> Result<(), GraphError> {
    for (what, breakpoints) in [("interrupt_before", before), ("interrupt_after", after)] {
        if let Some(Breakpoints::Nodes(names)) = breakpoints {
            if let Some(name) = names.iter().find(|n| *n == START || !graph.nodes.contains_key(*n)) {
                let nodes: Vec<&str> = graph.nodes.keys().map(String::as_str).filter(|n| *n != START).collect();
                return Err(GraphError::InvalidConfig(format!(
                    "{what} names '{name}', which is not a node of this graph (nodes: {})",
                    nodes.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// What a `Command`'s resume answers.
pub(crate) enum Answers {
    None,
    /// The one pending interrupt (or every interrupt of the one pending task).
    One(Value),
    /// Interrupts by id.
    ById(ResumeMap),
}

/// Checks a `Command` against the graph and the thread's pending interrupts: its resume must
/// answer something that is waiting (one thing, or ids that are pending), and its update and
/// goto must name state keys and nodes. Returns the answers and the update/goto as writes.
/// Pure: a refused command has changed nothing.
pub(crate) fn plan_command(
    graph: &GraphSpec,
    cmd: &Command,
    pending: &[Interrupt],
    has_checkpointer: bool,
) -> Result<(Answers, Vec<(String, Value)>), GraphError> {
    let mut answers = Answers::None;
    if let Some(resume) = &cmd.resume {
        if !has_checkpointer {
            return Err(GraphError::NoCheckpointer(
                "Cannot resume an interrupt without a checkpointer".into(),
            ));
        }
        if pending.is_empty() {
            return Err(GraphError::NothingToResume(
                "There is no pending interrupt to resume on this thread (was it already answered?)".into(),
            ));
        }
        let map = match resume {
            Value::Object(m) if !m.is_empty() && m.keys().all(|k| is_interrupt_id(k)) => Some(m),
            _ => None,
        };
        answers = match map {
            Some(m) => {
                if let Some(id) = m.keys().find(|id| !pending.iter().any(|i| i.id == **id)) {
                    return Err(GraphError::AmbiguousResume(format!("No pending interrupt has id {id}")));
                }
                Answers::ById(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            None => {
                let ids: SortedSet<&str> = pending.iter().map(|i| i.id.as_str()).collect();
                if ids.len() > 1 {
                    return Err(GraphError::AmbiguousResume(format!(
                        "When there are multiple pending interrupts, you must specify the interrupt id when resuming: resume with {{<interrupt id>: value, …}} (pending: {})",
                        ids.into_iter().collect::<Vec<_>>().join(", ")
                    )));
                }
                Answers::One(resume.clone())
            }
        };
    }
    let mut writes = Vec::new();
    if let Some(update) = &cmd.update {
        writes = super::task::update_writes(graph, "__input__", update.clone(), false)
            .map_err(GraphError::invalid_update_from)?;
    }
    writes.extend(
        super::task::goto_writes(graph, "__input__", cmd.goto.clone()).map_err(GraphError::invalid_update_from)?,
    );
    if writes.is_empty() && cmd.resume.is_none() {
        return Err(GraphError::EmptyInput(
            "Received an empty Command: give it an update, a goto or a resume".into(),
        ));
    }
    Ok((answers, writes))
}

/// The interrupts an `__interrupt__` write holds.
pub(crate) fn interrupts_in(write: &Value) -> Vec<Interrupt> {
    serde_json::from_value(write.clone()).unwrap_or_default()
}

/// The interrupts of tasks that have an interrupt write and have not finished since.
pub(crate) fn pending_interrupts(writes: &[PendingWrite]) -> Vec<Interrupt> {
    let finished: SortedSet<&str> = writes
        .iter()
        .filter(|w| !algo::is_special(&w.channel) || w.channel == crate::checkpoint::NO_WRITES)
        .map(|w| w.task_id.as_str())
        .collect();
    writes
        .iter()
        .filter(|w| w.channel == INTERRUPT && !finished.contains(w.task_id.as_str()))
        .flat_map(|w| interrupts_in(&w.value))
        .collect()
}

impl CompiledGraph {
    /// Checks what a run of `input` with `options` would refuse by the graph alone: breakpoints
    /// naming no node, input that is not an object, a `Command` whose update or goto names no
    /// state key or node. See [`CompiledGraph::check_run`] for the checks against the thread.
    pub fn check_request(&self, input: &Input, options: &RunOptions) -> Result<(), GraphError> {
        check_breakpoints(&self.spec, &options.interrupt_before, &options.interrupt_after)?;
        match input {
            Input::Values(values) if !values.is_object() && self.spec.root.is_none() => Err(GraphError::InvalidUpdate(
                format!("Expected an object as input, got {values}"),
            )),
            Input::Command(cmd) => {
                let without_resume = Command {
                    resume: None,
                    ..cmd.clone()
                };
                match plan_command(&self.spec, &without_resume, &[], true) {
                    Err(GraphError::EmptyInput(_)) if cmd.resume.is_some() => Ok(()),
                    other => other.map(|_| ()),
                }
            }
            _ => Ok(()),
        }
    }

    /// Checks, without running or saving anything, what a run of `input` with `options` would
    /// refuse before its first step: what [`CompiledGraph::check_request`] checks, a checkpoint
    /// that does not exist, nothing to continue, and a resume that answers nothing pending. A
    /// host that records runs (the server) calls it first, so that a refused request leaves no
    /// trace. The run itself makes the same checks.
    pub async fn check_run(&self, input: &Input, options: &RunOptions) -> Result<(), GraphError> {
        self.check_request(input, options)?;
        let spec = &self.spec;
        let saver = spec.checkpointer.clone().or_else(|| options.checkpointer.clone());
        let config = &options.config;
        let saved = match (&saver, &config.thread_id) {
            (Some(saver), Some(thread_id)) => {
                let cfg = CheckpointConfig::new(thread_id.clone())
                    .with_ns(config.checkpoint_ns.clone())
                    .with_id(config.checkpoint_id.clone());
                let saved = saver.get_tuple(&cfg).await?;
                if let (None, Some(id)) = (&saved, &config.checkpoint_id) {
                    return Err(CheckpointError::NotFound(format!("checkpoint {id} of thread {thread_id}")).into());
                }
                saved
            }
            (Some(_), None) => {
                return Err(GraphError::InvalidConfig(
                    "A graph with a checkpointer needs `thread_id` in its config".into(),
                ))
            }
            (None, _) => None,
        };
        let has_state = saved
            .as_ref()
            .is_some_and(|t| !t.checkpoint.channel_versions.is_empty());
        match input {
            Input::Resume if !has_state => Err(GraphError::EmptyInput(
                "Received no input for __start__: this thread has no checkpoint to resume".into(),
            )),
            Input::Command(cmd) if cmd.resume.is_some() => {
                let pending = saved.map(|t| pending_interrupts(&t.pending_writes)).unwrap_or_default();
                plan_command(spec, cmd, &pending, saver.is_some()).map(|_| ())
            }
            _ => Ok(()),
        }
    }
}
