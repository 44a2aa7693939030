//! `ServerError`: every way a Client/server call fails, with the HTTP status and the message the
//! LangGraph server uses, so the JS Client and the HTTP layer report the same thing.

use crate::checkpoint::CheckpointError;
use crate::pregel::GraphError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServerError {
    /// 404: an unknown assistant, thread, run or store item.
    #[error("{0}")]
    NotFound(String),
    /// 409: the thread already exists, or is busy and the call cannot wait.
    #[error("{0}")]
    Conflict(String),
    /// 422: a request the server understands but refuses (bad fields, a busy thread under the
    /// `reject` multitask strategy).
    #[error("{0}")]
    Unprocessable(String),
    /// 422: a run on a thread that has one in flight, under the `reject` multitask strategy.
    #[error("{0}")]
    ThreadBusy(String),
    /// 400: a malformed request.
    #[error("{0}")]
    BadRequest(String),
    /// 500: a graph factory threw (or built no graph) for a run's or assistant's config.
    #[error("the graph factory failed: {0}")]
    GraphFactory(String),
    /// The graph failed or refused the input (its own error name and message).
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// 422: the graph refused what the request asked of it directly (an `updateState` it cannot
    /// apply), under the graph's own error name. A 5xx would make the SDK retry it.
    #[error(transparent)]
    Refused(GraphError),
}

impl From<CheckpointError> for ServerError {
    fn from(e: CheckpointError) -> Self {
        ServerError::Graph(GraphError::Checkpoint(e))
    }
}

impl ServerError {
    /// A graph error on a request the caller made directly: refused (4xx), unless storage
    /// failed.
    pub fn refused(error: GraphError) -> Self {
        match error {
            GraphError::Checkpoint(CheckpointError::NotFound(_)) => ServerError::Refused(error),
            GraphError::Checkpoint(_) => ServerError::Graph(error),
            other => ServerError::Refused(other),
        }
    }

    /// The HTTP status the LangGraph server answers with.
    pub fn status(&self) -> u16 {
        match self {
            ServerError::NotFound(_) => 404,
            ServerError::Conflict(_) => 409,
            ServerError::Unprocessable(_) | ServerError::ThreadBusy(_) => 422,
            ServerError::BadRequest(_) => 400,
            ServerError::GraphFactory(_) => 500,
            ServerError::Graph(e) | ServerError::Refused(e) => match e {
                GraphError::Checkpoint(CheckpointError::NotFound(_)) => 404,
                GraphError::Checkpoint(_) => 500,
                GraphError::NothingToResume(_) | GraphError::AmbiguousResume(_) => 409,
                GraphError::EmptyInput(_) | GraphError::InvalidConfig(_) => 422,
                _ if matches!(self, ServerError::Refused(_)) => 422,
                _ => 500,
            },
        }
    }

    /// The stable error name (the thrown JS error's `name`). A node's own error keeps its
    /// class name (`CustomError`), as the LangGraph server reports it.
    pub fn name(&self) -> &str {
        match self {
            ServerError::Graph(GraphError::NodeFailed { error, .. }) => &error.name,
            ServerError::NotFound(_) => "NotFoundError",
            ServerError::Conflict(_) => "ConflictError",
            ServerError::Unprocessable(_) => "UnprocessableEntityError",
            ServerError::ThreadBusy(_) => "ThreadBusyError",
            ServerError::BadRequest(_) => "BadRequestError",
            ServerError::GraphFactory(_) => "GraphFactoryError",
            ServerError::Graph(e) | ServerError::Refused(e) => e.name(),
        }
    }

    /// The message as the LangGraph server sends it: a node's own error message, without the
    /// node's name in front (which `to_string` adds for a thrown JS error of `graph.invoke`).
    pub fn message(&self) -> String {
        match self {
            ServerError::Graph(GraphError::NodeFailed { error, .. }) => error.message.clone(),
            other => other.to_string(),
        }
    }

    /// `{error, message}`: how a refusal or a failed run is reported over HTTP.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "error": self.name(), "message": self.message() })
    }
}
