//! The records the Client returns, in the LangGraph server's JSON shapes (snake_case fields,
//! ISO timestamps): `Assistant`, `Thread`, `Run`, and the statuses and options around them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A graph with its own `config`, `context` and `metadata` (runs inherit them). Each graph
/// has a system assistant whose id is derived from the graph id (which works as its id too).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assistant {
    pub assistant_id: String,
    pub graph_id: String,
    pub config: Value,
    pub context: Value,
    pub metadata: Map<String, Value>,
    pub version: i64,
    pub name: String,
    pub description: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a thread is doing, as the server sets it after each run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThreadStatus {
    Idle,
    Busy,
    Interrupted,
    Error,
}

impl ThreadStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            ThreadStatus::Idle => "idle",
            ThreadStatus::Busy => "busy",
            ThreadStatus::Interrupted => "interrupted",
            ThreadStatus::Error => "error",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    pub thread_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub metadata: Map<String, Value>,
    pub status: ThreadStatus,
    /// The state values after the last run.
    pub values: Value,
    /// Pending interrupts by task id.
    pub interrupts: Map<String, Value>,
    /// The config of its last run (its assistant's, merged with the run's): what a graph
    /// factory builds the thread's graph from for reads and updates between runs.
    #[serde(default)]
    pub config: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
}

/// A run's status. A run that stops at an interrupt or breakpoint ends `success` (its thread
/// becomes `interrupted`); a cancelled run is `interrupted`; one that failed is `error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Pending,
    Running,
    Success,
    Error,
    Timeout,
    Interrupted,
}

impl RunStatus {
    pub fn is_active(&self) -> bool {
        matches!(self, RunStatus::Pending | RunStatus::Running)
    }
}

/// What happens when a run is created on a thread that already has one in flight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MultitaskStrategy {
    /// Refuse the new run.
    #[default]
    Reject,
    /// Cancel the run in flight (it ends `interrupted`), then start the new one.
    Interrupt,
    /// Cancel and delete the run in flight, start the new one from the state before it.
    Rollback,
    /// Start the new run when the one in flight has finished.
    Enqueue,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub run_id: String,
    pub thread_id: Option<String>,
    pub assistant_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub status: RunStatus,
    pub metadata: Map<String, Value>,
    pub multitask_strategy: MultitaskStrategy,
    pub kwargs: Value,
}

/// What to do with a thread named by a run that does not exist yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IfNotExists {
    #[default]
    Reject,
    Create,
}

/// What to do with a stateless run's thread when it ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnCompletion {
    #[default]
    Delete,
    Keep,
}

/// One event of a run's stream, as the SDK yields it: `{event, data}` (thread runs also carry
/// an id, its position in the run's stream).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunEvent {
    pub event: String,
    pub data: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}
