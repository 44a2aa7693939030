//! One behaviour suite for every `Checkpointer`: `tests/savers.rs` runs it natively on the
//! memory saver, `tests/indexeddb.rs` in browsers on the IndexedDB saver. Each case takes a
//! fresh, empty saver.

use std::borrow::Cow;
use std::sync::Arc;

use langgraph_wasm::checkpoint::{
    new_checkpoint_id, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointMetadata, CheckpointSource,
    Checkpointer, ListQuery, StepSave, TaskWrites, ERROR, INTERRUPT,
};
use serde_json::{json, Map, Value};

pub fn checkpoint(step: i64, values: &[(&str, Value)], channel_versions: &[(&str, u64)]) -> Checkpoint {
    let mut cp = Checkpoint::empty();
    cp.id = new_checkpoint_id(step);
    cp.channel_values = values
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Arc::new(v.clone())))
        .collect();
    cp.channel_versions = versions(channel_versions);
    cp
}

pub fn versions(pairs: &[(&str, u64)]) -> ChannelVersions {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

pub fn metadata(step: i64, source: CheckpointSource, extra: Value) -> CheckpointMetadata {
    CheckpointMetadata {
        source,
        step,
        parents: Default::default(),
        extra: extra.as_object().cloned().unwrap_or_default(),
    }
}

pub fn values(tuple: &langgraph_wasm::checkpoint::CheckpointTuple) -> Value {
    Value::Object(
        tuple
            .checkpoint
            .channel_values
            .iter()
            .map(|(k, v)| (k.clone(), (**v).clone()))
            .collect(),
    )
}

/// `steps` checkpoints in one thread and namespace, each writing `x = step`; oldest first.
async fn chain(saver: &dyn Checkpointer, thread: &str, ns: &str, steps: i64) -> Vec<CheckpointConfig> {
    let mut parent = CheckpointConfig::new(thread).with_ns(ns);
    let mut configs = Vec::new();
    for step in 0..steps {
        let version = step as u64 + 1;
        let cp = checkpoint(step, &[("x", json!(step))], &[("x", version)]);
        let md = metadata(step, CheckpointSource::Loop, json!({ "even": step % 2 == 0 }));
        parent = saver
            .put(&parent, &cp, &md, &versions(&[("x", version)]))
            .await
            .unwrap();
        configs.push(parent.clone());
    }
    configs
}

pub async fn put_get_round_trip_reads_unchanged_channels_from_older_blobs(saver: &dyn Checkpointer) {
    // `b` is larger than what a saver may keep inline (the IndexedDB saver: 512 bytes of JSON).
    let b = json!({"k": [1, 2], "s": "é ✓", "text": "ab".repeat(400)});
    let first = checkpoint(
        -1,
        &[("a", json!(1)), ("b", b.clone()), ("c", json!(null))],
        &[("a", 1), ("b", 1), ("c", 1)],
    );
    let md = metadata(-1, CheckpointSource::Input, json!({"run_id": "r1"}));
    let c1 = saver
        .put(
            &CheckpointConfig::new("t1"),
            &first,
            &md,
            &versions(&[("a", 1), ("b", 1), ("c", 1)]),
        )
        .await
        .unwrap();
    assert_eq!(c1.checkpoint_id.as_ref(), Some(&first.id));
    // Step 0 changes only `a`: `b` and `c` must come from the first checkpoint's blobs.
    let second = checkpoint(
        0,
        &[("a", json!(2)), ("b", b.clone()), ("c", json!(null))],
        &[("a", 2), ("b", 1), ("c", 1)],
    );
    let c2 = saver
        .put(
            &c1,
            &second,
            &metadata(0, CheckpointSource::Loop, json!({})),
            &versions(&[("a", 2)]),
        )
        .await
        .unwrap();
    let latest = saver.get_tuple(&CheckpointConfig::new("t1")).await.unwrap().unwrap();
    assert_eq!(latest.config, c2);
    assert_eq!(latest.parent_config, Some(c1.clone()));
    assert_eq!(values(&latest), json!({"a": 2, "b": b, "c": null}));
    assert_eq!(latest.checkpoint.channel_versions, second.channel_versions);
    assert_eq!(latest.metadata.step, 0);
    let older = saver.get_tuple(&c1).await.unwrap().unwrap();
    assert_eq!(values(&older), json!({"a": 1, "b": b, "c": null}));
    assert_eq!(older.metadata.extra.get("run_id"), Some(&json!("r1")));
    assert_eq!(older.parent_config, None);
    assert!(saver
        .get_tuple(&CheckpointConfig::new("nobody"))
        .await
        .unwrap()
        .is_none());
    let missing = CheckpointConfig::new("t1").with_id(Some(new_checkpoint_id(5)));
    assert!(saver.get_tuple(&missing).await.unwrap().is_none());
}

pub async fn a_cleared_channel_stays_cleared(saver: &dyn Checkpointer) {
    let c1 = saver
        .put(
            &CheckpointConfig::new("t"),
            &checkpoint(0, &[("e", json!("once"))], &[("e", 1)]),
            &metadata(0, CheckpointSource::Loop, json!({})),
            &versions(&[("e", 1)]),
        )
        .await
        .unwrap();
    // Version 2 of `e` has no value (an ephemeral channel after its step).
    saver
        .put(
            &c1,
            &checkpoint(1, &[], &[("e", 2)]),
            &metadata(1, CheckpointSource::Loop, json!({})),
            &versions(&[("e", 2)]),
        )
        .await
        .unwrap();
    let latest = saver.get_tuple(&CheckpointConfig::new("t")).await.unwrap().unwrap();
    assert_eq!(values(&latest), json!({}));
    assert_eq!(
        values(&saver.get_tuple(&c1).await.unwrap().unwrap()),
        json!({"e": "once"})
    );
}

pub async fn list_is_newest_first_with_before_limit_and_filter(saver: &dyn Checkpointer) {
    let configs = chain(saver, "t", "", 5).await;
    chain(saver, "t", "node:sub", 2).await;
    chain(saver, "other", "", 1).await;
    let ids = |tuples: Vec<langgraph_wasm::checkpoint::CheckpointTuple>| {
        tuples.into_iter().map(|t| t.metadata.step).collect::<Vec<_>>()
    };
    let root = |extra: ListQuery| ListQuery {
        thread_id: Some("t".into()),
        checkpoint_ns: Some(String::new()),
        ..extra
    };
    assert_eq!(
        ids(saver.list(&root(ListQuery::default())).await.unwrap()),
        [4, 3, 2, 1, 0]
    );
    let before = root(ListQuery {
        before: configs[3].checkpoint_id.clone(),
        ..Default::default()
    });
    assert_eq!(ids(saver.list(&before).await.unwrap()), [2, 1, 0]);
    let limited = root(ListQuery {
        limit: Some(2),
        ..Default::default()
    });
    assert_eq!(ids(saver.list(&limited).await.unwrap()), [4, 3]);
    let mut filter = Map::new();
    filter.insert("even".into(), json!(true));
    let filtered = root(ListQuery {
        filter: Some(filter.clone()),
        ..Default::default()
    });
    assert_eq!(ids(saver.list(&filtered).await.unwrap()), [4, 2, 0]);
    filter.insert("source".into(), json!("input"));
    let none = root(ListQuery {
        filter: Some(filter),
        ..Default::default()
    });
    assert!(saver.list(&none).await.unwrap().is_empty());
    let one = root(ListQuery {
        checkpoint_id: configs[1].checkpoint_id.clone(),
        ..Default::default()
    });
    let found = saver.list(&one).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(values(&found[0]), json!({"x": 1}));
    // Every namespace of the thread, and every thread.
    let all_ns = saver
        .list(&ListQuery {
            thread_id: Some("t".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all_ns.len(), 7);
    assert_eq!(saver.list(&ListQuery::default()).await.unwrap().len(), 8);
}

pub async fn writes_are_kept_per_task_and_special_channels_replace(saver: &dyn Checkpointer) {
    let configs = chain(saver, "t", "", 1).await;
    let at = &configs[0];
    saver
        .put_writes(
            at,
            &[("x".into(), json!(1)), ("y".into(), json!("a"))],
            "task-b",
            "~path",
        )
        .await
        .unwrap();
    saver
        .put_writes(at, &[("x".into(), json!(2))], "task-a", "")
        .await
        .unwrap();
    // A re-run of task-b cannot change its recorded ordinary writes…
    saver
        .put_writes(at, &[("x".into(), json!(99))], "task-b", "")
        .await
        .unwrap();
    // …while an interrupt write replaces the task's earlier one.
    saver
        .put_writes(at, &[(INTERRUPT.into(), json!(["first"]))], "task-c", "")
        .await
        .unwrap();
    saver
        .put_writes(at, &[(INTERRUPT.into(), json!(["second"]))], "task-c", "")
        .await
        .unwrap();
    saver
        .put_writes(at, &[(ERROR.into(), json!({"message": "boom"}))], "task-a", "")
        .await
        .unwrap();
    let tuple = saver.get_tuple(at).await.unwrap().unwrap();
    let writes: Vec<(String, String, Value)> = tuple
        .pending_writes
        .into_iter()
        .map(|w| (w.task_id, w.channel, w.value))
        .collect();
    assert_eq!(
        writes,
        vec![
            ("task-a".into(), ERROR.into(), json!({"message": "boom"})),
            ("task-a".into(), "x".into(), json!(2)),
            ("task-b".into(), "x".into(), json!(1)),
            ("task-b".into(), "y".into(), json!("a")),
            ("task-c".into(), INTERRUPT.into(), json!(["second"])),
        ]
    );
    // Writes belong to their checkpoint only.
    let next = chain(saver, "t", "", 2).await;
    assert!(saver
        .get_tuple(&next[1])
        .await
        .unwrap()
        .unwrap()
        .pending_writes
        .is_empty());
    // Writes need a checkpoint to attach to.
    assert!(saver
        .put_writes(&CheckpointConfig::new("t"), &[], "task", "")
        .await
        .is_err());
}

pub async fn delete_thread_removes_every_namespace_and_nothing_else(saver: &dyn Checkpointer) {
    let configs = chain(saver, "doomed", "", 2).await;
    saver
        .put_writes(&configs[1], &[("x".into(), json!(1))], "task", "")
        .await
        .unwrap();
    chain(saver, "doomed", "node:sub", 1).await;
    chain(saver, "kept", "", 1).await;
    saver.delete_thread("doomed").await.unwrap();
    let left = saver.list(&ListQuery::default()).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].config.thread_id, "kept");
    assert!(saver.get_tuple(&configs[1]).await.unwrap().is_none());
    // A thread id that is a prefix of another is its own thread.
    chain(saver, "kept-too", "", 1).await;
    saver.delete_thread("kept").await.unwrap();
    assert_eq!(
        saver.list(&ListQuery::default()).await.unwrap()[0].config.thread_id,
        "kept-too"
    );
}

pub async fn copy_thread_copies_checkpoints_values_and_writes(saver: &dyn Checkpointer) {
    let configs = chain(saver, "from", "", 3).await;
    chain(saver, "from", "node:sub", 1).await;
    saver
        .put_writes(&configs[2], &[("x".into(), json!("pending"))], "task", "")
        .await
        .unwrap();
    chain(saver, "to", "", 5).await;
    saver.copy_thread("from", "to").await.unwrap();
    let copied = saver
        .list(&ListQuery {
            thread_id: Some("to".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(copied.len(), 4, "the copy replaces what `to` held");
    let latest = saver.get_tuple(&CheckpointConfig::new("to")).await.unwrap().unwrap();
    assert_eq!(latest.checkpoint.id, *configs[2].checkpoint_id.as_ref().unwrap());
    assert_eq!(values(&latest), json!({"x": 2}));
    assert_eq!(latest.pending_writes.len(), 1);
    assert_eq!(latest.parent_config.unwrap().thread_id, "to");
    // The source is untouched.
    assert_eq!(
        saver
            .get_tuple(&CheckpointConfig::new("from"))
            .await
            .unwrap()
            .unwrap()
            .pending_writes
            .len(),
        1
    );
}

fn step_save<'a>(
    parent: &CheckpointConfig,
    checkpoint: &'a Checkpoint,
    metadata: CheckpointMetadata,
    changed: &[(&str, u64)],
    writes: Vec<TaskWrites>,
) -> StepSave<'a> {
    StepSave {
        config: parent.clone(),
        checkpoint: Cow::Borrowed(checkpoint),
        metadata: Cow::Owned(metadata),
        new_versions: versions(changed),
        writes,
    }
}

fn task_writes(task_id: &str, writes: Vec<(String, Value)>) -> TaskWrites {
    TaskWrites {
        task_id: task_id.into(),
        task_path: format!("~{task_id}"),
        writes,
    }
}

fn pending(saver_tuple: Option<langgraph_wasm::checkpoint::CheckpointTuple>) -> Vec<(String, String, Value)> {
    saver_tuple
        .unwrap()
        .pending_writes
        .into_iter()
        .map(|w| (w.task_id, w.channel, w.value))
        .collect()
}

pub async fn a_step_saves_its_tasks_writes_on_the_parent_and_its_checkpoint_as_the_child(saver: &dyn Checkpointer) {
    let configs = chain(saver, "t", "", 1).await;
    let parent = &configs[0];
    // task-a finished earlier, alone; task-b's writes come with the step's checkpoint.
    saver
        .put_writes(parent, &[("x".into(), json!("a"))], "task-a", "~a")
        .await
        .unwrap();
    let step = checkpoint(1, &[("x", json!("b"))], &[("x", 2)]);
    let task_b = task_writes("task-b", vec![("x".into(), json!("b")), (INTERRUPT.into(), json!([]))]);
    let md = metadata(1, CheckpointSource::Loop, json!({}));
    saver
        .put_steps(vec![step_save(parent, &step, md.clone(), &[("x", 2)], vec![task_b])])
        .await
        .unwrap();
    let head = saver.get_tuple(&CheckpointConfig::new("t")).await.unwrap().unwrap();
    assert_eq!(head.checkpoint.id, step.id);
    assert_eq!(head.parent_config.as_ref(), Some(parent));
    assert_eq!(values(&head), json!({"x": "b"}));
    assert!(head.pending_writes.is_empty(), "the step's writes belong to its parent");
    assert_eq!(
        pending(saver.get_tuple(parent).await.unwrap()),
        vec![
            ("task-a".into(), "x".into(), json!("a")),
            ("task-b".into(), INTERRUPT.into(), json!([])),
            ("task-b".into(), "x".into(), json!("b")),
        ]
    );
    // A step saved again (a re-run after a crash) keeps the task's first ordinary writes.
    let again = task_writes("task-b", vec![("x".into(), json!("changed"))]);
    let rerun = checkpoint(1, &[("x", json!("b"))], &[("x", 2)]);
    saver
        .put_steps(vec![step_save(parent, &rerun, md, &[("x", 2)], vec![again])])
        .await
        .unwrap();
    let kept = pending(saver.get_tuple(parent).await.unwrap());
    assert!(kept.contains(&("task-b".into(), "x".into(), json!("b"))));
    assert!(!kept.iter().any(|(_, _, v)| *v == json!("changed")));
}

pub async fn two_steps_saved_at_once_are_parent_and_child(saver: &dyn Checkpointer) {
    // A run's input checkpoint and its `__start__` step, whose writes belong to the input's.
    let input = checkpoint(-1, &[("__start__", json!({"x": 1}))], &[("__start__", 1)]);
    let input_config = CheckpointConfig::new("t").with_id(Some(input.id.clone()));
    let start = checkpoint(0, &[("x", json!(1))], &[("__start__", 2), ("x", 2)]);
    let start_writes = task_writes("start-task", vec![("x".into(), json!(1))]);
    saver
        .put_steps(vec![
            step_save(
                &CheckpointConfig::new("t"),
                &input,
                metadata(-1, CheckpointSource::Input, json!({})),
                &[("__start__", 1)],
                Vec::new(),
            ),
            step_save(
                &input_config,
                &start,
                metadata(0, CheckpointSource::Loop, json!({})),
                &[("__start__", 2), ("x", 2)],
                vec![start_writes],
            ),
        ])
        .await
        .unwrap();
    let head = saver.get_tuple(&CheckpointConfig::new("t")).await.unwrap().unwrap();
    assert_eq!(head.checkpoint.id, start.id);
    assert_eq!(head.parent_config, Some(input_config.clone()));
    assert_eq!(values(&head), json!({"x": 1}), "the emptied __start__ stays empty");
    let first = saver.get_tuple(&input_config).await.unwrap().unwrap();
    assert_eq!(values(&first), json!({"__start__": {"x": 1}}));
    assert_eq!(first.parent_config, None);
    assert_eq!(pending(Some(first)), vec![("start-task".into(), "x".into(), json!(1))]);
}
