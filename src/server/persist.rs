//! Keeping the server's records in storage: loading them when a page opens, writing what
//! changed after each operation (`flush`), re-reading a thread another tab changed, and
//! cleaning up after a tab that closed in the middle of a run. (Re-reading an assistant is
//! `assistants.rs`'s: it knows when one is about to change.)

use serde_json::Value;

use super::events::RunLog;
use super::storage::{Change, ThreadChange, ThreadRecords};
use super::{RunEntry, RunStatus, Server, ServerError, ThreadStatus};
use crate::checkpoint::{CheckpointError, QuarantinedRecord};
use crate::pregel::GraphError;
use crate::server::Run;

/// Whether `error` says stored records cannot be read (not a passing storage failure).
fn is_unreadable(error: &ServerError) -> bool {
    matches!(
        error,
        ServerError::Graph(GraphError::Checkpoint(CheckpointError::Corrupt(_)))
    )
}

fn quarantine_line(q: &QuarantinedRecord) -> String {
    format!(
        "record {} of store {:?} could not be read and was moved to the quarantine: {}",
        q.key, q.store, q.error
    )
}

impl Server {
    /// Reads every stored assistant (with its versions), thread, run and store item. Runs that were in flight in a tab that
    /// is gone (nobody holds their thread's lock) are recorded as errors, and their threads'
    /// status is recomputed from the checkpoints, which are at the last committed superstep.
    ///
    /// What cannot be read does not stop the load: a record storage cannot read is moved to
    /// its quarantine (see [`Server::quarantined`]), and a thread whose checkpoints cannot be
    /// read is marked `error` (using it is a `CorruptRecordError` naming the record). Returns
    /// those problems, one line each, for the host to log.
    ///
    /// System assistants are not read from storage: they are made from the configured graphs
    /// (see `assistants.rs`), and a stored record under a configured graph's system id is
    /// left as it is and ignored.
    pub async fn load(&self) -> Result<Vec<String>, ServerError> {
        let Some(storage) = self.inner.storage.clone() else {
            return Ok(Vec::new());
        };
        let snapshot = storage.load().await?;
        let mut problems: Vec<String> = snapshot.quarantined.iter().map(quarantine_line).collect();
        {
            let mut quarantined = self.inner.quarantined.borrow_mut();
            quarantined.extend(snapshot.quarantined_before);
            quarantined.extend(snapshot.quarantined);
        }
        self.load_assistants(snapshot.assistants, snapshot.assistant_versions, &mut problems);
        {
            let mut threads = self.inner.threads.borrow_mut();
            for thread in snapshot.threads {
                threads.load(thread.thread_id.clone(), thread);
            }
        }
        {
            let mut items = self.inner.store.items.borrow_mut();
            for item in snapshot.items {
                items.load((item.namespace.clone(), item.key.clone()), item);
            }
        }
        for run in snapshot.runs {
            self.load_run(run);
        }
        let busy: Vec<String> = self
            .inner
            .threads
            .borrow()
            .values()
            .filter(|t| t.status == ThreadStatus::Busy)
            .map(|t| t.thread_id.clone())
            .collect();
        for thread_id in busy {
            // One thread's unreadable checkpoints must not keep the others from loading.
            if let Err(error) = self.recover_if_abandoned(&thread_id).await {
                if is_unreadable(&error) {
                    self.mark_unreadable(&thread_id, &error);
                }
                problems.push(format!(
                    "thread {thread_id:?} left busy by a closed page could not be recovered: {}: {error}",
                    error.name()
                ));
            }
        }
        self.flush().await?;
        Ok(problems)
    }

    fn load_assistants(
        &self,
        stored: Vec<super::Assistant>,
        versions: Vec<super::Assistant>,
        problems: &mut Vec<String>,
    ) {
        let mut assistants = self.inner.assistants.borrow_mut();
        for assistant in stored {
            if !self.is_system_assistant(&assistant.assistant_id) {
                assistants.load(assistant.assistant_id.clone(), assistant);
            }
        }
        let mut loaded = self.inner.assistant_versions.borrow_mut();
        for version in versions {
            let id = &version.assistant_id;
            if self.is_system_assistant(id) {
                continue;
            }
            if !assistants.contains_key(id) {
                // Storage leaves these out (its assistant record is gone or unreadable); one
                // that did not would show up under a new assistant given the same id.
                problems.push(format!(
                    "version {} of assistant {id:?} has no assistant record and was left out",
                    version.version
                ));
                continue;
            }
            loaded.load((id.clone(), version.version), version);
        }
    }

    /// Every stored record that could not be read and was moved to the quarantine (by this
    /// page or an earlier one), oldest first.
    pub fn quarantined(&self) -> Vec<QuarantinedRecord> {
        self.inner.quarantined.borrow().clone()
    }

    /// `error` from reading a thread's checkpoints: when they cannot be read (not a passing
    /// storage failure), the thread is marked so (see `mark_unreadable`) rather than left with
    /// a status nobody can act on, e.g. `busy` after its run failed on them.
    pub(crate) fn unreadable_checkpoints(&self, thread_id: &str, error: GraphError) -> ServerError {
        let error = ServerError::from(error);
        if is_unreadable(&error) {
            self.mark_unreadable(thread_id, &error);
        }
        error
    }

    /// A thread whose checkpoints cannot be read: its runs in flight are over, and it shows
    /// the error (its status `error`) instead of a status nobody can act on.
    fn mark_unreadable(&self, thread_id: &str, error: &ServerError) {
        self.abandon_foreign_runs(thread_id);
        if let Some(thread) = self.inner.threads.borrow_mut().get_mut(thread_id) {
            thread.status = ThreadStatus::Error;
            thread.error = Some(serde_json::json!({ "error": error.name(), "message": error.to_string() }));
            thread.updated_at = super::now();
        }
    }

    /// A stored run as a record whose outcome is known (joins return at once), unless it is
    /// still in flight in another tab.
    fn load_run(&self, run: Run) {
        let log = RunLog::default();
        match run.status {
            RunStatus::Success | RunStatus::Interrupted => {
                let values = run
                    .thread_id
                    .as_deref()
                    .and_then(|t| self.inner.threads.borrow().get(t).map(|t| t.values.clone()))
                    .unwrap_or(Value::Null);
                log.finish(Ok(values));
            }
            RunStatus::Error | RunStatus::Timeout => log.finish(Err(ServerError::Conflict(format!(
                "Run {} ended with status {:?}",
                run.run_id, run.status
            )))),
            RunStatus::Pending | RunStatus::Running => {}
        }
        self.inner.runs.borrow_mut().load(
            run.run_id.clone(),
            RunEntry {
                run,
                request: Default::default(),
                log,
                abort: None,
                start_checkpoint: None,
                lock: None,
                foreign: true,
                prior: None,
            },
        );
    }

    /// A thread marked busy whose lock is free was left by a closed tab: its unfinished runs
    /// become errors and its status comes from its checkpoints again.
    async fn recover_if_abandoned(&self, thread_id: &str) -> Result<(), ServerError> {
        let free = match &self.inner.locks {
            Some(locks) => locks.try_lock(thread_id).await?.is_some(),
            None => true,
        };
        if free {
            self.abandon_foreign_runs(thread_id);
            self.refresh_after_abandon(thread_id).await?;
        }
        Ok(())
    }

    /// Like a cancelled run, an abandoned one leaves its thread idle (its pending tasks stay in
    /// the checkpoint; `input: null` continues them), unless it is waiting on an interrupt.
    async fn refresh_after_abandon(&self, thread_id: &str) -> Result<(), ServerError> {
        self.refresh_thread(thread_id, None).await?;
        if let Some(thread) = self.inner.threads.borrow_mut().get_mut(thread_id) {
            if thread.status == ThreadStatus::Interrupted && thread.interrupts.is_empty() {
                thread.status = ThreadStatus::Idle;
            }
        }
        Ok(())
    }

    /// With the thread's lock in hand: brings the thread up to date with storage, and any run
    /// another page left unfinished on it (that page is gone, or it would hold the lock) is
    /// recorded as an error.
    pub(crate) async fn claim_thread(&self, thread_id: &str) -> Result<(), ServerError> {
        self.reload_thread(thread_id).await?;
        if self.abandon_foreign_runs(thread_id) {
            self.refresh_after_abandon(thread_id).await?;
        }
        Ok(())
    }

    fn abandon_foreign_runs(&self, thread_id: &str) -> bool {
        let stale: Vec<String> = self
            .inner
            .runs
            .borrow()
            .values()
            .filter(|e| e.foreign && e.run.thread_id.as_deref() == Some(thread_id) && e.run.status.is_active())
            .map(|e| e.run.run_id.clone())
            .collect();
        for run_id in &stale {
            let mut runs = self.inner.runs.borrow_mut();
            if let Some(entry) = runs.get_mut(run_id) {
                entry.run.status = RunStatus::Error;
                entry.run.updated_at = super::now();
                entry.log.finish(Err(ServerError::Conflict(format!(
                    "Run {run_id} stopped: the page running it was closed before it finished"
                ))));
            }
        }
        !stale.is_empty()
    }

    /// Re-reads a thread and its runs from storage (another tab changed them). Runs this page
    /// has in flight are kept as they are here.
    pub async fn reload_thread(&self, thread_id: &str) -> Result<(), ServerError> {
        let Some(storage) = self.inner.storage.clone() else {
            return Ok(());
        };
        let ThreadRecords {
            thread,
            runs,
            quarantined,
        } = storage.load_thread(thread_id).await?;
        self.inner.quarantined.borrow_mut().extend(quarantined);
        {
            let mut threads = self.inner.threads.borrow_mut();
            match thread {
                Some(thread) => threads.load(thread_id.to_string(), thread),
                None => {
                    threads.unload(thread_id);
                }
            }
        }
        for run in runs {
            let local = self.inner.runs.borrow().get(&run.run_id).map(|e| !e.foreign);
            match local {
                // Started by this page: this page knows better.
                Some(true) => {}
                Some(false) => {
                    let ended = !run.status.is_active();
                    // Read from storage: not a change of ours to write back.
                    if let Some(entry) = self.inner.runs.borrow_mut().get_mut_unsaved(&run.run_id) {
                        if ended && entry.run.status.is_active() {
                            entry.log.finish(Ok(Value::Null));
                        }
                        entry.run = run;
                    }
                }
                None => self.load_run(run),
            }
        }
        Ok(())
    }

    /// Writes every record changed since the last flush, in one transaction, then tells the
    /// listener which threads changed. A failed write stays pending (retried by the next
    /// flush) and is returned, as is a background save that failed since the last call.
    pub async fn flush(&self) -> Result<(), ServerError> {
        if let Some(error) = self.inner.storage_error.borrow_mut().take() {
            return Err(error);
        }
        // System assistants are made from the configuration at every start, never stored.
        let mut assistant_ids = self.inner.assistants.borrow_mut().take_dirty();
        assistant_ids.retain(|id| !self.is_system_assistant(id));
        let mut version_keys = self.inner.assistant_versions.borrow_mut().take_dirty();
        version_keys.retain(|(id, _)| !self.is_system_assistant(id));
        let thread_ids = self.inner.threads.borrow_mut().take_dirty();
        let run_ids = self.inner.runs.borrow_mut().take_dirty();
        let item_keys = self.inner.store.items.borrow_mut().take_dirty();
        let Some(storage) = self.inner.storage.clone() else {
            // Memory only: nothing to write, but listeners still hear about changes.
            self.notify(thread_ids.into_iter().collect());
            return Ok(());
        };
        if assistant_ids.is_empty()
            && version_keys.is_empty()
            && thread_ids.is_empty()
            && run_ids.is_empty()
            && item_keys.is_empty()
        {
            return Ok(());
        }
        let mut changes = Vec::new();
        {
            let assistants = self.inner.assistants.borrow();
            changes.extend(
                assistant_ids
                    .iter()
                    .map(|id| Change::Assistant(id.clone(), assistants.get(id).cloned())),
            );
            let versions = self.inner.assistant_versions.borrow();
            changes.extend(
                version_keys
                    .iter()
                    .map(|k| Change::AssistantVersion(k.clone(), versions.get(k).cloned())),
            );
            let threads = self.inner.threads.borrow();
            changes.extend(
                thread_ids
                    .iter()
                    .map(|id| Change::Thread(id.clone(), threads.get(id).cloned())),
            );
            let runs = self.inner.runs.borrow();
            changes.extend(
                run_ids
                    .iter()
                    .map(|id| Change::Run(id.clone(), runs.get(id).map(|e| e.run.clone()))),
            );
            let items = self.inner.store.items.borrow();
            changes.extend(item_keys.iter().map(|k| Change::Item(k.clone(), items.get(k).cloned())));
        }
        match storage.save(&changes).await {
            Ok(()) => {
                self.notify(thread_ids.into_iter().collect());
                Ok(())
            }
            Err(e @ CheckpointError::TooDeep(_)) => {
                // The others were saved; the refused record never would be: not retried.
                self.notify(thread_ids.into_iter().collect());
                Err(e.into())
            }
            Err(e) => {
                self.inner.assistants.borrow_mut().mark(assistant_ids);
                self.inner.assistant_versions.borrow_mut().mark(version_keys);
                self.inner.threads.borrow_mut().mark(thread_ids);
                self.inner.runs.borrow_mut().mark(run_ids);
                self.inner.store.items.borrow_mut().mark(item_keys);
                Err(e.into())
            }
        }
    }

    /// `flush` from a background task: a failure is kept for the next caller.
    pub(crate) async fn flush_in_background(&self) {
        if let Err(e) = self.flush().await {
            *self.inner.storage_error.borrow_mut() = Some(e);
        }
    }

    /// Calls `listener` with the threads that changed after each flush.
    pub fn on_thread_change(&self, listener: impl Fn(Vec<ThreadChange>) + 'static) {
        *self.inner.listener.borrow_mut() = Some(std::rc::Rc::new(listener));
    }

    fn notify(&self, thread_ids: Vec<String>) {
        if thread_ids.is_empty() {
            return;
        }
        let Some(listener) = self.inner.listener.borrow().clone() else {
            return;
        };
        let changes = {
            let threads = self.inner.threads.borrow();
            thread_ids
                .into_iter()
                .map(|id| ThreadChange {
                    status: threads.get(&id).map(|t| t.status),
                    thread_id: id,
                })
                .collect()
        };
        listener(changes);
    }
}
