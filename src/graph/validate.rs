//! Compile-time checks: every edge names real nodes, the graph has an entry point, breakpoints
//! name real nodes, and every node is the target of some edge (LangGraph.js's rule: a node that
//! nothing leads to is a wiring mistake). A graph whose loops never reach END is allowed: in a
//! human-in-the-loop graph, `agent → human → agent` pauses at `interrupt()` on every run.

use super::builder::StateGraph;
use super::compiled::CompileOptions;
use super::GraphValidationError;
use crate::pregel::{Breakpoints, END, START};
use crate::sorted::SortedSet;

pub(crate) fn validate(graph: &StateGraph, options: &CompileOptions) -> Result<(), GraphValidationError> {
    let is_node = |name: &str| graph.node(name).is_some();
    let unknown = |node: &str, context: String| GraphValidationError::UnknownNode {
        node: node.to_string(),
        context,
    };

    for (from, to) in &graph.edges {
        if from != START && !is_node(from) {
            return Err(unknown(from, format!("edge {from} → {to}")));
        }
        if to != END && !is_node(to) {
            return Err(unknown(to, format!("edge {from} → {to}")));
        }
    }
    for (from, to) in &graph.joins {
        for name in from.iter().chain(std::iter::once(to)) {
            if !is_node(name) {
                return Err(unknown(name, format!("join [{}] → {to}", from.join(", "))));
            }
        }
    }
    for branch in &graph.branches {
        if branch.source != START && !is_node(&branch.source) {
            return Err(unknown(&branch.source, "conditional edge source".to_string()));
        }
        for to in branch.destinations().unwrap_or_default() {
            if to != END && !is_node(&to) {
                return Err(unknown(&to, format!("conditional edge from {}", branch.source)));
            }
        }
    }
    for node in &graph.nodes {
        for to in node.ends.iter().flatten() {
            if to != END && !is_node(to) {
                return Err(unknown(to, format!("goto destinations of {}", node.name)));
            }
        }
    }
    for (which, points) in [
        ("interrupt_before", &options.interrupt_before),
        ("interrupt_after", &options.interrupt_after),
    ] {
        if let Breakpoints::Nodes(names) = points {
            for name in names {
                if !is_node(name) {
                    return Err(unknown(name, which.to_string()));
                }
            }
        }
    }

    for (which, keys) in [("input keys", &graph.input_keys), ("output keys", &graph.output_keys)] {
        for key in keys.iter().flatten() {
            if !graph.channels.iter().any(|(k, _)| k == key) {
                let known: Vec<&str> = graph.channels.iter().map(|(k, _)| k.as_str()).collect();
                return Err(GraphValidationError::UnknownStateKey {
                    key: key.clone(),
                    context: which.to_string(),
                    known: known.join(", "),
                });
            }
        }
    }

    let has_entry =
        graph.edges.iter().any(|(from, _)| from == START) || graph.branches.iter().any(|b| b.source == START);
    if !has_entry {
        return Err(GraphValidationError::NoEntryPoint);
    }
    check_nodes_reachable(graph)
}

/// Every node must be a possible destination: of an edge, a join, a conditional edge (one
/// without a path map may lead to any other node), or a node's declared `goto` ends.
fn check_nodes_reachable(graph: &StateGraph) -> Result<(), GraphValidationError> {
    let mut targets: SortedSet<&str> = graph.edges.iter().map(|(_, to)| to.as_str()).collect();
    targets.extend(graph.joins.iter().map(|(_, to)| to.as_str()));
    for node in &graph.nodes {
        targets.extend(node.ends.iter().flatten().map(String::as_str));
    }
    for branch in &graph.branches {
        match &branch.path_map {
            Some(map) => targets.extend(map.iter().map(|(_, to)| to.as_str())),
            None => targets.extend(
                graph
                    .nodes
                    .iter()
                    .map(|n| n.name.as_str())
                    .filter(|n| *n != branch.source),
            ),
        }
    }
    match graph.nodes.iter().find(|n| !targets.contains(n.name.as_str())) {
        Some(node) => Err(GraphValidationError::UnreachableNode(node.name.clone())),
        None => Ok(()),
    }
}
