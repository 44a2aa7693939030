//! Assistants: one system assistant per registered graph, found by its id or by the graph id
//! (as the LangGraph server does: the id is uuid5 of the graph id).

use serde_json::{json, Map, Value};

use super::{now, Assistant, Server, ServerError};
use crate::graph::CompiledGraph;
use crate::sorted::SortedMap;

/// The LangGraph server's namespace for assistant ids derived from graph ids.
const NAMESPACE_GRAPH: uuid::Uuid = uuid::Uuid::from_u128(0x6ba7b821_9dad_11d1_80b4_00c04fd430c8);

pub(crate) fn system_assistants(graphs: &SortedMap<String, CompiledGraph>) -> SortedMap<String, Assistant> {
    let at = now();
    graphs
        .keys()
        .map(|graph_id| {
            let id = uuid::Uuid::new_v5(&NAMESPACE_GRAPH, graph_id.as_bytes()).to_string();
            let mut metadata = Map::new();
            metadata.insert("created_by".into(), Value::String("system".into()));
            let assistant = Assistant {
                assistant_id: id.clone(),
                graph_id: graph_id.clone(),
                config: json!({}),
                context: json!({}),
                metadata,
                version: 1,
                name: graph_id.clone(),
                description: None,
                created_at: at.clone(),
                updated_at: at.clone(),
            };
            (id, assistant)
        })
        .collect()
}

/// Options of `assistants.search`.
#[derive(Clone, Debug, Default)]
pub struct AssistantSearch {
    pub graph_id: Option<String>,
    pub name: Option<String>,
    pub metadata: Option<Map<String, Value>>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl Server {
    /// The assistant with this id, or the system assistant of the graph with this id.
    pub fn assistant(&self, id: &str) -> Result<&Assistant, ServerError> {
        let assistants = &self.inner.assistants;
        assistants
            .get(id)
            .or_else(|| assistants.values().find(|a| a.graph_id == id))
            .ok_or_else(|| ServerError::NotFound(format!("Assistant \"{id}\" not found")))
    }

    pub fn assistants_search(&self, query: &AssistantSearch) -> Vec<Assistant> {
        let matches = |a: &&Assistant| {
            query.graph_id.as_ref().is_none_or(|g| *g == a.graph_id)
                && query.name.as_ref().is_none_or(|n| a.name.contains(n.as_str()))
                && query
                    .metadata
                    .as_ref()
                    .is_none_or(|m| m.iter().all(|(k, v)| a.metadata.get(k) == Some(v)))
        };
        self.inner
            .assistants
            .values()
            .filter(matches)
            .skip(query.offset.unwrap_or(0))
            .take(query.limit.unwrap_or(10))
            .cloned()
            .collect()
    }

    /// The graph an assistant runs.
    pub(crate) fn graph_of(&self, assistant: &Assistant) -> Result<&CompiledGraph, ServerError> {
        self.inner
            .graphs
            .get(&assistant.graph_id)
            .ok_or_else(|| ServerError::NotFound(format!("Graph \"{}\" not found", assistant.graph_id)))
    }

    /// `{nodes, edges}` of an assistant's graph.
    pub fn assistant_graph(&self, id: &str) -> Result<Value, ServerError> {
        let assistant = self.assistant(id)?;
        Ok(self.graph_of(assistant)?.get_graph().to_value())
    }

    /// The state keys of an assistant's graph, as loose JSON schemas.
    pub fn assistant_schemas(&self, id: &str) -> Result<Value, ServerError> {
        let assistant = self.assistant(id)?;
        let graph = self.graph_of(assistant)?;
        let properties: Map<String, Value> = graph.state_keys().iter().map(|k| (k.clone(), json!({}))).collect();
        let schema = json!({ "type": "object", "properties": properties });
        Ok(json!({
            "graph_id": assistant.graph_id,
            "input_schema": schema,
            "output_schema": schema,
            "state_schema": schema,
            "config_schema": { "type": "object", "properties": {} },
            "context_schema": { "type": "object", "properties": {} },
        }))
    }

    /// The subgraphs of an assistant's graph: namespace (node name) → state schema.
    pub fn assistant_subgraphs(&self, id: &str) -> Result<Value, ServerError> {
        let assistant = self.assistant(id)?;
        let graph = self.graph_of(assistant)?;
        let out: Map<String, Value> = graph
            .subgraphs()
            .into_iter()
            .map(|(name, sub)| {
                let properties: Map<String, Value> = sub.state_keys().iter().map(|k| (k.clone(), json!({}))).collect();
                (name, json!({ "state": { "type": "object", "properties": properties } }))
            })
            .collect();
        Ok(Value::Object(out))
    }
}
