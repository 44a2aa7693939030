//! The records a saver stores and returns.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::CheckpointId;
use crate::sorted::{SharedMap, SortedMap};

/// A channel's version. Versions only grow; a channel whose version is greater than the version
/// a node has seen triggers that node.
pub type ChannelVersion = u64;

/// Channel name → version. A persistent map: the loop's checkpoint is cloned for every save, and
/// a clone shares all but the entries that later change (with a plain map, a 1000-node graph
/// copied 1000 entries per step and kept every copy in the saver: quadratic time and memory).
pub type ChannelVersions = SharedMap<String, ChannelVersion>;

/// The format version of `Checkpoint` (LangGraph's current `v`).
pub const CHECKPOINT_FORMAT_VERSION: u32 = 4;

/// The task id of writes that come from the caller's `Command` rather than from a task.
pub const NULL_TASK_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Special write channels, and the fixed write index each one is stored under (LangGraph's
/// `WRITES_IDX_MAP`): writes to these channels replace earlier ones of the same task.
pub const ERROR: &str = "__error__";
pub const SCHEDULED: &str = "__scheduled__";
pub const INTERRUPT: &str = "__interrupt__";
pub const RESUME: &str = "__resume__";
/// Marks a task that finished without writing anything (so it is not re-run).
pub const NO_WRITES: &str = "__no_writes__";
/// The result of a task a node called (LangGraph's functional API `task()`), saved so that a
/// re-run of the node gets it back instead of running the task again.
pub const RETURN: &str = "__return__";

/// The storage index of a write: special channels have fixed negative indexes, ordinary writes
/// use their position in the task's write list.
pub fn write_index(channel: &str, position: usize) -> i64 {
    match channel {
        ERROR => -1,
        SCHEDULED => -2,
        INTERRUPT => -3,
        RESUME => -4,
        _ => position as i64,
    }
}

/// A task's writes (as `put_writes` takes them) with their storage indexes.
pub fn indexed_writes(writes: &[(String, Value)]) -> impl Iterator<Item = (i64, &str, &Value)> {
    let writes = writes.iter().enumerate();
    writes.map(|(position, (channel, value))| (write_index(channel, position), channel.as_str(), value))
}

/// The state of a thread after one superstep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub v: u32,
    pub id: CheckpointId,
    /// ISO 8601 UTC timestamp.
    pub ts: String,
    /// Only channels that currently hold a value.
    pub channel_values: SortedMap<String, Arc<Value>>,
    pub channel_versions: ChannelVersions,
    /// Per node (plus `__interrupt__` for breakpoints): the channel versions it has seen.
    pub versions_seen: SharedMap<String, ChannelVersions>,
    /// The channels the superstep that made this checkpoint updated, sorted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_channels: Option<Vec<String>>,
}

impl Checkpoint {
    /// The checkpoint of a thread that has never run.
    pub fn empty() -> Self {
        Checkpoint {
            v: CHECKPOINT_FORMAT_VERSION,
            id: super::new_checkpoint_id(-1),
            ts: crate::checkpoint::id::now_iso(),
            channel_values: SortedMap::new(),
            channel_versions: ChannelVersions::new(),
            versions_seen: SharedMap::new(),
            updated_channels: None,
        }
    }
}

/// What made a checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckpointSource {
    /// The run's input was applied.
    Input,
    /// A superstep finished.
    Loop,
    /// `update_state`.
    Update,
    /// A copy of another checkpoint (replay or `as_node: "__copy__"`).
    Fork,
}

/// Metadata stored beside a checkpoint (and filterable in `list`). Stored as one object:
/// `source`, `step`, `parents`, then the `extra` keys (what `#[serde(flatten)]` would write;
/// written by hand because flatten's buffering code cost the download ~12 KB).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointMetadata {
    pub source: CheckpointSource,
    pub step: i64,
    /// Ancestor namespace → checkpoint id, for checkpoints of subgraphs.
    pub parents: SortedMap<String, String>,
    /// Run metadata merged in by the caller (`run_id`, user keys, …).
    pub extra: Map<String, Value>,
}

impl Serialize for CheckpointMetadata {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("source", &self.source)?;
        map.serialize_entry("step", &self.step)?;
        map.serialize_entry("parents", &self.parents)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CheckpointMetadata {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MetadataVisitor;
        impl<'de> serde::de::Visitor<'de> for MetadataVisitor {
            type Value = CheckpointMetadata;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("struct CheckpointMetadata")
            }
            // As the derive with `flatten` reads it: known keys once each (a repeated one is an
            // error), every other key into `extra` (a repeated one keeps its last value).
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                use serde::de::Error;
                let (mut source, mut step, mut parents) = (None, None, None);
                let mut extra = Map::new();
                while let Some(key) = access.next_key::<String>()? {
                    match key.as_str() {
                        "source" if source.is_some() => return Err(A::Error::duplicate_field("source")),
                        "source" => source = Some(access.next_value()?),
                        "step" if step.is_some() => return Err(A::Error::duplicate_field("step")),
                        "step" => step = Some(access.next_value()?),
                        "parents" if parents.is_some() => return Err(A::Error::duplicate_field("parents")),
                        "parents" => parents = Some(access.next_value()?),
                        _ => {
                            let value = access.next_value()?;
                            extra.insert(key, value);
                        }
                    }
                }
                Ok(CheckpointMetadata {
                    source: source.ok_or_else(|| A::Error::missing_field("source"))?,
                    step: step.ok_or_else(|| A::Error::missing_field("step"))?,
                    parents: parents.unwrap_or_default(),
                    extra,
                })
            }
        }
        deserializer.deserialize_map(MetadataVisitor)
    }
}

impl CheckpointMetadata {
    /// This metadata as one JSON object (what `list`'s filter matches against).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Whether this metadata has every key of `filter` with an equal value. A missing key counts
    /// as `null`, as in LangGraph's InMemorySaver (`query_value == metadata.get(key)`).
    pub fn matches(&self, filter: &Map<String, Value>) -> bool {
        if filter.is_empty() {
            return true;
        }
        let value = self.to_value();
        filter
            .iter()
            .all(|(key, wanted)| value.get(key).unwrap_or(&Value::Null) == wanted)
    }
}

/// Names a thread's checkpoint: the latest one when `checkpoint_id` is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CheckpointConfig {
    pub thread_id: String,
    /// `""` for the root graph, `node:<task id>` (joined by `|`) for subgraphs.
    #[serde(default)]
    pub checkpoint_ns: String,
    #[serde(default)]
    pub checkpoint_id: Option<CheckpointId>,
}

impl CheckpointConfig {
    pub fn new(thread_id: impl Into<String>) -> Self {
        CheckpointConfig {
            thread_id: thread_id.into(),
            ..Default::default()
        }
    }

    pub fn with_ns(mut self, ns: impl Into<String>) -> Self {
        self.checkpoint_ns = ns.into();
        self
    }

    pub fn with_id(mut self, id: Option<CheckpointId>) -> Self {
        self.checkpoint_id = id;
        self
    }

    /// The checkpoint id that `put_writes` attaches task `task_id`'s writes to.
    pub fn writes_target(&self, task_id: &str) -> Result<&CheckpointId, super::CheckpointError> {
        self.checkpoint_id.as_ref().ok_or_else(|| {
            super::CheckpointError::Storage(format!(
                "put_writes needs a checkpoint id to attach the writes of task {task_id} to \
                 (thread {:?}, namespace {:?})",
                self.thread_id, self.checkpoint_ns
            ))
        })
    }
}

/// One write of a task, saved before the superstep that produced it is committed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingWrite {
    pub task_id: String,
    pub channel: String,
    pub value: Value,
}

/// The writes of one task, as [`Checkpointer::put_writes`](super::Checkpointer::put_writes)
/// takes them, for [`Checkpointer::put_steps`](super::Checkpointer::put_steps).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskWrites {
    pub task_id: String,
    /// The task's path (LangGraph's `task_path`, kept beside the writes).
    pub task_path: String,
    pub writes: Vec<(String, Value)>,
}

/// One superstep to save ([`Checkpointer::put_steps`](super::Checkpointer::put_steps)): its
/// checkpoint as [`Checkpointer::put`](super::Checkpointer::put) takes it (a child of
/// `config.checkpoint_id`), and the writes of its tasks against that parent.
#[derive(Debug, Clone)]
pub struct StepSave<'a> {
    pub config: CheckpointConfig,
    pub checkpoint: Cow<'a, Checkpoint>,
    pub metadata: Cow<'a, CheckpointMetadata>,
    /// The channels whose values changed (the others are stored at older versions).
    pub new_versions: ChannelVersions,
    pub writes: Vec<TaskWrites>,
}

impl StepSave<'_> {
    /// The same save, owning what it borrowed (to be kept past the borrow).
    pub fn into_owned(self) -> StepSave<'static> {
        StepSave {
            config: self.config,
            checkpoint: Cow::Owned(self.checkpoint.into_owned()),
            metadata: Cow::Owned(self.metadata.into_owned()),
            new_versions: self.new_versions,
            writes: self.writes,
        }
    }
}

/// A stored record that could not be read, moved to the quarantine store with what failed and
/// when, so that it no longer keeps anything else from loading. The record itself is kept
/// there as it was, for whoever repairs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantinedRecord {
    /// The store it was in (`threads`, `runs`, `store_items`).
    pub store: String,
    /// Its key there, as JSON text (e.g. `["<thread id>"]`).
    pub key: String,
    /// Why it could not be read.
    pub error: String,
    /// When it was moved (ISO 8601, UTC).
    pub quarantined_at: String,
}

/// A checkpoint with everything a run or `get_state` needs to continue from it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointTuple {
    /// Names this checkpoint (`checkpoint_id` set).
    pub config: CheckpointConfig,
    pub checkpoint: Checkpoint,
    pub metadata: CheckpointMetadata,
    pub parent_config: Option<CheckpointConfig>,
    /// Writes saved against this checkpoint, in the order they were stored per task.
    pub pending_writes: Vec<PendingWrite>,
}

/// What `Checkpointer::list` returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    /// `None`: every thread.
    pub thread_id: Option<String>,
    /// `None`: every namespace.
    pub checkpoint_ns: Option<String>,
    /// Only this checkpoint.
    pub checkpoint_id: Option<CheckpointId>,
    /// Only checkpoints older than this one.
    pub before: Option<CheckpointId>,
    /// At most this many.
    pub limit: Option<usize>,
    /// Only checkpoints whose metadata has each of these keys with an equal value.
    pub filter: Option<Map<String, Value>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derive this type had before its hand-written impls (same name: errors name it).
    mod derived {
        use super::*;

        #[derive(Debug, Serialize, Deserialize)]
        pub struct CheckpointMetadata {
            source: CheckpointSource,
            step: i64,
            #[serde(default)]
            parents: SortedMap<String, String>,
            #[serde(flatten)]
            extra: Map<String, Value>,
        }
    }
    use derived::CheckpointMetadata as Derived;

    #[test]
    fn metadata_reads_and_writes_exactly_as_the_flatten_derive_did() {
        let inputs = [
            r#"{"source":"loop","step":3,"parents":{"":"1ef"},"run_id":"r","n":1.5,"o":{"b":1,"a":[null]}}"#,
            r#"{"run_id":"r","step":-1,"x":1,"source":"input","x":2}"#,
            r#"{"source":"fork","step":0}"#,
            r#"{"step":0}"#,
            r#"{"source":"loop"}"#,
            r#"{"source":"nope","step":0}"#,
            r#"{"source":"loop","step":"1"}"#,
            r#"{"source":"loop","step":1,"step":2}"#,
            r#"{"source":"loop","step":1,"parents":[]}"#,
            r#"{"source":"loop","step":1,"parents":{"a":1}}"#,
            r#"{"source":"loop","step":1,"extra":{"a":1}}"#,
            r#"[]"#,
            r#""text""#,
            r#"{"source":"loop","step":1"#,
        ];
        for input in inputs {
            let ours = serde_json::from_str::<CheckpointMetadata>(input);
            let derived = serde_json::from_str::<Derived>(input);
            match (ours, derived) {
                (Ok(ours), Ok(derived)) => {
                    assert_eq!(
                        serde_json::to_string(&ours).unwrap(),
                        serde_json::to_string(&derived).unwrap(),
                        "{input}"
                    );
                    assert_eq!(
                        serde_json::to_value(&ours).unwrap(),
                        serde_json::to_value(&derived).unwrap()
                    );
                    let value: Value = serde_json::from_str(input).unwrap();
                    assert_eq!(serde_json::from_value::<CheckpointMetadata>(value).unwrap(), ours);
                }
                (Err(ours), Err(derived)) => assert_eq!(ours.to_string(), derived.to_string(), "{input}"),
                (ours, derived) => panic!("{input}: ours {ours:?}, derive {derived:?}"),
            }
            if let Ok(value) = serde_json::from_str::<Value>(input) {
                let ours = serde_json::from_value::<CheckpointMetadata>(value.clone()).map_err(|e| e.to_string());
                let derived = serde_json::from_value::<Derived>(value).map_err(|e| e.to_string());
                assert_eq!(ours.err(), derived.err(), "{input}");
            }
        }
    }
}
