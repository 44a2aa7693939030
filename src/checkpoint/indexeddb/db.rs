//! The IndexedDB database behind the saver and the client: opening it, its schema and
//! migrations, transactions, and turning IndexedDB's failures into named errors.
//!
//! Every record is a small JS object: its key fields (the store's key path) plus `data`, the
//! record's JSON text. JSON text crosses the wasm boundary as one string, much cheaper than
//! building nested JS objects, and a record that does not parse is reported as corrupt
//! without hiding the others.

use futures::future::{select, Either, LocalBoxFuture, Shared};
use futures::FutureExt;
use std::cell::RefCell;
use std::future::IntoFuture;
use std::rc::Rc;

use idb::{DatabaseEvent, Factory, KeyPath, ObjectStoreParams, TransactionResult};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbTransaction, IdbTransactionMode};

use crate::checkpoint::CheckpointError;

/// The schema this code writes. Older databases are upgraded when opened; see [`upgrade`].
pub const SCHEMA_VERSION: u32 = 2;

/// Object store names.
pub mod stores {
    pub const CHECKPOINTS: &str = "checkpoints";
    pub const BLOBS: &str = "blobs";
    pub const WRITES: &str = "writes";
    pub const THREADS: &str = "threads";
    pub const RUNS: &str = "runs";
    pub const ASSISTANTS: &str = "assistants";
    pub const STORE_ITEMS: &str = "store_items";
    pub const META: &str = "meta";
}

/// The key path of each store (schema version 2; the first three came with version 1).
const LAYOUT: &[(&str, &[&str])] = &[
    (stores::CHECKPOINTS, &["thread_id", "checkpoint_ns", "checkpoint_id"]),
    (stores::BLOBS, &["thread_id", "checkpoint_ns", "channel", "version"]),
    (
        stores::WRITES,
        &["thread_id", "checkpoint_ns", "checkpoint_id", "task_id", "idx"],
    ),
    (stores::THREADS, &["thread_id"]),
    (stores::RUNS, &["run_id"]),
    (stores::ASSISTANTS, &["assistant_id"]),
    (stores::STORE_ITEMS, &["namespace", "key"]),
    (stores::META, &["key"]),
];

/// Creates what each schema version added. Runs inside the upgrade
/// transaction, so a failed migration leaves the database at its old version.
///
/// - v1: `checkpoints`, `blobs`, `writes` (the checkpointer alone).
/// - v2: `threads`, `runs`, `assistants`, `store_items` (the client's resources) and `meta`,
///   whose `schema` record names the version and the library that wrote it.
fn upgrade(database: &idb::Database) -> Result<(), idb::Error> {
    let existing = database.store_names();
    // Every store the database lacks: those added after `old_version`, and any an older writer
    // (or a page that opened the database without a version) left out.
    for (name, key_path) in LAYOUT {
        if !existing.iter().any(|e| e == name) {
            let mut params = ObjectStoreParams::new();
            params.key_path(Some(KeyPath::new_array(key_path.iter().copied())));
            database.create_object_store(name, params)?;
        }
    }
    Ok(())
}

/// One open database. Cheap to clone; all clones share the connection.
#[derive(Clone)]
pub struct Db {
    raw: IdbDatabase,
    name: Rc<str>,
}

type Opening = Shared<LocalBoxFuture<'static, Result<Db, CheckpointError>>>;

/// A database that opens on first use (so constructors stay synchronous in JS) and is shared
/// by everything that uses the same name in this page.
#[derive(Clone)]
pub struct LazyDb {
    name: Rc<str>,
    opening: Rc<RefCell<Option<Opening>>>,
}

impl LazyDb {
    pub fn new(name: &str) -> Self {
        LazyDb {
            name: name.into(),
            opening: Rc::new(RefCell::new(None)),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The open database; the first call opens (and upgrades) it. A failed open is retried
    /// by the next call.
    pub async fn get(&self) -> Result<Db, CheckpointError> {
        let pending = {
            let mut slot = self
                .opening
                .try_borrow_mut()
                .map_err(|_| CheckpointError::Storage("database handle is busy".into()))?;
            slot.get_or_insert_with(|| open(self.name.to_string()).boxed_local().shared())
                .clone()
        };
        let result = pending.await;
        if result.is_err() {
            if let Ok(mut slot) = self.opening.try_borrow_mut() {
                *slot = None;
            }
        }
        result
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
        let result = event.database().and_then(|db| upgrade(&db));
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
        return Err(CheckpointError::Storage(format!(
            "upgrading IndexedDB database {name:?} failed: {reason}"
        )));
    }
    let database = opened.map_err(|e| open_failed(&name, &e))?;
    let raw: IdbDatabase = database.into();
    // Let a newer version of the app (another tab) upgrade the database: close this connection
    // when asked; later operations here then fail with a clear "closed" error.
    let closing = raw.clone();
    let on_version_change = Closure::<dyn FnMut()>::new(move || closing.close());
    raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    let db = Db { raw, name: name.into() };
    db.write_schema_record().await?;
    Ok(db)
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

impl Db {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Closes the connection (tests; a closed database cannot be used again).
    pub fn close(&self) {
        self.raw.close();
    }

    /// A transaction over `stores`. Its requests must all be issued before the first `.await`
    /// that is not one of its own requests (IndexedDB commits a transaction with nothing pending).
    pub fn transaction(&self, stores: &[&str], write: bool) -> Result<Tx, CheckpointError> {
        let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let mode = if write {
            IdbTransactionMode::Readwrite
        } else {
            IdbTransactionMode::Readonly
        };
        let raw = self
            .raw
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| self.failure("starting a transaction", &e))?;
        Ok(Tx {
            tx: idb::Transaction::from(raw.clone()),
            raw,
            db: self.clone(),
        })
    }

    /// What went wrong, by DOMException name.
    fn failure(&self, doing: &str, error: &JsValue) -> CheckpointError {
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
            "InvalidStateError" => CheckpointError::Unavailable(format!(
                "{doing} in IndexedDB database {db:?}: the connection is closed (another tab upgraded the \
                 database, or the browser closed it); reload the page ({message})"
            )),
            _ => CheckpointError::Storage(format!("{doing} in IndexedDB database {db:?}: {name}: {message}")),
        }
    }

    /// Writes the `meta` schema record if it is missing or older.
    async fn write_schema_record(&self) -> Result<(), CheckpointError> {
        let tx = self.transaction(&[stores::META], true)?;
        let store = tx.store(stores::META)?;
        let current = tx
            .get(&store, &key(&["schema"]))?
            .await
            .map_err(|e| tx.request_failed(e))?;
        let version = current
            .as_ref()
            .and_then(|r| Reflect::get(r, &"version".into()).ok())
            .and_then(|v| v.as_f64());
        if version != Some(f64::from(SCHEMA_VERSION)) {
            let record = record(&[
                ("key", "schema".into()),
                ("version", SCHEMA_VERSION.into()),
                ("library", "langgraph-wasm".into()),
            ]);
            tx.put(&store, &record)?;
        }
        tx.commit("writing the schema record").await
    }
}

/// A transaction in flight.
pub struct Tx {
    tx: idb::Transaction,
    raw: IdbTransaction,
    db: Db,
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

    /// The newest record in `range` (by key), if any.
    pub async fn last(&self, store: &idb::ObjectStore, range: idb::Query) -> Result<Option<JsValue>, CheckpointError> {
        let cursor = store
            .open_cursor(Some(range), Some(idb::CursorDirection::Prev))
            .map_err(|e| self.op_failed("reading records", e))?
            .await
            .map_err(|e| self.request_failed(e))?;
        match cursor {
            Some(cursor) => cursor.value().map(Some).map_err(|e| self.request_failed(e)),
            None => Ok(None),
        }
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

    /// Waits until the transaction commits; an abort (quota, a failed request) is an error and
    /// none of its writes happened.
    pub async fn commit(self, doing: &str) -> Result<(), CheckpointError> {
        let raw = self.raw.clone();
        let db = self.db.clone();
        let result = self.tx.await;
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
}

/// A key (an array of strings and numbers).
pub fn key(parts: &[&str]) -> JsValue {
    parts
        .iter()
        .map(|p| JsValue::from_str(p))
        .collect::<js_sys::Array>()
        .into()
}

/// Every key that starts with `prefix` (IndexedDB orders arrays after strings and numbers, so
/// `[...prefix, []]` is above every key that extends `prefix`).
pub fn prefix_range(prefix: &[JsValue]) -> Result<idb::Query, CheckpointError> {
    let lower: js_sys::Array = prefix.iter().cloned().collect();
    let upper: js_sys::Array = prefix.iter().cloned().collect();
    upper.push(&js_sys::Array::new());
    idb::KeyRange::bound(&lower, &upper, Some(false), Some(true))
        .map(idb::Query::KeyRange)
        .map_err(|e| CheckpointError::Storage(format!("bad key range: {e}")))
}

/// A plain JS object from fields.
pub fn record(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

/// A string field of a record.
pub fn field(record: &JsValue, name: &str) -> Option<String> {
    Reflect::get(record, &JsValue::from_str(name)).ok()?.as_string()
}

/// The record's JSON `data`, parsed. Unreadable data is a `Corrupt` error naming the record.
pub fn data<T: serde::de::DeserializeOwned>(record: &JsValue, what: &str) -> Result<T, CheckpointError> {
    let text = field(record, "data").ok_or_else(|| CheckpointError::Corrupt(format!("{what}: no data field")))?;
    serde_json::from_str(&text).map_err(|e| CheckpointError::Corrupt(format!("{what}: {e}")))
}

/// JSON text of `value` (our own types always serialise).
pub fn json<T: serde::Serialize>(value: &T) -> Result<JsValue, CheckpointError> {
    serde_json::to_string(value)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| CheckpointError::Storage(format!("serialising a record: {e}")))
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
