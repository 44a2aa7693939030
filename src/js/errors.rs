//! Errors at the JS boundary: engine errors become thrown JS `Error`s with a stable `name`,
//! and whatever a JS node throws becomes a `NodeError` (keeping its `name`, which retry
//! policies match on). An interrupt crosses JS code as a thrown `GraphInterrupt` error that
//! carries its interrupts.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::interop;
use crate::graph::GraphValidationError;
use crate::pregel::{GraphError, Interrupt, NodeError};

/// The `name` of the error `runtime.interrupt()` throws to unwind a node.
pub(crate) const GRAPH_INTERRUPT: &str = "GraphInterrupt";

/// A JS `Error` with the given name and message.
pub(crate) fn named(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}

pub(crate) fn graph_error(e: GraphError) -> JsValue {
    let error = named(e.name(), &e.to_string());
    if let GraphError::NodeFailed { node, error: failure } = &e {
        // Which node failed and what it threw, for the JS side to find the thrown object.
        let _ = Reflect::set(&error, &JsValue::from_str("node"), &JsValue::from_str(node));
        let _ = Reflect::set(&error, &JsValue::from_str("error"), &interop::to_js_from(failure));
    }
    error
}

pub(crate) fn validation_error(e: GraphValidationError) -> JsValue {
    named(e.name(), &e.to_string())
}

/// An invalid argument from the caller.
pub(crate) fn invalid(message: impl AsRef<str>) -> JsValue {
    named("InvalidArgumentError", message.as_ref())
}

/// The error that unwinds a node at an unanswered `interrupt()`.
///
/// It is control flow, caught by the graph, so it is made without a stack trace (V8's
/// `Error.stackTraceLimit`; capturing one was most of what pausing a node cost). The engine keeps
/// the interrupts it put in it (`THROWN`): the error that comes back out of the node is usually
/// this very object, and then they need not be read back from JS.
pub(crate) fn interrupt_error(interrupts: &[Interrupt]) -> JsValue {
    // Made without a stack trace (it is how a node pauses, not a failure), keys from the cache.
    let constructor = interop::get(&js_sys::global(), "Error");
    let limit = Some(interop::get(&constructor, "stackTraceLimit")).filter(|l| !l.is_undefined());
    if limit.is_some() {
        interop::set_data(&constructor, "stackTraceLimit", &JsValue::from(0));
    }
    let error = named(
        GRAPH_INTERRUPT,
        "The graph was interrupted; this error is caught by the graph",
    );
    if let Some(limit) = limit {
        interop::set_data(&constructor, "stackTraceLimit", &limit);
    }
    interop::set_data(&error, "interrupts", &interop::to_js_from(&interrupts));
    THROWN.with(|t| *t.borrow_mut() = Some((error.clone(), interrupts.to_vec())));
    error
}

thread_local! {
    /// The last interrupt error made, with its interrupts.
    static THROWN: RefCell<Option<(JsValue, Vec<Interrupt>)>> = const { RefCell::new(None) };
}

/// What a JS node (or path function, or reducer) threw, as the engine's node error.
pub(crate) fn node_error(thrown: JsValue) -> NodeError {
    let made_here = THROWN.with(|t| {
        let mut t = t.borrow_mut();
        match t.as_ref() {
            Some((error, _)) if js_sys::Object::is(error, &thrown) => t.take().map(|(_, interrupts)| interrupts),
            _ => None,
        }
    });
    if let Some(interrupts) = made_here {
        return NodeError::Interrupt(interrupts);
    }
    // Thrown by user code: LangGraph.js's `GraphInterrupt`, or its `NodeInterrupt(value)`.
    if matches!(
        interop::get_string(&thrown, "name").as_deref(),
        Some(GRAPH_INTERRUPT | "NodeInterrupt")
    ) {
        // The list wraps each interrupt's value in two levels of its own.
        let list = interop::get(&thrown, "interrupts");
        if let Ok(value) = interop::to_json_wrapped(&list, 2) {
            if let Ok(interrupts) = serde_json::from_value::<Vec<Interrupt>>(value) {
                return NodeError::Interrupt(interrupts);
            }
        }
    }
    let name = interop::get_string(&thrown, "name").unwrap_or_else(|| "Error".to_string());
    let message = interop::get_string(&thrown, "message")
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "a non-Error value was thrown".to_string());
    NodeError::new(name, message)
}

/// A thrown JS value as `Name: message` text.
pub(crate) fn describe(thrown: &JsValue) -> String {
    let name = interop::get_string(thrown, "name").unwrap_or_else(|| "Error".to_string());
    let message = interop::get_string(thrown, "message")
        .or_else(|| thrown.as_string())
        .unwrap_or_default();
    format!("{name}: {message}")
}
