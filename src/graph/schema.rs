//! JSON Schemas of what a graph declares, as the LangGraph server's `getSchemas` shows them:
//! the state (one property per state key), its input and output (the state's, since a graph
//! here reads and returns its whole state), and the `config` and `context` runs may carry.
//!
//! A state key's schema is whatever its declaration carries (`StateGraph::channel_schema`: a
//! JSON Schema given by hand, or one a typed declaration produced); without one, what its
//! channel says of it (a `messages` key is a list of messages, `append` a list, `merge` an
//! object). Schemas are data here: nothing validates values against them.

use serde_json::{json, Map, Value};

use super::builder::StateGraph;
use super::compiled::CompiledGraph;
use crate::channels::ChannelSpec;

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// The declared schemas of a graph (set on the builder).
#[derive(Clone, Debug, Default)]
pub struct GraphSchemas {
    /// State key → its JSON Schema.
    pub(crate) channels: Vec<(String, Value)>,
    pub(crate) config: Option<Value>,
    pub(crate) context: Option<Value>,
}

/// The schemas `getSchemas` answers with.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonSchemas {
    pub state: Value,
    pub input: Value,
    pub output: Value,
    pub config: Value,
    pub context: Value,
}

/// What a key's channel says of its values when its declaration carries no schema.
fn channel_default(spec: Option<&ChannelSpec>) -> Value {
    match spec {
        Some(ChannelSpec::Reducer { reducer, .. }) => match reducer.name() {
            "messages" => json!({ "type": "array", "items": { "type": "object" } }),
            "append" => json!({ "type": "array" }),
            "merge" => json!({ "type": "object" }),
            _ => json!({}),
        },
        _ => json!({}),
    }
}

/// Moves `definitions`/`$defs` of a property schema up to the root, where the `$ref`s a
/// generator wrote (`#/definitions/…`) point.
fn hoist_definitions(schema: &mut Value, root: &mut Map<String, Value>) {
    let Value::Object(map) = schema else { return };
    for key in ["definitions", "$defs"] {
        if let Some(Value::Object(defs)) = map.remove(key) {
            if let Value::Object(into) = root.entry(key).or_insert_with(|| Value::Object(Map::new())) {
                into.extend(defs);
            }
        }
    }
    map.remove("$schema");
}

fn object_schema(declared: Option<&Value>) -> Value {
    let mut schema = match declared {
        Some(Value::Object(map)) => map.clone(),
        _ => {
            let mut map = Map::new();
            map.insert("type".into(), "object".into());
            map.insert("properties".into(), Value::Object(Map::new()));
            map
        }
    };
    schema.entry("$schema").or_insert_with(|| DRAFT_07.into());
    Value::Object(schema)
}

impl StateGraph {
    /// Gives state key `key` (declared before) a JSON Schema, for `getSchemas`.
    pub fn channel_schema(&mut self, key: &str, schema: Value) -> Result<&mut Self, super::GraphValidationError> {
        if !schema.is_object() {
            return Err(super::GraphValidationError::InvalidSchema(key.to_string()));
        }
        if !self.channels.iter().any(|(k, _)| k == key) {
            return Err(super::GraphValidationError::UnknownKey(key.to_string()));
        }
        self.schemas.channels.retain(|(k, _)| k != key);
        self.schemas.channels.push((key.to_string(), schema));
        Ok(self)
    }

    /// The JSON Schema of what runs may carry in `config.configurable`.
    pub fn config_schema(&mut self, schema: Value) -> Result<&mut Self, super::GraphValidationError> {
        if !schema.is_object() {
            return Err(super::GraphValidationError::InvalidSchema("config".into()));
        }
        self.schemas.config = Some(schema);
        Ok(self)
    }

    /// The JSON Schema of a run's `context`.
    pub fn context_schema(&mut self, schema: Value) -> Result<&mut Self, super::GraphValidationError> {
        if !schema.is_object() {
            return Err(super::GraphValidationError::InvalidSchema("context".into()));
        }
        self.schemas.context = Some(schema);
        Ok(self)
    }
}

impl CompiledGraph {
    /// The graph's schemas (see the module docs).
    pub fn json_schemas(&self) -> JsonSchemas {
        let declared = &self.spec.builder.schemas;
        let mut root = Map::new();
        root.insert("type".into(), "object".into());
        root.insert("title".into(), Value::String(self.spec.name.clone()));
        let mut properties = Map::new();
        for key in self.spec.state_keys.iter().map(|k| &**k) {
            let channel = self.spec.channels.get(key);
            let mut schema = declared
                .channels
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, s)| s.clone())
                .unwrap_or_else(|| channel_default(channel));
            hoist_definitions(&mut schema, &mut root);
            if let (Some(ChannelSpec::Reducer { reducer, .. }), Value::Object(map)) = (channel, &mut schema) {
                if reducer.is_messages() {
                    map.entry("langgraph_type").or_insert_with(|| "messages".into());
                }
            }
            properties.insert(key.to_string(), schema);
        }
        root.insert("properties".into(), Value::Object(properties));
        root.insert("$schema".into(), DRAFT_07.into());
        let state = Value::Object(root);
        // A graph declares one of them, or both: LangGraph.js cannot tell them apart either.
        let config = declared.config.as_ref().or(declared.context.as_ref());
        let context = declared.context.as_ref().or(declared.config.as_ref());
        JsonSchemas {
            input: state.clone(),
            output: state.clone(),
            state,
            config: object_schema(config),
            context: object_schema(context),
        }
    }

    /// The subgraphs of this graph (as LangGraph's `getSubgraphs`): with `namespace`, only the
    /// one of that name (or, with `recurse`, those under it: `parent|child`); without, every
    /// direct subgraph (and, with `recurse`, every nested one).
    pub fn find_subgraphs(&self, namespace: Option<&str>, recurse: bool, out: &mut Vec<(String, CompiledGraph)>) {
        for (name, graph) in self.subgraphs() {
            if let Some(ns) = namespace {
                if !ns.starts_with(name.as_str()) {
                    continue;
                }
                if ns == name {
                    out.push((name, graph));
                    return;
                }
            } else {
                out.push((name.clone(), graph.clone()));
            }
            if recurse {
                let rest = namespace.map(|ns| ns.get(name.len() + 1..).unwrap_or(""));
                let mut nested = Vec::new();
                graph.find_subgraphs(rest, recurse, &mut nested);
                out.extend(nested.into_iter().map(|(sub, g)| (format!("{name}|{sub}"), g)));
            }
        }
    }
}
