//! `GraphError`: every way a run, `get_state` or `update_state` can fail, each with the stable
//! name the JS layer gives the thrown error.

use crate::channels::ChannelError;
use crate::checkpoint::CheckpointError;
use crate::graph::GraphValidationError;

use super::types::{NodeError, NodeFailure};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GraphError {
    #[error(transparent)]
    Validation(#[from] GraphValidationError),

    #[error("Recursion limit of {0} reached without hitting a stop condition. You can increase the limit by setting the \"recursionLimit\" config key.\n\nTroubleshooting URL: https://docs.langchain.com/oss/javascript/langgraph/GRAPH_RECURSION_LIMIT/\n")]
    Recursion(usize),

    /// A write the state cannot take: two values for a `LastValue` key in one step, an unknown
    /// key, a non-object update, a reducer failure.
    #[error("{0}")]
    InvalidUpdate(String),

    #[error("{0}")]
    EmptyInput(String),

    /// A node failed (after its retries).
    #[error("{}", node_failed(node, error))]
    NodeFailed { node: String, error: NodeFailure },

    /// `Command { resume }` when no interrupt is waiting for an answer.
    #[error("{0}")]
    NothingToResume(String),

    /// A bare `resume` with several interrupts pending, or an id that matches none.
    #[error("{0}")]
    AmbiguousResume(String),

    /// The operation needs a checkpointer (or a thread id) and has none.
    #[error("{0}")]
    NoCheckpointer(String),

    #[error("{0}")]
    InvalidConfig(String),

    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
}

impl GraphError {
    /// The stable error name (what the thrown JS error's `name` is).
    pub fn name(&self) -> &'static str {
        match self {
            GraphError::Validation(_) => "GraphValidationError",
            GraphError::Recursion(_) => "GraphRecursionError",
            GraphError::InvalidUpdate(_) => "InvalidUpdateError",
            GraphError::EmptyInput(_) => "EmptyInputError",
            GraphError::NodeFailed { error, .. } => node_error_name(error),
            GraphError::NothingToResume(_) => "NothingToResumeError",
            GraphError::AmbiguousResume(_) => "AmbiguousResumeError",
            GraphError::NoCheckpointer(_) => "MissingCheckpointerError",
            GraphError::InvalidConfig(_) => "InvalidConfigError",
            GraphError::Checkpoint(e) => e.name(),
        }
    }

    /// A state update refused while turning it into writes (its message already says why).
    pub(crate) fn invalid_update_from(e: NodeError) -> Self {
        match e {
            NodeError::Failed(f) => GraphError::InvalidUpdate(f.message),
            other => GraphError::InvalidUpdate(other.to_string()),
        }
    }

    pub(crate) fn invalid_update(key: &str, node: &str, err: ChannelError) -> Self {
        GraphError::InvalidUpdate(format!(
            "Invalid update for channel '{key}' (from node '{node}'): {err}"
        ))
    }
}

/// An engine-detected bad update already names the node; a user error gets the node added.
fn node_failed(node: &str, error: &NodeFailure) -> String {
    if error.name == "InvalidUpdateError" {
        error.message.clone()
    } else {
        format!("node '{node}' failed: {error}")
    }
}

/// A node's own error keeps its class name when it is one a caller would match on.
fn node_error_name(error: &NodeFailure) -> &'static str {
    match error.name.as_str() {
        "InvalidUpdateError" => "InvalidUpdateError",
        "GraphRecursionError" => "GraphRecursionError",
        _ => "NodeError",
    }
}
