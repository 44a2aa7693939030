//! `FakeStorage`: the server's records in memory, shared by the "pages" (servers) of a test, as
//! IndexedDB is shared by the tabs of a browser.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use langgraph_wasm::checkpoint::{CheckpointError, QuarantinedRecord};
use langgraph_wasm::server::{
    Assistant, AssistantRecords, Change, Item, Run, ServerStorage, Snapshot, Thread, ThreadRecords,
};

/// Storage in memory; `fail` makes saves fail like a full disk. `unreadable` records are what
/// the next load finds it cannot read: it reports them as quarantined (then they stay listed as
/// quarantined before); `too_deep` thread ids are records it could never hold (left out of a
/// save, which then reports it). It holds what it is given, as it is given: unlike IndexedDB it
/// does not leave out a version whose assistant is gone (the server has to cope).
#[derive(Default)]
pub struct FakeStorage {
    pub assistants: RefCell<BTreeMap<String, Assistant>>,
    pub versions: RefCell<BTreeMap<(String, i64), Assistant>>,
    pub threads: RefCell<BTreeMap<String, Thread>>,
    pub runs: RefCell<BTreeMap<String, Run>>,
    pub items: RefCell<BTreeMap<(Vec<String>, String), Item>>,
    pub fail: Cell<bool>,
    pub unreadable: RefCell<Vec<QuarantinedRecord>>,
    pub quarantine: RefCell<Vec<QuarantinedRecord>>,
    pub too_deep: RefCell<BTreeSet<String>>,
    /// How many times `load_assistant` was called.
    pub assistant_reads: Cell<usize>,
}

#[async_trait(?Send)]
impl ServerStorage for FakeStorage {
    async fn load(&self) -> Result<Snapshot, CheckpointError> {
        let moved: Vec<QuarantinedRecord> = self.unreadable.borrow_mut().drain(..).collect();
        let before = std::mem::take(&mut *self.quarantine.borrow_mut());
        self.quarantine
            .borrow_mut()
            .extend(before.iter().chain(&moved).cloned());
        Ok(Snapshot {
            assistants: self.assistants.borrow().values().cloned().collect(),
            assistant_versions: self.versions.borrow().values().cloned().collect(),
            threads: self.threads.borrow().values().cloned().collect(),
            runs: self.runs.borrow().values().cloned().collect(),
            items: self.items.borrow().values().cloned().collect(),
            quarantined: moved,
            quarantined_before: before,
        })
    }

    async fn load_thread(&self, thread_id: &str) -> Result<ThreadRecords, CheckpointError> {
        let runs = self.runs.borrow();
        let of_thread = runs
            .values()
            .filter(|r| r.thread_id.as_deref() == Some(thread_id))
            .cloned();
        Ok(ThreadRecords {
            thread: self.threads.borrow().get(thread_id).cloned(),
            runs: of_thread.collect(),
            quarantined: Vec::new(),
        })
    }

    async fn load_assistant(&self, assistant_id: &str) -> Result<AssistantRecords, CheckpointError> {
        self.assistant_reads.set(self.assistant_reads.get() + 1);
        let versions = self.versions.borrow();
        let of_assistant = versions
            .iter()
            .filter(|((id, _), _)| id == assistant_id)
            .map(|(_, v)| v.clone());
        Ok(AssistantRecords {
            assistant: self.assistants.borrow().get(assistant_id).cloned(),
            versions: of_assistant.collect(),
            quarantined: Vec::new(),
        })
    }

    async fn save(&self, changes: &[Change]) -> Result<(), CheckpointError> {
        if self.fail.get() {
            return Err(CheckpointError::QuotaExceeded("the storage quota is exhausted".into()));
        }
        let mut refused = None;
        for change in changes {
            match change.clone() {
                Change::Assistant(id, Some(a)) => drop(self.assistants.borrow_mut().insert(id, a)),
                Change::Assistant(id, None) => {
                    self.assistants.borrow_mut().remove(&id);
                    self.versions.borrow_mut().retain(|(a, _), _| *a != id);
                }
                Change::AssistantVersion(k, Some(v)) => drop(self.versions.borrow_mut().insert(k, v)),
                Change::AssistantVersion(k, None) => drop(self.versions.borrow_mut().remove(&k)),
                Change::Thread(id, Some(_)) if self.too_deep.borrow().contains(&id) => {
                    refused = Some(CheckpointError::TooDeep(format!("thread {id:?} nests too deep")));
                }
                Change::Thread(id, Some(t)) => drop(self.threads.borrow_mut().insert(id, t)),
                Change::Thread(id, None) => drop(self.threads.borrow_mut().remove(&id)),
                Change::Run(id, Some(r)) => drop(self.runs.borrow_mut().insert(id, r)),
                Change::Run(id, None) => drop(self.runs.borrow_mut().remove(&id)),
                Change::Item(k, Some(i)) => drop(self.items.borrow_mut().insert(k, i)),
                Change::Item(k, None) => drop(self.items.borrow_mut().remove(&k)),
            }
        }
        refused.map_or(Ok(()), Err)
    }
}
