//! Checkpointers handed to JS. For now the in-memory saver; the IndexedDB saver and the
//! LangGraph.js `BaseCheckpointSaver` surface come with the persistence work.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::checkpoint::{Checkpointer, MemorySaver};

#[wasm_bindgen(js_name = "MemorySaverHandle")]
pub struct WasmMemorySaver {
    inner: Rc<MemorySaver>,
}

impl WasmMemorySaver {
    pub(crate) fn saver(&self) -> Rc<dyn Checkpointer> {
        self.inner.clone()
    }
}

#[wasm_bindgen(js_class = "MemorySaverHandle")]
impl WasmMemorySaver {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmMemorySaver {
        WasmMemorySaver {
            inner: Rc::new(MemorySaver::new()),
        }
    }
}

impl Default for WasmMemorySaver {
    fn default() -> Self {
        Self::new()
    }
}
