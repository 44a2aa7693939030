//! The triggers of a deferred node (`add_node` with `defer`): `LastValueAfterFinish` for its
//! `branch:to:<node>` and `NamedBarrierValueAfterFinish` for a join into it. A write arms them,
//! but they read as empty until the loop calls `finish` (when no channel updated in a step
//! triggers any node: every other pending task has run), so the node runs once, after the longest
//! of the branches that lead to it. Consuming the trigger disarms it again.
//!
//! Checkpointed as LangGraph's are: `[value, finished]` and `[seen names, finished]`.

use std::sync::Arc;

use serde_json::Value;

use super::{json_type, Channel, ChannelError, NamedBarrierValue};
use crate::sorted::SortedSet;

/// The last value written, available only once the graph finished everything else.
#[derive(Clone, Debug, Default)]
pub struct LastValueAfterFinish {
    value: Option<Arc<Value>>,
    finished: bool,
}

impl LastValueAfterFinish {
    /// A channel holding `saved` (a previous `checkpoint()`: `[value, finished]`), or empty.
    pub fn new(saved: Option<Arc<Value>>) -> Result<Self, ChannelError> {
        Ok(
            match unpair(
                saved.as_deref(),
                "a deferred trigger's checkpoint must be [value, finished]",
            )? {
                Some((value, finished)) => LastValueAfterFinish {
                    value: Some(Arc::new(value)),
                    finished,
                },
                None => Self::default(),
            },
        )
    }
}

impl Channel for LastValueAfterFinish {
    fn get(&self) -> Option<Arc<Value>> {
        self.value.clone().filter(|_| self.finished)
    }

    fn update(&mut self, values: Vec<Value>) -> Result<bool, ChannelError> {
        let Some(value) = values.into_iter().last() else {
            return Ok(false);
        };
        self.value = Some(Arc::new(value));
        self.finished = false;
        Ok(true)
    }

    fn consume(&mut self) -> bool {
        if !self.finished {
            return false;
        }
        self.finished = false;
        self.value = None;
        true
    }

    fn finish(&mut self) -> bool {
        if self.finished || self.value.is_none() {
            return false;
        }
        self.finished = true;
        true
    }

    fn checkpoint(&self) -> Option<Arc<Value>> {
        Some(pair(self.value.as_deref()?.clone(), self.finished))
    }

    fn clone_box(&self) -> Box<dyn Channel> {
        Box::new(self.clone())
    }
}

/// A join (`join:a+b:c`) into a deferred node: open once every name was seen and the graph
/// finished everything else.
#[derive(Clone, Debug)]
pub struct NamedBarrierValueAfterFinish {
    barrier: NamedBarrierValue,
    finished: bool,
}

impl NamedBarrierValueAfterFinish {
    /// A barrier expecting `names`, holding `saved` (a previous `checkpoint()`: `[seen, finished]`)
    /// or nothing.
    pub fn new(names: SortedSet<String>, saved: Option<Arc<Value>>) -> Result<Self, ChannelError> {
        let saved = unpair(
            saved.as_deref(),
            "a deferred join's checkpoint must be [names, finished]",
        )?;
        let (seen, finished) = saved.map_or((None, false), |(seen, finished)| (Some(Arc::new(seen)), finished));
        Ok(NamedBarrierValueAfterFinish {
            barrier: NamedBarrierValue::new(names, seen)?,
            finished,
        })
    }
}

impl Channel for NamedBarrierValueAfterFinish {
    fn get(&self) -> Option<Arc<Value>> {
        self.barrier.get().filter(|_| self.finished)
    }

    fn update(&mut self, values: Vec<Value>) -> Result<bool, ChannelError> {
        self.barrier.update(values)
    }

    fn consume(&mut self) -> bool {
        if !self.finished || !self.barrier.is_available() {
            return false;
        }
        self.finished = false;
        self.barrier.consume()
    }

    fn finish(&mut self) -> bool {
        if self.finished || !self.barrier.is_available() {
            return false;
        }
        self.finished = true;
        true
    }

    fn checkpoint(&self) -> Option<Arc<Value>> {
        let seen = self
            .barrier
            .checkpoint()
            .map_or(Value::Array(Vec::new()), |s| s.as_ref().clone());
        Some(pair(seen, self.finished))
    }

    fn clone_box(&self) -> Box<dyn Channel> {
        Box::new(self.clone())
    }
}

/// Both channels' checkpoint: `[what they hold, finished]`, as LangGraph saves them.
fn pair(held: Value, finished: bool) -> Arc<Value> {
    Arc::new(Value::Array(vec![held, Value::Bool(finished)]))
}

/// What `pair` made, read back (`None` for nothing saved); anything else is refused with
/// `expected` and what was found.
fn unpair(saved: Option<&Value>, expected: &str) -> Result<Option<(Value, bool)>, ChannelError> {
    match saved {
        None => Ok(None),
        Some(Value::Array(items)) if items.len() == 2 && items[1].is_boolean() => {
            Ok(Some((items[0].clone(), items[1] == Value::Bool(true))))
        }
        Some(other) => Err(ChannelError::InvalidValue(format!(
            "{expected}, got {}",
            json_type(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::ChannelSpec;
    use serde_json::json;

    #[test]
    fn a_deferred_trigger_reads_empty_until_finish_and_consume_disarms_it() {
        let mut channel = LastValueAfterFinish::default();
        assert!(!channel.finish(), "nothing to release yet");
        assert_eq!(channel.update(vec![json!(1), json!(2)]), Ok(true));
        assert_eq!(channel.get(), None);
        assert!(!channel.consume(), "not released: nothing to consume");
        assert_eq!(channel.checkpoint().as_deref(), Some(&json!([2, false])));
        assert!(channel.finish());
        assert!(!channel.finish(), "released once");
        assert_eq!(channel.get().as_deref(), Some(&json!(2)));
        assert_eq!(channel.checkpoint().as_deref(), Some(&json!([2, true])));
        assert!(channel.consume());
        assert_eq!(channel.get(), None);
        assert_eq!(channel.checkpoint(), None);
        assert_eq!(channel.update(vec![]), Ok(false));
    }

    #[test]
    fn a_write_after_finish_arms_the_trigger_again() {
        let mut channel = LastValueAfterFinish::default();
        channel.update(vec![json!("a")]).unwrap();
        assert!(channel.finish());
        assert_eq!(channel.update(vec![json!("b")]), Ok(true));
        assert_eq!(channel.get(), None);
    }

    #[test]
    fn a_deferred_join_opens_after_every_name_and_finish() {
        let names: SortedSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        let mut channel = NamedBarrierValueAfterFinish::new(names, None).unwrap();
        assert_eq!(channel.update(vec![json!("a")]), Ok(true));
        assert!(!channel.finish(), "b not seen yet");
        assert_eq!(channel.update(vec![json!("b")]), Ok(true));
        assert_eq!(channel.get(), None);
        assert_eq!(channel.checkpoint().as_deref(), Some(&json!([["a", "b"], false])));
        assert!(channel.finish());
        assert_eq!(channel.get().as_deref(), Some(&Value::Null));
        assert!(channel.consume());
        assert_eq!(channel.get(), None);
        assert!(!channel.consume());
        assert!(channel.update(vec![json!("c")]).is_err());
    }

    #[test]
    fn both_come_back_from_their_checkpoints() {
        let spec = ChannelSpec::Deferred;
        let channel = spec.create(Some(Arc::new(json!(["go", true])))).unwrap();
        assert_eq!(channel.get().as_deref(), Some(&json!("go")));
        assert!(spec.create(Some(Arc::new(json!("go")))).is_err());

        let names: SortedSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        let spec = ChannelSpec::DeferredBarrier { names };
        let channel = spec.create(Some(Arc::new(json!([["a", "b"], true])))).unwrap();
        assert_eq!(channel.get().as_deref(), Some(&Value::Null));
        let channel = spec.create(Some(Arc::new(json!([["a"], true])))).unwrap();
        assert_eq!(channel.get(), None);
        assert!(spec.create(Some(Arc::new(json!([["z"], false])))).is_err());
    }
}
