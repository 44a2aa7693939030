//! Where the server's own records (assistants, threads, runs, store items) live besides memory,
//! and the cross-tab thread locks. Both are optional: a `Server` without them is the in-memory server
//! of Node scripts and tests; the browser client plugs in IndexedDB and Web Locks.

use async_trait::async_trait;

use super::{Assistant, Item, Run, ServerError, Thread};
use crate::checkpoint::{CheckpointError, QuarantinedRecord};

/// Everything stored, as read when the server opens.
#[derive(Default)]
pub struct Snapshot {
    /// Assistants as they are now (their current version).
    pub assistants: Vec<Assistant>,
    /// Every version of every assistant (each a whole assistant, its `version` set).
    pub assistant_versions: Vec<Assistant>,
    pub threads: Vec<Thread>,
    pub runs: Vec<Run>,
    pub items: Vec<Item>,
    /// Records this load could not read, moved to the quarantine (the others loaded).
    pub quarantined: Vec<QuarantinedRecord>,
    /// Records earlier loads moved to the quarantine, still there.
    pub quarantined_before: Vec<QuarantinedRecord>,
}

/// One thread and its runs, as storage has them now.
#[derive(Default)]
pub struct ThreadRecords {
    pub thread: Option<Thread>,
    pub runs: Vec<Run>,
    /// Records of the thread that could not be read, moved to the quarantine.
    pub quarantined: Vec<QuarantinedRecord>,
}

/// One assistant and its versions, as storage has them now.
#[derive(Default)]
pub struct AssistantRecords {
    pub assistant: Option<Assistant>,
    pub versions: Vec<Assistant>,
    /// Records of the assistant that could not be read, moved to the quarantine.
    pub quarantined: Vec<QuarantinedRecord>,
}

/// One record to write (`Some`) or delete (`None`).
#[derive(Debug, Clone)]
pub enum Change {
    /// An assistant as it is now; deleting it deletes every stored version of it too.
    Assistant(String, Option<Assistant>),
    /// One version of an assistant, by assistant id and version number.
    AssistantVersion((String, i64), Option<Assistant>),
    Thread(String, Option<Thread>),
    Run(String, Option<Run>),
    Item((Vec<String>, String), Option<Item>),
}

#[async_trait(?Send)]
pub trait ServerStorage {
    /// Every record. One that cannot be read does not fail the load: it is left out (and
    /// reported in `Snapshot::quarantined`). So is an assistant version whose assistant record
    /// is missing or cannot be read (nothing could reach it).
    async fn load(&self) -> Result<Snapshot, CheckpointError>;
    /// One thread and its runs, as storage has them now (another tab may have changed them).
    async fn load_thread(&self, thread_id: &str) -> Result<ThreadRecords, CheckpointError>;
    /// One assistant and its versions, as storage has them now (another tab may have changed
    /// them).
    async fn load_assistant(&self, assistant_id: &str) -> Result<AssistantRecords, CheckpointError>;
    /// Writes all `changes` in one transaction: all or nothing, except that a record storage
    /// could never read back is left out, and reported (`CheckpointError::TooDeep`) once the
    /// others are written.
    async fn save(&self, changes: &[Change]) -> Result<(), CheckpointError>;
}

/// Releases its lock when dropped.
pub struct LockGuard(Option<Box<dyn FnOnce()>>);

impl LockGuard {
    pub fn new(release: impl FnOnce() + 'static) -> Self {
        LockGuard(Some(Box::new(release)))
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            release();
        }
    }
}

/// Locks that keep two tabs (or processes) from running the same thread at once.
#[async_trait(?Send)]
pub trait ThreadLocks {
    /// The thread's lock if nobody holds it, else `None`.
    async fn try_lock(&self, thread_id: &str) -> Result<Option<LockGuard>, ServerError>;
    /// Waits for the thread's lock.
    async fn lock(&self, thread_id: &str) -> Result<LockGuard, ServerError>;
}

/// What changed about a thread, for listeners (other tabs, the page's UI).
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadChange {
    pub thread_id: String,
    /// `None` when the thread was deleted.
    pub status: Option<super::ThreadStatus>,
}
