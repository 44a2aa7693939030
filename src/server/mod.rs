//! The SDK-shaped resources on top of the engine: assistants, threads, runs and the store, with
//! the statuses, multitask strategies and errors the LangGraph server has. Plain Rust: the JS
//! `Client` and the HTTP API are thin layers over `Server`.
//!
//! Runs execute in the background on the host's executor (`Spawn`: `spawn_local` in the
//! browser, a local pool in tests); each keeps an event log that streams and joins read.

mod assistants;
mod error;
mod events;
mod execute;
mod graphs;
#[cfg(target_arch = "wasm32")]
mod idb;
mod messages;
mod persist;
pub mod request;
mod runs;
mod storage;
mod store;
mod threads;
mod tracked;
mod types;
mod wire;

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::LocalBoxFuture;

pub use assistants::AssistantSearch;
pub use error::ServerError;
pub use events::RunEvents;
pub use graphs::{GraphDef, GraphFactory};
#[cfg(target_arch = "wasm32")]
pub use idb::IndexedDbStorage;
pub use messages::MessageModes;
pub use request::{parse_command, RunCreate};
pub use storage::{
    AssistantRecords, Change, LockGuard, ServerStorage, Snapshot, ThreadChange, ThreadLocks, ThreadRecords,
};
pub use store::{Item, NamespaceOptions, SearchOptions, Store};
pub use threads::{HistoryQuery, ThreadCreate, ThreadSearch};
pub use types::*;

use crate::checkpoint::{Checkpointer, MemorySaver};
use crate::graph::CompiledGraph;
use crate::sorted::SortedMap;

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
    /// The thread's status and error when the run was created (what a run refused when it
    /// starts gives back).
    pub prior: Option<(ThreadStatus, Option<serde_json::Value>)>,
}

/// What this page prepared for a run of its own before it starts.
pub(crate) struct PreparedRun {
    /// The graph the run was checked against (built by the graph's factory for its config).
    pub graph: CompiledGraph,
    /// Not to start before this time (µs since the epoch; `after_seconds`).
    pub not_before: Option<u64>,
}

/// Hears which threads changed after each flush.
pub(crate) type Listener = Rc<dyn Fn(Vec<ThreadChange>)>;

pub(crate) struct Inner {
    pub graphs: SortedMap<String, GraphDef>,
    pub checkpointer: Rc<dyn Checkpointer>,
    /// Assistants as they are now (their current version), by id.
    pub assistants: RefCell<tracked::Tracked<String, Assistant>>,
    /// Every version of every assistant, by assistant id and version number.
    pub assistant_versions: RefCell<tracked::Tracked<(String, i64), Assistant>>,
    pub threads: RefCell<tracked::Tracked<String, Thread>>,
    pub runs: RefCell<tracked::Tracked<String, RunEntry>>,
    /// By run id, for this page's runs until they end.
    pub prepared: RefCell<SortedMap<String, PreparedRun>>,
    pub store: Store,
    pub spawner: Rc<dyn Spawn>,
    /// Where assistants, threads, runs and store items persist (`None`: memory only).
    pub storage: Option<Rc<dyn ServerStorage>>,
    pub locks: Option<Rc<dyn ThreadLocks>>,
    pub listener: RefCell<Option<Listener>>,
    /// A background save that failed, reported by the next `flush`.
    pub storage_error: RefCell<Option<ServerError>>,
    /// Handed to every run's nodes (`Runtime::host`): the JS Client's store, say.
    pub host: RefCell<Option<crate::pregel::Host>>,
    /// Stored records that could not be read and were moved aside (see `Server::quarantined`).
    pub quarantined: RefCell<Vec<crate::checkpoint::QuarantinedRecord>>,
}

/// A LangGraph server in process. Cheap to clone.
#[derive(Clone)]
pub struct Server {
    pub(crate) inner: Rc<Inner>,
}

thread_local! {
    static LAST_STAMP: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Now, to the microsecond, and always later than the previous stamp: records made in the
/// same millisecond (the browser's clock resolution) still sort in the order they were made.
pub(crate) fn now() -> String {
    let last = LAST_STAMP.with(|l| l.get());
    let stamp = crate::clock::unix_micros().max(last.saturating_add(1));
    LAST_STAMP.with(|l| l.set(stamp));
    crate::clock::rfc3339_micros(stamp)
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

    /// A server whose assistants, threads, runs and store items also live in `storage` (call
    /// [`Server::load`] before use) and whose runs take `locks` on their threads.
    pub fn with_storage(
        graphs: Vec<(String, CompiledGraph)>,
        checkpointer: Option<Rc<dyn Checkpointer>>,
        spawner: Rc<dyn Spawn>,
        storage: Option<Rc<dyn ServerStorage>>,
        locks: Option<Rc<dyn ThreadLocks>>,
    ) -> Self {
        let graphs = graphs.into_iter().map(|(id, g)| (id, GraphDef::compiled(g))).collect();
        Self::with_graphs(graphs, checkpointer, spawner, storage, locks)
    }

    /// A server for graphs given as [`GraphDef`]s (compiled graphs or factories, with the
    /// default config and context of their system assistants).
    pub fn with_graphs(
        graphs: Vec<(String, GraphDef)>,
        checkpointer: Option<Rc<dyn Checkpointer>>,
        spawner: Rc<dyn Spawn>,
        storage: Option<Rc<dyn ServerStorage>>,
        locks: Option<Rc<dyn ThreadLocks>>,
    ) -> Self {
        let checkpointer: Rc<dyn Checkpointer> = checkpointer.unwrap_or_else(|| Rc::new(MemorySaver::new()));
        let graphs: SortedMap<String, GraphDef> = graphs
            .into_iter()
            .map(|(id, mut def)| {
                if let graphs::GraphSource::Compiled(g) = &def.source {
                    def.source = graphs::GraphSource::Compiled(g.with_checkpointer(checkpointer.clone()));
                }
                (id, def)
            })
            .collect();
        let (mut assistants, mut versions) = (tracked::Tracked::default(), tracked::Tracked::default());
        for assistant in assistants::system_assistants(graphs.iter()) {
            versions.load((assistant.assistant_id.clone(), assistant.version), assistant.clone());
            assistants.load(assistant.assistant_id.clone(), assistant);
        }
        Server {
            inner: Rc::new(Inner {
                graphs,
                checkpointer,
                assistants: RefCell::new(assistants),
                assistant_versions: RefCell::new(versions),
                threads: RefCell::default(),
                runs: RefCell::default(),
                prepared: RefCell::default(),
                store: Store::new(),
                spawner,
                storage,
                locks,
                listener: RefCell::new(None),
                storage_error: RefCell::new(None),
                host: RefCell::new(None),
                quarantined: RefCell::default(),
            }),
        }
    }

    /// Attaches `host` to every run this server starts (see [`crate::pregel::Host`]).
    pub fn set_host(&self, host: Option<crate::pregel::Host>) {
        *self.inner.host.borrow_mut() = host;
    }

    /// The key-value store (`client.store`).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }
}
