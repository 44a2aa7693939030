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
        for source in termini {
            edges.push(DrawableEdge {
                source,
                target: END.into(),
                data: None,
                conditional: false,
            });
        }

        let node = |id: &str, kind: &str| DrawableNode {
            id: id.into(),
            kind: kind.into(),
            data: json!({"id": id, "name": id}),
        };
        let mut nodes = vec![node(START, "schema")];
        for n in &builder.nodes {
            let kind = if n.action.subgraph().is_some() {
                "graph"
            } else {
                "runnable"
            };
            nodes.push(node(&n.name, kind));
        }
        if edges.iter().any(|e| e.target == END) {
            nodes.push(node(END, "schema"));
        }
        DrawableGraph { nodes, edges }
    }

    /// The graph as a Mermaid flowchart.
    pub fn draw_mermaid(&self) -> String {
        self.get_graph().draw_mermaid()
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
