//! `Topic`: a pub/sub list of the values written in a step (or, accumulating, in all steps).
//!
//! The loop keeps pending `Send`s in one (`__pregel_tasks`). A written list is flattened one
//! level, so a node can publish several items in one write.

use std::sync::Arc;

use serde_json::Value;

use super::{json_type, Channel, ChannelError};

/// The values published to the topic, as a JSON array.
#[derive(Clone, Debug)]
pub struct Topic {
    /// Keep values across steps instead of starting afresh each step.
    accumulate: bool,
    /// Always a non-empty array when present, so `get` can hand it out as is.
    values: Option<Arc<Value>>,
}

impl Topic {
    /// A topic holding `saved` (a previous `checkpoint()`, which must be an array), or empty.
    pub fn new(accumulate: bool, saved: Option<Arc<Value>>) -> Result<Self, ChannelError> {
        let values = match saved.as_deref() {
            None => None,
            Some(Value::Array(items)) if items.is_empty() => None,
            Some(Value::Array(_)) => saved,
            Some(other) => {
                return Err(ChannelError::InvalidValue(format!(
                    "a topic checkpoint must be an array, got {}",
                    json_type(other)
                )))
            }
        };
        Ok(Topic { accumulate, values })
    }
}

impl Channel for Topic {
    fn get(&self) -> Option<Arc<Value>> {
        self.values.clone()
    }

    fn update(&mut self, values: Vec<Value>) -> Result<bool, ChannelError> {
        let mut changed = false;
        if !self.accumulate {
            changed = self.values.take().is_some();
        }
        let mut flat = Vec::with_capacity(values.len());
        for value in values {
            match value {
                Value::Array(items) => flat.extend(items),
                other => flat.push(other),
            }
        }
        if flat.is_empty() {
            return Ok(changed);
        }
        match &mut self.values {
            Some(existing) => match Arc::make_mut(existing) {
                Value::Array(items) => items.extend(flat),
                // Unreachable by construction (only arrays are stored); recover rather than panic.
                other => *other = Value::Array(flat),
            },
            None => self.values = Some(Arc::new(Value::Array(flat))),
        }
        Ok(true)
    }

    fn expires(&self) -> bool {
        !self.accumulate
    }

    fn checkpoint(&self) -> Option<Arc<Value>> {
        self.values.clone()
    }

    fn clone_box(&self) -> Box<dyn Channel> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::ChannelSpec;
    use serde_json::json;

    fn topic(accumulate: bool) -> Topic {
        Topic::new(accumulate, None).unwrap()
    }

    #[test]
    fn topic_flattens_lists_one_level() {
        let mut channel = topic(false);
        let writes = vec![json!(1), json!([2, [3]]), json!({"a": 4})];
        assert_eq!(channel.update(writes), Ok(true));
        assert_eq!(channel.get().as_deref(), Some(&json!([1, 2, [3], {"a": 4}])));
    }

    #[test]
    fn topic_clears_each_step_unless_accumulating() {
        let mut channel = topic(false);
        channel.update(vec![json!("a")]).unwrap();
        assert_eq!(channel.update(vec![json!("b")]), Ok(true));
        assert_eq!(channel.get().as_deref(), Some(&json!(["b"])));
        assert_eq!(channel.update(vec![]), Ok(true));
        assert_eq!(channel.get(), None);
        assert_eq!(channel.update(vec![]), Ok(false));

        let mut channel = topic(true);
        channel.update(vec![json!("a")]).unwrap();
        assert_eq!(channel.update(vec![json!("b")]), Ok(true));
        assert_eq!(channel.update(vec![]), Ok(false));
        assert_eq!(channel.get().as_deref(), Some(&json!(["a", "b"])));
    }

    #[test]
    fn writing_only_empty_lists_publishes_nothing() {
        let mut channel = topic(true);
        assert_eq!(channel.update(vec![json!([]), json!([])]), Ok(false));
        assert_eq!(channel.get(), None);
        assert_eq!(channel.checkpoint(), None);
    }

    #[test]
    fn an_unchanged_channel_returns_the_same_arc() {
        let mut channel = topic(true);
        channel.update(vec![json!(1)]).unwrap();
        let before = channel.get().unwrap();
        channel.update(vec![]).unwrap();
        assert!(Arc::ptr_eq(&before, &channel.get().unwrap()));
    }

    #[test]
    fn a_value_read_before_an_update_is_not_changed_by_it() {
        let mut channel = topic(true);
        channel.update(vec![json!(1)]).unwrap();
        let before = channel.get().unwrap();
        channel.update(vec![json!(2)]).unwrap();
        assert_eq!(*before, json!([1]));
        assert_eq!(channel.get().as_deref(), Some(&json!([1, 2])));
    }

    #[test]
    fn a_channel_restored_from_its_checkpoint_has_the_same_value() {
        let mut channel = topic(true);
        channel.update(vec![json!([1, 2])]).unwrap();
        let spec = ChannelSpec::Topic { accumulate: true };
        let mut restored = spec.create(channel.checkpoint()).unwrap();
        assert_eq!(restored.get(), channel.get());
        restored.update(vec![json!(3)]).unwrap();
        assert_eq!(restored.get().as_deref(), Some(&json!([1, 2, 3])));
    }

    #[test]
    fn a_saved_empty_array_restores_an_empty_topic() {
        let channel = Topic::new(false, Some(Arc::new(json!([])))).unwrap();
        assert!(!channel.is_available());
    }

    #[test]
    fn a_saved_value_that_is_not_an_array_is_rejected() {
        let result = Topic::new(false, Some(Arc::new(json!({"a": 1}))));
        assert!(matches!(result, Err(ChannelError::InvalidValue(msg)) if msg.contains("got object")));
    }
}
