//! What a run hands its saver, step by step: a single-task step is one save (its task's
//! writes ride with its checkpoint), a run's input goes with its `__start__` step unless that
//! runs user code, a task that finishes while a sibling still runs saves its writes at once (so
//! a crash never makes it run again), an interrupt saves its writes alone. Under `async`
//! durability, what the steps leave while the saver is busy goes in its next batch.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use common::graphs::seed_builder;
use common::{run, Calls};
use futures::channel::oneshot;
use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;
use langgraph_wasm::checkpoint::{
    ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointMetadata, CheckpointTuple, Checkpointer,
    ListQuery, StepSave, TaskWrites,
};
use langgraph_wasm::{
    async_node, node_fn, Command, CompileOptions, CompiledGraph, Durability, GraphError, MemorySaver, NodeError,
    RunConfig, RunOptions, StateGraph, START,
};
use serde_json::{json, Value};

/// One call a run made on its saver, by what it carried: the state channels each task wrote
/// (special channels such as `__interrupt__` by name), and the step of each checkpoint.
#[derive(Debug, Clone, PartialEq)]
enum Save {
    /// `put_writes` of one task.
    Writes(Vec<String>),
    /// `put_steps`: for each step, its tasks' writes and its checkpoint's step, as one save.
    Steps(Vec<(Vec<Vec<String>>, i64)>),
    /// `put_batch`: steps as above, then the writes of tasks saved on their own.
    Batch(Vec<(Vec<Vec<String>>, i64)>, Vec<Vec<String>>),
}

/// One step of a `Save::Steps`: the checkpoint at `step`, with the writes of `tasks`.
fn step(step: i64, tasks: &[&[&str]]) -> (Vec<Vec<String>>, i64) {
    (tasks.iter().map(|t| names(t)).collect(), step)
}

/// A memory saver that records every save. With a `gate`, its next `put_batch` is recorded,
/// then waits for the gate before it stores anything (a commit under way).
#[derive(Default, Clone)]
struct RecordingSaver {
    inner: Rc<MemorySaver>,
    saves: Rc<RefCell<Vec<Save>>>,
    gate: Rc<RefCell<Option<oneshot::Receiver<()>>>>,
}

impl RecordingSaver {
    fn take(&self) -> Vec<Save> {
        std::mem::take(&mut self.saves.borrow_mut())
    }
}

fn channels(writes: &[(String, Value)]) -> Vec<String> {
    writes
        .iter()
        .map(|(c, _)| c.clone())
        .filter(|c| !c.starts_with("branch:"))
        .collect()
}

#[async_trait(?Send)]
impl Checkpointer for RecordingSaver {
    async fn get_tuple(&self, config: &CheckpointConfig) -> Result<Option<CheckpointTuple>, CheckpointError> {
        self.inner.get_tuple(config).await
    }

    async fn list(&self, query: &ListQuery) -> Result<Vec<CheckpointTuple>, CheckpointError> {
        self.inner.list(query).await
    }

    async fn put(
        &self,
        config: &CheckpointConfig,
        checkpoint: &Checkpoint,
        metadata: &CheckpointMetadata,
        new_versions: &ChannelVersions,
    ) -> Result<CheckpointConfig, CheckpointError> {
        self.saves
            .borrow_mut()
            .push(Save::Steps(vec![(Vec::new(), metadata.step)]));
        self.inner.put(config, checkpoint, metadata, new_versions).await
    }

    async fn put_writes(
        &self,
        config: &CheckpointConfig,
        writes: &[(String, Value)],
        task_id: &str,
        task_path: &str,
    ) -> Result<(), CheckpointError> {
        self.saves.borrow_mut().push(Save::Writes(channels(writes)));
        self.inner.put_writes(config, writes, task_id, task_path).await
    }

    async fn put_steps(&self, steps: Vec<StepSave<'_>>) -> Result<(), CheckpointError> {
        let saved = steps
            .iter()
            .map(|s| (s.writes.iter().map(|t| channels(&t.writes)).collect(), s.metadata.step))
            .collect();
        self.saves.borrow_mut().push(Save::Steps(saved));
        self.inner.put_steps(steps).await
    }

    async fn put_batch(
        &self,
        steps: Vec<StepSave<'_>>,
        writes: Vec<(CheckpointConfig, TaskWrites)>,
    ) -> Result<(), CheckpointError> {
        let saved = steps
            .iter()
            .map(|s| (s.writes.iter().map(|t| channels(&t.writes)).collect(), s.metadata.step))
            .collect();
        let after = writes.iter().map(|(_, t)| channels(&t.writes)).collect();
        self.saves.borrow_mut().push(Save::Batch(saved, after));
        let gate = self.gate.borrow_mut().take();
        if let Some(gate) = gate {
            gate.await
                .map_err(|_| CheckpointError::Storage("the commit never came".into()))?;
        }
        self.inner.put_steps(steps).await?;
        for (config, task) in &writes {
            self.inner
                .put_writes(config, &task.writes, &task.task_id, &task.task_path)
                .await?;
        }
        Ok(())
    }

    async fn delete_thread(&self, thread_id: &str) -> Result<(), CheckpointError> {
        self.inner.delete_thread(thread_id).await
    }
}

fn compiled(builder: &StateGraph, saver: &RecordingSaver) -> CompiledGraph {
    builder
        .compile(CompileOptions {
            checkpointer: Some(Rc::new(saver.clone())),
            ..Default::default()
        })
        .unwrap()
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_single_task_step_is_one_save_of_its_writes_and_checkpoint() {
    let mut b = StateGraph::new();
    b.last_value("a").unwrap().last_value("b").unwrap();
    b.add_node("first", node_fn(|_, _| Ok(json!({ "a": 1 }).into())))
        .unwrap();
    b.add_node("second", node_fn(|_, _| Ok(json!({ "b": 2 }).into())))
        .unwrap();
    b.add_edge(START, "first").unwrap().add_edge("first", "second").unwrap();
    let saver = RecordingSaver::default();
    let graph = compiled(&b, &saver);

    let out = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "a": 1, "b": 2 }));
    assert_eq!(
        saver.take(),
        [
            // The input, and `__start__` passing it on (it runs no user code): one save.
            Save::Steps(vec![step(-1, &[]), step(0, &[&[]])]),
            Save::Steps(vec![step(1, &[&["a"]])]),
            Save::Steps(vec![step(2, &[&["b"]])]),
        ]
    );
}

#[test]
fn an_interrupt_saves_its_writes_alone_and_the_resumed_step_saves_once() {
    let graph_saver = RecordingSaver::default();
    let graph = compiled(&seed_builder(), &graph_saver);

    run(graph.invoke(json!({ "some_text": "original text" }), RunOptions::thread("t"))).unwrap();
    assert_eq!(
        graph_saver.take(),
        [
            Save::Steps(vec![step(-1, &[]), step(0, &[&["some_text"]])]),
            Save::Writes(names(&["__interrupt__"])),
        ]
    );
    let done = run(graph.invoke(Command::resume(json!("Edited text")), RunOptions::thread("t"))).unwrap();
    assert_eq!(done, json!({ "some_text": "Edited text" }));
    // The node's writes (with the answer it used) and the checkpoint after it: one save.
    assert_eq!(
        graph_saver.take(),
        [Save::Steps(vec![step(1, &[&["some_text", "__resume__"]])])]
    );
}

/// `sluggish` waits for a gate the test holds; `quick` finishes first.
fn fast_and_slow(calls: &Calls, gate: Rc<RefCell<Option<oneshot::Receiver<()>>>>) -> StateGraph {
    let mut b = StateGraph::new();
    b.last_value("fast").unwrap().last_value("slow").unwrap();
    let c = calls.clone();
    b.add_node(
        "quick",
        node_fn(move |_, _| {
            c.hit("quick");
            Ok(json!({ "fast": "done" }).into())
        }),
    )
    .unwrap();
    let c = calls.clone();
    b.add_node(
        "sluggish",
        async_node(move |_, _| {
            c.hit("sluggish");
            let gate = gate.borrow_mut().take();
            async move {
                if let Some(gate) = gate {
                    gate.await.map_err(|_| NodeError::msg("the page closed"))?;
                }
                Ok(json!({ "slow": "done" }).into())
            }
        }),
    )
    .unwrap();
    b.add_edge(START, "quick").unwrap().add_edge(START, "sluggish").unwrap();
    b
}

#[test]
fn a_task_that_finishes_while_a_sibling_runs_saves_at_once_and_is_not_run_again_after_a_crash() {
    let calls = Calls::default();
    let (open, gate) = oneshot::channel::<()>();
    let gate = Rc::new(RefCell::new(Some(gate)));
    let saver = RecordingSaver::default();
    let graph = compiled(&fast_and_slow(&calls, gate.clone()), &saver);

    // The page "closes" while `sluggish` still waits: the run's future is dropped mid-step.
    let mut pool = LocalPool::new();
    let running = graph.clone();
    let handle = pool
        .spawner()
        .spawn_local_with_handle(async move {
            let _ = running.invoke(json!({}), RunOptions::thread("t")).await;
        })
        .unwrap();
    pool.run_until_stalled();
    assert_eq!((calls.get("quick"), calls.get("sluggish")), (1, 1));
    assert_eq!(
        saver.take(),
        [
            Save::Steps(vec![step(-1, &[]), step(0, &[&[]])]),
            Save::Writes(names(&["fast"])),
        ],
        "quick's writes were saved while sluggish still ran"
    );
    drop(handle);
    drop(open);

    // The next page continues the thread: only the task without saved writes runs again.
    let out = run(graph.invoke(Value::Null, RunOptions::thread("t"))).unwrap();
    assert_eq!(out, json!({ "fast": "done", "slow": "done" }));
    assert_eq!((calls.get("quick"), calls.get("sluggish")), (1, 2));
    assert_eq!(saver.take(), [Save::Steps(vec![step(1, &[&["slow"]])])]);
}

#[test]
fn the_last_tasks_writes_are_saved_even_when_the_step_cannot_apply() {
    // Two tasks write one last-value channel in the same step: applying the step fails, no
    // checkpoint comes, and both tasks' writes are still saved.
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node("a", node_fn(|_, _| Ok(json!({ "x": "a" }).into()))).unwrap();
    b.add_node("b", node_fn(|_, _| Ok(json!({ "x": "b" }).into()))).unwrap();
    b.add_edge(START, "a").unwrap().add_edge(START, "b").unwrap();
    let saver = RecordingSaver::default();
    let graph = compiled(&b, &saver);

    let failed = run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap_err();
    assert!(matches!(failed, GraphError::InvalidUpdate(_)), "{failed:?}");
    let saves = saver.take();
    assert_eq!(&saves[1..], [Save::Writes(names(&["x"])), Save::Writes(names(&["x"]))]);
    let head = run(saver.get_tuple(&CheckpointConfig::new("t"))).unwrap().unwrap();
    assert_eq!(head.pending_writes.len(), 2);
}

#[test]
fn an_input_whose_start_step_runs_a_conditional_edge_is_saved_before_it() {
    let calls = Calls::default();
    let c = calls.clone();
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    b.add_node("a", node_fn(|_, _| Ok(json!({ "x": "a" }).into()))).unwrap();
    b.add_conditional_edges(
        START,
        langgraph_wasm::path_fn(move |_| {
            c.hit("route");
            Ok(vec!["a".into()])
        }),
        None::<Vec<(String, String)>>,
    )
    .unwrap();
    let saver = RecordingSaver::default();
    let graph = compiled(&b, &saver);

    run(graph.invoke(json!({}), RunOptions::thread("t"))).unwrap();
    assert_eq!(calls.get("route"), 1);
    assert_eq!(
        saver.take(),
        [
            Save::Steps(vec![step(-1, &[])]),
            Save::Steps(vec![step(0, &[&[]])]),
            Save::Steps(vec![step(1, &[&["x"]])]),
        ]
    );
}

fn three_steps(first: Option<Rc<RefCell<Option<oneshot::Receiver<()>>>>>) -> StateGraph {
    let mut b = StateGraph::new();
    b.last_value("a")
        .unwrap()
        .last_value("b")
        .unwrap()
        .last_value("c")
        .unwrap();
    b.add_node(
        "first",
        async_node(move |_, _| {
            let gate = first.as_ref().and_then(|g| g.borrow_mut().take());
            async move {
                if let Some(gate) = gate {
                    gate.await.map_err(|_| NodeError::msg("the page closed"))?;
                }
                Ok(json!({ "a": 1 }).into())
            }
        }),
    )
    .unwrap();
    b.add_node("second", node_fn(|_, _| Ok(json!({ "b": 2 }).into())))
        .unwrap();
    b.add_node("third", node_fn(|_, _| Ok(json!({ "c": 3 }).into())))
        .unwrap();
    b.add_edge(START, "first")
        .unwrap()
        .add_edge("first", "second")
        .unwrap()
        .add_edge("second", "third")
        .unwrap();
    b
}

fn asynchronously(thread: &str) -> RunOptions {
    RunOptions::thread(thread).with_durability(Durability::Async)
}

/// A thread's checkpoints, oldest first: step, values, next nodes, and how many writes each holds.
fn checkpoints(graph: &CompiledGraph, thread: &str) -> Vec<(i64, Value, Vec<String>, usize)> {
    let history = run(graph.get_state_history(&RunConfig::thread(thread), Default::default())).unwrap();
    history
        .into_iter()
        .rev()
        .map(|s| {
            let step = s.metadata.as_ref().map(|m| m.step).unwrap_or(i64::MIN);
            let writes = s.tasks.iter().filter(|t| t.result.is_some()).count();
            (step, s.values, s.next, writes)
        })
        .collect()
}

#[test]
fn under_async_a_run_whose_nodes_never_wait_is_saved_in_one_batch_and_keeps_every_checkpoint() {
    let saver = RecordingSaver::default();
    let graph = compiled(&three_steps(None), &saver);

    let out = run(graph.invoke(json!({}), asynchronously("async"))).unwrap();
    assert_eq!(out, json!({ "a": 1, "b": 2, "c": 3 }));
    assert_eq!(
        saver.take(),
        [Save::Batch(
            vec![
                step(-1, &[]),
                step(0, &[&[]]),
                step(1, &[&["a"]]),
                step(2, &[&["b"]]),
                step(3, &[&["c"]])
            ],
            vec![]
        )]
    );
    // The same checkpoints, values and writes as the run that saved every step before the next.
    run(graph.invoke(json!({}), RunOptions::thread("sync"))).unwrap();
    assert_eq!(saver.take().len(), 4);
    let (sync, asynchronous) = (checkpoints(&graph, "sync"), checkpoints(&graph, "async"));
    assert_eq!(asynchronous.len(), 5);
    assert_eq!(asynchronous, sync);
}

#[test]
fn under_async_what_steps_leave_while_a_batch_is_saved_goes_in_the_next_and_the_run_waits_for_it() {
    let (open_node, node_gate) = oneshot::channel::<()>();
    let (commit, commit_gate) = oneshot::channel::<()>();
    let saver = RecordingSaver::default();
    *saver.gate.borrow_mut() = Some(commit_gate);
    let graph = compiled(&three_steps(Some(Rc::new(RefCell::new(Some(node_gate))))), &saver);

    let mut pool = LocalPool::new();
    let running = graph.clone();
    let result = Rc::new(RefCell::new(None));
    let out = result.clone();
    pool.spawner()
        .spawn_local(async move {
            *out.borrow_mut() = Some(running.invoke(json!({}), asynchronously("t")).await);
        })
        .unwrap();
    pool.run_until_stalled();
    // `first` waits: the input and `__start__` step are being saved meanwhile.
    assert_eq!(
        saver.take(),
        [Save::Batch(vec![step(-1, &[]), step(0, &[&[]])], vec![])]
    );

    // `first` answers; the three steps after it finish while that save is still under way.
    open_node.send(()).unwrap();
    pool.run_until_stalled();
    assert_eq!(saver.take(), [], "one batch at a time");
    assert!(result.borrow().is_none(), "the run waits for its saves");

    commit.send(()).unwrap();
    pool.run_until_stalled();
    assert_eq!(
        saver.take(),
        [Save::Batch(
            vec![step(1, &[&["a"]]), step(2, &[&["b"]]), step(3, &[&["c"]])],
            vec![]
        )]
    );
    let done = result.borrow_mut().take().expect("the run ended").unwrap();
    assert_eq!(done, json!({ "a": 1, "b": 2, "c": 3 }));
    assert_eq!(checkpoints(&graph, "t").len(), 5);
}

#[test]
fn under_async_an_interrupt_is_saved_with_the_checkpoint_it_belongs_to_and_resumes() {
    let saver = RecordingSaver::default();
    let graph = compiled(&seed_builder(), &saver);

    let paused = run(graph.invoke(json!({ "some_text": "original text" }), asynchronously("t"))).unwrap();
    assert_eq!(
        paused["__interrupt__"][0]["value"],
        json!({ "text_to_revise": "original text" })
    );
    assert_eq!(
        saver.take(),
        [Save::Batch(
            vec![step(-1, &[]), step(0, &[&["some_text"]])],
            vec![names(&["__interrupt__"])]
        )]
    );
    let state = run(graph.get_state(&RunConfig::thread("t"), false)).unwrap();
    assert_eq!(state.tasks[0].interrupts.len(), 1, "the pause is saved");

    let done = run(graph.invoke(Command::resume(json!("Edited text")), asynchronously("t"))).unwrap();
    assert_eq!(done, json!({ "some_text": "Edited text" }));
    assert_eq!(
        saver.take(),
        [Save::Batch(vec![step(1, &[&["some_text", "__resume__"]])], vec![])]
    );
}

#[test]
fn under_async_a_batch_that_fails_fails_the_run() {
    let (commit, commit_gate) = oneshot::channel::<()>();
    let saver = RecordingSaver::default();
    *saver.gate.borrow_mut() = Some(commit_gate);
    drop(commit); // the commit fails
    let graph = compiled(&three_steps(None), &saver);

    let failed = run(graph.invoke(json!({}), asynchronously("t"))).unwrap_err();
    assert!(
        matches!(&failed, GraphError::Checkpoint(CheckpointError::Storage(m)) if m.contains("never came")),
        "{failed:?}"
    );
    assert!(
        checkpoints(&graph, "t").is_empty(),
        "nothing of the failed batch is stored"
    );
}
