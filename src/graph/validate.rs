//! Compile-time checks: every edge names real nodes, the graph has an entry point, breakpoints
//! name real nodes, and a run can end (END, or a node with no way out, is reachable from START).

use std::collections::{BTreeSet, VecDeque};

use super::builder::StateGraph;
use super::compiled::CompileOptions;
use super::GraphValidationError;
use crate::pregel::{Breakpoints, END, START};

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

    let has_entry =
        graph.edges.iter().any(|(from, _)| from == START) || graph.branches.iter().any(|b| b.source == START);
    if !has_entry {
        return Err(GraphValidationError::NoEntryPoint);
    }
    check_end_reachable(graph)
}

/// Where a run can go from `node`: `None` means "anywhere" (a conditional edge without a path
/// map). An empty list means the node is a dead end, where a run also finishes.
fn successors(graph: &StateGraph, node: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = graph
        .edges
        .iter()
        .filter(|(f, _)| f == node)
        .map(|(_, t)| t.clone())
        .collect();
    out.extend(
        graph
            .joins
            .iter()
            .filter(|(f, _)| f.iter().any(|s| s == node))
            .map(|(_, t)| t.clone()),
    );
    for branch in graph.branches.iter().filter(|b| b.source == node) {
        out.extend(branch.destinations()?);
    }
    if let Some(spec) = graph.node(node) {
        if let Some(ends) = &spec.ends {
            out.extend(ends.iter().cloned());
        }
    }
    Some(out)
}

fn check_end_reachable(graph: &StateGraph) -> Result<(), GraphValidationError> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::from([START.to_string()]);
    while let Some(node) = queue.pop_front() {
        if node == END || !seen.insert(node.clone()) {
            if node == END {
                return Ok(());
            }
            continue;
        }
        match successors(graph, &node) {
            None => return Ok(()),
            Some(next) if next.is_empty() && node != START => return Ok(()),
            Some(next) => queue.extend(next),
        }
    }
    seen.remove(START);
    Err(GraphValidationError::EndUnreachable(seen.into_iter().collect()))
}
