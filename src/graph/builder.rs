//! `StateGraph`: how users declare a graph — state channels, nodes, edges, joins and
//! conditional edges — before compiling it into something that runs.

use std::rc::Rc;

use serde_json::Value;

use super::compiled::{compile, CompileOptions, CompiledGraph};
use super::node::{NodeAction, PathFn};
use super::GraphValidationError;
use crate::channels::{ChannelSpec, Reducer};
use crate::pregel::{RetryPolicy, END, START};

/// A node as declared.
#[derive(Clone)]
pub struct NodeSpec {
    pub name: String,
    pub action: Rc<dyn NodeAction>,
    pub retry: Vec<RetryPolicy>,
    /// Where the node may go with `Command.goto` (for drawing and END reachability).
    pub ends: Option<Vec<String>>,
    /// Deferred: it runs only when nothing else is left to run (LangGraph's `defer=True`).
    pub defer: bool,
}

/// A conditional edge as declared.
#[derive(Clone)]
pub struct BranchSpec {
    pub source: String,
    pub path: Rc<dyn PathFn>,
    /// Path function result → node name. Without it, results are node names.
    pub path_map: Option<Vec<(String, String)>>,
}

impl BranchSpec {
    /// Every node this edge may lead to, when known.
    pub fn destinations(&self) -> Option<Vec<String>> {
        self.path_map
            .as_ref()
            .map(|m| m.iter().map(|(_, to)| to.clone()).collect())
    }
}

/// Options of `add_node_with`.
#[derive(Clone, Default)]
pub struct NodeOptions {
    /// Retry policies, first match wins.
    pub retry: Vec<RetryPolicy>,
    /// Destinations of the node's `Command.goto`s.
    pub ends: Option<Vec<String>>,
    /// Run the node only once every other pending task has run: when branches of different
    /// lengths lead to it, it runs once, after the longest.
    pub defer: bool,
}

/// A graph whose nodes communicate by reading and writing a shared state.
#[derive(Clone, Default)]
pub struct StateGraph {
    pub(crate) channels: Vec<(String, ChannelSpec)>,
    pub(crate) nodes: Vec<NodeSpec>,
    pub(crate) edges: Vec<(String, String)>,
    pub(crate) joins: Vec<(Vec<String>, String)>,
    pub(crate) branches: Vec<BranchSpec>,
    /// The keys a run's input may set (LangGraph's input schema); all state keys when `None`.
    pub(crate) input_keys: Option<Vec<String>>,
    /// The keys a run returns (LangGraph's output schema); all when `None`.
    pub(crate) output_keys: Option<Vec<String>>,
    /// A graph whose input and output are single values, not objects of state keys (the
    /// functional API's entrypoint): see [`StateGraph::root_io`].
    pub(crate) root: Option<RootIo>,
    /// JSON Schemas declared for `getSchemas` (see `graph::schema`).
    pub(crate) schemas: super::schema::GraphSchemas,
}

/// The state keys of a graph whose run input and output are plain values.
#[derive(Clone, Debug, PartialEq)]
pub struct RootIo {
    /// Holds the run's input (any JSON value).
    pub input: String,
    /// Holds what the run returns (any JSON value; `null` until set).
    pub output: String,
}

/// The key of a root graph's input ([`StateGraph::root_io`]).
pub const ROOT_INPUT: &str = "__root_input__";
/// The key of a root graph's output, named like LangGraph's END channel.
pub const ROOT_OUTPUT: &str = "__end__";
/// The key where a root graph keeps what its node saved for the next run (`getPreviousState()`).
pub const PREVIOUS: &str = "__previous__";

fn check_name(name: &str) -> Result<(), GraphValidationError> {
    if name.is_empty() || name.contains(crate::pregel::NS_SEP) || name.contains(crate::pregel::NS_END) {
        return Err(GraphValidationError::InvalidName(name.to_string()));
    }
    if name == START || name == END || name.starts_with("__") && name.ends_with("__") {
        return Err(GraphValidationError::ReservedName(name.to_string()));
    }
    Ok(())
}

impl StateGraph {
    pub fn new() -> Self {
        StateGraph::default()
    }

    /// Adds a state key held by a channel of the given kind.
    pub fn channel(&mut self, key: impl Into<String>, spec: ChannelSpec) -> Result<&mut Self, GraphValidationError> {
        let key = key.into();
        check_name(&key)?;
        if self.channels.iter().any(|(k, _)| *k == key) {
            return Err(GraphValidationError::DuplicateKey(key));
        }
        if self.nodes.iter().any(|n| n.name == key) {
            return Err(GraphValidationError::NodeNamedLikeStateKey(key));
        }
        self.channels.push((key, spec));
        Ok(self)
    }

    /// Adds a state key that keeps the last value written (one write per step).
    pub fn last_value(&mut self, key: impl Into<String>) -> Result<&mut Self, GraphValidationError> {
        self.channel(key, ChannelSpec::LastValue)
    }

    /// Adds a state key whose writes are folded by `reducer`.
    pub fn reducer(
        &mut self,
        key: impl Into<String>,
        reducer: Reducer,
        default: Option<Value>,
    ) -> Result<&mut Self, GraphValidationError> {
        self.channel(key, ChannelSpec::Reducer { reducer, default })
    }

    /// Adds a node.
    pub fn add_node(
        &mut self,
        name: impl Into<String>,
        action: impl Into<Rc<dyn NodeAction>>,
    ) -> Result<&mut Self, GraphValidationError> {
        self.add_node_with(name, action, NodeOptions::default())
    }

    /// Adds a node with retry policies and/or declared `goto` destinations.
    pub fn add_node_with(
        &mut self,
        name: impl Into<String>,
        action: impl Into<Rc<dyn NodeAction>>,
        options: NodeOptions,
    ) -> Result<&mut Self, GraphValidationError> {
        let name = name.into();
        check_name(&name)?;
        if self.nodes.iter().any(|n| n.name == name) {
            return Err(GraphValidationError::DuplicateNode(name));
        }
        if self.channels.iter().any(|(k, _)| *k == name) {
            return Err(GraphValidationError::NodeNamedLikeStateKey(name));
        }
        self.nodes.push(NodeSpec {
            name,
            action: action.into(),
            retry: options.retry,
            ends: options.ends,
            defer: options.defer,
        });
        Ok(self)
    }

    /// Adds `from → to`. `from` may be `START`, `to` may be `END`.
    pub fn add_edge(
        &mut self,
        from: impl Into<String>,
        to: impl Into<String>,
    ) -> Result<&mut Self, GraphValidationError> {
        let (from, to) = (from.into(), to.into());
        if from == END {
            return Err(GraphValidationError::EndAsSource);
        }
        if to == START {
            return Err(GraphValidationError::StartAsTarget);
        }
        if !self.edges.contains(&(from.clone(), to.clone())) {
            self.edges.push((from, to));
        }
        Ok(self)
    }

    /// Adds a join edge: `to` runs once every node of `from` has run.
    pub fn add_join<S: Into<String>>(
        &mut self,
        from: impl IntoIterator<Item = S>,
        to: impl Into<String>,
    ) -> Result<&mut Self, GraphValidationError> {
        let mut from: Vec<String> = from.into_iter().map(Into::into).collect();
        let to = to.into();
        if from.len() == 1 {
            let only = from.remove(0);
            return self.add_edge(only, to);
        }
        if from.is_empty() {
            return Err(GraphValidationError::EmptyJoin(to));
        }
        if from.iter().any(|f| f == END) {
            return Err(GraphValidationError::EndAsSource);
        }
        if from.iter().any(|f| f == START) || to == START {
            return Err(GraphValidationError::StartInJoin);
        }
        if to == END {
            return Err(GraphValidationError::EndInJoin);
        }
        crate::sorted::sort(&mut from);
        from.dedup();
        self.joins.push((from, to));
        Ok(self)
    }

    /// Adds a conditional edge from `source`: after it runs, `path` picks the next nodes.
    /// With `path_map`, the path function's results are keys of the map.
    pub fn add_conditional_edges<K: Into<String>, V: Into<String>>(
        &mut self,
        source: impl Into<String>,
        path: Rc<dyn PathFn>,
        path_map: Option<Vec<(K, V)>>,
    ) -> Result<&mut Self, GraphValidationError> {
        let source = source.into();
        if source == END {
            return Err(GraphValidationError::EndAsSource);
        }
        let path_map = path_map.map(|m| m.into_iter().map(|(k, v)| (k.into(), v.into())).collect());
        self.branches.push(BranchSpec { source, path, path_map });
        Ok(self)
    }

    /// Makes this a graph whose run input and output are single values (LangGraph's functional
    /// API): a run's input, whatever JSON value it is, lands in the state key `__root_input__`;
    /// what the run returns (and streams as `values`, and shows as its state) is the value of
    /// `__end__`, `null` until a node wrote it; `__previous__` holds what the last run saved.
    /// Nodes read all three and write the last two.
    pub fn root_io(&mut self) -> &mut Self {
        for key in [ROOT_INPUT, ROOT_OUTPUT, PREVIOUS] {
            if !self.channels.iter().any(|(k, _)| k == key) {
                self.channels.push((key.to_string(), ChannelSpec::LastValue));
            }
        }
        self.root = Some(RootIo {
            input: ROOT_INPUT.to_string(),
            output: ROOT_OUTPUT.to_string(),
        });
        self
    }

    /// Restricts a run's input to `keys` (other keys of the input are dropped), as an input
    /// schema does. Each must be a state key (checked when compiling).
    pub fn set_input_keys<S: Into<String>>(&mut self, keys: impl IntoIterator<Item = S>) -> &mut Self {
        self.input_keys = Some(keys.into_iter().map(Into::into).collect());
        self
    }

    /// Restricts what a run returns to `keys`, as an output schema does (`values` chunks, like
    /// LangGraph.js's, and the thread's state (`get_state`) keep every key).
    pub fn set_output_keys<S: Into<String>>(&mut self, keys: impl IntoIterator<Item = S>) -> &mut Self {
        self.output_keys = Some(keys.into_iter().map(Into::into).collect());
        self
    }

    /// Adds nodes and chains them with edges in the given order.
    pub fn add_sequence<S: Into<String>>(
        &mut self,
        nodes: impl IntoIterator<Item = (S, Rc<dyn NodeAction>)>,
    ) -> Result<&mut Self, GraphValidationError> {
        let mut previous: Option<String> = None;
        for (name, action) in nodes {
            let name = name.into();
            self.add_node(name.clone(), action)?;
            if let Some(prev) = previous.take() {
                self.add_edge(prev, name.clone())?;
            }
            previous = Some(name);
        }
        Ok(self)
    }

    /// Validates the graph and makes it runnable.
    pub fn compile(&self, options: CompileOptions) -> Result<CompiledGraph, GraphValidationError> {
        compile(self, options)
    }

    pub(crate) fn node(&self, name: &str) -> Option<&NodeSpec> {
        self.nodes.iter().find(|n| n.name == name)
    }
}

impl From<CompiledGraph> for Rc<dyn NodeAction> {
    fn from(graph: CompiledGraph) -> Self {
        Rc::new(graph)
    }
}
