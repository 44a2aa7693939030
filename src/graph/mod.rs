//! What users declare: the `StateGraph` builder, its validation, the `CompiledGraph` it turns
//! into, and drawings of it (`get_graph()`, Mermaid). Running a compiled graph is `pregel`'s job.

mod builder;
mod compiled;
mod draw;
mod node;
mod schema;
mod validate;

pub use builder::{BranchSpec, NodeOptions, NodeSpec, StateGraph};
pub(crate) use compiled::{branch_channel, GraphSpec, PregelNode, Writer};
pub use compiled::{CompileOptions, CompiledGraph};
pub use draw::{DrawableEdge, DrawableGraph, DrawableNode};
pub use node::{async_node, async_path, node_fn, path_fn, NodeAction, NodeFuture, PathFn, PathFuture};
pub use schema::{GraphSchemas, JsonSchemas};

/// A graph that cannot be compiled, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphValidationError {
    #[error("node '{0}' already exists")]
    DuplicateNode(String),
    #[error("state key '{0}' already exists")]
    DuplicateKey(String),
    #[error("'{0}' is reserved and cannot name a node or state key")]
    ReservedName(String),
    #[error("'{0}' is not a valid name: names must be non-empty and contain neither '|' nor ':'")]
    InvalidName(String),
    #[error("'{0}' is already used as a state key; a node cannot have the same name")]
    NodeNamedLikeStateKey(String),
    #[error("unknown node '{node}' in {context}")]
    UnknownNode { node: String, context: String },
    #[error("END cannot be the start of an edge")]
    EndAsSource,
    #[error("START cannot be the end of an edge")]
    StartAsTarget,
    #[error("START cannot take part in a join edge")]
    StartInJoin,
    #[error("a join edge cannot end at END")]
    EndInJoin,
    #[error("a join edge to '{0}' needs at least one source")]
    EmptyJoin(String),
    #[error("graph has no entry point: add an edge or a conditional edge from START")]
    NoEntryPoint,
    #[error("the schema of '{0}' must be a JSON Schema object")]
    InvalidSchema(String),
    #[error("'{0}' is not a state key: declare it before giving it a schema")]
    UnknownKey(String),
    #[error("node '{0}' is not reachable: no edge, conditional edge or declared goto leads to it (a node that returns Command({{goto}}) must declare its destinations in `ends`)")]
    UnreachableNode(String),
}

impl GraphValidationError {
    /// The JS error name.
    pub fn name(&self) -> &'static str {
        "GraphValidationError"
    }
}
