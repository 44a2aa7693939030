//! The values that cross between user code and the executor: what a node gets and returns
//! (`State`, `NodeOutput`, `Command`, `Send`, `NodeError`), what a run is given (`Input`,
//! `RunConfig`, `Durability`) and what it reports (`Interrupt`).

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::checkpoint::CheckpointId;
use crate::sorted::SortedMap;

/// The virtual first node; edges from it say where a run starts.
pub const START: &str = "__start__";
/// The virtual last node; edges to it end a branch of the run.
pub const END: &str = "__end__";
/// The channel holding the `Send`s written in one step (run as PUSH tasks in the next).
pub const TASKS: &str = "__pregel_tasks";
/// The `Command.graph` value that addresses the parent graph.
pub const PARENT: &str = "__parent__";
/// Key of the interrupts in a run's output and in `updates` stream chunks.
pub const INTERRUPT_KEY: &str = "__interrupt__";
/// Separates the levels of a checkpoint namespace (`parent:<id>|child:<id>`).
pub const NS_SEP: char = '|';
/// Separates a node name from its task id in a namespace level.
pub const NS_END: char = ':';

/// What a node reads: the state's channels (or, for a task started by `Send`, the `Send`'s
/// argument). Cloning is cheap: values are shared, not copied.
#[derive(Clone, Default, PartialEq)]
pub struct State {
    /// Keys are shared with the graph's list of state keys: a node's input copies no names.
    entries: Vec<(Arc<str>, Arc<Value>)>,
    /// Set when a `Send` argument is not an object (the node gets it as is), and for the
    /// `__start__` task, which passes the whole input on (`State::whole`).
    raw: Option<Arc<Value>>,
}

impl State {
    pub fn new() -> Self {
        State::default()
    }

    /// The state a `Send` argument or a subgraph input describes.
    pub fn from_value(value: Value) -> Self {
        match value {
            Value::Object(map) => State {
                entries: map.into_iter().map(|(k, v)| (Arc::from(k), Arc::new(v))).collect(),
                raw: None,
            },
            other => State {
                entries: Vec::new(),
                raw: Some(Arc::new(other)),
            },
        }
    }

    /// The run's input as one shared value, for the `__start__` task (which passes it on as
    /// its update): nothing is copied until the task writes it.
    pub(crate) fn whole(value: Arc<Value>) -> Self {
        State {
            entries: Vec::new(),
            raw: Some(value),
        }
    }

    pub(crate) fn push(&mut self, key: Arc<str>, value: Arc<Value>) {
        self.entries.push((key, value));
    }

    /// The value of one key, if it holds one.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.get_shared(key).map(|v| v.as_ref())
    }

    /// The shared value of one key: the same `Arc` as long as the channel did not change.
    pub fn get_shared(&self, key: &str) -> Option<&Arc<Value>> {
        match &self.raw {
            Some(_) => None,
            None => self.entries.iter().find(|(k, _)| **k == *key).map(|(_, v)| v),
        }
    }

    /// A string value, or `""`. Handy in nodes.
    pub fn str(&self, key: &str) -> &str {
        self.get(key).and_then(Value::as_str).unwrap_or("")
    }

    /// The keys and values, in channel declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Arc<Value>)> {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    /// The whole state as one JSON value (an object, or the raw `Send` argument).
    pub fn to_value(&self) -> Value {
        match &self.raw {
            Some(raw) => raw.as_ref().clone(),
            None => Value::Object(
                self.entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.as_ref().clone()))
                    .collect(),
            ),
        }
    }
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "State({})", self.to_value())
    }
}

/// Runs `node` next with `arg` as its input (a PUSH task), from a node's `Command.goto` or a
/// conditional edge. Several `Send`s to one node run it several times in parallel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Send {
    pub node: String,
    #[serde(rename = "args")]
    pub arg: Value,
}

impl Send {
    pub fn new(node: impl Into<String>, arg: Value) -> Self {
        Send { node: node.into(), arg }
    }

    /// The `Send` as the tasks channel holds it (`{"node", "args"}`, its serialized form),
    /// moving the argument instead of copying it.
    pub(crate) fn into_packet(self) -> Value {
        let mut packet = Map::new();
        packet.insert("node".into(), Value::String(self.node));
        packet.insert("args".into(), self.arg);
        Value::Object(packet)
    }

    /// Reads a `Send` as it is held in the tasks channel (`{"node", "args"}`), copying only
    /// its argument.
    pub(crate) fn from_packet(packet: &Value) -> Option<Self> {
        Some(Send {
            node: packet.get("node")?.as_str()?.to_string(),
            arg: packet.get("args")?.clone(),
        })
    }
}

/// A destination of a `Command.goto` or a conditional edge.
#[derive(Clone, Debug, PartialEq)]
pub enum Goto {
    Node(String),
    Send(Send),
}

impl From<&str> for Goto {
    fn from(s: &str) -> Self {
        Goto::Node(s.to_string())
    }
}

impl From<String> for Goto {
    fn from(s: String) -> Self {
        Goto::Node(s)
    }
}

impl From<Send> for Goto {
    fn from(s: Send) -> Self {
        Goto::Send(s)
    }
}

/// Which graph a `Command` is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CommandGraph {
    /// The graph of the node that returned it (or the graph a run is given to).
    #[default]
    Current,
    /// The parent graph of the subgraph whose node returned it.
    Parent,
}

/// A node's return value or a run's input that does more than update state: update state,
/// go to nodes, answer interrupts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Command {
    pub graph: CommandGraph,
    /// A state update: an object, or a list of `[key, value]` pairs.
    pub update: Option<Value>,
    /// The answer to an interrupt: any JSON value (including `null`, `false`, `0`, `""`), or an
    /// object keyed by interrupt ids answering several.
    pub resume: Option<Value>,
    pub goto: Vec<Goto>,
}

impl Command {
    pub fn resume(value: Value) -> Self {
        Command {
            resume: Some(value),
            ..Default::default()
        }
    }

    pub fn update(value: Value) -> Self {
        Command {
            update: Some(value),
            ..Default::default()
        }
    }

    pub fn goto(to: impl Into<Goto>) -> Self {
        Command {
            goto: vec![to.into()],
            ..Default::default()
        }
    }

    pub fn with_update(mut self, value: Value) -> Self {
        self.update = Some(value);
        self
    }

    pub fn with_goto(mut self, to: impl Into<Goto>) -> Self {
        self.goto.push(to.into());
        self
    }

    pub fn to_parent(mut self) -> Self {
        self.graph = CommandGraph::Parent;
        self
    }
}

/// A pause requested by `interrupt(value)` inside a node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interrupt {
    /// What the node asked the person.
    pub value: Value,
    /// 32 hex chars: xxh3-128 of the interrupted task's checkpoint namespace. Empty for an
    /// interrupt a node raised by throwing LangGraph.js's `NodeInterrupt`, which has no id
    /// there either (left out of its JSON).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
}

/// What a node returns.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeOutput {
    /// A state update: an object of state keys (an unknown key is an error), or `null` for none.
    Update(Value),
    /// Update state and/or route.
    Command(Command),
    /// Several commands, applied in order.
    Commands(Vec<Command>),
    /// A subgraph's final state: keys the parent does not have are left out, not errors.
    SubgraphValues(Value),
}

impl From<Value> for NodeOutput {
    fn from(v: Value) -> Self {
        NodeOutput::Update(v)
    }
}

impl From<Command> for NodeOutput {
    fn from(c: Command) -> Self {
        NodeOutput::Command(c)
    }
}

/// A node's failure as the user's code described it. `name` plays the role of an exception's
/// class (`"ValueError"`, `"TypeError"`, `"ConnectionError"`, …): retry policies match on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeFailure {
    pub name: String,
    pub message: String,
}

impl fmt::Display for NodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl From<NodeFailure> for NodeError {
    fn from(failure: NodeFailure) -> Self {
        NodeError::Failed(failure)
    }
}

/// Why a node did not return an output.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeError {
    /// The node (or a subgraph it ran) called `interrupt()` with no answer yet.
    Interrupt(Vec<Interrupt>),
    /// A subgraph node returned `Command { graph: Parent, .. }`: the parent applies it.
    ParentCommand(Box<Command>),
    /// The node failed.
    Failed(NodeFailure),
}

impl NodeError {
    /// A failure with an error class name (retry policies match on it) and a message.
    pub fn new(name: impl Into<String>, message: impl Into<String>) -> Self {
        NodeError::Failed(NodeFailure {
            name: name.into(),
            message: message.into(),
        })
    }

    /// A failure of the generic class `Error`.
    pub fn msg(message: impl Into<String>) -> Self {
        NodeError::new("Error", message)
    }
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeError::Interrupt(i) => write!(f, "interrupted ({} interrupts)", i.len()),
            NodeError::ParentCommand(_) => f.write_str("command for the parent graph"),
            NodeError::Failed(e) => e.fmt(f),
        }
    }
}

/// What a run is given.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Input {
    /// Continue the thread from its checkpoint (after a breakpoint, an interrupt, an error).
    #[default]
    Resume,
    /// New input: an object of state keys.
    Values(Value),
    /// Resume, update or route.
    Command(Command),
}

impl From<Value> for Input {
    fn from(v: Value) -> Self {
        if v.is_null() {
            Input::Resume
        } else {
            Input::Values(v)
        }
    }
}

impl From<Command> for Input {
    fn from(c: Command) -> Self {
        Input::Command(c)
    }
}

/// When a run persists its checkpoints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Durability {
    /// Each superstep is saved before the next starts.
    #[default]
    Sync,
    /// Each superstep is saved while the next runs.
    Async,
    /// Only the last checkpoint is saved, when the run ends (finishes, pauses or fails).
    Exit,
}

/// Node names for static breakpoints: a list, or every node (`"*"`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Breakpoints {
    #[default]
    None,
    All,
    Nodes(Vec<String>),
}

impl Breakpoints {
    pub fn nodes<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        if names.iter().any(|n| n == "*") {
            Breakpoints::All
        } else if names.is_empty() {
            Breakpoints::None
        } else {
            Breakpoints::Nodes(names)
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Breakpoints::None)
    }

    pub(crate) fn contains(&self, node: &str) -> bool {
        match self {
            Breakpoints::None => false,
            Breakpoints::All => node != START,
            Breakpoints::Nodes(names) => names.iter().any(|n| n == node),
        }
    }
}

/// The default recursion limit (LangGraph.js's): supersteps per run.
pub const DEFAULT_RECURSION_LIMIT: usize = 25;

/// How to run: which thread and checkpoint, limits, and values passed to nodes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunConfig {
    pub thread_id: Option<String>,
    /// Run from (replay/fork) or read this checkpoint instead of the latest.
    pub checkpoint_id: Option<CheckpointId>,
    /// `""` for a root graph.
    pub checkpoint_ns: String,
    /// Supersteps allowed in one run; `None` is `DEFAULT_RECURSION_LIMIT`.
    pub recursion_limit: Option<usize>,
    /// Other `configurable` keys, visible to nodes.
    pub configurable: Map<String, Value>,
    /// Merged into the metadata of the checkpoints this run saves.
    pub metadata: Map<String, Value>,
    pub run_id: Option<String>,
    /// The store nodes reach as `runtime.store` (a Client's runs get its store).
    pub store: Option<super::store::StoreHandle>,
}

impl RunConfig {
    pub fn thread(thread_id: impl Into<String>) -> Self {
        RunConfig {
            thread_id: Some(thread_id.into()),
            ..Default::default()
        }
    }

    pub fn with_checkpoint(mut self, id: CheckpointId) -> Self {
        self.checkpoint_id = Some(id);
        self
    }

    pub fn with_recursion_limit(mut self, limit: usize) -> Self {
        self.recursion_limit = Some(limit);
        self
    }

    /// The config as LangGraph shows it: `{configurable: {thread_id, checkpoint_ns, …}}`.
    pub fn to_value(&self) -> Value {
        let mut conf = self.configurable.clone();
        if let Some(t) = &self.thread_id {
            conf.insert("thread_id".into(), Value::String(t.clone()));
        }
        conf.insert("checkpoint_ns".into(), Value::String(self.checkpoint_ns.clone()));
        if let Some(id) = &self.checkpoint_id {
            conf.insert("checkpoint_id".into(), Value::String(id.to_string()));
        }
        let mut out = Map::new();
        out.insert("configurable".into(), Value::Object(conf));
        if let Some(limit) = self.recursion_limit {
            out.insert("recursion_limit".into(), Value::from(limit));
        }
        if !self.metadata.is_empty() {
            out.insert("metadata".into(), Value::Object(self.metadata.clone()));
        }
        Value::Object(out)
    }
}

/// Interrupt ids → answers, from `Command { resume: {<id>: value, …} }`.
pub type ResumeMap = SortedMap<String, Value>;

/// Whether `s` looks like an interrupt id (32 lowercase hex chars).
pub fn is_interrupt_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_send_packet_is_its_serialized_form_and_reads_back() {
        let send = Send::new("worker", json!({"subject": ["a", "b"], "n": 1}));
        let packet = send.clone().into_packet();
        assert_eq!(packet, serde_json::to_value(&send).unwrap());
        assert_eq!(Send::from_packet(&packet), Some(send));
        assert_eq!(Send::from_packet(&json!({"node": "worker"})), None);
        assert_eq!(Send::from_packet(&json!({"node": 3, "args": {}})), None);
    }
}
