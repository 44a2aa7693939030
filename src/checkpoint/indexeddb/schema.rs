//! The schema of the IndexedDB database, in one place: every object store (the checkpointer's
//! and the client's), its key path and indexes, and the migrations from each older version.
//! The saver (`saver.rs`), the client's records (`server/idb.rs`), the quarantine and the lease
//! locks all name their stores through [`stores`]; nothing else creates or changes stores.
//!
//! Migrations are code: [`MIGRATIONS`] lists what each version added, and [`upgrade`] runs
//! them inside IndexedDB's upgrade transaction, so a failed upgrade leaves the database at its
//! old version. Each migration only adds what is missing, and all of them run on every upgrade
//! (not only those above the old version): a database can claim a version without having its
//! stores (`indexedDB.open(name)` without a version creates an empty version-1 database, as the
//! lease fallback of `lib/locks.js` once did), and such a database must still end up complete.
//! A future migration that rewrites records would check `old_version` instead.
//!
//! It does not read or write records (see `record.rs`, `saver.rs`, `server/idb.rs`).

use idb::{KeyPath, ObjectStoreParams};
use wasm_bindgen::JsValue;

use super::record::record;

/// The schema this code writes. Older databases are upgraded when opened.
pub const SCHEMA_VERSION: u32 = 6;

/// Object store names.
pub mod stores {
    /// Checkpoint rows: parent id, versions, metadata, and the small channel values (since
    /// version 5; see `rows.rs`).
    pub const CHECKPOINTS: &str = "checkpoints";
    /// One channel value at one version (those too large for the row, since version 5).
    pub const BLOBS: &str = "blobs";
    /// Pending writes of tasks, against the checkpoint they ran on: one record per write, or
    /// per task (since version 6; a task's writes saved with their checkpoint are in its row).
    pub const WRITES: &str = "writes";
    /// The client's threads, runs, assistants (as they are now) and store items.
    pub const THREADS: &str = "threads";
    pub const RUNS: &str = "runs";
    pub const ASSISTANTS: &str = "assistants";
    /// Every version of the client's assistants, by assistant id and version number.
    pub const ASSISTANT_VERSIONS: &str = "assistant_versions";
    pub const STORE_ITEMS: &str = "store_items";
    /// The schema record and lease locks.
    pub const META: &str = "meta";
    /// Records that could not be read, moved aside with what failed and when.
    pub const QUARANTINE: &str = "quarantine";
}

/// Index names.
pub mod indexes {
    /// `runs` by `thread_id` (a thread's runs without reading every run).
    pub const RUNS_BY_THREAD: &str = "by_thread";
}

/// One object store: its name and key path (an array of field names).
struct Store {
    name: &'static str,
    key_path: &'static [&'static str],
}

/// One index of a store.
struct Index {
    store: &'static str,
    name: &'static str,
    key_path: &'static str,
}

/// What one schema version added.
pub struct Migration {
    pub version: u32,
    /// For the record (and the tests): what the version is for.
    pub adds: &'static str,
    stores: &'static [Store],
    indexes: &'static [Index],
}

/// Every schema version, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        adds: "the checkpointer's stores",
        stores: &[
            Store {
                name: stores::CHECKPOINTS,
                key_path: &["thread_id", "checkpoint_ns", "checkpoint_id"],
            },
            Store {
                name: stores::BLOBS,
                key_path: &["thread_id", "checkpoint_ns", "channel", "version"],
            },
            Store {
                name: stores::WRITES,
                key_path: &["thread_id", "checkpoint_ns", "checkpoint_id", "task_id", "idx"],
            },
        ],
        indexes: &[],
    },
    Migration {
        version: 2,
        adds: "the client's threads, runs, assistants and store items, and the meta store",
        stores: &[
            Store {
                name: stores::THREADS,
                key_path: &["thread_id"],
            },
            Store {
                name: stores::RUNS,
                key_path: &["run_id"],
            },
            Store {
                name: stores::ASSISTANTS,
                key_path: &["assistant_id"],
            },
            Store {
                name: stores::STORE_ITEMS,
                key_path: &["namespace", "key"],
            },
            Store {
                name: stores::META,
                key_path: &["key"],
            },
        ],
        indexes: &[],
    },
    Migration {
        version: 3,
        adds: "the quarantine store, and runs indexed by thread",
        stores: &[Store {
            name: stores::QUARANTINE,
            key_path: &["quarantined_at", "store", "key_text"],
        }],
        indexes: &[Index {
            store: stores::RUNS,
            name: indexes::RUNS_BY_THREAD,
            key_path: "thread_id",
        }],
    },
    Migration {
        version: 4,
        // Version 2 created `assistants` but nothing wrote to it: it is used as it is, for the
        // current version of each assistant. Versions get a store of their own, so that an
        // update writes its new version and not every older one again.
        adds: "the assistant versions store",
        stores: &[Store {
            name: stores::ASSISTANT_VERSIONS,
            key_path: &["assistant_id", "version"],
        }],
        indexes: &[],
    },
    Migration {
        version: 5,
        // No store changes: checkpoint rows written from this version on hold their small
        // values, which code of an earlier version would not read (it would take them for
        // missing). The version number keeps such code from opening the database.
        adds: "small channel values inside checkpoint rows",
        stores: &[],
        indexes: &[],
    },
    Migration {
        version: 6,
        // No store changes: a task's writes are stored together from this version on (in the
        // row of the checkpoint saved with them, or in one record; see `rows.rs`), which code
        // of an earlier version would not find.
        adds: "a task's writes stored together",
        stores: &[],
        indexes: &[],
    },
];

/// Brings a database at `old_version` to [`SCHEMA_VERSION`]: runs inside the upgrade
/// transaction `tx` (the only place stores and indexes can be created), and records the new
/// version in `meta`.
pub fn upgrade(database: &idb::Database, tx: &idb::Transaction, old_version: u32) -> Result<(), idb::Error> {
    for migration in MIGRATIONS {
        let existing = database.store_names();
        for store in migration.stores {
            if !existing.iter().any(|e| e == store.name) {
                let mut params = ObjectStoreParams::new();
                params.key_path(Some(KeyPath::new_array(store.key_path.iter().copied())));
                database.create_object_store(store.name, params)?;
            }
        }
        for index in migration.indexes {
            let store = tx.object_store(index.store)?;
            if !store.index_names().iter().any(|n| n == index.name) {
                store.create_index(index.name, KeyPath::new_single(index.key_path), None)?;
            }
        }
    }
    let schema = record(&[
        ("key", "schema".into()),
        ("version", SCHEMA_VERSION.into()),
        ("library", "langgraph-wasm".into()),
        ("migrated_from", JsValue::from(old_version)),
    ]);
    tx.object_store(stores::META)?.put(&schema, None)?;
    Ok(())
}
