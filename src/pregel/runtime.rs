//! `Runtime`: what a running node can reach besides its state — `interrupt()`, its config and
//! context, the custom stream writer, a cancellation flag — and, for a subgraph node, what the
//! nested run inherits from its parent (checkpointer, namespace, resume answers).
//!
//! Interrupt answers live in a per-task scratchpad: answers saved for this task (its `__resume__`
//! write), an answer addressed to it by interrupt id, and the run's one bare answer (shared by
//! every task and nested subgraph of the run; the first `interrupt()` that finds no answer of its
//! own takes it).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde_json::Value;

use super::stream::{StreamMode, StreamSink};
use super::types::{Durability, Interrupt, NodeError, ResumeMap, RunConfig};
use crate::checkpoint::{CheckpointConfig, Checkpointer, PendingWrite};
use crate::sorted::SortedMap;

/// The run's bare `Command { resume }` answer, taken by the first interrupt that needs it.
pub(crate) type NullResume = Rc<RefCell<Option<Value>>>;

pub(crate) struct Scratchpad {
    /// Answers for this task's interrupts, in call order.
    pub resume: Vec<Value>,
    /// Set once `interrupt()` returned an answer: the task then saves `resume` as a write.
    pub resume_used: bool,
    pub counter: usize,
    /// How many tasks this run of the node called so far (`Runtime::call`).
    pub calls: usize,
    pub null_resume: NullResume,
    /// Which attempt at the task this is: 1, then one more for each retry.
    pub attempt: u32,
    /// When the first attempt started, in milliseconds since the Unix epoch.
    pub first_attempt_ms: f64,
}

impl Scratchpad {
    /// A task's scratchpad before its first attempt: answers `resume` for its interrupts.
    pub(crate) fn new(resume: Vec<Value>, null_resume: NullResume) -> Self {
        Scratchpad {
            resume,
            resume_used: false,
            counter: 0,
            calls: 0,
            null_resume,
            attempt: 1,
            first_attempt_ms: (crate::clock::unix_micros() / 1000) as f64,
        }
    }
}

/// A flag a run sets to ask its running nodes to stop.
#[derive(Clone, Default, Debug)]
pub struct CancelSignal(Rc<Cell<bool>>);

impl CancelSignal {
    pub fn cancel(&self) {
        self.0.set(true);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// What a subgraph run inherits from the task that runs it.
#[derive(Clone)]
pub(crate) struct ParentLink {
    pub checkpointer: Option<Rc<dyn Checkpointer>>,
    /// Whether the parent run is resuming (then the subgraph continues from its own checkpoint).
    pub resuming: bool,
    /// Ancestor namespace → checkpoint id, for the subgraph's checkpoint metadata.
    pub checkpoint_map: SortedMap<String, String>,
    pub resume_map: Rc<ResumeMap>,
    pub null_resume: NullResume,
    pub durability: Durability,
    pub stream: StreamSink,
    /// What the run's host gave it (see [`Host`]), for nested runs too.
    pub host: Option<Host>,
    /// The task itself, as the subgraph's checkpoint events describe it.
    pub task: ParentTask,
}

/// The task that runs a subgraph, as LangGraph describes a task in its config metadata
/// (`langgraph_step`, `langgraph_triggers`, `langgraph_path`); the subgraph's `checkpoints`
/// events carry it, for the JS API to show the run config LangGraph.js shows there.
#[derive(Clone, Debug)]
pub(crate) struct ParentTask {
    pub step: i64,
    /// The trigger that made it run.
    pub triggers: Vec<String>,
    pub path: serde_json::Value,
}

/// Whatever the program hosting the engine attaches to a run, opaque to the engine and handed to
/// its nodes (`Runtime::host`): the JS binding keeps the run's JS-side config there (callbacks,
/// a store, the caller's own objects), which cannot cross into the engine as JSON.
#[derive(Clone)]
pub struct Host(pub Rc<dyn std::any::Any>);

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Host")
    }
}

pub(crate) struct RuntimeInner {
    pub node: String,
    pub task_id: String,
    /// This task's checkpoint namespace (`node:<task id>`, under the parent's).
    pub task_ns: String,
    pub step: i64,
    /// The trigger that made the task run (`branch:to:<node>`, `__start__`, `__pregel_push`).
    pub triggers: Vec<String>,
    /// `["__pregel_pull", node]` or `["__pregel_push", index]`.
    pub path: Value,
    pub interrupt_id: String,
    pub config: Rc<RunConfig>,
    pub context: Rc<Value>,
    pub scratchpad: RefCell<Scratchpad>,
    pub signal: CancelSignal,
    pub link: ParentLink,
    /// What the node returned, in its binding's terms (for `updates` chunks).
    pub output_origin: RefCell<Option<Rc<dyn std::any::Any>>>,
    /// The writes saved against the checkpoint this step started from (a re-run finds its
    /// calls' results there).
    pub step_writes: Rc<Vec<PendingWrite>>,
    /// That checkpoint, where calls save their writes (`None` without a checkpointer).
    pub checkpoint: Option<CheckpointConfig>,
}

/// Handed to every node call. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) inner: Rc<RuntimeInner>,
}

impl Runtime {
    /// Pauses the run until a person answers, and returns the answer.
    ///
    /// The first time, this returns `Err(NodeError::Interrupt)`: propagate it with `?`. The run
    /// stops and reports `value`. When the run is resumed with an answer, the node runs again
    /// from its start and this call returns the answer. A node may call `interrupt` several
    /// times; each call gets its own answer, in order.
    pub fn interrupt(&self, value: Value) -> Result<Value, NodeError> {
        let inner = &self.inner;
        let mut pad = inner.scratchpad.borrow_mut();
        let idx = pad.counter;
        pad.counter += 1;
        if let Some(answer) = pad.resume.get(idx).cloned() {
            pad.resume_used = true;
            return Ok(answer);
        }
        let taken = pad.null_resume.borrow_mut().take();
        if let Some(answer) = taken {
            pad.resume.push(answer.clone());
            pad.resume_used = true;
            return Ok(answer);
        }
        Err(NodeError::Interrupt(vec![Interrupt {
            value,
            id: inner.interrupt_id.clone(),
        }]))
    }

    /// Which attempt at the task this is (1, then one more for each retry), and when the first
    /// started (milliseconds since the Unix epoch).
    pub fn attempt(&self) -> (u32, f64) {
        let pad = self.inner.scratchpad.borrow();
        (pad.attempt, pad.first_attempt_ms)
    }

    /// The checkpoint this task's step started from, by the namespace of each graph from the
    /// root to this task's (`""` for the root).
    pub fn checkpoint_map(&self) -> &SortedMap<String, String> {
        &self.inner.link.checkpoint_map
    }

    /// The id of the checkpoint this task's step started from.
    pub fn checkpoint_id(&self) -> Option<&str> {
        self.inner
            .link
            .checkpoint_map
            .get(parent_ns(&self.inner.task_ns))
            .map(String::as_str)
    }

    /// Whether the run saves checkpoints (its own checkpointer, or its parent's).
    pub fn has_checkpointer(&self) -> bool {
        self.inner.link.checkpointer.is_some()
    }

    /// Sends `chunk` to the run's `custom` stream.
    pub fn write(&self, chunk: Value) {
        let stream = &self.inner.link.stream;
        stream.emit(
            StreamMode::Custom,
            stream.custom_ns(parent_ns(&self.inner.task_ns)),
            chunk,
        );
    }

    /// The run's config (thread id, `configurable`, …).
    pub fn config(&self) -> &RunConfig {
        &self.inner.config
    }

    /// The store the run was given (a Client's runs get its store), if any.
    pub fn store(&self) -> Option<&super::store::StoreHandle> {
        self.inner.config.store.as_ref()
    }

    /// The run's context value (`null` when none was given).
    pub fn context(&self) -> &Value {
        &self.inner.context
    }

    /// The name of the running node.
    pub fn node(&self) -> &str {
        &self.inner.node
    }

    pub fn task_id(&self) -> &str {
        &self.inner.task_id
    }

    /// The superstep this task runs in.
    pub fn step(&self) -> i64 {
        self.inner.step
    }

    /// This task's checkpoint namespace (`node:<task id>`, under its graph's).
    pub fn task_ns(&self) -> &str {
        &self.inner.task_ns
    }

    /// The trigger that made this task run.
    pub fn triggers(&self) -> &[String] {
        &self.inner.triggers
    }

    /// How the task came to be: `["__pregel_pull", node]` or `["__pregel_push", index]`.
    pub fn path(&self) -> &Value {
        &self.inner.path
    }

    /// What the run's host attached to it, if anything.
    pub fn host(&self) -> Option<&Host> {
        self.inner.link.host.as_ref()
    }

    /// Whether the run streams `messages` from this task (a binding then reports the chat-model
    /// tokens it hears and the messages the node returns).
    pub fn streams_messages(&self) -> bool {
        self.inner
            .link
            .stream
            .wants(StreamMode::Messages, parent_ns(&self.inner.task_ns))
    }

    /// Streams `data` (`[message, metadata]`) in `messages` mode; `origin` is the same in the
    /// binding's terms. With `dedupe`, a message whose `id` was streamed (or read as a node's
    /// input) before in this run is skipped. Returns whether it was streamed.
    pub fn emit_message(
        &self,
        data: Value,
        origin: Option<Rc<dyn std::any::Any>>,
        id: Option<&str>,
        dedupe: bool,
    ) -> bool {
        let ns = parent_ns(&self.inner.task_ns);
        self.inner
            .link
            .stream
            .emit_message(ns, data, origin.map(super::stream::Origin), id, dedupe)
    }

    /// Marks message ids as seen in this run's `messages` stream (the messages a node read).
    pub fn see_messages(&self, ids: impl IntoIterator<Item = String>) {
        self.inner.link.stream.see_messages(ids);
    }

    /// Set when the run is cancelled; long-running nodes should check it and stop.
    pub fn signal(&self) -> &CancelSignal {
        &self.inner.signal
    }

    /// Records what the node returned in its binding's own terms (a JS object), which
    /// `updates` chunks then carry beside its JSON (`StreamPart::origin`). A binding sets it
    /// only for a plain state update, whose state keys the chunk shows as returned.
    pub fn set_output_origin(&self, origin: Rc<dyn std::any::Any>) {
        *self.inner.output_origin.borrow_mut() = Some(origin);
    }

    pub(crate) fn take_output_origin(&self) -> Option<Rc<dyn std::any::Any>> {
        self.inner.output_origin.borrow_mut().take()
    }

    /// The answers consumed so far, when any was (saved so a re-run gets them again).
    pub(crate) fn used_resume(&self) -> Option<Vec<Value>> {
        let pad = self.inner.scratchpad.borrow();
        pad.resume_used.then(|| pad.resume.clone())
    }
}

/// The namespace of the graph a task runs in: its own namespace minus the last level.
pub(crate) fn parent_ns(task_ns: &str) -> &str {
    match task_ns.rfind(super::types::NS_SEP) {
        Some(i) => &task_ns[..i],
        None => "",
    }
}
