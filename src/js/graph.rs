//! The JS `StateGraph` builder: declares channels, nodes (JS functions or compiled graphs),
//! edges and conditional edges on the engine's builder, then compiles.

use std::rc::Rc;

use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::compiled::WasmCompiledGraph;
use super::node::{js_reducer, JsNode, JsPath};
use super::saver::WasmSaver;
use super::{errors, interop};
use crate::channels::{ChannelSpec, Reducer};
use crate::checkpoint::Checkpointer;
use crate::graph::{CompileOptions, NodeOptions, StateGraph};
use crate::pregel::{Breakpoints, RetryPolicy};

#[wasm_bindgen(js_name = "StateGraphBuilder")]
pub struct WasmStateGraph {
    builder: StateGraph,
}

fn strings(value: &JsValue, what: &str) -> Result<Vec<String>, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(vec![s]);
    }
    if !Array::is_array(value) {
        return Err(errors::invalid(format!(
            "{what} must be a string or an array of strings"
        )));
    }
    Array::from(value)
        .iter()
        .map(|v| {
            v.as_string()
                .ok_or_else(|| errors::invalid(format!("{what} must contain only strings")))
        })
        .collect()
}

/// `"*"`, or a list of node names.
pub(crate) fn breakpoints(value: &JsValue, what: &str) -> Result<Option<Breakpoints>, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    Ok(Some(Breakpoints::nodes(strings(value, what)?)))
}

fn retry_policy(value: &JsValue) -> Result<Vec<RetryPolicy>, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(Vec::new());
    }
    let mut policy = RetryPolicy::default();
    let ms = |key: &str| interop::get(value, key).as_f64();
    if let Some(v) = ms("initialInterval") {
        policy.initial_interval = std::time::Duration::from_secs_f64(v.max(0.0) / 1000.0);
    }
    if let Some(v) = ms("backoffFactor") {
        policy.backoff_factor = v;
    }
    if let Some(v) = ms("maxInterval") {
        policy.max_interval = std::time::Duration::from_secs_f64(v.max(0.0) / 1000.0);
    }
    if let Some(v) = ms("maxAttempts") {
        policy.max_attempts = v.max(1.0) as u32;
    }
    if let Some(v) = interop::get(value, "jitter").as_bool() {
        policy.jitter = v;
    }
    let retry_on = interop::get(value, "retryOn");
    if let Some(f) = retry_on.dyn_ref::<Function>() {
        let f = f.clone();
        policy.retry_on = crate::pregel::RetryOn::Predicate(Rc::new(move |failure| {
            let error = errors::named(&failure.name, &failure.message);
            f.call1(&JsValue::NULL, &error).map(|r| r.is_truthy()).unwrap_or(false)
        }));
    }
    Ok(vec![policy])
}

#[wasm_bindgen(js_class = "StateGraphBuilder")]
impl WasmStateGraph {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmStateGraph {
        WasmStateGraph {
            builder: StateGraph::new(),
        }
    }

    /// Adds a state key. `kind`: `null` (last value), `"append" | "add" | "merge" | "messages"`,
    /// or a reducer function; `default` is the starting value (JSON).
    pub fn channel(&mut self, key: String, kind: JsValue, default: JsValue) -> Result<(), JsValue> {
        let default = if default.is_undefined() {
            None
        } else {
            Some(
                interop::to_json(&default)
                    .map_err(|e| errors::invalid(e.describe(&format!("the default of '{key}'"))))?,
            )
        };
        let spec = if kind.is_null() || kind.is_undefined() {
            match default {
                // A last-value key with a default starts with it: a reducer that keeps the update.
                Some(d) => ChannelSpec::Reducer {
                    reducer: replace_reducer(),
                    default: Some(d),
                },
                None => ChannelSpec::LastValue,
            }
        } else if let Some(name) = kind.as_string() {
            let reducer = match name.as_str() {
                "append" => Reducer::Append,
                "add" => Reducer::Add,
                "merge" => Reducer::Merge,
                "messages" => Reducer::Messages,
                other => {
                    return Err(errors::invalid(format!(
                        "unknown reducer '{other}' for '{key}': use \"append\", \"add\", \"merge\", \"messages\" or a function"
                    )))
                }
            };
            ChannelSpec::Reducer { reducer, default }
        } else if let Some(f) = kind.dyn_ref::<Function>() {
            ChannelSpec::Reducer {
                reducer: js_reducer(key.clone(), f.clone()),
                default,
            }
        } else {
            return Err(errors::invalid(format!(
                "the channel '{key}' must be null, a reducer name or a function"
            )));
        };
        self.builder.channel(key, spec).map_err(errors::validation_error)?;
        Ok(())
    }

    /// Adds a node that calls `func(state, runtime)`.
    #[wasm_bindgen(js_name = "addNode")]
    pub fn add_node(&mut self, name: String, func: Function, options: JsValue) -> Result<(), JsValue> {
        let options = node_options(&options)?;
        let action: Rc<dyn crate::graph::NodeAction> = Rc::new(JsNode {
            name: name.clone(),
            func,
        });
        self.builder
            .add_node_with(name, action, options)
            .map_err(errors::validation_error)?;
        Ok(())
    }

    /// Adds a compiled graph as a node (a subgraph).
    #[wasm_bindgen(js_name = "addSubgraph")]
    pub fn add_subgraph(&mut self, name: String, graph: &WasmCompiledGraph, options: JsValue) -> Result<(), JsValue> {
        let options = node_options(&options)?;
        self.builder
            .add_node_with(name, graph.graph().clone(), options)
            .map_err(errors::validation_error)?;
        Ok(())
    }

    /// Adds an edge; with several sources, a join edge.
    #[wasm_bindgen(js_name = "addEdge")]
    pub fn add_edge(&mut self, from: JsValue, to: String) -> Result<(), JsValue> {
        if Array::is_array(&from) {
            let from = strings(&from, "the sources of an edge")?;
            self.builder.add_join(from, to).map_err(errors::validation_error)?;
        } else {
            let from = from
                .as_string()
                .ok_or_else(|| errors::invalid("an edge's source must be a node name"))?;
            self.builder.add_edge(from, to).map_err(errors::validation_error)?;
        }
        Ok(())
    }

    /// Adds a conditional edge; `path_map` is a list of node names or an object `{key: node}`.
    #[wasm_bindgen(js_name = "addConditionalEdges")]
    pub fn add_conditional_edges(&mut self, source: String, path: Function, path_map: JsValue) -> Result<(), JsValue> {
        let map: Option<Vec<(String, String)>> = if path_map.is_null() || path_map.is_undefined() {
            None
        } else if Array::is_array(&path_map) {
            Some(
                strings(&path_map, "a path map")?
                    .into_iter()
                    .map(|n| (n.clone(), n))
                    .collect(),
            )
        } else if path_map.is_object() {
            let object: &Object = path_map.unchecked_ref();
            let mut pairs = Vec::new();
            for entry in Object::entries(object).iter() {
                let pair = Array::from(&entry);
                let (k, v) = (pair.get(0).as_string(), pair.get(1).as_string());
                match (k, v) {
                    (Some(k), Some(v)) => pairs.push((k, v)),
                    _ => return Err(errors::invalid("a path map's values must be node names")),
                }
            }
            Some(pairs)
        } else {
            return Err(errors::invalid(
                "a path map must be an array of node names or an object",
            ));
        };
        let path = Rc::new(JsPath {
            source: source.clone(),
            func: path,
        });
        self.builder
            .add_conditional_edges(source, path, map)
            .map_err(errors::validation_error)?;
        Ok(())
    }

    /// Validates and compiles. `options`: `{interruptBefore, interruptAfter, name}`.
    pub fn compile(&self, options: JsValue) -> Result<WasmCompiledGraph, JsValue> {
        self.compile_inner(&options, None)
    }

    /// Compiles with a checkpointer.
    #[wasm_bindgen(js_name = "compileWithCheckpointer")]
    pub fn compile_with_checkpointer(
        &self,
        options: JsValue,
        checkpointer: &WasmSaver,
    ) -> Result<WasmCompiledGraph, JsValue> {
        self.compile_inner(&options, Some(checkpointer.saver()))
    }
}

impl WasmStateGraph {
    fn compile_inner(
        &self,
        options: &JsValue,
        checkpointer: Option<Rc<dyn Checkpointer>>,
    ) -> Result<WasmCompiledGraph, JsValue> {
        let options = CompileOptions {
            checkpointer,
            interrupt_before: breakpoints(&interop::get(options, "interruptBefore"), "interruptBefore")?
                .unwrap_or_default(),
            interrupt_after: breakpoints(&interop::get(options, "interruptAfter"), "interruptAfter")?
                .unwrap_or_default(),
            name: interop::get_string(options, "name"),
        };
        let graph = self.builder.compile(options).map_err(errors::validation_error)?;
        Ok(WasmCompiledGraph::new(graph))
    }
}

impl Default for WasmStateGraph {
    fn default() -> Self {
        Self::new()
    }
}

fn node_options(options: &JsValue) -> Result<NodeOptions, JsValue> {
    let ends = interop::get(options, "ends");
    Ok(NodeOptions {
        retry: retry_policy(&interop::get(options, "retryPolicy"))?,
        ends: if ends.is_undefined() || ends.is_null() {
            None
        } else {
            Some(strings(&ends, "ends")?)
        },
    })
}

/// The reducer of a plain key with a default: the update replaces the value.
fn replace_reducer() -> Reducer {
    Reducer::Custom(Rc::new(|_, update| Ok(update)))
}
