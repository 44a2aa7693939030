//! Checkpointers handed to JS: one handle over any `Checkpointer`, so the graph, the client and
//! the LangGraph.js `BaseCheckpointSaver` surface treat every saver alike. That surface's
//! methods are a second `impl` block in `saver_langgraph`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::checkpoint::{Checkpointer, MemorySaver};

#[wasm_bindgen(js_name = "SaverHandle")]
pub struct WasmSaver {
    inner: Rc<dyn Checkpointer>,
    /// The same saver when it is a `MemorySaver` (for `storedBytes`).
    memory: Option<Rc<MemorySaver>>,
}

impl WasmSaver {
    pub(crate) fn saver(&self) -> Rc<dyn Checkpointer> {
        self.inner.clone()
    }

    pub(crate) fn from_saver(inner: Rc<dyn Checkpointer>) -> Self {
        WasmSaver { inner, memory: None }
    }
}

#[wasm_bindgen(js_class = "SaverHandle")]
impl WasmSaver {
    /// A saver that keeps checkpoints in memory.
    pub fn memory() -> WasmSaver {
        let memory = Rc::new(MemorySaver::new());
        WasmSaver {
            inner: memory.clone(),
            memory: Some(memory),
        }
    }

    /// For a memory saver, how many bytes its records would take as JSON (`undefined` for other
    /// savers): what the benchmarks compare with LangGraph.js's stored bytes.
    #[wasm_bindgen(js_name = "storedBytes")]
    pub fn stored_bytes(&self) -> Option<f64> {
        self.memory.as_ref().map(|m| m.stored_bytes() as f64)
    }
}

#[wasm_bindgen(js_class = "SaverHandle")]
impl WasmSaver {
    /// A saver on the IndexedDB database `name` (opened on first use).
    #[wasm_bindgen(js_name = "indexedDb")]
    pub fn indexed_db(name: JsValue) -> Result<WasmSaver, JsValue> {
        let name = super::interop::string_arg(&name, "the database name").map_err(super::errors::invalid)?;
        Ok(WasmSaver::from_saver(Rc::new(
            crate::checkpoint::indexeddb::IndexedDbSaver::new(&name),
        )))
    }
}
