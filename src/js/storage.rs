//! The browser client's persistence: IndexedDB for checkpoints and the server's records,
//! thread locks from JS (Web Locks, or an IndexedDB lease where Web Locks is missing — see
//! `lib/locks.js`), and the hooks `lib/client.js` uses to load, flush and hear changes.

use std::rc::Rc;

use super::future_to_promise;
use async_trait::async_trait;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::client::{server_error, WasmClient, WasmClientBuilder};
use super::{errors, interop};
use crate::checkpoint::indexeddb::{IndexedDbSaver, LazyDb};
use crate::checkpoint::CheckpointError;
use crate::server::{BrowserSpawner, LockGuard, Server, ServerError, ThreadLocks};

/// Locks implemented in JS: `{ tryLock(threadId) → Promise<release | null>, lock(threadId) →
/// Promise<release> }`.
struct JsLocks(JsValue);

impl JsLocks {
    async fn call(&self, method: &str, thread_id: &str) -> Result<Option<LockGuard>, ServerError> {
        let failed = |e: JsValue| {
            ServerError::from(CheckpointError::Storage(format!(
                "thread lock {method}: {}",
                errors::describe(&e)
            )))
        };
        let function: Function = Reflect::get(&self.0, &method.into())
            .map_err(failed)?
            .dyn_into()
            .map_err(failed)?;
        let promise: Promise = function
            .call1(&self.0, &thread_id.into())
            .map_err(failed)?
            .dyn_into()
            .map_err(failed)?;
        let release = JsFuture::from(promise).await.map_err(failed)?;
        Ok(release.dyn_into::<Function>().ok().map(|release| {
            LockGuard::new(move || {
                let _ = release.call0(&JsValue::NULL);
            })
        }))
    }
}

#[async_trait(?Send)]
impl ThreadLocks for JsLocks {
    async fn try_lock(&self, thread_id: &str) -> Result<Option<LockGuard>, ServerError> {
        self.call("tryLock", thread_id).await
    }

    async fn lock(&self, thread_id: &str) -> Result<LockGuard, ServerError> {
        self.call("lock", thread_id)
            .await?
            .ok_or_else(|| CheckpointError::Storage("thread lock: lock() resolved without a lock".into()).into())
    }
}

#[wasm_bindgen(js_class = "ClientBuilder")]
impl WasmClientBuilder {
    /// A client whose checkpoints, threads, runs and store items live in the IndexedDB
    /// database `database`, with `locks` (may be `null`) keeping pages from running one thread
    /// at once. Call `load()` before anything else.
    #[wasm_bindgen(js_name = "buildPersistent")]
    pub fn build_persistent(&self, database: JsValue, locks: JsValue) -> Result<WasmClient, JsValue> {
        let database = interop::string_arg(&database, "database").map_err(errors::invalid)?;
        let db = LazyDb::new(&database);
        let locks: Option<Rc<dyn ThreadLocks>> =
            (!locks.is_null() && !locks.is_undefined()).then(|| Rc::new(JsLocks(locks)) as Rc<dyn ThreadLocks>);
        Ok(WasmClient::from_server(Server::with_graphs(
            self.graphs(),
            Some(Rc::new(IndexedDbSaver::from_db(db.clone()))),
            Rc::new(BrowserSpawner),
            Some(Rc::new(crate::server::IndexedDbStorage::new(db))),
            locks,
        )))
    }
}

#[wasm_bindgen(js_class = "ClientHandle")]
impl WasmClient {
    /// Reads what storage holds (threads, runs, store items), recovering runs of closed pages.
    pub fn load(&self) -> Promise {
        let server = self.server().clone();
        future_to_promise(async move { server.load().await.map(|()| JsValue::UNDEFINED).map_err(server_error) })
    }

    /// Saves every changed record; rejects with the storage error if saving failed.
    pub fn flush(&self) -> Promise {
        let server = self.server().clone();
        future_to_promise(async move { server.flush().await.map(|()| JsValue::UNDEFINED).map_err(server_error) })
    }

    /// Re-reads a thread another page changed.
    #[wasm_bindgen(js_name = "reloadThread")]
    pub fn reload_thread(&self, thread_id: JsValue) -> Promise {
        let server = self.server().clone();
        future_to_promise(async move {
            let thread_id = interop::string_arg(&thread_id, "threadId").map_err(errors::invalid)?;
            server
                .reload_thread(&thread_id)
                .await
                .map(|()| JsValue::UNDEFINED)
                .map_err(server_error)
        })
    }

    /// `listener([{ thread_id, status }])` after each save that changed threads (`status: null`:
    /// deleted).
    #[wasm_bindgen(js_name = "onThreadChange")]
    pub fn on_thread_change(&self, listener: Function) {
        self.server().on_thread_change(move |changes| {
            let list = js_sys::Array::new();
            for change in changes {
                let item = js_sys::Object::new();
                let _ = Reflect::set(&item, &"thread_id".into(), &change.thread_id.into());
                let status = change.status.map_or(JsValue::NULL, |s| s.as_str().into());
                let _ = Reflect::set(&item, &"status".into(), &status);
                list.push(&item);
            }
            // A throwing listener must not break the save that called it.
            let _ = listener.call1(&JsValue::NULL, &list);
        });
    }
}
