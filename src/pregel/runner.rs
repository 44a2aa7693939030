//! Running the tasks of one superstep: all of them at once (their futures are polled
//! together), each retried by its node's policy, each task's writes saved as soon as it
//! finishes (so a sibling's interrupt or failure never makes it run again). An interrupt lets
//! the other tasks finish; a failure cancels them.
//!
//! The one exception: the writes of the task that finishes last, when the step is going to
//! end in a checkpoint (nothing interrupted or failed), wait for that checkpoint and are saved
//! with it (`Checkpointer::put_steps`: one transaction on IndexedDB). Nothing runs between the
//! two saves but the applying of the step's writes, so a crash loses no more than it would
//! have, and a single-task step costs one save instead of two.

use std::cell::RefCell;
use std::rc::Rc;

use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::{json, Map, Value};

use super::algo::{self, PreparedTask};
use super::errors::GraphError;
use super::retry::{policy_for, sleep};
use super::run::{Exit, PregelLoop};
use super::runtime::{ParentLink, ParentTask, Runtime, RuntimeInner, Scratchpad};
use super::stream::{Origin, StreamMode};
use super::task;
use super::types::{NodeError, INTERRUPT_KEY, START};
use crate::checkpoint::{now_iso, TaskWrites, ERROR, INTERRUPT, NO_WRITES, RESUME};
use crate::graph::PregelNode;

pub(crate) struct StepOutcome {
    pub interrupted: bool,
}

/// Runs the tasks of the current step that have no saved writes.
pub(crate) async fn run_step(lp: &mut PregelLoop) -> Result<StepOutcome, Exit> {
    let to_run: Vec<usize> = (0..lp.tasks.len()).filter(|i| !lp.tasks[*i].finished()).collect();
    let ran = run_tasks(lp, to_run).await;
    let mut interrupted = false;
    for (idx, writes) in ran.results {
        interrupted |= writes.iter().any(|(c, _)| c == INTERRUPT);
        lp.unapplied_writes |= !writes.is_empty();
        lp.tasks[idx].writes = writes;
    }
    lp.deferred_writes = ran.deferred.map(|writes| (lp.current_config(), writes));
    match ran.failure {
        Some(exit) => Err(exit),
        None => Ok(StepOutcome { interrupted }),
    }
}

/// What running a step's tasks gave.
#[derive(Default)]
struct Ran {
    /// The writes of each task that finished, by task index.
    results: Vec<(usize, Vec<(String, Value)>)>,
    /// Why the step stopped early.
    failure: Option<Exit>,
    /// The last task's writes, not saved yet: they go with the step's checkpoint.
    deferred: Option<TaskWrites>,
}

async fn run_tasks(lp: &PregelLoop, to_run: Vec<usize>) -> Ran {
    let mut running = FuturesUnordered::new();
    let step_writes = Rc::new(lp.pending_writes.clone());
    for idx in to_run {
        let task = &lp.tasks[idx];
        let Some(node) = lp.graph.nodes.get(&task.name) else {
            continue;
        };
        let runtime = make_runtime(lp, task, step_writes.clone());
        running.push(async move {
            let result = run_with_retry(lp, node, task, &runtime).await;
            (idx, result, runtime.used_resume(), runtime.take_output_origin())
        });
    }
    let mut ran = Ran::default();
    // Whether the step still ends in a checkpoint (no task interrupted so far).
    let mut checkpoint_follows = true;
    while let Some((idx, result, resume, origin)) = running.next().await {
        let task = &lp.tasks[idx];
        let (writes, failure) = finished_writes(task, result, resume);
        if let Some(exit @ Exit::ParentCommand(_)) = failure {
            // The parent graph applies the command; this graph's run ends without a result.
            ran.failure = Some(exit);
            return ran;
        }
        checkpoint_follows &= failure.is_none() && !writes.iter().any(|(c, _)| c == INTERRUPT);
        if saves_writes(lp) {
            let no_writes = [(NO_WRITES.to_string(), Value::Null)];
            // A task that wrote nothing saves a marker, so it is not run again.
            let saved = if writes.is_empty() { &no_writes[..] } else { &writes[..] };
            if running.is_empty() && checkpoint_follows {
                ran.deferred = Some(TaskWrites {
                    task_id: task.id.clone(),
                    task_path: task.path.sort_key(),
                    writes: saved.to_vec(),
                });
            } else if let Err(e) = save_task_writes(lp, task, saved).await {
                ran.failure = Some(e);
                return ran;
            }
        }
        emit_result(lp, task, &writes, origin.map(Origin));
        ran.results.push((idx, writes));
        if failure.is_some() {
            // Dropping the other futures cancels them; their writes were never saved. The
            // caller's signal is left alone: it belongs to the caller, not to this run.
            ran.failure = failure;
            return ran;
        }
    }
    ran
}

/// The writes to record for a finished attempt, and the exit it causes.
fn finished_writes(
    task: &PreparedTask,
    result: Result<Vec<(String, Value)>, NodeError>,
    resume: Option<Vec<Value>>,
) -> (Vec<(String, Value)>, Option<Exit>) {
    match result {
        Ok(writes) => (writes, None),
        Err(NodeError::Interrupt(interrupts)) => {
            let mut writes = vec![(
                INTERRUPT.to_string(),
                serde_json::to_value(&interrupts).unwrap_or(Value::Array(Vec::new())),
            )];
            if let Some(resume) = resume {
                writes.push((RESUME.to_string(), Value::Array(resume)));
            }
            (writes, None)
        }
        Err(NodeError::ParentCommand(cmd)) => (Vec::new(), Some(Exit::ParentCommand(cmd))),
        Err(NodeError::Failed(error)) => {
            let writes = vec![(
                ERROR.to_string(),
                json!({"error": error.name, "message": error.message}),
            )];
            (
                writes,
                Some(Exit::Error(GraphError::NodeFailed {
                    node: task.name.clone(),
                    error,
                })),
            )
        }
    }
}

async fn run_with_retry(
    lp: &PregelLoop,
    node: &PregelNode,
    task: &PreparedTask,
    runtime: &Runtime,
) -> Result<Vec<(String, Value)>, NodeError> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        {
            let mut pad = runtime.inner.scratchpad.borrow_mut();
            pad.counter = 0;
            pad.calls = 0;
            pad.attempt = attempts;
        }
        match task::execute(&lp.graph, node, task, runtime.clone(), &lp.channels).await {
            Err(NodeError::Failed(failure)) => match policy_for(&node.retry, &failure, attempts) {
                Some(policy) if !lp.signal.is_cancelled() => sleep(policy.delay(attempts)).await,
                _ => return Err(NodeError::Failed(failure)),
            },
            other => return other,
        }
    }
}

/// Whether tasks' writes are saved during the run (not without a saver, nor under durability
/// `exit`, which saves only when the run ends).
fn saves_writes(lp: &PregelLoop) -> bool {
    lp.saver.is_some() && lp.durability != super::types::Durability::Exit
}

async fn save_task_writes(lp: &PregelLoop, task: &PreparedTask, writes: &[(String, Value)]) -> Result<(), Exit> {
    match lp
        .save_writes(lp.current_config(), &task.id, &task.path.sort_key(), writes)
        .await
    {
        Err(crate::checkpoint::CheckpointError::NotSerializable { message, .. }) => Err(Exit::Error(
            GraphError::InvalidUpdate(format!("Node '{}' wrote {message}", task.name)),
        )),
        other => Ok(other?),
    }
}

fn make_runtime(
    lp: &PregelLoop,
    task: &PreparedTask,
    step_writes: Rc<Vec<crate::checkpoint::PendingWrite>>,
) -> Runtime {
    let interrupt_id = algo::interrupt_id(&task.task_ns);
    let mut resume: Vec<Value> = lp
        .pending_writes
        .iter()
        .find(|w| w.task_id == task.id && w.channel == RESUME)
        .map(|w| match &w.value {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        })
        .unwrap_or_default();
    if let Some(answer) = lp.resume_map.get(&interrupt_id) {
        resume.push(answer.clone());
    }
    let mut checkpoint_map = lp.checkpoint_map.clone();
    checkpoint_map.insert(lp.ns.clone(), lp.checkpoint.id.to_string());
    Runtime {
        inner: Rc::new(RuntimeInner {
            node: task.name.clone(),
            task_id: task.id.clone(),
            task_ns: task.task_ns.clone(),
            step: lp.step,
            triggers: task.fired.clone(),
            path: task.path.to_value(),
            interrupt_id,
            config: lp.config.clone(),
            context: lp.context.clone(),
            scratchpad: RefCell::new(Scratchpad::new(resume, lp.null_resume.clone())),
            signal: lp.signal.clone(),
            link: ParentLink {
                checkpointer: lp.saver.clone(),
                resuming: lp.resuming,
                checkpoint_map,
                resume_map: lp.resume_map.clone(),
                null_resume: lp.null_resume.clone(),
                durability: lp.durability,
                stream: lp.stream.clone(),
                host: lp.host.clone(),
                task: ParentTask {
                    step: lp.step,
                    triggers: task.fired.clone(),
                    path: task.path.to_value(),
                },
            },
            output_origin: RefCell::new(None),
            step_writes,
            checkpoint: lp.saver.as_ref().map(|_| lp.current_config()),
        }),
    }
}

/// The state keys a task wrote, as `{key: value}` (`null` when it wrote none); for a root graph,
/// the output value it wrote.
fn state_update(lp: &PregelLoop, writes: &[(String, Value)]) -> Value {
    if let Some(root) = &lp.graph.root {
        return writes
            .iter()
            .rev()
            .find(|(c, _)| *c == root.output)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
    }
    let map = algo::state_writes(&lp.graph, writes);
    if map.is_empty() {
        Value::Null
    } else {
        Value::Object(map)
    }
}

/// `updates` for a task: `{node: update}`, marked cached when its writes were reused.
pub(crate) fn emit_updates(lp: &PregelLoop, task: &PreparedTask, cached: bool) {
    if task.name == START || !lp.stream.wants(StreamMode::Updates, &lp.ns) {
        return;
    }
    let mut chunk = Map::new();
    chunk.insert(task.name.clone(), state_update(lp, &task.writes));
    if cached {
        chunk.insert("__metadata__".into(), json!({"cached": true}));
    }
    lp.stream.emit(StreamMode::Updates, &lp.ns, Value::Object(chunk));
}

pub(crate) fn emit_task_starts(lp: &PregelLoop) {
    if !lp.stream.wants(StreamMode::Tasks, &lp.ns) && !lp.stream.wants(StreamMode::Debug, &lp.ns) {
        return;
    }
    for task in lp.tasks.iter().filter(|t| t.name != START) {
        let payload = json!({"id": task.id, "name": task.name, "input": task.input.to_value(), "triggers": task.triggers, "interrupts": []});
        emit_task_event(lp, payload, "task");
    }
}

fn emit_task_event(lp: &PregelLoop, payload: Value, kind: &str) {
    if lp.stream.wants(StreamMode::Debug, &lp.ns) {
        let debug = json!({"step": lp.step, "timestamp": now_iso(), "type": kind, "payload": payload.clone()});
        lp.stream.emit(StreamMode::Debug, &lp.ns, debug);
    }
    lp.stream.emit(StreamMode::Tasks, &lp.ns, payload);
}

fn emit_result(lp: &PregelLoop, task: &PreparedTask, writes: &[(String, Value)], origin: Option<Origin>) {
    if task.name == START {
        return;
    }
    let interrupts: Vec<Value> = writes
        .iter()
        .filter(|(c, _)| c == INTERRUPT)
        .flat_map(|(_, v)| v.as_array().cloned().unwrap_or_default())
        .collect();
    let error = writes.iter().find(|(c, _)| c == ERROR).map(|(_, v)| v.clone());
    if !interrupts.is_empty() {
        lp.stream
            .emit(StreamMode::Updates, &lp.ns, json!({ INTERRUPT_KEY: interrupts }));
        if lp.stream.wants(StreamMode::Values, &lp.ns) {
            let mut values = algo::state_values(&lp.graph, &lp.channels);
            match &mut values {
                Value::Object(map) if lp.graph.root.is_none() => {
                    map.insert(INTERRUPT_KEY.into(), Value::Array(interrupts.clone()));
                }
                // A root graph's (an entrypoint's) state is one value of any kind, the last run's
                // return value: the chunk is the interrupts alone.
                _ => values = json!({ INTERRUPT_KEY: interrupts }),
            }
            lp.stream.emit(StreamMode::Values, &lp.ns, values);
        }
    } else if error.is_none() && lp.stream.wants(StreamMode::Updates, &lp.ns) {
        let mut chunk = Map::new();
        chunk.insert(task.name.clone(), state_update(lp, writes));
        lp.stream
            .emit_with_origin(StreamMode::Updates, &lp.ns, Value::Object(chunk), origin);
    }
    // Events nobody listens to are not built: their payloads copy the task's writes.
    if !lp.stream.wants(StreamMode::Tasks, &lp.ns) && !lp.stream.wants(StreamMode::Debug, &lp.ns) {
        return;
    }
    let payload = json!({
        "id": task.id,
        "name": task.name,
        "error": error,
        "result": state_update(lp, writes),
        "interrupts": interrupts,
    });
    emit_task_event(lp, payload, "task_result");
}
