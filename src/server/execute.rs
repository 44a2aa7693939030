//! Executing runs in the background: starting a thread's next run (now, after its
//! `after_seconds`, or when the run ahead of it ends), taking the thread's cross-page lock,
//! running the graph with what the run inherits from its assistant, and logging its events in
//! the shapes the LangGraph server streams them.

use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use serde_json::{json, Map, Value};

use super::events::RunLog;
use super::graphs::{configurable_of, merge_config};
use super::messages::MessageEvents;
use super::request::RunCreate;
use super::{Assistant, OnCompletion, Run, RunEvent, RunStatus, Server, ServerError};
use crate::checkpoint::{CheckpointConfig, CheckpointId};
use crate::pregel::{Input, RunConfig, RunOptions, RunStatus as GraphRunStatus, StreamMode, INTERRUPT_KEY};

/// A streamed chunk as the LangGraph server sends it: a `values` chunk at an interrupt is only
/// `{__interrupt__: […]}`; a debug checkpoint also names its checkpoint and parent the way
/// `getState`/`getHistory` do (`checkpoint`, `parent_checkpoint`).
fn server_shape(mode: StreamMode, mut data: Value) -> Value {
    match mode {
        StreamMode::Values => match data.get_mut(INTERRUPT_KEY).map(Value::take) {
            Some(interrupts) => json!({ INTERRUPT_KEY: interrupts }),
            None => data,
        },
        StreamMode::Checkpoints => {
            if let Value::Object(payload) = &mut data {
                server_checkpoint(payload);
            }
            data
        }
        StreamMode::Debug if data.get("type").and_then(Value::as_str) == Some("checkpoint") => {
            if let Some(Value::Object(payload)) = data.get_mut("payload") {
                server_checkpoint(payload);
                let checkpoint = |config: Option<&Value>| {
                    let c = config.and_then(|c| c.get("configurable")).filter(|c| c.is_object());
                    c.map_or(Value::Null, |c| {
                        json!({
                            "thread_id": c["thread_id"], "checkpoint_ns": c["checkpoint_ns"],
                            "checkpoint_id": c["checkpoint_id"], "checkpoint_map": null,
                        })
                    })
                };
                let own = checkpoint(payload.get("config"));
                let parent = checkpoint(payload.get("parent_config"));
                payload.insert("checkpoint".into(), own);
                payload.insert("parent_checkpoint".into(), parent);
            }
            data
        }
        _ => data,
    }
}

/// A checkpoint event's payload as the LangGraph server streams it (Python's
/// `map_debug_checkpoint`): each task `{id, name, error, state}` when it failed, else
/// `{id, name, result, interrupts, state}` when it has a result (Python's truthiness: an empty
/// one does not count), else `{id, name, interrupts, state}`; `interrupts` the pending ones
/// saved for it, `state` a subgraph's `{configurable}` or null. (The engine's payload also has
/// each task's path and the run's own facts, which the JS API uses and the server leaves out.)
fn server_checkpoint(payload: &mut Map<String, Value>) {
    payload.remove("loaded");
    payload.remove("parent_task");
    if let Some(Value::Array(tasks)) = payload.get_mut("tasks") {
        for task in tasks.iter_mut() {
            let mut field = |key: &str| task.get_mut(key).map(Value::take).unwrap_or(Value::Null);
            let (id, name, state) = (field("id"), field("name"), field("state"));
            let (error, result, interrupts) = (field("error"), field("result"), field("interrupts"));
            *task = if !error.is_null() {
                json!({"id": id, "name": name, "error": error, "state": state})
            } else if truthy(&result) {
                json!({"id": id, "name": name, "result": result, "interrupts": interrupts, "state": state})
            } else {
                json!({"id": id, "name": name, "interrupts": interrupts, "state": state})
            };
        }
    }
}

/// Whether Python would take `value` as true (`None`, `False`, `0`, and empty strings, lists and
/// dicts are false).
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// The event name of a streamed part: `name` (its mode, or a message event's name), with the
/// subgraph namespace appended.
fn event_name(name: &str, ns: &[String]) -> String {
    let mut name = name.to_string();
    for level in ns {
        name.push('|');
        name.push_str(level);
    }
    name
}

impl Server {
    /// Starts the thread's next run once `at` has come (a run created with `after_seconds`).
    pub(super) fn start_later(&self, thread_id: &str, at: u64) {
        let wait = std::time::Duration::from_micros(at.saturating_sub(crate::clock::unix_micros()));
        let server = self.clone();
        let thread_id = thread_id.to_string();
        self.inner.spawner.spawn(Box::pin(async move {
            crate::clock::sleep(wait).await;
            server.start_next(&thread_id);
        }));
    }

    /// Starts the oldest pending run of a thread, if none is running.
    pub(super) fn start_next(&self, thread_id: &str) {
        let next = {
            let runs = self.inner.runs.borrow();
            let ours = runs.values().filter(|e| !e.foreign);
            if ours
                .clone()
                .any(|e| e.run.thread_id.as_deref() == Some(thread_id) && e.run.status == RunStatus::Running)
            {
                return;
            }
            let now = crate::clock::unix_micros();
            let prepared = self.inner.prepared.borrow();
            let due = |run_id: &str| {
                prepared
                    .get(run_id)
                    .and_then(|p| p.not_before)
                    .is_none_or(|at| at <= now)
            };
            ours.filter(|e| {
                e.run.thread_id.as_deref() == Some(thread_id)
                    && e.run.status == RunStatus::Pending
                    && e.abort.is_none()
                    && due(&e.run.run_id)
            })
            .min_by(|a, b| a.run.created_at.cmp(&b.run.created_at))
            .map(|e| e.run.run_id.clone())
        };
        if let Some(run_id) = next {
            self.start(&run_id);
        }
    }

    /// Spawns the run's execution.
    pub(super) fn start(&self, run_id: &str) {
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
        let error = result.as_ref().err().map(ServerError::to_json);
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
        self.inner.prepared.borrow_mut().remove(run_id);
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
    pub(super) fn release_lock(&self, run_id: &str) {
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
        let built = self.inner.prepared.borrow().get(&run.run_id).map(|p| p.graph.clone());
        let prepared = async {
            let assistant = self.run_assistant(&run.assistant_id)?;
            let graph = match built {
                Some(graph) => graph,
                None => {
                    let config = self.threads_get(thread_id).map(|t| t.config).unwrap_or_default();
                    self.graph_for(&assistant.graph_id, &with_thread_id(&config, thread_id))
                        .await?
                }
            };
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
        options.host = self.inner.host.borrow().clone();
        let config = &mut options.config;
        config.metadata = run.metadata.clone();
        config.metadata.remove("__stateless__");
        for (key, value) in [
            ("graph_id", &assistant.graph_id),
            ("assistant_id", &assistant.assistant_id),
            ("run_id", &run.run_id),
            ("thread_id", &thread_id.to_string()),
        ] {
            config.metadata.insert(key.into(), Value::String(value.clone()));
        }
        config.metadata.insert("run_attempt".into(), Value::from(1));
        config.run_id = Some(run.run_id.clone());
        config.store = Some(super::store::node_store(self));
        let modes = if request.stream_mode.is_empty() {
            vec![StreamMode::Values]
        } else {
            request.stream_mode.clone()
        };
        options.stream_mode = modes.clone();
        options.subgraphs = request.stream_subgraphs;

        // The log outlives the run: what it holds is JSON, a host's handles encoded.
        let mut stream = graph.stream(input, options);
        let mut messages = MessageEvents::default();
        while let Some(part) = stream.next().await {
            match part {
                Ok(part) if part.mode == StreamMode::Messages => {
                    for (name, data) in messages.events(request.messages, &part.data) {
                        log.push(RunEvent {
                            event: event_name(name, &part.ns),
                            data: super::wire::to_wire(data),
                            id: id(log),
                        });
                    }
                }
                Ok(part) => match stream.encode(part.data) {
                    Ok(data) => log.push(RunEvent {
                        event: event_name(part.mode.as_str(), &part.ns),
                        data: server_shape(part.mode, super::wire::to_wire(data)),
                        id: id(log),
                    }),
                    Err(e) => return (Err(e.into()), stream.input_accepted()),
                },
                Err(e) => return (Err(e.into()), stream.input_accepted()),
            }
        }
        let Some(outcome) = stream.outcome().cloned() else {
            let error = ServerError::BadRequest("the run ended without an outcome".into());
            return (Err(error), stream.input_accepted());
        };
        let output = match stream.encode(outcome.to_output()) {
            Ok(output) => super::wire::to_wire(output),
            Err(e) => return (Err(e.into()), true),
        };
        // A paused run's last `values` chunk is `{__interrupt__: […]}` (`[]` at a breakpoint),
        // as the server sends it; `wait` returns the whole state with it.
        if outcome.status != GraphRunStatus::Done && modes.contains(&StreamMode::Values) {
            let last_has_interrupt = log.last_values().is_some_and(|v| v.get(INTERRUPT_KEY).is_some());
            if !last_has_interrupt {
                log.push(RunEvent {
                    event: "values".into(),
                    data: json!({ INTERRUPT_KEY: output.get(INTERRUPT_KEY).cloned().unwrap_or(json!([])) }),
                    id: id(log),
                });
            }
        }
        (Ok(output), true)
    }
}

/// The engine's input and options for a run request on `thread_id` (without the run's own
/// metadata and stream settings).
pub(super) fn run_input(thread_id: &str, request: &RunCreate) -> (Input, RunOptions) {
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
        durability: request.durability,
        ..Default::default()
    };
    (input, options)
}

/// Makes `body` the request the run executes: the assistant's config (and the thread's, from
/// its last run) under the run's own, `configurable` merged key by key and given the run's
/// ids; the assistant's context under the run's. Returns the merged config (what the thread
/// keeps, and what a graph factory builds from).
pub(super) fn inherit(
    assistant: &Assistant,
    thread_config: &Map<String, Value>,
    body: &mut RunCreate,
    run_id: &str,
) -> Map<String, Value> {
    let assistant_config = assistant.config.as_object().cloned().unwrap_or_default();
    let mut own = Map::new();
    own.insert("configurable".into(), Value::Object(body.config.configurable.clone()));
    if let Some(limit) = body.config.recursion_limit {
        own.insert("recursion_limit".into(), Value::from(limit));
    }
    if !body.config.tags.is_empty() {
        own.insert(
            "tags".into(),
            body.config.tags.iter().cloned().map(Value::String).collect(),
        );
    }
    let mut merged = merge_config(&merge_config(&assistant_config, thread_config), &own);
    let mut configurable = configurable_of(&merged);
    for key in ["thread_id", "checkpoint_id", "checkpoint_ns"] {
        configurable.remove(key);
    }
    for (key, value) in [
        ("run_id", run_id),
        ("graph_id", &assistant.graph_id),
        ("assistant_id", &assistant.assistant_id),
    ] {
        configurable.insert(key.into(), Value::String(value.to_string()));
    }
    merged.insert("configurable".into(), Value::Object(configurable.clone()));
    body.config.configurable = configurable;
    if body.config.recursion_limit.is_none() {
        body.config.recursion_limit = merged
            .get("recursion_limit")
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok());
    }
    if let Some(Value::Object(defaults)) =
        Some(&assistant.context).filter(|c| c.as_object().is_some_and(|m| !m.is_empty()))
    {
        let mut context = defaults.clone();
        if let Value::Object(own) = &body.context {
            context.extend(own.clone());
        }
        body.context = Value::Object(context);
    }
    merged
}

/// `config` with `configurable.thread_id` set (what a graph factory is given).
pub(super) fn with_thread_id(config: &Map<String, Value>, thread_id: &str) -> Map<String, Value> {
    let mut config = config.clone();
    let mut configurable = configurable_of(&config);
    configurable.insert("thread_id".into(), Value::String(thread_id.to_string()));
    config.insert("configurable".into(), Value::Object(configurable));
    config
}
