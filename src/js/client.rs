//! The JS `Client`: the server layer's resources behind a handle whose methods take and return
//! JSON in the LangGraph server's wire shapes. The package's `lib/client.js` gives it the
//! `@langchain/langgraph-sdk` method surface (camelCase options, async iterators).

use std::rc::Rc;

use super::future_to_promise;
use futures::StreamExt;
use js_sys::Promise;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::compiled::WasmCompiledGraph;
use super::saver::WasmSaver;
use super::{errors, interop};
use crate::checkpoint::Checkpointer;
use crate::graph::CompiledGraph;
use crate::http::wire;
use crate::server::{BrowserSpawner, RunEvents, Server, ServerError};

/// A refused request reads as the SDK's `HTTP <status>: <server text>` (with `status` set);
/// a failed run keeps the graph's error name and message.
pub(crate) fn server_error(e: ServerError) -> JsValue {
    let message = match &e {
        ServerError::Graph(_) => e.to_string(),
        _ => format!("HTTP {}: {e}", e.status()),
    };
    let error = errors::named(e.name(), &message);
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("status"), &JsValue::from(e.status()));
    error
}

fn json(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    interop::to_json(value).map_err(|e| errors::invalid(e.describe(what)))
}

fn out<T: serde::Serialize>(value: &T) -> JsValue {
    interop::to_js_from(value)
}

/// Collects the graphs, then builds the client.
#[wasm_bindgen(js_name = "ClientBuilder")]
#[derive(Default)]
pub struct WasmClientBuilder {
    graphs: Vec<(String, CompiledGraph)>,
}

#[wasm_bindgen(js_class = "ClientBuilder")]
impl WasmClientBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmClientBuilder {
        WasmClientBuilder::default()
    }

    #[wasm_bindgen(js_name = "addGraph")]
    pub fn add_graph(&mut self, graph_id: String, graph: &WasmCompiledGraph) {
        self.graphs.push((graph_id, graph.graph().clone()));
    }

    /// A client whose threads live in memory.
    pub fn build(&self) -> WasmClient {
        self.build_with(None)
    }

    /// A client whose threads live in `checkpointer`.
    #[wasm_bindgen(js_name = "buildWithCheckpointer")]
    pub fn build_with_checkpointer(&self, checkpointer: &WasmSaver) -> WasmClient {
        self.build_with(Some(checkpointer.saver()))
    }
}

impl WasmClientBuilder {
    fn build_with(&self, checkpointer: Option<Rc<dyn Checkpointer>>) -> WasmClient {
        WasmClient::from_server(Server::new(self.graphs(), checkpointer, Rc::new(BrowserSpawner)))
    }

    pub(crate) fn graphs(&self) -> Vec<(String, CompiledGraph)> {
        self.graphs.clone()
    }
}

impl WasmClient {
    pub(crate) fn from_server(server: Server) -> Self {
        WasmClient { server }
    }

    pub(crate) fn server(&self) -> &Server {
        &self.server
    }
}

#[wasm_bindgen(js_name = "ClientHandle")]
pub struct WasmClient {
    server: Server,
}

macro_rules! promise {
    ($body:expr) => {
        future_to_promise(async move { $body.map_err(server_error) })
    };
}

#[wasm_bindgen(js_class = "ClientHandle")]
impl WasmClient {
    // --- assistants -------------------------------------------------------------------------

    #[wasm_bindgen(js_name = "assistantGet")]
    pub fn assistant_get(&self, id: String) -> Promise {
        let server = self.server.clone();
        promise!(async move { server.assistant(&id).map(out) }.await)
    }

    #[wasm_bindgen(js_name = "assistantSearch")]
    pub fn assistant_search(&self, query: JsValue) -> Result<JsValue, JsValue> {
        let q = json(&query, "assistants.search")?;
        Ok(out(&self.server.assistants_search(&wire::assistant_search(&q))))
    }

    #[wasm_bindgen(js_name = "assistantGraph")]
    pub fn assistant_graph(&self, id: String) -> Result<JsValue, JsValue> {
        self.server
            .assistant_graph(&id)
            .map(|v| interop::to_js(&v))
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "assistantSchemas")]
    pub fn assistant_schemas(&self, id: String) -> Result<JsValue, JsValue> {
        self.server
            .assistant_schemas(&id)
            .map(|v| interop::to_js(&v))
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "assistantSubgraphs")]
    pub fn assistant_subgraphs(&self, id: String) -> Result<JsValue, JsValue> {
        self.server
            .assistant_subgraphs(&id)
            .map(|v| interop::to_js(&v))
            .map_err(server_error)
    }

    // --- threads ----------------------------------------------------------------------------

    #[wasm_bindgen(js_name = "threadCreate")]
    pub fn thread_create(&self, body: JsValue) -> Result<JsValue, JsValue> {
        let b = json(&body, "threads.create")?;
        self.server
            .threads_create(wire::thread_create(&b))
            .map(|t| out(&t))
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "threadGet")]
    pub fn thread_get(&self, thread_id: String) -> Result<JsValue, JsValue> {
        self.server
            .threads_get(&thread_id)
            .map(|t| out(&t))
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "threadUpdate")]
    pub fn thread_update(&self, thread_id: String, metadata: JsValue) -> Result<JsValue, JsValue> {
        let metadata = match json(&metadata, "threads.update metadata")? {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        self.server
            .threads_update(&thread_id, metadata)
            .map(|t| out(&t))
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "threadDelete")]
    pub fn thread_delete(&self, thread_id: String) -> Promise {
        let server = self.server.clone();
        promise!(server.threads_delete(&thread_id).await.map(|_| JsValue::UNDEFINED))
    }

    #[wasm_bindgen(js_name = "threadSearch")]
    pub fn thread_search(&self, query: JsValue) -> Result<JsValue, JsValue> {
        let q = json(&query, "threads.search")?;
        let search = wire::thread_search(&q).map_err(server_error)?;
        Ok(out(&self.server.threads_search(&search)))
    }

    #[wasm_bindgen(js_name = "threadCopy")]
    pub fn thread_copy(&self, thread_id: String) -> Promise {
        let server = self.server.clone();
        promise!(server.threads_copy(&thread_id).await.map(|t| out(&t)))
    }

    #[wasm_bindgen(js_name = "threadGetState")]
    pub fn thread_get_state(
        &self,
        thread_id: String,
        checkpoint_id: Option<String>,
        subgraphs: bool,
        checkpoint_ns: Option<String>,
    ) -> Promise {
        let server = self.server.clone();
        promise!(server
            .threads_get_state(
                &thread_id,
                checkpoint_id.as_deref(),
                subgraphs,
                checkpoint_ns.as_deref()
            )
            .await
            .map(|v| interop::to_js(&v)))
    }

    #[wasm_bindgen(js_name = "threadUpdateState")]
    pub fn thread_update_state(&self, thread_id: String, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let b = json(&body, "threads.updateState")?;
            let checkpoint_id = wire::checkpoint_id(&b);
            let checkpoint_ns = wire::checkpoint_ns(&b);
            let values = b.get("values").cloned().unwrap_or(Value::Null);
            let as_node = wire::string(&b, "as_node");
            server
                .threads_update_state(
                    &thread_id,
                    values,
                    as_node.as_deref(),
                    checkpoint_id.as_deref(),
                    checkpoint_ns.as_deref(),
                )
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "threadGetHistory")]
    pub fn thread_get_history(&self, thread_id: String, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let q = json(&query, "threads.getHistory")?;
            let history = wire::history_query(&q);
            let states = server
                .threads_get_history(&thread_id, &history)
                .await
                .map_err(server_error)?;
            Ok(interop::to_js(&Value::Array(states)))
        })
    }

    // --- runs -------------------------------------------------------------------------------

    #[wasm_bindgen(js_name = "runCreate")]
    pub fn run_create(&self, thread_id: Option<String>, assistant_id: String, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let body = wire::run_create(&json(&body, "the run")?).map_err(server_error)?;
            server
                .runs_create(thread_id.as_deref(), &assistant_id, body)
                .await
                .map(|r| out(&r))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "runWait")]
    pub fn run_wait(&self, thread_id: Option<String>, assistant_id: String, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let body = wire::run_create(&json(&body, "the run")?).map_err(server_error)?;
            server
                .runs_wait(thread_id.as_deref(), &assistant_id, body)
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    /// Resolves to `[run, events]` where `events.next()` yields `{event, data, id?}`.
    #[wasm_bindgen(js_name = "runStream")]
    pub fn run_stream(&self, thread_id: Option<String>, assistant_id: String, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let body = wire::run_create(&json(&body, "the run")?).map_err(server_error)?;
            let (run, events) = server
                .runs_stream(thread_id.as_deref(), &assistant_id, body)
                .await
                .map_err(server_error)?;
            let handle: JsValue = WasmRunEvents::new(events).into();
            Ok(js_sys::Array::of2(&out(&run), &handle).into())
        })
    }

    /// Without a thread id, joins a stateless run by its id.
    #[wasm_bindgen(js_name = "runJoin")]
    pub fn run_join(&self, thread_id: Option<String>, run_id: String) -> Promise {
        let server = self.server.clone();
        promise!(match thread_id {
            Some(thread_id) => server.runs_join(&thread_id, &run_id).await,
            None => server.runs_join_by_id(&run_id).await,
        }
        .map(|v| interop::to_js(&v)))
    }

    #[wasm_bindgen(js_name = "runJoinStream")]
    pub fn run_join_stream(&self, thread_id: String, run_id: String, from: usize) -> Result<WasmRunEvents, JsValue> {
        self.server
            .runs_join_stream(&thread_id, &run_id, from)
            .map(WasmRunEvents::new)
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "runGet")]
    pub fn run_get(&self, thread_id: String, run_id: String) -> Result<JsValue, JsValue> {
        self.server
            .runs_get(&thread_id, &run_id)
            .map(|r| out(&r))
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "runList")]
    pub fn run_list(&self, thread_id: String, query: JsValue) -> Result<JsValue, JsValue> {
        let q = json(&query, "runs.list")?;
        let status = wire::string(&q, "status")
            .as_deref()
            .map(wire::run_status)
            .transpose()
            .map_err(server_error)?;
        self.server
            .runs_list(
                &thread_id,
                wire::number(&q, "limit"),
                wire::number(&q, "offset"),
                status,
            )
            .map(|r| out(&r))
            .map_err(server_error)
    }

    /// Without a thread id, cancels a stateless run by its id.
    #[wasm_bindgen(js_name = "runCancel")]
    pub fn run_cancel(&self, thread_id: Option<String>, run_id: String, rollback: bool) -> Promise {
        let server = self.server.clone();
        promise!(match thread_id {
            Some(thread_id) => server.runs_cancel(&thread_id, &run_id, rollback).await,
            None => server.runs_cancel_by_id(&run_id, rollback).await,
        }
        .map(|_| JsValue::UNDEFINED))
    }

    #[wasm_bindgen(js_name = "runDelete")]
    pub fn run_delete(&self, thread_id: String, run_id: String) -> Promise {
        let server = self.server.clone();
        promise!(server
            .runs_delete(&thread_id, &run_id)
            .await
            .map(|_| JsValue::UNDEFINED))
    }

    // --- store ------------------------------------------------------------------------------

    #[wasm_bindgen(js_name = "storePut")]
    pub fn store_put(&self, namespace: Vec<String>, key: String, value: JsValue) -> Result<(), JsValue> {
        let value = json(&value, "store.putItem value")?;
        self.server
            .store()
            .put(&namespace, &key, value)
            .map(|_| ())
            .map_err(server_error)
    }

    #[wasm_bindgen(js_name = "storeGet")]
    pub fn store_get(&self, namespace: Vec<String>, key: String) -> Result<JsValue, JsValue> {
        match self.server.store().get(&namespace, &key).map_err(server_error)? {
            Some(item) => Ok(out(&item)),
            None => Ok(JsValue::NULL),
        }
    }

    #[wasm_bindgen(js_name = "storeDelete")]
    pub fn store_delete(&self, namespace: Vec<String>, key: String) -> Result<(), JsValue> {
        self.server.store().delete(&namespace, &key).map_err(server_error)
    }

    #[wasm_bindgen(js_name = "storeSearch")]
    pub fn store_search(&self, prefix: Vec<String>, options: JsValue) -> Result<JsValue, JsValue> {
        let o = json(&options, "store.searchItems")?;
        let search = wire::search_options(&o);
        let items = self.server.store().search(&prefix, &search).map_err(server_error)?;
        let items: Vec<Value> = items.iter().map(|i| i.to_search_value()).collect();
        Ok(interop::to_js(&serde_json::json!({ "items": items })))
    }

    #[wasm_bindgen(js_name = "storeListNamespaces")]
    pub fn store_list_namespaces(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let o = json(&options, "store.listNamespaces")?;
        let options = wire::namespace_options(&o);
        let namespaces = self.server.store().list_namespaces(&options).map_err(server_error)?;
        Ok(interop::to_js(&serde_json::json!({ "namespaces": namespaces })))
    }
}

/// A run's events, pulled one at a time.
#[wasm_bindgen(js_name = "RunEventsHandle")]
pub struct WasmRunEvents {
    events: Rc<std::cell::RefCell<Option<RunEvents>>>,
}

impl WasmRunEvents {
    fn new(events: RunEvents) -> Self {
        WasmRunEvents {
            events: Rc::new(std::cell::RefCell::new(Some(events))),
        }
    }
}

#[wasm_bindgen(js_class = "RunEventsHandle")]
impl WasmRunEvents {
    /// Resolves to the next `{event, data, id?}`, or `undefined` when the run's stream ended.
    pub fn next(&self) -> Promise {
        let cell = self.events.clone();
        future_to_promise(async move {
            let Some(mut events) = cell.borrow_mut().take() else {
                return Err(errors::invalid("next() was called before the previous next() resolved"));
            };
            let item = events.next().await;
            *cell.borrow_mut() = Some(events);
            Ok(item.map(|e| out(&e)).unwrap_or(JsValue::UNDEFINED))
        })
    }
}
