//! IndexedDB persistence (browsers; Node with an IndexedDB polyfill such as `fake-indexeddb`):
//! the one database a page keeps its checkpoints and its client's records in.
//!
//! - `schema`: every store and index, and the migrations between versions;
//! - `db`: the page's connection, transactions, IndexedDB's failures as named errors;
//! - `record`: how records and keys look, and the depth check that keeps them readable;
//! - `rows`: the checkpointer's records (rows, blobs, writes), written and read back;
//! - `saver`: the `Checkpointer` (one readwrite transaction per superstep);
//! - `quarantine`: records that cannot be read, moved aside so the others load;
//! - `lease`: the lease locks of pages without Web Locks (`lib/locks.js`).
//!
//! The client's own records (threads, runs, store items) are read and written by
//! `server/idb.rs`, through the same schema and connection.

mod db;
pub mod lease;
pub mod quarantine;
mod record;
mod rows;
mod saver;
pub mod schema;

pub use db::{delete_database, open, Db, Durability, LazyDb, Tx};
pub use record::{
    data as record_data, field as record_field, json as record_json, key, key_text, prefix_range, record,
};
pub use saver::IndexedDbSaver;
pub use schema::{stores, SCHEMA_VERSION};
