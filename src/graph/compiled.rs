//! Compiling a `StateGraph` into the channel/node wiring the Pregel loop runs.
//!
//! Each node `X` is triggered by its own ephemeral channel `branch:to:X` (written by edges,
//! conditional edges and `goto`s) and by the barrier channels of join edges that end at it.
//! `START` is a hidden node triggered by the `__start__` input channel.

use std::rc::Rc;
use std::sync::Arc;

use super::builder::{BranchSpec, StateGraph};
use super::node::NodeAction;
use super::validate::validate;
use super::GraphValidationError;
use crate::channels::ChannelSpec;
use crate::checkpoint::Checkpointer;
use crate::pregel::host::{HostSaver, ValueHost};
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
    /// Who holds the graph's state values, when they are not JSON (a JS graph's).
    pub host: Option<Rc<dyn ValueHost>>,
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
    /// State keys in declaration order: a node's input and the thread's state.
    pub state_keys: Vec<Arc<str>>,
    /// The keys a run's input may set (the input schema's; all state keys by default).
    pub input_keys: Vec<String>,
    /// The keys a run returns (the output schema's; all by default).
    pub output_keys: Vec<String>,
    /// Set for a graph whose input and output are single values (see `StateGraph::root_io`).
    pub root: Option<super::RootIo>,
    pub channels: SortedMap<String, ChannelSpec>,
    pub nodes: SortedMap<String, PregelNode>,
    /// The node names in the order they were added, START first: the order LangGraph plans a
    /// step's tasks in when it does not know which channels changed (a loaded checkpoint).
    pub node_order: Vec<String>,
    pub trigger_to_nodes: SortedMap<String, Vec<String>>,
    pub interrupt_before: Breakpoints,
    pub interrupt_after: Breakpoints,
    pub checkpointer: Option<Rc<dyn Checkpointer>>,
    pub host: Option<Rc<dyn ValueHost>>,
    /// The declaration, for `get_graph()` and `update_state`.
    pub builder: StateGraph,
}

impl GraphSpec {
    /// What node `node` runs (`None` for an unknown node, or one that only routes).
    pub(crate) fn action(&self, node: &str) -> Option<&Rc<dyn NodeAction>> {
        self.nodes.get(node).and_then(|n| n.action.as_ref())
    }

    /// Whether `key` is one of the state's keys.
    pub(crate) fn is_state_key(&self, key: &str) -> bool {
        self.state_keys.iter().any(|k| **k == *key)
    }
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
        let spec = if node.defer {
            ChannelSpec::Deferred
        } else {
            ChannelSpec::Ephemeral { guard: false }
        };
        channels.push((trigger.clone(), spec));
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
    let node_order: Vec<String> = nodes.iter().map(|(name, _)| name.clone()).collect();
    let mut nodes: SortedMap<String, PregelNode> = nodes.into_iter().collect();

    for (from, to) in &graph.edges {
        if let Some(node) = nodes.get_mut(from) {
            node.writers.push(Writer::Edge(to.clone()));
        }
    }
    for (from, to) in &graph.joins {
        let channel = join_channel(from, to);
        let names: SortedSet<String> = from.iter().cloned().collect();
        let deferred = graph.nodes.iter().any(|n| n.name == *to && n.defer);
        let spec = if deferred {
            ChannelSpec::DeferredBarrier { names }
        } else {
            ChannelSpec::NamedBarrier { names }
        };
        channels.push((channel.clone(), spec));
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
            state_keys: graph.channels.iter().map(|(k, _)| Arc::from(k.as_str())).collect(),
            input_keys: graph
                .input_keys
                .clone()
                .unwrap_or_else(|| graph.channels.iter().map(|(k, _)| k.clone()).collect()),
            output_keys: graph
                .output_keys
                .clone()
                .unwrap_or_else(|| graph.channels.iter().map(|(k, _)| k.clone()).collect()),
            root: graph.root.clone(),
            channels,
            nodes,
            node_order,
            trigger_to_nodes,
            interrupt_before: options.interrupt_before,
            interrupt_after: options.interrupt_after,
            checkpointer: match &options.host {
                Some(_) => options.checkpointer.map(HostSaver::wrap),
                None => options.checkpointer,
            },
            host: options.host,
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
        spec.checkpointer = Some(match &spec.host {
            Some(_) => HostSaver::wrap(checkpointer),
            None => checkpointer,
        });
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
    pub fn state_keys(&self) -> &[Arc<str>] {
        &self.spec.state_keys
    }

    /// Whether the graph's input and output are single values (the functional API's).
    pub fn is_root(&self) -> bool {
        self.spec.root.is_some()
    }

    /// The keys a run's input may set.
    pub fn input_keys(&self) -> &[String] {
        &self.spec.input_keys
    }

    /// The keys a run returns.
    pub fn output_keys(&self) -> &[String] {
        &self.spec.output_keys
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
        self.spec.action(node)
    }
}
