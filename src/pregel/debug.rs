//! The payload of a `checkpoints` event (and of a `debug` event of type `checkpoint`): the
//! checkpoint the loop is at, with its planned tasks as LangGraph's `tasksWithWrites` lists them
//! (path, the interrupts and error saved for each, the result of those that finished, where a
//! subgraph task keeps its state). Like LangGraph's `debug` module.
//!
//! The payload holds every fact; each API shapes it: the JS API as LangGraph.js streams it, the
//! server as it always has (`server::execute`). It does not decide what either shows.

use serde_json::{json, Map, Value};

use super::algo::{self, PreparedTask};
use super::run::PregelLoop;
use super::state::writes_of;
use crate::checkpoint::{CheckpointId, ERROR, INTERRUPT, NO_WRITES, RETURN};
use crate::graph::GraphSpec;

impl PregelLoop {
    /// `{config, parent_config, values, metadata, next, tasks, loaded, parent_task?}`: `loaded`
    /// says whether this is the checkpoint the run started from (no checkpoint made yet), whose
    /// parent's config is the saver's, not this run's; a subgraph's checkpoints name the task
    /// that runs it (`{step, triggers, path, checkpoint_map}`).
    pub(super) fn checkpoint_payload(&self) -> Value {
        let config = |id: &Option<CheckpointId>| match id {
            Some(id) => {
                json!({"configurable": {"thread_id": self.thread_id, "checkpoint_ns": self.ns, "checkpoint_id": id}})
            }
            None => Value::Null,
        };
        let mut payload = json!({
            "config": config(&Some(self.checkpoint.id.clone())),
            "parent_config": config(&self.prev_saved_id),
            "values": algo::state_values(&self.graph, &self.channels),
            "metadata": self.metadata.to_value(),
            "next": self.tasks.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
            "tasks": self.tasks.iter().map(|t| self.checkpoint_task(t)).collect::<Vec<_>>(),
            "loaded": !self.made_checkpoint,
        });
        if let (Some(task), Value::Object(map)) = (&self.parent_task, &mut payload) {
            let parent_task = json!({
                "step": task.step,
                "triggers": task.triggers,
                "path": task.path,
                "checkpoint_map": self.checkpoint_map,
            });
            map.insert("parent_task".into(), parent_task);
        }
        payload
    }

    /// `{id, name, path, error?, interrupts, state, result?}`: `error` and `result` only when
    /// the task has them saved, `state` (a subgraph's `{configurable}`) `null` for other nodes.
    fn checkpoint_task(&self, task: &PreparedTask) -> Value {
        let saved = writes_of(&self.pending_writes, &task.id);
        let mut entry = Map::new();
        entry.insert("id".into(), Value::String(task.id.clone()));
        entry.insert("name".into(), Value::String(task.name.clone()));
        entry.insert("path".into(), task.path.to_value());
        if let Some((_, error)) = saved.iter().find(|(c, _)| c == ERROR) {
            entry.insert("error".into(), error.clone());
        }
        let interrupts = saved
            .iter()
            .filter(|(c, _)| c == INTERRUPT)
            .flat_map(|(_, v)| match v {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            })
            .collect();
        entry.insert("interrupts".into(), Value::Array(interrupts));
        let runs_subgraph = self.graph.action(&task.name).is_some_and(|a| a.subgraph().is_some());
        let state = match runs_subgraph {
            true => json!({"configurable": {"thread_id": self.thread_id, "checkpoint_ns": task.task_ns}}),
            false => Value::Null,
        };
        entry.insert("state".into(), state);
        if let Some(result) = task_output(&self.graph, &saved) {
            entry.insert("result".into(), result);
        }
        Value::Object(entry)
    }
}

/// What a task that finished gave, from its saved writes (`None` when it has not finished, or
/// wrote nothing the graph outputs): a called task's return value, a root graph's output value,
/// else its state writes as `{key: value}`, several writes to one key as `{"$writes": […]}`.
pub(crate) fn task_output(graph: &GraphSpec, writes: &[(String, Value)]) -> Option<Value> {
    let finished = writes.iter().any(|(c, _)| !algo::is_special(c) || c == NO_WRITES);
    if !finished {
        return None;
    }
    if let Some((_, value)) = writes.iter().find(|(c, _)| c == RETURN) {
        return Some(value.clone());
    }
    if let Some(root) = &graph.root {
        return writes.iter().find(|(c, _)| *c == root.output).map(|(_, v)| v.clone());
    }
    let mut out = Map::new();
    for (channel, value) in writes.iter().filter(|(c, _)| graph.is_state_key(c)) {
        match out.get_mut(channel) {
            Some(Value::Object(several)) if several.get("$writes").is_some_and(Value::is_array) => {
                if let Some(Value::Array(list)) = several.get_mut("$writes") {
                    list.push(value.clone());
                }
            }
            Some(first) => {
                let first = first.take();
                out.insert(channel.clone(), json!({ "$writes": [first, value] }));
            }
            None => {
                out.insert(channel.clone(), value.clone());
            }
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}
