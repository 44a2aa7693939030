//! Records as IndexedDB stores them, and keys. Every record is a small JS object: its key
//! fields (the store's key path) plus `data`, the record's JSON text. JSON text crosses the
//! wasm boundary as one string, much cheaper than building nested JS objects.
//!
//! Writing checks depth (`checkpoint::depth`): a record that would not read back is refused
//! before anything of its transaction is written. Reading a record that does not parse is a
//! `CorruptRecordError` naming it; what the caller does with one is its choice (the saver
//! reports it when the record's thread is read, the client's records are quarantined).

use js_sys::{Object, Reflect};
use serde_json::Value;
use wasm_bindgen::JsValue;

use crate::checkpoint::depth;
use crate::checkpoint::CheckpointError;

/// A key (an array of strings).
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
pub fn data_json(record: &JsValue, what: &dyn Fn() -> String) -> Result<Value, CheckpointError> {
    let text = field(record, "data").ok_or_else(|| CheckpointError::Corrupt(format!("{}: no data field", what())))?;
    serde_json::from_str(&text).map_err(|e| CheckpointError::Corrupt(format!("{}: {e}", what())))
}

/// The record's JSON `data` read as a `T`. Parsed as a `Value` first, then read from it: a
/// type's fields read from a `Value` take a fraction of the code that reading them from text
/// does, and `Checkpoint` is read from a `Value` elsewhere anyway (the checkpoint rows and the
/// server's records this way: 19 KB of wasm, 8 KB gzipped). Strings move, they are not copied.
pub fn data<T: serde::de::DeserializeOwned>(record: &JsValue, what: &dyn Fn() -> String) -> Result<T, CheckpointError> {
    serde_json::from_value(data_json(record, what)?).map_err(|e| CheckpointError::Corrupt(format!("{}: {e}", what())))
}

/// JSON text of `value` for a record's `data`, refused if it would nest deeper than `limit`
/// (`depth::MAX_RECORD_DEPTH` for a whole record, `depth::MAX_VALUE_DEPTH` for a value that
/// other records will wrap).
pub fn json<T: serde::Serialize + ?Sized>(
    value: &T,
    limit: usize,
    what: &dyn Fn() -> String,
) -> Result<JsValue, CheckpointError> {
    json_text(value, limit, what).map(|text| JsValue::from_str(&text))
}

/// [`json`]'s text, before it becomes a JS string (for callers that look at it first).
pub fn json_text<T: serde::Serialize + ?Sized>(
    value: &T,
    limit: usize,
    what: &dyn Fn() -> String,
) -> Result<String, CheckpointError> {
    let text =
        serde_json::to_string(value).map_err(|e| CheckpointError::Storage(format!("serialising {}: {e}", what())))?;
    depth::check(&text, limit, what)?;
    Ok(text)
}

/// A key as JSON text, for messages and the quarantine.
pub fn key_text(key: &JsValue) -> String {
    js_sys::JSON::stringify(key)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{key:?}"))
}
