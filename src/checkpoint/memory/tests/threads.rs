//! Tests of `MemorySaver`'s listing and whole-thread operations (`delete_thread`, `copy_thread`).

use futures::executor::block_on;
use serde_json::{json, Map, Value};

use super::{chain, checkpoint, metadata};
use crate::checkpoint::{ChannelVersions, CheckpointConfig, CheckpointSource, Checkpointer, ListQuery, MemorySaver};

#[test]
fn list_is_newest_first_with_before_limit_filter_ns_and_all_threads() {
    let saver = MemorySaver::new();
    let t1 = chain(&saver, "t1", "", 4);
    let sub = chain(&saver, "t1", "node:abc", 2);
    let t2 = chain(&saver, "t2", "", 2);
    let ids = |tuples: Vec<crate::checkpoint::CheckpointTuple>| -> Vec<CheckpointConfig> {
        tuples.into_iter().map(|t| t.config).collect()
    };
    let rev = |configs: &[CheckpointConfig]| configs.iter().rev().cloned().collect::<Vec<_>>();

    let root_only = ListQuery {
        thread_id: Some("t1".into()),
        checkpoint_ns: Some(String::new()),
        ..Default::default()
    };
    assert_eq!(ids(block_on(saver.list(&root_only)).unwrap()), rev(&t1));

    // All namespaces of t1, newest first across them.
    let all_ns = ListQuery {
        thread_id: Some("t1".into()),
        ..Default::default()
    };
    let mut expected: Vec<_> = t1.iter().chain(&sub).cloned().collect();
    expected.sort_by(|a, b| b.checkpoint_id.cmp(&a.checkpoint_id));
    assert_eq!(ids(block_on(saver.list(&all_ns)).unwrap()), expected);

    // Every thread.
    let everything = block_on(saver.list(&ListQuery::default())).unwrap();
    assert_eq!(everything.len(), t1.len() + sub.len() + t2.len());
    assert_eq!(everything[0].config, t2[1]);
    assert!(everything
        .windows(2)
        .all(|w| w[0].config.checkpoint_id > w[1].config.checkpoint_id));

    // `before` is strict, `limit` applies last.
    let before = ListQuery {
        before: t1[2].checkpoint_id.clone(),
        limit: Some(1),
        ..root_only.clone()
    };
    assert_eq!(ids(block_on(saver.list(&before)).unwrap()), vec![t1[1].clone()]);
    let before_all = ListQuery { limit: None, ..before };
    assert_eq!(
        ids(block_on(saver.list(&before_all)).unwrap()),
        vec![t1[1].clone(), t1[0].clone()]
    );
    let zero = ListQuery {
        limit: Some(0),
        ..root_only.clone()
    };
    assert!(block_on(saver.list(&zero)).unwrap().is_empty());

    // Metadata filter: step 2 only; the limit counts matches, not rows scanned.
    let mut filter = Map::new();
    filter.insert("step".into(), json!(2));
    filter.insert("source".into(), json!("loop"));
    let filtered = ListQuery {
        filter: Some(filter),
        limit: Some(1),
        ..root_only.clone()
    };
    assert_eq!(ids(block_on(saver.list(&filtered)).unwrap()), vec![t1[2].clone()]);
    let mut no_match = Map::new();
    no_match.insert("source".into(), json!("update"));
    let none = ListQuery {
        filter: Some(no_match),
        ..root_only.clone()
    };
    assert!(block_on(saver.list(&none)).unwrap().is_empty());

    // By checkpoint id, with values and parent filled in like get_tuple.
    let by_id = ListQuery {
        checkpoint_id: t1[3].checkpoint_id.clone(),
        ..all_ns
    };
    let listed = block_on(saver.list(&by_id)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(Some(&listed[0]), block_on(saver.get_tuple(&t1[3])).unwrap().as_ref());
    assert_eq!(listed[0].parent_config, Some(t1[2].clone()));
}

#[test]
fn list_filter_matches_extra_metadata_and_missing_keys_as_null() {
    let saver = MemorySaver::new();
    let config = CheckpointConfig::new("t");
    let mut md = metadata(0, CheckpointSource::Update);
    md.extra.insert("run_id".into(), json!("r1"));
    let cp = checkpoint(0, &[], &[]);
    block_on(saver.put(&config, &cp, &md, &ChannelVersions::new())).unwrap();
    let query = |key: &str, value: Value| {
        let mut filter = Map::new();
        filter.insert(key.into(), value);
        block_on(saver.list(&ListQuery {
            filter: Some(filter),
            ..Default::default()
        }))
        .unwrap()
        .len()
    };
    assert_eq!(query("run_id", json!("r1")), 1);
    assert_eq!(query("run_id", json!("r2")), 0);
    assert_eq!(query("absent", Value::Null), 1);
    assert_eq!(query("absent", json!(1)), 0);
}

#[test]
fn delete_thread_removes_every_namespace_and_spares_other_threads() {
    let saver = MemorySaver::new();
    let root = chain(&saver, "t", "", 2);
    let sub = chain(&saver, "t", "node:x", 2);
    let other = chain(&saver, "u", "", 1);
    let w = [("a".to_owned(), json!(1))];
    block_on(saver.put_writes(&root[1], &w, "task", "")).unwrap();
    block_on(saver.put_writes(&sub[1], &w, "task", "")).unwrap();

    block_on(saver.delete_thread("t")).unwrap();
    for config in [CheckpointConfig::new("t"), CheckpointConfig::new("t").with_ns("node:x")] {
        assert_eq!(block_on(saver.get_tuple(&config)), Ok(None));
    }
    let left = block_on(saver.list(&ListQuery::default())).unwrap();
    assert_eq!(left.iter().map(|t| t.config.clone()).collect::<Vec<_>>(), other);
    let store = saver.store.borrow();
    assert_eq!(
        store.threads.keys().collect::<Vec<_>>(),
        vec!["u"],
        "blobs and writes are gone too"
    );
    drop(store);

    // Putting again at the same ids finds no stale writes or blobs.
    block_on(saver.put(
        &CheckpointConfig::new("t"),
        &checkpoint(0, &[], &[("x", 1)]),
        &metadata(0, CheckpointSource::Loop),
        &ChannelVersions::new(),
    ))
    .unwrap();
    let fresh = block_on(saver.get_tuple(&CheckpointConfig::new("t"))).unwrap().unwrap();
    assert!(fresh.checkpoint.channel_values.is_empty());
    assert!(fresh.pending_writes.is_empty());
    block_on(saver.delete_thread("never-existed")).unwrap();
}

#[test]
fn copy_thread_copies_everything_under_the_new_id() {
    let saver = MemorySaver::new();
    let root = chain(&saver, "src", "", 2);
    let sub = chain(&saver, "src", "node:x", 1);
    block_on(saver.put_writes(&root[1], &[("a".to_owned(), json!(1))], "task", "")).unwrap();
    chain(&saver, "dst", "", 1); // replaced by the copy

    block_on(saver.copy_thread("src", "dst")).unwrap();
    let list = |thread: &str| {
        block_on(saver.list(&ListQuery {
            thread_id: Some(thread.into()),
            ..Default::default()
        }))
        .unwrap()
    };
    let (src, dst) = (list("src"), list("dst"));
    assert_eq!(src.len(), root.len() + sub.len());
    assert_eq!(dst.len(), src.len());
    for (s, d) in src.iter().zip(&dst) {
        assert_eq!(d.config.thread_id, "dst");
        assert_eq!(d.config.checkpoint_ns, s.config.checkpoint_ns);
        assert_eq!(d.config.checkpoint_id, s.config.checkpoint_id);
        assert_eq!(
            d.parent_config.as_ref().map(|p| p.thread_id.as_str()),
            s.parent_config.as_ref().map(|_| "dst")
        );
        assert_eq!(d.checkpoint, s.checkpoint);
        assert_eq!(d.metadata, s.metadata);
        assert_eq!(d.pending_writes, s.pending_writes);
    }
    let copied = CheckpointConfig {
        thread_id: "dst".into(),
        ..root[1].clone()
    };
    let with_writes = block_on(saver.get_tuple(&copied)).unwrap().unwrap();
    assert_eq!(with_writes.pending_writes.len(), 1);

    // The copy is independent of the source.
    block_on(saver.delete_thread("src")).unwrap();
    assert_eq!(list("dst").len(), dst.len());
    block_on(saver.copy_thread("src", "dst")).unwrap();
    assert!(
        list("dst").is_empty(),
        "copying a thread with no records leaves an empty copy"
    );
}
