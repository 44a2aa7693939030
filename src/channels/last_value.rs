//! `LastValue`: the channel of a state key without a reducer.
//!
//! It holds whatever was written last and refuses two writes in one superstep, because with
//! parallel tasks "last" would depend on scheduling order.

use std::sync::Arc;

use serde_json::Value;

use super::{Channel, ChannelError};

/// Holds the single value written in the most recent step that wrote to it.
#[derive(Clone, Debug, Default)]
pub struct LastValue {
    value: Option<Arc<Value>>,
}

impl LastValue {
    /// A channel holding `saved` (a previous `checkpoint()`), or empty.
    pub fn new(saved: Option<Arc<Value>>) -> Self {
        LastValue { value: saved }
    }
}

impl Channel for LastValue {
    fn get(&self) -> Option<Arc<Value>> {
        self.value.clone()
    }

    fn update(&mut self, values: Vec<Value>) -> Result<bool, ChannelError> {
        let mut values = values.into_iter();
        let Some(value) = values.next() else {
            return Ok(false);
        };
        if values.next().is_some() {
            return Err(ChannelError::ConcurrentUpdate);
        }
        self.value = Some(Arc::new(value));
        Ok(true)
    }

    fn checkpoint(&self) -> Option<Arc<Value>> {
        self.value.clone()
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

    #[test]
    fn a_new_channel_is_empty() {
        let channel = LastValue::new(None);
        assert_eq!(channel.get(), None);
        assert!(!channel.is_available());
        assert_eq!(channel.checkpoint(), None);
    }

    #[test]
    fn a_single_write_is_stored_and_reported_as_a_change() {
        let mut channel = LastValue::new(None);
        assert_eq!(channel.update(vec![json!(1)]), Ok(true));
        assert_eq!(channel.get().as_deref(), Some(&json!(1)));
        assert_eq!(channel.update(vec![json!("two")]), Ok(true));
        assert_eq!(channel.get().as_deref(), Some(&json!("two")));
    }

    #[test]
    fn a_last_value_written_twice_in_one_step_is_an_error() {
        let mut channel = LastValue::new(Some(Arc::new(json!(0))));
        let result = channel.update(vec![json!(1), json!(2)]);
        assert_eq!(result, Err(ChannelError::ConcurrentUpdate));
        assert_eq!(channel.get().as_deref(), Some(&json!(0)));
    }

    #[test]
    fn an_unchanged_channel_returns_the_same_arc() {
        let mut channel = LastValue::new(None);
        channel.update(vec![json!({"a": 1})]).unwrap();
        let before = channel.get().unwrap();
        assert_eq!(channel.update(vec![]), Ok(false));
        assert!(Arc::ptr_eq(&before, &channel.get().unwrap()));
    }

    #[test]
    fn a_channel_restored_from_its_checkpoint_has_the_same_value() {
        let mut channel = LastValue::new(None);
        channel.update(vec![json!([1, 2])]).unwrap();
        let restored = ChannelSpec::LastValue.create(channel.checkpoint()).unwrap();
        assert_eq!(restored.get(), channel.get());
    }

    #[test]
    fn a_clone_is_independent() {
        let mut channel = LastValue::new(Some(Arc::new(json!(1))));
        let copy = channel.clone_box();
        channel.update(vec![json!(2)]).unwrap();
        assert_eq!(copy.get().as_deref(), Some(&json!(1)));
    }
}
