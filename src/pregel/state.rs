//! Reading and editing a thread's saved state: `get_state` (values, next nodes, tasks with
//! their interrupts and errors), `get_state_history`, and `update_state` (apply an update as if
//! a node had returned it, forking when an older checkpoint is named).

use std::rc::Rc;

use serde_json::{json, Map, Value};

use super::algo::{self, Channels, PreparedTask, TaskWrites};
use super::errors::GraphError;
use super::input::interrupts_in;
use super::persist::snapshot;
use super::task;
use super::types::{Command, Interrupt, NodeOutput, RunConfig, END, START};
use crate::checkpoint::{
    ChannelVersions, Checkpoint, CheckpointConfig, CheckpointId, CheckpointMetadata, CheckpointSource, CheckpointTuple,
    Checkpointer, ListQuery, PendingWrite, ERROR, INTERRUPT,
};
use crate::graph::{CompiledGraph, GraphSpec};
use crate::sorted::{SortedMap, SortedSet};

/// A thread's state at one checkpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct StateSnapshot {
    pub values: Value,
    /// Nodes that run next (tasks without saved results).
    pub next: Vec<String>,
    /// Names this checkpoint.
    pub config: CheckpointConfig,
    pub metadata: Option<CheckpointMetadata>,
    pub created_at: Option<String>,
    pub parent_config: Option<CheckpointConfig>,
    pub tasks: Vec<ThreadTask>,
    /// The pending interrupts of all tasks.
    pub interrupts: Vec<Interrupt>,
}

/// A task of the next step, with what is known of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadTask {
    pub id: String,
    pub name: String,
    pub path: Value,
    /// `{error, message}` when the task failed.
    pub error: Option<Value>,
    pub interrupts: Vec<Interrupt>,
    /// For a subgraph node: where its state is (or the state itself, with `subgraphs`).
    pub state: Option<TaskState>,
    /// The task's state update, when it finished.
    pub result: Option<Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TaskState {
    Config(CheckpointConfig),
    Snapshot(Box<StateSnapshot>),
}

/// Options of `get_state_history`.
#[derive(Clone, Debug, Default)]
pub struct HistoryOptions {
    pub before: Option<CheckpointId>,
    pub limit: Option<usize>,
    /// Only checkpoints whose metadata has these key/values.
    pub filter: Option<Map<String, Value>>,
}

fn saver_of(graph: &CompiledGraph) -> Result<Rc<dyn Checkpointer>, GraphError> {
    graph.spec.checkpointer.clone().ok_or_else(|| {
        GraphError::NoCheckpointer("This graph has no checkpointer: compile it with one to keep state".into())
    })
}

fn thread_of(config: &RunConfig) -> Result<String, GraphError> {
    config
        .thread_id
        .clone()
        .ok_or_else(|| GraphError::InvalidConfig("`thread_id` is required in config".into()))
}

impl CompiledGraph {
    /// The graph whose checkpoints live in namespace `ns`: this one for `""`, else the subgraph
    /// each level names (`child:<task id>|grandchild:<task id>`).
    pub fn graph_at(&self, ns: &str) -> Result<CompiledGraph, GraphError> {
        let mut graph = self.clone();
        for level in ns.split(super::types::NS_SEP).filter(|l| !l.is_empty()) {
            let name = level.split(super::types::NS_END).next().unwrap_or(level);
            let sub = graph.action(name).and_then(|a| a.subgraph()).cloned();
            graph = sub.ok_or_else(|| {
                GraphError::InvalidConfig(format!("checkpoint namespace '{ns}' names no subgraph ('{name}')"))
            })?;
        }
        Ok(graph)
    }

    /// The thread's latest state (or the checkpoint `config.checkpoint_id` names). With
    /// `subgraphs`, tasks that run subgraphs carry those subgraphs' states too.
    pub async fn get_state(&self, config: &RunConfig, subgraphs: bool) -> Result<StateSnapshot, GraphError> {
        let saver = saver_of(self)?;
        let thread_id = thread_of(config)?;
        let cfg = CheckpointConfig::new(thread_id.clone())
            .with_ns(config.checkpoint_ns.clone())
            .with_id(config.checkpoint_id.clone());
        let target = self.graph_at(&config.checkpoint_ns)?;
        match saver.get_tuple(&cfg).await? {
            Some(tuple) => build_snapshot(&target, &saver, tuple, config.checkpoint_id.is_none(), subgraphs).await,
            None => Ok(StateSnapshot {
                values: json!({}),
                next: Vec::new(),
                config: cfg,
                metadata: None,
                created_at: None,
                parent_config: None,
                tasks: Vec::new(),
                interrupts: Vec::new(),
            }),
        }
    }

    /// The thread's checkpoints, newest first (of every branch, after forks).
    pub async fn get_state_history(
        &self,
        config: &RunConfig,
        options: HistoryOptions,
    ) -> Result<Vec<StateSnapshot>, GraphError> {
        let saver = saver_of(self)?;
        let query = ListQuery {
            thread_id: Some(thread_of(config)?),
            checkpoint_ns: Some(config.checkpoint_ns.clone()),
            // A config naming a checkpoint lists that checkpoint only, as the saver's `list` does.
            checkpoint_id: config.checkpoint_id.clone(),
            before: options.before,
            limit: options.limit,
            filter: options.filter,
        };
        let target = self.graph_at(&config.checkpoint_ns)?;
        let mut out = Vec::new();
        for tuple in saver.list(&query).await? {
            out.push(build_snapshot(&target, &saver, tuple, false, false).await?);
        }
        Ok(out)
    }

    /// Applies `values` as if node `as_node` had returned them (its edges and conditional
    /// edges included), and saves the result as a new checkpoint. With `config.checkpoint_id`,
    /// forks from that checkpoint. Returns the config naming the new checkpoint.
    ///
    /// `as_node` may be omitted when it is clear (one node, or one node that ran last);
    /// `"__end__"` with `null` values closes the pending tasks; `"__input__"` applies the values
    /// as new input; `"__copy__"` copies the checkpoint.
    pub async fn update_state(
        &self,
        config: &RunConfig,
        values: impl Into<NodeOutput>,
        as_node: Option<&str>,
    ) -> Result<CheckpointConfig, GraphError> {
        let output = values.into();
        let saver = saver_of(self)?;
        let thread_id = thread_of(config)?;
        let target = self.graph_at(&config.checkpoint_ns)?;
        let spec = &target.spec;
        let cfg = CheckpointConfig::new(thread_id.clone())
            .with_ns(config.checkpoint_ns.clone())
            .with_id(config.checkpoint_id.clone());
        let saved = saver.get_tuple(&cfg).await?;
        if saved.is_none() {
            if let Some(id) = &config.checkpoint_id {
                return Err(crate::checkpoint::CheckpointError::NotFound(format!(
                    "checkpoint {id} of thread {thread_id}"
                ))
                .into());
            }
        }
        let fresh = saved.is_none();
        let (mut checkpoint, metadata, parent_id, grandparent_id) = match saved {
            Some(t) => (
                t.checkpoint,
                t.metadata,
                t.config.checkpoint_id,
                t.parent_config.and_then(|p| p.checkpoint_id),
            ),
            None => (Checkpoint::empty(), empty_metadata(), None, None),
        };
        let previous_versions = checkpoint.channel_versions.clone();
        let mut channels = algo::channels_from_checkpoint(spec, &checkpoint)?;
        let step = metadata.step + 1;
        let as_node = match as_node {
            Some(n) => n.to_string(),
            None => infer_as_node(spec, &checkpoint)?,
        };

        // A Command is what a node returns: only a node's update can be one.
        let plain = |output: NodeOutput| match output {
            NodeOutput::Update(values) => Ok(values),
            _ => Err(GraphError::InvalidUpdate(format!(
                "updateState as '{as_node}' takes values, not a Command"
            ))),
        };
        let source = match as_node.as_str() {
            "__copy__" => {
                plain(output)?;
                CheckpointSource::Fork
            }
            "__input__" => {
                let writes = vec![TaskWrites::input(vec![(START.to_string(), plain(output)?)])];
                let updated = algo::apply_writes(&mut checkpoint, &mut channels, writes, &spec.trigger_to_nodes)?;
                // A thread's first input is step -1, as a run's input is; an update is step 0.
                let step = if fresh { -1 } else { step };
                return save_update(
                    &saver,
                    &cfg,
                    parent_id,
                    &checkpoint,
                    &channels,
                    step,
                    Some(updated),
                    CheckpointSource::Input,
                    &previous_versions,
                )
                .await;
            }
            END if matches!(output, NodeOutput::Update(Value::Null)) => {
                let tasks = algo::prepare_next_tasks(spec, &checkpoint, &channels, &config.checkpoint_ns, step, None);
                let writes = tasks.iter().map(TaskWrites::discarded).collect();
                algo::apply_writes(&mut checkpoint, &mut channels, writes, &spec.trigger_to_nodes)?;
                CheckpointSource::Update
            }
            name => {
                // `__start__` too: its writers put the values into the state and follow its
                // edges, as a run's input does (how `supersteps` replay a thread's first step).
                let node = spec.nodes.get(name).ok_or_else(|| {
                    GraphError::InvalidUpdate(format!("Cannot update state as node '{name}': there is no such node"))
                })?;
                // As the node returning it would: its update, its goto; a resume answers no
                // interrupt here (LangGraph.js ignores it too).
                let output = match output {
                    NodeOutput::Command(command) => NodeOutput::Command(Command {
                        resume: None,
                        ..command
                    }),
                    other => other,
                };
                let mut writes = task::output_writes(spec, name, output).map_err(GraphError::invalid_update_from)?;
                task::add_writer_writes(spec, node, &mut writes, &channels)
                    .await
                    .map_err(GraphError::invalid_update_from)?;
                let tw = TaskWrites {
                    name: name.to_string(),
                    path_key: String::new(),
                    triggers: vec![INTERRUPT.to_string()],
                    writes,
                };
                algo::apply_writes(&mut checkpoint, &mut channels, vec![tw], &spec.trigger_to_nodes)?;
                CheckpointSource::Update
            }
        };
        // A copy is a sibling of the checkpoint it copies (same parent), not its child.
        let parent_id = if as_node == "__copy__" {
            grandparent_id
        } else {
            parent_id
        };
        save_update(
            &saver,
            &cfg,
            parent_id,
            &checkpoint,
            &channels,
            step,
            None,
            source,
            &previous_versions,
        )
        .await
    }
}

fn empty_metadata() -> CheckpointMetadata {
    CheckpointMetadata {
        source: CheckpointSource::Input,
        step: -1,
        parents: SortedMap::new(),
        extra: Map::new(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn save_update(
    saver: &Rc<dyn Checkpointer>,
    cfg: &CheckpointConfig,
    parent_id: Option<CheckpointId>,
    checkpoint: &Checkpoint,
    channels: &Channels,
    step: i64,
    updated: Option<SortedSet<String>>,
    source: CheckpointSource,
    previous_versions: &ChannelVersions,
) -> Result<CheckpointConfig, GraphError> {
    let next = snapshot(checkpoint, channels, step, updated.as_ref());
    let metadata = CheckpointMetadata {
        source,
        step,
        parents: SortedMap::new(),
        extra: Map::new(),
    };
    let new_versions: ChannelVersions = next
        .channel_versions
        .iter()
        .filter(|(c, v)| previous_versions.get(*c) != Some(v) || source == CheckpointSource::Fork)
        .map(|(c, v)| (c.clone(), *v))
        .collect();
    let parent = cfg.clone().with_id(parent_id);
    Ok(saver.put(&parent, &next, &metadata, &new_versions).await?)
}

/// The node an update without `as_node` is attributed to, as LangGraph.js infers it: the graph's
/// only node (`__start__` counts: a one-node graph has two); on a thread where no node has seen
/// a channel yet, the input node `__start__`; otherwise the node that saw the latest channel
/// version, if only one did. `__start__` is a node like the others here, so an edit at a
/// breakpoint before the first node counts as input and that node still runs.
fn infer_as_node(spec: &GraphSpec, checkpoint: &Checkpoint) -> Result<String, GraphError> {
    let ambiguous = || GraphError::InvalidUpdate("Ambiguous update, specify \"asNode\"".into());
    if spec.nodes.len() == 1 {
        return spec.nodes.keys().next().cloned().ok_or_else(ambiguous);
    }
    let mut last_seen: Vec<(u64, &String)> = checkpoint
        .versions_seen
        .iter()
        .filter(|(n, _)| spec.nodes.contains_key(*n))
        .flat_map(|(n, seen)| seen.values().map(move |v| (*v, n)))
        .filter(|(v, _)| *v != 0)
        .collect();
    crate::sorted::sort(&mut last_seen);
    match last_seen.as_slice() {
        [] if spec.nodes.contains_key(START) => Ok(START.to_string()),
        [] => Err(ambiguous()),
        [.., (before, _), (top, _)] if before == top => Err(ambiguous()),
        [.., (_, node)] => Ok((*node).clone()),
    }
}

/// Builds the snapshot of one saved checkpoint. With `apply_pending`, the values include the
/// writes of tasks that already finished in the next step.
fn build_snapshot<'a>(
    graph: &'a CompiledGraph,
    saver: &'a Rc<dyn Checkpointer>,
    tuple: CheckpointTuple,
    apply_pending: bool,
    subgraphs: bool,
) -> futures::future::LocalBoxFuture<'a, Result<StateSnapshot, GraphError>> {
    Box::pin(async move {
        let spec = &graph.spec;
        let ns = tuple.config.checkpoint_ns.clone();
        let mut checkpoint = tuple.checkpoint;
        let mut channels = algo::channels_from_checkpoint(spec, &checkpoint)?;
        let null_writes = algo::null_writes(&tuple.pending_writes);
        if !null_writes.is_empty() {
            let batch = vec![TaskWrites::input(null_writes)];
            algo::apply_writes(&mut checkpoint, &mut channels, batch, &spec.trigger_to_nodes)?;
        }
        let mut tasks = algo::prepare_next_tasks(spec, &checkpoint, &channels, &ns, tuple.metadata.step + 1, None);
        for task in tasks.iter_mut() {
            task.writes = writes_of(&tuple.pending_writes, &task.id);
        }
        let mut thread_tasks = Vec::with_capacity(tasks.len());
        for task in &tasks {
            thread_tasks.push(thread_task(graph, saver, &tuple.config, task, subgraphs).await?);
        }
        // At the live head, tasks that already finished are not "next"; an older checkpoint
        // (history, an explicit id) shows every task it planned, as LangGraph does.
        let next = tasks
            .iter()
            .filter(|t| !(apply_pending && t.finished()))
            .map(|t| t.name.clone())
            .collect();
        if apply_pending && tasks.iter().any(|t| t.finished()) {
            let writes = tasks.iter().filter(|t| t.finished()).map(TaskWrites::from).collect();
            algo::apply_writes(&mut checkpoint, &mut channels, writes, &spec.trigger_to_nodes)?;
        }
        // The pending ones: a task that finished was resumed past its interrupts.
        let interrupts = tasks
            .iter()
            .zip(&thread_tasks)
            .filter(|(task, _)| !task.finished())
            .flat_map(|(_, t)| t.interrupts.clone())
            .collect();
        Ok(StateSnapshot {
            values: algo::state_values(spec, &channels),
            next,
            created_at: Some(checkpoint.ts.clone()),
            config: tuple.config,
            metadata: Some(tuple.metadata),
            parent_config: tuple.parent_config,
            tasks: thread_tasks,
            interrupts,
        })
    })
}

/// The saved writes of task `task_id`, as `(channel, value)`.
pub(crate) fn writes_of(pending: &[PendingWrite], task_id: &str) -> Vec<(String, Value)> {
    pending
        .iter()
        .filter(|w| w.task_id == task_id)
        .map(|w| (w.channel.clone(), w.value.clone()))
        .collect()
}

async fn thread_task(
    graph: &CompiledGraph,
    saver: &Rc<dyn Checkpointer>,
    config: &CheckpointConfig,
    task: &PreparedTask,
    subgraphs: bool,
) -> Result<ThreadTask, GraphError> {
    // A task keeps its interrupts and its error in the history after it was resumed or retried
    // and finished, as LangGraph.js shows them (`tasksWithWrites`).
    let finished = task.finished();
    let interrupts = task
        .writes
        .iter()
        .filter(|(c, _)| c == INTERRUPT)
        .flat_map(|(_, v)| interrupts_in(v))
        .collect();
    let error = task.writes.iter().find(|(c, _)| c == ERROR).map(|(_, v)| v.clone());
    let result = finished.then(|| Value::Object(algo::state_writes(&graph.spec, &task.writes)));
    let state = match graph.action(&task.name).and_then(|a| a.subgraph()) {
        Some(sub) => {
            let sub_cfg = CheckpointConfig::new(config.thread_id.clone()).with_ns(task.task_ns.clone());
            if subgraphs {
                match saver.get_tuple(&sub_cfg).await? {
                    Some(t) => Some(TaskState::Snapshot(Box::new(
                        build_snapshot(sub, saver, t, true, true).await?,
                    ))),
                    None => Some(TaskState::Config(sub_cfg)),
                }
            } else {
                Some(TaskState::Config(sub_cfg))
            }
        }
        None => None,
    };
    Ok(ThreadTask {
        id: task.id.clone(),
        name: task.name.clone(),
        path: task.path.to_value(),
        error,
        interrupts,
        state,
        result,
    })
}
