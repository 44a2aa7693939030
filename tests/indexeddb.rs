//! The IndexedDB layer in real browsers (`wasm-pack test --headless --chrome` / `--firefox`,
//! see the Makefile's `browser-test`), one file per concept of `src/checkpoint/indexeddb`:
//! the schema and its migrations, the saver (the shared saver suite, graphs, corrupt rows),
//! record depth, the quarantine of the client's records, and the lease locks.
#![cfg(target_arch = "wasm32")]

mod saver_suite;

#[path = "indexeddb/depth.rs"]
mod depth;
#[path = "indexeddb/lease.rs"]
mod lease;
#[path = "indexeddb/quarantine.rs"]
mod quarantine;
#[path = "indexeddb/saver.rs"]
mod saver;
#[path = "indexeddb/schema.rs"]
mod schema;
#[path = "indexeddb/support.rs"]
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
