//! The server's records in storage: a second server on the same storage (a reloaded page)
//! finds threads, runs and store items; runs of a page that is gone are recovered; a thread
//! held by another page is refused or waited for; a failed save is reported and retried; what
//! storage cannot read (a quarantined record, a thread's damaged checkpoints) is reported
//! without stopping the load, and a record storage can never hold is not retried.

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use async_trait::async_trait;
use common::graphs::seed_graph;
use common::storage::FakeStorage;
use futures::channel::oneshot;
use futures::executor::LocalPool;
use langgraph_wasm::checkpoint::{
    ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointMetadata, CheckpointTuple, Checkpointer,
    ListQuery, QuarantinedRecord,
};
use langgraph_wasm::server::{
    LockGuard, MultitaskStrategy, RunCreate, RunStatus, Server, ServerError, ThreadCreate, ThreadLocks, ThreadStatus,
};
use langgraph_wasm::MemorySaver;
use serde_json::{json, Value};

/// Locks shared by the "pages" of a test; a release wakes whoever waits.
#[derive(Default, Clone)]
struct FakeLocks(Rc<RefCell<BTreeSet<String>>>, Rc<RefCell<Vec<oneshot::Sender<()>>>>);

impl FakeLocks {
    fn guard(&self, id: &str) -> LockGuard {
        let (held, waiting) = (self.0.clone(), self.1.clone());
        let id = id.to_string();
        LockGuard::new(move || {
            held.borrow_mut().remove(&id);
            for waiter in waiting.borrow_mut().drain(..) {
                let _ = waiter.send(());
            }
        })
    }
}

#[async_trait(?Send)]
impl ThreadLocks for FakeLocks {
    async fn try_lock(&self, id: &str) -> Result<Option<LockGuard>, ServerError> {
        Ok(self.0.borrow_mut().insert(id.to_string()).then(|| self.guard(id)))
    }
    async fn lock(&self, id: &str) -> Result<LockGuard, ServerError> {
        while !self.0.borrow_mut().insert(id.to_string()) {
            let (wake, woken) = oneshot::channel();
            self.1.borrow_mut().push(wake);
            let _ = woken.await;
        }
        Ok(self.guard(id))
    }
}

/// A memory saver whose rows of the threads in `damaged` cannot be read (a damaged disk).
#[derive(Default)]
struct DamagedSaver {
    inner: MemorySaver,
    damaged: RefCell<BTreeSet<String>>,
}

impl DamagedSaver {
    fn check(&self, thread_id: &str) -> Result<(), CheckpointError> {
        if self.damaged.borrow().contains(thread_id) {
            return Err(CheckpointError::Corrupt(format!(
                "checkpoint \"1ef0\" of thread {thread_id:?} (namespace \"\"): expected value at line 1 column 3"
            )));
        }
        Ok(())
    }
}

#[async_trait(?Send)]
impl Checkpointer for DamagedSaver {
    async fn get_tuple(&self, config: &CheckpointConfig) -> Result<Option<CheckpointTuple>, CheckpointError> {
        self.check(&config.thread_id)?;
        self.inner.get_tuple(config).await
    }
    async fn list(&self, query: &ListQuery) -> Result<Vec<CheckpointTuple>, CheckpointError> {
        if let Some(thread_id) = &query.thread_id {
            self.check(thread_id)?;
        }
        self.inner.list(query).await
    }
    async fn put(
        &self,
        config: &CheckpointConfig,
        checkpoint: &Checkpoint,
        metadata: &CheckpointMetadata,
        new_versions: &ChannelVersions,
    ) -> Result<CheckpointConfig, CheckpointError> {
        self.inner.put(config, checkpoint, metadata, new_versions).await
    }
    async fn put_writes(
        &self,
        config: &CheckpointConfig,
        writes: &[(String, Value)],
        task_id: &str,
        task_path: &str,
    ) -> Result<(), CheckpointError> {
        self.inner.put_writes(config, writes, task_id, task_path).await
    }
    async fn delete_thread(&self, thread_id: &str) -> Result<(), CheckpointError> {
        self.inner.delete_thread(thread_id).await
    }
}

/// What the "pages" of a test share: checkpoints, storage and locks.
#[derive(Default)]
struct Browser {
    saver: Rc<DamagedSaver>,
    storage: Rc<FakeStorage>,
    locks: FakeLocks,
}

impl Browser {
    /// A "page": a server over the shared saver, storage and locks, running on `pool`.
    fn page(&self, pool: &LocalPool) -> Server {
        let saver: Rc<dyn Checkpointer> = self.saver.clone();
        Server::with_storage(
            vec![("agent".into(), seed_graph())],
            Some(saver),
            Rc::new(pool.spawner()),
            Some(self.storage.clone()),
            Some(Rc::new(self.locks.clone())),
        )
    }
}

fn input(value: Value) -> RunCreate {
    langgraph_wasm::server::request::run_create(&json!({ "input": value })).unwrap()
}

fn resume(value: Value, strategy: MultitaskStrategy) -> RunCreate {
    RunCreate {
        multitask_strategy: strategy,
        ..langgraph_wasm::server::request::run_create(&json!({ "command": { "resume": value } })).unwrap()
    }
}

#[test]
fn a_reloaded_page_finds_threads_runs_interrupts_and_store_items() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let storage = &browser.storage;
    let first = browser.page(&pool);
    let tid = pool.run_until(async {
        first.load().await.unwrap();
        let t = first.threads_create(ThreadCreate::default()).unwrap();
        first
            .runs_wait(Some(&t.thread_id), "agent", input(json!({ "some_text": "draft" })))
            .await
            .unwrap();
        first
            .store()
            .put(&["docs".to_string()], "d1", json!({ "a": 1 }))
            .unwrap();
        first.flush().await.unwrap();
        t.thread_id
    });
    drop(first);
    let second = browser.page(&pool);
    pool.run_until(async {
        second.load().await.unwrap();
        let thread = second.threads_get(&tid).unwrap();
        assert_eq!(thread.status, ThreadStatus::Interrupted);
        let pending = thread.interrupts.values().next().unwrap();
        assert_eq!(pending[0]["value"], json!({ "text_to_revise": "draft" }));
        let runs = second.runs_list(&tid, &Default::default()).unwrap();
        assert_eq!(runs.iter().map(|r| r.status).collect::<Vec<_>>(), [RunStatus::Success]);
        // Joining a finished run of the previous page returns at once.
        second.runs_join(&tid, &runs[0].run_id).await.unwrap();
        assert_eq!(
            second.store().get(&["docs".to_string()], "d1").unwrap().unwrap().value,
            json!({ "a": 1 })
        );
        let done = second
            .runs_wait(Some(&tid), "agent", resume(json!("final"), MultitaskStrategy::Reject))
            .await
            .unwrap();
        assert_eq!(done, json!({ "some_text": "final" }));
        assert_eq!(
            storage.threads.borrow()[&tid].status,
            ThreadStatus::Idle,
            "saved before wait returned"
        );
    });
}

#[test]
fn a_run_left_by_a_closed_page_becomes_an_error_and_its_thread_idle() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let storage = &browser.storage;
    let first = browser.page(&pool);
    let tid = pool.run_until(async {
        first.load().await.unwrap();
        let t = first.threads_create(ThreadCreate::default()).unwrap();
        first
            .runs_wait(Some(&t.thread_id), "agent", input(json!({ "some_text": "x" })))
            .await
            .unwrap();
        first.flush().await.unwrap();
        t.thread_id
    });
    // The page "died" in the middle of a later run: busy thread, running run, no lock held.
    {
        let mut threads = storage.threads.borrow_mut();
        threads.get_mut(&tid).unwrap().status = ThreadStatus::Busy;
        let mut runs = storage.runs.borrow_mut();
        let run = runs.values_mut().next().unwrap();
        run.status = RunStatus::Running;
    }
    let second = browser.page(&pool);
    pool.run_until(async {
        second.load().await.unwrap();
        // It was waiting on an interrupt when it died: still waiting.
        assert_eq!(second.threads_get(&tid).unwrap().status, ThreadStatus::Interrupted);
        let runs = second.runs_list(&tid, &Default::default()).unwrap();
        assert_eq!(runs[0].status, RunStatus::Error);
        assert!(second.runs_join(&tid, &runs[0].run_id).await.is_err());
        assert_eq!(storage.runs.borrow()[&runs[0].run_id].status, RunStatus::Error);
    });
}

#[test]
fn a_thread_held_by_another_page_is_refused_or_waited_for() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let (storage, locks) = (&browser.storage, &browser.locks);
    let server = browser.page(&pool);
    let tid = pool.run_until(async {
        server.load().await.unwrap();
        let t = server.threads_create(ThreadCreate::default()).unwrap();
        server
            .runs_wait(Some(&t.thread_id), "agent", input(json!({ "some_text": "x" })))
            .await
            .unwrap();
        t.thread_id
    });
    // Another page holds the thread, and this page has heard of its run (a broadcast reload).
    let other = locks.clone();
    let held = pool.run_until(async { other.try_lock(&tid).await.unwrap().unwrap() });
    {
        let mut runs = storage.runs.borrow_mut();
        let mut foreign = runs.values().next().unwrap().clone();
        foreign.run_id = "run-of-the-other-page".into();
        foreign.status = RunStatus::Running;
        runs.insert(foreign.run_id.clone(), foreign);
    }
    pool.run_until(async { server.reload_thread(&tid).await.unwrap() });
    pool.run_until(async {
        let refused = server
            .runs_create(Some(&tid), "agent", resume(json!("a"), MultitaskStrategy::Reject))
            .await
            .unwrap_err();
        assert_eq!(refused.name(), "ThreadBusyError");
        assert!(refused.to_string().contains("another tab"), "{refused}");
    });
    let queued = pool.run_until(async {
        server
            .runs_create(Some(&tid), "agent", resume(json!("b"), MultitaskStrategy::Enqueue))
            .await
            .unwrap()
    });
    pool.run_until_stalled();
    assert_eq!(
        server.threads_get(&tid).unwrap().values,
        json!({ "some_text": "x" }),
        "waits while held"
    );
    // The other page's run ends (it saves, then releases the lock).
    storage
        .runs
        .borrow_mut()
        .get_mut("run-of-the-other-page")
        .unwrap()
        .status = RunStatus::Success;
    drop(held);
    pool.run_until(async {
        let done = server.runs_join(&tid, &queued.run_id).await.unwrap();
        assert_eq!(done, json!({ "some_text": "b" }));
    });
    assert!(locks.0.borrow().is_empty(), "the run released the lock");
}

#[test]
fn a_failed_save_is_reported_and_retried_by_the_next_flush() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let storage = &browser.storage;
    let server = browser.page(&pool);
    pool.run_until(async {
        server.load().await.unwrap();
        storage.fail.set(true);
        let t = server.threads_create(ThreadCreate::default()).unwrap();
        let err = server.flush().await.unwrap_err();
        assert_eq!(err.name(), "QuotaExceededError");
        assert!(storage.threads.borrow().is_empty());
        storage.fail.set(false);
        server.flush().await.unwrap();
        assert!(
            storage.threads.borrow().contains_key(&t.thread_id),
            "the pending write was kept"
        );
    });
}

/// Two paused seed threads on a first page, flushed; returns their ids.
fn two_paused_threads(browser: &Browser, pool: &mut LocalPool) -> (String, String) {
    let first = browser.page(pool);
    pool.run_until(async {
        first.load().await.unwrap();
        let mut ids = Vec::new();
        for text in ["a", "b"] {
            let t = first.threads_create(ThreadCreate::default()).unwrap();
            first
                .runs_wait(Some(&t.thread_id), "agent", input(json!({ "some_text": text })))
                .await
                .unwrap();
            ids.push(t.thread_id);
        }
        first.flush().await.unwrap();
        (ids[0].clone(), ids[1].clone())
    })
}

#[test]
fn a_record_storage_cannot_read_is_reported_and_everything_else_loads() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let (good, _) = two_paused_threads(&browser, &mut pool);
    let lost = QuarantinedRecord {
        store: "threads".into(),
        key: r#"["damaged"]"#.into(),
        error: "unreadable stored record: record [\"damaged\"] of store \"threads\": expected value".into(),
        quarantined_at: "2026-01-02T00:00:00.000Z".into(),
    };
    browser.storage.unreadable.borrow_mut().push(lost.clone());
    let second = browser.page(&pool);
    pool.run_until(async {
        let problems = second.load().await.unwrap();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains(r#"record ["damaged"] of store "threads""#),
            "{problems:?}"
        );
        assert_eq!(second.quarantined(), std::slice::from_ref(&lost));
        let done = second
            .runs_wait(Some(&good), "agent", resume(json!("done"), MultitaskStrategy::Reject))
            .await
            .unwrap();
        assert_eq!(done, json!({ "some_text": "done" }));
    });
    // A later page has nothing new to say, and still lists the record.
    let third = browser.page(&pool);
    pool.run_until(async {
        assert!(third.load().await.unwrap().is_empty());
        assert_eq!(third.quarantined(), [lost]);
    });
}

#[test]
fn a_busy_thread_whose_checkpoints_cannot_be_read_does_not_stop_the_load() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let (good, bad) = two_paused_threads(&browser, &mut pool);
    // The page died mid-run on `bad`, whose checkpoints were then damaged.
    browser.storage.threads.borrow_mut().get_mut(&bad).unwrap().status = ThreadStatus::Busy;
    browser.saver.damaged.borrow_mut().insert(bad.clone());
    let second = browser.page(&pool);
    pool.run_until(async {
        let problems = second.load().await.unwrap();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains(&bad) && problems[0].contains("CorruptRecordError"),
            "{problems:?}"
        );
        let thread = second.threads_get(&bad).unwrap();
        assert_eq!(thread.status, ThreadStatus::Error);
        assert_eq!(thread.error.unwrap()["error"], json!("CorruptRecordError"));
        let used = second.threads_get_state(&bad, None, false, None).await.unwrap_err();
        assert_eq!(used.name(), "CorruptRecordError");
        assert!(used.to_string().contains(&format!("of thread {bad:?}")), "{used}");
        let done = second
            .runs_wait(Some(&good), "agent", resume(json!("done"), MultitaskStrategy::Reject))
            .await
            .unwrap();
        assert_eq!(done, json!({ "some_text": "done" }));
    });
    assert_eq!(browser.storage.threads.borrow()[&bad].status, ThreadStatus::Error);
}

#[test]
fn a_record_storage_can_never_hold_is_reported_once_and_not_retried() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let storage = &browser.storage;
    let server = browser.page(&pool);
    pool.run_until(async {
        server.load().await.unwrap();
        let refused = server.threads_create(ThreadCreate::default()).unwrap();
        storage.too_deep.borrow_mut().insert(refused.thread_id.clone());
        let kept = server.threads_create(ThreadCreate::default()).unwrap();
        let err = server.flush().await.unwrap_err();
        assert_eq!(err.name(), "RecordTooDeepError");
        assert!(
            storage.threads.borrow().contains_key(&kept.thread_id),
            "the others were saved"
        );
        server.flush().await.unwrap();
        assert!(!storage.threads.borrow().contains_key(&refused.thread_id));
    });
}
