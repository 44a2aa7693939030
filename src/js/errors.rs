//! Errors at the JS boundary: engine errors become thrown JS `Error`s with a stable `name`,
//! and whatever a JS node throws becomes a `NodeError` (keeping its `name`, which retry
//! policies match on). An interrupt crosses JS code as a thrown `GraphInterrupt` error that
//! carries its interrupts.

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
    named(e.name(), &e.to_string())
}

pub(crate) fn validation_error(e: GraphValidationError) -> JsValue {
    named(e.name(), &e.to_string())
}

/// An invalid argument from the caller.
pub(crate) fn invalid(message: impl AsRef<str>) -> JsValue {
    named("InvalidArgumentError", message.as_ref())
}

/// The error that unwinds a node at an unanswered `interrupt()`.
pub(crate) fn interrupt_error(interrupts: &[Interrupt]) -> JsValue {
    let error = named(
        GRAPH_INTERRUPT,
        "The graph was interrupted; this error is caught by the graph",
    );
    let _ = Reflect::set(
        &error,
        &JsValue::from_str("interrupts"),
        &interop::to_js_from(&interrupts),
    );
    error
}

/// What a JS node (or path function, or reducer) threw, as the engine's node error.
pub(crate) fn node_error(thrown: JsValue) -> NodeError {
    if interop::get_string(&thrown, "name").as_deref() == Some(GRAPH_INTERRUPT) {
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
