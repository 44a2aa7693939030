//! JS functions as the engine's nodes, conditional-edge path functions and reducers, and the
//! reading of what they return (`Command`, `Send`, state updates) into engine values.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Weak};

use futures::FutureExt;
use js_sys::{Function, Reflect};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::runtime::{with_current, LazyAbort, WasmRuntime};
use super::{errors, handles, interop};
use crate::channels::{Reducer, ReducerFn};
use crate::graph::{NodeAction, NodeFuture, PathFn, PathFuture};
use crate::pregel::{Command, CommandGraph, Goto, NodeError, NodeOutput, Runtime, Send, State, PARENT};
use crate::sorted::SortedMap;

/// The JS values last handed out for JSON channel values (a checkpoint's values a run loaded,
/// input sent over HTTP): decoded once per value and shared by the nodes that read it. Values
/// nodes returned are handles, handed back by reference, and never pass through here. Two
/// entries per key (newest last) bound the cache; it holds values weakly, by identity.
struct JsValueCache {
    entries: SortedMap<String, Vec<(Weak<Value>, JsValue)>>,
}

const VERSIONS_KEPT: usize = 2;

thread_local! {
    static CACHE: RefCell<JsValueCache> = const { RefCell::new(JsValueCache { entries: SortedMap::new() }) };
}

/// The JS value of a channel value: a handle's value as is; JSON decoded (and revived, and its
/// plain containers frozen) once per value.
fn channel_to_js(key: &str, value: &Arc<Value>) -> JsValue {
    if let Value::String(_) = value.as_ref() {
        return handles::to_js(value);
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        for (cached, js) in cache.entries.get(key).into_iter().flatten().rev() {
            if std::ptr::eq(cached.as_ptr(), Arc::as_ptr(value)) {
                return js.clone();
            }
        }
        let js = handles::to_js(value);
        super::values::freeze(&js);
        let versions = cache.entries.entry(key.to_string()).or_default();
        if versions.len() == VERSIONS_KEPT {
            versions.remove(0);
        }
        versions.push((Arc::downgrade(value), js.clone()));
        js
    })
}

/// The state a JS node or path function gets: a fresh plain object whose values are the
/// channels' values — or a `Send`'s argument.
pub(crate) fn state_to_js(state: &State) -> JsValue {
    let object = js_sys::Object::new();
    let mut any = false;
    for (key, value) in state.iter() {
        any = true;
        interop::set_data(&object, key, &channel_to_js(key, value));
    }
    if any {
        object.into()
    } else {
        handles::to_js(&state.to_value())
    }
}

/// Awaits `value` if it is a promise (or another thenable, as `await` does).
async fn settle(value: JsValue) -> Result<JsValue, JsValue> {
    match interop::as_promise(&value) {
        Some(promise) => JsFuture::from(promise).await,
        None => Ok(value),
    }
}

fn lg_name(value: &JsValue) -> Option<String> {
    interop::get_string(value, "lg_name")
}

fn invalid_update(message: String) -> NodeError {
    NodeError::new("InvalidUpdateError", message)
}

/// A value whose reading threw (a getter, a Proxy trap) as the node's error.
fn unreadable<T>(read: Result<T, JsValue>, who: &str) -> Result<T, NodeError> {
    read.map_err(|thrown| {
        invalid_update(format!(
            "{who} produced a value that threw while it was read ({})",
            errors::describe(&thrown)
        ))
    })
}

/// Reads a `Send` (`{lg_name: "Send", node, args}`): its argument keeps its values (handles).
pub(crate) fn send_from_js(value: &JsValue, who: &str) -> Result<Send, NodeError> {
    let node =
        interop::get_string(value, "node").ok_or_else(|| invalid_update(format!("{who}: a Send needs a node name")))?;
    let args = interop::get(value, "args");
    let args = if interop::is_plain_object(&args) {
        handles::update_from_js(&args).map(Option::unwrap_or_default)
    } else {
        handles::register(&args)
    }
    .map_err(|e| invalid_update(e.describe(who)))?;
    Ok(Send::new(node, args))
}

/// Reads `goto` destinations: a name, a `Send`, or a list of them.
fn gotos_from_js(value: &JsValue, who: &str) -> Result<Vec<Goto>, NodeError> {
    let one = |v: &JsValue| -> Result<Goto, NodeError> {
        if let Some(name) = v.as_string() {
            Ok(Goto::Node(name))
        } else if lg_name(v).as_deref() == Some("Send") {
            Ok(Goto::Send(send_from_js(v, who)?))
        } else {
            Err(invalid_update(format!(
                "{who}: a destination must be a node name or a Send"
            )))
        }
    };
    if value.is_null() || value.is_undefined() {
        Ok(Vec::new())
    } else if interop::is_array(value) {
        unreadable(interop::array_items(value), who)?.iter().map(one).collect()
    } else {
        Ok(vec![one(value)?])
    }
}

/// Reads a `Command` (`{lg_name: "Command", update?, goto?, resume?, graph?}`). A `resume` key
/// that is present counts even when its value is `null`, `false`, `0` or `""`.
pub(crate) fn command_from_js(value: &JsValue, who: &str) -> Result<Command, NodeError> {
    let has = |key: &str| Reflect::has(value, &JsValue::from_str(key)).unwrap_or(false);
    let json = |key: &str| interop::to_json(&interop::get(value, key)).map_err(|e| invalid_update(e.describe(who)));
    let update = interop::get(value, "update");
    let update = if update.is_undefined() || update.is_null() {
        None
    } else {
        match handles::update_from_js(&update).map_err(|e| invalid_update(e.describe(who)))? {
            Some(update) => Some(update),
            // Not an update the engine can take: JSON, for the engine to refuse by its kind.
            None => Some(interop::to_json(&update).map_err(|e| invalid_update(e.describe(who)))?),
        }
    };
    let resume = if has("resume") && !interop::get(value, "resume").is_undefined() {
        Some(json("resume")?)
    } else {
        None
    };
    let graph = match interop::get_string(value, "graph").as_deref() {
        Some(PARENT) => CommandGraph::Parent,
        _ => CommandGraph::Current,
    };
    Ok(Command {
        graph,
        update,
        resume,
        goto: gotos_from_js(&interop::get(value, "goto"), who)?,
    })
}

/// What a JS node returned, as the engine's node output.
fn output_from_js(node: &str, value: &JsValue) -> Result<NodeOutput, NodeError> {
    let who = format!("node '{node}'");
    if lg_name(value).as_deref() == Some("Command") {
        return Ok(NodeOutput::Command(command_from_js(value, &who)?));
    }
    if interop::is_array(value) {
        let items = unreadable(interop::array_items(value), &who)?;
        // An array with a Command in it (what ToolNode returns when one tool answers with a
        // Command and another with a message): each item in order, a plain update applied as a
        // Command that only updates, as LangGraph.js applies them.
        if items.iter().any(|v| lg_name(v).as_deref() == Some("Command")) {
            let commands = items
                .iter()
                .filter(|v| !v.is_undefined() && !v.is_null())
                .map(|v| match lg_name(v).as_deref() {
                    Some("Command") => command_from_js(v, &who),
                    _ => Ok(Command {
                        update: Some(plain_update(node, v)?),
                        ..Command::default()
                    }),
                })
                .collect::<Result<_, _>>()?;
            return Ok(NodeOutput::Commands(commands));
        }
    }
    if value.is_undefined() || value.is_null() {
        return Ok(NodeOutput::Update(Value::Null));
    }
    Ok(NodeOutput::Update(plain_update(node, value)?))
}

/// A node's state update that is not a Command: an object of state keys.
fn plain_update(node: &str, value: &JsValue) -> Result<Value, NodeError> {
    let who = format!("node '{node}'");
    handles::update_from_js(value)
        .map_err(|e| invalid_update(e.describe(&who)))?
        .ok_or_else(|| {
            invalid_update(format!(
                "Expected node '{node}' to return an object of state keys (or a Command), got {}",
                interop::kind(value)
            ))
        })
}

/// A node that calls a JS function `(state, runtime) => update | Command | Promise<…>`.
pub(crate) struct JsNode {
    pub name: String,
    pub func: Function,
    /// Returns any value, not a state update (a functional API task): kept as it is.
    pub returns_value: bool,
}

/// Aborts the node's `AbortSignal` if the node's future is dropped before it finished (its run
/// was cancelled, a sibling failed, the stream was closed).
struct AbortOnDrop {
    abort: Option<Rc<RefCell<LazyAbort>>>,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(abort) = self.abort.take() {
            abort.borrow_mut().abort();
        }
    }
}

impl NodeAction for JsNode {
    fn invoke(&self, input: State, runtime: Runtime) -> NodeFuture {
        let (name, func, returns_value) = (self.name.clone(), self.func.clone(), self.returns_value);
        async move {
            let state = state_to_js(&input);
            let abort = Rc::new(RefCell::new(LazyAbort::default()));
            let mut guard = AbortOnDrop {
                abort: Some(abort.clone()),
            };
            let handle: JsValue = WasmRuntime::new(runtime.clone(), abort).into();
            let returned = with_current(&runtime, || func.call2(&JsValue::NULL, &state, &handle));
            // Finished (returned or threw, as an interrupt does): nothing to abort. Aborting
            // builds a DOMException, which costs as much as a small node.
            let settled = match returned {
                Ok(value) => settle(value).await,
                Err(thrown) => Err(thrown),
            };
            guard.abort = None;
            let value = settled.map_err(errors::node_error)?;
            if returns_value {
                let value = handles::writing_as(&name, || handles::register(&value))
                    .map_err(|e| invalid_update(e.describe(&format!("task '{name}'"))))?;
                return Ok(NodeOutput::Update(value));
            }
            handles::writing_as(&name, || output_from_js(&name, &value))
        }
        .boxed_local()
    }
}

/// A conditional edge's path function in JS: returns a name, a `Send`, a list of them, or a
/// promise of those.
pub(crate) struct JsPath {
    pub source: String,
    pub func: Function,
}

impl PathFn for JsPath {
    fn route(&self, state: State) -> PathFuture {
        let (source, func) = (self.source.clone(), self.func.clone());
        async move {
            let arg = state_to_js(&state);
            let value = match func.call1(&JsValue::NULL, &arg) {
                Ok(value) => settle(value).await.map_err(errors::node_error)?,
                Err(thrown) => return Err(errors::node_error(thrown)),
            };
            if value.is_null() || value.is_undefined() {
                return Err(invalid_update(format!(
                    "the conditional edge from '{source}' returned no destination"
                )));
            }
            gotos_from_js(&value, &format!("the conditional edge from '{source}'"))
        }
        .boxed_local()
    }
}

/// A JS reducer `(current, update) => next`; it must be synchronous. Its arguments are the
/// values themselves, and what it returns is kept as is (a handle).
pub(crate) fn js_reducer(key: String, func: Function) -> Reducer {
    Reducer::Custom(js_reducer_fn(key, func))
}

/// A JS reducer as the engine's reducer function.
pub(crate) fn js_reducer_fn(key: String, func: Function) -> ReducerFn {
    Rc::new(move |current: Value, update: Value| {
        handles::call_reducer(&func, &current, &update)
            .map_err(|e| e.replace("a reducer", &format!("the reducer of '{key}'")))
    })
}
