//! The wasm-bindgen boundary (compiled for wasm32 only). Each exported method takes its JS
//! arguments, calls the engine, and hands the result back; nothing else in the crate knows
//! about JS. One module per resource: the graph builder (`graph`), the compiled graph and its
//! runs (`compiled`), JS functions as nodes/paths/reducers (`node`), what nodes get
//! (`runtime`), checkpointers (`saver`), the Client (`client`) and its HTTP API (`http`); all
//! value conversion is in `interop`, all error conversion in `errors`. A JS graph's state
//! values are held by handle (`handles`) and encoded, decoded and frozen by `lib/values.js`
//! (`values`). The package's JS entry (pkg-template/) wraps these handles in the
//! LangGraph.js-shaped API.

mod alloc;
#[cfg(feature = "server")]
mod client;
mod compiled;
mod errors;
mod graph;
mod handles;
#[cfg(feature = "server")]
mod http;
mod interop;
mod node;
mod runtime;
mod saver;
mod saver_langgraph;
#[cfg(feature = "server")]
mod storage;
mod values;

#[cfg(feature = "server")]
pub use client::{WasmClient, WasmClientBuilder, WasmRunEvents};
pub use compiled::{WasmCompiledGraph, WasmRunStream};
pub use graph::WasmStateGraph;
#[cfg(feature = "server")]
pub use http::{WasmHttpBody, WasmHttpHandler};
pub use runtime::{interrupt, WasmRuntime};
pub use saver::WasmSaver;
pub use values::install_values;

/// `wasm_bindgen_futures::future_to_promise` through one boxed future type. Called with each
/// exported method's own future, it made one copy of the promise and task machinery per method
/// (about 1 KB each in the release wasm, 30 methods); boxed, there is one.
pub(crate) fn future_to_promise(
    future: impl std::future::Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>> + 'static,
) -> js_sys::Promise {
    let boxed: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>>,
    > = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
}
