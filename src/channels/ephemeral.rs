//! `EphemeralValue`: a value that lives for exactly one superstep.
//!
//! Used for edge triggers (`branch:to:<node>`) and other signals that must fire once: the step
//! after a write, the loop's empty update clears it again.

use std::sync::Arc;

use serde_json::Value;

use super::{Channel, ChannelError};

/// Holds the value written in the previous step, if any.
#[derive(Clone, Debug)]
pub struct EphemeralValue {
    /// Refuse several writes in one step instead of silently keeping the last.
    guard: bool,
    value: Option<Arc<Value>>,
}

impl EphemeralValue {
    /// A channel holding `saved` (a previous `checkpoint()`), or empty.
    pub fn new(guard: bool, saved: Option<Arc<Value>>) -> Self {
        EphemeralValue { guard, value: saved }
    }
}

impl Channel for EphemeralValue {
    fn get(&self) -> Option<Arc<Value>> {
        self.value.clone()
    }

    fn update(&mut self, values: Vec<Value>) -> Result<bool, ChannelError> {
        if self.guard && values.len() > 1 {
            return Err(ChannelError::ConcurrentUpdate);
        }
        match values.into_iter().last() {
            Some(value) => {
                self.value = Some(Arc::new(value));
                Ok(true)
            }
            // A step passed without a write: the value expires.
            None => Ok(self.value.take().is_some()),
        }
    }

    fn expires(&self) -> bool {
        true
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
    fn an_ephemeral_value_is_gone_after_an_empty_update() {
        let mut channel = EphemeralValue::new(true, None);
        assert_eq!(channel.update(vec![json!("go")]), Ok(true));
        assert_eq!(channel.get().as_deref(), Some(&json!("go")));
        assert_eq!(channel.update(vec![]), Ok(true));
        assert_eq!(channel.get(), None);
        assert_eq!(channel.checkpoint(), None);
    }

    #[test]
    fn an_empty_update_of_an_empty_channel_changes_nothing() {
        let mut channel = EphemeralValue::new(true, None);
        assert_eq!(channel.update(vec![]), Ok(false));
        assert!(!channel.is_available());
    }

    #[test]
    fn a_guarded_channel_refuses_two_writes_in_one_step() {
        let mut channel = EphemeralValue::new(true, Some(Arc::new(json!(0))));
        let result = channel.update(vec![json!(1), json!(2)]);
        assert_eq!(result, Err(ChannelError::ConcurrentUpdate));
        assert_eq!(channel.get().as_deref(), Some(&json!(0)));
    }

    #[test]
    fn an_unguarded_channel_keeps_the_last_of_several_writes() {
        let mut channel = EphemeralValue::new(false, None);
        assert_eq!(channel.update(vec![json!(1), json!(2)]), Ok(true));
        assert_eq!(channel.get().as_deref(), Some(&json!(2)));
    }

    #[test]
    fn an_unchanged_channel_returns_the_same_arc() {
        let channel = EphemeralValue::new(true, Some(Arc::new(json!({"x": 1}))));
        assert!(Arc::ptr_eq(&channel.get().unwrap(), &channel.get().unwrap()));
    }

    #[test]
    fn a_channel_restored_from_its_checkpoint_has_the_same_value() {
        let mut channel = EphemeralValue::new(false, None);
        channel.update(vec![json!(null)]).unwrap();
        let spec = ChannelSpec::Ephemeral { guard: false };
        let restored = spec.create(channel.checkpoint()).unwrap();
        assert_eq!(restored.get().as_deref(), Some(&Value::Null));
    }
}
