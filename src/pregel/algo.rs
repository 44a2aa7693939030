//! The two halves of a superstep that do not run user code: planning which tasks run
//! (`prepare_next_tasks`, from channel versions and the versions each node has seen) and
//! applying their writes to the channels (`apply_writes`, in a deterministic task order,
//! bumping every changed channel to one new version per step).

use serde_json::Value;
use xxhash_rust::xxh3::xxh3_128;

use super::errors::GraphError;
use super::types::{Breakpoints, Send, State, NS_END, NS_SEP, START, TASKS};
use crate::channels::Channel;
use crate::checkpoint::{
    ChannelVersion, Checkpoint, PendingWrite, ERROR, INTERRUPT, NO_WRITES, NULL_TASK_ID, RESUME, SCHEDULED,
};
use crate::graph::GraphSpec;
use crate::sorted::{SortedMap, SortedSet};

/// The channels of one run, by name, with what the end of a step needs without visiting
/// every channel: which ones an idle step would clear, and the newest version.
pub(crate) struct Channels {
    map: SortedMap<String, Box<dyn Channel>>,
    /// Channels holding a value that expires at the end of a step that does not write them
    /// (edges and other ephemeral values): a graph of N nodes has about N such channels, but
    /// only the few written last step hold a value.
    expiring: SortedSet<String>,
    /// The largest version of any channel in the checkpoint these channels belong to.
    max_version: ChannelVersion,
    /// Channels that got a new version since `take_changed` was last called: what the next
    /// save stores (a run's checkpoint names every channel it ever wrote; a save should cost
    /// what changed).
    changed: SortedSet<String>,
}

impl Channels {
    pub fn get(&self, name: &str) -> Option<&dyn Channel> {
        self.map.get(name).map(|c| c.as_ref())
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &dyn Channel)> {
        self.map.iter().map(|(name, c)| (name, c.as_ref()))
    }

    /// The channels that got a new version since the last call.
    pub fn take_changed(&mut self) -> SortedSet<String> {
        std::mem::take(&mut self.changed)
    }

    /// Runs `change` on channel `name`; on `Ok(true)` it got version `version`. Keeps
    /// `expiring` current. Returns whether the channel changed and now holds a value.
    fn change(
        &mut self,
        checkpoint: &mut Checkpoint,
        name: &str,
        version: ChannelVersion,
        change: impl FnOnce(&mut dyn Channel) -> Result<bool, GraphError>,
    ) -> Result<Option<bool>, GraphError> {
        let Some(channel) = self.map.get_mut(name) else {
            return Ok(None);
        };
        let changed = change(channel.as_mut())?;
        if changed {
            checkpoint.channel_versions.insert(name.to_string(), version);
            self.max_version = self.max_version.max(version);
            self.changed.insert(name.to_string());
        }
        track_expiry(&mut self.expiring, name, channel.as_ref());
        Ok(Some(changed && channel.is_available()))
    }
}

/// Keeps `name` in `expiring` exactly while `channel` holds a value an idle step would clear.
fn track_expiry(expiring: &mut SortedSet<String>, name: &str, channel: &dyn Channel) {
    if channel.expires() && channel.is_available() {
        expiring.insert(name.to_string());
    } else {
        expiring.remove(name);
    }
}

const PULL: &str = "__pregel_pull";
const PUSH: &str = "__pregel_push";

/// How a task came to be: a node triggered by its channels, or the `idx`-th pending `Send`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TaskPath {
    Pull(String),
    Push(usize),
}

impl TaskPath {
    /// Orders writes: PULL tasks by node name, then PUSH tasks by index (LangGraph's
    /// `task_path_str` with zero-padded ints), whatever order the tasks finished in.
    pub fn sort_key(&self) -> String {
        match self {
            TaskPath::Pull(name) => format!("~{PULL}, {name}"),
            TaskPath::Push(idx) => format!("~{PUSH}, {idx:010}"),
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            TaskPath::Pull(name) => serde_json::json!([PULL, name]),
            TaskPath::Push(idx) => serde_json::json!([PUSH, idx]),
        }
    }
}

/// A task planned for one superstep.
#[derive(Clone, Debug)]
pub(crate) struct PreparedTask {
    pub id: String,
    pub name: String,
    pub path: TaskPath,
    pub triggers: Vec<String>,
    /// The trigger that made it run (LangGraph's `langgraph_triggers`): the first of its
    /// triggers with news, or `__pregel_push`.
    pub fired: Vec<String>,
    pub input: State,
    /// `<graph ns>|<name>:<id>`: the namespace of the task's subgraph run and its interrupts.
    pub task_ns: String,
    /// Writes of the task once it ran (or reattached from a saved run).
    pub writes: Vec<(String, Value)>,
}

impl PreparedTask {
    /// Whether the task's saved writes say it finished (so it is not run again).
    pub fn finished(&self) -> bool {
        self.writes.iter().any(|(c, _)| !is_special(c) || c == NO_WRITES)
    }
}

/// A set of writes to apply, attributed to a task (or to the input / an update).
pub(crate) struct TaskWrites {
    pub name: String,
    pub path_key: String,
    pub triggers: Vec<String>,
    pub writes: Vec<(String, Value)>,
}

impl TaskWrites {
    /// Writes that come from the caller (run input, a Command, an update), not from a task.
    pub fn input(writes: Vec<(String, Value)>) -> Self {
        TaskWrites {
            name: "__input__".into(),
            path_key: String::new(),
            triggers: Vec::new(),
            writes,
        }
    }

    /// A planned task that will not run: applying it only marks its triggers as seen.
    pub fn discarded(task: &PreparedTask) -> Self {
        TaskWrites {
            name: task.name.clone(),
            path_key: task.path.sort_key(),
            triggers: task.triggers.clone(),
            writes: Vec::new(),
        }
    }
}

/// The state writes of `Command`s saved against a checkpoint (the null task's).
pub(crate) fn null_writes(pending: &[PendingWrite]) -> Vec<(String, Value)> {
    pending
        .iter()
        .filter(|w| w.task_id == NULL_TASK_ID && !is_special(&w.channel))
        .map(|w| (w.channel.clone(), w.value.clone()))
        .collect()
}

impl From<&PreparedTask> for TaskWrites {
    fn from(t: &PreparedTask) -> Self {
        TaskWrites {
            writes: t.writes.clone(),
            ..TaskWrites::discarded(t)
        }
    }
}

/// Channels that carry bookkeeping, not state: never applied to channels.
pub(crate) fn is_special(channel: &str) -> bool {
    matches!(channel, ERROR | INTERRUPT | RESUME | SCHEDULED | NO_WRITES)
}

/// The 32-hex-char xxh3-128 digest.
pub(crate) fn xxh3_hex(bytes: &[u8]) -> String {
    format!("{:032x}", xxh3_128(bytes))
}

/// xxh3-128 of the concatenated parts, formatted as a UUID.
pub(crate) fn task_id(parts: &[&[u8]]) -> String {
    let bytes: Vec<u8> = parts.concat();
    let h = xxh3_hex(&bytes);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// The id of every interrupt raised by the task with namespace `task_ns`.
pub(crate) fn interrupt_id(task_ns: &str) -> String {
    xxh3_hex(task_ns.as_bytes())
}

fn checkpoint_id_bytes(checkpoint: &Checkpoint) -> Vec<u8> {
    let hex: String = checkpoint.id.as_str().chars().filter(|c| *c != '-').collect();
    (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

fn node_ns(parent_ns: &str, name: &str) -> String {
    if parent_ns.is_empty() {
        name.to_string()
    } else {
        format!("{parent_ns}{NS_SEP}{name}")
    }
}

/// The writes to state keys among a task's writes, as `{key: value}`.
pub(crate) fn state_writes(graph: &GraphSpec, writes: &[(String, Value)]) -> serde_json::Map<String, Value> {
    writes
        .iter()
        .filter(|(c, _)| graph.is_state_key(c))
        .map(|(c, v)| (c.clone(), v.clone()))
        .collect()
}

/// The state keys of `graph` that hold a value, as a node's input.
pub(crate) fn read_state(graph: &GraphSpec, channels: &Channels) -> State {
    let mut state = State::new();
    for key in &graph.state_keys {
        if let Some(v) = channels.get(key).and_then(|c| c.get()) {
            state.push(key.clone(), v);
        }
    }
    state
}

/// Plans the tasks of superstep `step` from `checkpoint`: one PUSH task per pending `Send`,
/// then one PULL task per node with a trigger channel newer than what the node has seen.
/// With `updated_channels` known, only nodes those channels trigger are considered (in name
/// order); else every node, in the order the graph declared them (LangGraph's two orders).
pub(crate) fn prepare_next_tasks(
    graph: &GraphSpec,
    checkpoint: &Checkpoint,
    channels: &Channels,
    parent_ns: &str,
    step: i64,
    updated_channels: Option<&SortedSet<String>>,
) -> Vec<PreparedTask> {
    let cp_bytes = checkpoint_id_bytes(checkpoint);
    let step_str = step.to_string();
    let mut tasks = Vec::new();

    if let Some(sends) = channels.get(TASKS).and_then(|c| c.get()) {
        for (idx, packet) in sends.as_array().into_iter().flatten().enumerate() {
            let Some(send) = Send::from_packet(packet) else {
                continue;
            };
            if !graph.nodes.contains_key(&send.node) {
                continue;
            }
            let ns = node_ns(parent_ns, &send.node);
            let idx_str = idx.to_string();
            let id = task_id(&[
                &cp_bytes,
                ns.as_bytes(),
                step_str.as_bytes(),
                send.node.as_bytes(),
                PUSH.as_bytes(),
                idx_str.as_bytes(),
            ]);
            tasks.push(PreparedTask {
                task_ns: format!("{ns}{NS_END}{id}"),
                id,
                name: send.node,
                path: TaskPath::Push(idx),
                triggers: vec![PUSH.to_string()],
                fired: vec![PUSH.to_string()],
                input: State::from_value(send.arg),
                writes: Vec::new(),
            });
        }
    }

    if checkpoint.channel_versions.is_empty() {
        return tasks;
    }
    let candidates: Vec<&String> = match updated_channels.filter(|u| !u.is_empty()) {
        Some(updated) => {
            let set: SortedSet<&String> = updated
                .iter()
                .filter_map(|c| graph.trigger_to_nodes.get(c))
                .flatten()
                .collect();
            set.into_iter().collect()
        }
        None => graph.node_order.iter().collect(),
    };
    let mut state: Option<State> = None;
    for name in candidates {
        let Some(node) = graph.nodes.get(name) else { continue };
        let seen = checkpoint.versions_seen.get(name);
        let fired = node.triggers.iter().find(|chan| {
            let available = channels.get(chan).is_some_and(|c| c.is_available());
            let version: ChannelVersion = checkpoint.channel_versions.get(*chan).copied().unwrap_or(0);
            available && seen.is_none_or(|s| version > s.get(*chan).copied().unwrap_or(0))
        });
        let Some(fired) = fired.cloned() else {
            continue;
        };
        let ns = node_ns(parent_ns, name);
        let mut parts: Vec<&[u8]> = vec![
            &cp_bytes,
            ns.as_bytes(),
            step_str.as_bytes(),
            name.as_bytes(),
            PULL.as_bytes(),
        ];
        parts.extend(node.triggers.iter().map(|t| t.as_bytes()));
        let id = task_id(&parts);
        let input = if name == START {
            match channels.get(START).and_then(|c| c.get()) {
                Some(v) => State::whole(v),
                None => continue,
            }
        } else {
            state.get_or_insert_with(|| read_state(graph, channels)).clone()
        };
        tasks.push(PreparedTask {
            task_ns: format!("{ns}{NS_END}{id}"),
            id,
            name: name.clone(),
            path: TaskPath::Pull(name.clone()),
            triggers: node.triggers.clone(),
            fired: vec![fired],
            input,
            writes: Vec::new(),
        });
    }
    tasks
}

/// Applies the writes of `tasks` to `channels` and `checkpoint`'s versions; returns the
/// channels that changed. One new version serves the whole step.
pub(crate) fn apply_writes(
    checkpoint: &mut Checkpoint,
    channels: &mut Channels,
    mut tasks: Vec<TaskWrites>,
    trigger_to_nodes: &SortedMap<String, Vec<String>>,
) -> Result<SortedSet<String>, GraphError> {
    crate::sorted::sort_by(&mut tasks, |a, b| a.path_key.cmp(&b.path_key));
    let bump_step = tasks.iter().any(|t| !t.triggers.is_empty());

    for task in &tasks {
        let seen = checkpoint
            .versions_seen
            .get_or_insert_with(task.name.clone(), Default::default);
        for chan in &task.triggers {
            if let Some(v) = checkpoint.channel_versions.get(chan) {
                seen.insert(chan.clone(), *v);
            }
        }
    }

    let next_version = next_version(channels.max_version);

    let consumed: SortedSet<&String> = tasks.iter().flat_map(|t| t.triggers.iter()).collect();
    for chan in consumed {
        channels.change(checkpoint, chan, next_version, |c| Ok(c.consume()))?;
    }

    let mut by_channel: SortedMap<String, (Vec<Value>, Vec<String>)> = SortedMap::new();
    for task in tasks {
        for (chan, val) in task.writes {
            if is_special(&chan) || !channels.contains_key(&chan) {
                continue;
            }
            let entry = by_channel.entry(chan).or_default();
            entry.0.push(val);
            entry.1.push(task.name.clone());
        }
    }

    let mut updated = SortedSet::new();
    for (chan, (vals, writers)) in by_channel {
        let holds = channels.change(checkpoint, &chan, next_version, |c| {
            c.update(vals).map_err(|e| {
                let mut names = writers;
                names.dedup();
                GraphError::invalid_update(&chan, &names.join(", "), e)
            })
        })?;
        if holds == Some(true) {
            updated.insert(chan);
        }
    }

    if bump_step {
        // A step passed for every channel it did not write: only expiring values change.
        let idle: Vec<String> = channels
            .expiring
            .iter()
            .filter(|c| !updated.contains(*c))
            .cloned()
            .collect();
        for chan in idle {
            let holds = channels.change(checkpoint, &chan, next_version, |c| {
                c.update(Vec::new())
                    .map_err(|e| GraphError::invalid_update(&chan, "-", e))
            })?;
            if holds == Some(true) {
                updated.insert(chan);
            }
        }
    }

    if bump_step && !updated.iter().any(|c| trigger_to_nodes.contains_key(c)) {
        let names: Vec<String> = channels.map.keys().cloned().collect();
        for chan in names {
            if channels.change(checkpoint, &chan, next_version, |c| Ok(c.finish()))? == Some(true) {
                updated.insert(chan);
            }
        }
    }
    Ok(updated)
}

/// Bits of a channel version that are random: the rest counts steps.
const VERSION_RANDOM_BITS: u32 = 22;

/// The version after `max`: one more step, plus random low bits. Versions only need to grow
/// along one branch of a thread, but blobs are stored by (channel, version) for the whole
/// thread: after a fork the new branch must not reuse a version an older branch stored a
/// different value under (LangGraph's savers add a random fraction for the same reason). The
/// total stays within 53 bits, so versions survive as JS numbers.
pub(crate) fn next_version(max: ChannelVersion) -> ChannelVersion {
    let step = (max >> VERSION_RANDOM_BITS) + 1;
    let random = crate::random::u64() & ((1 << VERSION_RANDOM_BITS) - 1);
    (step << VERSION_RANDOM_BITS) | random
}

/// Whether a static breakpoint fires: some channel changed since the last breakpoint was
/// passed, and one of `tasks` runs a listed node.
pub(crate) fn should_interrupt(checkpoint: &Checkpoint, points: &Breakpoints, tasks: &[PreparedTask]) -> bool {
    if points.is_empty() {
        return false;
    }
    let seen = checkpoint.versions_seen.get(INTERRUPT);
    let changed = checkpoint
        .channel_versions
        .iter()
        .any(|(chan, v)| *v > seen.and_then(|s| s.get(chan)).copied().unwrap_or(0));
    changed && tasks.iter().any(|t| points.contains(&t.name))
}

/// Builds the channels of `graph` from a checkpoint's saved values.
pub(crate) fn channels_from_checkpoint(graph: &GraphSpec, checkpoint: &Checkpoint) -> Result<Channels, GraphError> {
    let mut channels = Channels {
        map: SortedMap::new(),
        expiring: SortedSet::new(),
        max_version: checkpoint.channel_versions.values().max().copied().unwrap_or(0),
        changed: SortedSet::new(),
    };
    for (name, spec) in &graph.channels {
        let saved = checkpoint.channel_values.get(name).cloned();
        let channel = spec.create(saved).map_err(|e| {
            GraphError::Checkpoint(crate::checkpoint::CheckpointError::Corrupt(format!(
                "channel '{name}': {e}"
            )))
        })?;
        track_expiry(&mut channels.expiring, name, channel.as_ref());
        channels.map.insert(name.clone(), channel);
    }
    Ok(channels)
}

/// The output keys that hold a value, as one JSON object in declaration order: what a run
/// returns.
pub(crate) fn output_values(graph: &GraphSpec, channels: &Channels) -> Value {
    match &graph.root {
        Some(root) => root_value(&root.output, channels),
        None => keys_values(&graph.output_keys, channels),
    }
}

/// Every state key that holds a value: the thread's state (a root graph's: its output value).
pub(crate) fn state_values(graph: &GraphSpec, channels: &Channels) -> Value {
    match &graph.root {
        Some(root) => root_value(&root.output, channels),
        None => keys_values(&graph.state_keys, channels),
    }
}

fn root_value(key: &str, channels: &Channels) -> Value {
    channels
        .get(key)
        .and_then(|c| c.get())
        .map(|v| v.as_ref().clone())
        .unwrap_or(Value::Null)
}

/// Whether a change to `channel` changes what `values` chunks show.
pub(crate) fn shows_in_values(graph: &GraphSpec, channel: &str) -> bool {
    match &graph.root {
        Some(root) => root.output == channel,
        None => graph.is_state_key(channel),
    }
}

/// A run's input as the state keys it sets: a root graph's input, any value, is its input key's.
pub(crate) fn input_values(graph: &GraphSpec, input: Value) -> Value {
    match &graph.root {
        Some(root) => {
            let mut map = serde_json::Map::new();
            map.insert(root.input.clone(), input);
            Value::Object(map)
        }
        None => input,
    }
}

fn keys_values<K: AsRef<str>>(keys: &[K], channels: &Channels) -> Value {
    let mut out = serde_json::Map::new();
    for key in keys.iter().map(AsRef::as_ref) {
        if let Some(v) = channels.get(key).and_then(|c| c.get()) {
            out.insert(key.to_string(), v.as_ref().clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_grow_by_one_step_and_differ_between_branches() {
        let a = next_version(0);
        let b = next_version(a);
        assert!(b > a);
        assert_eq!(b >> VERSION_RANDOM_BITS, 2);
        // Two branches stepping from the same version get different versions (a collision
        // needs the same 22 random bits: 1 in 4 million).
        let forks: std::collections::BTreeSet<u64> = (0..50).map(|_| next_version(b)).collect();
        assert!(forks.len() > 45);
        assert!(forks.iter().all(|v| *v > b && *v < (1u64 << 53)));
    }
}
