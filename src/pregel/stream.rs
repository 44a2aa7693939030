//! Streaming: the events a run emits (`values`, `updates`, `tasks`, `checkpoints`, `debug`,
//! `custom`, `messages`), queued by the loop and pulled by the caller through `RunStream`.
//!
//! The loop future lives inside the stream: it only makes progress while the caller polls, so a
//! caller that stops reading stops the run (dropping the stream cancels it).
//!
//! Events can also arrive between polls: a JS node runs on the JS event loop while the loop
//! future waits for its promise, and its chat model's tokens and `writer` chunks are emitted
//! from there. Emitting wakes the reader, so those reach it as they are made, not when the
//! node returns.

use std::any::Any;
use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::future::LocalBoxFuture;
use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::host::HostScope;

use super::errors::GraphError;
use super::run::RunOutcome;

/// What a stream reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StreamMode {
    /// The full state after each superstep.
    Values,
    /// `{node: update}` after each task.
    Updates,
    /// Task starts and results.
    Tasks,
    /// Each checkpoint as it is made.
    Checkpoints,
    /// `tasks` and `checkpoints`, wrapped with step, timestamp and type.
    Debug,
    /// What nodes write with `runtime.write(chunk)`.
    Custom,
    /// `[message, metadata]`: chat-model tokens and the messages nodes return, sent by the
    /// binding that runs the node (it hears the model's callbacks); each message id once.
    Messages,
}

impl StreamMode {
    pub const ALL: [StreamMode; 7] = [
        StreamMode::Values,
        StreamMode::Updates,
        StreamMode::Tasks,
        StreamMode::Checkpoints,
        StreamMode::Debug,
        StreamMode::Custom,
        StreamMode::Messages,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            StreamMode::Values => "values",
            StreamMode::Updates => "updates",
            StreamMode::Tasks => "tasks",
            StreamMode::Checkpoints => "checkpoints",
            StreamMode::Debug => "debug",
            StreamMode::Custom => "custom",
            StreamMode::Messages => "messages",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        StreamMode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// One streamed event.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamPart {
    /// The subgraph it comes from: empty for the root graph, else one `node:<task id>` per level.
    pub ns: Vec<String>,
    pub mode: StreamMode,
    pub data: Value,
    /// For an `updates` chunk: what the node itself returned, as the binding that ran it gave
    /// it (see `Runtime::set_output_origin`). `data` holds the same update as JSON.
    pub origin: Option<Origin>,
}

/// A node's return value in its own language's terms, opaque to the engine: the JS binding
/// hands a node's own objects back in `updates` chunks instead of copies, as LangGraph.js does.
/// Compares equal to any other origin: it is a shortcut, not part of the event.
#[derive(Clone)]
pub struct Origin(pub Rc<dyn Any>);

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Origin")
    }
}

#[derive(Default)]
struct SinkState {
    queue: VecDeque<StreamPart>,
    modes: u8,
    subgraphs: bool,
    /// The root run took its input: from here on it may save checkpoints.
    accepted: bool,
    /// See [`RunOptions::langgraph_js`](super::RunOptions::langgraph_js).
    langgraph_js: bool,
    /// Ids of the messages already streamed in `messages` mode, or read by a node as its input:
    /// a message a node returns is streamed only if it is new (LangGraph's de-duplication).
    seen_messages: HashSet<String>,
    /// The reader waiting for the next event (see the module docs).
    reader: Option<Waker>,
}

/// Where a run (and the subgraphs it runs) put their events. Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct StreamSink {
    state: Rc<RefCell<SinkState>>,
}

impl StreamSink {
    pub fn new(modes: &[StreamMode], subgraphs: bool) -> Self {
        let mut bits = 0;
        for m in modes {
            bits |= m.bit();
        }
        StreamSink {
            state: Rc::new(RefCell::new(SinkState {
                queue: VecDeque::new(),
                modes: bits,
                subgraphs,
                accepted: false,
                langgraph_js: false,
                seen_messages: HashSet::new(),
                reader: None,
            })),
        }
    }

    /// The root run accepted its input (see [`RunStream::input_accepted`]).
    pub fn accept_input(&self) {
        self.state.borrow_mut().accepted = true;
    }

    /// Streams as LangGraph.js does (see [`RunOptions::langgraph_js`](super::RunOptions::langgraph_js)).
    pub fn put_langgraph_js(&self) {
        self.state.borrow_mut().langgraph_js = true;
    }

    pub fn langgraph_js(&self) -> bool {
        self.state.borrow().langgraph_js
    }

    /// The namespace a `custom` chunk written in namespace `ns` is streamed under: its own, or
    /// the root's when subgraphs are not streamed but their custom chunks are (LangGraph.js).
    pub fn custom_ns<'a>(&self, ns: &'a str) -> &'a str {
        let s = self.state.borrow();
        if s.langgraph_js && !s.subgraphs {
            ""
        } else {
            ns
        }
    }

    /// Whether an event of `mode` from namespace `ns` would be kept (so callers can skip building it).
    pub fn wants(&self, mode: StreamMode, ns: &str) -> bool {
        let s = self.state.borrow();
        s.modes & mode.bit() != 0 && (ns.is_empty() || s.subgraphs)
    }

    pub fn emit(&self, mode: StreamMode, ns: &str, data: Value) {
        self.emit_with_origin(mode, ns, data, None);
    }

    pub fn emit_with_origin(&self, mode: StreamMode, ns: &str, data: Value, origin: Option<Origin>) {
        if !self.wants(mode, ns) {
            return;
        }
        let ns = if ns.is_empty() {
            Vec::new()
        } else {
            ns.split(super::types::NS_SEP).map(str::to_string).collect()
        };
        let reader = {
            let mut state = self.state.borrow_mut();
            state.queue.push_back(StreamPart { ns, mode, data, origin });
            state.reader.take()
        };
        if let Some(reader) = reader {
            reader.wake();
        }
    }

    /// Streams a `messages` event, unless `dedupe` is set and the message id was seen already.
    /// Returns whether it was streamed.
    pub fn emit_message(&self, ns: &str, data: Value, origin: Option<Origin>, id: Option<&str>, dedupe: bool) -> bool {
        if !self.wants(StreamMode::Messages, ns) {
            return false;
        }
        if let Some(id) = id {
            let mut state = self.state.borrow_mut();
            if dedupe && state.seen_messages.contains(id) {
                return false;
            }
            state.seen_messages.insert(id.to_string());
        }
        self.emit_with_origin(StreamMode::Messages, ns, data, origin);
        true
    }

    /// Marks message ids as seen (a node's input): returning them is not news.
    pub fn see_messages(&self, ids: impl IntoIterator<Item = String>) {
        self.state.borrow_mut().seen_messages.extend(ids);
    }

    fn pop(&self) -> Option<StreamPart> {
        self.state.borrow_mut().queue.pop_front()
    }
}

/// The stream of a run: yields events as the run produces them, then the run's error, if any.
pub struct RunStream {
    run: Option<LocalBoxFuture<'static, Result<RunOutcome, GraphError>>>,
    sink: StreamSink,
    error: Option<GraphError>,
    outcome: Option<RunOutcome>,
    /// The run's host scope: its handles (in parts and the outcome) live as long as the stream.
    scope: Option<Rc<dyn HostScope>>,
}

impl RunStream {
    pub(crate) fn new(
        run: LocalBoxFuture<'static, Result<RunOutcome, GraphError>>,
        sink: StreamSink,
        scope: Option<Rc<dyn HostScope>>,
    ) -> Self {
        RunStream {
            run: Some(run),
            sink,
            error: None,
            outcome: None,
            scope,
        }
    }

    /// The run's host scope, if its graph has a host (to resolve the handles parts hold).
    pub fn scope(&self) -> Option<&Rc<dyn HostScope>> {
        self.scope.as_ref()
    }

    /// `value` (a part's data, the outcome's values) as JSON: handles encoded.
    pub fn encode(&self, value: Value) -> Result<Value, GraphError> {
        match &self.scope {
            Some(scope) if scope.holds_handles(&value) => scope.encode(&value).map_err(|e| {
                GraphError::InvalidUpdate(match &e.writer {
                    Some(node) => format!("Node '{node}' wrote a value that cannot be saved: {}", e.under("")),
                    None => format!("The run streamed a value that cannot be encoded: {}", e.under("")),
                })
            }),
            _ => Ok(value),
        }
    }

    /// How the run ended, once the stream is exhausted without an error.
    pub fn outcome(&self) -> Option<&RunOutcome> {
        self.outcome.as_ref()
    }

    /// Whether the run got past its input. A run that failed before it did refused its input
    /// (an unanswerable resume, a bad command, a missing checkpoint) and saved nothing: the
    /// thread is as it was.
    pub fn input_accepted(&self) -> bool {
        self.sink.state.borrow().accepted
    }
}

impl Stream for RunStream {
    type Item = Result<StreamPart, GraphError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(part) = this.sink.pop() {
            return Poll::Ready(Some(Ok(part)));
        }
        if let Some(run) = this.run.as_mut() {
            let finished = run.as_mut().poll(cx);
            if let Poll::Ready(result) = finished {
                this.run = None;
                match result {
                    Ok(outcome) => this.outcome = Some(outcome),
                    Err(e) => this.error = Some(e),
                }
            }
            if let Some(part) = this.sink.pop() {
                return Poll::Ready(Some(Ok(part)));
            }
            if this.run.is_some() {
                this.sink.state.borrow_mut().reader = Some(cx.waker().clone());
                return Poll::Pending;
            }
        }
        Poll::Ready(this.error.take().map(Err))
    }
}
