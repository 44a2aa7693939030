//! JS functions as the engine's nodes, conditional-edge path functions and reducers, and the
//! reading of what they return (`Command`, `Send`, state updates) into engine values.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Weak};

use futures::FutureExt;
use js_sys::{Array, Function, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::runtime::{with_current, LazyAbort, WasmRuntime};
use super::{errors, interop};
use crate::channels::{lineage, Reducer, ReducerFn};
use crate::graph::{NodeAction, NodeFuture, PathFn, PathFuture};
use crate::pregel::{Command, CommandGraph, Goto, NodeError, NodeOutput, Runtime, Send, State, PARENT};
use crate::sorted::SortedMap;

/// The JS values last handed out for each state key, with the values they were made from: an
/// unchanged channel keeps its `Arc` from step to step, so a step converts only the channels
/// that changed. Two entries per key (newest last) bound the cache to two JS copies of the
/// current state (keys of other graphs or threads with the same name only cost a conversion);
/// two, because a conditional edge sees its own version of the state (the committed state
/// plus its task's writes) beside the one the next step's nodes read, and both extend the
/// version before. The cache holds values weakly: a channel that is the only holder of its
/// list appends to it in place instead of copying it (identity is still exact, since a `Weak`
/// keeps its allocation's address from being reused).
struct JsValueCache {
    entries: SortedMap<String, Vec<(Weak<Value>, JsValue)>>,
    freeze: Option<Function>,
}

const VERSIONS_KEPT: usize = 2;

thread_local! {
    static CACHE: RefCell<JsValueCache> = RefCell::new(JsValueCache { entries: SortedMap::new(), freeze: None });
}

/// Deep-freezes a converted value (skipping objects already frozen, so freezing a new array
/// whose elements were handed out before costs one check per element).
fn freeze(cache: &mut JsValueCache, js: &JsValue) {
    if !js.is_object() {
        return;
    }
    let freeze = cache.freeze.get_or_insert_with(|| {
        Function::new_with_args(
            "o",
            "const f = (v) => { if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) \
             { Object.freeze(v); for (const k of Object.keys(v)) f(v[k]); } return v; }; return f(o);",
        )
    });
    let _ = freeze.call1(&JsValue::NULL, js);
}

/// The JS array for `new` when the channel's reducer made it by appending to `old` (the `add`,
/// `append` and `messages` reducers on lists): the old array's elements are reused and only the
/// new ones are converted, so a growing history costs its growth per step, not its length.
fn extended_array(old: &Weak<Value>, old_js: &JsValue, new: &Arc<Value>) -> Option<JsValue> {
    let shared = lineage::appended_to(new, old)?;
    let tail: Array = new.as_array()?.get(shared..)?.iter().map(interop::to_js).collect();
    Some(old_js.dyn_ref::<Array>()?.concat(&tail).into())
}

/// The JS value of a channel value, converted once per version and deep-frozen: nodes share it,
/// so a node that mutates its input gets an error (or, outside strict mode, no effect) instead
/// of changing what other nodes see without changing the state the engine keeps.
fn channel_to_js(key: &str, value: &Arc<Value>) -> JsValue {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let mut reused = None;
        for (cached, js) in cache.entries.get(key).into_iter().flatten().rev() {
            if std::ptr::eq(cached.as_ptr(), Arc::as_ptr(value)) {
                return js.clone();
            }
            reused = reused.or_else(|| extended_array(cached, js, value));
        }
        let js = reused.unwrap_or_else(|| interop::to_js(value));
        freeze(&mut cache, &js);
        let versions = cache.entries.entry(key.to_string()).or_default();
        if versions.len() == VERSIONS_KEPT {
            versions.remove(0);
        }
        versions.push((Arc::downgrade(value), js.clone()));
        js
    })
}

/// The engine's value of `js` when it is a channel value handed out by `channel_to_js` (a node
/// returning a list it read, as in `{ messages: state.responses }`), or an item of a list handed
/// out (a map-reduce edge sending each item it read: `s.items.map((item) => new Send("work",
/// { item }))`): a copy of the Rust value instead of a walk over the JS objects. Handed-out
/// values are deep-frozen, so they still hold what the Rust value holds.
fn handed_out_value(js: &JsValue) -> Option<Value> {
    if !js.is_object() {
        return None;
    }
    CACHE.with(|cache| {
        let cache = cache.borrow();
        let handed = || cache.entries.values().flatten();
        if let Some((value, _)) = handed().find(|(_, out)| js_sys::Object::is(out, js)) {
            return value.upgrade().map(|value| value.as_ref().clone());
        }
        let item = handed().find_map(|(value, out)| {
            let at = u32::try_from(out.dyn_ref::<Array>()?.index_of(js, 0)).ok()?;
            value.upgrade()?.as_array()?.get(usize::try_from(at).ok()?).cloned()
        });
        item
    })
}

/// A node's state update (or a `Send`'s argument) as JSON (each key's value may nest as deep as
/// any value: the update object is one level more), reusing the engine's values for keys
/// whose value is one the node was handed, or an item of one.
fn update_to_json(value: &JsValue) -> Result<Value, interop::NotJson> {
    if !interop::is_plain_object(value) {
        return interop::to_json_wrapped(value, 1);
    }
    // Reading the entries may run getters that throw: then the conversion reports where.
    let Ok(entries) = interop::entries(value) else {
        return interop::to_json_wrapped(value, 1);
    };
    // One lookup per entry: a found value is a copy of the engine's, made once.
    let entries: Vec<(String, JsValue, Option<Value>)> = entries
        .into_iter()
        .map(|(key, item)| {
            let engine = handed_out_value(&item);
            (key, item, engine)
        })
        .collect();
    if entries.iter().all(|(_, _, engine)| engine.is_none()) {
        return interop::to_json_wrapped(value, 1);
    }
    let mut map = serde_json::Map::new();
    for (key, item, engine) in entries {
        if item.is_undefined() {
            continue; // as JSON.stringify and interop::to_json do
        }
        let converted = match engine {
            Some(v) => v,
            None => interop::to_json_entry(value, &key, &item)?,
        };
        map.insert(key, converted);
    }
    Ok(Value::Object(map))
}

/// The state a JS node or path function gets: a fresh plain object whose values are the
/// channels' (shared, frozen) JS values — or a `Send`'s argument.
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
        interop::to_js(&state.to_value())
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

/// Reads a `Send` (`{lg_name: "Send", node, args}`).
pub(crate) fn send_from_js(value: &JsValue, who: &str) -> Result<Send, NodeError> {
    let node =
        interop::get_string(value, "node").ok_or_else(|| invalid_update(format!("{who}: a Send needs a node name")))?;
    let args = update_to_json(&interop::get(value, "args")).map_err(|e| invalid_update(e.describe(who)))?;
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
        Some(interop::to_json(&update).map_err(|e| invalid_update(e.describe(who)))?)
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
        if !items.is_empty() && items.iter().all(|v| lg_name(v).as_deref() == Some("Command")) {
            let commands = items
                .iter()
                .map(|v| command_from_js(v, &who))
                .collect::<Result<_, _>>()?;
            return Ok(NodeOutput::Commands(commands));
        }
    }
    let update = update_to_json(value).map_err(|e| invalid_update(e.describe(&who)))?;
    Ok(NodeOutput::Update(update))
}

/// A node that calls a JS function `(state, runtime) => update | Command | Promise<…>`.
pub(crate) struct JsNode {
    pub name: String,
    pub func: Function,
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
        let (name, func) = (self.name.clone(), self.func.clone());
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
            let output = output_from_js(&name, &value)?;
            if matches!(output, NodeOutput::Update(Value::Object(_))) {
                // `updates` chunks show the node's own objects, not copies (as LangGraph.js).
                runtime.set_output_origin(Rc::new(value));
            }
            Ok(output)
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

/// A JS reducer `(current, update) => next`; it must be synchronous.
pub(crate) fn js_reducer(key: String, func: Function) -> Reducer {
    let f: ReducerFn = Rc::new(move |current: Value, update: Value| {
        let (current_js, update_js) = (interop::to_js(&current), interop::to_js(&update));
        let result = func
            .call2(&JsValue::NULL, &current_js, &update_js)
            .map_err(|thrown| errors::node_error(thrown).to_string())?;
        if interop::is_thenable(&result) {
            return Err(format!(
                "the reducer of '{key}' returned a Promise; reducers must be synchronous"
            ));
        }
        // Reducers such as `(x, y) => y ?? x` pick one of their arguments: keep that value
        // instead of converting it back.
        if js_sys::Object::is(&result, &update_js) {
            return Ok(update);
        }
        if js_sys::Object::is(&result, &current_js) {
            return Ok(current);
        }
        interop::to_json(&result).map_err(|e| e.describe(&format!("the reducer of '{key}'")))
    });
    Reducer::Custom(f)
}
