//! The JS `StateGraph` builder: declares channels, nodes (JS functions or compiled graphs),
//! edges and conditional edges on the engine's builder, then compiles.

use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::compiled::WasmCompiledGraph;
use super::node::{js_reducer, js_reducer_fn, JsNode, JsPath};
use super::saver::WasmSaver;
use super::{errors, handles, interop};
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
    interop::strings_arg(value, what).map_err(|_| {
        errors::invalid(format!(
            "{what} must be a string or an array of strings; got {}",
            interop::kind(value)
        ))
    })
}

/// A name argument (a node, a channel, an edge's end).
fn name_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    interop::string_arg(value, what).map_err(errors::invalid)
}

/// A duration in milliseconds, as a retry policy gives it: finite, at least 0, and at most
/// what a timer can wait (about 24.8 days).
fn millis(value: f64, what: &str) -> Result<std::time::Duration, JsValue> {
    const MAX_TIMER_MS: f64 = 2_147_483_647.0;
    if !(0.0..=MAX_TIMER_MS).contains(&value) {
        return Err(errors::invalid(format!(
            "retryPolicy.{what} must be a number of milliseconds from 0 to {MAX_TIMER_MS}; got {value}"
        )));
    }
    std::time::Duration::try_from_secs_f64(value / 1000.0)
        .map_err(|e| errors::invalid(format!("retryPolicy.{what}: {e}")))
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
    let number = |key: &str| -> Result<Option<f64>, JsValue> {
        let v = interop::field(value, key, "retryPolicy")?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_f64()
            .map(Some)
            .ok_or_else(|| errors::invalid(format!("retryPolicy.{key} must be a number; got {}", interop::kind(&v))))
    };
    if let Some(v) = number("initialInterval")? {
        policy.initial_interval = millis(v, "initialInterval")?;
    }
    if let Some(v) = number("backoffFactor")? {
        if !(v.is_finite() && v > 0.0) {
            return Err(errors::invalid(format!(
                "retryPolicy.backoffFactor must be a finite number above 0; got {v}"
            )));
        }
        policy.backoff_factor = v;
    }
    if let Some(v) = number("maxInterval")? {
        policy.max_interval = millis(v, "maxInterval")?;
    }
    if let Some(v) = number("maxAttempts")? {
        if !(1.0..=1_000_000.0).contains(&v) || v.fract() != 0.0 {
            return Err(errors::invalid(format!(
                "retryPolicy.maxAttempts must be a whole number from 1 to 1000000; got {v}"
            )));
        }
        policy.max_attempts = v as u32;
    }
    if let Some(v) = interop::field(value, "jitter", "retryPolicy")?.as_bool() {
        policy.jitter = v;
    }
    let retry_on = interop::field(value, "retryOn", "retryPolicy")?;
    if retry_on.is_function() {
        let f: Function = retry_on.unchecked_into();
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
    pub fn channel(&mut self, key: JsValue, kind: JsValue, default: JsValue) -> Result<(), JsValue> {
        let key = name_arg(&key, "a state key")?;
        if key == "__proto__" {
            // Nodes get the state as a plain object, where this key would set its prototype.
            return Err(errors::invalid("'__proto__' cannot be a state key"));
        }
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
            // The built-in reducers of a JS graph are JS functions (lib/values.js): its values are
            // JS values, held by handle, which the engine's JSON reducers cannot read.
            let like = match name.as_str() {
                "append" => "append",
                "messages" => "messages",
                "merge" => "merge",
                "add" => "add",
                other => {
                    return Err(errors::invalid(format!(
                        "unknown reducer '{other}' for '{key}': use \"append\", \"add\", \"merge\", \"messages\" or a function"
                    )))
                }
            };
            let func = super::values::builtin_reducer(&name).ok_or_else(|| {
                errors::invalid("the engine's values were not installed (load the package through its entry point)")
            })?;
            ChannelSpec::Reducer {
                reducer: Reducer::Hosted {
                    like,
                    func: js_reducer_fn(key.clone(), func),
                },
                default,
            }
        } else if kind.is_function() {
            ChannelSpec::Reducer {
                reducer: js_reducer(key.clone(), kind.unchecked_into()),
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

    /// Makes the graph's run input and output single values (the functional API's entrypoint):
    /// the state keys `__root_input__`, `__end__` (what a run returns) and `__previous__`.
    #[wasm_bindgen(js_name = "rootIo")]
    pub fn root_io(&mut self) {
        self.builder.root_io();
    }

    /// Restricts a run's input to `keys` (an input schema's keys).
    #[wasm_bindgen(js_name = "inputKeys")]
    pub fn input_keys(&mut self, keys: JsValue) -> Result<(), JsValue> {
        let keys = interop::strings_arg(&keys, "input keys").map_err(errors::invalid)?;
        self.builder.set_input_keys(keys);
        Ok(())
    }

    /// Restricts what a run returns to `keys` (an output schema's keys).
    #[wasm_bindgen(js_name = "outputKeys")]
    pub fn output_keys(&mut self, keys: JsValue) -> Result<(), JsValue> {
        let keys = interop::strings_arg(&keys, "output keys").map_err(errors::invalid)?;
        self.builder.set_output_keys(keys);
        Ok(())
    }

    /// Gives state key `key` a JSON Schema (for `assistants.getSchemas`).
    #[wasm_bindgen(js_name = "channelSchema")]
    pub fn channel_schema(&mut self, key: JsValue, schema: JsValue) -> Result<(), JsValue> {
        let key = name_arg(&key, "a state key")?;
        let schema = schema_arg(&schema, &format!("the schema of '{key}'"))?;
        self.builder
            .channel_schema(&key, schema)
            .map_err(errors::validation_error)?;
        Ok(())
    }

    /// The JSON Schemas of runs' `config.configurable` and `context` (`undefined`: none).
    #[wasm_bindgen(js_name = "runSchemas")]
    pub fn run_schemas(&mut self, config: JsValue, context: JsValue) -> Result<(), JsValue> {
        if !config.is_undefined() && !config.is_null() {
            let schema = schema_arg(&config, "configSchema")?;
            self.builder.config_schema(schema).map_err(errors::validation_error)?;
        }
        if !context.is_undefined() && !context.is_null() {
            let schema = schema_arg(&context, "contextSchema")?;
            self.builder.context_schema(schema).map_err(errors::validation_error)?;
        }
        Ok(())
    }

    /// Adds a node that calls `func(state, runtime)`.
    #[wasm_bindgen(js_name = "addNode")]
    pub fn add_node(&mut self, name: JsValue, func: JsValue, options: JsValue) -> Result<(), JsValue> {
        let name = name_arg(&name, "a node's name")?;
        if !func.is_function() {
            return Err(errors::invalid(format!(
                "addNode(\"{name}\", …) needs a function or a compiled graph; got {}",
                interop::kind(&func)
            )));
        }
        let func: Function = func.unchecked_into();
        let options = node_options(&options)?;
        let action: Rc<dyn crate::graph::NodeAction> = Rc::new(JsNode {
            name: name.clone(),
            func,
            returns_value: false,
        });
        self.builder
            .add_node_with(name, action, options)
            .map_err(errors::validation_error)?;
        Ok(())
    }

    /// Adds a compiled graph as a node (a subgraph).
    #[wasm_bindgen(js_name = "addSubgraph")]
    pub fn add_subgraph(&mut self, name: JsValue, graph: &WasmCompiledGraph, options: JsValue) -> Result<(), JsValue> {
        let name = name_arg(&name, "a node's name")?;
        let options = node_options(&options)?;
        self.builder
            .add_node_with(name, graph.graph().clone(), options)
            .map_err(errors::validation_error)?;
        Ok(())
    }

    /// Adds an edge; with several sources, a join edge.
    #[wasm_bindgen(js_name = "addEdge")]
    pub fn add_edge(&mut self, from: JsValue, to: JsValue) -> Result<(), JsValue> {
        let to = name_arg(&to, "an edge's end")?;
        if interop::is_array(&from) {
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
    pub fn add_conditional_edges(&mut self, source: JsValue, path: JsValue, path_map: JsValue) -> Result<(), JsValue> {
        let source = name_arg(&source, "a conditional edge's source")?;
        if !path.is_function() {
            return Err(errors::invalid(format!(
                "addConditionalEdges(\"{source}\", path) needs a function as path; got {}",
                interop::kind(&path)
            )));
        }
        let path: Function = path.unchecked_into();
        let map: Option<Vec<(String, String)>> = if path_map.is_null() || path_map.is_undefined() {
            None
        } else if interop::is_array(&path_map) {
            Some(
                strings(&path_map, "a path map")?
                    .into_iter()
                    .map(|n| (n.clone(), n))
                    .collect(),
            )
        } else if path_map.is_object() {
            let entries = interop::entries(&path_map)
                .map_err(|e| errors::invalid(format!("a path map could not be read: {}", errors::describe(&e))))?;
            let mut pairs = Vec::new();
            for (k, v) in entries {
                match v.as_string() {
                    Some(v) => pairs.push((k, v)),
                    None => return Err(errors::invalid("a path map's values must be node names")),
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
            interrupt_before: breakpoints(
                &interop::field(options, "interruptBefore", "options")?,
                "interruptBefore",
            )?
            .unwrap_or_default(),
            interrupt_after: breakpoints(&interop::field(options, "interruptAfter", "options")?, "interruptAfter")?
                .unwrap_or_default(),
            name: interop::field(options, "name", "options")?.as_string(),
            host: Some(Rc::new(handles::JsHost)),
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
    let ends = interop::field(options, "ends", "options")?;
    Ok(NodeOptions {
        retry: retry_policy(&interop::field(options, "retryPolicy", "options")?)?,
        ends: if ends.is_undefined() || ends.is_null() {
            None
        } else {
            Some(strings(&ends, "ends")?)
        },
        defer: match interop::field(options, "defer", "options")? {
            v if v.is_undefined() || v.is_null() => false,
            v => v.as_bool().ok_or_else(|| {
                errors::invalid(format!("options.defer must be a boolean; got {}", interop::kind(&v)))
            })?,
        },
    })
}

/// The reducer of a plain key with a default: the update replaces the value.
fn replace_reducer() -> Reducer {
    Reducer::Custom(Rc::new(|_, update| Ok(update)))
}

/// A JSON Schema given from JS (a plain object).
fn schema_arg(value: &JsValue, what: &str) -> Result<serde_json::Value, JsValue> {
    match interop::to_json(value) {
        Ok(schema @ serde_json::Value::Object(_)) => Ok(schema),
        Ok(_) => Err(errors::invalid(format!(
            "{what} must be a JSON Schema object; got {}",
            interop::kind(value)
        ))),
        Err(e) => Err(errors::invalid(e.describe(what))),
    }
}
