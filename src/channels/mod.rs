//! Channels: where a graph's state lives between supersteps.
//!
//! Each state key, each edge target (`branch:to:<node>`), each join (`join:a+b:c`), the input
//! (`__start__`) and the pending `Send`s (`__pregel_tasks`) is a channel. A channel receives the
//! writes of one superstep all at once (`update`), so it can enforce "one value per step"
//! (`LastValue`), fold them (`Reducer`), collect them (`Topic`) or forget them next step
//! (`Ephemeral`), or wait for the rest of the graph (a deferred node's triggers, `after_finish`).
//! Channels know nothing of versions, tasks or persistence: the Pregel loop bumps
//! versions when `update`/`consume`/`finish` return `true`, and asks for `checkpoint()` to save.
//!
//! Values are JSON (`serde_json::Value`) held behind `Arc`, so reading state for a task is a
//! pointer copy, and an unchanged channel keeps the same `Arc` from one step to the next (the JS
//! layer uses that identity to skip re-converting it).

mod after_finish;
mod barrier;
mod ephemeral;
mod last_value;
mod messages;
mod reducer;
mod topic;

use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use serde_json::Value;

use crate::sorted::SortedSet;

pub use after_finish::{LastValueAfterFinish, NamedBarrierValueAfterFinish};
pub use barrier::NamedBarrierValue;
pub use ephemeral::EphemeralValue;
pub use last_value::LastValue;
pub use messages::{add_messages, coerce_messages};
pub use reducer::{lineage, BinaryOperatorAggregate};
pub use topic::Topic;

/// A write that replaces a reducer channel's value instead of being folded into it:
/// `{"__overwrite__": value}` (LangGraph's `Overwrite`). At most one per channel per step.
pub const OVERWRITE_KEY: &str = "__overwrite__";

/// Why a channel refused the writes of one superstep. The loop adds the channel's key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChannelError {
    /// A `LastValue` (or guarded `Ephemeral`) channel got more than one value in one step.
    #[error("can receive only one value per step; use a reducer to combine several values")]
    ConcurrentUpdate,
    /// Two `Overwrite`s of one reducer channel in one step.
    #[error("can receive only one Overwrite value per step")]
    ConcurrentOverwrite,
    /// A write that this channel cannot hold (wrong shape for a built-in reducer, unknown barrier name).
    #[error("{0}")]
    InvalidValue(String),
    /// A user reducer returned an error.
    #[error("reducer failed: {0}")]
    Reducer(String),
}

/// A user-supplied reducer: `(current, update) -> new`.
pub type ReducerFn = Rc<dyn Fn(Value, Value) -> Result<Value, String>>;

/// How a reducer channel folds writes into its value.
#[derive(Clone)]
pub enum Reducer {
    /// Lists: an array update is appended element by element, any other value is pushed.
    Append,
    /// `a + b`: numbers add, strings and arrays concatenate (Python's `operator.add`).
    Add,
    /// Objects: shallow merge, keys of the update win.
    Merge,
    /// LangGraph's `add_messages`: merge by message `id`, assign ids to new messages.
    Messages,
    /// A user function.
    Custom(ReducerFn),
    /// A built-in reducer (`like`: "append", "add", "merge", "messages") implemented by a host
    /// for values it holds (a JS graph's): it folds with `func`, and is described as `like`.
    Hosted { like: &'static str, func: ReducerFn },
}

impl Reducer {
    /// The value a channel with this reducer starts from when no default is given.
    pub fn initial_value(&self) -> Option<Value> {
        match self {
            Reducer::Append | Reducer::Messages => Some(Value::Array(Vec::new())),
            Reducer::Merge => Some(Value::Object(serde_json::Map::new())),
            Reducer::Hosted {
                like: "append" | "messages",
                ..
            } => Some(Value::Array(Vec::new())),
            Reducer::Hosted { like: "merge", .. } => Some(Value::Object(serde_json::Map::new())),
            Reducer::Add | Reducer::Custom(_) | Reducer::Hosted { .. } => None,
        }
    }

    /// Folds one update into the current value.
    pub fn apply(&self, current: Value, update: Value) -> Result<Value, ChannelError> {
        reducer::apply(self, current, update)
    }

    /// The name used in specs and in `get_graph()` output.
    pub fn name(&self) -> &'static str {
        match self {
            Reducer::Append => "append",
            Reducer::Add => "add",
            Reducer::Merge => "merge",
            Reducer::Messages => "messages",
            Reducer::Custom(_) => "custom",
            Reducer::Hosted { like, .. } => like,
        }
    }

    /// Whether this is LangGraph's `add_messages` (built in, or a host's implementation of it).
    pub fn is_messages(&self) -> bool {
        matches!(self, Reducer::Messages | Reducer::Hosted { like: "messages", .. })
    }
}

impl fmt::Debug for Reducer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The JSON type of `value`, for error messages.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What a channel is, without its value: compiled once per graph, instantiated per run.
#[derive(Clone, Debug)]
pub enum ChannelSpec {
    LastValue,
    Reducer {
        reducer: Reducer,
        /// The starting value; `None` means `reducer.initial_value()`.
        default: Option<Value>,
    },
    Topic {
        accumulate: bool,
    },
    Ephemeral {
        guard: bool,
    },
    NamedBarrier {
        names: SortedSet<String>,
    },
    /// A deferred node's `branch:to:<node>` (`LastValueAfterFinish`).
    Deferred,
    /// A join into a deferred node (`NamedBarrierValueAfterFinish`).
    DeferredBarrier {
        names: SortedSet<String>,
    },
}

impl ChannelSpec {
    /// A channel of this kind holding `saved` (what `Channel::checkpoint` returned), or empty.
    pub fn create(&self, saved: Option<Arc<Value>>) -> Result<Box<dyn Channel>, ChannelError> {
        Ok(match self {
            ChannelSpec::LastValue => Box::new(LastValue::new(saved)),
            ChannelSpec::Reducer { reducer, default } => {
                let start = match saved {
                    Some(v) => Some(v),
                    None => default.clone().or_else(|| reducer.initial_value()).map(Arc::new),
                };
                Box::new(BinaryOperatorAggregate::new(reducer.clone(), start))
            }
            ChannelSpec::Topic { accumulate } => Box::new(Topic::new(*accumulate, saved)?),
            ChannelSpec::Ephemeral { guard } => Box::new(EphemeralValue::new(*guard, saved)),
            ChannelSpec::NamedBarrier { names } => Box::new(NamedBarrierValue::new(names.clone(), saved)?),
            ChannelSpec::Deferred => Box::new(LastValueAfterFinish::new(saved)?),
            ChannelSpec::DeferredBarrier { names } => {
                Box::new(NamedBarrierValueAfterFinish::new(names.clone(), saved)?)
            }
        })
    }
}

/// One channel instance. Mirrors LangGraph's `BaseChannel`.
pub trait Channel {
    /// The current value, or `None` when the channel is empty.
    fn get(&self) -> Option<Arc<Value>>;

    /// Whether `get` would return a value.
    fn is_available(&self) -> bool {
        self.get().is_some()
    }

    /// Applies all writes of one superstep (possibly none: an empty update tells the channel a
    /// step passed). Returns whether the channel changed, which bumps its version.
    fn update(&mut self, values: Vec<Value>) -> Result<bool, ChannelError>;

    /// `update` on a copy made by `clone_box` (to read the state as one task's writes leave
    /// it). A channel may keep the result for itself, to take when `update` brings it the
    /// same writes.
    fn update_copy(&mut self, values: Vec<Value>) -> Result<bool, ChannelError> {
        self.update(values)
    }

    /// Whether a step that brings this channel no writes clears its value (an ephemeral value,
    /// a non-accumulating topic). For every other channel an empty `update` changes nothing,
    /// so the loop does not visit them at the end of each step.
    fn expires(&self) -> bool {
        false
    }

    /// Called when a task triggered by this channel ran. Returns whether the channel changed.
    fn consume(&mut self) -> bool {
        false
    }

    /// Called when the graph is about to finish. Returns whether the channel changed.
    fn finish(&mut self) -> bool {
        false
    }

    /// What to persist (restored with `ChannelSpec::create`), or `None` when there is nothing.
    fn checkpoint(&self) -> Option<Arc<Value>>;

    /// An independent copy (used to read state "as if" one task's writes were applied).
    fn clone_box(&self) -> Box<dyn Channel>;
}
