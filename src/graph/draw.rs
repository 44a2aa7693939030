//! `get_graph()`: the graph as nodes and edges (the shape the LangGraph server returns from
//! `/assistants/{id}/graph`), and its Mermaid rendering (as LangGraph's `draw_mermaid`).

use serde::Serialize;
use serde_json::{json, Value};

use super::compiled::CompiledGraph;
use crate::pregel::{END, START};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DrawableNode {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DrawableEdge {
    pub source: String,
    pub target: String,
    /// The path-map key that leads here, when it differs from the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    pub conditional: bool,
}

/// A graph's nodes and edges, for display.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DrawableGraph {
    pub nodes: Vec<DrawableNode>,
    pub edges: Vec<DrawableEdge>,
}

impl CompiledGraph {
    /// The graph's nodes and edges. Conditional edges without a path map may lead anywhere,
    /// so they are drawn to every node (and END).
    pub fn get_graph(&self) -> DrawableGraph {
        let builder = &self.spec.builder;
        let mut edges: Vec<DrawableEdge> = Vec::new();
        let mut push = |source: &str, target: &str, data: Option<String>, conditional: bool| {
            let edge = DrawableEdge {
                source: source.into(),
                target: target.into(),
                data,
                conditional,
            };
            if !edges.contains(&edge) {
                edges.push(edge);
            }
        };
        for (from, to) in &builder.edges {
            push(from, to, None, false);
        }
        for (from, to) in &builder.joins {
            for source in from {
                push(source, to, None, false);
            }
        }
        let all_targets: Vec<String> = builder
            .nodes
            .iter()
            .map(|n| n.name.clone())
            .chain(std::iter::once(END.to_string()))
            .collect();
        for branch in &builder.branches {
            match &branch.path_map {
                Some(map) => {
                    for (key, to) in map {
                        push(&branch.source, to, (key != to).then(|| key.clone()), true);
                    }
                }
                None => {
                    for to in all_targets.iter().filter(|t| **t != branch.source) {
                        push(&branch.source, to, None, true);
                    }
                }
            }
        }
        for node in &builder.nodes {
            for to in node.ends.iter().flatten() {
                push(&node.name, to, None, true);
            }
        }

        // A node that edges lead to but that leads nowhere ends the run there: draw that as an
        // edge to END, as LangGraph does.
        let mut termini: Vec<String> = edges
            .iter()
            .map(|e| e.target.clone())
            .filter(|t| t != END && !edges.iter().any(|e| e.source == *t))
            .collect();
        crate::sorted::sort(&mut termini);
        termini.dedup();
        drawable(builder, edges, termini)
    }

    /// The graph's nodes and edges as LangGraph.js's `getGraph()` lists them, which its users
    /// read (`edges`) and its `drawMermaid()` draws in this order: edges declared with `addEdge`
    /// (a join's sources one by one) ordered by source name, keeping declaration order among
    /// equal sources (JS compares strings by UTF-16 code units); then conditional edges, by
    /// source in the order sources first had one, each branch's destinations in its path
    /// map's order (all other nodes, then END, without one); then nodes' `ends`; then, for each
    /// node an `addEdge` leads to that has no edge out, an edge to END (in name order).
    /// Unlike [`get_graph`](Self::get_graph), nothing is deduplicated.
    pub fn get_graph_js(&self) -> DrawableGraph {
        let builder = &self.spec.builder;
        let utf16 = |a: &str, b: &str| a.encode_utf16().cmp(b.encode_utf16());
        let is_source = |name: &str| name == START || builder.nodes.iter().any(|n| n.name == name);
        let mut edges: Vec<DrawableEdge> = Vec::new();
        let mut push = |source: &str, target: &str, data: Option<&String>, conditional: bool| {
            if is_source(source) {
                edges.push(DrawableEdge {
                    source: source.into(),
                    target: target.into(),
                    data: data.filter(|label| *label != target).cloned(),
                    conditional,
                });
            }
        };

        let mut declared: Vec<(&String, &String)> = builder.edges.iter().map(|(from, to)| (from, to)).collect();
        for (sources, to) in &builder.joins {
            declared.extend(sources.iter().map(|from| (from, to)));
        }
        crate::sorted::sort_by(&mut declared, |a, b| utf16(a.0, b.0));
        for (from, to) in declared {
            push(from, to, None, false);
        }

        let mut sources: Vec<&String> = Vec::new();
        for branch in &builder.branches {
            if !sources.contains(&&branch.source) {
                sources.push(&branch.source);
            }
        }
        let end = END.to_string();
        for source in sources {
            for branch in builder.branches.iter().filter(|b| b.source == *source) {
                match &branch.path_map {
                    Some(map) => {
                        for (key, to) in map {
                            push(source, to, Some(key), true);
                        }
                    }
                    None => {
                        let others = builder.nodes.iter().map(|n| &n.name).filter(|n| *n != source);
                        for to in others.chain(std::iter::once(&end)) {
                            push(source, to, None, true);
                        }
                    }
                }
            }
        }
        for node in &builder.nodes {
            for to in node.ends.iter().flatten() {
                push(&node.name, to, None, true);
            }
        }

        let mut leads_nowhere: Vec<String> = edges
            .iter()
            .filter(|e| !e.conditional && e.target != END)
            .map(|e| e.target.clone())
            .filter(|t| !edges.iter().any(|e| e.source == *t))
            .collect();
        crate::sorted::sort_by(&mut leads_nowhere, |a, b| utf16(a, b));
        leads_nowhere.dedup();
        drawable(builder, edges, leads_nowhere)
    }

    /// The graph as a Mermaid flowchart.
    pub fn draw_mermaid(&self) -> String {
        self.get_graph().draw_mermaid()
    }
}

/// `edges`, then an edge to END from each of `to_end`, and the graph's nodes: START, the
/// builder's, and END if an edge leads there.
fn drawable(builder: &super::builder::StateGraph, mut edges: Vec<DrawableEdge>, to_end: Vec<String>) -> DrawableGraph {
    for source in to_end {
        edges.push(DrawableEdge {
            source,
            target: END.into(),
            data: None,
            conditional: false,
        });
    }
    let mut nodes = vec![drawable_node(START, "schema")];
    for n in &builder.nodes {
        nodes.push(drawable_node(&n.name, node_kind(n)));
    }
    if edges.iter().any(|e| e.target == END) {
        nodes.push(drawable_node(END, "schema"));
    }
    DrawableGraph { nodes, edges }
}

fn drawable_node(id: &str, kind: &str) -> DrawableNode {
    DrawableNode {
        id: id.into(),
        kind: kind.into(),
        data: json!({"id": id, "name": id}),
    }
}

fn node_kind(node: &super::builder::NodeSpec) -> &'static str {
    if node.action.subgraph().is_some() {
        "graph"
    } else {
        "runnable"
    }
}

impl DrawableGraph {
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// A Mermaid flowchart: START and END as stadiums, conditional edges dotted and labelled
    /// with their path-map key.
    pub fn draw_mermaid(&self) -> String {
        let mut out = String::from("---\nconfig:\n  flowchart:\n    curve: linear\n---\ngraph TD;\n");
        for n in &self.nodes {
            let line = match n.id.as_str() {
                START => format!("\t{}([<p>{}</p>]):::first\n", n.id, n.id),
                END => format!("\t{}([<p>{}</p>]):::last\n", n.id, n.id),
                id => format!("\t{}({})\n", mermaid_id(id), escape(id)),
            };
            out.push_str(&line);
        }
        for e in &self.edges {
            let (s, t) = (mermaid_id(&e.source), mermaid_id(&e.target));
            let line = match (&e.data, e.conditional) {
                (Some(label), true) => format!("\t{s} -. &nbsp;{}&nbsp; .-> {t};\n", escape(label)),
                (None, true) => format!("\t{s} -.-> {t};\n"),
                (Some(label), false) => format!("\t{s} -- &nbsp;{}&nbsp; --> {t};\n", escape(label)),
                (None, false) => format!("\t{s} --> {t};\n"),
            };
            out.push_str(&line);
        }
        out.push_str("\tclassDef default fill:#f2f0ff,line-height:1.2\n");
        out.push_str("\tclassDef first fill-opacity:0\n");
        out.push_str("\tclassDef last fill:#bfb6fc\n");
        out
    }
}

/// Mermaid ids may not contain spaces or punctuation that its grammar uses.
fn mermaid_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
