//! Runs: created on a thread (or stateless), observed through their event log (`wait`, `join`,
//! `stream`, `joinStream`), cancelled, listed, deleted. A run on a thread that has one in flight
//! follows its multitask strategy. Executing them is `execute`'s.

use serde_json::{Map, Value};

use super::events::{RunEvents, RunLog};
use super::execute::{inherit, run_input, with_thread_id};
use super::request::{check_new_id, RunCreate, RunList};
use super::{
    new_id, now, IfNotExists, MultitaskStrategy, OnCompletion, Run, RunEntry, RunStatus, Server, ServerError,
    ThreadCreate,
};
use crate::checkpoint::{CheckpointError, CheckpointId};
use crate::pregel::{GraphError, RunConfig};

fn run_not_found(run_id: &str) -> ServerError {
    ServerError::NotFound(format!("Run with ID {run_id} not found"))
}

impl Server {
    /// This page's run in flight (running, or pending and not enqueued behind another) on a
    /// thread. Runs of other pages are not this page's to queue behind or cancel: the thread
    /// lock arbitrates between pages.
    pub(crate) fn active_run(&self, thread_id: &str) -> Option<String> {
        self.inner
            .runs
            .borrow()
            .values()
            .filter(|e| !e.foreign && e.run.thread_id.as_deref() == Some(thread_id) && e.run.status.is_active())
            .min_by(|a, b| a.run.created_at.cmp(&b.run.created_at))
            .map(|e| e.run.run_id.clone())
    }

    /// Creates a run and starts it (or queues it behind the thread's run in flight). Everything
    /// the request asks is checked first — against the graph, and against the thread's state
    /// when the run would start now — so that a refused request records nothing: no run, no
    /// thread, no status change, no checkpoint.
    pub async fn runs_create(
        &self,
        thread_id: Option<&str>,
        assistant_id: &str,
        body: RunCreate,
    ) -> Result<Run, ServerError> {
        let assistant = self.run_assistant(assistant_id)?;
        let stateless = thread_id.is_none();
        let (thread_id, exists) = match thread_id {
            Some(id) => match self.threads_get(id) {
                Ok(_) => (id.to_string(), true),
                Err(_) if body.if_not_exists == IfNotExists::Create => {
                    check_new_id("thread_id", id)?;
                    (id.to_string(), false)
                }
                Err(e) => return Err(e),
            },
            None => (new_id(), false),
        };

        // Across pages: the thread's lock. Free: take it and catch up with what other pages did.
        // Held by another page: `reject` fails now; the other strategies wait for it (a page
        // cannot cancel another page's run).
        let mut lock = None;
        let mut held_elsewhere = false;
        if let (Some(locks), true) = (self.inner.locks.clone(), exists) {
            if self.active_run(&thread_id).is_none() {
                self.flush().await?;
                match locks.try_lock(&thread_id).await? {
                    Some(guard) => {
                        self.claim_thread(&thread_id).await?;
                        self.threads_get(&thread_id)?;
                        lock = Some(guard);
                    }
                    None if body.multitask_strategy == MultitaskStrategy::Reject => {
                        return Err(ServerError::ThreadBusy(
                            "Thread is already running a task in another tab. Wait for it to finish or choose a \
                             different multitask strategy."
                                .into(),
                        ))
                    }
                    None => held_elsewhere = true,
                }
            }
        }

        let active = self.active_run(&thread_id);
        if active.is_some() && body.multitask_strategy == MultitaskStrategy::Reject {
            return Err(ServerError::ThreadBusy(
                "Thread is already running a task. Wait for it to finish or choose a different multitask strategy."
                    .into(),
            ));
        }
        // The state the run starts from is known unless another run goes first; then the run
        // checks its input when it starts (and a refusal there leaves the thread's status alone).
        let starts_from_now = active.is_none() && !held_elsewhere && body.after_seconds.is_none();
        let run_id = new_id();
        let thread_config = self.threads_get(&thread_id).map(|t| t.config).unwrap_or_default();
        let mut body = body;
        let run_config = inherit(&assistant, &thread_config, &mut body, &run_id);
        let graph = self
            .graph_for(&assistant.graph_id, &with_thread_id(&run_config, &thread_id))
            .await?;
        let (input, options) = run_input(&thread_id, &body);
        let checked = if starts_from_now {
            graph.check_run(&input, &options).await
        } else {
            graph.check_request(&input, &options)
        };
        // A thread whose checkpoints cannot be read says so (status `error`); anything else the
        // check finds is a refusal, which leaves the thread as it was.
        checked.map_err(|e| match e {
            GraphError::Checkpoint(CheckpointError::Corrupt(_)) => self.unreadable_checkpoints(&thread_id, e),
            other => ServerError::refused(other),
        })?;
        let prior = self.threads_get(&thread_id).ok().map(|t| (t.status, t.error));

        // Accepted: from here on the request is recorded.
        if !exists {
            self.threads_create(ThreadCreate {
                thread_id: Some(thread_id.clone()),
                ..Default::default()
            })?;
            // Saved before the lock is taken: a page that takes a lock reloads the thread from
            // storage. Another page holding the new thread's lock already made it at the same
            // moment; the run then waits for it.
            if let Some(locks) = self.inner.locks.clone() {
                self.flush().await?;
                lock = locks.try_lock(&thread_id).await?;
            }
        }
        let mut start_now = true;
        if let Some(active) = active {
            match body.multitask_strategy {
                MultitaskStrategy::Reject => {}
                MultitaskStrategy::Interrupt => self.cancel_in_flight(&active, false).await?,
                MultitaskStrategy::Rollback => self.cancel_in_flight(&active, true).await?,
                MultitaskStrategy::Enqueue => start_now = false,
            }
        }

        let at = now();
        let run = Run {
            run_id,
            thread_id: (!stateless).then(|| thread_id.clone()),
            assistant_id: assistant.assistant_id.clone(),
            created_at: at.clone(),
            updated_at: at,
            status: RunStatus::Pending,
            metadata: Map::new(),
            multitask_strategy: body.multitask_strategy,
            kwargs: body.kwargs.clone(),
        };
        // The run's metadata is its assistant's, its thread's and its own, as the server merges
        // them (and the checkpoints it saves carry them).
        let mut run = run;
        run.metadata = assistant.metadata.clone();
        {
            let mut threads = self.inner.threads.borrow_mut();
            if let Some(thread) = threads.get_mut(&thread_id) {
                thread
                    .metadata
                    .insert("graph_id".into(), Value::String(assistant.graph_id.clone()));
                thread
                    .metadata
                    .insert("assistant_id".into(), Value::String(assistant.assistant_id.clone()));
                thread.config = run_config;
                thread.status = super::ThreadStatus::Busy;
                thread.updated_at = now();
                run.metadata.extend(thread.metadata.clone());
            }
        }
        run.metadata.extend(body.metadata.clone());
        run.metadata
            .insert("assistant_id".into(), Value::String(assistant.assistant_id.clone()));
        let not_before = body
            .after_seconds
            .map(|secs| crate::clock::unix_micros().saturating_add((secs * 1_000_000.0) as u64));
        let mut entry_run = run.clone();
        // The stateless run's thread is internal: remember it for execution only.
        entry_run.thread_id = Some(thread_id.clone());
        if stateless {
            entry_run.metadata.insert("__stateless__".into(), Value::Bool(true));
        }
        self.inner.runs.borrow_mut().insert(
            run.run_id.clone(),
            RunEntry {
                run: entry_run,
                request: body,
                log: RunLog::default(),
                abort: None,
                start_checkpoint: None,
                lock,
                foreign: false,
                prior,
            },
        );
        self.inner
            .prepared
            .borrow_mut()
            .insert(run.run_id.clone(), super::PreparedRun { graph, not_before });
        if let (true, Some(at)) = (start_now, not_before) {
            self.start_later(&thread_id, at);
        } else if start_now {
            self.start(&run.run_id);
        }
        Ok(run)
    }

    /// paused. A failed run is an error.
    pub async fn runs_wait(
        &self,
        thread_id: Option<&str>,
        assistant_id: &str,
        body: RunCreate,
    ) -> Result<Value, ServerError> {
        let run = self.runs_create(thread_id, assistant_id, body).await?;
        self.log_of(&run.run_id)?.result().await
    }

    /// Creates a run and streams its events from the start.
    pub async fn runs_stream(
        &self,
        thread_id: Option<&str>,
        assistant_id: &str,
        body: RunCreate,
    ) -> Result<(Run, RunEvents), ServerError> {
        let run = self.runs_create(thread_id, assistant_id, body).await?;
        Ok((run.clone(), self.log_of(&run.run_id)?.subscribe(0)))
    }

    /// Waits for a run to end and returns its output.
    pub async fn runs_join(&self, thread_id: &str, run_id: &str) -> Result<Value, ServerError> {
        self.runs_get(thread_id, run_id)?;
        self.runs_join_by_id(run_id).await
    }

    /// Waits for a run to end, found by its id alone (for stateless runs, which have no thread).
    pub async fn runs_join_by_id(&self, run_id: &str) -> Result<Value, ServerError> {
        self.log_of(run_id)?.result().await
    }

    /// Cancels a run found by its id alone (for stateless runs).
    pub async fn runs_cancel_by_id(&self, run_id: &str, rollback: bool) -> Result<(), ServerError> {
        let (thread_id, active, delete_thread) = {
            let runs = self.inner.runs.borrow();
            let entry = runs.get(run_id).ok_or_else(|| run_not_found(run_id))?;
            let stateless = entry.run.metadata.contains_key("__stateless__");
            (
                entry.run.thread_id.clone().unwrap_or_default(),
                entry.run.status.is_active(),
                stateless && entry.request.on_completion == OnCompletion::Delete,
            )
        };
        if active {
            self.cancel_in_flight(run_id, rollback).await?;
            if delete_thread {
                self.delete_stateless_thread(&thread_id).await;
            } else {
                self.start_next(&thread_id);
            }
        }
        Ok(())
    }

    /// Deletes a stateless run's internal thread and checkpoints, keeping the run's record so
    /// that joining it by id still gives its result.
    pub(super) async fn delete_stateless_thread(&self, thread_id: &str) {
        self.inner.threads.borrow_mut().remove(thread_id);
        let _ = self.inner.checkpointer.delete_thread(thread_id).await;
    }

    /// The run's events from `from` (0: all of them) until it ends.
    pub fn runs_join_stream(&self, thread_id: &str, run_id: &str, from: usize) -> Result<RunEvents, ServerError> {
        self.runs_get(thread_id, run_id)?;
        Ok(self.log_of(run_id)?.subscribe(from))
    }

    /// The run's events from `from`, found by its id alone (for stateless runs).
    pub fn runs_join_stream_by_id(&self, run_id: &str, from: usize) -> Result<RunEvents, ServerError> {
        Ok(self.log_of(run_id)?.subscribe(from))
    }

    pub fn runs_get(&self, thread_id: &str, run_id: &str) -> Result<Run, ServerError> {
        self.threads_get(thread_id)?;
        let runs = self.inner.runs.borrow();
        match runs.get(run_id) {
            Some(e) if e.run.thread_id.as_deref() == Some(thread_id) => Ok(e.run.clone()),
            _ => Err(run_not_found(run_id)),
        }
    }

    /// The thread's runs, newest first.
    pub fn runs_list(&self, thread_id: &str, query: &RunList) -> Result<Vec<Run>, ServerError> {
        let RunList { limit, offset, status } = *query;
        self.threads_get(thread_id)?;
        let mut runs: Vec<Run> = self
            .inner
            .runs
            .borrow()
            .values()
            .filter(|e| e.run.thread_id.as_deref() == Some(thread_id))
            .filter(|e| status.is_none_or(|s| s == e.run.status))
            .map(|e| e.run.clone())
            .collect();
        crate::sorted::sort_by(&mut runs, |a, b| b.created_at.cmp(&a.created_at));
        Ok(runs
            .into_iter()
            .skip(offset.unwrap_or(0))
            .take(limit.unwrap_or(10))
            .collect())
    }

    /// Cancels a run: it ends `interrupted` (with `rollback`, it is deleted and the thread goes
    /// back to its state before the run).
    pub async fn runs_cancel(&self, thread_id: &str, run_id: &str, rollback: bool) -> Result<(), ServerError> {
        self.runs_get(thread_id, run_id)?;
        self.runs_cancel_by_id(run_id, rollback).await
    }

    pub async fn runs_delete(&self, thread_id: &str, run_id: &str) -> Result<(), ServerError> {
        let run = self.runs_get(thread_id, run_id)?;
        if run.status.is_active() {
            self.cancel_in_flight(run_id, false).await?;
        }
        self.forget_run(run_id);
        self.start_next(thread_id);
        Ok(())
    }

    pub(crate) fn log_of(&self, run_id: &str) -> Result<RunLog, ServerError> {
        self.inner
            .runs
            .borrow()
            .get(run_id)
            .map(|e| e.log.clone())
            .ok_or_else(|| run_not_found(run_id))
    }

    /// Drops a run's record (cancelling it first if it is in flight).
    pub(crate) fn forget_run(&self, run_id: &str) {
        self.inner.prepared.borrow_mut().remove(run_id);
        if let Some(entry) = self.inner.runs.borrow_mut().remove(run_id) {
            if let Some(abort) = entry.abort {
                abort.abort();
            }
            entry
                .log
                .finish(Err(ServerError::NotFound(format!("Run with ID {run_id} was deleted"))));
        }
    }

    pub(super) fn set_status(&self, run_id: &str, status: RunStatus) {
        if let Some(e) = self.inner.runs.borrow_mut().get_mut(run_id) {
            e.run.status = status;
            e.run.updated_at = now();
        }
    }

    /// Stops a run in flight at once (its future is never polled again) and records it as
    /// interrupted; with `rollback`, deletes it and restores the thread's state before it.
    async fn cancel_in_flight(&self, run_id: &str, rollback: bool) -> Result<(), ServerError> {
        let (abort, log, thread_id, start, graph) = {
            let runs = self.inner.runs.borrow();
            let Some(e) = runs.get(run_id) else { return Ok(()) };
            (
                e.abort.clone(),
                e.log.clone(),
                e.run.thread_id.clone().unwrap_or_default(),
                e.start_checkpoint.clone(),
                self.inner.prepared.borrow_mut().remove(run_id).map(|p| p.graph),
            )
        };
        let graph = match graph {
            Some(graph) => Some(graph),
            None => match self.threads_get(&thread_id) {
                Ok(thread) => self.thread_graph(&thread).await?,
                Err(_) => None,
            },
        };
        if let Some(abort) = abort {
            abort.abort();
        }
        self.release_lock(run_id);
        self.set_status(run_id, RunStatus::Interrupted);
        log.finish(Err(ServerError::Conflict(format!("Run {run_id} was cancelled"))));
        if rollback {
            self.forget_run(run_id);
            match (start, graph) {
                // A copy of the checkpoint before the run becomes the thread's head.
                (Some(start), Some(graph)) => {
                    let config = RunConfig::thread(thread_id.clone()).with_checkpoint(CheckpointId::from(start));
                    graph.update_state(&config, Value::Null, Some("__copy__")).await?;
                }
                _ => self.inner.checkpointer.delete_thread(&thread_id).await?,
            }
        }
        self.refresh_thread(&thread_id, None).await?;
        // A cancelled run leaves its thread idle, whatever it was about to run next (as the
        // LangGraph server does); the pending tasks stay in the checkpoint.
        if let Some(thread) = self.inner.threads.borrow_mut().get_mut(&thread_id) {
            if thread.status == super::ThreadStatus::Interrupted {
                thread.status = super::ThreadStatus::Idle;
            }
        }
        Ok(())
    }
}
