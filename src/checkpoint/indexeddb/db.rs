//! The connection to the IndexedDB database: opening (and upgrading, see `schema.rs`) it once
//! per page and name, transactions, and turning IndexedDB's failures into named errors.
//!
//! A readwrite transaction that is dropped without [`Tx::commit`] is aborted: a save that fails
//! half-way (a record refused as too deep, a request that throws) writes nothing, instead of
//! committing the requests issued before the failure.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::IntoFuture;
use std::rc::Rc;

use futures::future::{select, Either, LocalBoxFuture, Shared};
use futures::FutureExt;
use idb::{DatabaseEvent, Event, Factory, Request, TransactionResult};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbTransaction, IdbTransactionMode};

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase` or `IDBTransaction`, for the two calls web-sys has only behind its
    /// unstable-API flag (`transaction(stores, mode, { durability })`) or deprecated
    /// (`commit()`).
    #[wasm_bindgen(extends = js_sys::Object)]
    type Idb;

    #[wasm_bindgen(catch, method, js_name = transaction)]
    fn transaction_with_options(
        this: &Idb,
        stores: &js_sys::Array,
        mode: &str,
        options: &JsValue,
    ) -> Result<IdbTransaction, JsValue>;

    #[wasm_bindgen(catch, method, js_name = commit)]
    fn commit_now(this: &Idb) -> Result<(), JsValue>;
}

use super::schema::{self, SCHEMA_VERSION};
use crate::checkpoint::CheckpointError;

/// One open database. Cheap to clone; all clones share the connection.
#[derive(Clone)]
pub struct Db {
    raw: IdbDatabase,
    name: Rc<str>,
    /// Set when the connection closed (another tab upgrades or deletes the database, or the
    /// browser closed it): the next [`LazyDb::get`] opens a new one.
    closed: Rc<Cell<bool>>,
}

type Opening = Shared<LocalBoxFuture<'static, Result<Db, CheckpointError>>>;

thread_local! {
    /// The page's connections, by database name (see [`LazyDb::new`]).
    static SHARED: RefCell<HashMap<String, LazyDb>> = RefCell::new(HashMap::new());
}

/// A database that opens on first use (so constructors stay synchronous in JS).
#[derive(Clone)]
pub struct LazyDb {
    name: Rc<str>,
    opening: Rc<RefCell<Option<Opening>>>,
}

impl LazyDb {
    /// The page's connection to `name`, shared by everything that uses that name here: the
    /// client's records, its checkpoints, an `IndexedDBSaver` of the same name and the lease
    /// locks all go through one connection.
    pub fn new(name: &str) -> Self {
        SHARED.with(|shared| {
            shared
                .borrow_mut()
                .entry(name.to_string())
                .or_insert_with(|| LazyDb::own(name))
                .clone()
        })
    }

    /// A connection of its own (tests playing a second page).
    pub fn own(name: &str) -> Self {
        LazyDb {
            name: name.into(),
            opening: Rc::new(RefCell::new(None)),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The open database; the first call opens (and upgrades) it. A failed open is retried by
    /// the next call, and so is a connection that has closed since.
    pub async fn get(&self) -> Result<Db, CheckpointError> {
        for _ in 0..2 {
            let pending = {
                let mut slot = self
                    .opening
                    .try_borrow_mut()
                    .map_err(|_| CheckpointError::Storage("database handle is busy".into()))?;
                slot.get_or_insert_with(|| open(self.name.to_string()).boxed_local().shared())
                    .clone()
            };
            match pending.await {
                Ok(db) if db.closed.get() => self.forget(),
                Ok(db) => return Ok(db),
                Err(e) => {
                    self.forget();
                    return Err(e);
                }
            }
        }
        Err(CheckpointError::Unavailable(format!(
            "IndexedDB database {:?} closed again as soon as it opened; reload the page",
            self.name
        )))
    }

    fn forget(&self) {
        if let Ok(mut slot) = self.opening.try_borrow_mut() {
            *slot = None;
        }
    }
}

/// Opens `name`, upgrading it to [`SCHEMA_VERSION`].
pub async fn open(name: String) -> Result<Db, CheckpointError> {
    let factory = Factory::new().map_err(|_| {
        CheckpointError::Unavailable("IndexedDB is not available here (private browsing, or not a browser)".into())
    })?;
    let mut request = factory
        .open(&name, Some(SCHEMA_VERSION))
        .map_err(|e| open_failed(&name, &e))?;
    let migration: Rc<RefCell<Option<String>>> = Rc::default();
    let failed = migration.clone();
    request.on_upgrade_needed(move |event| {
        let result = event.database().and_then(|database| {
            let old_version = event.old_version()?;
            let tx = event.target()?.transaction().ok_or(idb::Error::TransactionNotFound)?;
            schema::upgrade(&database, &tx, old_version)
        });
        if let Err(e) = result {
            *failed.borrow_mut() = Some(e.to_string());
        }
    });
    let (blocked_tx, blocked_rx) = futures::channel::oneshot::channel::<()>();
    request.on_blocked(move |_| {
        let _ = blocked_tx.send(());
    });
    let opened = match select(request.into_future(), blocked_rx).await {
        Either::Left((opened, _)) => opened,
        Either::Right((Ok(()), still_opening)) => {
            // Close the connection if it opens later, so it does not block anyone in turn.
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(db) = still_opening.await {
                    db.close();
                }
            });
            return Err(CheckpointError::Blocked(format!(
                "IndexedDB database {name:?} cannot be upgraded to schema version {SCHEMA_VERSION}: another tab \
                 has it open with an older version of the app. Close or reload the other tabs and try again."
            )));
        }
        Either::Right((Err(_), still_opening)) => still_opening.await,
    };
    if let Some(reason) = migration.borrow_mut().take() {
        if let Ok(db) = &opened {
            db.close();
        }
        return Err(CheckpointError::Storage(format!(
            "upgrading IndexedDB database {name:?} failed: {reason}"
        )));
    }
    let database = opened.map_err(|e| open_failed(&name, &e))?;
    let raw: IdbDatabase = database.into();
    let closed = Rc::new(Cell::new(false));
    // Let a newer version of the app (another tab) upgrade the database, or a page delete it:
    // close this connection when asked, and open a new one when next needed.
    let (closing, flag) = (raw.clone(), closed.clone());
    let on_version_change = Closure::<dyn FnMut()>::new(move || {
        flag.set(true);
        closing.close();
    });
    raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    let flag = closed.clone();
    let on_close = Closure::<dyn FnMut()>::new(move || flag.set(true));
    raw.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    on_close.forget();
    Ok(Db {
        raw,
        name: name.into(),
        closed,
    })
}

fn open_failed(name: &str, e: &idb::Error) -> CheckpointError {
    let text = e.to_string();
    if text.contains("VersionError") {
        CheckpointError::Storage(format!(
            "IndexedDB database {name:?} was written by a newer version of the app (schema newer than \
             {SCHEMA_VERSION}); update the page"
        ))
    } else {
        CheckpointError::Unavailable(format!("cannot open IndexedDB database {name:?}: {text}"))
    }
}

/// How a readwrite transaction reports its commit (IndexedDB's `durability` hint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// The browser's default (relaxed in Chromium, see the README's numbers).
    Default,
    /// Committed once the operating system has the data (survives a tab or browser crash).
    Relaxed,
    /// Committed once the data is flushed to disk (also survives power loss), at about twice
    /// the cost per commit in Chromium.
    Strict,
}

impl Db {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Closes the connection (tests; the next `LazyDb::get` opens a new one).
    pub fn close(&self) {
        self.closed.set(true);
        self.raw.close();
    }

    /// A transaction over `stores`. Its requests must all be issued before the first `.await`
    /// that is not one of its own requests (IndexedDB commits a transaction with nothing pending).
    pub fn transaction(&self, stores: &[&str], write: bool) -> Result<Tx, CheckpointError> {
        self.transaction_with(stores, write, Durability::Default)
    }

    /// A transaction with an explicit durability hint (readwrite only; reads ignore it).
    pub fn transaction_with(
        &self,
        stores: &[&str],
        write: bool,
        durability: Durability,
    ) -> Result<Tx, CheckpointError> {
        let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let raw = if write {
            let options = match durability {
                Durability::Default => JsValue::UNDEFINED,
                Durability::Relaxed => super::record::record(&[("durability", "relaxed".into())]),
                Durability::Strict => super::record::record(&[("durability", "strict".into())]),
            };
            self.raw
                .unchecked_ref::<Idb>()
                .transaction_with_options(&names, "readwrite", &options)
        } else {
            self.raw
                .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readonly)
        }
        .map_err(|e| self.failure("starting a transaction", &e))?;
        Ok(Tx {
            tx: idb::Transaction::from(raw.clone()),
            raw,
            db: self.clone(),
            // A read-only transaction has nothing to undo.
            done: !write,
            may_fail: Cell::new(false),
        })
    }

    /// What went wrong, by DOMException name.
    pub(super) fn failure(&self, doing: &str, error: &JsValue) -> CheckpointError {
        let name = Reflect::get(error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        let message = Reflect::get(error, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| format!("{error:?}"));
        let db = &self.name;
        match name.as_str() {
            "QuotaExceededError" => CheckpointError::QuotaExceeded(format!(
                "{doing} in IndexedDB database {db:?}: the browser's storage quota is exhausted ({message}); \
                 nothing of this step was saved. Delete old threads or free space, then retry"
            )),
            "InvalidStateError" => {
                self.closed.set(true);
                CheckpointError::Unavailable(format!(
                    "{doing} in IndexedDB database {db:?}: the connection is closed (another tab upgraded the \
                     database, or the browser closed it); try again, or reload the page ({message})"
                ))
            }
            _ => CheckpointError::Storage(format!("{doing} in IndexedDB database {db:?}: {name}: {message}")),
        }
    }
}

thread_local! {
    /// The error handler of [`Tx::add_if_absent`]'s requests (one for every request).
    static KEEP_GOING: Closure<dyn FnMut(web_sys::Event)> = Closure::new(|event: web_sys::Event| {
        // The key exists: keep what is stored, and let the transaction go on.
        event.prevent_default();
        event.stop_propagation();
    });
}

/// A transaction in flight. A readwrite one is aborted when dropped without [`Tx::commit`].
pub struct Tx {
    tx: idb::Transaction,
    raw: IdbTransaction,
    db: Db,
    /// Committed, or read-only: nothing to abort.
    done: bool,
    /// Some request may fail on purpose (`add_if_absent`), which the transaction survives only
    /// if it is not told to commit early.
    may_fail: Cell<bool>,
}

impl Drop for Tx {
    fn drop(&mut self) {
        if !self.done {
            // Fails harmlessly if the transaction already ended on its own.
            let _ = self.raw.abort();
        }
    }
}

impl Tx {
    pub fn store(&self, name: &str) -> Result<idb::ObjectStore, CheckpointError> {
        self.tx
            .object_store(name)
            .map_err(|e| CheckpointError::Storage(format!("object store {name:?}: {e}")))
    }

    pub fn put(&self, store: &idb::ObjectStore, record: &JsValue) -> Result<(), CheckpointError> {
        // The request's own result is the key; failures surface when the transaction ends.
        store
            .put(record, None)
            .map(drop)
            .map_err(|e| self.op_failed("storing a record", e))
    }

    /// Stores `record` unless its key is already there (then the stored one stays), without
    /// reading first: the request's `ConstraintError` is caught and the transaction goes on.
    pub fn add_if_absent(&self, store: &web_sys::IdbObjectStore, record: &JsValue) -> Result<(), CheckpointError> {
        let request = store.add(record).map_err(|e| self.db.failure("storing a record", &e))?;
        KEEP_GOING.with(|handler| request.set_onerror(Some(handler.as_ref().unchecked_ref())));
        self.may_fail.set(true);
        Ok(())
    }

    pub fn delete(&self, store: &idb::ObjectStore, query: idb::Query) -> Result<(), CheckpointError> {
        store
            .delete(query)
            .map(drop)
            .map_err(|e| self.op_failed("deleting records", e))
    }

    pub fn get(
        &self,
        store: &idb::ObjectStore,
        key: &JsValue,
    ) -> Result<idb::request::GetStoreRequest, CheckpointError> {
        store
            .get(idb::Query::Key(key.clone()))
            .map_err(|e| self.op_failed("reading a record", e))
    }

    pub fn get_all(
        &self,
        store: &idb::ObjectStore,
        query: Option<idb::Query>,
    ) -> Result<idb::request::GetAllStoreRequest, CheckpointError> {
        store
            .get_all(query, None)
            .map_err(|e| self.op_failed("reading records", e))
    }

    /// The records of `store` whose index `index` has the key `key`.
    pub fn get_all_by(
        &self,
        store: &idb::ObjectStore,
        index: &str,
        key: &JsValue,
    ) -> Result<idb::request::GetAllStoreRequest, CheckpointError> {
        store
            .index(index)
            .and_then(|i| i.get_all(Some(idb::Query::Key(key.clone())), None))
            .map_err(|e| self.op_failed("reading records", e))
    }

    fn op_failed(&self, doing: &str, e: idb::Error) -> CheckpointError {
        match e {
            idb::Error::DomException(ex) => self.db.failure(doing, &ex.into()),
            other => CheckpointError::Storage(format!("{doing} in IndexedDB database {:?}: {other}", self.db.name)),
        }
    }

    pub fn request_failed(&self, e: idb::Error) -> CheckpointError {
        if let Some(ex) = self.raw.error() {
            return self.db.failure("reading", &ex.into());
        }
        self.op_failed("reading", e)
    }

    /// Tells the browser that no request follows: a read-only transaction then ends as soon as
    /// its requests are answered rather than a turn later, so a readwrite transaction queued
    /// behind it starts sooner.
    pub fn no_more_requests(&self) {
        // Engines without `commit()` throw; they end the transaction on their own.
        let _ = self.raw.unchecked_ref::<Idb>().commit_now();
    }

    /// Commits and waits until the transaction has; an abort (quota, a failed request) is an
    /// error and none of its writes happened.
    pub async fn commit(mut self, doing: &str) -> Result<(), CheckpointError> {
        self.done = true;
        // Say that no request follows, so the browser need not wait a turn to find out.
        // (Engines without `commit()` throw here, and commit on their own once requests run
        // out; a read-only transaction has nothing to commit.) Not when a request may fail on
        // purpose: once told to commit, the browser aborts on any failed request, as it can no
        // longer wait for the page to say the failure is fine.
        if self.raw.mode().ok() == Some(IdbTransactionMode::Readwrite) && !self.may_fail.get() {
            let _ = self.raw.unchecked_ref::<Idb>().commit_now();
        }
        let raw = self.raw.clone();
        let db = self.db.clone();
        let result = idb::Transaction::from(raw.clone()).await;
        match result {
            Ok(TransactionResult::Committed) => Ok(()),
            Ok(TransactionResult::Aborted) | Err(_) => Err(match raw.error() {
                Some(ex) => db.failure(doing, &ex.into()),
                None => match result {
                    Err(e) => CheckpointError::Storage(format!("{doing} in IndexedDB database {:?}: {e}", db.name)),
                    Ok(_) => CheckpointError::Storage(format!(
                        "{doing} in IndexedDB database {:?}: the transaction was aborted",
                        db.name
                    )),
                },
            }),
        }
    }

    /// Whether requests can still be issued: the transaction has not finished (it finishes once
    /// control goes back to the event loop with nothing pending; microtasks do not end it).
    /// Issuing may still fail if it is inactive; callers fall back to a new transaction.
    pub fn is_open(&self, store: &str) -> bool {
        self.raw.object_store(store).is_ok()
    }

    /// The raw object store, for requests `idb` does not wrap (see [`Tx::add_if_absent`]).
    pub fn raw_store(&self, name: &str) -> Result<web_sys::IdbObjectStore, CheckpointError> {
        self.raw
            .object_store(name)
            .map_err(|e| self.db.failure("opening an object store", &e))
    }
}

/// Deletes the whole database (tests, and "forget everything" in apps).
pub async fn delete_database(name: &str) -> Result<(), CheckpointError> {
    let factory = Factory::new().map_err(|_| CheckpointError::Unavailable("IndexedDB is not available here".into()))?;
    factory
        .delete(name)
        .map_err(|e| CheckpointError::Storage(format!("deleting IndexedDB database {name:?}: {e}")))?
        .await
        .map_err(|e| CheckpointError::Storage(format!("deleting IndexedDB database {name:?}: {e}")))
}
