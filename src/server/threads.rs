//! Threads: create, read, update, delete, search, copy, and their state (current, history,
//! updates). A thread's status and values are refreshed from its graph's state after each run.

use serde_json::{json, Map, Value};

use super::request::StateUpdate;
use super::{new_id, now, Server, ServerError, Thread, ThreadStatus};
use crate::checkpoint::{CheckpointConfig, CheckpointId};
use crate::pregel::{HistoryOptions, RunConfig, StateSnapshot, TaskState};
use crate::sorted::sort_by_key;

/// The body of `threads.create`.
#[derive(Clone, Debug, Default)]
pub struct ThreadCreate {
    pub thread_id: Option<String>,
    pub metadata: Map<String, Value>,
    /// `true` (`if_exists: "do_nothing"`): return the existing thread instead of a 409.
    pub if_exists_do_nothing: bool,
    pub graph_id: Option<String>,
}

/// The body of `threads.search`.
#[derive(Clone, Debug, Default)]
pub struct ThreadSearch {
    pub metadata: Option<Map<String, Value>>,
    pub values: Option<Map<String, Value>>,
    pub ids: Option<Vec<String>>,
    pub status: Option<ThreadStatus>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// `created_at` (default), `updated_at` or `thread_id`.
    pub sort_by: Option<String>,
    /// `desc` (default) or `asc`.
    pub sort_order: Option<String>,
}

/// The body of `threads.getHistory`.
#[derive(Clone, Debug, Default)]
pub struct HistoryQuery {
    pub limit: Option<usize>,
    pub before: Option<String>,
    pub metadata: Option<Map<String, Value>>,
    pub checkpoint_ns: Option<String>,
}

fn not_found(thread_id: &str) -> ServerError {
    ServerError::NotFound(format!("Thread with ID {thread_id} not found"))
}

fn checkpoint_json(c: &CheckpointConfig) -> Value {
    json!({
        "thread_id": c.thread_id,
        "checkpoint_ns": c.checkpoint_ns,
        "checkpoint_id": c.checkpoint_id.as_ref().map(|id| id.to_string()),
        "checkpoint_map": null,
    })
}

/// A snapshot of thread `thread_id` as the server's `ThreadState`. Its metadata names the
/// thread it is read from (a copied thread's checkpoints name the copy, as the server's do).
pub(crate) fn thread_state_json(s: &StateSnapshot, thread_id: &str) -> Value {
    let tasks: Vec<Value> = s
        .tasks
        .iter()
        .map(|t| {
            let (checkpoint, state) = match &t.state {
                Some(TaskState::Config(c)) => (
                    json!({"thread_id": c.thread_id, "checkpoint_ns": c.checkpoint_ns}),
                    Value::Null,
                ),
                Some(TaskState::Snapshot(inner)) => (
                    json!({"thread_id": inner.config.thread_id, "checkpoint_ns": inner.config.checkpoint_ns}),
                    thread_state_json(inner, thread_id),
                ),
                None => (Value::Null, Value::Null),
            };
            let error = t.error.as_ref().map(|e| {
                let name = e.get("error").and_then(Value::as_str).unwrap_or("Error");
                let message = e.get("message").and_then(Value::as_str).unwrap_or("");
                Value::String(format!("{name}: {message}"))
            });
            json!({
                "id": t.id,
                "name": t.name,
                "path": t.path,
                "error": error,
                "interrupts": t.interrupts,
                "checkpoint": checkpoint,
                "state": state,
                "result": t.result,
            })
        })
        .collect();
    json!({
        "values": super::wire::to_wire(s.values.clone()),
        "next": s.next,
        "checkpoint": checkpoint_json(&s.config),
        "metadata": s.metadata.as_ref().map(|m| {
            let mut metadata = m.to_value();
            if let Value::Object(map) = &mut metadata {
                map.insert("thread_id".into(), Value::String(thread_id.to_string()));
            }
            metadata
        }),
        "created_at": s.created_at,
        "parent_checkpoint": s.parent_config.as_ref().map(checkpoint_json),
        "tasks": tasks,
        "interrupts": s.interrupts,
    })
}

impl Server {
    pub fn threads_create(&self, body: ThreadCreate) -> Result<Thread, ServerError> {
        let thread_id = body.thread_id.unwrap_or_else(new_id);
        let mut threads = self.inner.threads.borrow_mut();
        if let Some(existing) = threads.get(&thread_id) {
            return if body.if_exists_do_nothing {
                Ok(existing.clone())
            } else {
                Err(ServerError::Conflict(format!(
                    "Thread with ID {thread_id} already exists"
                )))
            };
        }
        let mut metadata = body.metadata;
        if let Some(graph_id) = body.graph_id {
            metadata.insert("graph_id".into(), Value::String(graph_id));
        }
        let at = now();
        let thread = Thread {
            thread_id: thread_id.clone(),
            created_at: at.clone(),
            updated_at: at,
            metadata,
            status: ThreadStatus::Idle,
            values: json!({}),
            interrupts: Map::new(),
            config: Map::new(),
            error: None,
        };
        threads.insert(thread_id, thread.clone());
        Ok(thread)
    }

    /// Creates a thread, then applies `supersteps` in order (each update as
    /// `updateState(values, as_node)`), as `threads.create({ graphId, supersteps })` asks.
    pub async fn threads_create_with(
        &self,
        body: ThreadCreate,
        supersteps: Vec<super::request::SuperstepUpdate>,
    ) -> Result<Thread, ServerError> {
        let thread = self.threads_create(body)?;
        for update in supersteps {
            let update = StateUpdate {
                values: update.values,
                as_node: update.as_node,
                checkpoint_id: None,
                checkpoint_ns: None,
            };
            self.threads_update_state(&thread.thread_id, update).await?;
        }
        self.threads_get(&thread.thread_id)
    }

    pub fn threads_get(&self, thread_id: &str) -> Result<Thread, ServerError> {
        self.inner
            .threads
            .borrow()
            .get(thread_id)
            .cloned()
            .ok_or_else(|| not_found(thread_id))
    }

    /// Merges `metadata` into the thread's.
    pub fn threads_update(&self, thread_id: &str, metadata: Map<String, Value>) -> Result<Thread, ServerError> {
        let mut threads = self.inner.threads.borrow_mut();
        let thread = threads.get_mut(thread_id).ok_or_else(|| not_found(thread_id))?;
        thread.metadata.extend(metadata);
        thread.updated_at = now();
        Ok(thread.clone())
    }

    /// Deletes the thread, its runs (cancelling those in flight) and all its checkpoints.
    pub async fn threads_delete(&self, thread_id: &str) -> Result<(), ServerError> {
        if self.inner.threads.borrow_mut().remove(thread_id).is_none() {
            return Err(not_found(thread_id));
        }
        let runs: Vec<String> = self
            .inner
            .runs
            .borrow()
            .values()
            .filter(|e| e.run.thread_id.as_deref() == Some(thread_id))
            .map(|e| e.run.run_id.clone())
            .collect();
        for run_id in runs {
            self.forget_run(&run_id);
        }
        self.inner.checkpointer.delete_thread(thread_id).await?;
        Ok(())
    }

    pub fn threads_search(&self, query: &ThreadSearch) -> Vec<Thread> {
        let threads = self.inner.threads.borrow();
        let subset = |want: &Option<Map<String, Value>>, have: &Map<String, Value>| {
            want.as_ref()
                .is_none_or(|w| w.iter().all(|(k, v)| have.get(k) == Some(v)))
        };
        let mut found: Vec<Thread> = threads
            .values()
            .filter(|t| subset(&query.metadata, &t.metadata))
            .filter(|t| {
                query
                    .values
                    .as_ref()
                    .is_none_or(|w| w.iter().all(|(k, v)| t.values.get(k) == Some(v)))
            })
            .filter(|t| query.status.is_none_or(|s| s == t.status))
            .filter(|t| query.ids.as_ref().is_none_or(|ids| ids.contains(&t.thread_id)))
            .cloned()
            .collect();
        let key = |t: &Thread| match query.sort_by.as_deref() {
            Some("updated_at") => t.updated_at.clone(),
            Some("thread_id") => t.thread_id.clone(),
            _ => t.created_at.clone(),
        };
        sort_by_key(&mut found, key);
        if query.sort_order.as_deref() != Some("asc") {
            found.reverse();
        }
        found
            .into_iter()
            .skip(query.offset.unwrap_or(0))
            .take(query.limit.unwrap_or(10))
            .collect()
    }

    /// A new thread with the same metadata and a copy of every checkpoint.
    pub async fn threads_copy(&self, thread_id: &str) -> Result<Thread, ServerError> {
        let source = self.threads_get(thread_id)?;
        let copy = self.threads_create(ThreadCreate {
            metadata: source.metadata.clone(),
            ..Default::default()
        })?;
        self.inner.checkpointer.copy_thread(thread_id, &copy.thread_id).await?;
        {
            let mut threads = self.inner.threads.borrow_mut();
            if let Some(t) = threads.get_mut(&copy.thread_id) {
                t.values = source.values;
                t.interrupts = source.interrupts;
                t.config = source.config;
                t.status = if source.status == ThreadStatus::Busy {
                    ThreadStatus::Idle
                } else {
                    source.status
                };
            }
        }
        self.threads_get(&copy.thread_id)
    }

    fn run_config(thread_id: &str, checkpoint_id: Option<&str>, ns: Option<&str>) -> RunConfig {
        let mut config = RunConfig::thread(thread_id);
        config.checkpoint_id = checkpoint_id.map(CheckpointId::from);
        config.checkpoint_ns = ns.unwrap_or_default().to_string();
        config
    }

    /// The thread's state (at `checkpoint_id`, or the latest; of the subgraph at `checkpoint_ns`,
    /// or the root), as a `ThreadState`.
    pub async fn threads_get_state(
        &self,
        thread_id: &str,
        checkpoint_id: Option<&str>,
        subgraphs: bool,
        checkpoint_ns: Option<&str>,
    ) -> Result<Value, ServerError> {
        let thread = self.threads_get(thread_id)?;
        let Some(graph) = self.thread_graph(&thread).await? else {
            if let Some(id) = checkpoint_id {
                return Err(ServerError::NotFound(format!(
                    "Checkpoint {id} of thread {thread_id} not found"
                )));
            }
            return Ok(json!({
                "values": {}, "next": [], "tasks": [], "metadata": null, "created_at": null,
                "checkpoint": {"thread_id": thread_id, "checkpoint_ns": "", "checkpoint_id": null, "checkpoint_map": null},
                "parent_checkpoint": null, "interrupts": [],
            }));
        };
        let config = Self::run_config(thread_id, checkpoint_id, checkpoint_ns);
        let snapshot = graph.get_state(&config, subgraphs).await?;
        if let (Some(id), None) = (checkpoint_id, &snapshot.metadata) {
            return Err(ServerError::NotFound(format!(
                "Checkpoint {id} of thread {thread_id} not found"
            )));
        }
        Ok(thread_state_json(&snapshot, thread_id))
    }

    /// Applies `update.values` as node `update.as_node` (inferred when `None`); returns
    /// `{checkpoint}`.
    pub async fn threads_update_state(&self, thread_id: &str, update: StateUpdate) -> Result<Value, ServerError> {
        let thread = self.threads_get(thread_id)?;
        if self.active_run(thread_id).is_some() {
            return Err(ServerError::Conflict("Thread is busy".into()));
        }
        let graph = self
            .thread_graph(&thread)
            .await?
            .ok_or_else(|| ServerError::BadRequest(format!("Thread {thread_id} has no graph_id: run it once first")))?;
        let config = Self::run_config(
            thread_id,
            update.checkpoint_id.as_deref(),
            update.checkpoint_ns.as_deref(),
        );
        let saved = graph
            .update_state(&config, update.values, update.as_node.as_deref())
            .await
            .map_err(ServerError::refused)?;
        self.refresh_thread(thread_id, None).await?;
        Ok(json!({ "checkpoint": checkpoint_json(&saved) }))
    }

    /// The thread's checkpoints, newest first, as `ThreadState`s.
    pub async fn threads_get_history(&self, thread_id: &str, query: &HistoryQuery) -> Result<Vec<Value>, ServerError> {
        let thread = self.threads_get(thread_id)?;
        let Some(graph) = self.thread_graph(&thread).await? else {
            return Ok(Vec::new());
        };
        let options = HistoryOptions {
            before: query.before.clone().map(CheckpointId::from),
            limit: Some(query.limit.unwrap_or(10)),
            filter: query.metadata.clone(),
        };
        let config = Self::run_config(thread_id, None, query.checkpoint_ns.as_deref());
        let history = graph.get_state_history(&config, options).await?;
        Ok(history.iter().map(|s| thread_state_json(s, thread_id)).collect())
    }

    /// Sets the thread's values, interrupts and status from its latest state (after a run or
    /// an update). `error` marks a failed run.
    pub(crate) async fn refresh_thread(&self, thread_id: &str, error: Option<Value>) -> Result<(), ServerError> {
        let Ok(thread) = self.threads_get(thread_id) else {
            return Ok(());
        };
        let snapshot = match self.thread_graph(&thread).await? {
            Some(graph) => match graph.get_state(&RunConfig::thread(thread_id), false).await {
                Ok(snapshot) => Some(snapshot),
                Err(error) => return Err(self.unreadable_checkpoints(thread_id, error)),
            },
            None => None,
        };
        let busy = self.active_run(thread_id).is_some();
        let mut threads = self.inner.threads.borrow_mut();
        let Some(thread) = threads.get_mut(thread_id) else {
            return Ok(());
        };
        if let Some(s) = snapshot {
            thread.values = super::wire::to_wire(s.values.clone());
            thread.interrupts = s
                .tasks
                .iter()
                // Pending ones only: a task with a result was resumed past its interrupts.
                .filter(|t| !t.interrupts.is_empty() && t.result.is_none())
                .map(|t| (t.id.clone(), serde_json::to_value(&t.interrupts).unwrap_or(Value::Null)))
                .collect();
            thread.status = if error.is_some() {
                ThreadStatus::Error
            } else if !s.next.is_empty() {
                ThreadStatus::Interrupted
            } else if busy {
                ThreadStatus::Busy
            } else {
                ThreadStatus::Idle
            };
        } else {
            thread.status = if busy { ThreadStatus::Busy } else { ThreadStatus::Idle };
        }
        thread.error = error;
        thread.updated_at = now();
        Ok(())
    }
}
