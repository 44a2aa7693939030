//! The superstep executor. Split by phase of the loop, like LangGraph's pregel package:
//! planning and applying writes (`algo`), a run's input and commands (`input`), running one
//! task (`task`), running a step's tasks concurrently with retries (`runner`, `retry`), the
//! loop's state machine (`run`), checkpoints and durability (`persist`), what nodes can reach
//! (`runtime`), streaming (`stream`, and `debug` for checkpoint events), and reading/editing
//! saved state (`state`).

mod algo;
mod call;
mod debug;
mod errors;
pub mod host;
mod input;
mod persist;
mod retry;
mod run;
mod runner;
mod runtime;
mod state;
mod store;
mod stream;
mod task;
mod types;

use std::rc::Rc;

use futures::{FutureExt, StreamExt};
use serde_json::Value;

pub use errors::GraphError;
pub use retry::{RetryOn, RetryPolicy};
pub use run::{RunOutcome, RunStatus};
pub use runtime::{CancelSignal, Host, Runtime};
pub use state::{HistoryOptions, StateSnapshot, TaskState, ThreadTask};
pub use store::{GraphStore, StoreHandle};
pub use stream::{Origin, RunStream, StreamMode, StreamPart};
pub use types::*;

use crate::checkpoint::Checkpointer;
use crate::graph::{CompiledGraph, NodeAction, NodeFuture};
use run::{Exit, RunRequest};
use stream::StreamSink;

/// How to run a graph. `RunOptions::default()` runs without a thread (nothing is saved).
#[derive(Clone, Default)]
pub struct RunOptions {
    pub config: RunConfig,
    /// Handed to nodes as `runtime.context()`.
    pub context: Value,
    /// Replaces the compiled `interrupt_before` when non-empty.
    pub interrupt_before: Option<Breakpoints>,
    /// Replaces the compiled `interrupt_after` when non-empty.
    pub interrupt_after: Option<Breakpoints>,
    pub durability: Durability,
    /// What `stream` reports (default: `updates`).
    pub stream_mode: Vec<StreamMode>,
    /// Include events of subgraphs in the stream.
    pub subgraphs: bool,
    /// Streams as LangGraph.js does where it and LangGraph's Python (which the LangGraph server,
    /// and so the Client, follows) differ: when a resumed step reuses the saved writes of tasks
    /// that finished before the pause, their `updates` (marked cached) come before the step's
    /// task starts, not after them; what subgraphs' nodes write to the `custom` stream goes out
    /// without `subgraphs` too (as the parent's own chunks); and a static breakpoint ends a
    /// `values` stream with `{__interrupt__: []}`, as it ends an `updates` one.
    pub langgraph_js: bool,
    /// Used when the graph was compiled without a checkpointer.
    pub checkpointer: Option<Rc<dyn Checkpointer>>,
    /// Cancels the run's nodes when set.
    pub signal: CancelSignal,
    /// The run's host scope, for a graph with a host (opened from the graph's host when `None`).
    /// A caller that must read the run's output values opens it first, to resolve them with.
    pub scope: Option<Rc<dyn host::HostScope>>,
    /// Handed to the run's nodes (and its subgraphs') as `Runtime::host`.
    pub host: Option<Host>,
}

impl RunOptions {
    /// Options for a run on a thread.
    pub fn thread(thread_id: impl Into<String>) -> Self {
        RunOptions {
            config: RunConfig::thread(thread_id),
            ..Default::default()
        }
    }

    pub fn with_config(mut self, config: RunConfig) -> Self {
        self.config = config;
        self
    }

    pub fn with_stream_mode(mut self, modes: &[StreamMode]) -> Self {
        self.stream_mode = modes.to_vec();
        self
    }

    pub fn with_interrupt_before<S: Into<String>>(mut self, nodes: impl IntoIterator<Item = S>) -> Self {
        self.interrupt_before = Some(Breakpoints::nodes(nodes));
        self
    }

    pub fn with_interrupt_after<S: Into<String>>(mut self, nodes: impl IntoIterator<Item = S>) -> Self {
        self.interrupt_after = Some(Breakpoints::nodes(nodes));
        self
    }

    pub fn with_durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    fn into_request(self, input: Input, stream: StreamSink) -> RunRequest {
        RunRequest {
            input,
            config: self.config,
            context: self.context,
            interrupt_before: self.interrupt_before,
            interrupt_after: self.interrupt_after,
            durability: self.durability,
            stream,
            signal: self.signal,
            checkpointer: self.checkpointer,
            parent: None,
            host: self.host,
        }
    }
}

fn root_error(exit: Exit) -> GraphError {
    match exit {
        Exit::Error(e) => e,
        Exit::ParentCommand(_) => GraphError::InvalidUpdate(
            "A node returned Command(graph=PARENT), but this graph is not running as a subgraph".into(),
        ),
    }
}

impl CompiledGraph {
    /// The scope a run of this graph uses: the one given, or a new one of the graph's host.
    fn run_scope(&self, options: &mut RunOptions) -> Option<Rc<dyn host::HostScope>> {
        if options.scope.is_none() {
            options.scope = self.spec.host.as_ref().map(|h| h.open());
        }
        options.scope.clone()
    }

    /// Runs until the graph finishes or pauses, and reports how it ended. For a graph with a
    /// host, the outcome's values hold handles of `options.scope` (open it first to read them).
    pub async fn run(&self, input: impl Into<Input>, mut options: RunOptions) -> Result<RunOutcome, GraphError> {
        let scope = self.run_scope(&mut options);
        let request = options.into_request(input.into(), StreamSink::new(&[], false));
        let run = Box::pin(run::run(self, request));
        host::Scoped { scope, inner: run }.await.map_err(root_error)
    }

    /// Runs until the graph finishes or pauses, and returns its state — with `__interrupt__`
    /// (the list of interrupts; empty at a static breakpoint) when it paused. Values are JSON:
    /// a host's handles are encoded.
    pub async fn invoke(&self, input: impl Into<Input>, mut options: RunOptions) -> Result<Value, GraphError> {
        let scope = self.run_scope(&mut options);
        let output = self.run(input, options).await?.to_output();
        match scope {
            Some(scope) if scope.holds_handles(&output) => scope.encode(&output).map_err(|e| {
                GraphError::InvalidUpdate(format!(
                    "The run's output holds a value that cannot be encoded: {}",
                    e.under("")
                ))
            }),
            _ => Ok(output),
        }
    }

    /// Runs the graph and streams its events; the run advances as the stream is polled.
    pub fn stream(&self, input: impl Into<Input>, mut options: RunOptions) -> RunStream {
        let modes = if options.stream_mode.is_empty() {
            vec![StreamMode::Updates]
        } else {
            options.stream_mode.clone()
        };
        let scope = self.run_scope(&mut options);
        let sink = StreamSink::new(&modes, options.subgraphs);
        if options.langgraph_js {
            sink.put_langgraph_js();
        }
        let request = options.into_request(input.into(), sink.clone());
        let graph = self.clone();
        let fut = async move { run::run(&graph, request).await.map_err(root_error) };
        let run = host::Scoped {
            scope: scope.clone(),
            inner: fut.boxed_local(),
        };
        RunStream::new(run.boxed_local(), sink, scope)
    }

    /// Runs the graph and collects its whole stream (or the error that ended it).
    pub async fn stream_all(
        &self,
        input: impl Into<Input>,
        options: RunOptions,
    ) -> Result<Vec<StreamPart>, GraphError> {
        let mut stream = self.stream(input, options);
        let mut parts = Vec::new();
        while let Some(part) = stream.next().await {
            parts.push(part?);
        }
        Ok(parts)
    }
}

impl CompiledGraph {
    /// Runs this graph as a subgraph of the task `runtime` belongs to: a nested run in the task's
    /// namespace, sharing the parent's checkpointer, stream and resume answers. Its final state
    /// (its output keys), or the interrupt, failure or parent Command to pass on.
    pub(crate) async fn run_in_task(&self, input: Value, runtime: &Runtime) -> Result<Value, NodeError> {
        let inner = &runtime.inner;
        let mut config = (*inner.config).clone();
        config.checkpoint_ns = inner.task_ns.clone();
        config.checkpoint_id = None;
        let request = RunRequest {
            input: Input::Values(input),
            config,
            context: (*inner.context).clone(),
            interrupt_before: None,
            interrupt_after: None,
            durability: inner.link.durability,
            stream: inner.link.stream.clone(),
            signal: inner.signal.clone(),
            checkpointer: None,
            parent: Some(inner.link.clone()),
            host: inner.link.host.clone(),
        };
        match run::run(self, request).await {
            Ok(outcome) if outcome.status == RunStatus::Done => Ok(outcome.values),
            Ok(outcome) => Err(NodeError::Interrupt(outcome.interrupts)),
            Err(Exit::ParentCommand(cmd)) => Err(NodeError::ParentCommand(cmd)),
            Err(Exit::Error(GraphError::NodeFailed { error, .. })) => Err(NodeError::Failed(error)),
            Err(Exit::Error(e)) => Err(NodeError::new(e.name(), e.to_string())),
        }
    }
}

/// A compiled graph used as a node runs as a nested run in the task's namespace
/// ([`CompiledGraph::run_in_task`]).
impl NodeAction for CompiledGraph {
    fn invoke(&self, input: State, runtime: Runtime) -> NodeFuture {
        let graph = self.clone();
        async move {
            // The subgraph reads the keys its input takes; the parent's other keys are not its input.
            let own: serde_json::Map<String, Value> = input
                .iter()
                .filter(|(k, _)| graph.spec.input_keys.iter().any(|s| s == k))
                .map(|(k, v)| (k.to_string(), v.as_ref().clone()))
                .collect();
            let input = if input.iter().next().is_some() {
                Value::Object(own)
            } else {
                input.to_value()
            };
            graph.run_in_task(input, &runtime).await.map(NodeOutput::SubgraphValues)
        }
        .boxed_local()
    }

    fn subgraph(&self) -> Option<&CompiledGraph> {
        Some(self)
    }
}
