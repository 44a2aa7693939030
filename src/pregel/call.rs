//! Tasks a running node calls (LangGraph's functional API: `task()` inside an `entrypoint`).
//!
//! A call runs as a task of its own within the caller's superstep: it has an id derived from the
//! caller's task id and the call's position (so a re-run of the caller, after an interrupt,
//! makes the same ids in the same order), its own namespace and interrupt id, and its result is
//! saved as a write of that id (`__return__`) against the current checkpoint as soon as it
//! finishes. When the caller runs again (it was interrupted, or failed), a call whose result is
//! saved returns it without running, and its update is streamed again marked as cached; an
//! unfinished one runs, and an `interrupt()` inside it gets the answers meant for it.
//!
//! What this does not do: a call's writes are not channel writes (a task's result goes to its
//! caller, not to the state), and a call has no retry policy of its own.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use futures::FutureExt;
use serde_json::{json, Map, Value};

use super::algo;
use super::runtime::{parent_ns, Runtime, RuntimeInner, Scratchpad};
use super::stream::StreamMode;
use super::types::{Durability, NodeError, NodeOutput, State, NS_END, NS_SEP};
use crate::checkpoint::{INTERRUPT, RESUME, RETURN};
use crate::graph::NodeAction;

/// The id of the `index`-th call named `name` of the task `parent`.
fn call_id(parent: &str, name: &str, index: usize) -> String {
    algo::task_id(&[
        parent.as_bytes(),
        b"__pregel_call",
        name.as_bytes(),
        index.to_string().as_bytes(),
    ])
}

impl Runtime {
    /// Runs `action` (with `input` as its input) as a task of its own, or returns its saved
    /// result when the calling node runs again. An interrupt inside it pauses the caller too.
    pub fn call(
        &self,
        name: &str,
        action: Rc<dyn NodeAction>,
        input: Value,
    ) -> LocalBoxFuture<'static, Result<Value, NodeError>> {
        let caller = self.inner.clone();
        let index = {
            let mut pad = caller.scratchpad.borrow_mut();
            pad.calls += 1;
            pad.calls - 1
        };
        let id = call_id(&caller.task_id, name, index);
        let graph_ns = parent_ns(&caller.task_ns).to_string();
        let level = format!("{name}{NS_END}{id}");
        let task_ns = if graph_ns.is_empty() {
            level
        } else {
            format!("{graph_ns}{NS_SEP}{level}")
        };
        let name = name.to_string();
        async move {
            let saved = |channel: &str| {
                caller
                    .step_writes
                    .iter()
                    .find(|w| w.task_id == id && w.channel == channel)
                    .map(|w| w.value.clone())
            };
            if let Some(result) = saved(RETURN) {
                emit_update(&caller, &graph_ns, &name, result.clone(), true);
                return Ok(result);
            }
            let interrupt_id = algo::interrupt_id(&task_ns);
            let mut resume: Vec<Value> = match saved(RESUME) {
                Some(Value::Array(items)) => items,
                Some(other) => vec![other],
                None => Vec::new(),
            };
            if let Some(answer) = caller.link.resume_map.get(&interrupt_id) {
                resume.push(answer.clone());
            }
            let runtime = Runtime {
                inner: Rc::new(RuntimeInner {
                    node: name.clone(),
                    task_id: id.clone(),
                    task_ns,
                    step: caller.step,
                    triggers: vec!["__pregel_push".to_string()],
                    path: json!(["__pregel_push", caller.path, index, true]),
                    interrupt_id,
                    config: caller.config.clone(),
                    context: caller.context.clone(),
                    scratchpad: RefCell::new(Scratchpad::new(resume, caller.link.null_resume.clone())),
                    signal: caller.signal.clone(),
                    link: caller.link.clone(),
                    output_origin: RefCell::new(None),
                    step_writes: caller.step_writes.clone(),
                    checkpoint: caller.checkpoint.clone(),
                }),
            };
            let outcome = action.invoke(State::from_value(input), runtime.clone()).await;
            match outcome {
                Ok(output) => {
                    let result = match output {
                        NodeOutput::Update(value) | NodeOutput::SubgraphValues(value) => value,
                        NodeOutput::Command(_) | NodeOutput::Commands(_) => {
                            return Err(NodeError::new(
                                "InvalidUpdateError",
                                format!("task '{name}' returned a Command; a task returns its result"),
                            ))
                        }
                    };
                    save(&caller, &id, vec![(RETURN.to_string(), result.clone())]).await?;
                    emit_update(&caller, &graph_ns, &name, result.clone(), false);
                    Ok(result)
                }
                Err(NodeError::Interrupt(interrupts)) => {
                    let mut writes = vec![(
                        INTERRUPT.to_string(),
                        serde_json::to_value(&interrupts).unwrap_or(Value::Array(Vec::new())),
                    )];
                    if let Some(resume) = runtime.used_resume() {
                        writes.push((RESUME.to_string(), Value::Array(resume)));
                    }
                    save(&caller, &id, writes).await?;
                    Err(NodeError::Interrupt(interrupts))
                }
                Err(other) => Err(other),
            }
        }
        .boxed_local()
    }
}

/// Saves a call's writes against the checkpoint its caller's step started from.
async fn save(caller: &RuntimeInner, id: &str, writes: Vec<(String, Value)>) -> Result<(), NodeError> {
    let (Some(saver), Some(config)) = (&caller.link.checkpointer, &caller.checkpoint) else {
        return Ok(());
    };
    if caller.link.durability == Durability::Exit {
        return Ok(());
    }
    saver
        .put_writes(config, &writes, id, "")
        .await
        .map_err(|e| NodeError::new(e.name(), e.to_string()))
}

/// Streams `{name: result}` in `updates` mode (marked cached when it was saved before).
fn emit_update(caller: &RuntimeInner, graph_ns: &str, name: &str, result: Value, cached: bool) {
    let stream = &caller.link.stream;
    if !stream.wants(StreamMode::Updates, graph_ns) {
        return;
    }
    let mut chunk = Map::new();
    chunk.insert(name.to_string(), result);
    if cached {
        chunk.insert("__metadata__".into(), json!({"cached": true}));
    }
    stream.emit(StreamMode::Updates, graph_ns, Value::Object(chunk));
}
