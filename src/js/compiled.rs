//! The JS compiled graph: `invoke`, `stream`, `getState`, `updateState`, `getStateHistory`,
//! `getGraph`, `drawMermaid`. Reads LangGraph.js-style run configs and hands results back in
//! LangGraph.js's shapes (camelCase snapshot fields, `[mode, chunk]` stream items).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::future_to_promise;
use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use js_sys::{Array, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::graph::breakpoints;
use super::node::command_from_js;
use super::{errors, handles, interop};
use crate::checkpoint::{CheckpointConfig, CheckpointId};
use crate::graph::CompiledGraph;
use crate::pregel::host;
use crate::pregel::{
    Durability, HistoryOptions, Input, NodeOutput, RunConfig, RunOptions, RunStream, StateSnapshot, StreamMode,
    StreamPart, TaskState, INTERRUPT_KEY,
};

/// Calls `abort` when `signal` (an `AbortSignal`, if given) aborts — at once if it already has.
/// Read through catching calls: a signal is the caller's object, and may be anything.
fn on_abort(signal: &JsValue, abort: AbortHandle) {
    if !signal.is_object() {
        return;
    }
    if interop::get(signal, "aborted").as_bool() == Some(true) {
        abort.abort();
        return;
    }
    let add = interop::get(signal, "addEventListener");
    if add.is_function() {
        let callback = Closure::once_into_js(move || abort.abort());
        let _ = add
            .unchecked_ref::<js_sys::Function>()
            .call2(signal, &JsValue::from_str("abort"), &callback);
    }
}

/// What a run stopped by `signal` rejects with: the signal's `reason`, as LangGraph.js rejects
/// (the caller's own error, or the `AbortError`/`TimeoutError` DOMException the browser or Node
/// made), else an `AbortError` of ours.
fn abort_error(signal: &JsValue) -> JsValue {
    let reason = if signal.is_object() {
        interop::get(signal, "reason")
    } else {
        JsValue::UNDEFINED
    };
    if reason.is_undefined() {
        errors::named("AbortError", "The run was aborted")
    } else {
        reason
    }
}

#[wasm_bindgen(js_name = "CompiledGraphHandle")]
pub struct WasmCompiledGraph {
    graph: CompiledGraph,
}

impl WasmCompiledGraph {
    pub(crate) fn new(graph: CompiledGraph) -> Self {
        WasmCompiledGraph { graph }
    }

    pub(crate) fn graph(&self) -> &CompiledGraph {
        &self.graph
    }
}

/// A run's input: `null`/`undefined` resumes, a `Command` commands, anything else is new input.
fn input_from_js(input: &JsValue) -> Result<Input, JsValue> {
    if input.is_null() || input.is_undefined() {
        return Ok(Input::Resume);
    }
    if interop::get_string(input, "lg_name").as_deref() == Some("Command") {
        let cmd = command_from_js(input, "the run's Command")
            .map_err(|e| errors::named("InvalidUpdateError", &e.to_string()))?;
        return Ok(Input::Command(cmd));
    }
    // An object's values stay JS values (handles); anything else is JSON, for the engine to
    // refuse by its kind.
    let describe = |e: interop::NotJson| errors::named("InvalidUpdateError", &e.describe("the run's input"));
    let value = match handles::update_from_js(input).map_err(describe)? {
        Some(Value::Object(map)) => Value::Object(map),
        _ => interop::to_json(input).map_err(describe)?,
    };
    Ok(Input::Values(value))
}

/// A run's input that must be values (an object of state keys), as [`input_from_js`] reads it.
pub(crate) fn values_input(input: &JsValue) -> Result<Value, JsValue> {
    match input_from_js(input)? {
        Input::Values(values) => Ok(values),
        _ => Err(errors::invalid(
            "a graph invoked inside a node takes an object of state keys",
        )),
    }
}

/// `{configurable: {thread_id, checkpoint_id, checkpoint_ns, …}, recursionLimit, metadata, runId}`.
fn run_config_from_js(config: &JsValue) -> Result<RunConfig, JsValue> {
    let configurable = interop::field(config, "configurable", "config")?;
    let mut rest = match interop::to_json(&configurable) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        Ok(_) => return Err(errors::invalid("config.configurable must be an object")),
        Err(e) => return Err(errors::invalid(e.describe("config.configurable"))),
    };
    let take_string = |map: &mut Map<String, Value>, key: &str| match map.remove(key) {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let thread_id = take_string(&mut rest, "thread_id");
    let checkpoint_id = take_string(&mut rest, "checkpoint_id").map(CheckpointId::from);
    let checkpoint_ns = take_string(&mut rest, "checkpoint_ns").unwrap_or_default();
    let mut limit = interop::field(config, "recursionLimit", "config")?;
    if limit.is_undefined() {
        limit = interop::field(config, "recursion_limit", "config")?;
    }
    let recursion_limit = if limit.is_undefined() || limit.is_null() {
        None
    } else {
        let max = crate::limits::MAX_RECURSION_LIMIT as f64;
        match limit.as_f64() {
            Some(n) if n.fract() == 0.0 && (1.0..=max).contains(&n) => Some(n as usize),
            _ => {
                return Err(errors::invalid(format!(
                    "recursionLimit must be a whole number from 1 to {max}; got {}",
                    interop::kind(&limit)
                )))
            }
        }
    };
    let metadata = match interop::to_json(&interop::field(config, "metadata", "config")?) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        Ok(_) => return Err(errors::invalid("config.metadata must be an object")),
        Err(e) => return Err(errors::invalid(e.describe("config.metadata"))),
    };
    let run_id = field_string(config, "runId")?.or(field_string(config, "run_id")?);
    Ok(RunConfig {
        thread_id,
        checkpoint_id,
        checkpoint_ns,
        recursion_limit,
        configurable: rest,
        metadata,
        run_id,
        store: None,
    })
}

/// Stream modes as given: one mode (items are chunks) or a list (items are `[mode, chunk]`).
fn stream_modes(config: &JsValue) -> Result<(Vec<StreamMode>, bool), JsValue> {
    let value = interop::field(config, "streamMode", "config")?;
    let parse = |s: &str| StreamMode::parse(s).ok_or_else(|| errors::invalid(format!("unknown stream mode '{s}'")));
    if let Some(s) = value.as_string() {
        return Ok((vec![parse(&s)?], false));
    }
    if interop::is_array(&value) {
        let modes = interop::array_items(&value)
            .map_err(|e| errors::invalid(format!("streamMode could not be read: {}", errors::describe(&e))))?
            .iter()
            .map(|m| {
                m.as_string()
                    .ok_or_else(|| errors::invalid("stream modes must be strings"))
                    .and_then(|s| parse(&s))
            })
            .collect::<Result<Vec<_>, _>>()?;
        return Ok((modes, true));
    }
    Ok((vec![StreamMode::Updates], false))
}

/// What the JS side attaches to a run (`undefined`: nothing).
pub(crate) fn host_from_js(host: JsValue) -> Option<crate::pregel::Host> {
    if host.is_undefined() || host.is_null() {
        None
    } else {
        Some(crate::pregel::Host(Rc::new(host)))
    }
}

fn field_string(config: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    Ok(interop::field(config, key, "config")?.as_string())
}

/// A `limit`: absent, or a whole number ≥ 0.
fn count(value: &JsValue, what: &str) -> Result<Option<usize>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) => Ok(Some(n as usize)),
        _ => Err(errors::invalid(format!(
            "{what} must be a whole number of at least 0; got {}",
            interop::kind(value)
        ))),
    }
}

fn run_options_from_js(config: &JsValue) -> Result<RunOptions, JsValue> {
    let durability = match field_string(config, "durability")?.as_deref() {
        None | Some("sync") => Durability::Sync,
        Some("async") => Durability::Async,
        Some("exit") => Durability::Exit,
        Some(other) => return Err(errors::invalid(format!("unknown durability '{other}'"))),
    };
    let context = interop::to_json(&interop::field(config, "context", "config")?)
        .map_err(|e| errors::invalid(e.describe("config.context")))?;
    // LangGraph.js saves neither a run's `metadata` nor its `runId` in the metadata of the
    // checkpoints the run makes (a Client's runs do, as the LangGraph server does); nodes get
    // them from the caller's config on the JS side.
    let mut run_config = run_config_from_js(config)?;
    run_config.metadata.clear();
    run_config.run_id = None;
    Ok(RunOptions {
        config: run_config,
        context,
        interrupt_before: breakpoints(&interop::field(config, "interruptBefore", "config")?, "interruptBefore")?,
        interrupt_after: breakpoints(&interop::field(config, "interruptAfter", "config")?, "interruptAfter")?,
        durability,
        subgraphs: interop::field(config, "subgraphs", "config")?.is_truthy(),
        langgraph_js: true,
        ..Default::default()
    })
}

fn config_to_js(config: &CheckpointConfig) -> JsValue {
    let mut conf = Map::new();
    conf.insert("thread_id".into(), Value::String(config.thread_id.clone()));
    conf.insert("checkpoint_ns".into(), Value::String(config.checkpoint_ns.clone()));
    if let Some(id) = &config.checkpoint_id {
        conf.insert("checkpoint_id".into(), Value::String(id.to_string()));
    }
    interop::to_js(&serde_json::json!({ "configurable": conf }))
}

/// A snapshot in LangGraph.js's `StateSnapshot` shape.
/// A snapshot's metadata as LangGraph.js's `getState()` gives it: the saved metadata and its
/// thread's id (`thread_id`, last unless saved already).
fn snapshot_metadata(s: &StateSnapshot) -> JsValue {
    let Some(metadata) = &s.metadata else {
        return JsValue::UNDEFINED;
    };
    let mut value = serde_json::to_value(metadata).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("thread_id".into(), Value::String(s.config.thread_id.clone()));
    }
    interop::to_js(&value)
}

/// A task's saved error (`{error: <class name>, message}`, as the server also reads it) in
/// LangGraph.js's shape, `{message, name}`.
fn task_error_to_js(error: &Value) -> JsValue {
    match (error.get("error"), error.get("message")) {
        (Some(name), Some(message)) => interop::to_js(&serde_json::json!({ "message": message, "name": name })),
        _ => interop::to_js(error),
    }
}

fn snapshot_to_js(s: &StateSnapshot) -> JsValue {
    let tasks = Array::new();
    for t in &s.tasks {
        let state = match &t.state {
            Some(TaskState::Config(c)) => config_to_js(c),
            Some(TaskState::Snapshot(inner)) => snapshot_to_js(inner),
            None => JsValue::UNDEFINED,
        };
        tasks.push(&interop::object(&[
            ("id", JsValue::from_str(&t.id)),
            ("name", JsValue::from_str(&t.name)),
            ("path", interop::to_js(&t.path)),
            (
                "error",
                t.error.as_ref().map(task_error_to_js).unwrap_or(JsValue::UNDEFINED),
            ),
            ("interrupts", interop::to_js_from(&t.interrupts)),
            ("state", state),
            (
                "result",
                t.result.as_ref().map(handles::to_js).unwrap_or(JsValue::UNDEFINED),
            ),
        ]));
    }
    interop::object(&[
        ("values", handles::to_js(&s.values)),
        ("next", interop::to_js_from(&s.next)),
        ("config", config_to_js(&s.config)),
        ("metadata", snapshot_metadata(s)),
        (
            "createdAt",
            s.created_at
                .as_deref()
                .map(JsValue::from_str)
                .unwrap_or(JsValue::UNDEFINED),
        ),
        (
            "parentConfig",
            s.parent_config.as_ref().map(config_to_js).unwrap_or(JsValue::UNDEFINED),
        ),
        ("tasks", tasks.into()),
        ("interrupts", interop::to_js_from(&s.interrupts)),
    ])
}

#[wasm_bindgen(js_class = "CompiledGraphHandle")]
impl WasmCompiledGraph {
    /// Runs to the end or the next pause; resolves to the state (with `__interrupt__` when paused).
    /// `host` is handed to the run's nodes (`runtime.host`).
    pub fn invoke(&self, input: JsValue, config: JsValue, host: JsValue) -> Promise {
        let graph = self.graph.clone();
        let (abort, registration) = AbortHandle::new_pair();
        let signal = interop::field(&config, "signal", "config");
        let caller_signal = signal.clone().unwrap_or(JsValue::UNDEFINED);
        on_abort(&caller_signal, abort);
        // Bad arguments reject the promise too, as LangGraph.js's async methods do.
        future_to_promise(async move {
            let run = async {
                signal?;
                // The run's values are JS values held in its scope: the input is registered
                // there, and the output read from it.
                let scope = handles::open_scope();
                let input = host::in_scope(&scope, || input_from_js(&input))?;
                let mut options = run_options_from_js(&config)?;
                options.scope = Some(scope.clone());
                options.host = host_from_js(host);
                let outcome = graph.run(input, options).await.map_err(errors::graph_error)?;
                Ok(outcome
                    .invoke_output()
                    .map(|output| handles::to_js(&output))
                    .unwrap_or(JsValue::UNDEFINED))
            };
            match Abortable::new(run, registration).await {
                Ok(result) => result,
                Err(_) => Err(abort_error(&caller_signal)),
            }
        })
    }

    /// Starts a run and returns its stream (pull items with `next()`). `host` is handed to the
    /// run's nodes (`runtime.host`).
    pub fn stream(&self, input: JsValue, config: JsValue, host: JsValue) -> Result<WasmRunStream, JsValue> {
        let scope = handles::open_scope();
        let input = host::in_scope(&scope, || input_from_js(&input))?;
        let (modes, as_list) = stream_modes(&config)?;
        let mut options = run_options_from_js(&config)?.with_stream_mode(&modes);
        options.scope = Some(scope);
        options.host = host_from_js(host);
        let subgraphs = options.subgraphs;
        // The caller's signal stops the run between items, and the stream then rejects with its
        // reason (at once if it was aborted already), as LangGraph.js's stream does.
        let signal = interop::field(&config, "signal", "config")?;
        let (abort, registration) = AbortHandle::new_pair();
        on_abort(&signal, abort);
        let stream = Abortable::new(self.graph.stream(input, options), registration);
        Ok(WasmRunStream {
            stream: Rc::new(RefCell::new(Some(stream))),
            signal,
            aborted: Rc::default(),
            as_list,
            subgraphs,
        })
    }

    #[wasm_bindgen(js_name = "getState")]
    pub fn get_state(&self, config: JsValue, subgraphs: bool) -> Promise {
        let graph = self.graph.clone();
        future_to_promise(async move {
            let config = run_config_from_js(&config)?;
            let snapshot = graph.get_state(&config, subgraphs).await.map_err(errors::graph_error)?;
            Ok(snapshot_to_js(&snapshot))
        })
    }

    #[wasm_bindgen(js_name = "updateState")]
    pub fn update_state(&self, config: JsValue, values: JsValue, as_node: JsValue) -> Promise {
        let graph = self.graph.clone();
        future_to_promise(async move {
            let as_node = interop::opt_string_arg(&as_node, "asNode").map_err(errors::invalid)?;
            let config = run_config_from_js(&config)?;
            // The values are applied as a node's update would be: held by handle in a scope
            // that lives while the update runs (its reducers, and its save, which encodes them).
            let scope = handles::open_scope();
            let describe = |e: interop::NotJson| errors::named("InvalidUpdateError", &e.describe("updateState"));
            let values = if interop::get_string(&values, "lg_name").as_deref() == Some("Command") {
                // As LangGraph.js: the Command as if node `asNode` had returned it.
                let command = host::in_scope(&scope, || command_from_js(&values, "updateState"))
                    .map_err(|e| errors::named("InvalidUpdateError", &e.to_string()))?;
                NodeOutput::Command(command)
            } else {
                NodeOutput::Update(
                    match host::in_scope(&scope, || handles::update_from_js(&values)).map_err(describe)? {
                        Some(update) => update,
                        None => interop::to_json(&values).map_err(describe)?,
                    },
                )
            };
            let update = Box::pin(graph.update_state(&config, values, as_node.as_deref()));
            let saved = host::Scoped {
                scope: Some(scope),
                inner: update,
            }
            .await
            .map_err(errors::graph_error)?;
            Ok(config_to_js(&saved))
        })
    }

    /// Resolves to the thread's snapshots, newest first. `options`: `{limit, before, filter}`.
    #[wasm_bindgen(js_name = "getStateHistory")]
    pub fn get_state_history(&self, config: JsValue, options: JsValue) -> Promise {
        let graph = self.graph.clone();
        future_to_promise(async move {
            let config = run_config_from_js(&config)?;
            let before = interop::get(&interop::get(&options, "before"), "configurable");
            let filter = match interop::to_json(&interop::get(&options, "filter")) {
                Ok(Value::Object(map)) => Some(map),
                _ => None,
            };
            let history = HistoryOptions {
                before: interop::get_string(&before, "checkpoint_id").map(CheckpointId::from),
                limit: count(&interop::get(&options, "limit"), "options.limit")?,
                filter,
            };
            let snapshots = graph
                .get_state_history(&config, history)
                .await
                .map_err(errors::graph_error)?;
            let out = Array::new();
            for s in &snapshots {
                out.push(&snapshot_to_js(s));
            }
            Ok(out.into())
        })
    }

    /// `{nodes, edges}` in LangGraph.js's order (`getGraph()` in lib/graph.js draws them).
    #[wasm_bindgen(js_name = "getGraph")]
    pub fn get_graph(&self) -> JsValue {
        interop::to_js(&self.graph.get_graph_js().to_value())
    }
}

/// A running graph's stream.
#[wasm_bindgen(js_name = "RunStreamHandle")]
pub struct WasmRunStream {
    stream: Rc<RefCell<Option<Abortable<RunStream>>>>,
    /// The caller's `config.signal` (or `undefined`).
    signal: JsValue,
    /// The signal stopped the run: every `next()` rejects with its reason.
    aborted: Rc<Cell<bool>>,
    as_list: bool,
    subgraphs: bool,
}

/// A streamed part as a LangGraph.js stream item. The payloads of `tasks`, `checkpoints` and
/// `debug` go as the engine makes them: lib/stream-debug.js lays them out as LangGraph.js does
/// (it knows the caller's config and the nodes' metadata).
fn part_to_js(part: StreamPart, as_list: bool, subgraphs: bool) -> JsValue {
    // `[message, metadata]` in `messages` mode as the node's binding made them (class instances).
    let message = match part.mode {
        StreamMode::Messages => part
            .origin
            .as_ref()
            .and_then(|o| o.0.downcast_ref::<JsValue>())
            .cloned(),
        _ => None,
    };
    let data = match part.mode {
        // LangGraph.js streams a dynamic interrupt in `values` mode as its own chunk (the state
        // came in the chunk before); the HTTP API keeps the server's state-plus-interrupts.
        StreamMode::Values if part.data.get(INTERRUPT_KEY).is_some() => {
            let mut only = Map::new();
            if let Some(interrupts) = part.data.get(INTERRUPT_KEY) {
                only.insert(INTERRUPT_KEY.to_string(), interrupts.clone());
            }
            Value::Object(only)
        }
        // A node that wrote nothing: `{}` in LangGraph.js (`null` in the server's stream).
        StreamMode::Updates => {
            let mut data = part.data;
            if let Value::Object(updates) = &mut data {
                for update in updates.values_mut().filter(|u| u.is_null()) {
                    *update = Value::Object(Map::new());
                }
            }
            data
        }
        _ => part.data,
    };
    // The run's values by reference (an `updates` chunk holds the node's own values).
    let data = message.unwrap_or_else(|| handles::to_js(&data));
    let mode = JsValue::from_str(part.mode.as_str());
    // LangGraph.js shapes: `chunk`, `[mode, chunk]`, `[namespace, chunk]`, `[namespace, mode, chunk]`.
    match (subgraphs, as_list) {
        (false, false) => data,
        (false, true) => Array::of2(&mode, &data).into(),
        (true, false) => Array::of2(&interop::to_js_from(&part.ns), &data).into(),
        (true, true) => Array::of3(&interop::to_js_from(&part.ns), &mode, &data).into(),
    }
}

#[wasm_bindgen(js_class = "RunStreamHandle")]
impl WasmRunStream {
    /// Resolves to the next item, or `undefined` when the run ended; rejects with the run's error.
    pub fn next(&self) -> Promise {
        let cell = self.stream.clone();
        let (as_list, subgraphs, signal) = (self.as_list, self.subgraphs, self.signal.clone());
        let ended_by_abort = self.aborted.clone();
        future_to_promise(async move {
            if ended_by_abort.get() {
                return Err(abort_error(&signal));
            }
            // Take the stream out while awaiting, so that a second `next()` cannot borrow it twice.
            let Some(mut stream) = cell.borrow_mut().take() else {
                return Err(errors::invalid("next() was called before the previous next() resolved"));
            };
            let item = stream.next().await;
            let aborted = stream.is_aborted();
            // An aborted run is over: dropping it aborts its nodes' signals.
            if aborted {
                ended_by_abort.set(true);
            } else {
                *cell.borrow_mut() = Some(stream);
            }
            match item {
                Some(Ok(part)) => Ok(part_to_js(part, as_list, subgraphs)),
                Some(Err(e)) => Err(errors::graph_error(e)),
                None if aborted => Err(abort_error(&signal)),
                None => Ok(JsValue::UNDEFINED),
            }
        })
    }

    /// Stops the run (its pending nodes are dropped).
    #[wasm_bindgen(js_name = "return")]
    pub fn stop(&self) {
        self.stream.borrow_mut().take();
    }
}
