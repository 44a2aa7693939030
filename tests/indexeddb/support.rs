//! What the IndexedDB tests share: fresh database names, the seed's graph, deep values, and
//! writing records by hand (as another page, an older version, or a damaged disk would).

use std::rc::Rc;

use langgraph_wasm::checkpoint::indexeddb::{self, LazyDb};
use langgraph_wasm::checkpoint::Checkpointer;
use langgraph_wasm::{node_fn, CompileOptions, CompiledGraph, StateGraph, START};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

pub fn unique(name: &str) -> String {
    format!("lgw-test-{name}-{}", uuid::Uuid::new_v4())
}

/// The seed's dynamic-interrupt graph.
pub fn seed(saver: Rc<dyn Checkpointer>) -> CompiledGraph {
    let mut builder = StateGraph::new();
    builder.last_value("some_text").unwrap();
    builder
        .add_node(
            "human_node",
            node_fn(|state, rt| {
                let answer = rt.interrupt(json!({ "text_to_revise": state.get("some_text") }))?;
                Ok(json!({ "some_text": answer }).into())
            }),
        )
        .unwrap();
    builder.add_edge(START, "human_node").unwrap();
    builder
        .compile(CompileOptions {
            checkpointer: Some(saver),
            ..Default::default()
        })
        .unwrap()
}

/// A value `levels` arrays and objects deep (alternating, innermost empty), so that it is
/// `levels` deep however depth is counted.
pub fn deep(levels: usize) -> Value {
    let mut value = json!([]);
    for level in 1..levels {
        value = if level % 2 == 0 {
            json!([value])
        } else {
            json!({ "d": value })
        };
    }
    value
}

/// Puts `record` into `store` with a connection of its own, bypassing every check.
pub async fn put_raw(name: &str, store: &str, record: &JsValue) {
    let db = LazyDb::own(name).get().await.unwrap();
    let tx = db.transaction(&[store], true).unwrap();
    tx.put(&tx.store(store).unwrap(), record).unwrap();
    tx.commit("writing by hand").await.unwrap();
    db.close();
}

/// The record of `store` under `key`, read with a connection of its own.
pub async fn get_raw(name: &str, store: &str, key: &JsValue) -> Option<JsValue> {
    let db = LazyDb::own(name).get().await.unwrap();
    let tx = db.transaction(&[store], false).unwrap();
    let found = tx.get(&tx.store(store).unwrap(), key).unwrap().await.unwrap();
    db.close();
    found
}

/// A record from fields (re-exported for the tests).
pub fn record(fields: &[(&str, JsValue)]) -> JsValue {
    indexeddb::record(fields)
}
