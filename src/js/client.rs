//! The JS `Client`: the server layer's resources behind a handle whose methods take and return
//! JSON in the LangGraph server's wire shapes. The package's `lib/client.js` gives it the
//! `@langchain/langgraph-sdk` method surface (camelCase options, async iterators).

use std::rc::Rc;

use super::future_to_promise;
use futures::StreamExt;
use js_sys::Promise;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::compiled::WasmCompiledGraph;
use super::saver::WasmSaver;
use super::{errors, interop};
use crate::checkpoint::Checkpointer;
use crate::graph::CompiledGraph;
use crate::server::request;
use crate::server::{BrowserSpawner, GraphDef, GraphFactory, RunCreate, RunEvents, Server, ServerError};
use futures::future::LocalBoxFuture;
use wasm_bindgen::JsCast;

/// A refused request reads as the SDK's `HTTP <status>: <server text>` (with `status` set);
/// a failed run keeps the graph's error name and message.
pub(crate) fn server_error(e: ServerError) -> JsValue {
    let message = match &e {
        ServerError::Graph(_) => e.message(),
        _ => format!("HTTP {}: {e}", e.status()),
    };
    let error = errors::named(e.name(), &message);
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("status"), &JsValue::from(e.status()));
    error
}

/// A request body as JSON. It may wrap what it carries in a few levels (`{command: {resume:
/// …}}`); the request model checks each field against the depth limit.
fn json(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    let value = if value.is_undefined() { &JsValue::NULL } else { value };
    interop::to_json_wrapped(value, 3).map_err(|e| refused(e.describe(what)))
}

/// A refused request (422, as the server refuses a body it cannot take).
fn refused(message: String) -> JsValue {
    server_error(ServerError::Unprocessable(message))
}

/// An id argument: a string, or a 422.
fn id(value: &JsValue, name: &str) -> Result<String, JsValue> {
    interop::string_arg(value, name).map_err(refused)
}

fn opt_id(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    interop::opt_string_arg(value, name).map_err(refused)
}

fn namespace(value: &JsValue, name: &str) -> Result<Vec<String>, JsValue> {
    interop::strings_arg(value, name).map_err(refused)
}

fn out<T: serde::Serialize>(value: &T) -> JsValue {
    interop::to_js_from(value)
}

/// Collects the graphs, then builds the client.
#[wasm_bindgen(js_name = "ClientBuilder")]
#[derive(Default)]
pub struct WasmClientBuilder {
    graphs: Vec<(String, GraphDef)>,
}

/// Where a JS graph factory puts the graph it built (the factory's promise resolves after
/// `fill`).
#[wasm_bindgen(js_name = "GraphSlot")]
pub struct WasmGraphSlot(Rc<std::cell::RefCell<Option<CompiledGraph>>>);

#[wasm_bindgen(js_class = "GraphSlot")]
impl WasmGraphSlot {
    pub fn fill(&self, graph: &WasmCompiledGraph) {
        *self.0.borrow_mut() = Some(graph.graph().clone());
    }
}

/// A JS function `(config, slot) => Promise` that builds a graph for `config` and puts it in
/// `slot` (`lib/client.js` wraps the user's `(config) => graph`).
struct JsGraphFactory(js_sys::Function);

impl GraphFactory for JsGraphFactory {
    fn build(&self, config: Value) -> LocalBoxFuture<'static, Result<CompiledGraph, ServerError>> {
        let function = self.0.clone();
        Box::pin(async move {
            let failed = |e: JsValue| ServerError::GraphFactory(errors::describe(&e));
            let slot = Rc::new(std::cell::RefCell::new(None));
            let handle = JsValue::from(WasmGraphSlot(slot.clone()));
            let promise = function
                .call2(&JsValue::NULL, &interop::to_js(&config), &handle)
                .map_err(failed)?;
            wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
                .await
                .map_err(failed)?;
            let graph = slot.borrow_mut().take();
            graph.ok_or_else(|| ServerError::GraphFactory("it built no graph".into()))
        })
    }
}

/// `{config?, context?}`: a graph's defaults.
fn graph_def(def: GraphDef, defaults: &JsValue) -> Result<GraphDef, JsValue> {
    if defaults.is_null() || defaults.is_undefined() {
        return Ok(def);
    }
    let defaults = json(defaults, "the graph's defaults")?;
    let def = def
        .with_config(defaults.get("config").unwrap_or(&Value::Null))
        .map_err(server_error)?;
    def.with_context(defaults.get("context").unwrap_or(&Value::Null))
        .map_err(server_error)
}

#[wasm_bindgen(js_class = "ClientBuilder")]
impl WasmClientBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmClientBuilder {
        WasmClientBuilder::default()
    }

    /// Adds a compiled graph; `defaults`: `{config?, context?}` of its system assistant.
    #[wasm_bindgen(js_name = "addGraph")]
    pub fn add_graph(
        &mut self,
        graph_id: JsValue,
        graph: &WasmCompiledGraph,
        defaults: JsValue,
    ) -> Result<(), JsValue> {
        let graph_id = interop::string_arg(&graph_id, "graphId").map_err(errors::invalid)?;
        let def = graph_def(GraphDef::compiled(graph.graph().clone()), &defaults)?;
        self.graphs.push((graph_id, def));
        Ok(())
    }

    /// Adds a graph factory `(config, slot) => Promise` (see `JsGraphFactory`).
    #[wasm_bindgen(js_name = "addGraphFactory")]
    pub fn add_graph_factory(&mut self, graph_id: JsValue, factory: JsValue, defaults: JsValue) -> Result<(), JsValue> {
        let graph_id = interop::string_arg(&graph_id, "graphId").map_err(errors::invalid)?;
        let factory: js_sys::Function = factory
            .dyn_into()
            .map_err(|_| errors::invalid(format!("graphs.{graph_id} must be a compiled graph or a function")))?;
        let def = graph_def(GraphDef::factory(Rc::new(JsGraphFactory(factory))), &defaults)?;
        self.graphs.push((graph_id, def));
        Ok(())
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
        WasmClient::from_server(Server::with_graphs(
            self.graphs(),
            checkpointer,
            Rc::new(BrowserSpawner),
            None,
            None,
        ))
    }

    pub(crate) fn graphs(&self) -> Vec<(String, GraphDef)> {
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

#[wasm_bindgen(js_class = "ClientHandle")]
impl WasmClient {
    // --- assistants -------------------------------------------------------------------------

    /// Attaches `host` to every run (the JS side's view of this client, for its nodes).
    #[wasm_bindgen(js_name = "setHost")]
    pub fn set_host(&self, host: JsValue) {
        self.server.set_host(super::compiled::host_from_js(host));
    }

    #[wasm_bindgen(js_name = "assistantGet")]
    pub fn assistant_get(&self, assistant_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            server.assistant(&assistant_id).map(|a| out(&a)).map_err(server_error)
        })
    }

    /// `body`: the server's `POST /assistants` body.
    #[wasm_bindgen(js_name = "assistantCreate")]
    pub fn assistant_create(&self, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let body = request::assistant_create(&json(&body, "assistants.create")?).map_err(server_error)?;
            let assistant = server.assistants_create(body).await.map_err(server_error)?;
            Ok(out(&assistant))
        })
    }

    #[wasm_bindgen(js_name = "assistantUpdate")]
    pub fn assistant_update(&self, assistant_id: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            let patch = request::assistant_patch(&json(&body, "assistants.update")?).map_err(server_error)?;
            let assistant = server
                .assistants_update(&assistant_id, patch)
                .await
                .map_err(server_error)?;
            Ok(out(&assistant))
        })
    }

    #[wasm_bindgen(js_name = "assistantDelete")]
    pub fn assistant_delete(&self, assistant_id: JsValue, delete_threads: bool) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            server
                .assistants_delete(&assistant_id, delete_threads)
                .await
                .map(|_| JsValue::UNDEFINED)
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "assistantSearch")]
    pub fn assistant_search(&self, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let query = request::assistant_search(&json(&query, "assistants.search")?).map_err(server_error)?;
            Ok(interop::to_js(&Value::Array(server.assistants_search(&query))))
        })
    }

    #[wasm_bindgen(js_name = "assistantCount")]
    pub fn assistant_count(&self, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let query = request::assistant_search(&json(&query, "assistants.count")?).map_err(server_error)?;
            Ok(JsValue::from(server.assistants_count(&query) as f64))
        })
    }

    #[wasm_bindgen(js_name = "assistantVersions")]
    pub fn assistant_versions(&self, assistant_id: JsValue, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            let query = request::assistant_versions(&json(&query, "assistants.getVersions")?).map_err(server_error)?;
            let versions = server.assistant_versions(&assistant_id, &query).map_err(server_error)?;
            Ok(interop::to_js(&Value::Array(versions)))
        })
    }

    #[wasm_bindgen(js_name = "assistantSetLatest")]
    pub fn assistant_set_latest(&self, assistant_id: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            let version = request::assistant_latest(&json(&body, "assistants.setLatest")?).map_err(server_error)?;
            let assistant = server
                .assistant_set_latest(&assistant_id, version)
                .await
                .map_err(server_error)?;
            Ok(out(&assistant))
        })
    }

    #[wasm_bindgen(js_name = "assistantGraph")]
    pub fn assistant_graph(&self, assistant_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            server
                .assistant_graph(&assistant_id)
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "assistantSchemas")]
    pub fn assistant_schemas(&self, assistant_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            server
                .assistant_schemas(&assistant_id)
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    /// `namespace`: a subgraph's name (or `undefined`); `recurse`: nested ones too.
    #[wasm_bindgen(js_name = "assistantSubgraphs")]
    pub fn assistant_subgraphs(&self, assistant_id: JsValue, namespace: JsValue, recurse: bool) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let assistant_id = id(&assistant_id, "assistantId")?;
            let namespace = opt_id(&namespace, "namespace")?;
            server
                .assistant_subgraphs(&assistant_id, namespace.as_deref(), recurse)
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    // --- threads ----------------------------------------------------------------------------

    #[wasm_bindgen(js_name = "threadCreate")]
    pub fn thread_create(&self, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let body = json(&body, "threads.create")?;
            let create = request::thread_create(&body).map_err(server_error)?;
            let supersteps = request::supersteps(&body).map_err(server_error)?;
            server
                .threads_create_with(create, supersteps)
                .await
                .map(|t| out(&t))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "threadGet")]
    pub fn thread_get(&self, thread_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            server.threads_get(&thread_id).map(|t| out(&t)).map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "threadUpdate")]
    pub fn thread_update(&self, thread_id: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let metadata = request::thread_update(&json(&body, "threads.update")?).map_err(server_error)?;
            server
                .threads_update(&thread_id, metadata)
                .map(|t| out(&t))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "threadDelete")]
    pub fn thread_delete(&self, thread_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            server
                .threads_delete(&thread_id)
                .await
                .map(|_| JsValue::UNDEFINED)
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "threadSearch")]
    pub fn thread_search(&self, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let query = request::thread_search(&json(&query, "threads.search")?).map_err(server_error)?;
            Ok(out(&server.threads_search(&query)))
        })
    }

    #[wasm_bindgen(js_name = "threadCopy")]
    pub fn thread_copy(&self, thread_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            server
                .threads_copy(&thread_id)
                .await
                .map(|t| out(&t))
                .map_err(server_error)
        })
    }

    /// `query`: `{checkpoint_id?, checkpoint?: {checkpoint_id?, checkpoint_ns?}, subgraphs?}`.
    #[wasm_bindgen(js_name = "threadGetState")]
    pub fn thread_get_state(&self, thread_id: JsValue, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let (checkpoint_id, checkpoint_ns, subgraphs) =
                request::state_at(&json(&query, "threads.getState")?).map_err(server_error)?;
            server
                .threads_get_state(
                    &thread_id,
                    checkpoint_id.as_deref(),
                    subgraphs,
                    checkpoint_ns.as_deref(),
                )
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "threadUpdateState")]
    pub fn thread_update_state(&self, thread_id: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let update = request::state_update(&json(&body, "threads.updateState")?).map_err(server_error)?;
            server
                .threads_update_state(&thread_id, update)
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "threadGetHistory")]
    pub fn thread_get_history(&self, thread_id: JsValue, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let query = request::history_query(&json(&query, "threads.getHistory")?).map_err(server_error)?;
            let states = server
                .threads_get_history(&thread_id, &query)
                .await
                .map_err(server_error)?;
            Ok(interop::to_js(&Value::Array(states)))
        })
    }

    // --- runs -------------------------------------------------------------------------------

    #[wasm_bindgen(js_name = "runCreate")]
    pub fn run_create(&self, thread_id: JsValue, assistant_id: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let (thread_id, assistant_id, body) = run_args(&thread_id, &assistant_id, &body)?;
            server
                .runs_create(thread_id.as_deref(), &assistant_id, body)
                .await
                .map(|r| out(&r))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "runWait")]
    pub fn run_wait(&self, thread_id: JsValue, assistant_id: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let (thread_id, assistant_id, body) = run_args(&thread_id, &assistant_id, &body)?;
            server
                .runs_wait(thread_id.as_deref(), &assistant_id, body)
                .await
                .map(|v| interop::to_js(&v))
                .map_err(server_error)
        })
    }

    /// Resolves to `[run, events]` where `events.next()` yields `{event, data, id?}`.
    #[wasm_bindgen(js_name = "runStream")]
    pub fn run_stream(&self, thread_id: JsValue, assistant_id: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let (thread_id, assistant_id, body) = run_args(&thread_id, &assistant_id, &body)?;
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
    pub fn run_join(&self, thread_id: JsValue, run_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = opt_id(&thread_id, "threadId")?;
            let run_id = id(&run_id, "runId")?;
            match thread_id {
                Some(thread_id) => server.runs_join(&thread_id, &run_id).await,
                None => server.runs_join_by_id(&run_id).await,
            }
            .map(|v| interop::to_js(&v))
            .map_err(server_error)
        })
    }

    /// The run's events from position `from` (0: all).
    #[wasm_bindgen(js_name = "runJoinStream")]
    pub fn run_join_stream(&self, thread_id: JsValue, run_id: JsValue, from: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let run_id = id(&run_id, "runId")?;
            let from = from
                .as_f64()
                .filter(|n| n.is_finite() && *n >= 0.0 && n.fract() == 0.0)
                .ok_or_else(|| refused(format!("lastEventId must be an event id; got {}", interop::kind(&from))))?;
            server
                .runs_join_stream(&thread_id, &run_id, from.min(u32::MAX as f64) as usize)
                .map(|events| WasmRunEvents::new(events).into())
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "runGet")]
    pub fn run_get(&self, thread_id: JsValue, run_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let run_id = id(&run_id, "runId")?;
            server
                .runs_get(&thread_id, &run_id)
                .map(|r| out(&r))
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "runList")]
    pub fn run_list(&self, thread_id: JsValue, query: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let query = request::run_list(&json(&query, "runs.list")?).map_err(server_error)?;
            server
                .runs_list(&thread_id, &query)
                .map(|r| out(&r))
                .map_err(server_error)
        })
    }

    /// Without a thread id, cancels a stateless run by its id.
    #[wasm_bindgen(js_name = "runCancel")]
    pub fn run_cancel(&self, thread_id: JsValue, run_id: JsValue, rollback: bool) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = opt_id(&thread_id, "threadId")?;
            let run_id = id(&run_id, "runId")?;
            match thread_id {
                Some(thread_id) => server.runs_cancel(&thread_id, &run_id, rollback).await,
                None => server.runs_cancel_by_id(&run_id, rollback).await,
            }
            .map(|_| JsValue::UNDEFINED)
            .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "runDelete")]
    pub fn run_delete(&self, thread_id: JsValue, run_id: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let thread_id = id(&thread_id, "threadId")?;
            let run_id = id(&run_id, "runId")?;
            server
                .runs_delete(&thread_id, &run_id)
                .await
                .map(|_| JsValue::UNDEFINED)
                .map_err(server_error)
        })
    }

    // --- store ------------------------------------------------------------------------------

    #[wasm_bindgen(js_name = "storePut")]
    pub fn store_put(&self, namespace: JsValue, key: JsValue, value: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let body = json(
                &interop::object(&[("namespace", namespace), ("key", key), ("value", value)]),
                "store.putItem",
            )?;
            let (namespace, key, value) = request::item_put(&body).map_err(server_error)?;
            server
                .store()
                .put(&namespace, &key, value)
                .map(|_| JsValue::UNDEFINED)
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "storeGet")]
    pub fn store_get(&self, namespace: JsValue, key: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let namespace = self::namespace(&namespace, "namespace")?;
            let key = id(&key, "key")?;
            match server.store().get(&namespace, &key).map_err(server_error)? {
                Some(item) => Ok(out(&item)),
                None => Ok(JsValue::NULL),
            }
        })
    }

    #[wasm_bindgen(js_name = "storeDelete")]
    pub fn store_delete(&self, namespace: JsValue, key: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let namespace = self::namespace(&namespace, "namespace")?;
            let key = id(&key, "key")?;
            server
                .store()
                .delete(&namespace, &key)
                .map(|_| JsValue::UNDEFINED)
                .map_err(server_error)
        })
    }

    #[wasm_bindgen(js_name = "storeSearch")]
    pub fn store_search(&self, prefix: JsValue, options: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let prefix = self::namespace(&prefix, "namespacePrefix")?;
            let search = request::search_options(&json(&options, "store.searchItems")?).map_err(server_error)?;
            let items = server.store().search(&prefix, &search).map_err(server_error)?;
            let items: Vec<Value> = items.iter().map(|i| i.to_search_value()).collect();
            Ok(interop::to_js(&serde_json::json!({ "items": items })))
        })
    }

    #[wasm_bindgen(js_name = "storeListNamespaces")]
    pub fn store_list_namespaces(&self, options: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let options = request::namespace_options(&json(&options, "store.listNamespaces")?).map_err(server_error)?;
            let namespaces = server.store().list_namespaces(&options).map_err(server_error)?;
            Ok(interop::to_js(&serde_json::json!({ "namespaces": namespaces })))
        })
    }
}

/// The arguments of `runs.create`/`wait`/`stream`: the thread (none: a stateless run), the
/// assistant, and the body in the server's shape.
fn run_args(
    thread_id: &JsValue,
    assistant_id: &JsValue,
    body: &JsValue,
) -> Result<(Option<String>, String, RunCreate), JsValue> {
    let thread_id = opt_id(thread_id, "threadId")?;
    let assistant_id = id(assistant_id, "assistantId")?;
    let body = request::run_create(&json(body, "the run")?).map_err(server_error)?;
    Ok((thread_id, assistant_id, body))
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
