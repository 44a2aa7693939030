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
use super::types::{is_interrupt_id, Command, Durability, Input, Interrupt, NodeError, START};
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

fn node_error_to_graph(e: NodeError) -> Exit {
    match e {
        NodeError::Failed(f) if f.name == "InvalidUpdateError" => GraphError::InvalidUpdate(f.message).into(),
        other => GraphError::InvalidUpdate(other.to_string()).into(),
    }
}
