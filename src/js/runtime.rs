//! What a JS node gets as its second argument, and the module-level `interrupt()`.
//!
//! `interrupt(value)` without the runtime works only in the synchronous part of a node (before
//! its first `await`): the engine sets the current task while it calls the node function and
//! clears it when the call returns. Anywhere else it throws, saying to use `runtime.interrupt`;
//! it never guesses which task is meant.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::{errors, interop};
use crate::pregel::{NodeError, Runtime};

thread_local! {
    static CURRENT: RefCell<Option<Runtime>> = const { RefCell::new(None) };
}

/// Runs `f` with `runtime` as the current task (for the module-level `interrupt`).
pub(crate) fn with_current<T>(runtime: &Runtime, f: impl FnOnce() -> T) -> T {
    let previous = CURRENT.with(|c| c.replace(Some(runtime.clone())));
    let out = f();
    CURRENT.with(|c| *c.borrow_mut() = previous);
    out
}

fn interrupt_in(runtime: &Runtime, value: JsValue) -> Result<JsValue, JsValue> {
    let value =
        interop::to_json(&value).map_err(|e| errors::named("InvalidUpdateError", &e.describe("interrupt()")))?;
    match runtime.interrupt(value) {
        Ok(answer) => Ok(interop::to_js(&answer)),
        Err(NodeError::Interrupt(interrupts)) => Err(errors::interrupt_error(&interrupts)),
        Err(other) => Err(errors::named("Error", &other.to_string())),
    }
}

/// Pauses the graph and asks a person; returns their answer when the graph is resumed.
/// Only valid in the synchronous part of a node.
#[wasm_bindgen]
pub fn interrupt(value: JsValue) -> Result<JsValue, JsValue> {
    match CURRENT.with(|c| c.borrow().clone()) {
        Some(runtime) => interrupt_in(&runtime, value),
        None => Err(errors::named(
            "InterruptOutsideNodeError",
            "interrupt() was called outside the synchronous part of a node (after an `await`, or outside any node). \
             Use the node's runtime instead: (state, runtime) => runtime.interrupt(value)",
        )),
    }
}

/// A node's `AbortSignal`, made the first time the node asks for it (most nodes never do, and
/// an `AbortController` per call is measurable in small graphs).
#[derive(Default)]
pub(crate) struct LazyAbort {
    controller: Option<web_sys::AbortController>,
    aborted: bool,
}

impl LazyAbort {
    fn signal(&mut self) -> Option<web_sys::AbortSignal> {
        if self.controller.is_none() {
            self.controller = web_sys::AbortController::new().ok();
            if self.aborted {
                self.controller.iter().for_each(web_sys::AbortController::abort);
            }
        }
        self.controller.as_ref().map(web_sys::AbortController::signal)
    }

    /// The node's task was dropped before it finished: its signal aborts (now, or when made).
    pub(crate) fn abort(&mut self) {
        self.aborted = true;
        self.controller.iter().for_each(web_sys::AbortController::abort);
    }
}

/// The runtime a node gets: `interrupt`, `config`, `context`, `writer`.
#[wasm_bindgen(js_name = "NodeRuntimeHandle")]
pub struct WasmRuntime {
    runtime: Runtime,
    abort: Rc<RefCell<LazyAbort>>,
}

impl WasmRuntime {
    pub(crate) fn new(runtime: Runtime, abort: Rc<RefCell<LazyAbort>>) -> Self {
        WasmRuntime { runtime, abort }
    }
}

#[wasm_bindgen(js_class = "NodeRuntimeHandle")]
impl WasmRuntime {
    /// Pauses the graph and asks a person; works anywhere in the node, also after `await`.
    pub fn interrupt(&self, value: JsValue) -> Result<JsValue, JsValue> {
        interrupt_in(&self.runtime, value)
    }

    /// Sends a chunk to the run's `custom` stream.
    pub fn write(&self, chunk: JsValue) -> Result<(), JsValue> {
        let chunk =
            interop::to_json(&chunk).map_err(|e| errors::named("InvalidUpdateError", &e.describe("writer()")))?;
        self.runtime.write(chunk);
        Ok(())
    }

    /// `{configurable: {thread_id, …}, …}`.
    #[wasm_bindgen(getter)]
    pub fn config(&self) -> JsValue {
        interop::to_js(&self.runtime.config().to_value())
    }

    #[wasm_bindgen(getter)]
    pub fn context(&self) -> JsValue {
        match self.runtime.context() {
            serde_json::Value::Null => JsValue::UNDEFINED,
            context => interop::to_js(context),
        }
    }

    #[wasm_bindgen(getter)]
    pub fn node(&self) -> String {
        self.runtime.node().to_string()
    }

    #[wasm_bindgen(getter, js_name = "taskId")]
    pub fn task_id(&self) -> String {
        self.runtime.task_id().to_string()
    }

    /// Aborts when this node's task is cancelled (its run was cancelled or aborted, a sibling
    /// failed, or the stream reading the run was closed).
    #[wasm_bindgen(getter)]
    pub fn signal(&self) -> JsValue {
        self.abort
            .borrow_mut()
            .signal()
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED)
    }

    #[wasm_bindgen(getter)]
    pub fn cancelled(&self) -> bool {
        self.runtime.signal().is_cancelled()
    }

    /// Whether the run has a store (`runtime.store`; a Client's runs have its store).
    #[wasm_bindgen(getter, js_name = "hasStore")]
    pub fn has_store(&self) -> bool {
        self.runtime.store().is_some()
    }

    /// `runtime.store.get(namespace, key)`: the item's JSON, or `null`.
    #[wasm_bindgen(js_name = "storeGet")]
    pub fn store_get(&self, namespace: JsValue, key: JsValue) -> Result<JsValue, JsValue> {
        let (store, namespace, key) = self.store_args(&namespace, &key)?;
        let item = store.get(&namespace, &key).map_err(store_error)?;
        Ok(item.map_or(JsValue::NULL, |i| interop::to_js(&i)))
    }

    /// `runtime.store.put(namespace, key, value)`.
    #[wasm_bindgen(js_name = "storePut")]
    pub fn store_put(&self, namespace: JsValue, key: JsValue, value: JsValue) -> Result<(), JsValue> {
        let (store, namespace, key) = self.store_args(&namespace, &key)?;
        let value = interop::to_json(&value).map_err(|e| errors::invalid(e.describe("store.put(…, value)")))?;
        store.put(&namespace, &key, value).map_err(store_error)
    }

    /// `runtime.store.delete(namespace, key)`.
    #[wasm_bindgen(js_name = "storeDelete")]
    pub fn store_delete(&self, namespace: JsValue, key: JsValue) -> Result<(), JsValue> {
        let (store, namespace, key) = self.store_args(&namespace, &key)?;
        store.delete(&namespace, &key).map_err(store_error)
    }

    /// `runtime.store.search(prefix, {filter, limit, offset, query})`: the items' JSON.
    #[wasm_bindgen(js_name = "storeSearch")]
    pub fn store_search(&self, prefix: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let store = self.store_handle()?;
        let prefix = interop::strings_arg(&prefix, "namespacePrefix").map_err(errors::invalid)?;
        let options = store_options(&options)?;
        let items = store.search(&prefix, &options).map_err(store_error)?;
        Ok(interop::to_js(&serde_json::Value::Array(items)))
    }

    /// `runtime.store.listNamespaces({prefix, suffix, max_depth, limit, offset})`.
    #[wasm_bindgen(js_name = "storeListNamespaces")]
    pub fn store_list_namespaces(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let store = self.store_handle()?;
        let namespaces = store.list_namespaces(&store_options(&options)?).map_err(store_error)?;
        let list: Vec<serde_json::Value> = namespaces
            .into_iter()
            .map(|ns| ns.into_iter().map(serde_json::Value::String).collect())
            .collect();
        Ok(interop::to_js(&serde_json::Value::Array(list)))
    }
}

impl WasmRuntime {
    fn store_handle(&self) -> Result<crate::pregel::StoreHandle, JsValue> {
        self.runtime
            .store()
            .cloned()
            .ok_or_else(|| errors::named("InvalidArgumentError", "this run has no store"))
    }

    fn store_args(
        &self,
        namespace: &JsValue,
        key: &JsValue,
    ) -> Result<(crate::pregel::StoreHandle, Vec<String>, String), JsValue> {
        let store = self.store_handle()?;
        let namespace = interop::strings_arg(namespace, "namespace").map_err(errors::invalid)?;
        let key = interop::string_arg(key, "key").map_err(errors::invalid)?;
        Ok((store, namespace, key))
    }
}

fn store_options(options: &JsValue) -> Result<serde_json::Value, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(serde_json::json!({}));
    }
    interop::to_json(options).map_err(|e| errors::invalid(e.describe("the store options")))
}

fn store_error(failure: crate::pregel::NodeFailure) -> JsValue {
    errors::named(&failure.name, &failure.message)
}
