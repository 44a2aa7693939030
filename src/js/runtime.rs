//! What a JS node gets as its second argument, and the module-level `interrupt()`.
//!
//! `interrupt(value)` without the runtime works only in the synchronous part of a node (before
//! its first `await`): the engine sets the current task while it calls the node function and
//! clears it when the call returns. Anywhere else it throws, saying to use `runtime.interrupt`;
//! it never guesses which task is meant.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{errors, interop};
use crate::pregel::host::{self, HostScope};
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
    // As LangGraph.js: a pause needs somewhere to be saved before anything can resume it. (The
    // engine itself, as LangGraph's Python, reports the interrupt and refuses only the resume.)
    if !runtime.has_checkpointer() {
        let error = errors::named(
            "GraphValueError",
            "No checkpointer set\n\nTroubleshooting URL: https://docs.langchain.com/oss/javascript/langgraph/MISSING_CHECKPOINTER/\n",
        );
        interop::set_data(&error, "lc_error_code", &JsValue::from_str("MISSING_CHECKPOINTER"));
        return Err(error);
    }
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

/// Runs `f` with `scope` current, if there is one.
fn within<T>(scope: &Option<Rc<dyn HostScope>>, f: impl FnOnce() -> T) -> T {
    match scope {
        Some(scope) => host::in_scope(scope, f),
        None => f(),
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
    /// The run's scope of JS values when the node was called (see `invokeSubgraph`); weak, so
    /// that a config a node keeps does not keep its run's values.
    scope: Option<Weak<dyn HostScope>>,
}

impl WasmRuntime {
    /// Made when the node is called, while its run is polled (its scope is current).
    pub(crate) fn new(runtime: Runtime, abort: Rc<RefCell<LazyAbort>>) -> Self {
        WasmRuntime {
            runtime,
            abort,
            scope: host::current_scope().map(|scope| Rc::downgrade(&scope)),
        }
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

    /// LangGraph.js's `executionInfo` of the task's config: `{checkpointId, checkpointNs, taskId,
    /// threadId, nodeAttempt, nodeFirstAttemptTime}` (`threadId` only on a thread).
    #[wasm_bindgen(getter, js_name = "executionInfo")]
    pub fn execution_info(&self) -> JsValue {
        let (attempt, first) = self.runtime.attempt();
        let mut info = serde_json::Map::new();
        if let Some(id) = self.runtime.checkpoint_id() {
            info.insert("checkpointId".into(), id.into());
        }
        info.insert("checkpointNs".into(), self.runtime.task_ns().into());
        info.insert("taskId".into(), self.runtime.task_id().into());
        if let Some(thread) = self.runtime.config().thread_id.as_deref() {
            info.insert("threadId".into(), thread.into());
        }
        info.insert("nodeAttempt".into(), attempt.into());
        info.insert("nodeFirstAttemptTime".into(), first.into());
        interop::to_js(&serde_json::Value::Object(info))
    }

    /// The checkpoint the task's step started from, by graph namespace (`{"": id, …}`).
    #[wasm_bindgen(getter, js_name = "checkpointMap")]
    pub fn checkpoint_map(&self) -> JsValue {
        interop::to_js_from(self.runtime.checkpoint_map())
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

    /// What the run's caller attached to it (the JS side of `invoke`/`stream`, or a Client's),
    /// or `undefined`.
    #[wasm_bindgen(getter)]
    pub fn host(&self) -> JsValue {
        host_value(self.runtime.host())
    }

    /// The superstep this task runs in.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> f64 {
        self.runtime.step() as f64
    }

    /// The trigger that made the task run, as a list (LangGraph's `langgraph_triggers`).
    #[wasm_bindgen(getter)]
    pub fn triggers(&self) -> JsValue {
        interop::to_js_from(&self.runtime.triggers())
    }

    /// `["__pregel_pull", node]` or `["__pregel_push", index]` (LangGraph's `langgraph_path`).
    #[wasm_bindgen(getter)]
    pub fn path(&self) -> JsValue {
        interop::to_js(self.runtime.path())
    }

    /// The task's checkpoint namespace (`node:<task id>`, under its graph's).
    #[wasm_bindgen(getter, js_name = "checkpointNs")]
    pub fn checkpoint_ns(&self) -> String {
        self.runtime.task_ns().to_string()
    }

    /// Whether the run streams `messages` from this task.
    #[wasm_bindgen(getter, js_name = "streamsMessages")]
    pub fn streams_messages(&self) -> bool {
        self.runtime.streams_messages()
    }

    /// Streams `[message, metadata]` in `messages` mode: `data` is its JSON form (what the
    /// HTTP API sends), `origin` the JS objects (what `graph.stream()` yields). With `dedupe`, a
    /// message whose `id` this run streamed or read before is skipped. Returns whether it was
    /// streamed.
    #[wasm_bindgen(js_name = "emitMessage")]
    pub fn emit_message(&self, data: JsValue, origin: JsValue, id: JsValue, dedupe: bool) -> Result<bool, JsValue> {
        let data = interop::to_json(&data)
            .map_err(|e| errors::named("InvalidUpdateError", &e.describe("a streamed message")))?;
        let id = id.as_string();
        Ok(self
            .runtime
            .emit_message(data, Some(std::rc::Rc::new(origin)), id.as_deref(), dedupe))
    }

    /// Marks message ids as seen in this run's `messages` stream.
    #[wasm_bindgen(js_name = "seeMessages")]
    pub fn see_messages(&self, ids: JsValue) -> Result<(), JsValue> {
        let ids = interop::strings_arg(&ids, "ids").map_err(errors::invalid)?;
        self.runtime.see_messages(ids);
        Ok(())
    }
}

#[wasm_bindgen(js_class = "NodeRuntimeHandle")]
impl WasmRuntime {
    /// Runs `graph` (a compiled graph the node invokes: `await inner.invoke(input)`) as a subgraph
    /// of this task, as LangGraph.js does: in the task's namespace, with the run's checkpointer,
    /// stream and resume answers. Resolves to its final state; rejects with its interrupt (a
    /// `GraphInterrupt` error, which pauses this node unless the node catches it) or its failure.
    #[wasm_bindgen(js_name = "invokeSubgraph")]
    pub fn invoke_subgraph(
        &self,
        graph: &super::WasmCompiledGraph,
        input: JsValue,
    ) -> Result<js_sys::Promise, JsValue> {
        // The node may call this after an `await`, when no run is polled: the values cross in
        // the run's scope, kept from when the node was called.
        let scope = self.scope.as_ref().and_then(Weak::upgrade);
        let input = within(&scope, || super::compiled::values_input(&input))?;
        let (graph, runtime) = (graph.graph().clone(), self.runtime.clone());
        let run = host::Scoped {
            scope: scope.clone(),
            inner: Box::pin(async move { graph.run_in_task(input, &runtime).await }),
        };
        Ok(super::future_to_promise(async move {
            match run.await {
                Ok(values) => Ok(within(&scope, || super::handles::to_js(&values))),
                Err(NodeError::Interrupt(interrupts)) => Err(errors::interrupt_error(&interrupts)),
                Err(NodeError::Failed(failure)) => Err(errors::named(&failure.name, &failure.message)),
                Err(NodeError::ParentCommand(_)) => Err(errors::named(
                    "InvalidUpdateError",
                    "a graph invoked inside a node returned a Command for its parent graph: add that graph as a \
                     node to route its parent",
                )),
            }
        }))
    }

    /// Runs `func(args, runtime)` as a task of its own (the functional API's `task()`), or
    /// resolves to its saved result when this node runs again. Rejects with the interrupt (a
    /// `GraphInterrupt` error) or the failure of the task.
    pub fn call(&self, name: JsValue, func: JsValue, args: JsValue) -> Result<js_sys::Promise, JsValue> {
        let name = interop::string_arg(&name, "a task's name").map_err(errors::invalid)?;
        if !func.is_function() {
            return Err(errors::invalid(format!("task '{name}' needs a function")));
        }
        let args = interop::to_json(&args).map_err(|e| {
            errors::named(
                "InvalidUpdateError",
                &e.describe(&format!("the arguments of task '{name}'")),
            )
        })?;
        let action: std::rc::Rc<dyn crate::graph::NodeAction> = std::rc::Rc::new(super::node::JsNode {
            name: name.clone(),
            func: func.unchecked_into(),
            returns_value: true,
        });
        let call = self.runtime.call(&name, action, args);
        Ok(super::future_to_promise(async move {
            match call.await {
                Ok(value) => Ok(super::handles::to_js(&value)),
                Err(NodeError::Interrupt(interrupts)) => Err(errors::interrupt_error(&interrupts)),
                Err(NodeError::Failed(failure)) => {
                    let error = errors::named(&failure.name, &failure.message);
                    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("task"), &JsValue::from_str(&name));
                    Err(error)
                }
                Err(NodeError::ParentCommand(_)) => Err(errors::named(
                    "InvalidUpdateError",
                    &format!("task '{name}' returned a Command for the parent graph; a task returns its result"),
                )),
            }
        }))
    }
}

/// A run's host as JS: the value the JS side attached, or `undefined`.
pub(crate) fn host_value(host: Option<&crate::pregel::Host>) -> JsValue {
    host.and_then(|h| h.0.downcast_ref::<JsValue>())
        .cloned()
        .unwrap_or(JsValue::UNDEFINED)
}
