//! The quarantine: records of the client's stores (threads, runs, store items) that cannot be
//! read are moved here, with what failed and when, in the same transaction that removes them
//! from their store. Why move rather than skip: a record left in place fails every later load
//! again and stays in the way of its key; moved, it is out of the way, still kept whole for
//! whoever repairs it, and listed (`client.quarantined`) until someone deletes it.
//!
//! Checkpoint rows, blobs and writes are never moved: without its newest row a thread would
//! silently continue from an older checkpoint, and without a blob it would silently lose a
//! value. They stay, and reading their thread is a `CorruptRecordError` naming the record.

use std::future::IntoFuture;

use wasm_bindgen::JsValue;

use super::db::Tx;
use super::record::{field, key_text, record};
use super::schema::stores;
use crate::checkpoint::{CheckpointError, QuarantinedRecord};

/// Issues, in `tx` (over `store` and the quarantine), the requests that move `value`, found in
/// `store` under `key` and unreadable because of `error`, to the quarantine, as moved at `at`
/// (one time for everything a transaction moves).
pub fn quarantine(
    tx: &Tx,
    at: &str,
    store: &str,
    key: &JsValue,
    value: &JsValue,
    error: &CheckpointError,
) -> Result<QuarantinedRecord, CheckpointError> {
    let moved = QuarantinedRecord {
        store: store.to_string(),
        key: key_text(key),
        error: error.to_string(),
        quarantined_at: at.to_string(),
    };
    let entry = record(&[
        ("quarantined_at", moved.quarantined_at.as_str().into()),
        ("store", store.into()),
        ("key_text", moved.key.as_str().into()),
        ("key", key.clone()),
        ("error", moved.error.as_str().into()),
        ("error_name", error.name().into()),
        ("record", value.clone()),
    ]);
    tx.put(&tx.store(stores::QUARANTINE)?, &entry)?;
    tx.delete(&tx.store(store)?, idb::Query::Key(key.clone()))?;
    Ok(moved)
}

/// Asks, in `tx` (over the quarantine), for every quarantined record, oldest first.
pub fn request_list(
    tx: &Tx,
) -> Result<impl std::future::Future<Output = Result<Vec<QuarantinedRecord>, idb::Error>>, CheckpointError> {
    let all = tx.get_all(&tx.store(stores::QUARANTINE)?, None)?.into_future();
    Ok(async move {
        let entries = all.await?;
        Ok(entries
            .iter()
            .map(|entry| QuarantinedRecord {
                store: field(entry, "store").unwrap_or_default(),
                key: field(entry, "key_text").unwrap_or_default(),
                error: field(entry, "error").unwrap_or_default(),
                quarantined_at: field(entry, "quarantined_at").unwrap_or_default(),
            })
            .collect())
    })
}
