//! Runs: created on a thread (or stateless), executed in the background, observed through
//! their event log (`wait`, `join`, `stream`, `joinStream`), cancelled, listed, deleted. A run
//! on a thread that has one in flight follows its multitask strategy.

use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use serde_json::{json, Value};

use super::events::{RunEvents, RunLog};
use super::request::{check_new_id, RunCreate, RunList};
use super::{
    new_id, now, IfNotExists, MultitaskStrategy, OnCompletion, Run, RunEntry, RunEvent, RunStatus, Server, ServerError,
    ThreadCreate,
};
use crate::checkpoint::{CheckpointConfig, CheckpointId};
use crate::pregel::{Input, RunConfig, RunOptions, RunStatus as GraphRunStatus, StreamMode};
use crate::sorted::sort_by;

fn run_not_found(run_id: &str) -> ServerError {
    ServerError::NotFound(format!("Run with ID {run_id} not found"))
}

/// The event name of a streamed part: its mode, with the subgraph namespace appended.
fn event_name(mode: StreamMode, ns: &[String]) -> String {
    let mut name = mode.as_str().to_string();
    for level in ns {
        name.push('|');
        name.push_str(level);
    }
    name
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
        let assistant = self.assistant(assistant_id)?.clone();
        let graph = self.graph_of(&assistant)?.clone();
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
        let starts_from_now = active.is_none() && !held_elsewhere;
        let (input, options) = run_input(&thread_id, &body);
        let checked = if starts_from_now {
            graph.check_run(&input, &options).await
        } else {
            graph.check_request(&input, &options)
        };
        checked.map_err(ServerError::refused)?;
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
        let mut run_metadata = body.metadata.clone();
        run_metadata.insert("assistant_id".into(), Value::String(assistant.assistant_id.clone()));
        let run = Run {
            run_id: new_id(),
            thread_id: (!stateless).then(|| thread_id.clone()),
            assistant_id: assistant.assistant_id.clone(),
            created_at: at.clone(),
            updated_at: at,
            status: RunStatus::Pending,
            metadata: run_metadata,
            multitask_strategy: body.multitask_strategy,
            kwargs: body.kwargs.clone(),
        };
        {
            let mut threads = self.inner.threads.borrow_mut();
            if let Some(thread) = threads.get_mut(&thread_id) {
                thread
                    .metadata
                    .insert("graph_id".into(), Value::String(assistant.graph_id.clone()));
                thread
                    .metadata
                    .insert("assistant_id".into(), Value::String(assistant.assistant_id.clone()));
                thread.status = super::ThreadStatus::Busy;
                thread.updated_at = now();
            }
        }
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
        if start_now {
            self.start(&run.run_id);
        }
        Ok(run)
    }

    /// Creates a run and waits for its output: the state values, with `__interrupt__` when it
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
    async fn delete_stateless_thread(&self, thread_id: &str) {
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
        sort_by(&mut runs, |a, b| b.created_at.cmp(&a.created_at));
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
        if let Some(entry) = self.inner.runs.borrow_mut().remove(run_id) {
            if let Some(abort) = entry.abort {
                abort.abort();
            }
            entry
                .log
                .finish(Err(ServerError::NotFound(format!("Run with ID {run_id} was deleted"))));
        }
    }

    fn set_status(&self, run_id: &str, status: RunStatus) {
        if let Some(e) = self.inner.runs.borrow_mut().get_mut(run_id) {
            e.run.status = status;
            e.run.updated_at = now();
        }
    }

    /// Stops a run in flight at once (its future is never polled again) and records it as
    /// interrupted; with `rollback`, deletes it and restores the thread's state before it.
    async fn cancel_in_flight(&self, run_id: &str, rollback: bool) -> Result<(), ServerError> {
        let (abort, log, thread_id, start, graph_id) = {
            let runs = self.inner.runs.borrow();
            let Some(e) = runs.get(run_id) else { return Ok(()) };
            (
                e.abort.clone(),
                e.log.clone(),
                e.run.thread_id.clone().unwrap_or_default(),
                e.start_checkpoint.clone(),
                self.assistant(&e.run.assistant_id).map(|a| a.graph_id.clone()).ok(),
            )
        };
        if let Some(abort) = abort {
            abort.abort();
        }
        self.release_lock(run_id);
        self.set_status(run_id, RunStatus::Interrupted);
        log.finish(Err(ServerError::Conflict(format!("Run {run_id} was cancelled"))));
        if rollback {
            self.forget_run(run_id);
            match (start, graph_id.and_then(|g| self.inner.graphs.get(&g).cloned())) {
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

    /// Starts the oldest pending run of a thread, if none is running.
    fn start_next(&self, thread_id: &str) {
        let next = {
            let runs = self.inner.runs.borrow();
            let ours = runs.values().filter(|e| !e.foreign);
            if ours
                .clone()
                .any(|e| e.run.thread_id.as_deref() == Some(thread_id) && e.run.status == RunStatus::Running)
            {
                return;
            }
            ours.filter(|e| {
                e.run.thread_id.as_deref() == Some(thread_id) && e.run.status == RunStatus::Pending && e.abort.is_none()
            })
            .min_by(|a, b| a.run.created_at.cmp(&b.run.created_at))
            .map(|e| e.run.run_id.clone())
        };
        if let Some(run_id) = next {
            self.start(&run_id);
        }
    }

    /// Spawns the run's execution.
    fn start(&self, run_id: &str) {
        let (handle, registration) = AbortHandle::new_pair();
        if let Some(e) = self.inner.runs.borrow_mut().get_mut(run_id) {
            e.abort = Some(handle);
            e.run.status = RunStatus::Running;
        }
        let server = self.clone();
        let run_id = run_id.to_string();
        self.inner.spawner.spawn(Box::pin(async move {
            let _ = Abortable::new(server.execute(&run_id), registration).await;
        }));
    }

    async fn execute(&self, run_id: &str) {
        let Some((run, request, log)) = self
            .inner
            .runs
            .borrow()
            .get(run_id)
            .map(|e| (e.run.clone(), e.request.clone(), e.log.clone()))
        else {
            return;
        };
        let thread_id = run.thread_id.clone().unwrap_or_default();
        let stateless = run.metadata.contains_key("__stateless__");
        let (result, accepted) = match self.lock_for(run_id, &thread_id).await {
            Ok(()) => self.execute_graph(&run, &thread_id, &request, &log, stateless).await,
            Err(e) => (Err(e), false),
        };
        let error = result
            .as_ref()
            .err()
            .map(|e| json!({ "error": e.name(), "message": e.to_string() }));
        if let Some(data) = &error {
            log.push(RunEvent {
                event: "error".into(),
                data: data.clone(),
                id: (!stateless).then(|| log.len().to_string()),
            });
        }
        self.set_status(
            run_id,
            if result.is_ok() {
                RunStatus::Success
            } else {
                RunStatus::Error
            },
        );
        if accepted || result.is_ok() {
            let _ = self.refresh_thread(&thread_id, error).await;
        } else {
            // Refused before its first step (its input did not fit the thread by the time it
            // started): nothing was saved, and the thread keeps the status it had.
            let _ = self.refresh_thread(&thread_id, None).await;
            self.restore_prior_status(run_id, &thread_id);
        }
        // Saved before anyone waiting on the run hears it ended, so a reload right after finds
        // the thread's new status.
        self.flush_in_background().await;
        self.release_lock(run_id);
        log.finish(result);
        if stateless && request.on_completion == OnCompletion::Delete {
            self.delete_stateless_thread(&thread_id).await;
        } else {
            self.start_next(&thread_id);
        }
    }

    /// Gives the thread back the status (and error) it had when the run was created.
    fn restore_prior_status(&self, run_id: &str, thread_id: &str) {
        let prior = self.inner.runs.borrow().get(run_id).and_then(|e| e.prior.clone());
        let busy = self.active_run(thread_id).is_some();
        if let (Some((status, error)), Some(thread)) = (prior, self.inner.threads.borrow_mut().get_mut(thread_id)) {
            if !busy && status != super::ThreadStatus::Busy {
                thread.status = status;
                thread.error = error;
            }
        }
    }

    /// Lets go of the run's thread lock (the guard is dropped outside the borrow: releasing may
    /// call into JS).
    fn release_lock(&self, run_id: &str) {
        let guard = self
            .inner
            .runs
            .borrow_mut()
            .get_mut_unsaved(run_id)
            .and_then(|e| e.lock.take());
        drop(guard);
    }

    /// Takes the thread's cross-page lock for a run that does not hold it yet (it was queued,
    /// or another page held the thread when it was created), waiting as long as needed.
    async fn lock_for(&self, run_id: &str, thread_id: &str) -> Result<(), ServerError> {
        let Some(locks) = self.inner.locks.clone() else {
            return Ok(());
        };
        let held = self.inner.runs.borrow().get(run_id).is_some_and(|e| e.lock.is_some());
        if held {
            return Ok(());
        }
        let guard = locks.lock(thread_id).await?;
        self.claim_thread(thread_id).await?;
        if let Some(e) = self.inner.runs.borrow_mut().get_mut(run_id) {
            e.lock = Some(guard);
        }
        Ok(())
    }

    /// Runs the graph for the run, logging its events. Also says whether the run got past its
    /// input (see [`crate::pregel::RunStream::input_accepted`]).
    async fn execute_graph(
        &self,
        run: &Run,
        thread_id: &str,
        request: &RunCreate,
        log: &RunLog,
        stateless: bool,
    ) -> (Result<Value, ServerError>, bool) {
        let prepared = async {
            let assistant = self.assistant(&run.assistant_id)?.clone();
            let graph = self.graph_of(&assistant)?.clone();
            let head = self
                .inner
                .checkpointer
                .get_tuple(&CheckpointConfig::new(thread_id))
                .await?
                .and_then(|t| t.config.checkpoint_id)
                .map(|id| id.to_string());
            Ok::<_, ServerError>((assistant, graph, head))
        };
        let (assistant, graph, head) = match prepared.await {
            Ok(prepared) => prepared,
            Err(e) => return (Err(e), false),
        };
        if let Some(e) = self.inner.runs.borrow_mut().get_mut(&run.run_id) {
            e.start_checkpoint = head;
        }
        let id = |log: &RunLog| (!stateless).then(|| log.len().to_string());
        log.push(RunEvent {
            event: "metadata".into(),
            data: json!({ "run_id": run.run_id, "attempt": 1 }),
            id: id(log),
        });

        let (input, mut options) = run_input(thread_id, request);
        let config = &mut options.config;
        config.metadata = run.metadata.clone();
        config.metadata.remove("__stateless__");
        config
            .metadata
            .insert("graph_id".into(), Value::String(assistant.graph_id.clone()));
        config.run_id = Some(run.run_id.clone());
        let modes = if request.stream_mode.is_empty() {
            vec![StreamMode::Values]
        } else {
            request.stream_mode.clone()
        };
        options.stream_mode = modes.clone();
        options.subgraphs = request.stream_subgraphs;

        let mut stream = graph.stream(input, options);
        while let Some(part) = stream.next().await {
            match part {
                Ok(part) => log.push(RunEvent {
                    event: event_name(part.mode, &part.ns),
                    data: part.data,
                    id: id(log),
                }),
                Err(e) => return (Err(e.into()), stream.input_accepted()),
            }
        }
        let Some(outcome) = stream.outcome().cloned() else {
            let error = ServerError::BadRequest("the run ended without an outcome".into());
            return (Err(error), stream.input_accepted());
        };
        let output = outcome.to_output();
        // At a breakpoint the last `values` chunk carries `__interrupt__: []`, as the server sends.
        if outcome.status != GraphRunStatus::Done && modes.contains(&StreamMode::Values) {
            let last_has_interrupt = log.last_values().is_some_and(|v| v.get("__interrupt__").is_some());
            if !last_has_interrupt {
                log.push(RunEvent {
                    event: "values".into(),
                    data: output.clone(),
                    id: id(log),
                });
            }
        }
        (Ok(output), true)
    }
}

/// The engine's input and options for a run request on `thread_id` (without the run's own
/// metadata and stream settings).
fn run_input(thread_id: &str, request: &RunCreate) -> (Input, RunOptions) {
    let input = match (&request.command, &request.input) {
        (Some(command), _) => Input::Command(command.clone()),
        (None, Some(values)) => Input::Values(Value::Object(values.clone())),
        (None, None) => Input::Resume,
    };
    let mut config = RunConfig::thread(thread_id);
    config.configurable = request.config.configurable.clone();
    config.checkpoint_id = request.checkpoint_id.clone().map(CheckpointId::from);
    config.recursion_limit = request.config.recursion_limit;
    let options = RunOptions {
        config,
        context: request.context.clone(),
        interrupt_before: request.interrupt_before.clone(),
        interrupt_after: request.interrupt_after.clone(),
        ..Default::default()
    };
    (input, options)
}
