//! The browser client's persistence: IndexedDB for checkpoints and the server's records,
//! thread locks from JS (Web Locks, or an IndexedDB lease where Web Locks is missing — see
//! `lib/locks.js`, which runs the lease through `DatabaseHandle` on the page's connection),
//! and the hooks `lib/client.js` uses to load, flush, hear changes and list the quarantine.

use std::rc::Rc;

use super::future_to_promise;
use async_trait::async_trait;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::client::{server_error, WasmClient, WasmClientBuilder};
use super::{errors, interop};
use crate::checkpoint::indexeddb::lease::{self, LeaseOp};
use crate::checkpoint::indexeddb::{IndexedDbSaver, LazyDb};
use crate::checkpoint::{CheckpointError, QuarantinedRecord};
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
    /// A record that cannot be read does not fail it: it is quarantined (see `quarantined()`)
    /// and reported with `console.warn`, as is a thread whose checkpoints cannot be read.
    pub fn load(&self) -> Promise {
        let server = self.server().clone();
        future_to_promise(async move {
            let problems = server.load().await.map_err(server_error)?;
            for problem in problems {
                web_sys::console::warn_1(&format!("langgraph-wasm: {problem}").into());
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The stored records that could not be read and were moved to the quarantine:
    /// `[{ store, key, error, quarantined_at }]`, oldest first.
    pub fn quarantined(&self) -> js_sys::Array {
        self.server().quarantined().iter().map(quarantined_to_js).collect()
    }

    /// Saves every changed record; rejects with the storage error if saving failed.
    pub fn flush(&self) -> Promise {
        let server = self.server().clone();
        future_to_promise(async move { server.flush().await.map(|()| JsValue::UNDEFINED).map_err(server_error) })
    }

    /// Re-reads a thread another page changed (a record of it that cannot be read is
    /// quarantined and reported with `console.warn`, as when loading).
    #[wasm_bindgen(js_name = "reloadThread")]
    pub fn reload_thread(&self, thread_id: JsValue) -> Promise {
        let server = self.server().clone();
        future_to_promise(async move {
            let thread_id = interop::string_arg(&thread_id, "threadId").map_err(errors::invalid)?;
            let known = server.quarantined().len();
            server.reload_thread(&thread_id).await.map_err(server_error)?;
            for q in server.quarantined().iter().skip(known) {
                let line = format!(
                    "langgraph-wasm: record {} of store {:?} could not be read and was moved to the quarantine: {}",
                    q.key, q.store, q.error
                );
                web_sys::console::warn_1(&line.into());
            }
            Ok(JsValue::UNDEFINED)
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

fn quarantined_to_js(q: &QuarantinedRecord) -> JsValue {
    let item = js_sys::Object::new();
    for (name, value) in [
        ("store", &q.store),
        ("key", &q.key),
        ("error", &q.error),
        ("quarantined_at", &q.quarantined_at),
    ] {
        let _ = Reflect::set(&item, &name.into(), &value.as_str().into());
    }
    item.into()
}

/// The page's connection to one IndexedDB database (shared with every client and saver on the
/// same name), for what JS runs on it: the lease locks of `lib/locks.js`.
#[wasm_bindgen(js_name = "DatabaseHandle")]
pub struct WasmDatabase {
    db: LazyDb,
}

#[wasm_bindgen(js_class = "DatabaseHandle")]
impl WasmDatabase {
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str) -> WasmDatabase {
        WasmDatabase { db: LazyDb::new(name) }
    }

    /// The database's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.db.name().to_string()
    }

    /// Takes the lease `name` for `owner` for `ttlMs` if it is free or expired; resolves to
    /// whether `owner` took it.
    #[wasm_bindgen(js_name = "leaseAcquire")]
    pub fn lease_acquire(&self, name: String, owner: String, ttl_ms: f64) -> Promise {
        self.lease(name, owner, LeaseOp::Acquire { ttl_ms })
    }

    /// Extends the lease by `ttlMs` if `owner` still holds it; resolves to whether it did.
    #[wasm_bindgen(js_name = "leaseRenew")]
    pub fn lease_renew(&self, name: String, owner: String, ttl_ms: f64) -> Promise {
        self.lease(name, owner, LeaseOp::Renew { ttl_ms })
    }

    /// Gives the lease up if `owner` holds it; resolves to whether it did.
    #[wasm_bindgen(js_name = "leaseRelease")]
    pub fn lease_release(&self, name: String, owner: String) -> Promise {
        self.lease(name, owner, LeaseOp::Release)
    }
}

impl WasmDatabase {
    fn lease(&self, name: String, owner: String, op: LeaseOp) -> Promise {
        let db = self.db.clone();
        future_to_promise(async move { Ok(lease::apply(&db, &name, &owner, op).await.map_err(lease_error)?.into()) })
    }
}

fn lease_error(e: CheckpointError) -> JsValue {
    server_error(ServerError::from(e))
}
