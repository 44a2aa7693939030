//! The graphs a server runs, by graph id: a compiled graph, or a factory that builds one from a
//! run's config (LangGraph's "dynamic graph", `(config) => graph`), each with the default
//! `config` and `context` its system assistant gets.
//!
//! Every graph the server hands out saves to the server's checkpointer, whatever it was
//! compiled with. A factory is called once per run (and for reads of a thread or assistant
//! that need the graph), with the config the run or thread has; nothing is cached, since the
//! graph may differ per config.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use serde_json::{Map, Value};

use super::{Server, ServerError, Thread};
use crate::graph::CompiledGraph;

/// Builds a graph for a config (`{configurable: {…}, recursion_limit?, tags?}`).
pub trait GraphFactory {
    fn build(&self, config: Value) -> LocalBoxFuture<'static, Result<CompiledGraph, ServerError>>;
}

#[derive(Clone)]
pub(crate) enum GraphSource {
    Compiled(CompiledGraph),
    Factory(Rc<dyn GraphFactory>),
}

/// A graph as a server registers it.
#[derive(Clone)]
pub struct GraphDef {
    pub(crate) source: GraphSource,
    /// The system assistant's `config` (an object: `configurable`, `recursion_limit`, `tags`).
    pub(crate) config: Map<String, Value>,
    /// The system assistant's `context` (an object).
    pub(crate) context: Map<String, Value>,
}

impl GraphDef {
    pub fn compiled(graph: CompiledGraph) -> Self {
        GraphDef {
            source: GraphSource::Compiled(graph),
            config: Map::new(),
            context: Map::new(),
        }
    }

    pub fn factory(factory: Rc<dyn GraphFactory>) -> Self {
        GraphDef {
            source: GraphSource::Factory(factory),
            config: Map::new(),
            context: Map::new(),
        }
    }

    /// The default config of runs on this graph (checked as an assistant's config is).
    pub fn with_config(mut self, config: &Value) -> Result<Self, ServerError> {
        self.config = super::request::assistant_config(config, "config")?;
        Ok(self)
    }

    /// The default context of runs on this graph (an object).
    pub fn with_context(mut self, context: &Value) -> Result<Self, ServerError> {
        self.context = super::request::assistant_context(context, "context")?;
        Ok(self)
    }
}

impl From<CompiledGraph> for GraphDef {
    fn from(graph: CompiledGraph) -> Self {
        GraphDef::compiled(graph)
    }
}

/// `{configurable, …}` with the keys of `over` replacing those of `base`, and `configurable`
/// merged key by key (as the LangGraph server merges an assistant's, a thread's and a run's
/// configs).
pub(crate) fn merge_config(base: &Map<String, Value>, over: &Map<String, Value>) -> Map<String, Value> {
    let mut merged = base.clone();
    let mut configurable = configurable_of(base);
    configurable.extend(configurable_of(over));
    merged.extend(over.iter().map(|(k, v)| (k.clone(), v.clone())));
    merged.insert("configurable".into(), Value::Object(configurable));
    merged
}

pub(crate) fn configurable_of(config: &Map<String, Value>) -> Map<String, Value> {
    match config.get("configurable") {
        Some(Value::Object(c)) => c.clone(),
        _ => Map::new(),
    }
}

impl Server {
    /// The graph registered as `graph_id`, built for `config` when it is a factory. (Boxed: it
    /// is awaited in many places, which would otherwise each carry a copy of its state machine.)
    pub(crate) fn graph_for<'a>(
        &'a self,
        graph_id: &'a str,
        config: &'a Map<String, Value>,
    ) -> LocalBoxFuture<'a, Result<CompiledGraph, ServerError>> {
        Box::pin(self.build_graph(graph_id, config))
    }

    async fn build_graph(&self, graph_id: &str, config: &Map<String, Value>) -> Result<CompiledGraph, ServerError> {
        let source = self
            .inner
            .graphs
            .get(graph_id)
            .map(|def| def.source.clone())
            .ok_or_else(|| ServerError::NotFound(format!("Graph \"{graph_id}\" not found")))?;
        match source {
            GraphSource::Compiled(graph) => Ok(graph),
            GraphSource::Factory(factory) => {
                let graph = factory.build(Value::Object(config.clone())).await?;
                Ok(graph.with_checkpointer(self.inner.checkpointer.clone()))
            }
        }
    }

    /// The graph a thread runs (from its `graph_id` metadata), built with the config its last
    /// run had; `None` before its first run. (Boxed, as `graph_for`.)
    pub(crate) fn thread_graph<'a>(
        &'a self,
        thread: &'a Thread,
    ) -> LocalBoxFuture<'a, Result<Option<CompiledGraph>, ServerError>> {
        Box::pin(self.thread_graph_inner(thread))
    }

    async fn thread_graph_inner(&self, thread: &Thread) -> Result<Option<CompiledGraph>, ServerError> {
        let Some(graph_id) = thread.metadata.get("graph_id").and_then(Value::as_str) else {
            return Ok(None);
        };
        if !self.inner.graphs.contains_key(graph_id) {
            return Ok(None);
        }
        let mut config = thread.config.clone();
        let mut configurable = configurable_of(&config);
        configurable.insert("thread_id".into(), Value::String(thread.thread_id.clone()));
        config.insert("configurable".into(), Value::Object(configurable));
        self.graph_for(graph_id, &config).await.map(Some)
    }
}
