//! The SDK-shaped resources on top of the engine: assistants, threads, runs and the store, with
//! the statuses, multitask strategies and errors the LangGraph server has. Plain Rust: the JS
//! `Client` and the HTTP API are thin layers over `Server`.
//!
//! Runs execute in the background on the host's executor (`Spawn`: `spawn_local` in the
//! browser, a local pool in tests); each keeps an event log that streams and joins read.

mod assistants;
mod error;
mod events;
#[cfg(target_arch = "wasm32")]
mod idb;
mod persist;
mod runs;
mod storage;
mod store;
mod threads;
mod tracked;
mod types;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;

pub use assistants::AssistantSearch;
pub use error::ServerError;
pub use events::RunEvents;
#[cfg(target_arch = "wasm32")]
pub use idb::IndexedDbStorage;
pub use runs::parse_command;
pub use storage::{Change, LockGuard, ServerStorage, Snapshot, ThreadChange, ThreadLocks, ThreadRecords};
pub use store::{Item, NamespaceOptions, SearchOptions, Store};
pub use threads::{HistoryQuery, ThreadCreate, ThreadSearch};
pub use types::*;

use crate::checkpoint::{Checkpointer, MemorySaver};
use crate::graph::CompiledGraph;

/// Runs futures in the background on the current thread.
pub trait Spawn {
    fn spawn(&self, future: LocalBoxFuture<'static, ()>);
}

/// Spawns on the browser's (or Node's) microtask queue.
#[cfg(target_arch = "wasm32")]
pub struct BrowserSpawner;

#[cfg(target_arch = "wasm32")]
impl Spawn for BrowserSpawner {
    fn spawn(&self, future: LocalBoxFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(future);
    }
}

impl Spawn for futures::executor::LocalSpawner {
    fn spawn(&self, future: LocalBoxFuture<'static, ()>) {
        use futures::task::LocalSpawnExt;
        // A spawn only fails once the pool is gone; then there is nothing left to run it.
        let _ = self.spawn_local(future);
    }
}

pub(crate) struct RunEntry {
    pub run: Run,
    pub request: RunCreate,
    pub log: events::RunLog,
    pub abort: Option<futures::future::AbortHandle>,
    /// The thread's head checkpoint when the run started (what `rollback` returns to).
    pub start_checkpoint: Option<String>,
    /// The cross-tab lock of the run's thread, held while the run is in flight.
    pub lock: Option<LockGuard>,
    /// Read from storage: started by another page (alive or gone), not by this one.
    pub foreign: bool,
}

/// Hears which threads changed after each flush.
pub(crate) type Listener = Rc<dyn Fn(Vec<ThreadChange>)>;

pub(crate) struct Inner {
    pub graphs: BTreeMap<String, CompiledGraph>,
    pub checkpointer: Rc<dyn Checkpointer>,
    pub assistants: BTreeMap<String, Assistant>,
    pub threads: RefCell<tracked::Tracked<String, Thread>>,
    pub runs: RefCell<tracked::Tracked<String, RunEntry>>,
    pub store: Store,
    pub spawner: Rc<dyn Spawn>,
    /// Where threads, runs and store items persist (`None`: memory only).
    pub storage: Option<Rc<dyn ServerStorage>>,
    pub locks: Option<Rc<dyn ThreadLocks>>,
    pub listener: RefCell<Option<Listener>>,
    /// A background save that failed, reported by the next `flush`.
    pub storage_error: RefCell<Option<ServerError>>,
    /// Stored records that could not be read and were moved aside (see `Server::quarantined`).
    pub quarantined: RefCell<Vec<crate::checkpoint::QuarantinedRecord>>,
}

/// A LangGraph server in process. Cheap to clone.
#[derive(Clone)]
pub struct Server {
    pub(crate) inner: Rc<Inner>,
}

thread_local! {
    static LAST_STAMP: std::cell::Cell<Option<chrono::DateTime<chrono::Utc>>> = const { std::cell::Cell::new(None) };
}

/// Now, to the microsecond, and always later than the previous stamp: records made in the
/// same millisecond (the browser's clock resolution) still sort in the order they were made.
pub(crate) fn now() -> String {
    use chrono::{SubsecRound, TimeDelta};
    let mut stamp = chrono::Utc::now().trunc_subsecs(6);
    if let Some(last) = LAST_STAMP.with(|l| l.get()) {
        if stamp <= last {
            stamp = last.checked_add_signed(TimeDelta::microseconds(1)).unwrap_or(last);
        }
    }
    LAST_STAMP.with(|l| l.set(Some(stamp)));
    stamp.to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

pub(crate) fn new_id() -> String {
    crate::random::uuid_v4().to_string()
}

impl Server {
    /// A server for `graphs` (graph id → compiled graph). Every graph saves to `checkpointer`
    /// (a memory saver when `None`), whatever it was compiled with.
    pub fn new(
        graphs: Vec<(String, CompiledGraph)>,
        checkpointer: Option<Rc<dyn Checkpointer>>,
        spawner: Rc<dyn Spawn>,
    ) -> Self {
        Self::with_storage(graphs, checkpointer, spawner, None, None)
    }

    /// A server whose threads, runs and store items also live in `storage` (call
    /// [`Server::load`] before use) and whose runs take `locks` on their threads.
    pub fn with_storage(
        graphs: Vec<(String, CompiledGraph)>,
        checkpointer: Option<Rc<dyn Checkpointer>>,
        spawner: Rc<dyn Spawn>,
        storage: Option<Rc<dyn ServerStorage>>,
        locks: Option<Rc<dyn ThreadLocks>>,
    ) -> Self {
        let checkpointer: Rc<dyn Checkpointer> = checkpointer.unwrap_or_else(|| Rc::new(MemorySaver::new()));
        let graphs: BTreeMap<String, CompiledGraph> = graphs
            .into_iter()
            .map(|(id, g)| (id, g.with_checkpointer(checkpointer.clone())))
            .collect();
        let assistants = assistants::system_assistants(&graphs);
        Server {
            inner: Rc::new(Inner {
                graphs,
                checkpointer,
                assistants,
                threads: RefCell::default(),
                runs: RefCell::default(),
                store: Store::new(),
                spawner,
                storage,
                locks,
                listener: RefCell::new(None),
                storage_error: RefCell::new(None),
                quarantined: RefCell::default(),
            }),
        }
    }

    /// The key-value store (`client.store`).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }
}
