//! IndexedDB persistence (browsers; Node with an IndexedDB polyfill such as `fake-indexeddb`).

mod db;
mod saver;

pub use db::{data as record_data, field as record_field, json as record_json, key, prefix_range, record, stores};
pub use db::{open, Db, LazyDb, Tx, SCHEMA_VERSION};
pub use saver::{delete_database, IndexedDbSaver};
