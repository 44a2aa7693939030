//! Compiling a `StateGraph` into the channel/node wiring the Pregel loop runs.
//!
//! Each node `X` is triggered by its own ephemeral channel `branch:to:X` (written by edges,
//! conditional edges and `goto`s) and by the barrier channels of join edges that end at it.
//! `START` is a hidden node triggered by the `__start__` input channel.

use std::rc::Rc;

use super::builder::{BranchSpec, StateGraph};
use super::node::NodeAction;
use super::validate::validate;
use super::GraphValidationError;
use crate::channels::ChannelSpec;
use crate::checkpoint::Checkpointer;
use crate::pregel::{Breakpoints, RetryPolicy, START, TASKS};
use crate::sorted::{SortedMap, SortedSet};

/// Options of `StateGraph::compile`.
#[derive(Clone, Default)]
pub struct CompileOptions {
    pub checkpointer: Option<Rc<dyn Checkpointer>>,
    /// Pause before these nodes run.
    pub interrupt_before: Breakpoints,
    /// Pause after these nodes ran.
    pub interrupt_after: Breakpoints,
    /// The graph's name (shown in drawings and stream metadata).
    pub name: Option<String>,
}

/// What a node writes besides its own state updates.
#[derive(Clone)]
pub(crate) enum Writer {
    /// A static edge: trigger `to` next step.
    Edge(String),
    /// One side of a join edge: mark this node as arrived at the barrier `channel`.
    Join { channel: String },
    /// A conditional edge.
    Branch(Rc<BranchSpec>),
}

/// A node as the loop sees it.
#[derive(Clone)]
pub(crate) struct PregelNode {
    pub name: String,
    /// Channels whose update makes this node run; sorted.
    pub triggers: Vec<String>,
    /// `None` for `START`, which passes its input through.
    pub action: Option<Rc<dyn NodeAction>>,
    pub writers: Vec<Writer>,
    pub retry: Vec<RetryPolicy>,
}

#[derive(Clone)]
pub(crate) struct GraphSpec {
    pub name: String,
    /// State keys in declaration order: a node's input and a run's output.
    pub state_keys: Vec<String>,
    pub channels: SortedMap<String, ChannelSpec>,
    pub nodes: SortedMap<String, PregelNode>,
    pub trigger_to_nodes: SortedMap<String, Vec<String>>,
    pub interrupt_before: Breakpoints,
    pub interrupt_after: Breakpoints,
    pub checkpointer: Option<Rc<dyn Checkpointer>>,
    /// The declaration, for `get_graph()` and `update_state`.
    pub builder: StateGraph,
}

/// A validated, runnable graph. Cheap to clone.
#[derive(Clone)]
pub struct CompiledGraph {
    pub(crate) spec: Rc<GraphSpec>,
}

pub(crate) fn branch_channel(node: &str) -> String {
    format!("branch:to:{node}")
}

pub(crate) fn join_channel(from: &[String], to: &str) -> String {
    format!("join:{}:{to}", from.join("+"))
}

pub(crate) fn compile(graph: &StateGraph, options: CompileOptions) -> Result<CompiledGraph, GraphValidationError> {
    validate(graph, &options)?;

    // Collected as lists and sorted once; a later entry of the same name wins, as `insert` would.
    let mut channels: Vec<(String, ChannelSpec)> = graph.channels.to_vec();
    channels.push((START.to_string(), ChannelSpec::Ephemeral { guard: true }));
    channels.push((TASKS.to_string(), ChannelSpec::Topic { accumulate: false }));

    let mut nodes = vec![(
        START.to_string(),
        PregelNode {
            name: START.to_string(),
            triggers: vec![START.to_string()],
            action: None,
            writers: Vec::new(),
            retry: Vec::new(),
        },
    )];
    for node in &graph.nodes {
        let trigger = branch_channel(&node.name);
        channels.push((trigger.clone(), ChannelSpec::Ephemeral { guard: false }));
        nodes.push((
            node.name.clone(),
            PregelNode {
                name: node.name.clone(),
                triggers: vec![trigger],
                action: Some(node.action.clone()),
                writers: Vec::new(),
                retry: node.retry.clone(),
            },
        ));
    }
    let mut nodes: SortedMap<String, PregelNode> = nodes.into_iter().collect();

    for (from, to) in &graph.edges {
        if let Some(node) = nodes.get_mut(from) {
            node.writers.push(Writer::Edge(to.clone()));
        }
    }
    for (from, to) in &graph.joins {
        let channel = join_channel(from, to);
        let names: SortedSet<String> = from.iter().cloned().collect();
        channels.push((channel.clone(), ChannelSpec::NamedBarrier { names }));
        for source in from {
            if let Some(node) = nodes.get_mut(source) {
                node.writers.push(Writer::Join {
                    channel: channel.clone(),
                });
            }
        }
        if let Some(node) = nodes.get_mut(to) {
            node.triggers.push(channel);
        }
    }
    for branch in &graph.branches {
        if let Some(node) = nodes.get_mut(&branch.source) {
            node.writers.push(Writer::Branch(Rc::new(branch.clone())));
        }
    }

    let channels: SortedMap<String, ChannelSpec> = channels.into_iter().collect();

    // (trigger, node) pairs in node order, grouped by trigger (a stable sort keeps node order).
    let mut pairs: Vec<(&String, &String)> = Vec::new();
    for node in nodes.values_mut() {
        crate::sorted::sort(&mut node.triggers);
    }
    for node in nodes.values() {
        pairs.extend(node.triggers.iter().map(|t| (t, &node.name)));
    }
    crate::sorted::sort_by(&mut pairs, |a, b| a.0.cmp(b.0));
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (trigger, node) in pairs {
        match grouped.last_mut() {
            Some((last, names)) if last == trigger => names.push(node.clone()),
            _ => grouped.push((trigger.clone(), vec![node.clone()])),
        }
    }
    let trigger_to_nodes: SortedMap<String, Vec<String>> = grouped.into_iter().collect();

    Ok(CompiledGraph {
        spec: Rc::new(GraphSpec {
            name: options.name.clone().unwrap_or_else(|| "LangGraph".to_string()),
            state_keys: graph.channels.iter().map(|(k, _)| k.clone()).collect(),
            channels,
            nodes,
            trigger_to_nodes,
            interrupt_before: options.interrupt_before,
            interrupt_after: options.interrupt_after,
            checkpointer: options.checkpointer,
            builder: graph.clone(),
        }),
    })
}

impl CompiledGraph {
    /// The graph's name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// The same graph saving to `checkpointer` (a Client gives its graphs its own store).
    pub fn with_checkpointer(&self, checkpointer: Rc<dyn Checkpointer>) -> CompiledGraph {
        let mut spec = (*self.spec).clone();
        spec.checkpointer = Some(checkpointer);
        CompiledGraph { spec: Rc::new(spec) }
    }

    /// The checkpointer given at compile time.
    pub fn checkpointer(&self) -> Option<&Rc<dyn Checkpointer>> {
        self.spec.checkpointer.as_ref()
    }

    /// The declared nodes, in declaration order (without `START`).
    pub fn node_names(&self) -> Vec<String> {
        self.spec.builder.nodes.iter().map(|n| n.name.clone()).collect()
    }

    /// The state keys, in declaration order.
    pub fn state_keys(&self) -> &[String] {
        &self.spec.state_keys
    }

    /// The subgraphs used as nodes, by node name.
    pub fn subgraphs(&self) -> Vec<(String, CompiledGraph)> {
        self.spec
            .builder
            .nodes
            .iter()
            .filter_map(|n| n.action.subgraph().map(|g| (n.name.clone(), g.clone())))
            .collect()
    }

    pub(crate) fn action(&self, node: &str) -> Option<&Rc<dyn NodeAction>> {
        self.spec.nodes.get(node).and_then(|n| n.action.as_ref())
    }
}
