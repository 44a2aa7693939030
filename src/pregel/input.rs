//! A run's input: new values start the thread over from START; no input or a `Command`
//! continues it. A `Command`'s `resume` is checked against the pending interrupts (a named
//! error when nothing, or more than one thing, is waiting), and its `update`/`goto` become
//! writes of the null task, saved against the current checkpoint. Mirrors LangGraph's `_first`.

use std::collections::BTreeSet;
use std::rc::Rc;

use serde_json::Value;

use super::algo::{self, TaskWrites};
use super::errors::GraphError;
use super::run::{Exit, PregelLoop};
use super::types::{is_interrupt_id, Command, Durability, Input, Interrupt, START};
use crate::checkpoint::{CheckpointSource, PendingWrite, INTERRUPT, NULL_TASK_ID, RESUME};

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

    /// Checks a `Command`'s resume against the pending interrupts (setting up the answers), and
    /// returns its update/goto as writes of the null task.
    fn accept_command(&mut self, cmd: &Command) -> Result<Vec<(String, Value)>, Exit> {
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
                .map_err(GraphError::invalid_update_from)?;
        }
        writes.extend(
            super::task::goto_writes(&self.graph, "__input__", cmd.goto.clone())
                .map_err(GraphError::invalid_update_from)?,
        );
        if writes.is_empty() && cmd.resume.is_none() {
            return Err(GraphError::EmptyInput(
                "Received an empty Command: give it an update, a goto or a resume".into(),
            )
            .into());
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
