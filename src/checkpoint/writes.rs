//! A checkpoint's pending writes as LangGraph's savers keep them, for every saver here: by task
//! and write index (`write_index`), where an ordinary write is kept as first stored (a re-run
//! after a crash cannot change what was recorded) and a special channel's (an interrupt, a
//! resume value, an error) is replaced by the task's later one.

use serde_json::Value;

use super::{write_index, PendingWrite};
use crate::sorted::SortedMap;

/// One pending write of a task.
#[derive(Debug, Clone)]
pub(crate) struct WriteRow {
    pub channel: String,
    pub value: Value,
    /// Kept beside the write, as LangGraph's savers do; not part of `PendingWrite`.
    #[allow(dead_code)]
    task_path: String,
}

/// One checkpoint's writes. Map order (task id, then index) is the order LangGraph's savers
/// return them in.
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredWrites(SortedMap<(String, i64), WriteRow>);

impl StoredWrites {
    /// Stores task `task_id`'s write at `idx`, unless it is an ordinary write the task already
    /// has (oldest first: call in the order the writes were stored).
    pub fn keep(&mut self, task_id: &str, idx: i64, channel: String, value: Value, task_path: String) {
        let key = (task_id.to_owned(), idx);
        if idx >= 0 && self.0.contains_key(&key) {
            return;
        }
        self.0.insert(
            key,
            WriteRow {
                channel,
                value,
                task_path,
            },
        );
    }

    /// Stores the writes of one `put_writes` call, indexed by their positions.
    pub fn keep_all(&mut self, task_id: &str, task_path: &str, writes: impl Iterator<Item = (String, Value)>) {
        for (position, (channel, value)) in writes.enumerate() {
            let idx = write_index(&channel, position);
            self.keep(task_id, idx, channel, value, task_path.to_owned());
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &WriteRow)> {
        self.0.iter().map(|((task_id, _), write)| (task_id.as_str(), write))
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub fn into_pending(self) -> Vec<PendingWrite> {
        let writes = self.0.into_iter();
        writes
            .map(|((task_id, _), write)| PendingWrite {
                task_id,
                channel: write.channel,
                value: write.value,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::{ERROR, INTERRUPT};
    use serde_json::json;

    #[test]
    fn the_first_ordinary_write_and_the_last_special_one_are_kept_in_task_then_index_order() {
        let mut stored = StoredWrites::default();
        let writes = |pairs: &[(&str, Value)]| {
            let pairs: Vec<(String, Value)> = pairs.iter().map(|(c, v)| (c.to_string(), v.clone())).collect();
            pairs.into_iter()
        };
        stored.keep_all("b", "", writes(&[("x", json!(1)), (INTERRUPT, json!("first"))]));
        stored.keep_all("a", "", writes(&[("y", json!(2))]));
        stored.keep_all(
            "b",
            "",
            writes(&[("x", json!(99)), (INTERRUPT, json!("second")), (ERROR, json!("e"))]),
        );
        let pending: Vec<_> = stored
            .into_pending()
            .into_iter()
            .map(|w| (w.task_id, w.channel, w.value))
            .collect();
        let expected = [
            ("a", "y", json!(2)),
            ("b", INTERRUPT, json!("second")),
            ("b", ERROR, json!("e")),
            ("b", "x", json!(1)),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(t, c, v)| (t.to_string(), c.to_string(), v))
            .collect();
        assert_eq!(pending, expected);
    }
}
