//! Tests of `MemorySaver` against the behaviour of LangGraph's savers.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use futures::executor::block_on;
use serde_json::{json, Map, Value};

use super::MemorySaver;
use crate::checkpoint::{
    new_checkpoint_id, ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointMetadata,
    CheckpointSource, Checkpointer, ListQuery, PendingWrite, ERROR, INTERRUPT, RESUME,
};

mod threads;

fn checkpoint(step: i64, values: &[(&str, Value)], versions: &[(&str, u64)]) -> Checkpoint {
    let mut cp = Checkpoint::empty();
    cp.id = new_checkpoint_id(step);
    cp.channel_values = values
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Arc::new(v.clone())))
        .collect();
    cp.channel_versions = versions.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    cp
}

fn metadata(step: i64, source: CheckpointSource) -> CheckpointMetadata {
    CheckpointMetadata {
        source,
        step,
        parents: Default::default(),
        extra: Map::new(),
    }
}

fn versions(pairs: &[(&str, u64)]) -> ChannelVersions {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

fn values(tuple: &crate::checkpoint::CheckpointTuple) -> BTreeMap<String, Value> {
    tuple
        .checkpoint
        .channel_values
        .iter()
        .map(|(k, v)| (k.clone(), (**v).clone()))
        .collect()
}

fn strings(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

/// Puts a chain of checkpoints in one thread/namespace; returns their configs, oldest first.
fn chain(saver: &MemorySaver, thread: &str, ns: &str, steps: i64) -> Vec<CheckpointConfig> {
    let mut parent = CheckpointConfig::new(thread).with_ns(ns);
    let mut configs = Vec::new();
    for step in 0..steps {
        let cp = checkpoint(step, &[("x", json!(step))], &[("x", step as u64 + 1)]);
        let md = metadata(step, CheckpointSource::Loop);
        let new = versions(&[("x", step as u64 + 1)]);
        parent = block_on(saver.put(&parent, &cp, &md, &new)).unwrap();
        configs.push(parent.clone());
    }
    configs
}

#[test]
fn put_then_get_round_trip_reads_unchanged_channels_from_older_blobs() {
    let saver = MemorySaver::new();
    let root = CheckpointConfig::new("t1");
    let cp1 = checkpoint(
        -1,
        &[("a", json!(1)), ("b", json!({"k": [1, 2]})), ("c", json!("c1"))],
        &[("a", 1), ("b", 1), ("c", 1)],
    );
    let md1 = metadata(-1, CheckpointSource::Input);
    let config1 = block_on(saver.put(&root, &cp1, &md1, &versions(&[("a", 1), ("b", 1), ("c", 1)]))).unwrap();
    assert_eq!(config1, CheckpointConfig::new("t1").with_id(Some(cp1.id.clone())));

    // Step 0 changes `a` and clears `c`; `b` keeps version 1 and is not passed again.
    let cp2 = checkpoint(
        0,
        &[("a", json!(2)), ("b", json!({"k": [1, 2]}))],
        &[("a", 2), ("b", 1), ("c", 2)],
    );
    let md2 = metadata(0, CheckpointSource::Loop);
    let config2 = block_on(saver.put(&config1, &cp2, &md2, &versions(&[("a", 2), ("c", 2)]))).unwrap();

    let latest = block_on(saver.get_tuple(&root)).unwrap().unwrap();
    assert_eq!(latest.config, config2);
    assert_eq!(
        values(&latest),
        strings(&[("a", json!(2)), ("b", json!({"k": [1, 2]}))])
    );
    assert_eq!(latest.checkpoint, cp2, "round trip must give back the checkpoint put");
    assert_eq!(latest.metadata, md2);
    assert_eq!(latest.parent_config, Some(config1.clone()));

    let first = block_on(saver.get_tuple(&config1)).unwrap().unwrap();
    assert_eq!(first.checkpoint, cp1);
    assert_eq!(first.metadata, md1);
    assert_eq!(first.parent_config, None);
    assert!(first.pending_writes.is_empty());
}

#[test]
fn versions_without_a_blob_are_skipped() {
    let saver = MemorySaver::new();
    // `ghost` is named at version 7 but never stored.
    let cp = checkpoint(0, &[("a", json!(1))], &[("a", 1), ("ghost", 7)]);
    let config = CheckpointConfig::new("t");
    block_on(saver.put(
        &config,
        &cp,
        &metadata(0, CheckpointSource::Loop),
        &versions(&[("a", 1)]),
    ))
    .unwrap();
    let got = block_on(saver.get_tuple(&config)).unwrap().unwrap();
    assert_eq!(values(&got), strings(&[("a", json!(1))]));
    assert_eq!(got.checkpoint.channel_versions, versions(&[("a", 1), ("ghost", 7)]));
}

#[test]
fn latest_versus_by_id_and_unknowns() {
    let saver = MemorySaver::new();
    let configs = chain(&saver, "t", "", 3);
    let latest = block_on(saver.get_tuple(&CheckpointConfig::new("t"))).unwrap().unwrap();
    assert_eq!(latest.config, configs[2]);
    assert_eq!(latest.parent_config, Some(configs[1].clone()));

    let middle = block_on(saver.get_tuple(&configs[1])).unwrap().unwrap();
    assert_eq!(middle.config, configs[1]);
    assert_eq!(values(&middle), strings(&[("x", json!(1))]));
    assert_eq!(middle.parent_config, Some(configs[0].clone()));

    let unknown_id = CheckpointConfig::new("t").with_id(Some(new_checkpoint_id(0)));
    assert_eq!(block_on(saver.get_tuple(&unknown_id)), Ok(None));
    assert_eq!(block_on(saver.get_tuple(&CheckpointConfig::new("nope"))), Ok(None));
    assert_eq!(
        block_on(saver.get_tuple(&CheckpointConfig::new("t").with_ns("sub"))),
        Ok(None)
    );
}

#[test]
fn pending_writes_are_ordered_by_task_then_index() {
    let saver = MemorySaver::new();
    let configs = chain(&saver, "t", "", 1);
    let at = &configs[0];
    let w = |c: &str, v: Value| (c.to_owned(), v);
    block_on(saver.put_writes(at, &[w("b", json!(1)), w("a", json!(2))], "task-2", "p2")).unwrap();
    block_on(saver.put_writes(at, &[w("x", json!(3))], "task-1", "p1")).unwrap();
    block_on(saver.put_writes(at, &[w(INTERRUPT, json!(["i"]))], "task-2", "p2")).unwrap();

    let got = block_on(saver.get_tuple(at)).unwrap().unwrap().pending_writes;
    let pw = |task: &str, c: &str, v: Value| PendingWrite {
        task_id: task.to_owned(),
        channel: c.to_owned(),
        value: v,
    };
    assert_eq!(
        got,
        vec![
            pw("task-1", "x", json!(3)),
            pw("task-2", INTERRUPT, json!(["i"])),
            pw("task-2", "b", json!(1)),
            pw("task-2", "a", json!(2)),
        ]
    );
    // Writes belong to their checkpoint only: the latest tuple of another checkpoint has none.
    let later = chain(&saver, "t", "", 1);
    let latest = block_on(saver.get_tuple(&later[0])).unwrap().unwrap();
    assert!(latest.pending_writes.is_empty());
}

#[test]
fn special_writes_replace_ordinary_writes_are_kept() {
    let saver = MemorySaver::new();
    let at = &chain(&saver, "t", "", 1)[0];
    let w = |c: &str, v: Value| (c.to_owned(), v);
    block_on(saver.put_writes(at, &[w("a", json!("first"))], "task", "")).unwrap();
    block_on(saver.put_writes(at, &[w("a", json!("second")), w("b", json!("new"))], "task", "")).unwrap();
    block_on(saver.put_writes(at, &[w(ERROR, json!("e1"))], "task", "")).unwrap();
    block_on(saver.put_writes(at, &[w(ERROR, json!("e2"))], "task", "")).unwrap();
    block_on(saver.put_writes(at, &[w(RESUME, json!("r1")), w(INTERRUPT, json!("i1"))], "task", "")).unwrap();
    block_on(saver.put_writes(at, &[w(RESUME, json!("r2"))], "task", "")).unwrap();

    let got: Vec<(String, Value)> = block_on(saver.get_tuple(at))
        .unwrap()
        .unwrap()
        .pending_writes
        .into_iter()
        .map(|p| (p.channel, p.value))
        .collect();
    assert_eq!(
        got,
        vec![
            w(RESUME, json!("r2")),
            w(INTERRUPT, json!("i1")),
            w(ERROR, json!("e2")),
            w("a", json!("first")),
            w("b", json!("new")),
        ]
    );
}

#[test]
fn put_writes_without_checkpoint_id_is_an_error() {
    let saver = MemorySaver::new();
    let err =
        block_on(saver.put_writes(&CheckpointConfig::new("t"), &[("a".to_owned(), json!(1))], "task", "")).unwrap_err();
    assert!(
        matches!(&err, CheckpointError::Storage(msg) if msg.contains("checkpoint id")),
        "{err}"
    );
    assert!(block_on(saver.list(&ListQuery::default())).unwrap().is_empty());
}

#[test]
fn usable_behind_rc_dyn_checkpointer() {
    let saver: Rc<dyn Checkpointer> = Rc::new(MemorySaver::new());
    let cp = checkpoint(-1, &[("a", json!(true))], &[("a", 1)]);
    let config = CheckpointConfig::new("t");
    let stored = block_on(saver.put(
        &config,
        &cp,
        &metadata(-1, CheckpointSource::Input),
        &versions(&[("a", 1)]),
    ))
    .unwrap();
    let got = block_on(saver.get_tuple(&config)).unwrap().unwrap();
    assert_eq!(got.config, stored);
    assert_eq!(values(&got), strings(&[("a", json!(true))]));
}

/// Stores, on thread "t", a first checkpoint holding `value` in `channel` (version 1), then a
/// task's write of `write` to `channel` against it: the checkpoint and its config.
fn store_value_then_write(
    saver: &MemorySaver,
    channel: &str,
    value: Value,
    write: Value,
) -> (Checkpoint, CheckpointConfig) {
    let cp = checkpoint(0, &[(channel, value)], &[(channel, 1)]);
    let config = block_on(saver.put(
        &CheckpointConfig::new("t"),
        &cp,
        &metadata(0, CheckpointSource::Loop),
        &versions(&[(channel, 1)]),
    ))
    .unwrap();
    block_on(saver.put_writes(&config, &[(channel.into(), write)], "task", "")).unwrap();
    (cp, config)
}

/// Stores on thread "t" a list channel `items` at version 1 (`whole`), a task's write of
/// `appended` against that checkpoint, and version 2 as a delta appending `appended`: the
/// checkpoints and their configs.
fn store_list_then_delta(saver: &MemorySaver, whole: Value, appended: Value) -> [(Checkpoint, CheckpointConfig); 2] {
    use crate::checkpoint::delta;
    let (first, c1) = store_value_then_write(saver, "items", whole, appended.clone());
    let second = checkpoint(1, &[("items", delta(1, appended))], &[("items", 2)]);
    let c2 = block_on(saver.put(
        &c1,
        &second,
        &metadata(1, CheckpointSource::Loop),
        &versions(&[("items", 2)]),
    ))
    .unwrap();
    [(first, c1), (second, c2)]
}

#[test]
fn json_text_values_deltas_and_writes_read_back_as_values() {
    use crate::checkpoint::json_text;
    let saver = MemorySaver::new();
    assert!(saver.encodings().text);
    // The second version is stored as the items appended to version 1, themselves as text.
    let [(first, c1), (second, c2)] =
        store_list_then_delta(&saver, json_text(r#"[{"a":1}]"#), json_text(r#"[{"b":2}]"#));
    let latest = block_on(saver.get_tuple(&CheckpointConfig::new("t"))).unwrap().unwrap();
    assert_eq!(latest.config, c2);
    assert_eq!(values(&latest), strings(&[("items", json!([{"a": 1}, {"b": 2}]))]));
    let older = block_on(saver.get_tuple(&c1)).unwrap().unwrap();
    assert_eq!(values(&older), strings(&[("items", json!([{"a": 1}]))]));
    assert_eq!(older.pending_writes[0].value, json!([{"b": 2}]));
    let listed = block_on(saver.list(&ListQuery::default())).unwrap();
    assert_eq!(
        listed.iter().map(values).collect::<Vec<_>>(),
        vec![values(&latest), values(&older)]
    );
    // Text counts as the text it is, not as a JSON string holding it.
    let text = r#"[{"a":1}]"#.len() + 2 * r#"[{"b":2}]"#.len();
    let rows: usize = [&first, &second]
        .iter()
        .map(|cp| {
            let mut row = (*cp).clone();
            row.channel_values.clear();
            serde_json::to_vec(&row).unwrap().len()
                + serde_json::to_vec(&metadata(0, CheckpointSource::Loop)).unwrap().len()
        })
        .sum();
    assert_eq!(saver.stored_bytes(), text + rows);
}

#[test]
fn json_text_that_is_not_json_is_a_corrupt_record_not_a_panic() {
    use crate::checkpoint::json_text;
    let saver = MemorySaver::new();
    let cp = checkpoint(0, &[("x", json_text("{broken"))], &[("x", 1)]);
    let start = CheckpointConfig::new("t");
    block_on(saver.put(
        &start,
        &cp,
        &metadata(0, CheckpointSource::Loop),
        &versions(&[("x", 1)]),
    ))
    .unwrap();
    let err = block_on(saver.get_tuple(&start)).unwrap_err();
    assert_eq!(err.name(), "CorruptRecordError");
}

#[test]
fn host_texts_live_while_a_thread_or_its_copy_stores_them() {
    use crate::checkpoint::host_text::{self, HostText};

    struct Kept(&'static str);
    impl HostText for Kept {
        fn text(&self) -> Option<String> {
            Some(self.0.to_string())
        }
    }

    let saver = MemorySaver::new();
    assert!(saver.encodings().host);
    let (whole, whole_pin) = host_text::register(Rc::new(Kept(r#"[{"a":1}]"#)));
    let (appended, appended_pin) = host_text::register(Rc::new(Kept(r#"[{"b":2}]"#)));
    let [(_, c1), _] = store_list_then_delta(&saver, whole.clone(), appended.clone());
    // The writer lets go of its pins once the saver has stored the values.
    drop((whole_pin, appended_pin));

    let read = |thread: &str| {
        let latest = block_on(saver.get_tuple(&CheckpointConfig::new(thread)))
            .unwrap()
            .unwrap();
        let at_c1 = CheckpointConfig::new(thread).with_id(c1.checkpoint_id.clone());
        let older = block_on(saver.get_tuple(&at_c1)).unwrap().unwrap();
        (values(&latest), values(&older), older.pending_writes[0].value.clone())
    };
    let expected = (
        strings(&[("items", json!([{"a": 1}, {"b": 2}]))]),
        strings(&[("items", json!([{"a": 1}]))]),
        json!([{"b": 2}]),
    );
    assert_eq!(read("t"), expected);
    // Text counts as the text it is.
    assert!(saver.stored_bytes() > r#"[{"a":1}]"#.len() + 2 * r#"[{"b":2}]"#.len());

    block_on(Checkpointer::copy_thread(&saver, "t", "u")).unwrap();
    block_on(saver.delete_thread("t")).unwrap();
    assert_eq!(read("u"), expected);
    block_on(saver.delete_thread("u")).unwrap();
    // Nothing stores them now: the texts are gone.
    assert_eq!(
        host_text::resolve(&whole).unwrap().unwrap_err().name(),
        "CorruptRecordError"
    );
    assert!(host_text::pin(&appended).is_none());
}

#[test]
fn strings_that_start_like_its_tokens_read_back_as_strings() {
    // A native graph's values reach the saver as they are: no writer wraps them first.
    let saver = MemorySaver::new();
    let (json_like, host_like) = (json!("\u{0}lgw-json:{}"), json!("\u{0}lgw-host:1"));
    let (_, c1) = store_value_then_write(&saver, "x", json_like.clone(), host_like.clone());
    let read = block_on(saver.get_tuple(&c1)).unwrap().unwrap();
    assert_eq!(values(&read), strings(&[("x", json_like)]));
    assert_eq!(read.pending_writes[0].value, host_like);
}
